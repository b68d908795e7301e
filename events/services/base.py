"""What every events service shares: the consent versions, the domain exceptions, queueing a
registration's mail in the outbox, the seat count, and who may manage an event."""

from django.utils.translation import gettext as _

from samskabelse import outbox
from samskabelse.exceptions import Conflict, PermissionDenied, Unprocessable

from .. import tasks
from ..models import (
    SEAT_STATUSES,
    RegistrationStatus,
)

CONSENT_VERSION = "2026-11"
# consent_version of a registration an organiser made by hand: "organiser:<user pk>".
ORGANISER_CONSENT_PREFIX = "organiser:"
# The statuses an organiser can still cancel or move: attended is history.
CHANGEABLE_STATUSES = [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]


class RegistrationClosed(Unprocessable):
    default_code = "registration_closed"


class OccurrenceFull(Unprocessable):
    default_code = "full"


class AlreadyRegistered(Conflict):
    default_code = "duplicate"

    def __init__(self, registration, message=None):
        self.registration = registration
        super().__init__(message)


def _mail(registration, kind, **extra):
    """Queue a registration mail in the outbox, in the caller's transaction: a rolled-back
    registration sends nothing, a committed one is mailed even when the broker is away,
    and a failed send never undoes a registration. Rendered by the task, from the id."""
    outbox.enqueue(tasks.REGISTRATION_MAIL, registration_id=registration.pk, kind=kind, **extra)


def _seats_taken(occurrence):
    return occurrence.registrations.filter(status__in=SEAT_STATUSES).count()


class EventNotPublished(RegistrationClosed):
    """The theme day is not (or no longer) published: closed on the pages, and not
    found through the API, which shows published theme days only."""


def can_manage_event(user, event):
    """Admins, and users with the organiser role who are among the event's managers."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.is_organiser and event.managers.filter(pk=user.pk).exists()


def _require_manager(user, event):
    if not can_manage_event(user, event):
        raise PermissionDenied(_("Only the event's organisers can do this."))
