"""Writes on webhook endpoints and deliveries: registering and switching endpoints, fanning
an event out to the endpoints that may receive it, and recording each attempt.

Every delivery goes through the outbox (samskabelse/outbox.py), written in the transaction
of the change it tells about: a rolled-back registration is never announced, and a
committed one is announced even when the broker is away. The outbox's retry policy for
`webhooks.deliver` (OUTBOX_RETRY_POLICIES) makes the retries last about a day."""

import base64
import json
import secrets
import uuid
from math import floor

import urllib3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from standardwebhooks import Webhook

from samskabelse import outbox
from samskabelse.exceptions import PermissionDenied, Unprocessable
from samskabelse.models import AnonymisationReason, AnonymisedData
from samskabelse.services import queue_email, record_anonymisation

from . import selectors, sending
from .models import FINISHED_STATUSES, Delivery, DeliveryStatus, Endpoint, EventType

DELIVER = "webhooks.deliver"
GONE = 410
SECRET_PREFIX = "whsec_"  # noqa: S105 - the Standard Webhooks prefix, not a secret


def new_secret():
    """A Standard Webhooks secret: whsec_ and 24 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def may_own_endpoints(user):
    """Organisers and admins register webhooks (and keep receiving only while they are)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.is_organiser


def _require_owner(user, endpoint):
    if not (user and user.is_active and (user.is_superuser or endpoint.owner_id == user.pk)):
        raise PermissionDenied(_("Only the webhook's owner can do this."))


def _check_url(url):
    try:
        sending.check_url(url)
    except sending.AddressRefused as refused:
        raise ValidationError({"url": str(refused)}) from None


def create_endpoint(*, owner, url, events):
    """An organiser or admin registers an address for the chosen events; returns the
    endpoint and its secret, which is shown this once. The address must pass the address
    rule (sending.py) now, and passes it again at every delivery."""
    if not may_own_endpoints(owner):
        raise PermissionDenied(_("Only organisers and admins can register webhooks."))
    events = list(dict.fromkeys(events))
    unknown = sorted(set(events) - set(EventType.values))
    if unknown:
        raise ValidationError(
            {"events": _("Unknown event: %(events)s.") % {"events": ", ".join(unknown)}}
        )
    if not events:
        raise ValidationError({"events": _("Choose at least one event.")})
    endpoint = Endpoint(owner=owner, url=url, events=events, secret=new_secret())
    endpoint.full_clean()
    _check_url(url)
    endpoint.save()
    return endpoint, endpoint.secret


def disable_endpoint(*, user, endpoint):
    """Nothing more is sent; deliveries still waiting for a retry are skipped."""
    _require_owner(user, endpoint)
    if endpoint.active:
        endpoint.active = False
        endpoint.disabled_at = timezone.now()
        endpoint.save(update_fields=["active", "disabled_at"])
    return endpoint


def enable_endpoint(*, user, endpoint):
    """Switched on again, with its failures forgotten, once its address passes the rule."""
    _require_owner(user, endpoint)
    _check_url(endpoint.url)
    endpoint.active = True
    endpoint.disabled_at = None
    endpoint.failure_count = 0
    endpoint.save(update_fields=["active", "disabled_at", "failure_count"])
    return endpoint


def delete_endpoint(*, user, endpoint):
    """The endpoint goes, with its delivery log."""
    _require_owner(user, endpoint)
    endpoint.delete()


def send_again(*, user, delivery):
    """A new delivery of the same event (same id, same body) to the same endpoint, with a
    fresh round of attempts. Refused while the endpoint is disabled."""
    endpoint = delivery.endpoint
    _require_owner(user, endpoint)
    if not endpoint.active:
        raise Unprocessable(_("The webhook is disabled; enable it before sending again."))
    with transaction.atomic():
        again = Delivery.objects.create(
            endpoint=endpoint, event_id=delivery.event_id, type=delivery.type, body=delivery.body
        )
        _queue(again)
    return again


def _queue(delivery):
    message = outbox.enqueue(DELIVER, delivery_id=delivery.pk)
    Delivery.objects.filter(pk=delivery.pk).update(outbox_message_id=message.pk)
    delivery.outbox_message_id = message.pk


def publish(*, event_type, data, audience=None):
    """Announce an event to every active endpoint that chose it and whose owner may
    receive it: `audience(user)` says who may (an event's managers for what concerns a
    theme day); None means the data is public. `data` is the object as the API shows it,
    or a function building it, called only when someone receives the event. Call it in the
    transaction of the change; returns the deliveries."""
    if event_type not in EventType.values:
        raise ValueError(f"Unknown webhook event {event_type!r}")
    if event_type not in selectors.listened_event_types():
        return []
    receivers = [
        endpoint
        for endpoint in Endpoint.objects.filter(active=True).select_related("owner")
        if event_type in endpoint.events
        and may_own_endpoints(endpoint.owner)
        and (audience is None or audience(endpoint.owner))
    ]
    if not receivers:
        return []
    now = timezone.now()
    event_id = f"msg_{uuid.uuid4().hex}"
    with translation.override(settings.LANGUAGE_CODE):
        payload = data() if callable(data) else data
    body = json.dumps(
        {"id": event_id, "type": event_type, "created_at": now.isoformat(), "data": payload},
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    with transaction.atomic():
        deliveries = [
            Delivery.objects.create(
                endpoint=endpoint, event_id=event_id, type=event_type, body=body, created_at=now
            )
            for endpoint in receivers
        ]
        for delivery in deliveries:
            _queue(delivery)
    return deliveries


def anyone_listening(event_types):
    """Whether some active endpoint chose one of `event_types` (from the cache, mostly), so
    a hot path (registering on PostgreSQL) can skip the rest when nobody listens."""
    return not selectors.listened_event_types().isdisjoint(event_types)


def signed_headers(*, endpoint, delivery, moment):
    """The Standard Webhooks headers: id, timestamp and v1 signature of id.timestamp.body."""
    signature = Webhook(endpoint.secret).sign(delivery.event_id, moment, delivery.body)
    return {
        "Content-Type": "application/json",
        "User-Agent": "Samskabelse-Webhooks/1.0",
        "Webhook-Id": delivery.event_id,
        "Webhook-Timestamp": str(floor(moment.timestamp())),
        "Webhook-Signature": signature,
    }


def attempt_delivery(*, delivery_id):
    """One attempt of one delivery (the outbox handler's work): POST the signed body and
    log the answer. A 2xx answer delivers; anything else (another status, no answer within
    WEBHOOK_TIMEOUT, an address refused after DNS resolution) fails the attempt and raises
    outbox.TryLater, so the outbox tries again later. When the last attempt fails, or the
    receiver answers 410 Gone (Standard Webhooks: "stop sending"), the endpoint is disabled
    and its owner is mailed."""
    delivery = Delivery.objects.select_related("endpoint__owner").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in FINISHED_STATUSES:
        return
    endpoint = delivery.endpoint
    if not endpoint.active:
        Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SKIPPED)
        return
    moment = timezone.now()
    code, duration, error = None, None, ""
    try:
        headers = signed_headers(endpoint=endpoint, delivery=delivery, moment=moment)
        code, duration = sending.post(endpoint.url, body=delivery.body, headers=headers)
    except sending.AddressRefused as refused:
        error = str(refused)
    except (urllib3.exceptions.HTTPError, OSError) as failure:
        error = outbox.describe(failure)
    delivered = code is not None and 200 <= code < 300
    if code is not None and not delivered:
        error = f"HTTP {code}"
    given_up = _record_attempt(
        delivery, moment, code, duration, error[:200], delivered, gone=code == GONE
    )
    if not delivered and not given_up:
        raise outbox.TryLater(error)


def _record_attempt(delivery, moment, code, duration, error, delivered, *, gone=False):
    """Log the attempt on the delivery and the endpoint; True when it was the last (or the
    delivery is gone, so there is nothing more to attempt)."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery.pk).first()
        if delivery is None:  # deleted meanwhile (with its endpoint, or on erasure)
            return True
        endpoint = (
            Endpoint.objects.select_for_update(of=("self",))
            .select_related("owner")
            .get(pk=delivery.endpoint_id)
        )
        delivery.attempts += 1
        delivery.last_attempt_at = moment
        delivery.response_code = code
        delivery.duration_ms = duration
        delivery.last_error = error
        given_up = False
        if delivered:
            delivery.status = DeliveryStatus.SUCCEEDED
            delivery.delivered_at = timezone.now()
            endpoint.failure_count = 0
        else:
            endpoint.failure_count += 1
            given_up = gone or delivery.attempts >= outbox.retry_policy(DELIVER).max_attempts
            delivery.status = DeliveryStatus.FAILED if given_up else DeliveryStatus.RETRYING
        delivery.save()
        endpoint.save(update_fields=["failure_count"])
        if given_up and endpoint.active:
            _disable_after_failures(endpoint, delivery)
    return given_up


def _disable_after_failures(endpoint, delivery):
    """A delivery failed every attempt (about a day): the endpoint is switched off and its
    owner is told, in the platform's language, how to switch it on again."""
    endpoint.active = False
    endpoint.disabled_at = timezone.now()
    endpoint.save(update_fields=["active", "disabled_at"])
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "url": endpoint.url,
            "type": delivery.type,
            "attempts": delivery.attempts,
            "error": delivery.last_error or "-",
            "admin": f"{settings.SITE_URL}/admin/webhooks/endpoint/{endpoint.pk}/change/",
        }
        queue_email(
            subject=_("Your webhook has been disabled"),
            body=_(
                "Your webhook %(url)s did not accept the event %(type)s in %(attempts)d "
                "attempts (last error: %(error)s), so it has been disabled and receives "
                "nothing more.\n\n"
                "When the receiver works again, enable the webhook in the administration "
                "(%(admin)s) or with POST /api/v1/webhooks/<id>/enable/; deliveries that "
                "failed can be sent again from the delivery log.\n"
            )
            % context,
            to=[endpoint.owner.email],
        )


def erase_deliveries_mentioning(text):
    """Delete the deliveries whose body holds `text` (a person's address, on erasure): the
    log keeps no copy, and one still waiting is not sent. A rare request, so a scan of the
    log (WEBHOOK_KEEP_DELIVERIES_DAYS long) is acceptable."""
    deleted, _per_model = Delivery.objects.filter(body__icontains=text).delete()
    return deleted


def delete_old_deliveries(*, older_than_days):
    """The delivery log keeps WEBHOOK_KEEP_DELIVERIES_DAYS days: the bodies carry
    participants' names and addresses, which are not kept longer than needed. The
    deletion and its entry in the anonymisation log are one transaction."""
    now = timezone.now()
    cutoff = now - timezone.timedelta(days=older_than_days)
    with transaction.atomic():
        deleted, _per_model = Delivery.objects.filter(created_at__lt=cutoff).delete()
        record_anonymisation(
            kind=AnonymisedData.WEBHOOK_DELIVERIES,
            reason=AnonymisationReason.RETENTION,
            count=deleted,
            now=now,
        )
    return deleted


class SiteRequest:
    """Stands in for a request where serializers build absolute links: a webhook's data
    names the platform's public address (SITE_URL), as the API's answers do."""

    def build_absolute_uri(self, path):
        return f"{settings.SITE_URL}{path}"
