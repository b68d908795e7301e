"""The waiting list: where a new entry goes (_place), its position, and promotion in
arrival order, a group whole, never jumping an earlier group unless the date fills free
seats with smaller registrations; and the quota's release. Callers hold the lock."""

import itertools
from operator import attrgetter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samskabelse.locking import lock_row
from webhooks.models import EventType

from .. import webhooks as webhook_events
from ..models import (
    ENTRY,
    Occurrence,
    OccurrenceStatus,
    QuotaScope,
    RegistrationStatus,
    WaitlistReason,
)
from .base import OccurrenceFull, _mail, _seats_taken
from .quotas import quota_message, quota_seats_taken, quota_unit


def _place(occurrence, registrant, size):
    """Where a new entry of `size` people (`registrant` first) goes; the caller holds the
    lock. Seats when all fit, their municipality or region has room under a quota that
    holds, and nobody waits ahead for want of seats (unless the occurrence fills free
    seats with smaller registrations); else the back of the waiting list, with the reason.
    A group larger than the capacity never fits and is refused. Returns the status, the
    waiting-list reason and position."""
    if size > 1 and size > occurrence.capacity:  # it would wait for ever
        raise OccurrenceFull(
            ngettext(
                "A group of %(size)d is larger than this date's %(capacity)d seat.",
                "A group of %(size)d is larger than this date's %(capacity)d seats.",
                occurrence.capacity,
            )
            % {"size": size, "capacity": occurrence.capacity}
        )
    waiting = occurrence.registrations.filter(status=RegistrationStatus.WAITLISTED)
    # Only those waiting for seats block a newcomer; those waiting for their unit's quota
    # do not hold back other municipalities.
    blocked = not occurrence.fill_free_seats_with_smaller and (
        waiting.exclude(waitlist_reason=WaitlistReason.QUOTA).exists()
    )
    fits = size <= occurrence.capacity - _seats_taken(occurrence) and not blocked
    over_quota = occurrence.quota_holds() and (
        quota_seats_taken(occurrence).get(quota_unit(occurrence, registrant), 0) + size
        > occurrence.quota_per_unit
    )
    if fits and not over_quota:
        return RegistrationStatus.CONFIRMED, "", None
    reason = WaitlistReason.QUOTA if fits else WaitlistReason.FULL
    if occurrence.waitlist_enabled:
        # Arrival order under the lock: every entry waiting now came first.
        return RegistrationStatus.WAITLISTED, reason, _entries(waiting).count() + 1
    if reason == WaitlistReason.QUOTA:
        raise OccurrenceFull(quota_message(occurrence))
    raise OccurrenceFull(_("All seats are taken and there is no waiting list."))


def _entries(registrations, *, up_to=None):
    """The distinct waiting-list entries among `registrations` (a group is one), or only
    those that arrived no later than the entry `up_to`."""
    registrations = registrations.annotate(entry=ENTRY)
    if up_to is not None:
        registrations = registrations.filter(entry__lte=up_to)
    return registrations.order_by().values("entry").distinct()


def waitlist_position(registration):
    """1 for the first entry on the waiting list; None when not waiting. A group's members
    share their entry's position."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    if getattr(registration, "waitlist_position", None):  # known from registering just now
        return registration.waitlist_position
    waiting = registration.occurrence.registrations.filter(status=RegistrationStatus.WAITLISTED)
    return _entries(waiting, up_to=registration.entry_id).count()


def _promote(occurrence):
    """Give free seats to the waiting list's entries in arrival order, each entry whole: a
    group gets seats when there are seats for all its waiting members. An entry that does
    not fit stops the promotion, so nobody later jumps an earlier group, unless the
    occurrence fills free seats with smaller registrations. The caller holds the lock."""
    quota = occurrence.quota_holds()
    if occurrence.quota_scope != QuotaScope.NONE and not quota:
        # The quota has ended (or was lifted): those it held back now wait for seats.
        occurrence.registrations.filter(
            status=RegistrationStatus.WAITLISTED, waitlist_reason=WaitlistReason.QUOTA
        ).update(waitlist_reason=WaitlistReason.FULL)
    free = occurrence.capacity - _seats_taken(occurrence)
    if free <= 0:
        return []
    waiting = (
        occurrence.registrations.filter(status=RegistrationStatus.WAITLISTED)
        .annotate(entry=ENTRY)
        .order_by("entry", "pk")
    )
    if quota:
        waiting = waiting.select_related("municipality")
        taken = quota_seats_taken(occurrence)
    promoted = []
    for _entry, members in itertools.groupby(waiting.iterator(), key=attrgetter("entry")):
        members = list(members)
        if quota:
            unit = quota_unit(occurrence, members[0])
            if taken.get(unit, 0) + len(members) > occurrence.quota_per_unit:
                continue  # the quota's rule: this unit waits, the next may have room
        if len(members) <= free:
            promoted += members
            free -= len(members)
            if quota:
                taken[unit] = taken.get(unit, 0) + len(members)
        elif not occurrence.fill_free_seats_with_smaller:
            break
        if not free:
            break
    now = timezone.now()
    for registration in promoted:
        registration.occurrence = occurrence
        registration.status = RegistrationStatus.CONFIRMED
        registration.waitlist_reason = ""
        registration.promoted_at = now
        registration.save(update_fields=["status", "waitlist_reason", "promoted_at", "updated_at"])
        _mail(registration, "promotion")
        webhook_events.publish_registration(registration, EventType.REGISTRATION_PROMOTED)
    return promoted


def release_quota(*, occurrence):
    """The quota ends by itself at its release moment: the waiting list then gets the free
    seats in arrival order, as if the quota had never been. Under the occurrence's lock
    and marked on the occurrence, so running it twice (or racing a cancellation, which
    promotes under the same lock) promotes nobody twice."""
    with transaction.atomic():
        occurrence = lock_row(Occurrence, occurrence.pk)
        if (
            occurrence.quota_scope == QuotaScope.NONE
            or occurrence.quota_released_at is not None
            or occurrence.quota_holds()
        ):
            return []
        occurrence.quota_released_at = timezone.now()
        occurrence.save(update_fields=["quota_released_at"])
        return _promote(occurrence)


def release_due_quotas():
    """The beat task's work: every planned, future date whose quota's release moment has
    passed and that is not yet released. Returns the number promoted."""
    now = timezone.now()
    due = Occurrence.objects.filter(
        status=OccurrenceStatus.PLANNED,
        starts_at__gt=now,
        quota_released_at__isnull=True,
        quota_release_days_before__isnull=False,
    ).exclude(quota_scope=QuotaScope.NONE)
    return sum(
        len(release_quota(occurrence=occurrence))
        for occurrence in due
        if not occurrence.quota_holds(now)
    )


def promote_from_waiting_list(*, occurrence):
    with transaction.atomic():
        return _promote(lock_row(Occurrence, occurrence.pk))
