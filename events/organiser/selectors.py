"""Reads behind the organiser pages and exports: each takes the viewer or returns a
queryset with its joins inside, so a list costs the same few queries however long it is."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.selectors import cases_visible_to
from samskabelse.models import Municipality, Region, User

from ..models import (
    ACTIVE_STATUSES,
    ENTRY,
    SEAT_STATUSES,
    Event,
    Occurrence,
    OccurrenceStatus,
    QuotaScope,
    Registration,
    RegistrationStatus,
    WaitlistReason,
)
from ..services import ORGANISER_CONSENT_PREFIX, quota_seats_taken


def speakers_of(event, *, user):
    """The event's speakers, each with its linked case only when `user` may see it: a
    co-manager from another municipality does not learn a draft case's title here."""
    return event.speakers.prefetch_related(
        Prefetch("case", queryset=cases_visible_to(user).select_related(None))
    )


def with_counts(occurrences):
    """Seats taken (confirmed and attended), waitlisted and attended, in the same query."""
    return occurrences.annotate(
        total=Count("registrations"),
        confirmed=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
        ),
        seats_taken=Count("registrations", filter=Q(registrations__status__in=SEAT_STATUSES)),
        waitlisted=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
        ),
        attended=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.ATTENDED)
        ),
        cancelled=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.CANCELLED)
        ),
    )


def events_managed_by(user):
    """The events the user runs (every event for an admin), each with its occurrences and
    their counts: two queries for the whole dashboard."""
    events = Event.objects.all()
    if not user.is_superuser:
        events = events.filter(managers=user)
    occurrences = with_counts(Occurrence.objects.order_by("starts_at"))
    return events.prefetch_related(Prefetch("occurrences", queryset=occurrences))


def occurrence_with_counts(pk):
    """One occurrence with its event and counts, or Occurrence.DoesNotExist."""
    return with_counts(Occurrence.objects.select_related("event")).get(pk=pk)


PARTICIPANT_ORDERS = {"arrival": ("pk",), "name": ("name", "pk")}


def registrations_of(occurrence, *, query="", status="", order="arrival"):
    """The occurrence's registrations, optionally of one status and only those whose name,
    email or organisation contains `query`, in arrival order or by name. A queryset, so
    a page of it is read with one query."""
    registrations = occurrence.registrations.select_related(
        "municipality", "registered_by"
    ).annotate(
        colleague_count=Count("group_members", filter=Q(group_members__status__in=ACTIVE_STATUSES))
    )
    if status:
        registrations = registrations.filter(status=status)
    if query:
        registrations = registrations.filter(
            Q(name__icontains=query) | Q(email__icontains=query) | Q(organisation__icontains=query)
        )
    return registrations.order_by(*PARTICIPANT_ORDERS.get(order, PARTICIPANT_ORDERS["arrival"]))


def number_waiting_list(occurrence, registrations):
    """Give each registration its `waitlist_position` (None unless waiting), counted over
    the whole waiting list in one query, so a search or a page does not renumber it. A
    group is one entry: its members share their entry's place."""
    entries = (
        occurrence.registrations.filter(status=RegistrationStatus.WAITLISTED)
        .annotate(entry=ENTRY)
        .order_by("entry")
        .values_list("entry", flat=True)
        .distinct()
    )
    positions = {entry: number for number, entry in enumerate(entries, 1)}
    registrations = list(registrations)
    for registration in registrations:
        registration.waitlist_position = (
            positions.get(registration.entry_id)
            if registration.status == RegistrationStatus.WAITLISTED
            else None
        )
    return registrations


def participants(occurrence, *, query="", status="", order="arrival", pks=None):
    """The occurrence's registrations as a numbered list (exports, check-in, print);
    `pks` narrows it to a selection."""
    registrations = registrations_of(occurrence, query=query, status=status, order=order)
    if pks is not None:
        registrations = registrations.filter(pk__in=pks)
    return number_waiting_list(occurrence, registrations)


def registration_for_organiser(pk):
    """One registration with its occurrence and event, or Registration.DoesNotExist; the
    caller checks that the viewer manages the event."""
    return Registration.objects.select_related("occurrence__event", "municipality").get(pk=pk)


def other_dates(occurrence):
    """The other planned, future dates of the same event, with counts: where people can be
    moved to."""
    return with_counts(
        occurrence.event.occurrences.exclude(pk=occurrence.pk).filter(
            status=OccurrenceStatus.PLANNED, starts_at__gt=timezone.now()
        )
    ).order_by("starts_at")


def sent_messages(occurrence):
    """The messages sent to the occurrence's participants, newest first, with the sender."""
    return occurrence.sent_messages.select_related("sender")


def registered_by(registration):
    """The organiser who registered this person by hand, or None."""
    prefix = ORGANISER_CONSENT_PREFIX
    if registration.source != "organiser" or not registration.consent_version.startswith(prefix):
        return None
    return User.objects.filter(pk=registration.consent_version[len(prefix) :]).first()


def quota_use(occurrence):
    """The quota's use per municipality (or region), for the occurrence's page: each unit
    with seats taken or people waiting for the quota, by name, with `taken`, `cap` and
    `waiting`. Two grouped queries (and one for the names); empty without a quota."""
    if occurrence.quota_scope == QuotaScope.NONE:
        return []
    region = occurrence.quota_scope == QuotaScope.REGION
    field = "municipality__region" if region else "municipality_id"
    taken = quota_seats_taken(occurrence)
    waiting = {
        row[field]: row["waiting"]
        for row in occurrence.registrations.filter(
            status=RegistrationStatus.WAITLISTED, waitlist_reason=WaitlistReason.QUOTA
        )
        .order_by()
        .values(field)
        .annotate(waiting=Count("pk"))
    }
    units = set(taken) | set(waiting)
    if region:
        names = dict(Region.choices)
    else:
        names = dict(
            Municipality.objects.filter(
                pk__in=[unit for unit in units if unit is not None]
            ).values_list("pk", "name")
        )
    rows = [
        {
            "name": names.get(unit, "") if unit is not None else _("No municipality given"),
            "taken": taken.get(unit, 0),
            "cap": occurrence.quota_per_unit,
            "waiting": waiting.get(unit, 0),
        }
        for unit in units
    ]
    return sorted(rows, key=lambda row: (-row["taken"], str(row["name"])))
