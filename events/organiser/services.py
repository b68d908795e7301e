"""Writes behind the organiser pages that services.py does not already cover: creating and
editing events, occurrences and speakers. Seats, moves, cancellations, check-in and
messages stay in services.py, so each rule is written once."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samskabelse.exceptions import PermissionDenied
from samskabelse.text import danish_slugify

from ..models import (
    Event,
    Occurrence,
    QuotaScope,
    Speaker,
)
from ..services import can_manage_event, promote_from_waiting_list

EVENT_FIELDS = ("title", "kind", "summary", "programme", "price", "status")
OCCURRENCE_DETAIL_FIELDS = (
    "online_url",
    "registration_opens_at",
    "registration_closes_at",
    "waitlist_enabled",
    "fill_free_seats_with_smaller",
    "quota_scope",
    "quota_per_unit",
    "quota_release_days_before",
)


def can_create_event(user):
    """Admins, and users with the organiser role."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.is_organiser


def _require_manager(user, event):
    if not can_manage_event(user, event):
        raise PermissionDenied(_("Only the event's organisers can do this."))


def unique_event_slug(title, *, exclude_pk=None):
    base = danish_slugify(title)[:200] or "event"
    slug, number = base, 2
    while Event.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def create_event(
    *, user, title, kind, summary, status, programme="", price=0, organisers=(), hosts=()
):
    """An organiser creates an event and becomes one of its managers."""
    if not can_create_event(user):
        raise PermissionDenied(_("Only organisers can create events."))
    event = Event(
        title=title,
        slug=unique_event_slug(title),
        kind=kind,
        summary=summary,
        programme=programme,
        price=price,
        status=status,
    )
    event.full_clean()
    with transaction.atomic():
        event.save()
        event.organisers.set(organisers)
        event.hosts.set(hosts)
        event.managers.add(user)
    return event


def update_event(*, user, event, organisers=None, hosts=None, **fields):
    """The event's managers change its texts, price, status and organisations; the slug
    (and so every link already sent) stays."""
    _require_manager(user, event)
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"update_event() got unexpected fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean()
    with transaction.atomic():
        event.save()
        if organisers is not None:
            event.organisers.set(organisers)
        if hosts is not None:
            event.hosts.set(hosts)
    return event


def _check_registration_window(occurrence):
    """Registration must close before the occurrence starts, and open before it closes."""
    errors = {}
    closes, opens = occurrence.registration_closes_at, occurrence.registration_opens_at
    if occurrence.starts_at and closes and closes > occurrence.starts_at:
        errors["registration_closes_at"] = _("Registration must close before the start.")
    if opens and closes and opens >= closes:
        errors["registration_opens_at"] = _("Registration must open before it closes.")
    if opens and occurrence.starts_at and opens >= occurrence.starts_at:
        errors.setdefault("registration_opens_at", _("Registration must open before the start."))
    if occurrence.starts_at and occurrence.ends_at and occurrence.ends_at <= occurrence.starts_at:
        errors["ends_at"] = _("The end must be after the start.")
    if errors:
        raise ValidationError(errors)


def _save_occurrence(occurrence, *, update_fields=None):
    """Every occurrence the organiser pages write has a sane window and a place."""
    _check_registration_window(occurrence)
    if not (occurrence.address or occurrence.online_url):
        raise ValidationError(_("Give an address or an online link."))
    occurrence.full_clean()
    with transaction.atomic():
        occurrence.save(update_fields=update_fields)
    return occurrence


def add_occurrence(
    *,
    user,
    event,
    starts_at,
    ends_at,
    capacity,
    venue="",
    address="",
    city="",
    online_url="",
    registration_opens_at=None,
    registration_closes_at=None,
    waitlist_enabled=True,
    fill_free_seats_with_smaller=False,
    quota_scope=QuotaScope.NONE,
    quota_per_unit=None,
    quota_release_days_before=None,
):
    """A new date for an event: a time, a place or an online link, and seats."""
    _require_manager(user, event)
    occurrence = Occurrence(
        event=event,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        venue=venue,
        address=address,
        city=city,
        online_url=online_url,
        registration_opens_at=registration_opens_at,
        registration_closes_at=registration_closes_at,
        waitlist_enabled=waitlist_enabled,
        fill_free_seats_with_smaller=fill_free_seats_with_smaller,
        quota_scope=quota_scope,
        quota_per_unit=quota_per_unit,
        quota_release_days_before=quota_release_days_before,
    )
    return _save_occurrence(occurrence)


def update_occurrence_details(*, user, occurrence, **fields):
    """The online link, the registration window and the waiting list switches. Time and
    place change through services.move_occurrence (everyone is emailed), seats through
    services.change_capacity (nobody loses a seat). Letting smaller registrations fill
    free seats, or lifting or raising a quota, gives the free seats away at once."""
    _require_manager(user, occurrence.event)
    unknown = set(fields) - set(OCCURRENCE_DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"update_occurrence_details() got unexpected fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(occurrence, name, value)
    with transaction.atomic():
        _save_occurrence(occurrence, update_fields=[*fields])
        # Smaller registrations allowed, or a quota lifted or raised: free seats may fit.
        promote_from_waiting_list(occurrence=occurrence)
    return occurrence


def add_speaker(*, user, event, name, talk_title, role="", case=None):
    """A speaker appears on the event page after the ones already there."""
    _require_manager(user, event)
    speaker = Speaker(
        event=event,
        name=name,
        role=role,
        talk_title=talk_title,
        case=case,
        order=event.speakers.count(),
    )
    speaker.full_clean()
    with transaction.atomic():
        speaker.save()
    return speaker


def remove_speaker(*, user, speaker):
    _require_manager(user, speaker.event)
    with transaction.atomic():
        speaker.delete()
