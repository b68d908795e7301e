"""Citizen pages for theme days: the list with filters, the event page with registration,
the receipt, the manage link and the calendar files."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar

from events.models import EventKind, EventStatus, Registration, RegistrationStatus
from events.views import SUBMISSIONS_PER_WINDOW
from tests.factories import (
    CaseFactory,
    EventFactory,
    OccurrenceFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

INDEX_URL = reverse("events:index")
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def da(text):
    """What the Danish page says for an English source string (the catalogue's translation
    once it is merged, the source until then)."""
    with translation.override("da"):
        return gettext(text)


def in_days(days, hour=9):
    return (timezone.now() + timezone.timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def register_url(occurrence):
    return reverse("events:register", args=[occurrence.event.slug, occurrence.pk])


def form_data(occurrence, **overrides):
    data = {
        "name": "Mette Hansen",
        "email": "mette@guldborgsund.dk",
        "organisation": "Guldborgsund Kommune",
        "municipality": "376",
        "job_title": "Playmaker",
        "needs": "Vegetar",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    prefix = f"occurrence-{occurrence.pk}-"
    return {prefix + key: value for key, value in data.items() if value is not None}


def register(client, occurrence, ip="192.0.2.20", **overrides):
    return client.post(register_url(occurrence), form_data(occurrence, **overrides), REMOTE_ADDR=ip)


def listed_titles(response):
    return [event.title for event in response.context["events"]]


# --- The list -----------------------------------------------------------------------------


def test_list_shows_upcoming_published_events_with_seats_left(client):
    occurrence = OccurrenceFactory(event__title="Playmakeren", capacity=3)
    RegistrationFactory(occurrence=occurrence)

    response = client.get(INDEX_URL)

    assert listed_titles(response) == ["Playmakeren"]
    assert f'href="{occurrence.event.get_absolute_url()}"' in response.content.decode()
    assert response.context["events"][0].listed_occurrences[0].seats_left_count == 2


def test_list_says_waiting_list_or_fully_booked_when_no_seats_are_left(client):
    waiting = OccurrenceFactory(event__title="Med venteliste", capacity=1)
    full = OccurrenceFactory(event__title="Uden venteliste", capacity=1, waitlist_enabled=False)
    RegistrationFactory(occurrence=waiting)
    RegistrationFactory(occurrence=full)

    page = client.get(INDEX_URL).content.decode()

    assert da("Waiting list") in page
    assert da("Fully booked") in page


def test_list_filters_by_kind_city_and_month(client):
    OccurrenceFactory(event__title="Temadag i Herlev", city="Herlev", starts_at=in_days(20))
    OccurrenceFactory(
        event__title="Kursus i Aarhus",
        event__kind=EventKind.KURSUS,
        city="Aarhus",
        starts_at=in_days(80),
    )
    month = timezone.localtime(in_days(80)).strftime("%Y-%m")

    assert listed_titles(client.get(INDEX_URL, {"kind": EventKind.KURSUS})) == ["Kursus i Aarhus"]
    assert listed_titles(client.get(INDEX_URL, {"city": "Herlev"})) == ["Temadag i Herlev"]
    assert listed_titles(client.get(INDEX_URL, {"month": month})) == ["Kursus i Aarhus"]


def test_only_with_free_seats_filter_leaves_out_full_occurrences(client):
    OccurrenceFactory(event__title="Ledige pladser", capacity=5)
    full = OccurrenceFactory(event__title="Fuldt", capacity=1)
    RegistrationFactory(occurrence=full)

    assert listed_titles(client.get(INDEX_URL, {"has_seats": "on"})) == ["Ledige pladser"]
    assert sorted(listed_titles(client.get(INDEX_URL))) == ["Fuldt", "Ledige pladser"]


def test_unknown_filter_values_are_ignored(client):
    OccurrenceFactory(event__title="Temadag")

    response = client.get(INDEX_URL, {"kind": "cirkus", "month": "2099-13"})

    assert response.status_code == 200
    assert listed_titles(response) == ["Temadag"]


def test_draft_events_are_hidden_from_list_page_and_feed(client):
    draft = OccurrenceFactory(event__title="Hemmelig kladde", event__status=EventStatus.KLADDE)

    assert listed_titles(client.get(INDEX_URL)) == []
    assert client.get(draft.event.get_absolute_url()).status_code == 404
    assert b"Hemmelig kladde" not in client.get(reverse("events_feed")).content


def test_past_occurrences_are_in_the_archive_not_the_list(client):
    OccurrenceFactory(event__title="Sidste år", starts_at=in_days(-30))
    OccurrenceFactory(event__title="Næste måned", starts_at=in_days(30))

    assert listed_titles(client.get(INDEX_URL)) == ["Næste måned"]
    assert listed_titles(client.get(reverse("events:archive"))) == ["Sidste år"]


def test_empty_list_says_so(client):
    assert da("No upcoming theme days") in client.get(INDEX_URL).content.decode()


def _list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(INDEX_URL).status_code == 200
    return len(queries)


def test_list_query_count_is_the_same_for_3_and_30_occurrences(
    client, django_assert_max_num_queries
):
    for _ in range(3):
        OccurrenceFactory()
    few = _list_queries(client)

    for _ in range(9):
        event = EventFactory()
        for day in range(3):
            occurrence = OccurrenceFactory(event=event, starts_at=in_days(10 + day))
            RegistrationFactory(occurrence=occurrence)
    with django_assert_max_num_queries(few):
        response = client.get(INDEX_URL)
    assert sum(len(event.listed_occurrences) for event in response.context["events"]) >= 28


# --- The event page -----------------------------------------------------------------------


def test_event_page_shows_programme_speakers_hosts_price_and_a_form_per_date(client):
    occurrence = OccurrenceFactory(event__price=0)
    OccurrenceFactory(event=occurrence.event, starts_at=in_days(40))
    case = CaseFactory(title="Bakkehuset")
    occurrence.event.speakers.create(name="Anne", talk_title="Playmakeren i praksis", case=case)
    hidden = CaseFactory(title="Hemmelig case", visibility="kladde")
    occurrence.event.speakers.create(name="Bo", talk_title="Fælles-skaberen", case=hidden)

    page = client.get(occurrence.event.get_absolute_url()).content.decode()

    assert "10.00 Playmakeren" in page
    assert "Playmakeren i praksis" in page
    assert case.get_absolute_url() in page
    assert "Hemmelig case" not in page
    assert da("Free") in page
    assert page.count('class="event-form"') == 2
    assert 'name="occurrence-' in page


def test_time_after_spring_forward_is_shown_in_copenhagen_time(client):
    starts_at = datetime(2027, 3, 28, 10, 0, tzinfo=COPENHAGEN)  # the day clocks go forward
    occurrence = OccurrenceFactory(starts_at=starts_at, ends_at=starts_at.replace(hour=15))

    page = client.get(occurrence.event.get_absolute_url()).content.decode()

    assert "10.00</time>" in page
    assert "15.00</time>" in page
    assert 'datetime="2027-03-28T10:00:00+02:00"' in page


def test_occurrence_with_no_seats_and_no_waiting_list_shows_no_form(client):
    occurrence = OccurrenceFactory(capacity=0, waitlist_enabled=False)

    page = client.get(occurrence.event.get_absolute_url()).content.decode()

    assert 'class="event-form"' not in page
    assert da("Fully booked") in page


# --- Registration -------------------------------------------------------------------------


def test_registration_leads_to_a_receipt_saying_you_are_registered(client):
    occurrence = OccurrenceFactory()

    response = register(client, occurrence)

    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.municipality.code == "376"
    assert response.url == reverse("events:receipt", args=[registration.manage_token])
    receipt = client.get(response.url)
    assert da("You are registered") in receipt.content.decode()
    assert receipt["Cache-Control"].count("no-store") == 1
    assert receipt["Referrer-Policy"] == "same-origin"


def test_receipt_tells_the_position_on_the_waiting_list(client):
    occurrence = OccurrenceFactory(capacity=1)
    RegistrationFactory(occurrence=occurrence)
    RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.WAITLISTED)

    receipt = client.get(register(client, occurrence).url).content.decode()

    with translation.override("da"):
        expected = gettext("You are number %(position)s on the waiting list") % {"position": 2}
    assert expected in receipt


def test_second_registration_with_the_same_email_gets_a_message_and_no_seat(client):
    occurrence = OccurrenceFactory()
    register(client, occurrence, email="mette@guldborgsund.dk")

    response = register(client, occurrence, email="Mette@Guldborgsund.dk")

    assert response.status_code == 409
    assert Registration.objects.count() == 1
    assert (
        da("You are already registered with this email. We have sent the mail again.")
        in response.content.decode()
    )


def test_closed_registration_window_refuses(client):
    occurrence = OccurrenceFactory(registration_closes_at=in_days(-1))

    response = register(client, occurrence)

    assert response.status_code == 422
    assert da("Registration for this date is closed.") in response.content.decode()
    assert not Registration.objects.exists()


def test_occurrence_that_has_started_refuses(client):
    occurrence = OccurrenceFactory(
        starts_at=timezone.now() - timezone.timedelta(hours=1),
        ends_at=timezone.now() + timezone.timedelta(hours=3),
    )

    assert register(client, occurrence).status_code == 422
    assert not Registration.objects.exists()


def test_capacity_0_without_waiting_list_refuses(client):
    occurrence = OccurrenceFactory(capacity=0, waitlist_enabled=False)

    response = register(client, occurrence)

    assert response.status_code == 422
    assert da("All seats are taken and there is no waiting list.") in response.content.decode()
    assert not Registration.objects.exists()


def test_invalid_email_is_shown_beside_the_field(client):
    occurrence = OccurrenceFactory()

    response = register(client, occurrence, email="ikke-en-adresse")

    assert response.status_code == 400
    form = response.context["event"].all_occurrences[0].form
    assert list(form.errors) == ["email"]
    assert 'class="field field--error"' in response.content.decode()
    assert not Registration.objects.exists()


def test_over_long_fields_are_shown_beside_the_fields(client):
    occurrence = OccurrenceFactory()

    response = register(client, occurrence, name="x" * 161, needs="y" * 1001)

    assert response.status_code == 400
    form = response.context["event"].all_occurrences[0].form
    assert sorted(form.errors) == ["name", "needs"]
    assert not Registration.objects.exists()


def test_missing_consent_is_refused(client):
    occurrence = OccurrenceFactory()

    response = register(client, occurrence, consent=None)

    assert response.status_code == 400
    assert da("We need your consent to register you.") in response.content.decode()
    assert not Registration.objects.exists()


def test_honeypot_stores_nothing_and_looks_like_a_receipt(client):
    occurrence = OccurrenceFactory()

    response = register(client, occurrence, website="http://spam.example")

    assert response.status_code == 200
    assert da("You are registered") in response.content.decode()
    assert not Registration.objects.exists()


def test_many_registrations_from_one_address_are_slowed_down(client):
    occurrence = OccurrenceFactory(capacity=100)
    for number in range(SUBMISSIONS_PER_WINDOW):
        register(client, occurrence, email=f"deltager{number}@kommune.dk")

    response = register(client, occurrence, email="en-for-meget@kommune.dk")

    assert response.status_code == 429
    assert Registration.objects.count() == SUBMISSIONS_PER_WINDOW
    assert register(client, occurrence, ip="192.0.2.99", email="ny@kommune.dk").status_code == 302


# --- The manage page ----------------------------------------------------------------------


def test_manage_page_shows_the_registration_without_login_and_keeps_the_token_secret(client):
    registration = RegistrationFactory(name="Mette Hansen")

    response = client.get(registration.get_absolute_url())

    assert response.status_code == 200
    assert "Mette Hansen" in response.content.decode()
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_unknown_manage_token_is_404(client):
    assert client.get(reverse("events:manage", args=["ukendt"])).status_code == 404


def test_cancelling_on_the_manage_page_gives_the_seat_to_the_first_waiting(client):
    occurrence = OccurrenceFactory(capacity=1)
    confirmed = RegistrationFactory(occurrence=occurrence)
    first = RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.WAITLISTED)
    second = RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.WAITLISTED)

    response = client.post(reverse("events:cancel", args=[confirmed.manage_token]), follow=True)

    assert da("Your registration is cancelled.") in response.content.decode()
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses == {
        confirmed.pk: RegistrationStatus.CANCELLED,
        first.pk: RegistrationStatus.CONFIRMED,
        second.pk: RegistrationStatus.WAITLISTED,
    }


def test_cancel_needs_a_post_and_a_get_only_asks_for_confirmation(client):
    registration = RegistrationFactory()

    assert client.get(reverse("events:cancel", args=[registration.manage_token])).status_code == 200
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


ONLINE_URL = "https://meet.example/taenketank"


def online_occurrence():
    return OccurrenceFactory(venue="", address="", city="", online_url=ONLINE_URL, capacity=1)


def test_online_link_is_shown_to_confirmed_participants_only(client):
    occurrence = online_occurrence()
    confirmed = RegistrationFactory(occurrence=occurrence)
    waiting = RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.WAITLISTED)

    assert ONLINE_URL in client.get(confirmed.get_absolute_url()).content.decode()
    assert ONLINE_URL not in client.get(waiting.get_absolute_url()).content.decode()
    assert ONLINE_URL not in client.get(occurrence.event.get_absolute_url()).content.decode()
    assert ONLINE_URL not in client.get(INDEX_URL).content.decode()


# --- Calendar files -----------------------------------------------------------------------


def calendar_events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_feed_is_valid_icalendar_with_every_upcoming_occurrence(client):
    starts_at = datetime(2027, 3, 28, 10, 0, tzinfo=COPENHAGEN)
    OccurrenceFactory(starts_at=starts_at, ends_at=starts_at.replace(hour=15))
    OccurrenceFactory()
    OccurrenceFactory(starts_at=in_days(-10))

    entries = calendar_events(client.get(reverse("events_feed")))

    assert len(entries) == 2
    assert starts_at in [entry.decoded("dtstart") for entry in entries]


def test_occurrence_ics_is_valid_and_never_has_the_online_link(client):
    occurrence = online_occurrence()
    url = reverse("events:occurrence_ics", args=[occurrence.event.slug, occurrence.pk])

    response = client.get(url)

    (entry,) = calendar_events(response)
    assert entry.decoded("dtstart") == occurrence.starts_at
    assert ONLINE_URL not in response.content.decode()


def test_manage_calendar_has_the_online_link_once_confirmed(client):
    occurrence = online_occurrence()
    confirmed = RegistrationFactory(occurrence=occurrence)
    waiting = RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.WAITLISTED)

    def calendar_of(registration):
        url = reverse("events:manage_calendar", args=[registration.manage_token])
        response = client.get(url)
        calendar_events(response)
        return response.content.decode()

    assert ONLINE_URL in calendar_of(confirmed)
    assert ONLINE_URL not in calendar_of(waiting)
