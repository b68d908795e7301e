"""The mails of theme days, built here and sent by events.tasks: one for each kind of
change to a registration, and the newsletter's double opt-in. Every mail is Danish, plain
text with an HTML alternative, and carries the manage link; registration mails attach the
occurrence's .ics."""

import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .ics import occurrence_ics
from .models import SEAT_STATUSES, OccurrenceStatus, RegistrationStatus
from .services import waitlist_position, waitlist_reason_text

# Registrations store no language of their own: every participant is mailed in Danish, the
# platform's language, whatever language the page or API request that caused the mail used.
MAIL_LANGUAGE = "da"
MAIL_TIME_ZONE = ZoneInfo("Europe/Copenhagen")

# Subject and opening paragraph of each kind; "message" takes the organiser's own words.
SUBJECTS = {
    "confirmation": gettext_lazy("You are registered: %(title)s"),
    "waitlisted": gettext_lazy("You are on the waiting list: %(title)s"),
    "promotion": gettext_lazy("You have got a seat: %(title)s"),
    "reminder": gettext_lazy("Reminder: %(title)s on %(date)s"),
    "change": gettext_lazy("New time or place: %(title)s"),
    "cancellation": gettext_lazy("Your registration is cancelled: %(title)s"),
    "occurrence_cancelled": gettext_lazy("Cancelled: %(title)s"),
    "moved": gettext_lazy("You are moved to another date: %(title)s"),
}
INTROS = {
    "confirmation": gettext_lazy(
        "You are registered for %(title)s. We look forward to seeing you."
    ),
    "waitlisted": gettext_lazy(
        "All seats for %(title)s are taken, so you are on the waiting list as number "
        "%(position)s. When a seat becomes free, it goes to the first on the list, and we "
        "email you at once."
    ),
    "promotion": gettext_lazy(
        "A seat has become free, and it is yours: you are now registered for %(title)s."
    ),
    "reminder": gettext_lazy("A reminder: %(title)s is soon. We look forward to seeing you."),
    "change": gettext_lazy(
        "The organisers have changed the time or place of %(title)s. Here are the new details."
    ),
    "cancellation": gettext_lazy(
        "Your registration for %(title)s is cancelled. If your plans change, you are "
        "welcome to register again: you get a seat if one is free, otherwise a place at the "
        "back of the waiting list."
    ),
    "occurrence_cancelled": gettext_lazy(
        "We are sorry: %(title)s on this date is cancelled. You do not need to do anything."
    ),
    "moved": gettext_lazy(
        "The organisers have moved your registration for %(title)s to another date. "
        "Here are the details of the new date."
    ),
}
# An organiser's message that opens with its own greeting is not greeted twice.
GREETING = re.compile(r"^(hej|kære|goddag|god morgen|dear|hello|hi)\b", re.IGNORECASE)
# Kinds after which the participant no longer holds the date: no calendar entry to add.
WITHOUT_CALENDAR = {"cancellation"}
# Kinds that only make sense while the participant still has a seat on a planned date.
NEEDS_SEAT = {"reminder"}


def absolute_url(viewname, token, fallback_path):
    """SITE_URL + the route's path. The fallback keeps mail working while a route is still
    missing from events/urls.py; it must spell the same path as the route."""
    try:
        path = reverse(viewname, args=[token])
    except NoReverseMatch:
        path = fallback_path
    return settings.SITE_URL + path


def manage_url(registration):
    token = registration.manage_token
    return absolute_url("events:manage", token, f"/events/manage/{token}/")


def local_time(moment):
    return timezone.localtime(moment, MAIL_TIME_ZONE)


def when_text(occurrence):
    """'Søndag 25. oktober 2026 kl. 10.00–17.00', in Copenhagen time; call under the mail's
    language."""
    starts, ends = local_time(occurrence.starts_at), local_time(occurrence.ends_at)
    date = capfirst(formats.date_format(starts, "l j. F Y"))
    if starts.date() == ends.date():
        end = ends.strftime("%H.%M")
    else:
        end = f"{formats.date_format(ends, 'j. F Y')} {ends:%H.%M}"
    return _("%(date)s from %(start)s to %(end)s") % {
        "date": date,
        "start": starts.strftime("%H.%M"),
        "end": end,
    }


def mail_language(registration):
    """The language a participant's mails are written in (see MAIL_LANGUAGE)."""
    return MAIL_LANGUAGE


def mail_kind(registration, kind):
    """A confirmation for someone on the waiting list is the waiting-list mail."""
    if kind == "confirmation" and registration.status == RegistrationStatus.WAITLISTED:
        return "waitlisted"
    return kind


def holds_seat(registration):
    """A seat on a date that still takes place: what the online link and reminders need."""
    return (
        registration.status in SEAT_STATUSES
        and registration.occurrence.status == OccurrenceStatus.PLANNED
    )


def should_send(registration, kind):
    if registration.anonymised_at is not None:
        return False
    return kind not in NEEDS_SEAT or holds_seat(registration)


def registration_mail(registration, kind, *, subject=None, body=None, reply_to=None):
    """The mail for one registration; kind is one of SUBJECTS, or "message" with the
    organiser's subject and body (plain text, escaped in the HTML part)."""
    with translation.override(mail_language(registration)), timezone.override(MAIL_TIME_ZONE):
        context = registration_context(registration, kind, subject=subject, body=body)
        text = render_to_string("events/email/registration.txt", context)
        html = render_to_string("events/email/registration.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(context["subject"].split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
        reply_to=[reply_to] if reply_to else None,
    )
    message.attach_alternative(html, "text/html")
    if kind not in WITHOUT_CALENDAR:
        message.attach(
            f"{registration.occurrence.event.slug}.ics",
            occurrence_ics(
                registration.occurrence,
                base_url=settings.SITE_URL,
                include_online_url=holds_seat(registration),
            ),
            "text/calendar",
        )
    return message


def registration_context(registration, kind, *, subject=None, body=None):
    occurrence = registration.occurrence
    event = occurrence.event
    kind = mail_kind(registration, kind)
    when = when_text(occurrence)
    values = {
        "title": event.title,
        "date": capfirst(formats.date_format(local_time(occurrence.starts_at), "j. F")),
        "position": waitlist_position(registration),
    }
    if kind == "message":
        paragraphs = [part.strip() for part in (body or "").split("\n\n") if part.strip()]
        # The subject names the event, so the mail is recognisable in a full inbox.
        if not subject:
            subject = event.title
        elif event.title.casefold() not in subject.casefold():
            subject = f"{subject} – {event.title}"
    else:
        paragraphs = [INTROS[kind] % values]
        subject = SUBJECTS[kind] % values
        if kind != "promotion" and (reason := waitlist_reason_text(registration)):
            paragraphs.append(reason)
        if registration.registered_by_id and registration.registered_by:
            paragraphs.append(
                _(
                    "%(name)s registered you as part of a group: the group gets seats "
                    "together or waits together. This registration is your own to change "
                    "or cancel."
                )
                % {"name": registration.registered_by.name}
            )
    planned = occurrence.status == OccurrenceStatus.PLANNED
    return {
        "kind": kind,
        "greet": not (kind == "message" and paragraphs and GREETING.match(paragraphs[0])),
        "subject": subject,
        "registration": registration,
        "event": event,
        "occurrence": occurrence,
        "paragraphs": paragraphs,
        "when": when,
        "place": ", ".join(part for part in (occurrence.venue, occurrence.address) if part),
        "online_url": occurrence.online_url if holds_seat(registration) else "",
        "online_later": bool(occurrence.online_url)
        and planned
        and registration.status == RegistrationStatus.WAITLISTED,
        "position": values["position"],
        "can_cancel": planned
        and registration.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED),
        "manage_url": manage_url(registration),
        # After cancelling: the event page, to register again or pick another date.
        "event_url": settings.SITE_URL + event.get_absolute_url() if kind == "cancellation" else "",
        "site_url": settings.SITE_URL,
    }


def newsletter_confirmation_mail(subscriber):
    """Double opt-in: the subscription counts once the confirm link is followed; every
    mail also carries the one-click unsubscribe link, as a link and as a header."""
    token = subscriber.token
    confirm_url = absolute_url(
        "events:newsletter_confirm", token, f"/events/newsletter/confirm/{token}/"
    )
    unsubscribe_url = absolute_url(
        "events:newsletter_unsubscribe", token, f"/events/newsletter/unsubscribe/{token}/"
    )
    with translation.override(MAIL_LANGUAGE):
        subject = _("Confirm your subscription to the Samskabelse newsletter")
        context = {
            "subject": subject,
            "confirm_url": confirm_url,
            "unsubscribe_url": unsubscribe_url,
            "site_url": settings.SITE_URL,
        }
        text = render_to_string("events/email/newsletter_confirmation.txt", context)
        html = render_to_string("events/email/newsletter_confirmation.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        # RFC 8058: mail clients may unsubscribe with one POST to the link (the view allows it).
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
