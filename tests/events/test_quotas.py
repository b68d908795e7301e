"""Fair seats between municipalities (issue 13): a quota caps each municipality's (or
region's) seats until its release moment, local midnight Europe/Copenhagen at the start of
the day `quota_release_days_before` days before the date's local day; then a beat task
gives the free seats to the waiting list in arrival order."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from events import services, tasks
from events.models import Occurrence, QuotaScope, Registration, RegistrationStatus
from tests.factories import OccurrenceFactory, municipality, organiser

pytestmark = pytest.mark.django_db
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
CONFIRMED, WAITLISTED = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED


def quota_day(**fields):
    """Four seats, at most two per municipality until 14 days before."""
    defaults = {
        "capacity": 4,
        "quota_scope": QuotaScope.MUNICIPALITY,
        "quota_per_unit": 2,
        "quota_release_days_before": 14,
    }
    return OccurrenceFactory(**(defaults | fields))


def register(occurrence, email, code="376", members=()):
    return services.register_participant(
        occurrence=occurrence,
        name=email.split("@")[0].title(),
        email=email,
        consent=True,
        municipality=municipality(code) if code else None,
        members=list(members),
    )


def release_time_comes(occurrence):
    """The clock reaches the release moment: the occurrence (in three weeks) now releases
    its quota 25 days before, a moment just passed."""
    Occurrence.objects.filter(pk=occurrence.pk).update(quota_release_days_before=25)
    occurrence.refresh_from_db()


def status(registration):
    return Registration.objects.get(pk=registration.pk).status


def test_a_municipality_at_its_cap_waits_with_the_quota_as_reason():
    occurrence = quota_day()
    register(occurrence, "a@guldborgsund.dk")
    register(occurrence, "b@guldborgsund.dk")
    third = register(occurrence, "c@guldborgsund.dk")
    assert third.status == WAITLISTED
    assert third.waitlist_reason == "quota"
    text = services.waitlist_reason_text(Registration.objects.get(pk=third.pk))
    assert "2" in text and "14" in text


def test_another_municipality_still_gets_a_seat_past_those_waiting_for_the_quota():
    occurrence = quota_day()
    for letter in "abc":
        register(occurrence, f"{letter}@guldborgsund.dk")
    herlev = register(occurrence, "d@herlev.dk", code="163")
    assert herlev.status == CONFIRMED


def test_no_municipality_is_a_bucket_of_its_own_and_capped_too():
    occurrence = quota_day()
    register(occurrence, "a@example.dk", code=None)
    register(occurrence, "b@example.dk", code=None)
    assert register(occurrence, "c@example.dk", code=None).status == WAITLISTED


def test_a_group_counts_in_its_registrants_municipality():
    occurrence = quota_day(capacity=6)
    register(occurrence, "a@guldborgsund.dk")
    group = register(
        occurrence, "b@herlev.dk", code="163", members=[{"name": "K", "email": "k@herlev.dk"}]
    )
    assert group.status == CONFIRMED
    over = register(
        occurrence, "c@guldborgsund.dk", members=[{"name": "L", "email": "l@guldborgsund.dk"}]
    )
    assert over.status == WAITLISTED and over.waitlist_reason == "quota"


def test_per_region_caps_the_region_not_the_municipality():
    occurrence = quota_day(quota_scope=QuotaScope.REGION)
    register(occurrence, "a@herlev.dk", code="163")
    register(occurrence, "b@kk.dk", code="101")  # København: the same region
    assert register(occurrence, "c@herlev.dk", code="163").status == WAITLISTED
    assert register(occurrence, "d@guldborgsund.dk").status == CONFIRMED


def test_promotion_while_the_quota_holds_skips_a_unit_at_its_cap():
    occurrence = quota_day(capacity=3)
    first = register(occurrence, "a@guldborgsund.dk")
    register(occurrence, "b@guldborgsund.dk")
    register(occurrence, "c@herlev.dk", code="163")
    waiting_guldborgsund = register(occurrence, "d@guldborgsund.dk")  # full and over quota
    waiting_herlev = register(occurrence, "e@herlev.dk", code="163")
    herlev_seat = Registration.objects.get(email="c@herlev.dk")
    services.cancel_registration(registration=herlev_seat)
    assert status(waiting_guldborgsund) == WAITLISTED  # Guldborgsund still holds 2
    assert status(waiting_herlev) == CONFIRMED
    services.cancel_registration(registration=first)
    assert status(waiting_guldborgsund) == CONFIRMED


def test_the_release_promotes_in_arrival_order_once_and_only_once():
    occurrence = quota_day()
    for letter in "abcde":
        register(occurrence, f"{letter}@guldborgsund.dk")
    assert list(Registration.objects.filter(status=WAITLISTED).values_list("email", flat=True)) == [
        "c@guldborgsund.dk",
        "d@guldborgsund.dk",
        "e@guldborgsund.dk",
    ]
    assert tasks.release_quotas() == 0  # not yet
    release_time_comes(occurrence)
    assert tasks.release_quotas() == 2
    assert tasks.release_quotas() == 0
    assert list(
        Registration.objects.filter(status=CONFIRMED).order_by("pk").values_list("email", flat=True)
    ) == [f"{letter}@guldborgsund.dk" for letter in "abcd"]
    last = Registration.objects.get(email="e@guldborgsund.dk")
    assert last.waitlist_reason == "full"
    assert "kvote" not in (services.waitlist_reason_text(last) or "")


def test_after_the_release_a_cancellation_promotes_ignoring_the_quota():
    occurrence = quota_day(capacity=2)
    register(occurrence, "a@guldborgsund.dk")
    seat = register(occurrence, "b@herlev.dk", code="163")
    register(occurrence, "c@guldborgsund.dk")  # full
    release_time_comes(occurrence)  # before the beat task has run
    register(occurrence, "d@guldborgsund.dk")
    services.cancel_registration(registration=seat)
    assert Registration.objects.get(email="c@guldborgsund.dk").status == CONFIRMED


def test_the_release_is_local_midnight_in_copenhagen_also_across_summer_time():
    # The date is Monday 2 November 2026 at 9.00 (winter time); 14 days before is Monday
    # 19 October, still summer time: midnight there is 22.00 UTC the evening before.
    starts = datetime(2026, 11, 2, 9, 0, tzinfo=COPENHAGEN)
    occurrence = Occurrence(
        starts_at=starts,
        quota_scope=QuotaScope.MUNICIPALITY,
        quota_per_unit=2,
        quota_release_days_before=14,
    )
    release = occurrence.quota_release_at
    assert release == datetime(2026, 10, 19, 0, 0, tzinfo=COPENHAGEN)
    assert release.utcoffset() == timedelta(hours=2)
    assert occurrence.quota_holds(release - timedelta(microseconds=1))
    assert not occurrence.quota_holds(release)
    # A start just after local midnight counts on its own local day, not the UTC one.
    occurrence.starts_at = datetime(2026, 11, 2, 0, 30, tzinfo=COPENHAGEN)
    assert occurrence.quota_release_at == release


def test_a_quota_needs_a_number_of_seats_in_danish():
    occurrence = quota_day()
    occurrence.quota_per_unit = None
    with pytest.raises(ValidationError) as error:
        occurrence.full_clean()
    assert "quota_per_unit" in error.value.message_dict


def test_the_form_asks_for_the_municipality_while_the_quota_holds(client):
    occurrence = quota_day()
    from tests.events.test_pages import register as register_on_the_page

    answer = register_on_the_page(client, occurrence, municipality="")
    assert answer.status_code == 400
    assert not Registration.objects.exists()


def test_receipt_manage_page_and_api_say_the_quota_placed_them(client, api_client):
    occurrence = quota_day()
    register(occurrence, "a@guldborgsund.dk")
    register(occurrence, "b@guldborgsund.dk")
    waiting = register(occurrence, "c@guldborgsund.dk")
    text = services.waitlist_reason_text(Registration.objects.get(pk=waiting.pk))
    for name in ("events:receipt", "events:manage"):
        assert text in client.get(reverse(name, args=[waiting.manage_token])).content.decode()
    from tests.events.test_api import citizen, registrations, writer

    body = api_client.post(
        registrations(occurrence), citizen(municipality="376"), format="json", **writer()
    ).json()
    assert body["waitlist_reason"] == "quota" and body["waitlist_reason_text"]


def test_the_organiser_sees_quota_use_per_municipality(client, django_assert_max_num_queries):
    occurrence = quota_day()
    for letter in "abc":
        register(occurrence, f"{letter}@guldborgsund.dk")
    register(occurrence, "d@herlev.dk", code="163")
    manager = organiser()
    occurrence.event.managers.add(manager)
    client.force_login(manager)
    with django_assert_max_num_queries(18):
        page = client.get(reverse("events:organiser_participants", args=[occurrence.pk]))
    rows = {row["name"]: row for row in page.context["quota_rows"]}
    guldborgsund, herlev = municipality("376").name, municipality("163").name
    assert rows[guldborgsund] == {"name": guldborgsund, "taken": 2, "cap": 2, "waiting": 1}
    assert rows[herlev]["taken"] == 1
    assert guldborgsund in page.content.decode()


def test_organisers_set_the_quota_and_lifting_it_promotes_at_once():
    from events.organiser import services as organiser_services

    occurrence = quota_day()
    for letter in "abc":
        register(occurrence, f"{letter}@guldborgsund.dk")
    manager = organiser()
    occurrence.event.managers.add(manager)
    organiser_services.update_occurrence_details(
        user=manager, occurrence=occurrence, quota_scope=QuotaScope.NONE, quota_per_unit=None
    )
    assert Registration.objects.get(email="c@guldborgsund.dk").status == CONFIRMED


@pytest.mark.skipif(
    __import__("django.db").db.connection.vendor != "postgresql",
    reason="row locks are PostgreSQL's",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_the_release_racing_a_cancellation_never_overbooks_nor_promotes_twice(round_):
    import importlib
    import threading

    from django.apps import apps

    # A transactional test's flush empties what the data migration loaded: load it again.
    importlib.import_module("samskabelse.migrations.0002_load_municipalities_and_roles").load(
        apps, None
    )

    from django.db import connections

    from samskabelse.models import OutboxMessage

    occurrence = quota_day(capacity=3)
    register(occurrence, "a@guldborgsund.dk")
    register(occurrence, "b@guldborgsund.dk")
    leaving = register(occurrence, "c@herlev.dk", code="163")
    for letter in "def":
        register(occurrence, f"{letter}@guldborgsund.dk")  # full, and over the quota
    release_time_comes(occurrence)
    barrier, errors = threading.Barrier(2), []

    def run(action):
        try:
            barrier.wait(timeout=10)
            action()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(lambda: services.release_quota(occurrence=occurrence),)),
        threading.Thread(
            target=run, args=(lambda: services.cancel_registration(registration=leaving),)
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    confirmed = Registration.objects.filter(occurrence=occurrence, status=CONFIRMED)
    assert list(confirmed.order_by("pk").values_list("email", flat=True)) == [
        "a@guldborgsund.dk",
        "b@guldborgsund.dk",
        "d@guldborgsund.dk",  # the first waiting, once the quota is gone
    ]
    promotions = OutboxMessage.objects.filter(payload__kind="promotion")
    assert promotions.count() == 1
    assert services.release_quota(occurrence=occurrence) == []


def test_the_mail_says_the_quota_placed_them(run_on_commit):
    from django.core import mail

    occurrence = quota_day()
    register(occurrence, "a@guldborgsund.dk")
    register(occurrence, "b@guldborgsund.dk")
    mail.outbox.clear()
    waiting = run_on_commit(register, occurrence, "c@guldborgsund.dk")
    [message] = mail.outbox
    text = services.waitlist_reason_text(Registration.objects.get(pk=waiting.pk))
    assert text in message.body
