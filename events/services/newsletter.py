"""The newsletter: double opt-in, confirmation, and unsubscribing in one click."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskabelse import outbox
from samskabelse.models import AnonymisationReason, AnonymisedData
from samskabelse.services import record_anonymisation

from .. import tasks
from ..models import (
    Subscriber,
)
from .base import CONSENT_VERSION


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
