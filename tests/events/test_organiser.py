"""The organiser pages: who may see them, and what each form does through the services
(seats, waiting list, moves, cancellations, check-in, messages)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events import tasks
from events.models import (
    Event,
    EventKind,
    EventStatus,
    Occurrence,
    OccurrenceStatus,
    Registration,
    RegistrationStatus,
)
from samskabelse.models import OutboxMessage
from tests.factories import (
    EventFactory,
    OccurrenceFactory,
    OrganisationFactory,
    RegistrationFactory,
    admin_user,
    consultant,
    organiser,
)

pytestmark = pytest.mark.django_db


def copenhagen(text):
    """An aware datetime from a datetime-local value, read as Copenhagen wall clock."""
    naive = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M")
    return timezone.make_aware(naive, timezone.get_default_timezone())


def in_days(days, time="09:00"):
    date = (timezone.localdate() + datetime.timedelta(days=days)).isoformat()
    return f"{date}T{time}"


@pytest.fixture
def manager():
    return organiser()


@pytest.fixture
def occurrence(manager):
    occurrence = OccurrenceFactory(capacity=2)
    occurrence.event.managers.add(manager)
    return occurrence


@pytest.fixture
def queued_mail(db):
    """The registration mails queued in the outbox, read from its rows: a list of
    (registration id, kind, the rest of the payload), in the order they were written."""
    return QueuedMail()


class QueuedMail:
    def __iter__(self):
        for payload in (
            OutboxMessage.objects.filter(handler=tasks.REGISTRATION_MAIL)
            .order_by("pk")
            .values_list("payload", flat=True)
        ):
            payload = dict(payload)
            yield payload.pop("registration_id"), payload.pop("kind"), payload

    def __eq__(self, other):
        return list(self) == other

    def __len__(self):
        return OutboxMessage.objects.filter(handler=tasks.REGISTRATION_MAIL).count()

    def __repr__(self):
        return repr(list(self))


def page_urls(occurrence):
    event = occurrence.event
    registration = RegistrationFactory(occurrence=occurrence)
    return {
        "dashboard": reverse("events:organiser_dashboard"),
        "event create": reverse("events:organiser_event_create"),
        "event edit": reverse("events:organiser_event", args=[event.pk]),
        "occurrence create": reverse("events:organiser_occurrence_create", args=[event.pk]),
        "participants": reverse("events:organiser_participants", args=[occurrence.pk]),
        "check-in": reverse("events:organiser_check_in", args=[occurrence.pk]),
        "csv": reverse("events:organiser_export", args=[occurrence.pk, "csv"]),
        "xlsx": reverse("events:organiser_export", args=[occurrence.pk, "xlsx"]),
        "cancel": reverse("events:organiser_occurrence_cancel", args=[occurrence.pk]),
        **{
            action: reverse("events:organiser_occurrence_action", args=[occurrence.pk, action])
            for action in ("details", "capacity", "move")
        },
        "message": reverse("events:organiser_message", args=[occurrence.pk]),
        "add participant": reverse("events:organiser_participant_add", args=[occurrence.pk]),
        "edit participant": reverse("events:organiser_participant_edit", args=[registration.pk]),
        "attendance list": reverse("events:organiser_print", args=[occurrence.pk, "attendance"]),
        "badges": reverse("events:organiser_print", args=[occurrence.pk, "badges"]),
        "_registration": registration,
    }


# Pages that are about no one event: any organiser may open them.
OWN_PAGES = {"dashboard", "event create"}


def page_names():
    return [
        "dashboard",
        "event create",
        "event edit",
        "occurrence create",
        "participants",
        "check-in",
        "csv",
        "xlsx",
        "cancel",
        "details",
        "capacity",
        "move",
        "message",
        "add participant",
        "edit participant",
        "attendance list",
        "badges",
    ]


@pytest.mark.parametrize("name", page_names())
def test_anonymous_visitor_is_sent_to_the_login_page(client, occurrence, name):
    url = page_urls(occurrence)[name]
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", page_names())
def test_consultant_without_the_organiser_role_is_refused(client, occurrence, name):
    client.force_login(consultant())
    assert client.get(page_urls(occurrence)[name]).status_code == 403


@pytest.mark.parametrize("name", page_names())
def test_organiser_who_does_not_manage_the_event_is_refused_its_pages(client, occurrence, name):
    client.force_login(organiser())
    expected = 200 if name in OWN_PAGES else 403
    assert client.get(page_urls(occurrence)[name]).status_code == expected


@pytest.mark.parametrize("name", page_names())
def test_manager_of_the_event_sees_every_page(client, occurrence, manager, name):
    client.force_login(manager)
    assert client.get(page_urls(occurrence)[name]).status_code == 200


@pytest.mark.parametrize("name", page_names())
def test_admin_sees_every_page(client, occurrence, name):
    client.force_login(admin_user())
    assert client.get(page_urls(occurrence)[name]).status_code == 200


def test_organiser_who_does_not_manage_the_event_cannot_check_anyone_in(client, occurrence):
    registration = RegistrationFactory(occurrence=occurrence)
    client.force_login(organiser())
    url = reverse("events:organiser_check_in_registration", args=[registration.pk])
    assert client.post(url).status_code == 403
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_dashboard_lists_only_the_organisers_own_events_with_counts(client, occurrence, manager):
    RegistrationFactory(occurrence=occurrence)
    RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.WAITLISTED)
    other = OccurrenceFactory(event__title="Andres temadag")
    client.force_login(manager)
    response = client.get(reverse("events:organiser_dashboard"))
    events = list(response.context["events"])
    assert events == [occurrence.event]
    shown = events[0].occurrences.all()[0]
    assert (shown.seats_taken, shown.waitlisted, shown.capacity) == (1, 1, 2)
    assert other.event.title not in response.content.decode()


def test_dashboard_query_count_does_not_grow_with_events_and_dates(client, manager):
    def count():
        client.force_login(manager)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("events:organiser_dashboard")).status_code == 200
        return len(queries)

    first = OccurrenceFactory()
    first.event.managers.add(manager)
    few = count()
    for _ in range(4):
        event = EventFactory()
        event.managers.add(manager)
        for _ in range(3):
            RegistrationFactory(occurrence=OccurrenceFactory(event=event))
    assert count() == few


# --- Events, dates and speakers -----------------------------------------------------------


def event_data(**overrides):
    return {
        "title": "Samskabelse: Playmakeren og Fælles-skaberen",
        "kind": EventKind.TEMADAG,
        "summary": "En temadag om samskabelse i praksis.",
        "programme": "09.30 Velkomst",
        "price": "0",
        "status": EventStatus.KLADDE,
        "organisers": [],
        "hosts": [],
        **overrides,
    }


def test_organiser_creates_an_event_and_becomes_its_manager(client):
    user = organiser()
    host = OrganisationFactory()
    client.force_login(user)
    response = client.post(reverse("events:organiser_event_create"), event_data(hosts=[host.pk]))
    event = Event.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("events:organiser_event", args=[event.pk])
    assert list(event.managers.all()) == [user]
    assert list(event.hosts.all()) == [host]
    assert event.slug == "samskabelse-playmakeren-og-faelles-skaberen"


def test_consultant_cannot_create_an_event(client):
    client.force_login(consultant())
    response = client.post(reverse("events:organiser_event_create"), event_data())
    assert response.status_code == 403
    assert not Event.objects.exists()


def test_manager_edits_the_event_and_the_slug_stays(client, occurrence, manager):
    event = occurrence.event
    client.force_login(manager)
    response = client.post(
        reverse("events:organiser_event", args=[event.pk]),
        event_data(title="Nyt navn", status=EventStatus.OFFENTLIGGJORT),
    )
    assert response.status_code == 302
    old_slug = event.slug
    event.refresh_from_db()
    assert (event.title, event.slug) == ("Nyt navn", old_slug)


def test_event_without_a_title_shows_the_error_beside_the_field(client, manager):
    client.force_login(manager)
    response = client.post(reverse("events:organiser_event_create"), event_data(title=""))
    assert response.status_code == 400
    assert "title" in response.context["form"].errors


def occurrence_data(**overrides):
    return {
        "starts_at": in_days(30, "09:00"),
        "ends_at": in_days(30, "15:00"),
        "venue": "Aarhus Rådhus",
        "address": "Rådhuspladsen 2, 8000 Aarhus C",
        "city": "Aarhus",
        "online_url": "",
        "capacity": "150",
        "registration_opens_at": "",
        "registration_closes_at": in_days(28, "12:00"),
        "waitlist_enabled": "on",
        **overrides,
    }


def test_manager_adds_a_date_read_as_copenhagen_time(client, occurrence, manager):
    client.force_login(manager)
    url = reverse("events:organiser_occurrence_create", args=[occurrence.event.pk])
    response = client.post(url, occurrence_data())
    new = Occurrence.objects.exclude(pk=occurrence.pk).get()
    assert response.status_code == 302
    assert new.starts_at == copenhagen(in_days(30, "09:00"))
    assert (new.capacity, new.city, new.waitlist_enabled) == (150, "Aarhus", True)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": in_days(30, "08:00")}, "ends_at"),
        ({"capacity": "-1"}, "capacity"),
        ({"registration_closes_at": in_days(31, "12:00")}, "registration_closes_at"),
        ({"starts_at": "i morgen"}, "starts_at"),
        ({"address": "", "online_url": ""}, None),
    ],
    ids=["end-before-start", "negative-capacity", "window-after-start", "not-a-time", "nowhere"],
)
def test_bad_date_input_shows_errors_and_saves_nothing(
    client, occurrence, manager, overrides, field
):
    client.force_login(manager)
    url = reverse("events:organiser_occurrence_create", args=[occurrence.event.pk])
    response = client.post(url, occurrence_data(**overrides))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert (field or "__all__") in errors
    assert Occurrence.objects.count() == 1


def test_a_time_in_the_spring_daylight_saving_gap_is_refused(client, occurrence, manager):
    client.force_login(manager)
    url = reverse("events:organiser_occurrence_create", args=[occurrence.event.pk])
    response = client.post(
        url,
        occurrence_data(
            starts_at="2030-03-31T02:30",
            ends_at="2030-03-31T05:00",
            registration_closes_at="",
        ),
    )
    assert response.status_code == 400
    assert "starts_at" in response.context["form"].errors


def test_details_form_turns_the_waiting_list_off_without_touching_times(
    client, occurrence, manager
):
    client.force_login(manager)
    url = reverse("events:organiser_occurrence_action", args=[occurrence.pk, "details"])
    response = client.post(url, {"online_url": "", "registration_closes_at": ""})
    assert response.status_code == 302
    starts_at = occurrence.starts_at
    occurrence.refresh_from_db()
    assert occurrence.waitlist_enabled is False
    assert occurrence.starts_at == starts_at


def test_manager_adds_a_speaker_linked_to_a_case_and_removes_them(client, occurrence, manager):
    from tests.factories import CaseFactory

    case = CaseFactory(slug="frivillige-paa-bakken")
    event = occurrence.event
    client.force_login(manager)
    response = client.post(
        reverse("events:organiser_speaker_add", args=[event.pk]),
        {"name": "Lise Holm", "role": "leder", "talk_title": "Playmakeren", "case": case.slug},
    )
    assert response.status_code == 302
    speaker = event.speakers.get()
    assert (speaker.name, speaker.case) == ("Lise Holm", case)

    client.post(reverse("events:organiser_speaker_remove", args=[speaker.pk]))
    assert not event.speakers.exists()


def test_speaker_with_an_unknown_case_shows_an_error(client, occurrence, manager):
    client.force_login(manager)
    response = client.post(
        reverse("events:organiser_speaker_add", args=[occurrence.event.pk]),
        {"name": "Lise Holm", "talk_title": "Playmakeren", "case": "findes-ikke"},
    )
    assert response.status_code == 400
    assert "case" in response.context["speaker_form"].errors
    assert not occurrence.event.speakers.exists()


# --- Seats ---------------------------------------------------------------------------------


def fill(occurrence, confirmed, waiting):
    made = [RegistrationFactory(occurrence=occurrence) for _ in range(confirmed)]
    made += [
        RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.WAITLISTED)
        for _ in range(waiting)
    ]
    return made


def statuses(registrations):
    return [Registration.objects.get(pk=r.pk).status for r in registrations]


def test_raising_capacity_promotes_the_first_waiting_and_says_how_many(
    client, occurrence, manager, queued_mail, django_capture_on_commit_callbacks
):
    registrations = fill(occurrence, confirmed=2, waiting=3)
    client.force_login(manager)
    url = reverse("events:organiser_occurrence_action", args=[occurrence.pk, "capacity"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"capacity": "3"}, follow=True)

    assert statuses(registrations) == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.WAITLISTED,
    ]
    assert queued_mail == [(registrations[2].pk, "promotion", {})]
    message = str(list(response.context["messages"])[0])
    assert "3" in message and "1" in message


def test_lowering_capacity_below_the_seats_taken_is_refused_with_a_message(
    client, occurrence, manager
):
    fill(occurrence, confirmed=2, waiting=0)
    client.force_login(manager)
    url = reverse("events:organiser_occurrence_action", args=[occurrence.pk, "capacity"])
    response = client.post(url, {"capacity": "1"})
    assert response.status_code == 400
    [error] = response.context["form"].errors["capacity"]
    assert "2" in error
    occurrence.refresh_from_db()
    assert occurrence.capacity == 2


def test_capacity_minus_one_is_a_field_error(client, occurrence, manager):
    client.force_login(manager)
    url = reverse("events:organiser_occurrence_action", args=[occurrence.pk, "capacity"])
    response = client.post(url, {"capacity": "-1"})
    assert response.status_code == 400
    assert "capacity" in response.context["form"].errors


# --- Move, cancel, message --------------------------------------------------------------------


def test_moving_a_date_emails_everyone_registered_or_waiting(
    client, occurrence, manager, queued_mail, django_capture_on_commit_callbacks
):
    confirmed, waiting = fill(occurrence, confirmed=1, waiting=1)
    RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.CANCELLED)
    client.force_login(manager)
    url = reverse("events:organiser_occurrence_action", args=[occurrence.pk, "move"])
    data = {
        "starts_at": in_days(40, "10:00"),
        "ends_at": in_days(40, "16:00"),
        "venue": "Herlev Bibliotek",
        "address": "Herlev Bygade 70",
        "city": "Herlev",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)

    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.starts_at == copenhagen(in_days(40, "10:00"))
    assert occurrence.venue == "Herlev Bibliotek"
    assert sorted(queued_mail) == sorted([(confirmed.pk, "change", {}), (waiting.pk, "change", {})])


def test_moving_a_date_to_end_before_it_starts_is_refused(client, occurrence, manager):
    client.force_login(manager)
    url = reverse("events:organiser_occurrence_action", args=[occurrence.pk, "move"])
    response = client.post(
        url, {"starts_at": in_days(40, "10:00"), "ends_at": in_days(40, "09:00")}
    )
    assert response.status_code == 400
    assert "ends_at" in response.context["form"].errors


def test_cancel_asks_first_then_cancels_and_emails_everyone(
    client, occurrence, manager, queued_mail, django_capture_on_commit_callbacks
):
    confirmed, waiting = fill(occurrence, confirmed=1, waiting=1)
    client.force_login(manager)
    url = reverse("events:organiser_occurrence_cancel", args=[occurrence.pk])

    assert client.get(url).status_code == 200
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.PLANNED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.CANCELLED
    assert {(pk, kind) for pk, kind, _extra in queued_mail} == {
        (confirmed.pk, "occurrence_cancelled"),
        (waiting.pk, "occurrence_cancelled"),
    }


def test_cancelling_a_cancelled_date_again_emails_nobody(
    client, occurrence, manager, queued_mail, django_capture_on_commit_callbacks
):
    fill(occurrence, confirmed=1, waiting=0)
    occurrence.status = OccurrenceStatus.CANCELLED
    occurrence.save()
    client.force_login(manager)
    url = reverse("events:organiser_occurrence_cancel", args=[occurrence.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert queued_mail == []


def test_message_goes_to_each_confirmed_participant_only(
    client, occurrence, manager, queued_mail, django_capture_on_commit_callbacks
):
    first, second, _waiting = fill(occurrence, confirmed=2, waiting=1)
    client.force_login(manager)
    url = reverse("events:organiser_message", args=[occurrence.pk])
    data = {"subject": "Parkering", "body": "Brug P-huset.", "intent": "send"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "statuses": ["confirmed", "attended"]})
    assert response.status_code == 302
    extra = {"subject": "Parkering", "body": "Brug P-huset.", "reply_to": manager.email}
    assert sorted(queued_mail) == [(first.pk, "message", extra), (second.pk, "message", extra)]


def test_message_without_a_subject_is_a_field_error(client, occurrence, manager, queued_mail):
    client.force_login(manager)
    url = reverse("events:organiser_message", args=[occurrence.pk])
    response = client.post(url, {"subject": "", "body": "Hej", "statuses": ["confirmed"]})
    assert response.status_code == 400
    assert "subject" in response.context["form"].errors
    assert queued_mail == []


# --- Participant list and check-in -------------------------------------------------------------


def test_participant_list_shows_statuses_and_waitlist_positions(client, occurrence, manager):
    fill(occurrence, confirmed=2, waiting=2)
    client.force_login(manager)
    response = client.get(reverse("events:organiser_participants", args=[occurrence.pk]))
    positions = [r.waitlist_position for r in response.context["registrations"]]
    assert positions == [None, None, 1, 2]
    shown = response.context["occurrence"]
    assert (shown.seats_taken, shown.waitlisted) == (2, 2)


def test_participant_search_by_name_keeps_the_waiting_list_numbers(client, occurrence, manager):
    fill(occurrence, confirmed=2, waiting=1)
    RegistrationFactory(
        occurrence=occurrence, name="Karen Blixen", status=RegistrationStatus.WAITLISTED
    )
    client.force_login(manager)
    url = reverse("events:organiser_participants", args=[occurrence.pk])
    response = client.get(url, {"q": "blixen"})
    [found] = response.context["registrations"]
    assert (found.name, found.waitlist_position) == ("Karen Blixen", 2)


@pytest.mark.parametrize("name", ["participants", "check-in", "csv"])
def test_participant_pages_take_the_same_number_of_queries_for_3_and_30(
    client, occurrence, manager, name
):
    occurrence.capacity = 100
    occurrence.save()

    def count():
        url = page_urls(occurrence)[name]
        client.force_login(manager)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    fill(occurrence, confirmed=2, waiting=0)  # page_urls adds a third
    few = count()
    fill(occurrence, confirmed=20, waiting=6)
    assert count() == few


def test_check_in_marks_the_participant_as_attended(client, occurrence, manager):
    registration = RegistrationFactory(occurrence=occurrence, name="Ole Olsen")
    client.force_login(manager)
    url = reverse("events:organiser_check_in_registration", args=[registration.pk])
    response = client.post(url, {"q": "Ole"})
    assert response.status_code == 302
    assert response.url == reverse("events:organiser_check_in", args=[occurrence.pk]) + "?q=Ole"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ATTENDED
    assert registration.checked_in_at is not None


def test_someone_on_the_waiting_list_cannot_be_checked_in(client, occurrence, manager):
    registration = RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.WAITLISTED)
    client.force_login(manager)
    url = reverse("events:organiser_check_in_registration", args=[registration.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.WAITLISTED


def test_check_in_page_lists_only_people_with_a_seat_and_searches_by_name(
    client, occurrence, manager
):
    RegistrationFactory(occurrence=occurrence, name="Ole Olsen")
    RegistrationFactory(occurrence=occurrence, name="Ida Jensen")
    RegistrationFactory(
        occurrence=occurrence, name="Ole Venter", status=RegistrationStatus.WAITLISTED
    )
    client.force_login(manager)
    url = reverse("events:organiser_check_in", args=[occurrence.pk])
    names = [r.name for r in client.get(url, {"q": "ole"}).context["registrations"]]
    assert names == ["Ole Olsen"]


# --- Admin -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model", ["event", "occurrence", "registration", "subscriber", "idempotentrequest"]
)
def test_admin_lists_and_searches_every_events_model(client, occurrence, model):
    RegistrationFactory(occurrence=occurrence)
    client.force_login(admin_user())
    url = reverse(f"admin:events_{model}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "temadag"}).status_code == 200


def test_admin_occurrence_list_shows_seats_taken_and_waiting(client, occurrence):
    fill(occurrence, confirmed=2, waiting=1)
    client.force_login(admin_user())
    response = client.get(reverse("admin:events_occurrence_changelist"))
    [row] = response.context["cl"].result_list
    assert (row.seats_taken_count, row.waitlisted_count) == (2, 1)


def test_admin_event_page_has_dates_and_speakers_inline(client, occurrence):
    client.force_login(admin_user())
    response = client.get(reverse("admin:events_event_change", args=[occurrence.event.pk]))
    assert response.status_code == 200
    inline_models = {
        formset.opts.model.__name__ for formset in response.context["inline_admin_formsets"]
    }
    assert inline_models == {"Occurrence", "Speaker"}
