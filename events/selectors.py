"""Reads of theme days. The citizen pages, the feed and the calendar files ask these
functions, so "what is upcoming" and "how many seats are left" are answered in one place.

Seats left are counted in the same query as the occurrences (a correlated subquery), so a
list of 3 or 300 occurrences costs the same number of queries."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from projects.selectors import cases_visible_to
from samskabelse.models import Municipality

from .models import (
    ACTIVE_STATUSES,
    SEAT_STATUSES,
    Event,
    EventStatus,
    Occurrence,
    OccurrenceStatus,
    Registration,
    Subscriber,
)

LISTED_EVENT_STATUSES = [EventStatus.OFFENTLIGGJORT]
# A cancelled event keeps its page (people who registered follow old links to it).
VISIBLE_EVENT_STATUSES = [EventStatus.OFFENTLIGGJORT, EventStatus.AFLYST]


def _seats_taken():
    taken = (
        Registration.objects.filter(occurrence=OuterRef("pk"), status__in=SEAT_STATUSES)
        .order_by()
        .values("occurrence")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(taken, output_field=IntegerField()), Value(0))


def with_seats_left(occurrences):
    """Annotate `seats_left_count` (never below 0) in the same query."""
    return occurrences.annotate(seats_left_count=Greatest(F("capacity") - _seats_taken(), Value(0)))


def seats_left(occurrence):
    """Free seats of one occurrence: the annotation when the occurrence came from a list
    selector, otherwise one count query."""
    if hasattr(occurrence, "seats_left_count"):
        return occurrence.seats_left_count
    taken = occurrence.registrations.filter(status__in=SEAT_STATUSES).count()
    return max(occurrence.capacity - taken, 0)


def _published_occurrences():
    return with_seats_left(
        Occurrence.objects.filter(event__status__in=LISTED_EVENT_STATUSES).select_related("event")
    )


def upcoming_occurrences(filters=None):
    """Occurrences of published events that have not ended, soonest first.

    `filters` may hold `kind` (EventKind value), `city`, `month` ("YYYY-MM", Copenhagen
    time) and `has_seats` (only planned occurrences with a free seat)."""
    filters = filters or {}
    occurrences = _published_occurrences().filter(ends_at__gt=timezone.now())
    if filters.get("kind"):
        occurrences = occurrences.filter(event__kind=filters["kind"])
    if filters.get("city"):
        occurrences = occurrences.filter(city__iexact=filters["city"])
    if filters.get("month"):
        year, month = (int(part) for part in filters["month"].split("-"))
        # __year/__month use the current time zone (Europe/Copenhagen) when USE_TZ is on.
        occurrences = occurrences.filter(starts_at__year=year, starts_at__month=month)
    if filters.get("has_seats"):
        occurrences = occurrences.filter(status=OccurrenceStatus.PLANNED, seats_left_count__gt=0)
    return occurrences.order_by("starts_at", "pk")


def past_occurrences():
    """Occurrences of published events that have ended, newest first (the archive)."""
    return _published_occurrences().filter(ends_at__lte=timezone.now()).order_by("-starts_at")


def events_for_occurrences(occurrences, *, newest_first=False):
    """The events of `occurrences`, each with `listed_occurrences` (only those in the
    queryset, seats annotated), ordered by their first listed occurrence. Three queries,
    however many events and occurrences: events, count (for pagination) and occurrences."""
    first_start = Subquery(
        occurrences.filter(event=OuterRef("pk")).order_by("starts_at").values("starts_at")[:1]
    )
    if newest_first:
        first_start = Subquery(
            occurrences.filter(event=OuterRef("pk")).order_by("-starts_at").values("starts_at")[:1]
        )
    return (
        Event.objects.filter(pk__in=occurrences.values("event_id"))
        .annotate(first_start=first_start)
        .order_by("-first_start" if newest_first else "first_start", "pk")
        .prefetch_related(
            Prefetch(
                "occurrences",
                queryset=occurrences.select_related(None),
                to_attr="listed_occurrences",
            )
        )
    )


def cities_with_upcoming_occurrences():
    return list(
        upcoming_occurrences()
        .exclude(city="")
        .order_by("city")
        .values_list("city", flat=True)
        .distinct()
    )


def months_with_upcoming_occurrences():
    """Aware datetimes (first of each month, Copenhagen time) with an upcoming occurrence."""
    return list(
        Occurrence.objects.filter(
            event__status__in=LISTED_EVENT_STATUSES, ends_at__gt=timezone.now()
        ).datetimes("starts_at", "month")
    )


def event_for_page(*, slug, user):
    """A published (or cancelled) event with what its page shows, or Event.DoesNotExist.

    Each speaker gets `visible_case`: the linked case only when `user` may see it."""
    event = (
        Event.objects.filter(status__in=VISIBLE_EVENT_STATUSES)
        .prefetch_related(
            "organisers",
            "hosts",
            "speakers",
            Prefetch(
                "occurrences",
                queryset=with_seats_left(Occurrence.objects.order_by("starts_at", "pk")),
                to_attr="all_occurrences",
            ),
        )
        .get(slug=slug)
    )
    speakers = list(event.speakers.all())
    case_ids = {speaker.case_id for speaker in speakers if speaker.case_id}
    visible_cases = (
        {case.pk: case for case in cases_visible_to(user).filter(pk__in=case_ids)}
        if case_ids
        else {}
    )
    for speaker in speakers:
        speaker.visible_case = visible_cases.get(speaker.case_id)
    event.speaker_list = speakers
    for occurrence in event.all_occurrences:
        occurrence.event = event
    return event


def occurrence_of_event(*, slug, occurrence_id):
    """One occurrence of a visible event (seats annotated), or Occurrence.DoesNotExist."""
    return _occurrence_queryset().get(pk=occurrence_id, event__slug=slug)


def _occurrence_queryset():
    return with_seats_left(
        Occurrence.objects.filter(event__status__in=VISIBLE_EVENT_STATUSES).select_related("event")
    )


def registration_by_token(token):
    """The registration a secret manage link points to, or Registration.DoesNotExist."""
    return Registration.objects.select_related(
        "occurrence__event", "municipality", "registered_by"
    ).get(manage_token=token, anonymised_at__isnull=True)


def colleagues_registered_by(registration):
    """The colleagues a registrant registered with their group, still active, in arrival
    order (none for a colleague: only the registrant sees and changes the group)."""
    if registration.registered_by_id is not None:
        return Registration.objects.none()
    return registration.group_members.filter(status__in=ACTIVE_STATUSES).order_by("pk")


# Days are counted in the platform's own time zone, whatever zone a request or a worker is in.
RETENTION_TIME_ZONE = ZoneInfo("Europe/Copenhagen")


def anonymisation_date(registration_or_occurrence, *, retention_days=None):
    """The day on which the retention job anonymises the registrations of an occurrence:
    the day after REGISTRATION_RETENTION_DAYS days have passed since the day it ended
    (so never sooner than that many days after its end). The receipt, the mails, the manage
    page and the API say this date, and the job takes its cutoff from anonymisation_cutoff,
    the same rule read the other way, so the date shown is the date it happens."""
    occurrence = registration_or_occurrence
    if isinstance(occurrence, Registration):
        occurrence = occurrence.occurrence
    if retention_days is None:
        retention_days = settings.REGISTRATION_RETENTION_DAYS
    ended_on = timezone.localtime(occurrence.ends_at, RETENTION_TIME_ZONE).date()
    return ended_on + timedelta(days=retention_days + 1)


def anonymisation_cutoff(*, now, retention_days):
    """Registrations of occurrences that ended before this moment are due when the job runs
    at `now`: exactly those whose anonymisation_date is today or earlier (Copenhagen)."""
    today = timezone.localtime(now, RETENTION_TIME_ZONE).date()
    day = today - timedelta(days=retention_days)
    return datetime.combine(day, time.min, tzinfo=RETENTION_TIME_ZONE)


def other_dates_with_free_seats(occurrence):
    """The same event's other dates a person can still register for and get a seat on at
    once: planned, registration open now, at least one free seat; soonest first."""
    now = timezone.now()
    return (
        with_seats_left(
            Occurrence.objects.filter(
                event_id=occurrence.event_id,
                event__status__in=LISTED_EVENT_STATUSES,
                status=OccurrenceStatus.PLANNED,
                starts_at__gt=now,
            )
            .filter(Q(registration_opens_at__isnull=True) | Q(registration_opens_at__lte=now))
            .filter(Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=now))
            .exclude(pk=occurrence.pk)
            .select_related("event")
        )
        .filter(seats_left_count__gt=0)
        .order_by("starts_at", "pk")
    )


def municipality_choices():
    """(kommunekode, name) of the 98 municipalities, for one select shared by all forms."""
    return list(Municipality.objects.order_by("name").values_list("code", "name"))


def subscriber_by_token(token):
    """The newsletter subscriber a mailed link points to, or Subscriber.DoesNotExist."""
    return Subscriber.objects.get(token=token)


def published_events():
    """Published events, each with the start of its next planned occurrence, soonest
    first; events with nothing ahead come last."""
    upcoming = Occurrence.objects.filter(
        event=OuterRef("pk"), status=OccurrenceStatus.PLANNED, starts_at__gte=timezone.now()
    ).order_by("starts_at")
    return (
        Event.objects.filter(status__in=LISTED_EVENT_STATUSES)
        .select_related("network")
        .annotate(next_starts_at=Subquery(upcoming.values("starts_at")[:1]))
        .order_by(F("next_starts_at").asc(nulls_last=True), "title", "pk")
    )


def upcoming_occurrences_managed_by(user):
    """Dates not yet ended of the events `user` runs (every event for an admin), soonest
    first, each with `seats_taken_count` counted in the same query."""
    occurrences = Occurrence.objects.filter(ends_at__gt=timezone.now())
    if not user.is_superuser:
        occurrences = occurrences.filter(event__managers=user)
    return (
        occurrences.annotate(seats_taken_count=_seats_taken())
        .select_related("event")
        .order_by("starts_at", "pk")
    )
