"""The Django admin follows the same seat rules as the pages and the API: every change to
seats, time, place or status goes through events/services/."""

import pytest
from django.core import mail

from events.models import OccurrenceStatus, Registration, RegistrationStatus
from samskabelse.exceptions import Unprocessable
from tests.admin_forms import act, add_url, change_url, messages_of, post_changed
from tests.factories import OccurrenceFactory, RegistrationFactory, admin_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_occurrence():
    """Two seats, both taken, two waiting."""
    occurrence = OccurrenceFactory(capacity=2)
    RegistrationFactory.create_batch(2, occurrence=occurrence)
    first, second = RegistrationFactory.create_batch(
        2, occurrence=occurrence, status=RegistrationStatus.WAITLISTED
    )
    return occurrence, first, second


def test_raising_capacity_in_the_admin_promotes_the_first_waiting_and_mails_them(
    superuser_client, full_occurrence, run_on_commit
):
    occurrence, first, second = full_occurrence
    response = run_on_commit(post_changed, superuser_client, change_url(occurrence), capacity="3")
    occurrence.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert occurrence.capacity == 3
    assert first.status == RegistrationStatus.CONFIRMED and first.promoted_at
    assert second.status == RegistrationStatus.WAITLISTED
    assert [message.to for message in mail.outbox] == [[first.email]]
    assert (
        "success",
        "Kapaciteten er nu 3; 1 fra ventelisten fik en plads og har fået en mail.",
    ) in messages_of(response)


def test_lowering_capacity_below_seats_taken_in_the_admin_is_refused_and_nothing_is_saved(
    superuser_client, full_occurrence, run_on_commit
):
    occurrence, _first, _second = full_occurrence
    response = run_on_commit(
        post_changed, superuser_client, change_url(occurrence), capacity="1", venue="Et andet sted"
    )
    assert response.status_code == 200
    occurrence.refresh_from_db()
    assert occurrence.capacity == 2
    assert occurrence.venue != "Et andet sted"
    assert mail.outbox == []
    level, text = messages_of(response)[0]
    assert level == "error" and "2 pladser er allerede taget" in text


def test_moving_a_date_in_the_admin_mails_everyone_registered(
    superuser_client, full_occurrence, run_on_commit
):
    occurrence, _first, _second = full_occurrence
    run_on_commit(post_changed, superuser_client, change_url(occurrence), venue="Kolding Rådhus")
    occurrence.refresh_from_db()
    assert occurrence.venue == "Kolding Rådhus"
    assert len(mail.outbox) == 4


def test_occurrence_status_is_read_only_and_the_cancel_action_mails_everyone(
    superuser_client, full_occurrence, run_on_commit
):
    occurrence, _first, _second = full_occurrence
    run_on_commit(
        post_changed, superuser_client, change_url(occurrence), status=OccurrenceStatus.CANCELLED
    )
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.PLANNED

    response = run_on_commit(
        act, superuser_client, type(occurrence), "cancel_occurrences", [occurrence]
    )
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.CANCELLED
    assert len(mail.outbox) == 4
    assert messages_of(response)[-1][0] == "success"


def test_the_events_inline_cannot_change_an_existing_dates_seats(
    superuser_client, full_occurrence, run_on_commit
):
    occurrence, first, _second = full_occurrence
    event = occurrence.event
    run_on_commit(
        post_changed, superuser_client, change_url(event), **{"occurrences-0-capacity": "0"}
    )
    occurrence.refresh_from_db()
    assert occurrence.capacity == 2


def test_cancelling_the_event_in_the_admin_cancels_its_dates_and_mails_everyone(
    superuser_client, full_occurrence, run_on_commit
):
    occurrence, _first, _second = full_occurrence
    run_on_commit(post_changed, superuser_client, change_url(occurrence.event), status="aflyst")
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.CANCELLED
    assert len(mail.outbox) == 4


def test_registration_status_and_consent_cannot_be_edited_in_the_admin(
    superuser_client, full_occurrence, run_on_commit
):
    _occurrence, first, _second = full_occurrence
    response = run_on_commit(
        post_changed,
        superuser_client,
        change_url(first),
        status=RegistrationStatus.CONFIRMED,
        consent_version="forged",
        name="Rettet Navn",
    )
    first.refresh_from_db()
    assert first.name == "Rettet Navn"
    assert first.status == RegistrationStatus.WAITLISTED
    assert first.consent_version == "2026-11"
    assert response.status_code == 200
    assert "Plads på ventelisten" in superuser_client.get(change_url(first)).content.decode()


def test_registrations_cannot_be_added_or_deleted_in_the_admin_past_the_seat_rules(
    superuser_client,
):
    assert superuser_client.get(add_url(Registration)).status_code == 403
    registration = RegistrationFactory()
    delete_url = change_url(registration).replace("/change/", "/delete/")
    assert superuser_client.get(delete_url).status_code == 403


def test_checking_in_a_cancelled_registration_in_the_admin_is_refused(
    superuser_client, run_on_commit
):
    registration = RegistrationFactory(status=RegistrationStatus.CANCELLED)
    response = run_on_commit(act, superuser_client, type(registration), "check_in", [registration])
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert registration.checked_in_at is None
    level, text = messages_of(response)[0]
    assert level == "error" and "Kun tilmeldte deltagere kan tjekkes ind" in text


def test_check_in_and_its_undo_in_the_admin(superuser_client, run_on_commit):
    registration = RegistrationFactory()
    run_on_commit(act, superuser_client, type(registration), "check_in", [registration])
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ATTENDED and registration.checked_in_at
    run_on_commit(act, superuser_client, type(registration), "undo_check_in", [registration])
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.checked_in_at is None


def test_a_check_in_from_a_stale_copy_does_not_overwrite_a_cancellation():
    from events import services

    registration = RegistrationFactory()
    stale = type(registration).objects.select_related("occurrence__event").get(pk=registration.pk)
    services.cancel_registration(registration=registration)
    with pytest.raises(Unprocessable):
        services.check_in(user=admin_user(), registration=stale)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_cancelling_in_the_admin_frees_the_seat_for_the_first_waiting(
    superuser_client, full_occurrence, run_on_commit
):
    occurrence, first, second = full_occurrence
    seated = occurrence.registrations.filter(status=RegistrationStatus.CONFIRMED).first()
    run_on_commit(act, superuser_client, type(seated), "cancel", [seated])
    seated.refresh_from_db()
    first.refresh_from_db()
    assert seated.status == RegistrationStatus.CANCELLED
    assert first.status == RegistrationStatus.CONFIRMED
    assert sorted(message.to[0] for message in mail.outbox) == sorted([seated.email, first.email])
