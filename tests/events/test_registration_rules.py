"""The registration rules, at the services every front-end (page, API, organiser) calls."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events import services
from events.models import EventStatus, OccurrenceStatus, Registration, RegistrationStatus
from tests.factories import OccurrenceFactory, RegistrationFactory, organiser

pytestmark = pytest.mark.django_db


def register(occurrence, email, **extra):
    return services.register_participant(
        occurrence=occurrence, name="Mette Hansen", email=email, consent=True, **extra
    )


def statuses(occurrence):
    return list(
        Registration.objects.filter(occurrence=occurrence)
        .order_by("pk")
        .values_list("email", "status")
    )


def test_seats_go_first_then_the_waiting_list_in_arrival_order():
    occurrence = OccurrenceFactory(capacity=2)
    first, second, third, fourth = (register(occurrence, f"p{i}@kommune.dk") for i in range(4))
    assert [r.status for r in (first, second, third, fourth)] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    assert services.waitlist_position(third) == 1
    assert services.waitlist_position(fourth) == 2
    assert services.waitlist_position(first) is None


def test_a_cancelled_seat_goes_at_once_to_the_first_on_the_waiting_list():
    occurrence = OccurrenceFactory(capacity=1)
    seated = register(occurrence, "a@kommune.dk")
    register(occurrence, "b@kommune.dk")
    register(occurrence, "c@kommune.dk")
    services.cancel_registration(registration=seated)
    assert statuses(occurrence) == [
        ("a@kommune.dk", "cancelled"),
        ("b@kommune.dk", "confirmed"),
        ("c@kommune.dk", "waitlisted"),
    ]
    c = Registration.objects.get(email="c@kommune.dk")
    assert services.waitlist_position(c) == 1


def test_cancelling_twice_changes_nothing_more():
    occurrence = OccurrenceFactory(capacity=1)
    seated = register(occurrence, "a@kommune.dk")
    services.cancel_registration(registration=seated)
    again = services.cancel_registration(registration=seated)
    assert again.status == RegistrationStatus.CANCELLED


def test_the_same_email_never_gets_a_second_seat_in_any_letter_case(
    django_capture_on_commit_callbacks,
):
    occurrence = OccurrenceFactory(capacity=5)
    register(occurrence, "Karen@Kommune.dk")
    with (
        pytest.raises(services.AlreadyRegistered) as error,
        django_capture_on_commit_callbacks() as callbacks,
    ):
        register(occurrence, " karen@kommune.DK ")
    assert "allerede tilmeldt" in str(error.value.message)
    assert len(callbacks) == 1  # the confirmation is sent again
    assert Registration.objects.filter(occurrence=occurrence).count() == 1


def test_after_cancelling_the_same_email_may_register_again():
    occurrence = OccurrenceFactory(capacity=5)
    services.cancel_registration(registration=register(occurrence, "a@kommune.dk"))
    assert register(occurrence, "a@kommune.dk").status == "confirmed"


@pytest.mark.parametrize(
    "window",
    [
        {"registration_closes_at": timezone.now() - timedelta(minutes=1)},
        {"registration_opens_at": timezone.now() + timedelta(days=1)},
        {"starts_at": timezone.now() - timedelta(minutes=5)},
    ],
    ids=["window ended", "window not yet open", "occurrence started"],
)
def test_registration_is_refused_outside_the_window(window):
    if "starts_at" in window:
        window["ends_at"] = window["starts_at"] + timedelta(hours=3)
    occurrence = OccurrenceFactory(**window)
    with pytest.raises(services.RegistrationClosed):
        register(occurrence, "a@kommune.dk")
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("event_status", "occurrence_status"),
    [
        (EventStatus.KLADDE, "planned"),
        (EventStatus.AFLYST, "planned"),
        ("offentliggjort", "cancelled"),
    ],
)
def test_drafts_and_cancelled_dates_take_no_registrations(event_status, occurrence_status):
    occurrence = OccurrenceFactory(event__status=event_status, status=occurrence_status)
    with pytest.raises(services.RegistrationClosed):
        register(occurrence, "a@kommune.dk")


def test_capacity_zero_without_waiting_list_refuses_and_with_it_waitlists():
    closed = OccurrenceFactory(capacity=0, waitlist_enabled=False)
    with pytest.raises(services.OccurrenceFull):
        register(closed, "a@kommune.dk")
    waiting = OccurrenceFactory(capacity=0, waitlist_enabled=True)
    assert register(waiting, "a@kommune.dk").status == "waitlisted"


def test_consent_and_a_valid_email_are_required():
    occurrence = OccurrenceFactory()
    with pytest.raises(ValidationError) as error:
        services.register_participant(
            occurrence=occurrence, name="A", email="a@kommune.dk", consent=False
        )
    assert "consent" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        register(occurrence, "ikke-en-adresse")
    assert "email" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.register_participant(
            occurrence=occurrence, name="x" * 161, email="b@kommune.dk", consent=True
        )
    assert not Registration.objects.exists()


def test_raising_capacity_promotes_the_longest_waiting():
    occurrence = OccurrenceFactory(capacity=1)
    manager = organiser()
    occurrence.event.managers.add(manager)
    for i in range(4):
        register(occurrence, f"p{i}@kommune.dk")
    _occurrence, promoted = services.change_capacity(
        user=manager, occurrence=occurrence, capacity=3
    )
    assert [r.email for r in promoted] == ["p1@kommune.dk", "p2@kommune.dk"]
    assert [status for _email, status in statuses(occurrence)] == [
        "confirmed",
        "confirmed",
        "confirmed",
        "waitlisted",
    ]


def test_capacity_cannot_drop_below_the_seats_taken():
    occurrence = OccurrenceFactory(capacity=3)
    manager = organiser()
    occurrence.event.managers.add(manager)
    register(occurrence, "a@kommune.dk")
    register(occurrence, "b@kommune.dk")
    with pytest.raises(ValidationError):
        services.change_capacity(user=manager, occurrence=occurrence, capacity=1)


def test_only_the_events_organisers_change_it():
    occurrence = OccurrenceFactory()
    from samskabelse.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.change_capacity(user=organiser(), occurrence=occurrence, capacity=99)


def test_checked_in_participants_keep_their_seat_in_the_count():
    occurrence = OccurrenceFactory(capacity=1)
    manager = organiser()
    occurrence.event.managers.add(manager)
    seated = register(occurrence, "a@kommune.dk")
    services.check_in(user=manager, registration=seated)
    assert register(occurrence, "b@kommune.dk").status == "waitlisted"


def test_anonymising_keeps_the_counts_and_removes_the_person():
    past = OccurrenceFactory(
        starts_at=timezone.now() - timedelta(days=100),
        ends_at=timezone.now() - timedelta(days=100) + timedelta(hours=5),
    )
    RegistrationFactory(occurrence=past, name="Karen", needs="Glutenfri", status="attended")
    RegistrationFactory(occurrence=past, status="cancelled")
    recent = RegistrationFactory(name="Bo")
    assert services.anonymise_registrations(older_than_days=90) == 2
    assert Registration.objects.filter(occurrence=past).count() == 2
    assert set(Registration.objects.filter(occurrence=past).values_list("status", flat=True)) == {
        "attended",
        "cancelled",
    }
    assert not Registration.objects.filter(name="Karen").exists()
    assert not Registration.objects.filter(needs="Glutenfri").exists()
    recent.refresh_from_db()
    assert recent.name == "Bo"


def test_a_registration_cannot_be_cancelled_after_the_day_started():
    occurrence = OccurrenceFactory()
    seated = register(occurrence, "a@kommune.dk")
    type(occurrence).objects.filter(pk=occurrence.pk).update(
        starts_at=timezone.now() - timedelta(hours=1), status=OccurrenceStatus.PLANNED
    )
    from samskabelse.exceptions import Unprocessable

    with pytest.raises(Unprocessable):
        services.cancel_registration(registration=seated)


@pytest.mark.django_db(transaction=True)
def test_a_repeated_registration_really_sends_the_confirmation_again(mailoutbox):
    occurrence = OccurrenceFactory(capacity=5)
    register(occurrence, "karen@kommune.dk")
    sent = len(mailoutbox)
    with pytest.raises(services.AlreadyRegistered):
        register(occurrence, "karen@kommune.dk")
    assert len(mailoutbox) == sent + 1
    assert mailoutbox[-1].to == ["karen@kommune.dk"]
