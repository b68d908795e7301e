"""A citizen's registration: registering (alone or with colleagues as a group), cancelling,
changing one's details, and the group's registrant adding or removing colleagues.

On PostgreSQL a single registration is one call of events_register() (migrations
0007-0009), so the occurrence's row lock is held for one round trip; groups, dates with a
quota and SQLite take the ORM path under the same lock (samskabelse.locking)."""

import contextlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskabelse import locking, outbox
from samskabelse.exceptions import PermissionDenied, Unprocessable
from samskabelse.locking import lock_row, retry_lock_timeout
from webhooks.models import EventType

from .. import tasks
from .. import webhooks as webhook_events
from ..models import (
    ACTIVE_STATUSES,
    MAX_GROUP_SIZE,
    SEAT_STATUSES,
    EventStatus,
    Occurrence,
    OccurrenceStatus,
    QuotaScope,
    Registration,
    RegistrationStatus,
    WaitlistReason,
)
from .base import (
    CHANGEABLE_STATUSES,
    CONSENT_VERSION,
    AlreadyRegistered,
    EventNotPublished,
    OccurrenceFull,
    RegistrationClosed,
    _mail,
)
from .waitinglist import _place, _promote

REGISTRANT_FIELDS = ("name", "email", "organisation", "job_title", "needs")


def _validate_registrant(registration):
    """What full_clean would check of what a registrant typed, without the rest of its
    walk over every field: each field's own rules (required, length, email format)."""
    errors = {}
    for name in (*REGISTRANT_FIELDS, "consent_version", "source"):
        field = Registration._meta.get_field(name)
        try:
            setattr(registration, name, field.clean(getattr(registration, name), registration))
        except ValidationError as error:
            errors[name] = error.error_list
    if errors:
        raise ValidationError(errors)


def register_participant(
    *,
    occurrence=None,
    occurrence_id=None,
    name,
    email,
    consent,
    organisation="",
    municipality=None,
    job_title="",
    needs="",
    source="web",
    consent_version=CONSENT_VERSION,
    members=(),
):
    """Take a seat while seats are left, else a place on the waiting list (or refuse when
    the list is off or registration is closed). One active registration per email: a
    repeat raises AlreadyRegistered and the existing registration's mail is sent again.
    Give the occurrence or only its id (Occurrence.DoesNotExist when there is none).

    `members` (dicts of name, email and optionally organisation, job_title, needs) makes
    it a group: the registrant first, then the colleagues, with the registrant's consent
    and municipality. The group is one entry: all get seats or all wait (_place), and a
    colleague already registered for the date refuses the whole group, naming who."""
    if not consent:
        raise ValidationError({"consent": _("We need your consent to register you.")})
    now = timezone.now()
    registration = Registration(
        name=name.strip(),
        email=email.strip().lower(),
        organisation=organisation,
        municipality=municipality,
        job_title=job_title,
        needs=needs,
        consent_at=now,
        consent_version=consent_version,
        source=source,
        occurrence_id=occurrence.pk if occurrence is not None else occurrence_id,
        status=RegistrationStatus.CONFIRMED,  # provisional
    )
    # Validated before any lock, so the lock is held only for the counts and the insert.
    _validate_registrant(registration)
    colleagues = _colleagues(registration, members)
    registration.members = colleagues
    if not colleagues and connection.vendor == "postgresql":
        return _register_in_one_statement(registration, now)
    return _register_step_by_step([registration, *colleagues], occurrence)


def _colleague(registrant, *, name, email, organisation="", job_title="", needs=""):
    """A colleague registered by `registrant`: the registrant's occurrence, municipality,
    consent and source; validated like a registrant."""
    colleague = Registration(
        name=name.strip(),
        email=email.strip().lower(),
        organisation=organisation.strip(),
        job_title=job_title.strip(),
        needs=needs.strip(),
        **{
            field: getattr(registrant, field)
            for field in ("occurrence_id", "municipality", "consent_at", "consent_version")
        },
        source=registrant.source,
        status=RegistrationStatus.CONFIRMED,  # provisional
    )
    _validate_registrant(colleague)
    return colleague


def _colleagues(registrant, members):
    """The group's colleagues, validated: at most MAX_GROUP_SIZE people in all, and each
    email once in the group."""
    if len(members) + 1 > MAX_GROUP_SIZE:
        raise ValidationError(
            {"members": _("A group can have at most %(size)d people.") % {"size": MAX_GROUP_SIZE}}
        )
    colleagues, errors, emails = [], [], {registrant.email}
    for number, member in enumerate(members, 2):
        try:
            colleague = _colleague(registrant, **member)
        except ValidationError as error:
            errors += [
                _("Person %(number)d: %(error)s") % {"number": number, "error": message}
                for message in error.messages
            ]
            continue
        if colleague.email in emails:
            errors.append(
                _("%(email)s is in the group more than once.") % {"email": colleague.email}
            )
        emails.add(colleague.email)
        colleagues.append(colleague)
    if errors:
        raise ValidationError({"members": errors})
    return colleagues


def _register_in_one_statement(registration, now):
    """PostgreSQL: the lock, the checks, the counts and both inserts are one call of the
    events_register() function (migration 0007), so the row lock is held for one round
    trip; outside a transaction that call is the whole transaction."""
    arguments = [
        registration.occurrence_id,
        registration.name,
        registration.email,
        registration.organisation,
        registration.municipality_id,
        registration.job_title,
        registration.needs,
        registration.consent_version,
        registration.source,
        registration.manage_token,
        now,
        f"{locking.LOCK_TIMEOUT_MS}ms",
        EventStatus.OFFENTLIGGJORT,
        OccurrenceStatus.PLANNED,
        [str(status) for status in SEAT_STATUSES],
        [str(status) for status in ACTIVE_STATUSES],
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
        tasks.REGISTRATION_MAIL,
        QuotaScope.NONE,
        WaitlistReason.FULL,
    ]

    def call():
        with connection.cursor() as cursor:
            placeholders = ", ".join(["%s"] * len(arguments))
            cursor.execute(f"SELECT * FROM events_register({placeholders})", arguments)  # noqa: S608
            return cursor.fetchone()

    # The webhook event is written in the same transaction as the seat. When no endpoint
    # listens (read before the lock), the call stays one round trip under the lock.
    listening = webhook_events.anyone_listening()
    try:
        with transaction.atomic() if listening else contextlib.nullcontext():
            outcome, pk, position, message_id = retry_lock_timeout(
                call, f"occurrence {registration.occurrence_id}"
            )
            if outcome in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED):
                _registered(registration, outcome, pk, position, now)
                if listening:
                    webhook_events.publish_registration(registration)
    except IntegrityError as error:  # the partial unique index: a duplicate racing in
        raise AlreadyRegistered(None, _("You are already registered with this email.")) from error
    if outcome == "step_by_step":  # a quota: its rule lives in _place, under the same lock
        return _register_step_by_step([registration], None)
    if outcome == "missing":
        raise Occurrence.DoesNotExist()
    if outcome == "unpublished":
        raise EventNotPublished(_("Registration for this date is closed."))
    if outcome == "closed":
        raise RegistrationClosed(_("Registration for this date is closed."))
    if outcome == "full":
        raise OccurrenceFull(_("All seats are taken and there is no waiting list."))
    if outcome == "duplicate":
        existing = Registration.objects.select_related("occurrence__event").get(pk=pk)
        _mail(existing, "confirmation")
        raise AlreadyRegistered(
            existing,
            _("You are already registered with this email. We have sent the mail again."),
        )
    outbox.dispatch_on_commit(message_id)
    return registration


def _registered(registration, status, pk, position, now):
    """The registration as events_register() wrote it."""
    registration.pk = pk
    registration.status = status
    registration.waitlist_reason = (
        WaitlistReason.FULL if status == RegistrationStatus.WAITLISTED else ""
    )
    registration.waitlist_position = position
    registration.created_at = registration.updated_at = now
    registration._state.adding = False
    registration._state.db = connection.alias


def _register_step_by_step(party, occurrence):
    """The same steps as events_register(), through the ORM: for SQLite (whose IMMEDIATE
    transactions let one writer in at a time), and for a group on either database. `party`
    is the registrant and any colleagues; the registrant is returned."""
    registration = party[0]
    with transaction.atomic():
        locked = lock_row(Occurrence, registration.occurrence_id)
        if occurrence is not None:
            locked.event = occurrence.event
        if locked.event.status != EventStatus.OFFENTLIGGJORT:
            raise EventNotPublished(_("Registration for this date is closed."))
        if not locked.registration_is_open():
            raise RegistrationClosed(_("Registration for this date is closed."))
        # Each count walks one small index range: (occurrence, email) for the duplicate,
        # (occurrence, status) for the seats, which never exceed the capacity.
        existing = list(
            locked.registrations.filter(
                email__in=[person.email for person in party], status__in=ACTIVE_STATUSES
            ).order_by("pk")
        )
        if existing and len(party) > 1:
            taken = {registered.email for registered in existing}
            raise AlreadyRegistered(
                None,
                _("Already registered for this date, so the group was not registered: %(names)s.")
                % {"names": ", ".join(person.name for person in party if person.email in taken)},
            )
        if not existing:
            status, reason, position = _place(locked, registration, len(party))
            for person in party:
                person.occurrence = locked
                person.status = status
                person.waitlist_reason = reason
                person.waitlist_position = position
                if person is not registration:
                    person.registered_by = registration
                try:
                    person.save()
                except IntegrityError as error:  # the partial unique index: a racing duplicate
                    raise AlreadyRegistered(
                        None, _("You are already registered with this email.")
                    ) from error
                _mail(person, "confirmation")
                webhook_events.publish_registration(person)
            return registration
    # Outside the rolled-back block, so the mail to the existing registration is really sent.
    _mail(existing[0], "confirmation")
    raise AlreadyRegistered(
        existing[0],
        _("You are already registered with this email. We have sent the mail again."),
    )


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
        registration.occurrence = occurrence
        webhook_events.publish_registration(registration, EventType.REGISTRATION_CANCELLED)
        _promote(occurrence)
    return registration


def add_group_member(*, registration, name, email, organisation="", job_title="", needs=""):
    """The group's registrant adds a colleague (a single registrant thereby starts a group).
    The group is never split: a group with seats gets one more only while a seat is free
    and nobody waits (unless smaller registrations may fill free seats); a waiting group
    takes the colleague along on the waiting list, as long as the group still fits into
    the date. The colleague gets their own mail and manage link."""
    colleague = _colleague(
        registration,
        name=name,
        email=email,
        organisation=organisation,
        job_title=job_title,
        needs=needs,
    )
    with transaction.atomic():
        occurrence = lock_row(Occurrence, registration.occurrence_id)
        registrant = Registration.objects.select_for_update().get(pk=registration.pk)
        if registrant.registered_by_id is not None:
            raise PermissionDenied(_("Only the person who registered the group can add to it."))
        if (
            registrant.status not in CHANGEABLE_STATUSES
            or registrant.anonymised_at is not None
            or not occurrence.registration_is_open()
        ):
            raise Unprocessable(_("Colleagues can no longer be added to this registration."))
        registrations = occurrence.registrations
        if registrations.filter(email=colleague.email, status__in=ACTIVE_STATUSES).exists():
            raise ValidationError(
                {"email": _("%(name)s is already registered for this date.") % {"name": name}}
            )
        size = 2 + registrant.group_members.filter(status__in=ACTIVE_STATUSES).count()
        if size > min(MAX_GROUP_SIZE, occurrence.capacity):
            raise OccurrenceFull(
                _("The group cannot grow beyond %(size)d people on this date.")
                % {"size": min(MAX_GROUP_SIZE, occurrence.capacity)}
            )
        if registrant.status == RegistrationStatus.CONFIRMED:
            status, _reason, _position = _place(occurrence, registrant, 1)
            if status != RegistrationStatus.CONFIRMED:
                raise OccurrenceFull(_("There is no free seat for another colleague."))
        elif not occurrence.waitlist_enabled:
            raise OccurrenceFull(_("The waiting list of this date is closed."))
        colleague.occurrence = occurrence
        colleague.status = registrant.status
        colleague.waitlist_reason = registrant.waitlist_reason
        colleague.registered_by = registrant
        colleague.save()
        _mail(colleague, "confirmation")
        webhook_events.publish_registration(colleague)
    return colleague


def remove_group_member(*, registration, member_id):
    """The group's registrant cancels a colleague's registration (as if the colleague had
    cancelled): the freed seat goes to the waiting list. Registration.DoesNotExist when the
    colleague is not in this registrant's group."""
    member = registration.group_members.get(pk=member_id)
    return cancel_registration(registration=member)


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
