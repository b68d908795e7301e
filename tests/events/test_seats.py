"""Never more confirmed than capacity: many processes register at the same moment against
a real database (a fresh SQLite file, or a fresh PostgreSQL database when the suite runs
on PostgreSQL), and the counts must come out exact."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh_database_url(tmp_path):
    """A database of its own: the probe's processes commit for real."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'burst.sqlite3'}"
        return
    import psycopg2

    settings = connection.settings_dict
    name = f"samskabelse_burst_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(
        dbname="postgres",
        user=settings["USER"],
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    user = settings["USER"]
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    yield f"postgres://{user}@{host}:{port}/{name}"
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def burst(database_url, *args):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "1",
        "EMAIL_URL": "dummymail://",
    }
    env.pop("REDIS_URL", None)  # eager Celery: mails are rendered in-process, not queued
    result = subprocess.run(
        [sys.executable, "-m", "tests.events.concurrency_probe", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_burst_of_registrations_never_overbooks_and_waitlists_the_rest(fresh_database_url):
    outcome = burst(fresh_database_url, "--processes", "8", "--each", "25", "--capacity", "50")
    unique_people = 8 * 25 + 1  # plus the one address every process tries
    assert outcome["confirmed"] == 50
    assert outcome["waitlisted"] == unique_people - 50
    assert outcome["outcomes"].get("duplicate") == 7
    assert outcome["shared_email_rows"] == 1
    assert not any(key.startswith("error") for key in outcome["outcomes"]), outcome
    assert outcome["seats_before_waitlist"], "a later arrival got a seat before an earlier one"


def test_a_burst_without_waiting_list_fills_exactly_and_refuses_the_rest(fresh_database_url):
    outcome = burst(
        fresh_database_url, "--processes", "6", "--each", "10", "--capacity", "7", "--no-waitlist"
    )
    assert outcome["confirmed"] == 7
    assert outcome["waitlisted"] == 0
    refused = outcome["outcomes"]["full"] + outcome["outcomes"].get("duplicate", 0)
    assert refused == outcome["attempts"] - 7 == 6 * 11 - 7
    assert not any(key.startswith("error") for key in outcome["outcomes"]), outcome


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_registration_waits_while_another_holds_the_occurrence_lock():
    """The seat count and the insert happen under the occurrence's row lock: a second
    registration cannot read the count until the first has committed."""
    import threading
    import time

    from django.db import connections, transaction

    from events import services
    from events.models import Occurrence
    from samskabelse.locking import lock_row
    from tests.factories import OccurrenceFactory

    occurrence = OccurrenceFactory(capacity=1)
    locked, release, finished_at = threading.Event(), threading.Event(), {}

    def hold_the_lock():
        with transaction.atomic():
            lock_row(Occurrence, occurrence.pk)
            locked.set()
            release.wait(timeout=10)
            finished_at["holder"] = time.monotonic()
        connections.close_all()

    def register():
        services.register_participant(
            occurrence=occurrence, name="Anna", email="anna@kommune.dk", consent=True
        )
        finished_at["registration"] = time.monotonic()
        connections.close_all()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    assert locked.wait(timeout=10)
    registrant = threading.Thread(target=register)
    registrant.start()
    time.sleep(0.5)
    assert "registration" not in finished_at, "registered while the lock was held"
    release.set()
    holder.join(timeout=10)
    registrant.join(timeout=10)
    assert finished_at["registration"] >= finished_at["holder"]
