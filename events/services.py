"""Writes on theme days and registrations. Everything that can change how many seats are
taken runs under the occurrence's row lock (samskabelse.locking), so the count read and
the registration written are one step: never more confirmed than capacity, and the
waiting list in arrival order."""

import contextlib
import itertools
from operator import attrgetter

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samskabelse import locking, outbox
from samskabelse.exceptions import Conflict, PermissionDenied, Unprocessable
from samskabelse.locking import lock_row, retry_lock_timeout
from samskabelse.models import AnonymisationReason, AnonymisedData
from samskabelse.services import queue_email, record_anonymisation
from webhooks.models import EventType

from . import selectors, tasks
from . import webhooks as webhook_events
from .models import (
    ACTIVE_STATUSES,
    ENTRY,
    MAX_GROUP_SIZE,
    SEAT_STATUSES,
    EventStatus,
    Occurrence,
    OccurrenceStatus,
    QuotaScope,
    Registration,
    RegistrationStatus,
    SentMessage,
    Subscriber,
    WaitlistReason,
    new_token,
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


def quota_unit(occurrence, registration):
    """The bucket a registration's seat counts in under the occurrence's quota: its
    municipality or its region; None (a bucket of its own) without a municipality."""
    municipality = registration.municipality
    if municipality is None:
        return None
    if occurrence.quota_scope == QuotaScope.REGION:
        return municipality.region
    return municipality.pk


def _unit_field(occurrence):
    if occurrence.quota_scope == QuotaScope.REGION:
        return "municipality__region"
    return "municipality_id"


def quota_seats_taken(occurrence):
    """Seats taken per quota unit (municipality pk or region; None without one)."""
    field = _unit_field(occurrence)
    rows = (
        occurrence.registrations.filter(status__in=SEAT_STATUSES)
        .order_by()
        .values(field)
        .annotate(taken=Count("pk"))
    )
    return {row[field]: row["taken"] for row in rows}


QUOTA_MESSAGES = {
    (QuotaScope.MUNICIPALITY, False): gettext_lazy(
        "Your municipality has used its %(cap)d seats; you are on the waiting list."
    ),
    (QuotaScope.MUNICIPALITY, True): gettext_lazy(
        "Your municipality has used its %(cap)d seats until %(days)d days before; you are "
        "on the waiting list."
    ),
    (QuotaScope.REGION, False): gettext_lazy(
        "Your region has used its %(cap)d seats; you are on the waiting list."
    ),
    (QuotaScope.REGION, True): gettext_lazy(
        "Your region has used its %(cap)d seats until %(days)d days before; you are on the "
        "waiting list."
    ),
}


def quota_message(occurrence):
    """Why someone waits for the quota, as the receipt, mail, manage page and API say it."""
    released = occurrence.quota_release_days_before is not None
    return QUOTA_MESSAGES[(occurrence.quota_scope, released)] % {
        "cap": occurrence.quota_per_unit,
        "days": occurrence.quota_release_days_before,
    }


def waitlist_reason_text(registration):
    """What placed a waiting registration on the list, in words; None when not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    occurrence = registration.occurrence
    if registration.waitlist_reason == WaitlistReason.QUOTA and occurrence.quota_holds():
        return quota_message(occurrence)
    return _("All seats are taken; you are on the waiting list.")


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
    from . import emails  # emails imports services

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


def anonymise_registrations(*, older_than_days, now=None):
    """Personal data go on the day selectors.anonymisation_date names: the job (hourly, so
    early on that day) takes every registration whose occurrence ended before the cutoff
    that date implies. The rows (and so the counts per status) stay for statistics. One
    transaction with its entry in the anonymisation log."""
    now = now or timezone.now()
    cutoff = selectors.anonymisation_cutoff(now=now, retention_days=older_than_days)
    count = 0
    with transaction.atomic():
        # Rows a cancellation or a Mine data erasure holds are left for the next run; only
        # the registrations are locked, never the occurrence that registering needs.
        due = Registration.objects.select_for_update(skip_locked=True, of=("self",)).filter(
            occurrence__ends_at__lt=cutoff, anonymised_at__isnull=True
        )
        for registration in due.iterator():
            anonymise_registration(registration, now=now)
            count += 1
        record_anonymisation(
            kind=AnonymisedData.REGISTRATIONS,
            reason=AnonymisationReason.RETENTION,
            count=count,
            now=now,
        )
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


def unsubscribe(*, token, reason=AnonymisationReason.UNSUBSCRIBED):
    """One click, and the address is gone: the subscriber row is deleted, not flagged, so
    nothing of the subscription is kept. Following the link again deletes nothing more.
    The anonymisation log says that a subscription went and why (the subscriber's link, or
    staff in the admin), never whose."""
    with transaction.atomic():
        deleted, _by_model = Subscriber.objects.filter(token=token).delete()
        record_anonymisation(kind=AnonymisedData.SUBSCRIBERS, reason=reason, count=deleted)
