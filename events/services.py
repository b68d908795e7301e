"""Writes on theme days and registrations. Everything that can change how many seats are
taken runs under the occurrence's row lock (samskabelse.locking), so the count read and
the registration written are one step: never more confirmed than capacity, and the
waiting list in arrival order."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskabelse import outbox
from samskabelse.exceptions import Conflict, PermissionDenied, Unprocessable
from samskabelse.locking import lock_row

from . import tasks
from .models import (
    ACTIVE_STATUSES,
    SEAT_STATUSES,
    Occurrence,
    OccurrenceStatus,
    Registration,
    RegistrationStatus,
    Subscriber,
)

CONSENT_VERSION = "2026-11"


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


def register_participant(
    *,
    occurrence,
    name,
    email,
    consent,
    organisation="",
    municipality=None,
    job_title="",
    needs="",
    source="web",
):
    """Take a seat while seats are left, else a place on the waiting list (or refuse when
    the list is off or registration is closed). One active registration per email: a
    repeat raises AlreadyRegistered and the existing registration's mail is sent again."""
    if not consent:
        raise ValidationError({"consent": _("We need your consent to register you.")})
    email = email.strip().lower()
    registration = Registration(
        name=name.strip(),
        email=email,
        organisation=organisation,
        municipality=municipality,
        job_title=job_title,
        needs=needs,
        consent_at=timezone.now(),
        consent_version=CONSENT_VERSION,
        source=source,
        occurrence=occurrence,
        status=RegistrationStatus.CONFIRMED,  # provisional, for validation
    )
    # Validate before taking the lock, so the lock is held only for the count and insert.
    # The occurrence and municipality are objects already: no existence queries for them.
    registration.full_clean(
        exclude=["occurrence", "municipality"], validate_unique=False, validate_constraints=False
    )
    event = occurrence.event
    with transaction.atomic():
        occurrence = lock_row(Occurrence, occurrence.pk)
        occurrence.event = event
        registration.occurrence = occurrence
        if not occurrence.registration_is_open():
            raise RegistrationClosed(_("Registration for this date is closed."))
        # Each count walks one small index range: (occurrence, email) for the duplicate,
        # (occurrence, status) for the seats, which never exceed the capacity.
        registrations = occurrence.registrations
        existing = registrations.filter(email=email, status__in=ACTIVE_STATUSES).first()
        if existing is None:
            if registrations.filter(status__in=SEAT_STATUSES).count() < occurrence.capacity:
                registration.status = RegistrationStatus.CONFIRMED
            elif occurrence.waitlist_enabled:
                registration.status = RegistrationStatus.WAITLISTED
                # Arrival order under the lock: everyone waiting now came first.
                waiting = registrations.filter(status=RegistrationStatus.WAITLISTED).count()
                registration.waitlist_position = waiting + 1
            else:
                raise OccurrenceFull(_("All seats are taken and there is no waiting list."))
            try:
                registration.save()
            except IntegrityError as error:  # the partial unique index: a racing duplicate
                raise AlreadyRegistered(
                    None, _("You are already registered with this email.")
                ) from error
            _mail(registration, "confirmation")
            return registration
    # Outside the rolled-back block, so the mail to the existing registration is really sent.
    _mail(existing, "confirmation")
    raise AlreadyRegistered(
        existing, _("You are already registered with this email. We have sent the mail again.")
    )


def waitlist_position(registration):
    """1 for the first on the waiting list; None when not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    if getattr(registration, "waitlist_position", None):  # known from registering just now
        return registration.waitlist_position
    return registration.occurrence.registrations.filter(
        status=RegistrationStatus.WAITLISTED, pk__lte=registration.pk
    ).count()


def _promote(occurrence):
    """Give free seats to the longest-waiting registrations; the caller holds the lock."""
    free = occurrence.capacity - _seats_taken(occurrence)
    if free <= 0:
        return []
    waiting = list(
        occurrence.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by("pk")[:free]
    )
    now = timezone.now()
    for registration in waiting:
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at", "updated_at"])
        _mail(registration, "promotion")
    return waiting


def promote_from_waiting_list(*, occurrence):
    with transaction.atomic():
        return _promote(lock_row(Occurrence, occurrence.pk))


def cancel_registration(*, registration):
    """A cancelled seat goes at once to the first on the waiting list."""
    with transaction.atomic():
        occurrence = lock_row(Occurrence, registration.occurrence_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            return registration
        if registration.anonymised_at is not None or occurrence.starts_at <= timezone.now():
            raise Unprocessable(_("This registration can no longer be cancelled."))
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        _mail(registration, "cancellation")
        _promote(occurrence)
    return registration


DETAIL_FIELDS = ("name", "organisation", "job_title", "needs")


def update_registration_details(*, registration, name, organisation="", job_title="", needs=""):
    """A participant corrects their own details through the manage link: name,
    organisation, job title and needs. The email (the key to the link and the duplicate
    rule) and the seat stay as they are, so no lock on the seats is needed. Refused once the
    registration is cancelled or anonymised, or the day has started."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if (
            registration.status == RegistrationStatus.CANCELLED
            or registration.anonymised_at is not None
            or registration.occurrence.starts_at <= timezone.now()
        ):
            raise Unprocessable(_("This registration can no longer be changed."))
        registration.name = name.strip()
        registration.organisation = organisation.strip()
        registration.job_title = job_title.strip()
        registration.needs = needs.strip()
        if not registration.name:
            raise ValidationError({"name": _("Write your name.")})
        registration.full_clean(
            exclude=["occurrence", "municipality"],
            validate_unique=False,
            validate_constraints=False,
        )
        registration.save(update_fields=[*DETAIL_FIELDS, "updated_at"])
    return registration


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


def change_capacity(*, user, occurrence, capacity):
    """Raising the capacity promotes from the waiting list at once. Lowering it below the
    seats already taken is refused: nobody loses a confirmed seat."""
    _require_manager(user, occurrence.event)
    with transaction.atomic():
        occurrence = lock_row(Occurrence, occurrence.pk)
        taken = _seats_taken(occurrence)
        if capacity < taken:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(taken)d seats are already taken; the capacity cannot be lower."
                    )
                    % {"taken": taken}
                }
            )
        occurrence.capacity = capacity
        occurrence.save(update_fields=["capacity"])
        promoted = _promote(occurrence)
    return occurrence, promoted


def move_occurrence(*, user, occurrence, starts_at, ends_at, venue=None, address=None, city=None):
    """A new time or place; every active participant is emailed."""
    _require_manager(user, occurrence.event)
    with transaction.atomic():
        occurrence = lock_row(Occurrence, occurrence.pk)
        occurrence.starts_at, occurrence.ends_at = starts_at, ends_at
        for field, value in (("venue", venue), ("address", address), ("city", city)):
            if value is not None:
                setattr(occurrence, field, value)
        occurrence.full_clean()
        occurrence.save()
        for registration in occurrence.registrations.filter(status__in=ACTIVE_STATUSES):
            _mail(registration, "change")
    return occurrence


def cancel_occurrence(*, user, occurrence):
    """The date is cancelled; everyone registered is emailed."""
    _require_manager(user, occurrence.event)
    with transaction.atomic():
        occurrence = lock_row(Occurrence, occurrence.pk)
        occurrence.status = OccurrenceStatus.CANCELLED
        occurrence.save(update_fields=["status"])
        for registration in occurrence.registrations.filter(status__in=ACTIVE_STATUSES):
            _mail(registration, "occurrence_cancelled")
    return occurrence


def check_in(*, user, registration):
    """A participant with a seat is marked as attended. Under the occurrence's lock and on
    the registration as stored now, so a cancellation that came in first is never
    overwritten by a check-in made from an older copy."""
    _require_manager(user, registration.occurrence.event)
    with transaction.atomic():
        lock_row(Occurrence, registration.occurrence_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in SEAT_STATUSES:
            raise Unprocessable(_("Only confirmed participants can be checked in."))
        registration.status = RegistrationStatus.ATTENDED
        registration.checked_in_at = registration.checked_in_at or timezone.now()
        registration.save(update_fields=["status", "checked_in_at", "updated_at"])
    return registration


def undo_check_in(*, user, registration):
    """A check-in made by mistake is undone: the participant keeps the seat, as confirmed."""
    _require_manager(user, registration.occurrence.event)
    with transaction.atomic():
        lock_row(Occurrence, registration.occurrence_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.ATTENDED:
            raise Unprocessable(_("Only checked-in participants can have their check-in undone."))
        registration.status = RegistrationStatus.CONFIRMED
        registration.checked_in_at = None
        registration.save(update_fields=["status", "checked_in_at", "updated_at"])
    return registration


def message_participants(*, user, occurrence, subject, body):
    """A message from the organiser to every confirmed participant, one mail each."""
    _require_manager(user, occurrence.event)
    recipients = list(occurrence.registrations.filter(status__in=SEAT_STATUSES))
    for registration in recipients:
        _mail(registration, "message", subject=subject, body=body)
    return len(recipients)


def anonymise_registration(registration, *, now=None):
    """The one rule for what anonymising a registration erases: name, email, organisation,
    job title and needs. The row keeps its occurrence, status and timestamps, so the counts
    per status stay for statistics. Used by the retention job and by "Mine data"."""
    registration.name = _("Anonymised")
    registration.email = f"anonym-{registration.pk}@invalid"
    registration.organisation = ""
    registration.job_title = ""
    registration.needs = ""
    registration.anonymised_at = now or timezone.now()
    registration.save()
    return registration


def anonymise_registrations(*, older_than_days):
    """Personal data go a set number of days after the occurrence ended; the rows (and so
    the counts per status) stay for statistics."""
    cutoff = timezone.now() - timezone.timedelta(days=older_than_days)
    due = Registration.objects.filter(occurrence__ends_at__lt=cutoff, anonymised_at__isnull=True)
    now = timezone.now()
    count = 0
    for registration in due.iterator():
        anonymise_registration(registration, now=now)
        count += 1
    return count


def subscribe(*, email, consent):
    """Double opt-in: the subscription counts only once the emailed link is followed. Someone
    who unsubscribed has no row left, so subscribing again starts a new double opt-in."""
    if not consent:
        raise ValidationError({"consent": _("We need your consent to send you the newsletter.")})
    email = email.strip().lower()
    subscriber, _created = Subscriber.objects.get_or_create(
        email=email, defaults={"consent_version": CONSENT_VERSION}
    )
    if subscriber.confirmed_at is None:
        outbox.enqueue(tasks.NEWSLETTER_CONFIRMATION, subscriber_id=subscriber.pk)
    return subscriber


def confirm_subscription(*, token):
    subscriber = Subscriber.objects.get(token=token)
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return subscriber


def unsubscribe(*, token):
    """One click, and the address is gone: the subscriber row is deleted, not flagged, so
    nothing of the subscription is kept. Following the link again deletes nothing more."""
    Subscriber.objects.filter(token=token).delete()
