"""The transactional outbox (samskabelse/outbox.py): side effects written in the same
transaction as the change they belong to, relayed to Celery after the commit."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("samskabelse", "0002_load_municipalities_and_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="OutboxMessage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("handler", models.CharField(max_length=100, verbose_name="handler")),
                ("payload", models.JSONField(default=dict, verbose_name="payload")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="created"
                    ),
                ),
                (
                    "available_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="next attempt"
                    ),
                ),
                (
                    "dispatched_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="dispatched"),
                ),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                (
                    "last_error",
                    models.CharField(blank=True, max_length=200, verbose_name="last error"),
                ),
                ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="done")),
            ],
            options={
                "verbose_name": "outbox message",
                "verbose_name_plural": "outbox messages",
                "ordering": ["-created_at"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("done_at__isnull", True)),
                        fields=["available_at"],
                        name="outbox_pending_idx",
                    ),
                    models.Index(
                        condition=models.Q(("done_at__isnull", False)),
                        fields=["done_at"],
                        name="outbox_done_idx",
                    ),
                ],
            },
        ),
    ]
