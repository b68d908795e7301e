"""The anonymisation log: what kind of personal data went, when, how many and why."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('samskabelse', '0004_cache_table'),
    ]

    operations = [
        migrations.CreateModel(
            name='AnonymisationLog',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('registrations', 'Registrations for theme days'), ('subscribers', 'Newsletter subscriptions'), ('people', 'People in the networks'), ('webhook_deliveries', 'Webhook deliveries')], max_length=30, verbose_name='kind of data')),
                ('reason', models.CharField(choices=[('retention', 'Retention period over'), ('my_data', 'Mine data request'), ('unsubscribed', 'Unsubscribed by the subscriber'), ('staff', 'Removed by staff')], max_length=30, verbose_name='reason')),
                ('count', models.PositiveIntegerField(verbose_name='how many')),
                ('anonymised_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='anonymised')),
            ],
            options={
                'verbose_name': 'anonymisation log entry',
                'verbose_name_plural': 'anonymisation log',
                'ordering': ['-anonymised_at', '-pk'],
                'indexes': [models.Index(fields=['-anonymised_at'], name='anonymisation_log_newest_idx')],
            },
        ),
    ]
