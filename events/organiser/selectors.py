"""Reads behind the organiser pages and exports: each takes the viewer or returns a
queryset with its joins inside, so a list costs the same few queries however long it is."""

from django.db.models import Count, Prefetch, Q

from projects.selectors import cases_visible_to

from ..models import SEAT_STATUSES, Event, Occurrence, RegistrationStatus


def speakers_of(event, *, user):
    """The event's speakers, each with its linked case only when `user` may see it: a
    co-manager from another municipality does not learn a draft case's title here."""
    return event.speakers.prefetch_related(
        Prefetch("case", queryset=cases_visible_to(user).select_related(None))
    )


def with_counts(occurrences):
    """Seats taken (confirmed and attended), waitlisted and attended, in the same query."""
    return occurrences.annotate(
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


def participants(occurrence, *, query=""):
    """The occurrence's registrations in arrival order, optionally only names containing
    `query`; each carries `waitlist_position` (None unless waiting), computed from the
    whole list so a search does not renumber the waiting list."""
    waiting = occurrence.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by("pk")
    positions = {pk: number for number, pk in enumerate(waiting.values_list("pk", flat=True), 1)}
    registrations = occurrence.registrations.select_related("municipality").order_by("pk")
    if query:
        registrations = registrations.filter(name__icontains=query)
    registrations = list(registrations)
    for registration in registrations:
        registration.waitlist_position = positions.get(registration.pk)
    return registrations
