"""What we hold about one email address: every registration, the newsletter subscription
and membership requests for networks. The page, the JSON download and the erasure all ask
these functions, so what "your data" means is decided once.

Citizen voices (projects.CitizenVoice) store no email and no name, so no voice is tied to
an address; the page and the download say so instead of guessing."""

from dataclasses import dataclass

from django.utils import timezone

from network.models import MembershipRequest

from ..models import Registration, RegistrationStatus, Subscriber
from ..services import waitlist_position


def normalise_email(email):
    """Addresses are stored lower-cased by every service that writes them."""
    return email.strip().lower()


def registrations_of(email):
    """The registrations that still carry the address (anonymised ones carry none)."""
    return (
        Registration.objects.filter(email__iexact=normalise_email(email), anonymised_at=None)
        .select_related("occurrence__event", "municipality")
        .order_by("occurrence__starts_at", "pk")
    )


def subscriber_of(email):
    """The newsletter subscriber with the address, or None."""
    return Subscriber.objects.filter(email__iexact=normalise_email(email)).first()


def membership_requests_of(email):
    return (
        MembershipRequest.objects.filter(email__iexact=normalise_email(email))
        .select_related("network", "municipality")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class PersonalData:
    email: str
    registrations: list
    subscriber: Subscriber | None
    membership_requests: list

    @property
    def is_empty(self):
        return not (self.registrations or self.subscriber or self.membership_requests)


def personal_data_of(email):
    """Everything tied to the address, each registration with its waiting-list place."""
    registrations = list(registrations_of(email))
    for registration in registrations:
        registration.position = waitlist_position(registration)
    return PersonalData(
        email=normalise_email(email),
        registrations=registrations,
        subscriber=subscriber_of(email),
        membership_requests=list(membership_requests_of(email)),
    )


def holds_data_about(email):
    return not personal_data_of(email).is_empty


def _iso(moment):
    return moment.isoformat() if moment else None


def _registration_export(registration):
    occurrence = registration.occurrence
    return {
        "event": occurrence.event.title,
        "starts_at": _iso(occurrence.starts_at),
        "ends_at": _iso(occurrence.ends_at),
        "venue": occurrence.venue,
        "address": occurrence.address,
        "city": occurrence.city,
        "online": occurrence.is_online,
        "status": registration.status,
        "status_label": str(RegistrationStatus(registration.status).label),
        "waitlist_position": registration.position,
        "name": registration.name,
        "email": registration.email,
        "organisation": registration.organisation,
        "municipality": registration.municipality.name if registration.municipality else None,
        "job_title": registration.job_title,
        "needs": registration.needs,
        "consent_given_at": _iso(registration.consent_at),
        "consent_text_version": registration.consent_version,
        "source": registration.source,
        "registered_at": _iso(registration.created_at),
        "updated_at": _iso(registration.updated_at),
        "promoted_at": _iso(registration.promoted_at),
        "cancelled_at": _iso(registration.cancelled_at),
        "checked_in_at": _iso(registration.checked_in_at),
        "reminder_sent_at": _iso(registration.reminder_sent_at),
    }


def _subscriber_export(subscriber):
    return {
        "email": subscriber.email,
        "signed_up_at": _iso(subscriber.created_at),
        "confirmed_at": _iso(subscriber.confirmed_at),
        "consent_text_version": subscriber.consent_version,
    }


def _membership_request_export(request):
    return {
        "network": request.network.name,
        "name": request.name,
        "email": request.email,
        "municipality": request.municipality.name if request.municipality else None,
        "organisation": request.organisation,
        "motivation": request.motivation,
        "consent_given_at": _iso(request.consent_at),
        "status": request.status,
        "received_at": _iso(request.created_at),
        "decided_at": _iso(request.decided_at),
    }


def personal_data_export(personal_data, *, voices_note):
    """The JSON download: every stored field, in a shape a program can read back."""
    return {
        "email": personal_data.email,
        "exported_at": _iso(timezone.now()),
        "registrations": [_registration_export(r) for r in personal_data.registrations],
        "newsletter_subscription": (
            _subscriber_export(personal_data.subscriber) if personal_data.subscriber else None
        ),
        "membership_requests": [
            _membership_request_export(request) for request in personal_data.membership_requests
        ],
        "citizen_voices": {"tied_to_this_address": False, "note": voices_note},
    }
