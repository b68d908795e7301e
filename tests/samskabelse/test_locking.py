"""A lock that another transaction holds too long becomes `Busy` (503, "try again in a
moment") after one more try, never a 500 and never a half-done write."""

import contextlib
import threading
import time

import pytest
from django.db import OperationalError, connection

from events import services as event_services
from events.models import Occurrence, Registration
from network import services as network_services
from network.models import Network
from samskabelse import locking
from samskabelse.api.exceptions import exception_handler
from samskabelse.exceptions import Busy
from tests.events.test_api import citizen, registrations, writer
from tests.events.test_pages import da, register
from tests.factories import NetworkFactory, OccurrenceFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a row lock held by another connection"
)
SHORT_LOCK_TIMEOUT_MS = 100
BUSY = "Many people are doing this right now. Please try again in a moment."


@pytest.fixture
def short_lock_timeout(monkeypatch):
    monkeypatch.setattr(locking, "LOCK_TIMEOUT_MS", SHORT_LOCK_TIMEOUT_MS)


@contextlib.contextmanager
def row_locked_elsewhere(model, pk, *, for_seconds=None):
    """Another connection (another web process, say) holds the row lock until the block
    ends, or for `for_seconds` only."""
    import psycopg2
    from psycopg2 import sql

    settings = connection.settings_dict
    other = psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
    )
    with other.cursor() as cursor:
        table = sql.Identifier(model._meta.db_table)
        cursor.execute(sql.SQL("SELECT 1 FROM {} WHERE id = %s FOR UPDATE").format(table), [pk])
    timer = threading.Timer(for_seconds, other.rollback) if for_seconds else None
    if timer:
        timer.start()
    try:
        yield
    finally:
        if timer:
            timer.join()
        other.rollback()
        other.close()


def register_anna(occurrence):
    return event_services.register_participant(
        occurrence=occurrence, name="Anna", email="anna@kommune.dk", consent=True
    )


def test_lock_timeouts_are_told_apart_from_other_database_errors():
    assert locking.is_lock_timeout(OperationalError("database is locked"))
    assert not locking.is_lock_timeout(OperationalError("server closed the connection"))


def test_api_answers_busy_with_503_retry_after_in_drf_shape():
    response = exception_handler(Busy(), {})
    assert response.status_code == 503
    assert response["Retry-After"] == str(Busy.retry_after_seconds)
    assert response.data == {"detail": da(BUSY), "code": "busy"}


def test_api_answers_sqlite_database_is_locked_as_busy():
    response = exception_handler(OperationalError("database is locked"), {})
    assert response.status_code == 503
    assert response.data["code"] == "busy"
    assert "Retry-After" in response


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_seat_lock_held_too_long_is_busy_after_one_retry_and_stores_nothing(
    short_lock_timeout,
):
    occurrence = OccurrenceFactory(capacity=5)
    started = time.monotonic()
    with row_locked_elsewhere(Occurrence, occurrence.pk), pytest.raises(Busy):
        register_anna(occurrence)
    waited = time.monotonic() - started
    assert waited >= 2 * SHORT_LOCK_TIMEOUT_MS / 1000, "gave up without trying again"
    assert waited < 2, "waited for the connection's or server's timeout, not ours"
    assert not Registration.objects.exists()
    # The connection is usable again: the failed lock did not poison it.
    assert register_anna(occurrence).status == "confirmed"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_lock_freed_during_the_first_wait_is_taken_on_the_retry(short_lock_timeout):
    occurrence = OccurrenceFactory(capacity=5)
    with row_locked_elsewhere(Occurrence, occurrence.pk, for_seconds=0.15):
        registration = register_anna(occurrence)
    assert registration.status == "confirmed"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_lock_timeout_is_set_by_the_lock_module_for_the_transaction():
    from django.db import transaction

    occurrence = OccurrenceFactory()
    with transaction.atomic():
        locking.lock_row(Occurrence, occurrence.pk)
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('lock_timeout')::interval")
            assert cursor.fetchone()[0].total_seconds() * 1000 == locking.LOCK_TIMEOUT_MS


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_api_registration_while_the_seats_are_locked_answers_503_with_retry_after(
    short_lock_timeout, api_client
):
    occurrence = OccurrenceFactory(capacity=5)
    with row_locked_elsewhere(Occurrence, occurrence.pk):
        response = api_client.post(registrations(occurrence), citizen(), format="json", **writer())
    assert response.status_code == 503
    assert response.json()["code"] == "busy"
    assert int(response["Retry-After"]) > 0
    assert not Registration.objects.exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_page_registration_while_the_seats_are_locked_shows_try_again_on_the_form(
    short_lock_timeout, client
):
    occurrence = OccurrenceFactory(capacity=5)
    with row_locked_elsewhere(Occurrence, occurrence.pk):
        # No municipality: a transactional test starts without the migrated ones.
        response = register(client, occurrence, municipality=None)
    assert response.status_code == 503
    assert da(BUSY) in response.content.decode()
    assert "form-errors" in response.content.decode()
    assert not Registration.objects.exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_membership_request_while_the_network_is_locked_is_busy(short_lock_timeout):
    network = NetworkFactory()
    with row_locked_elsewhere(Network, network.pk), pytest.raises(Busy):
        network_services.request_membership(
            network=network, name="Bo", email="bo@kommune.dk", consent=True
        )
