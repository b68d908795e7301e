"""Bounded work in the database: PostgreSQL cancels a web request's statement after
DB_STATEMENT_TIMEOUT_MS, exports and Celery workers get the long limit, and a cancelled
statement is recognisable as such (samskabelse/db.py). Real `pg_sleep`, so PostgreSQL only."""

import pytest
from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.urls import reverse

from events import exports
from samskabelse.db import is_statement_timeout, statement_timeout, use_long_statement_timeout
from tests.factories import OccurrenceFactory, RegistrationFactory, organiser

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's"
    ),
]


def current_limit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def sleep(seconds):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(%s)", [seconds])


def lower_the_web_limit_for_this_test(milliseconds=100):
    """The test runs in one transaction: SET LOCAL holds until its end, like the web limit."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = %s", [milliseconds])


def test_web_connections_carry_the_configured_statement_timeout():
    assert settings.DB_STATEMENT_TIMEOUT_MS == 5000
    assert (
        f"statement_timeout={settings.DB_STATEMENT_TIMEOUT_MS}"
        in (settings.DATABASES["default"]["OPTIONS"]["options"])
    )
    assert current_limit() == "5s"


def test_a_query_running_past_the_web_limit_is_cancelled_by_postgresql():
    with pytest.raises(OperationalError) as cancelled, transaction.atomic():
        sleep(5.3)

    assert is_statement_timeout(cancelled.value)
    assert not is_statement_timeout(OperationalError("server closed the connection"))


def test_work_inside_statement_timeout_may_run_longer_and_the_web_limit_returns_after():
    lower_the_web_limit_for_this_test()

    with statement_timeout(2000):
        assert current_limit() == "2s"
        sleep(0.3)
    with pytest.raises(OperationalError) as cancelled, transaction.atomic():
        lower_the_web_limit_for_this_test()
        sleep(0.3)

    assert is_statement_timeout(cancelled.value)


def test_the_participant_export_reads_under_the_long_limit(client, monkeypatch):
    manager = organiser()
    occurrence = OccurrenceFactory()
    occurrence.event.managers.add(manager)
    RegistrationFactory(occurrence=occurrence)
    client.force_login(manager)
    slow_csv = exports.as_csv

    def as_csv(registrations):
        sleep(0.3)  # past the lowered web limit
        return slow_csv(registrations)

    monkeypatch.setattr(exports, "as_csv", as_csv)
    lower_the_web_limit_for_this_test()

    response = client.get(reverse("events:organiser_export", args=[occurrence.pk, "csv"]))

    assert response.status_code == 200


def test_a_celery_worker_process_gives_its_connections_the_long_limit():
    from django.db.backends.signals import connection_created

    try:
        use_long_statement_timeout()
        assert current_limit() == "1min"  # DB_LONG_STATEMENT_TIMEOUT_MS, the open connection
    finally:
        connection_created.disconnect(dispatch_uid="long-statement-timeout")


def test_a_page_whose_query_is_cancelled_answers_503_with_retry_after(client, monkeypatch):
    """The 503 itself comes from the middleware that answers database outages
    (samskabelse/outages.py, from the degrade work); until it is there, this waits."""
    pytest.importorskip("samskabelse.outages", reason="the outage middleware answers the 503")
    from network import people_views

    def slow_search(**arguments):
        sleep(0.3)  # past the lowered web limit

    monkeypatch.setattr(people_views, "find_people", slow_search)
    lower_the_web_limit_for_this_test()

    response = client.get("/networks/people/", {"q": "Tuse"})

    assert response.status_code == 503
    assert response["Retry-After"]
