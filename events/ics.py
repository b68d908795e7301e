"""iCalendar for occurrences: one .ics per occurrence (mail attachment and download) and
the feed of upcoming theme days. Times are written in UTC, which every calendar converts
to the reader's zone, so daylight-saving edges cannot shift them."""

from datetime import UTC

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

PRODUCT_ID = "-//Samskabelse//Temadage//DA"


def _calendar(name=None):
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _entry(occurrence, *, base_url, include_online_url):
    event = occurrence.event
    entry = CalendarEvent()
    entry.add("uid", f"occurrence-{occurrence.pk}@samskabelse")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", occurrence.starts_at.astimezone(UTC))
    entry.add("dtend", occurrence.ends_at.astimezone(UTC))
    entry.add("summary", event.title)
    entry.add("description", event.summary)
    entry.add("url", f"{base_url}{event.get_absolute_url()}")
    if occurrence.is_online:
        if include_online_url:
            entry.add("location", occurrence.online_url)
    else:
        place = ", ".join(part for part in (occurrence.venue, occurrence.address) if part)
        if place:
            entry.add("location", place)
    if occurrence.status == "cancelled":
        entry.add("status", "CANCELLED")
    return entry


def occurrence_ics(occurrence, *, base_url="", include_online_url=False):
    """The .ics of one occurrence. The online link is included only for confirmed
    participants (include_online_url)."""
    calendar = _calendar()
    calendar.add_component(
        _entry(occurrence, base_url=base_url, include_online_url=include_online_url)
    )
    return calendar.to_ical()


def feed_ics(occurrences, *, base_url="", name="Samskabelse – temadage"):
    calendar = _calendar(name)
    for occurrence in occurrences:
        calendar.add_component(_entry(occurrence, base_url=base_url, include_online_url=False))
    return calendar.to_ical()


def site_url():
    return settings.SITE_URL
