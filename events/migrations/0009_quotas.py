"""Fair seats between municipalities: an occurrence may cap the seats per municipality or
region until some days before, and a waiting registration records why it waits.

events_register() gets two more arguments: the "no quota" scope, so an occurrence with a
quota answers `step_by_step` (the quota rule is written once, in Python, under the same
lock), and the reason `full` it writes on a waiting registration. Waiting registrations
made before wait because the date was full."""

import importlib

from django.db import migrations, models

GROUPS = importlib.import_module("events.migrations.0008_groups")
OLD_SIGNATURE = (
    "bigint, text, text, text, bigint, text, text, text, text, text, timestamptz, text, "
    "text, text, text[], text[], text, text, text"
)

CHANGES = [
    (
        "    p_handler text\n) RETURNS",
        "    p_handler text,\n    p_no_quota text,\n    p_reason_full text\n) RETURNS",
    ),
    (
        "o.fill_free_seats_with_smaller, e.status AS event_status",
        "o.fill_free_seats_with_smaller, o.quota_scope, e.status AS event_status",
    ),
    (
        """    SELECT r.id INTO new_id FROM events_registration r""",
        """    IF occ.quota_scope <> p_no_quota THEN
        RETURN QUERY SELECT 'step_by_step'::text, NULL::bigint, NULL::integer, NULL::bigint;
        RETURN;
    END IF;
    SELECT r.id INTO new_id FROM events_registration r""",
    ),
    (
        "consent_at, consent_version, status, manage_token, source, created_at, updated_at)",
        "consent_at, consent_version, status, manage_token, source, created_at, updated_at,\n"
        "        waitlist_reason)",
    ),
    (
        "p_now, p_consent_version, new_status, p_token, p_source, p_now, p_now)",
        "p_now, p_consent_version, new_status, p_token, p_source, p_now, p_now,\n"
        "        CASE WHEN new_status = p_waitlisted THEN p_reason_full ELSE '' END)",
    ),
]


def with_quotas(sql):
    for old, new in CHANGES:
        assert sql.count(old) == 1, old
        sql = sql.replace(old, new)
    return sql


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS events_register({OLD_SIGNATURE});")
        schema_editor.execute(with_quotas(GROUPS.with_groups(GROUPS.ORIGINAL)))
    Registration = apps.get_model("events", "Registration")
    Registration.objects.filter(status="waitlisted").update(waitlist_reason="full")


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"DROP FUNCTION IF EXISTS events_register({OLD_SIGNATURE}, text, text);"
        )
        schema_editor.execute(GROUPS.with_groups(GROUPS.ORIGINAL))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0008_groups"),
    ]

    operations = [
        migrations.AddField(
            model_name="occurrence",
            name="quota_per_unit",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="seats per municipality or region"
            ),
        ),
        migrations.AddField(
            model_name="occurrence",
            name="quota_release_days_before",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="From midnight (Danish time) this many days before the date, the quota ends and the waiting list gets the free seats in arrival order. Empty: until the start.",
                null=True,
                verbose_name="free for all this many days before",
            ),
        ),
        migrations.AddField(
            model_name="occurrence",
            name="quota_released_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="quota released"),
        ),
        migrations.AddField(
            model_name="occurrence",
            name="quota_scope",
            field=models.CharField(
                choices=[
                    ("none", "No quota"),
                    ("municipality", "Per municipality"),
                    ("region", "Per region"),
                ],
                default="none",
                help_text="Cap the seats each municipality (or region) can take.",
                max_length=20,
                verbose_name="fair seats",
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="waitlist_reason",
            field=models.CharField(
                blank=True,
                choices=[("full", "All seats are taken"), ("quota", "The quota is used")],
                db_default="",
                default="",
                max_length=10,
                verbose_name="why on the waiting list",
            ),
        ),
        migrations.RunPython(create, restore, elidable=False),
    ]
