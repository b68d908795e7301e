"""The organiser's writes on a date and its participants: capacity, time and place,
cancelling the date, check-in, registering on someone's behalf, correcting, cancelling and
moving participants, and messages to them. Each checks can_manage_event first."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskabelse.exceptions import Unprocessable
from samskabelse.locking import lock_row
from samskabelse.services import queue_email
from webhooks.models import EventType

from .. import webhooks as webhook_events
from ..models import (
    ACTIVE_STATUSES,
    SEAT_STATUSES,
    Occurrence,
    OccurrenceStatus,
    Registration,
    RegistrationStatus,
    SentMessage,
    WaitlistReason,
    new_token,
)
from .base import (
    CHANGEABLE_STATUSES,
    ORGANISER_CONSENT_PREFIX,
    OccurrenceFull,
    _mail,
    _require_manager,
    _seats_taken,
)
from .registration import register_participant
from .waitinglist import _promote


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
        webhook_events.publish_occurrence(occurrence, EventType.OCCURRENCE_CHANGED)
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
        webhook_events.publish_occurrence(occurrence, EventType.OCCURRENCE_CHANGED)
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
        webhook_events.publish_occurrence(occurrence, EventType.OCCURRENCE_CANCELLED)
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


# --- Organiser-side writes on registrations (events/organiser/) ------------------------


def register_on_behalf(*, user, occurrence, **details):
    """The phone call "can you put me on the list?": the organiser registers someone through
    register_participant, so seats, the waiting list, the window and the one-per-email rule
    are the public form's. The consent is recorded as given to this organiser."""
    _require_manager(user, occurrence.event)
    return register_participant(
        occurrence=occurrence,
        consent=True,
        source="organiser",
        consent_version=f"{ORGANISER_CONSENT_PREFIX}{user.pk}",
        **details,
    )


PARTICIPANT_FIELDS = ("name", "email", "organisation", "municipality", "job_title", "needs")


def update_participant(*, user, registration, **fields):
    """An organiser corrects a participant's details. Status, seat and consent are not
    details: they change only through the services that keep the seat rules. A new email
    already active on the same date is refused."""
    _require_manager(user, registration.occurrence.event)
    unknown = set(fields) - set(PARTICIPANT_FIELDS)
    if unknown:
        raise TypeError(f"update_participant() got unexpected fields: {sorted(unknown)}")
    if "email" in fields:
        fields["email"] = fields["email"].strip().lower()
    with transaction.atomic():
        lock_row(Occurrence, registration.occurrence_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.anonymised_at is not None:
            raise Unprocessable(_("This registration is anonymised and cannot be changed."))
        for name, value in fields.items():
            setattr(registration, name, value)
        registration.full_clean(exclude=["occurrence", "municipality"], validate_constraints=False)
        try:
            with transaction.atomic():
                registration.save(update_fields=[*fields, "updated_at"])
        except IntegrityError as error:  # the one-active-registration-per-email index
            raise ValidationError(
                {"email": _("Someone with this email is already registered for this date.")}
            ) from error
    return registration


def _selected(occurrence, registration_ids, statuses):
    """The selected registrations of this occurrence that are in one of `statuses`, locked,
    in arrival order; ids of other occurrences are ignored, never acted on."""
    return list(
        Registration.objects.select_for_update()
        .filter(occurrence=occurrence, pk__in=registration_ids, status__in=statuses)
        .order_by("pk")
    )


def _set_status(registrations, status, *, stamp, mail=None, webhook=None):
    """Give each registration `status`, stamp the moment in the field `stamp`, queue its
    mail of kind `mail` and its `webhook` event; the caller holds the occurrence's lock."""
    now = timezone.now()
    for registration in registrations:
        registration.status = status
        setattr(registration, stamp, now)
        registration.save(update_fields=["status", stamp, "updated_at"])
        if mail:
            _mail(registration, mail)
        if webhook:
            webhook_events.publish_registration(registration, webhook)
    return registrations


def _refuse_after_start(occurrence):
    if occurrence.starts_at <= timezone.now():
        raise Unprocessable(_("This date has started; registrations can no longer change."))


def cancel_registrations(*, user, occurrence, registration_ids):
    """The organiser cancels on the participants' behalf: each is mailed as if they had
    cancelled themselves, and the freed seats go to the waiting list in arrival order."""
    _require_manager(user, occurrence.event)
    with transaction.atomic():
        occurrence = lock_row(Occurrence, occurrence.pk)
        _refuse_after_start(occurrence)
        cancelled = _set_status(
            _selected(occurrence, registration_ids, CHANGEABLE_STATUSES),
            RegistrationStatus.CANCELLED,
            stamp="cancelled_at",
            mail="cancellation",
            webhook=EventType.REGISTRATION_CANCELLED,
        )
        promoted = _promote(occurrence)
    return cancelled, promoted


def check_in_registrations(*, user, occurrence, registration_ids):
    """Mark the selected participants with a seat as attended; others are left as they are."""
    _require_manager(user, occurrence.event)
    with transaction.atomic():
        occurrence = lock_row(Occurrence, occurrence.pk)
        return _set_status(
            _selected(occurrence, registration_ids, [RegistrationStatus.CONFIRMED]),
            RegistrationStatus.ATTENDED,
            stamp="checked_in_at",
        )


def move_registrations(*, user, occurrence, target, registration_ids):
    """Move the selected people to another date of the same event. Both occurrences are
    locked, always the lower pk first so two opposite moves cannot deadlock. At the target
    each is registered anew by its rules: a free seat while there is one (those who had a
    seat first), else the back of its waiting list, else the whole move is refused; nobody
    is ever over the capacity. The seats freed here go to this date's waiting list. The
    moved registration keeps its manage link; the old row stays, cancelled, for the counts."""
    _require_manager(user, occurrence.event)
    if target.event_id != occurrence.event_id or target.pk == occurrence.pk:
        raise ValidationError({"target": _("Choose another date of the same event.")})
    with transaction.atomic():
        locked = {pk: lock_row(Occurrence, pk) for pk in sorted((occurrence.pk, target.pk))}
        occurrence, target = locked[occurrence.pk], locked[target.pk]
        _refuse_after_start(occurrence)
        if target.status != OccurrenceStatus.PLANNED or target.starts_at <= timezone.now():
            raise Unprocessable(_("People can only be moved to a planned date in the future."))
        moving = _selected(occurrence, registration_ids, CHANGEABLE_STATUSES)
        moving.sort(key=lambda r: (r.status != RegistrationStatus.CONFIRMED, r.pk))
        taken = target.registrations.filter(
            email__in=[registration.email for registration in moving], status__in=ACTIVE_STATUSES
        ).values_list("name", flat=True)
        if taken:
            raise Unprocessable(
                _("Already registered for the other date: %(names)s.")
                % {"names": ", ".join(sorted(taken))}
            )
        free = max(target.capacity - _seats_taken(target), 0)
        if len(moving) > free and not target.waitlist_enabled:
            raise OccurrenceFull(
                _("The other date has %(free)d free seats and no waiting list.") % {"free": free}
            )
        now = timezone.now()
        moved = []
        for registration in moving:
            token = registration.manage_token
            registration.status = RegistrationStatus.CANCELLED
            registration.cancelled_at = now
            registration.manage_token = new_token()
            registration.save(
                update_fields=["status", "cancelled_at", "manage_token", "updated_at"]
            )
            registration.occurrence = occurrence
            webhook_events.publish_registration(registration, EventType.REGISTRATION_CANCELLED)
            seat = len(moved) < free
            moved.append(
                Registration.objects.create(
                    occurrence=target,
                    manage_token=token,
                    status=RegistrationStatus.CONFIRMED if seat else RegistrationStatus.WAITLISTED,
                    waitlist_reason="" if seat else WaitlistReason.FULL,
                    **{
                        field: getattr(registration, field)
                        for field in (
                            *PARTICIPANT_FIELDS,
                            "consent_at",
                            "consent_version",
                            "source",
                        )
                    },
                )
            )
            _mail(moved[-1], "moved")
            webhook_events.publish_registration(moved[-1])
        _promote(occurrence)
    return moved


MESSAGE_STATUSES = [
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.ATTENDED,
]


def message_recipients(occurrence, statuses):
    """Who an organiser's message to `statuses` reaches: the preview counts the same."""
    return occurrence.registrations.filter(status__in=statuses, anonymised_at__isnull=True)


def message_participants(*, user, occurrence, subject, body, statuses=SEAT_STATUSES):
    """A message from the organiser to every participant in one of `statuses` (confirmed
    and attended unless told), one mail each with the organiser as Reply-To, and a
    SentMessage recording it. Returns the number of recipients."""
    _require_manager(user, occurrence.event)
    statuses = [status for status in MESSAGE_STATUSES if status in statuses]
    if not statuses:
        raise ValidationError({"statuses": _("Choose who gets the message.")})
    with transaction.atomic():
        recipients = list(message_recipients(occurrence, statuses))
        SentMessage.objects.create(
            occurrence=occurrence,
            sender=user,
            statuses=[str(status) for status in statuses],
            recipient_count=len(recipients),
            subject=subject,
            body=body,
        )
        for registration in recipients:
            _mail(registration, "message", subject=subject, body=body, reply_to=user.email)
    return len(recipients)


def send_test_message(*, user, occurrence, subject, body):
    """The message exactly as a participant gets it, sent to the organiser alone; nothing
    is recorded and no participant is mailed."""
    from .. import emails  # emails imports services

    _require_manager(user, occurrence.event)
    stand_in = Registration(
        occurrence=occurrence,
        name=user.get_full_name() or user.email,
        email=user.email,
        status=RegistrationStatus.CONFIRMED,
    )
    mail = emails.registration_mail(stand_in, "message", subject=subject, body=body)
    html = next(content for content, mimetype in mail.alternatives if mimetype == "text/html")
    with transaction.atomic():
        queue_email(
            subject=_("Test: %(subject)s") % {"subject": mail.subject},
            body=mail.body,
            html_body=html,
            to=[user.email],
        )
