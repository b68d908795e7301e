"""Never more confirmed than capacity: many processes register at the same moment against
a real database (a fresh SQLite file, or a fresh PostgreSQL database when the suite runs
on PostgreSQL), and the counts must come out exact."""

import pytest
from django.db import connection

from tests.burst import run_probe


def burst(database_url, *args):
    return run_probe("tests.events.concurrency_probe", database_url, *args)


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
