"""Writes of Mine data: mailing the signed link, and erasing everything tied to an address.

The link carries the address signed (not encrypted) with a salt of its own and is valid
for an hour; nothing is stored to make it work. The address is readable by whoever holds
the link, which is why the link goes only to that address, and why access logs show a hash
of it instead (gunicorn.conf.py, samskabelse/secret_urls.py)."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samskabelse.exceptions import Unprocessable
from samskabelse.locking import lock_row
from samskabelse.models import AnonymisationReason, AnonymisedData
from samskabelse.services import queue_templated_email, record_anonymisation
from webhooks import services as webhooks
from webhooks.models import EventType

from .. import services as events_services
from .. import webhooks as webhook_events
from ..models import ACTIVE_STATUSES, Occurrence, Registration, RegistrationStatus, Subscriber
from . import selectors

LINK_SALT = "events.privacy.my-data-link"
LINK_VALID_SECONDS = 60 * 60


class InvalidLink(Unprocessable):
    default_code = "invalid_link"


def link_token(email):
    return signing.dumps(selectors.normalise_email(email), salt=LINK_SALT, compress=True)


def email_of_link(token):
    """The address a Mine data link was made for; InvalidLink when it is forged or older
    than an hour."""
    try:
        return signing.loads(token, salt=LINK_SALT, max_age=LINK_VALID_SECONDS)
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature
        raise InvalidLink(_("The link has expired or is not valid.")) from error


def send_my_data_link(*, email):
    """Mail a Mine data link to the address, but only when we hold data about it. The
    caller answers the same in every case, so nobody learns from the page whether an
    address is known. True when a mail is queued."""
    email = selectors.normalise_email(email)
    if not selectors.holds_data_about(email):
        return False
    url = settings.SITE_URL + reverse("events:my_data", args=[link_token(email)])
    queue_templated_email(
        template="events/privacy/email/link",
        context={
            "url": url,
            "valid_minutes": LINK_VALID_SECONDS // 60,
            "site_url": settings.SITE_URL,
        },
        to=[email],
    )
    return True


@dataclass(frozen=True)
class Erasure:
    registrations_anonymised: int
    seats_released: int
    subscription_deleted: bool


def erase_personal_data(*, email):
    """Art. 17: erase what is tied to the address, in one transaction. Registrations are
    anonymised by the retention job's own rule (events.services.anonymise_registration);
    one for a date still ahead is cancelled first, so its seat or waiting-list place goes
    to the next in line under the occurrence's lock. The newsletter subscription is
    deleted. Voices hold no address, so there is nothing of them to erase. No mail goes
    out to the address afterwards: the page itself is the receipt. Webhook endpoints are
    told of a released seat with the data already anonymised, and deliveries in their log
    that carry the address are deleted (also those still waiting to be sent). Each kind
    erased gets its entry in the anonymisation log, in the same transaction."""
    email = selectors.normalise_email(email)
    now = timezone.now()
    anonymised = released = 0
    with transaction.atomic():
        occurrence_ids = sorted(
            set(selectors.registrations_of(email).values_list("occurrence_id", flat=True))
        )
        # Occurrences in pk order, so two erasures never wait for each other in a circle.
        for occurrence_id in occurrence_ids:
            occurrence = lock_row(Occurrence, occurrence_id)
            ahead = occurrence.starts_at > now
            registrations = Registration.objects.select_for_update().filter(
                occurrence=occurrence, email__iexact=email, anonymised_at=None
            )
            freed_here = 0
            for registration in registrations:
                freed = ahead and registration.status in ACTIVE_STATUSES
                if freed:
                    registration.status = RegistrationStatus.CANCELLED
                    registration.cancelled_at = now
                    freed_here += 1
                events_services.anonymise_registration(registration, now=now)
                if freed:
                    registration.occurrence = occurrence
                    webhook_events.publish_registration(
                        registration, EventType.REGISTRATION_CANCELLED
                    )
                anonymised += 1
            if freed_here:
                events_services.promote_from_waiting_list(occurrence=occurrence)
            released += freed_here
        deleted, _by_model = Subscriber.objects.filter(email__iexact=email).delete()
        deliveries = webhooks.erase_deliveries_mentioning(email)
        for kind, count in (
            (AnonymisedData.REGISTRATIONS, anonymised),
            (AnonymisedData.SUBSCRIBERS, deleted),
            (AnonymisedData.WEBHOOK_DELIVERIES, deliveries),
        ):
            record_anonymisation(
                kind=kind, reason=AnonymisationReason.MY_DATA, count=count, now=now
            )
    return Erasure(
        registrations_anonymised=anonymised,
        seats_released=released,
        subscription_deleted=bool(deleted),
    )
