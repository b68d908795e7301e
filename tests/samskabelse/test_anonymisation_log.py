"""The anonymisation log: every service that anonymises or deletes personal data (the
retention jobs, a Mine data erasure, unsubscribing, staff removing a person) writes what
kind, when, how many and why in its own transaction, never who or whose; a run that finds
nothing writes nothing; the admin shows the log read-only."""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from events import services as events_services
from events.models import Registration, RegistrationStatus, Subscriber
from events.privacy import services as privacy_services
from events.services import retention
from network import services as network_services
from samskabelse.models import AnonymisationLog, AnonymisationReason, AnonymisedData
from samskabelse.services import record_anonymisation
from tests.admin_forms import act, add_url, change_url, changelist_url
from tests.events.test_pages import da
from tests.factories import (
    OccurrenceFactory,
    PersonFactory,
    RegistrationFactory,
    UserFactory,
    admin_user,
    consultant,
    organiser,
)
from webhooks import services as webhook_services
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db

EMAIL = "mette@guldborgsund.dk"
NAME = "Mette Hansen"


def long_ago(days=200):
    moment = timezone.now() - timedelta(days=days)
    return OccurrenceFactory(starts_at=moment - timedelta(hours=6), ends_at=moment)


def entries():
    return list(AnonymisationLog.objects.values_list("kind", "reason", "count"))


def assert_says_nothing_of(*personal):
    """No field of any entry holds a name, an address or an id of a person."""
    for entry in AnonymisationLog.objects.all():
        values = [str(getattr(entry, field.attname)) for field in entry._meta.fields]
        for value in values:
            for secret in personal:
                assert str(secret).lower() not in value.lower(), (value, secret)


def delivery_mentioning(email, created_at=None):
    endpoint = Endpoint.objects.create(owner=organiser(), url="https://hooks.example.dk/in")
    return Delivery.objects.create(
        endpoint=endpoint,
        event_id="msg_1",
        type="registration.confirmed",
        body=f'{{"email": "{email}"}}',
        created_at=created_at or timezone.now(),
    )


# --- what writes the log ----------------------------------------------------------------


def test_the_log_has_no_field_that_could_say_who():
    fields = {field.name for field in AnonymisationLog._meta.get_fields()}
    assert fields == {"id", "kind", "reason", "count", "anonymised_at"}


def test_the_retention_job_logs_how_many_registrations_went_and_nothing_of_whom():
    occurrence = long_ago()
    mette = RegistrationFactory(occurrence=occurrence, name=NAME, email=EMAIL, needs="Vegetar")
    RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.ATTENDED)
    RegistrationFactory()  # a date ahead: kept
    now = timezone.now()

    assert events_services.anonymise_registrations(older_than_days=90, now=now) == 3

    [entry] = AnonymisationLog.objects.all()
    assert (entry.kind, entry.reason, entry.count, entry.anonymised_at) == (
        AnonymisedData.REGISTRATIONS,
        AnonymisationReason.RETENTION,
        3,
        now,
    )
    mette.refresh_from_db()
    assert mette.anonymised_at == entry.anonymised_at
    assert_says_nothing_of(EMAIL, NAME, "Vegetar", "Mette", "guldborgsund")


def test_a_run_that_anonymises_nothing_writes_nothing():
    RegistrationFactory()  # ahead
    RegistrationFactory(occurrence=long_ago(), anonymised_at=timezone.now())  # already done
    assert events_services.anonymise_registrations(older_than_days=90) == 0
    assert entries() == []


def test_a_second_run_logs_only_what_it_anonymised():
    RegistrationFactory(occurrence=long_ago())
    events_services.anonymise_registrations(older_than_days=90)
    RegistrationFactory.create_batch(2, occurrence=long_ago(days=300))
    events_services.anonymise_registrations(older_than_days=90)
    events_services.anonymise_registrations(older_than_days=90)
    assert entries() == [("registrations", "retention", 2), ("registrations", "retention", 1)]


def test_erasing_my_data_logs_each_kind_it_erased():
    RegistrationFactory(email=EMAIL, name=NAME)  # ahead: cancelled and anonymised
    RegistrationFactory(occurrence=long_ago(days=10), email=EMAIL, name=NAME)
    RegistrationFactory(email="bo@holbaek.dk")  # someone else's
    Subscriber.objects.create(email=EMAIL, consent_version="2026-11")
    delivery_mentioning(EMAIL)

    erasure = privacy_services.erase_personal_data(email=EMAIL)

    assert erasure.registrations_anonymised == 2
    assert sorted(entries()) == [
        ("registrations", "my_data", 2),
        ("subscribers", "my_data", 1),
        ("webhook_deliveries", "my_data", 1),
    ]
    assert_says_nothing_of(EMAIL, NAME, "bo@holbaek.dk")


def test_erasing_an_address_we_hold_nothing_about_writes_nothing():
    RegistrationFactory(email="bo@holbaek.dk")
    privacy_services.erase_personal_data(email=EMAIL)
    assert entries() == []


def test_a_rolled_back_erasure_writes_no_log_entry(monkeypatch):
    registration = RegistrationFactory(email=EMAIL, name=NAME)
    Subscriber.objects.create(email=EMAIL, consent_version="2026-11")
    real = privacy_services.record_anonymisation

    def fails_on_the_last_kind(*, kind, **fields):
        real(kind=kind, **fields)  # the entries before it are written ...
        if kind == AnonymisedData.WEBHOOK_DELIVERIES:
            raise RuntimeError("the database went away")

    monkeypatch.setattr(privacy_services, "record_anonymisation", fails_on_the_last_kind)
    with pytest.raises(RuntimeError):
        privacy_services.erase_personal_data(email=EMAIL)

    assert entries() == []  # ... and rolled back with the erasure
    registration.refresh_from_db()
    assert (registration.name, registration.anonymised_at) == (NAME, None)
    assert Subscriber.objects.filter(email=EMAIL).exists()


def test_a_rolled_back_retention_run_writes_no_log_entry(monkeypatch):
    registration = RegistrationFactory(occurrence=long_ago(), name=NAME)

    def log_then_fail(**fields):
        record_anonymisation(**fields)
        raise RuntimeError("the worker was killed")

    monkeypatch.setattr(retention, "record_anonymisation", log_then_fail)
    with pytest.raises(RuntimeError):
        events_services.anonymise_registrations(older_than_days=90)

    assert entries() == []
    registration.refresh_from_db()
    assert registration.anonymised_at is None


def test_removing_a_person_is_logged_once_without_saying_who():
    person = PersonFactory(name="Lise Madsen", email="lise@holbaek.dk")
    slug = person.slug
    network_services.remove_person(user=consultant(), person=person)
    network_services.remove_person(user=consultant(), person=person)
    assert entries() == [("people", "staff", 1)]
    assert_says_nothing_of("Lise", "lise@holbaek.dk", "holbaek", slug)


def test_refused_removal_writes_nothing():
    person = PersonFactory()
    with pytest.raises(Exception):  # noqa: B017 - the service's PermissionDenied
        network_services.remove_person(user=UserFactory(), person=person)
    assert entries() == []


def test_unsubscribing_by_the_link_is_logged_once(client):
    subscriber = Subscriber.objects.create(
        email=EMAIL, consent_version="2026-11", confirmed_at=timezone.now()
    )
    url = reverse("events:newsletter_unsubscribe", args=[subscriber.token])
    client.post(url)
    client.post(url)
    assert entries() == [("subscribers", "unsubscribed", 1)]
    assert_says_nothing_of(EMAIL, subscriber.token)


def test_unsubscribing_in_the_admin_is_logged_as_staffs(superuser_client):
    subscribers = [
        Subscriber.objects.create(email=f"abonnent{number}@kommune.dk", consent_version="2026-11")
        for number in range(3)
    ]
    act(superuser_client, Subscriber, "unsubscribe", subscribers[:2])
    assert entries() == [("subscribers", "staff", 1), ("subscribers", "staff", 1)]


def test_the_webhook_retention_job_logs_the_deliveries_it_deleted():
    delivery_mentioning(EMAIL, created_at=timezone.now() - timedelta(days=31))
    assert webhook_services.delete_old_deliveries(older_than_days=30) == 1
    assert webhook_services.delete_old_deliveries(older_than_days=30) == 0
    assert entries() == [("webhook_deliveries", "retention", 1)]


@pytest.mark.django_db(transaction=True)
def test_the_log_is_written_only_inside_the_anonymising_transaction():
    assert not connection.in_atomic_block
    with pytest.raises(RuntimeError):
        record_anonymisation(
            kind=AnonymisedData.REGISTRATIONS, reason=AnonymisationReason.RETENTION, count=1
        )
    with transaction.atomic():
        record_anonymisation(
            kind=AnonymisedData.REGISTRATIONS, reason=AnonymisationReason.RETENTION, count=1
        )
    assert entries() == [("registrations", "retention", 1)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_registration_locked_by_an_erasure_is_left_for_the_next_run_and_counted_once():
    occurrence = long_ago()
    held = RegistrationFactory(occurrence=occurrence, email=EMAIL)
    RegistrationFactory.create_batch(2, occurrence=occurrence)
    locked, release = threading.Event(), threading.Event()

    def hold_the_row():
        with transaction.atomic():
            Registration.objects.select_for_update().get(pk=held.pk)
            locked.set()
            release.wait(timeout=10)
        connections.close_all()

    holder = threading.Thread(target=hold_the_row)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        assert events_services.anonymise_registrations(older_than_days=90) == 2
    finally:
        release.set()
        holder.join(timeout=10)
    assert events_services.anonymise_registrations(older_than_days=90) == 1
    assert privacy_services.erase_personal_data(email=EMAIL).registrations_anonymised == 0
    assert entries() == [("registrations", "retention", 1), ("registrations", "retention", 2)]
    assert sum(count for _kind, _reason, count in entries()) == occurrence.registrations.count()


# --- the admin ----------------------------------------------------------------------------


def logged(kind, reason, count, days_ago):
    return AnonymisationLog.objects.create(
        kind=kind,
        reason=reason,
        count=count,
        anonymised_at=timezone.now() - timedelta(days=days_ago),
    )


def test_the_admin_lists_the_log_newest_first_in_danish(
    superuser_client, django_assert_max_num_queries
):
    old = logged(AnonymisedData.REGISTRATIONS, AnonymisationReason.RETENTION, 17, days_ago=3)
    new = logged(AnonymisedData.SUBSCRIBERS, AnonymisationReason.MY_DATA, 1, days_ago=1)
    for days_ago in range(5, 45):
        logged(AnonymisedData.PEOPLE, AnonymisationReason.STAFF, 1, days_ago=days_ago)

    with django_assert_max_num_queries(12):
        page = superuser_client.get(changelist_url(AnonymisationLog))

    assert page.status_code == 200
    assert list(page.context["cl"].result_list)[:2] == [new, old]
    text = page.content.decode()
    assert "Anonymiseringslog" in text
    for label in ("Mine data request", "Retention period over", "Registrations for theme days"):
        assert da(label) != label and da(label) in text


@pytest.mark.parametrize(
    "query, expected",
    [({"kind": "registrations"}, {17}), ({"reason": "my_data"}, {1}), ({}, {17, 1})],
)
def test_the_admin_filters_by_kind_and_reason(superuser_client, query, expected):
    logged(AnonymisedData.REGISTRATIONS, AnonymisationReason.RETENTION, 17, days_ago=3)
    logged(AnonymisedData.SUBSCRIBERS, AnonymisationReason.MY_DATA, 1, days_ago=1)
    page = superuser_client.get(changelist_url(AnonymisationLog), query)
    assert {entry.count for entry in page.context["cl"].result_list} == expected


def test_nobody_adds_changes_or_deletes_an_entry_in_the_admin(superuser_client):
    entry = logged(AnonymisedData.REGISTRATIONS, AnonymisationReason.RETENTION, 17, days_ago=3)
    delete_url = reverse("admin:samskabelse_anonymisationlog_delete", args=[entry.pk])

    assert superuser_client.get(add_url(AnonymisationLog)).status_code == 403
    assert superuser_client.get(delete_url).status_code == 403
    assert superuser_client.post(delete_url, {"post": "yes"}).status_code == 403
    detail = superuser_client.get(change_url(entry))
    assert detail.status_code == 200  # read only: no save button, no editable field
    assert 'name="_save"' not in detail.content.decode()
    superuser_client.post(change_url(entry), {"count": "0", "kind": "people"})
    act(superuser_client, AnonymisationLog, "delete_selected", [entry])

    entry.refresh_from_db()
    assert (entry.kind, entry.count) == (AnonymisedData.REGISTRATIONS, 17)
    changelist = superuser_client.get(changelist_url(AnonymisationLog)).content.decode()
    assert 'value="delete_selected"' not in changelist


def test_staff_see_the_log_only_with_the_view_permission(client):
    logged(AnonymisedData.REGISTRATIONS, AnonymisationReason.RETENTION, 17, days_ago=3)
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(changelist_url(AnonymisationLog)).status_code == 403

    staff.user_permissions.add(Permission.objects.get(codename="view_anonymisationlog"))
    client.force_login(type(staff).objects.get(pk=staff.pk))
    assert client.get(changelist_url(AnonymisationLog)).status_code == 200
    assert client.get(add_url(AnonymisationLog)).status_code == 403


def test_an_admin_reaches_the_log_from_the_admin_index(client):
    client.force_login(admin_user())
    index = client.get(reverse("admin:index")).content.decode()
    assert changelist_url(AnonymisationLog) in index


def test_the_privacy_page_tells_citizens_about_the_log(client):
    page = client.get(reverse("privacy")).content.decode()
    assert "men aldrig hvis" in page
