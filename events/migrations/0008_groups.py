"""Group registration: a colleague registered with a group points to its registrant, and
an occurrence may let smaller registrations fill seats a waiting group cannot use.

events_register() (0007) learns the group rule for a single registration: with seats
free but an entry waiting, the newcomer waits too unless the occurrence fills free seats
with smaller registrations; and a waiting-list position counts entries (a group is one).
The signature stays, so CREATE OR REPLACE swaps the body; going back restores 0007's."""

import importlib

import django.db.models.deletion
from django.db import migrations, models

ORIGINAL = importlib.import_module("events.migrations.0007_register_function").CREATE

CHANGES = [
    (
        "o.registration_closes_at, e.status AS event_status",
        "o.registration_closes_at, o.fill_free_seats_with_smaller, e.status AS event_status",
    ),
    (
        "IF seats < occ.capacity THEN",
        """IF seats < occ.capacity AND (occ.fill_free_seats_with_smaller OR NOT EXISTS (
           SELECT 1 FROM events_registration w
            WHERE w.occurrence_id = p_occurrence AND w.status = p_waitlisted)) THEN""",
    ),
    (
        "SELECT count(*) + 1 INTO v_position",
        "SELECT count(DISTINCT coalesce(r.registered_by_id, r.id)) + 1 INTO v_position",
    ),
]


def with_groups(sql):
    for old, new in CHANGES:
        assert sql.count(old) == 1, old
        sql = sql.replace(old, new)
    return sql


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(with_groups(ORIGINAL))


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ORIGINAL)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0007_register_function"),
    ]

    operations = [
        migrations.AddField(
            model_name="occurrence",
            name="fill_free_seats_with_smaller",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "When a group on the waiting list does not fit into the free seats, "
                    "later and smaller registrations may take them. Off: nobody jumps an "
                    "earlier group."
                ),
                verbose_name="fill free seats with smaller registrations",
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="registered_by",
            field=models.ForeignKey(
                blank=True,
                help_text="The registrant of the group this colleague was registered with.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="group_members",
                to="events.registration",
                verbose_name="registered by",
            ),
        ),
        migrations.RunPython(create, restore, elidable=False),
    ]
