"""iCalendar files are valid (parsed back with the icalendar library) and put occurrences
at the right moment, also on the days the clocks change."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from events.ics import feed_ics, occurrence_ics
from events.models import OccurrenceStatus
from tests.factories import OccurrenceFactory

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
ONLINE_URL = "https://meet.example.dk/taenketank-42"


def entries(ics):
    return Calendar.from_ical(ics).walk("VEVENT")


def occurrence_at(local_start, **fields):
    starts_at = local_start.replace(tzinfo=COPENHAGEN)
    return OccurrenceFactory(
        starts_at=starts_at, ends_at=starts_at + timezone.timedelta(hours=6), **fields
    )


@pytest.mark.parametrize(
    ("local_start", "utc_start"),
    [
        # 25 October 2026: summer time ended at 03:00 that night, so 10:00 is UTC+1.
        (datetime(2026, 10, 25, 10, 0), datetime(2026, 10, 25, 9, 0, tzinfo=UTC)),
        # The day before, still summer time: UTC+2.
        (datetime(2026, 10, 24, 10, 0), datetime(2026, 10, 24, 8, 0, tzinfo=UTC)),
        # 29 March 2026: summer time began at 02:00, so 10:00 is UTC+2.
        (datetime(2026, 3, 29, 10, 0), datetime(2026, 3, 29, 8, 0, tzinfo=UTC)),
    ],
)
def test_occurrence_starts_at_the_same_moment_in_every_calendar(local_start, utc_start):
    occurrence = occurrence_at(local_start)

    [entry] = entries(occurrence_ics(occurrence, base_url="https://samskabelse.dk"))

    assert entry.decoded("dtstart") == utc_start
    assert entry.decoded("dtend") == utc_start + timezone.timedelta(hours=6)
    assert str(entry["url"]).startswith("https://samskabelse.dk/")


def test_online_link_is_in_the_calendar_only_when_asked_for():
    occurrence = OccurrenceFactory(venue="", address="", city="", online_url=ONLINE_URL)

    [for_confirmed] = entries(occurrence_ics(occurrence, include_online_url=True))
    [for_others] = entries(occurrence_ics(occurrence))

    assert str(for_confirmed["location"]) == ONLINE_URL
    assert "location" not in for_others
    assert ONLINE_URL not in occurrence_ics(occurrence).decode()


def test_cancelled_occurrence_is_marked_cancelled():
    occurrence = OccurrenceFactory(status=OccurrenceStatus.CANCELLED)

    [entry] = entries(occurrence_ics(occurrence))

    assert str(entry["status"]) == "CANCELLED"


def test_feed_has_one_entry_per_occurrence_and_never_an_online_link():
    physical = OccurrenceFactory()
    online = OccurrenceFactory(venue="", address="", city="", online_url=ONLINE_URL)

    feed = entries(feed_ics([physical, online]))

    assert [str(entry["uid"]) for entry in feed] == [
        f"occurrence-{physical.pk}@samskabelse",
        f"occurrence-{online.pk}@samskabelse",
    ]
    assert ONLINE_URL not in feed_ics([physical, online]).decode()
