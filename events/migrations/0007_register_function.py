"""events_register(): a registration as one statement on PostgreSQL.

The occurrence's row lock, the open-window check, the one-per-email check, the seat and
waiting counts, the insert of the registration and of its confirmation mail's outbox row
run in one round trip, so the lock is held for the time the database needs and not for
the network and Python between five statements. The rules' values (which statuses hold a
seat, which are active, the published event status) come from Python as arguments, so
they stay written once in events/models.py; events/services.py calls this and keeps the
ORM version of the same steps for SQLite."""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION events_register(
    p_occurrence bigint,
    p_name text,
    p_email text,
    p_organisation text,
    p_municipality bigint,
    p_job_title text,
    p_needs text,
    p_consent_version text,
    p_source text,
    p_token text,
    p_now timestamptz,
    p_lock_timeout text,
    p_published text,
    p_planned text,
    p_seat_statuses text[],
    p_active_statuses text[],
    p_confirmed text,
    p_waitlisted text,
    p_handler text
) RETURNS TABLE (outcome text, registration_id bigint, waitlist_position integer,
                 message_id bigint)
LANGUAGE plpgsql AS $$
DECLARE
    occ record;
    seats integer;
    new_status text;
    v_position integer;
    new_id bigint;
    new_message bigint;
BEGIN
    PERFORM set_config('lock_timeout', p_lock_timeout, true);
    SELECT o.capacity, o.waitlist_enabled, o.status, o.starts_at, o.registration_opens_at,
           o.registration_closes_at, e.status AS event_status
      INTO occ
      FROM events_occurrence o JOIN events_event e ON e.id = o.event_id
     WHERE o.id = p_occurrence
       FOR NO KEY UPDATE OF o;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'missing'::text, NULL::bigint, NULL::integer, NULL::bigint;
        RETURN;
    END IF;
    IF occ.event_status <> p_published THEN
        RETURN QUERY SELECT 'unpublished'::text, NULL::bigint, NULL::integer, NULL::bigint;
        RETURN;
    END IF;
    IF occ.status <> p_planned
       OR (occ.registration_opens_at IS NOT NULL AND p_now < occ.registration_opens_at)
       OR (occ.registration_closes_at IS NOT NULL AND p_now >= occ.registration_closes_at)
       OR p_now >= occ.starts_at THEN
        RETURN QUERY SELECT 'closed'::text, NULL::bigint, NULL::integer, NULL::bigint;
        RETURN;
    END IF;
    SELECT r.id INTO new_id FROM events_registration r
     WHERE r.occurrence_id = p_occurrence AND r.email = p_email
       AND r.status = ANY (p_active_statuses)
     LIMIT 1;
    IF FOUND THEN
        RETURN QUERY SELECT 'duplicate'::text, new_id, NULL::integer, NULL::bigint;
        RETURN;
    END IF;
    SELECT count(*) INTO seats FROM events_registration r
     WHERE r.occurrence_id = p_occurrence AND r.status = ANY (p_seat_statuses);
    IF seats < occ.capacity THEN
        new_status := p_confirmed;
    ELSIF occ.waitlist_enabled THEN
        new_status := p_waitlisted;
        SELECT count(*) + 1 INTO v_position FROM events_registration r
         WHERE r.occurrence_id = p_occurrence AND r.status = p_waitlisted;
    ELSE
        RETURN QUERY SELECT 'full'::text, NULL::bigint, NULL::integer, NULL::bigint;
        RETURN;
    END IF;
    INSERT INTO events_registration (
        occurrence_id, name, email, organisation, municipality_id, job_title, needs,
        consent_at, consent_version, status, manage_token, source, created_at, updated_at)
    VALUES (
        p_occurrence, p_name, p_email, p_organisation, p_municipality, p_job_title, p_needs,
        p_now, p_consent_version, new_status, p_token, p_source, p_now, p_now)
    RETURNING id INTO new_id;
    INSERT INTO samskabelse_outboxmessage (
        handler, payload, created_at, available_at, dispatched_at, attempts, last_error)
    VALUES (
        p_handler, jsonb_build_object('registration_id', new_id, 'kind', 'confirmation'),
        p_now, p_now, p_now, 0, '')
    RETURNING id INTO new_message;
    RETURN QUERY SELECT new_status, new_id, v_position, new_message;
END;
$$;
"""

DROP = "DROP FUNCTION IF EXISTS events_register(bigint, text, text, text, bigint, text, text, text, text, text, timestamptz, text, text, text, text[], text[], text, text, text);"  # noqa: E501


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_sentmessage_organiser_message_log"),
        ("samskabelse", "0004_cache_table"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
