"""`seed_demo` for events: the COK/KL theme day moved into the coming months, the online
think tank, the movement's founding meeting with its waiting list, loaded idempotently."""

from datetime import time
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from events import demo_data
from events.models import (
    SEAT_STATUSES,
    Event,
    EventKind,
    Occurrence,
    Registration,
    RegistrationStatus,
)
from events.services import can_manage_event
from samskabelse.models import User

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo")


def counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def stamps():
    return {
        "events": dict(Event.objects.values_list("slug", "updated_at")),
        "occurrences": list(Occurrence.objects.values_list("pk", "starts_at", "ends_at")),
        "registrations": dict(Registration.objects.values_list("email", "updated_at")),
    }


def test_seeding_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    before, before_stamps = counts(), stamps()
    call_command("seed_demo")
    assert counts() == before
    assert stamps() == before_stamps
    assert before["events.Event"] == 3
    assert before["events.Occurrence"] == 4


def test_two_theme_day_occurrences_ahead_with_registration_open(seeded):
    event = Event.objects.get(slug=demo_data.THEME_DAY_SLUG)
    assert event.kind == EventKind.TEMADAG and event.price > 0
    herlev, aarhus = event.occurrences.order_by("starts_at")
    assert (herlev.city, aarhus.city) == ("Herlev", "Aarhus")
    now = timezone.now()
    for occurrence in (herlev, aarhus):
        assert occurrence.starts_at > now
        assert occurrence.registration_is_open()
        local_start = timezone.localtime(occurrence.starts_at, COPENHAGEN)
        local_end = timezone.localtime(occurrence.ends_at, COPENHAGEN)
        assert (local_start.time(), local_end.time()) == (time(9, 30), time(15, 30))
    herlev_day = timezone.localtime(herlev.starts_at, COPENHAGEN).date()
    aarhus_day = timezone.localtime(aarhus.starts_at, COPENHAGEN).date()
    assert herlev_day.weekday() == 4  # a Friday, as 9 December 2016
    assert (aarhus_day - herlev_day).days == 3


def test_theme_day_hosts_organisers_speakers_and_programme(seeded):
    event = Event.objects.get(slug=demo_data.THEME_DAY_SLUG)
    assert set(event.hosts.values_list("name", flat=True)) == {
        "Skanderborg Kommune",
        "Holbæk Kommune",
    }
    organisers = set(event.organisers.values_list("name", flat=True))
    assert organisers == {demo_data.COK, demo_data.KL}
    speakers = list(event.speakers.all())
    assert len(speakers) == 3 and all(speaker.talk_title for speaker in speakers)
    assert {speaker.case.slug for speaker in speakers} == {
        "skanderborg-playmakere",
        "holbaek-faelles-skabere",
    }
    assert len(event.programme.splitlines()) >= 8


def test_online_think_tank_is_one_hour_on_the_next_first_of_december(seeded):
    event = Event.objects.get(kind=EventKind.ONLINE_TAENKETANK)
    occurrence = event.occurrences.get()
    local = timezone.localtime(occurrence.starts_at, COPENHAGEN)
    assert (local.month, local.day) == (12, 1)
    assert occurrence.starts_at > timezone.now()
    assert occurrence.ends_at - occurrence.starts_at == timezone.timedelta(hours=1)
    assert occurrence.is_online
    assert occurrence.online_url.startswith("https://moede.example.dk/")
    assert occurrence.registration_is_open()
    # UKON's note invites to "en gratis online og virtuel tænketank á 1 times varighed".
    assert list(event.organisers.values_list("name", flat=True)) == ["UKON"]
    assert event.price == 0


def test_founding_meeting_is_full_with_a_waiting_list_as_long_again(seeded):
    occurrence = Occurrence.objects.get(event__slug=demo_data.FOUNDING_SLUG)
    assert (occurrence.venue, occurrence.city) == ("Fællessalen, Folketinget", "København")
    assert occurrence.capacity == 150 and occurrence.waitlist_enabled
    registrations = occurrence.registrations
    assert registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 150
    assert registrations.filter(status=RegistrationStatus.WAITLISTED).count() == 150
    confirmed_last = registrations.filter(status=RegistrationStatus.CONFIRMED).last()
    waiting_first = registrations.filter(status=RegistrationStatus.WAITLISTED).first()
    assert confirmed_last.pk < waiting_first.pk  # the waiting list is in arrival order


def test_every_status_on_the_theme_day_and_never_more_seats_than_capacity(seeded):
    occurrences = Occurrence.objects.filter(event__slug=demo_data.THEME_DAY_SLUG)
    registrations = Registration.objects.filter(occurrence__in=occurrences)
    assert set(registrations.values_list("status", flat=True)) == set(RegistrationStatus.values)
    for occurrence in Occurrence.objects.all():
        seats = occurrence.registrations.filter(status__in=SEAT_STATUSES).count()
        assert seats <= occurrence.capacity
        if occurrence.registrations.filter(status=RegistrationStatus.WAITLISTED).exists():
            assert seats == occurrence.capacity


def test_registrations_are_invented_valid_and_consented(seeded):
    registrations = Registration.objects.all()
    assert registrations.count() == 150 + 150 + 47 + 14
    for registration in registrations:
        registration.full_clean()
        assert registration.email.endswith("@example.dk")
        assert registration.consent_at and registration.consent_version
    assert not registrations.filter(status=RegistrationStatus.CANCELLED, cancelled_at=None)
    assert not registrations.filter(status=RegistrationStatus.ATTENDED, checked_in_at=None)


def test_the_demo_organiser_manages_every_demo_event(seeded):
    organiser = User.objects.get(email=demo_data.ORGANISER_EMAIL)
    for event in Event.objects.all():
        assert event.managers.filter(pk=organiser.pk).exists()
        assert can_manage_event(organiser, event)
