"""The events API: published theme days with seats left, registrations by other systems
through the same service as the citizen's form, and the organiser's participant list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drf_spectacular.validation import validate_schema

from events import idempotency
from events.models import (
    EventKind,
    EventStatus,
    IdempotentRequest,
    OccurrenceStatus,
    Registration,
    RegistrationStatus,
)
from tests.factories import (
    EventFactory,
    OccurrenceFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
    admin_user,
    api_token,
    organiser,
)

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events/"


def auth(key):
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def registrations(occurrence):
    return f"/api/v1/occurrences/{occurrence.pk}/registrations/"


def cancel(token):
    return f"/api/v1/registrations/{token}/cancel/"


def writer(user=None):
    """Headers of a token with `write:registrations`, as another system would send."""
    return auth(api_token(user, scopes=["write:registrations"], name="Kursusportal")[1])


def citizen(number=1, **fields):
    return {
        "name": f"Borger {number}",
        "email": f"borger{number}@example.dk",
        "consent": True,
        **fields,
    }


def register(api_client, occurrence, headers, **fields):
    return api_client.post(registrations(occurrence), citizen(**fields), format="json", **headers)


def in_days(days, hour=9):
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


# --- registering ---------------------------------------------------------------------


def test_registrations_are_confirmed_until_full_then_waitlisted_in_arrival_order(api_client):
    occurrence = OccurrenceFactory(capacity=1)
    headers = writer()
    answers = [register(api_client, occurrence, headers, number=n) for n in (1, 2, 3)]
    assert [answer.status_code for answer in answers] == [201, 201, 201]
    bodies = [answer.json() for answer in answers]
    assert [(b["status"], b["waitlist_position"]) for b in bodies] == [
        ("confirmed", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]
    first = Registration.objects.get(pk=bodies[0]["id"])
    assert first.source == "api" and first.email == "borger1@example.dk"
    assert bodies[0]["manage_token"] == first.manage_token
    assert bodies[0]["cancel_url"] == f"http://testserver{cancel(first.manage_token)}"


def test_optional_fields_are_stored_with_the_registration(api_client):
    occurrence = OccurrenceFactory()
    answer = register(
        api_client,
        occurrence,
        writer(),
        organisation="Ældre Sagen",
        municipality="376",
        job_title="Frivillighedskonsulent",
        needs="Vegetar",
    )
    assert answer.status_code == 201
    registration = Registration.objects.get()
    assert registration.municipality.code == "376"
    assert (registration.organisation, registration.job_title, registration.needs) == (
        "Ældre Sagen",
        "Frivillighedskonsulent",
        "Vegetar",
    )


def test_a_second_registration_with_the_same_email_is_a_409_and_takes_no_seat(api_client):
    occurrence = OccurrenceFactory()
    headers = writer()
    assert register(api_client, occurrence, headers).status_code == 201
    again = register(api_client, occurrence, headers, email="  BORGER1@example.dk ")
    assert again.status_code == 409
    assert again.json()["code"] == "duplicate"
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    "situation",
    ["window closed", "window not yet open", "started", "full without waiting list", "cancelled"],
)
def test_registration_is_a_422_when_it_cannot_be_accepted(api_client, situation):
    past = timezone.now() - datetime.timedelta(hours=1)
    occurrence = {
        "window closed": lambda: OccurrenceFactory(registration_closes_at=past),
        "window not yet open": lambda: OccurrenceFactory(
            registration_opens_at=timezone.now() + datetime.timedelta(days=1)
        ),
        "started": lambda: OccurrenceFactory(starts_at=past),
        "full without waiting list": lambda: OccurrenceFactory(capacity=0, waitlist_enabled=False),
        "cancelled": lambda: OccurrenceFactory(status=OccurrenceStatus.CANCELLED),
    }[situation]()
    answer = register(api_client, occurrence, writer())
    assert answer.status_code == 422
    assert answer.json()["code"] in {"registration_closed", "full"}
    assert not Registration.objects.exists()


def test_a_full_occurrence_without_waiting_list_says_it_is_full(api_client):
    occurrence = OccurrenceFactory(capacity=1, waitlist_enabled=False)
    RegistrationFactory(occurrence=occurrence)
    answer = register(api_client, occurrence, writer())
    assert (answer.status_code, answer.json()["code"]) == (422, "full")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"consent": None}, "consent"),
        ({"consent": False}, "consent"),
        ({"email": "ikke-en-adresse"}, "email"),
        ({"email": None}, "email"),
        ({"name": "N" * 161}, "name"),
        ({"name": None}, "name"),
        ({"needs": "x" * 1001}, "needs"),
        ({"municipality": "999"}, "municipality"),
    ],
)
def test_bad_input_is_a_400_with_the_field_named(api_client, fields, field):
    payload = {key: value for key, value in {**citizen(), **fields}.items() if value is not None}
    occurrence = OccurrenceFactory()
    answer = api_client.post(registrations(occurrence), payload, format="json", **writer())
    assert answer.status_code == 400
    assert field in answer.json()
    assert not Registration.objects.exists()


def test_a_draft_events_occurrence_cannot_be_registered_for(api_client):
    occurrence = OccurrenceFactory(event=EventFactory(status=EventStatus.KLADDE))
    assert register(api_client, occurrence, writer()).status_code == 404


def test_a_token_without_write_registrations_is_refused_with_403(api_client):
    headers = auth(api_token(scopes=["read", "organiser"])[1])
    assert register(api_client, OccurrenceFactory(), headers).status_code == 403
    assert not Registration.objects.exists()


def test_an_anonymous_client_is_refused_with_401(api_client):
    assert register(api_client, OccurrenceFactory(), {}).status_code == 401
    assert not Registration.objects.exists()


# --- Idempotency-Key -----------------------------------------------------------------


def test_a_retry_with_the_same_idempotency_key_returns_the_first_answer(api_client):
    occurrence = OccurrenceFactory()
    headers = {**writer(), "HTTP_IDEMPOTENCY_KEY": "ordre-17"}
    first = register(api_client, occurrence, headers)
    retry = register(api_client, occurrence, headers)
    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert Registration.objects.count() == 1


def test_a_different_idempotency_key_makes_a_new_registration(api_client):
    occurrence = OccurrenceFactory()
    user = UserFactory()
    first = register(api_client, occurrence, {**writer(user), "HTTP_IDEMPOTENCY_KEY": "a"})
    second = register(
        api_client, occurrence, {**writer(user), "HTTP_IDEMPOTENCY_KEY": "b"}, number=2
    )
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] != second.json()["id"]
    assert Registration.objects.count() == 2


def test_a_refusal_is_replayed_but_a_400_is_not_stored(api_client):
    occurrence = OccurrenceFactory(capacity=0, waitlist_enabled=False)
    headers = {**writer(), "HTTP_IDEMPOTENCY_KEY": "forsoeg"}
    assert register(api_client, occurrence, headers, email="forkert").status_code == 400
    assert not IdempotentRequest.objects.exists()
    refused = register(api_client, occurrence, headers)
    assert refused.status_code == 422
    occurrence.capacity = 5
    occurrence.save()
    # The same key still answers what it answered first: the client asked once.
    assert register(api_client, occurrence, headers).json() == refused.json()
    assert not Registration.objects.exists()


def first_look_misses_the_stored_answer(monkeypatch):
    """The next request looks for its key before the first request has committed."""
    stored = idempotency._stored
    calls = []

    def not_yet_committed(request, key):
        calls.append(key)
        return None if len(calls) == 1 else stored(request, key)

    monkeypatch.setattr(idempotency, "_stored", not_yet_committed)


def test_a_concurrent_retry_that_loses_the_race_replays_the_winners_answer(api_client, monkeypatch):
    """The retry looked before the first request had committed, so it does the work
    itself: it meets the first registration, cannot store a second answer for the key,
    and replays the first one."""
    occurrence = OccurrenceFactory()
    headers = {**writer(), "HTTP_IDEMPOTENCY_KEY": "samtidig"}
    first = register(api_client, occurrence, headers)
    first_look_misses_the_stored_answer(monkeypatch)
    retry = register(api_client, occurrence, headers)
    assert (retry.status_code, retry.json()) == (201, first.json())
    assert Registration.objects.count() == 1
    assert IdempotentRequest.objects.count() == 1


def test_an_over_long_idempotency_key_is_a_400(api_client):
    headers = {**writer(), "HTTP_IDEMPOTENCY_KEY": "k" * 201}
    assert register(api_client, OccurrenceFactory(), headers).status_code == 400
    assert not Registration.objects.exists()


# --- cancelling ----------------------------------------------------------------------


def test_cancelling_by_token_gives_the_seat_to_the_first_on_the_waiting_list(api_client):
    occurrence = OccurrenceFactory(capacity=1)
    headers = writer()
    tokens = [register(api_client, occurrence, headers, number=n).json() for n in (1, 2, 3)]
    answer = api_client.post(cancel(tokens[0]["manage_token"]))
    assert answer.status_code == 200
    assert answer.json()["status"] == "cancelled"
    statuses = list(Registration.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == [
        RegistrationStatus.CANCELLED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    ]


def test_cancelling_twice_answers_200_both_times(api_client):
    registration = RegistrationFactory()
    assert api_client.post(cancel(registration.manage_token)).status_code == 200
    again = api_client.post(cancel(registration.manage_token))
    assert (again.status_code, again.json()["status"]) == (200, "cancelled")


def test_cancelling_with_an_unknown_token_is_a_404(api_client):
    assert api_client.post(cancel("ikke-et-token")).status_code == 404


def test_a_started_occurrence_can_no_longer_be_cancelled(api_client):
    started = OccurrenceFactory(starts_at=timezone.now() - datetime.timedelta(hours=1))
    registration = RegistrationFactory(occurrence=started)
    assert api_client.post(cancel(registration.manage_token)).status_code == 422
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


# --- the organiser's participant list ------------------------------------------------


def participant_list_as(api_client, role, event):
    """Headers for `role`; the event's manager is an organiser among its managers."""
    manager = organiser()
    event.managers.add(manager)
    if role == "anonymous":
        return {}
    if role == "manager's token with organiser":
        return auth(api_token(manager, scopes=["organiser"])[1])
    if role == "manager's token without organiser":
        return auth(api_token(manager, scopes=["read", "write:registrations"])[1])
    if role == "other organiser's token with organiser":
        return auth(api_token(organiser(), scopes=["organiser"])[1])
    if role == "manager's session":
        api_client.force_login(manager)
    elif role == "admin's session":
        api_client.force_login(admin_user())
    elif role == "other organiser's session":
        api_client.force_login(organiser())
    return {}


PARTICIPANT_LIST_STATUS = {
    "anonymous": 401,
    "manager's token with organiser": 200,
    "manager's token without organiser": 403,
    "other organiser's token with organiser": 403,
    "manager's session": 200,
    "admin's session": 200,
    "other organiser's session": 403,
}


@pytest.mark.parametrize("role", PARTICIPANT_LIST_STATUS)
def test_only_the_events_organisers_see_the_participant_list(api_client, role):
    occurrence = OccurrenceFactory()
    RegistrationFactory(occurrence=occurrence)
    headers = participant_list_as(api_client, role, occurrence.event)
    answer = api_client.get(registrations(occurrence), **headers)
    assert answer.status_code == PARTICIPANT_LIST_STATUS[role]


def test_the_participant_list_shows_statuses_and_waiting_list_places(api_client):
    occurrence = OccurrenceFactory(capacity=1)
    RegistrationFactory(occurrence=occurrence, name="Anna", organisation="KL")
    RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.WAITLISTED)
    headers = participant_list_as(api_client, "manager's token with organiser", occurrence.event)
    body = api_client.get(registrations(occurrence), **headers).json()
    assert body["count"] == 4
    rows = body["results"]
    assert [(row["status"], row["waitlist_position"]) for row in rows] == [
        ("confirmed", None),
        ("cancelled", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]
    assert rows[0]["name"] == "Anna" and rows[0]["organisation"] == "KL"
    assert {"email", "municipality", "created_at"} <= rows[0].keys()


# --- reading events ------------------------------------------------------------------


def test_the_list_shows_published_events_only_and_never_an_online_link(api_client):
    published = OccurrenceFactory(
        venue="", address="", city="", online_url="https://meet.example.dk/hemmeligt-rum"
    ).event
    EventFactory(status=EventStatus.KLADDE)
    EventFactory(status=EventStatus.AFLYST)
    answer = api_client.get(EVENTS)
    assert [row["slug"] for row in answer.json()["results"]] == [published.slug]
    assert "hemmeligt-rum" not in answer.content.decode()
    occurrence = answer.json()["results"][0]["occurrences"][0]
    assert occurrence["is_online"] is True
    assert "online_url" not in occurrence


def test_a_draft_event_has_no_detail(api_client):
    draft = EventFactory(status=EventStatus.KLADDE)
    assert api_client.get(f"{EVENTS}{draft.slug}/").status_code == 404


def test_the_event_detail_has_the_documented_shape(api_client):
    event = EventFactory(title="Playmakeren og Fælles-skaberen", price=450)
    event.organisers.add(OrganisationFactory(name="COK"))
    event.hosts.add(OrganisationFactory(name="Herlev Kommune"))
    event.speakers.create(name="Mette", role="playmaker", talk_title="Start småt")
    occurrence = OccurrenceFactory(event=event, starts_at=in_days(30))
    body = api_client.get(f"{EVENTS}{event.slug}/").json()
    assert body["organisers"] == ["COK"] and body["hosts"] == ["Herlev Kommune"]
    assert body["speakers"] == [
        {"name": "Mette", "role": "playmaker", "talk_title": "Start småt", "case": None}
    ]
    assert body["price"] == 450
    assert body["programme"] == ["09.30 Velkomst", "10.00 Playmakeren", "12.00 Frokost"]
    row = body["occurrences"][0]
    offset = timezone.localtime(occurrence.starts_at).isoformat()[-6:]
    assert row["starts_at"] == timezone.localtime(occurrence.starts_at).isoformat()
    assert offset in {"+01:00", "+02:00"}
    assert row["registration_open"] is True
    assert row["registrations_url"] == f"http://testserver{registrations(occurrence)}"


def test_a_speakers_case_is_named_only_when_the_client_may_see_it(api_client):
    from projects.models import Visibility
    from tests.factories import CaseFactory

    event = EventFactory()
    event.speakers.create(name="A", talk_title="Offentlig", order=1, case=CaseFactory(slug="aaben"))
    event.speakers.create(
        name="B",
        talk_title="Kladde",
        order=2,
        case=CaseFactory(slug="hemmelig", visibility=Visibility.KLADDE),
    )
    body = api_client.get(f"{EVENTS}{event.slug}/").json()
    assert [speaker["case"] for speaker in body["speakers"]] == ["aaben", None]


def test_seats_left_counts_confirmed_and_attended_but_not_waiting_or_cancelled(api_client):
    occurrence = OccurrenceFactory(capacity=4)
    for status in (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.ATTENDED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.CANCELLED,
    ):
        RegistrationFactory(occurrence=occurrence, status=status)
    overbooked = OccurrenceFactory(event=occurrence.event, capacity=1, starts_at=in_days(40))
    RegistrationFactory.create_batch(2, occurrence=overbooked)
    rows = api_client.get(f"{EVENTS}{occurrence.event.slug}/").json()["occurrences"]
    assert [row["seats_left"] for row in rows] == [2, 0]


def test_events_come_soonest_first_and_those_with_nothing_ahead_last(api_client):
    later = OccurrenceFactory(starts_at=in_days(50)).event
    sooner = OccurrenceFactory(starts_at=in_days(5)).event
    past = OccurrenceFactory(starts_at=in_days(-5)).event
    slugs = [row["slug"] for row in api_client.get(EVENTS).json()["results"]]
    assert slugs == [sooner.slug, later.slug, past.slug]


@pytest.fixture
def programme():
    """A theme day in Herlev soon (full) and Aarhus later (seats), and a course online."""
    theme_day = EventFactory(kind=EventKind.TEMADAG)
    herlev = OccurrenceFactory(event=theme_day, city="Herlev", capacity=1, starts_at=in_days(10))
    RegistrationFactory(occurrence=herlev)
    OccurrenceFactory(event=theme_day, city="Aarhus", capacity=30, starts_at=in_days(60))
    course = EventFactory(kind=EventKind.KURSUS)
    OccurrenceFactory(event=course, city="", address="", capacity=1, starts_at=in_days(20))
    RegistrationFactory(occurrence=course.occurrences.get())
    return {"theme day": theme_day, "course": course}


def days_ahead(days):
    return in_days(days).date().isoformat()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "temadag"}, {"theme day"}),
        ({"kind": "kursus"}, {"course"}),
        ({"city": "aarhus"}, {"theme day"}),
        ({"city": "Odense"}, set()),
        ({"has_seats": "true"}, {"theme day"}),
        ({"has_seats": "false"}, {"course"}),
        ({"city": "Herlev", "has_seats": "true"}, set()),
        ({"from": "FROM_30"}, {"theme day"}),
        ({"to": "TO_15"}, {"theme day"}),
        ({"from": "FROM_15", "to": "TO_30"}, {"course"}),
        ({"to": "TO_20"}, {"theme day", "course"}),
    ],
)
def test_event_filters_pick_the_events_with_a_matching_date(api_client, programme, query, expected):
    query = {
        key: days_ahead(int(value.split("_")[1])) if "_" in value else value
        for key, value in query.items()
    }
    answer = api_client.get(EVENTS, query)
    assert answer.status_code == 200
    slugs = {row["slug"] for row in answer.json()["results"]}
    assert slugs == {programme[name].slug for name in expected}


@pytest.mark.parametrize(
    "query",
    [
        {"from": "i morgen"},
        {"to": "2026-13-45"},
        {"from": "25-11-2026"},
        {"kind": "fest"},
        {"has_seats": "maybe"},
    ],
)
def test_malformed_filters_are_a_400(api_client, query):
    answer = api_client.get(EVENTS, query)
    assert answer.status_code == 400
    assert next(iter(query)) in answer.json()


def test_the_event_list_costs_the_same_queries_for_3_and_30_events(api_client):
    def queries_for(count):
        for _ in range(count):
            event = EventFactory()
            event.organisers.add(OrganisationFactory())
            event.speakers.create(name="Mette", talk_title="Samskabelse i praksis")
            RegistrationFactory(occurrence=OccurrenceFactory(event=event))
            OccurrenceFactory(event=event, starts_at=in_days(40))
        with CaptureQueriesContext(connection) as context:
            assert api_client.get(EVENTS, {"page_size": 100}).status_code == 200
        return len(context.captured_queries)

    assert queries_for(3) == queries_for(27)


def test_a_current_copy_of_the_list_is_answered_with_304(api_client):
    occurrence = OccurrenceFactory()
    first = api_client.get(EVENTS)
    etag = first["ETag"]
    assert api_client.get(EVENTS, HTTP_IF_NONE_MATCH=etag).status_code == 304
    RegistrationFactory(occurrence=occurrence)  # one seat fewer: a new representation
    changed = api_client.get(EVENTS, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_the_schema_describes_the_events_api_and_validates(api_client):
    schema = api_client.get("/api/v1/schema/", {"format": "json"}).json()
    validate_schema(schema)
    assert {
        "/api/v1/events/",
        "/api/v1/events/{slug}/",
        "/api/v1/occurrences/{occurrence_id}/registrations/",
        "/api/v1/registrations/{token}/cancel/",
    } <= schema["paths"].keys()


def test_events_filter_by_network_and_unknown_networks_are_a_400(api_client):
    from tests.factories import NetworkFactory

    network = NetworkFactory(slug="cok-netvaerket")
    in_network = OccurrenceFactory(event__network=network).event
    OccurrenceFactory()
    response = api_client.get("/api/v1/events/", {"network": "cok-netvaerket"})
    assert [row["slug"] for row in response.json()["results"]] == [in_network.slug]
    assert response.json()["results"][0]["network"] == "cok-netvaerket"
    assert api_client.get("/api/v1/events/", {"network": "findes-ikke"}).status_code == 400
