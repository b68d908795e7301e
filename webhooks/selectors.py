"""Reads on webhooks, each taking the viewer: everyone sees their own endpoints only (the
Django admin shows admins all of them)."""

from django.core.cache import cache
from django.db import transaction
from django.db.models import OuterRef, Subquery

from samskabelse.api import versions
from samskabelse.models import OutboxMessage

from .models import Delivery, Endpoint


def endpoints_of(user):
    if not (user and user.is_authenticated):
        return Endpoint.objects.none()
    return Endpoint.objects.filter(owner=user)


def deliveries_of(endpoint):
    """The endpoint's delivery log, newest first, each with its next attempt when one is
    waiting (the due time of the outbox row that carries it)."""
    waiting = OutboxMessage.objects.filter(
        pk=OuterRef("outbox_message_id"), done_at__isnull=True
    ).values("available_at")
    return (
        Delivery.objects.filter(endpoint=endpoint)
        .annotate(next_attempt_at=Subquery(waiting[:1]))
        .order_by("-created_at", "-pk")
    )


LISTENED_KEY = "webhooks:listened-event-types"
LISTENED_TTL = 60  # seconds: a bound on staleness should a write's invalidation be lost


def listened_event_types():
    """The event types some active endpoint chose, from the shared cache: publishing an
    event nobody wants then costs no query. Every write of an endpoint forgets it."""
    types = cache.get(LISTENED_KEY)
    if types is None:
        rows = Endpoint.objects.filter(active=True).values_list("events", flat=True)
        types = sorted({event_type for events in rows for event_type in events})
        cache.set(LISTENED_KEY, types, LISTENED_TTL)
    return set(types)


def forget_listened_event_types(**_signal):
    """Now, and again once the write commits: a read between the two (of the old state)
    may have cached it again. Processes that keep the answer in memory (events.webhooks)
    learn of the write from the endpoints' data version."""
    cache.delete(LISTENED_KEY)
    transaction.on_commit(lambda: cache.delete(LISTENED_KEY))
    versions.bump(versions.WEBHOOK_ENDPOINTS)
