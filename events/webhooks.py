"""What this app tells other systems through webhooks (webhooks/): registrations and dates,
with the data as the API shows it to the event's organisers, sent only to endpoints of
those who may manage the event (services.can_manage_event) and of admins. The services
call these in their own transaction, right after the change."""

from django.utils import timezone
from rest_framework import serializers

from samskabelse.api import versions
from webhooks import services as webhooks
from webhooks.models import EventType

from . import selectors
from .models import Occurrence, RegistrationStatus
from .serializers import OccurrenceSerializer, ParticipantSerializer

REGISTRATION_EVENTS = {
    RegistrationStatus.CONFIRMED: EventType.REGISTRATION_CONFIRMED,
    RegistrationStatus.WAITLISTED: EventType.REGISTRATION_WAITLISTED,
}


class RegistrationEventSerializer(ParticipantSerializer):
    """A row of the participant list, with the date and theme day it belongs to."""

    occurrence = serializers.IntegerField(source="occurrence_id", read_only=True)
    event = serializers.CharField(source="occurrence.event.slug", read_only=True)

    class Meta(ParticipantSerializer.Meta):
        fields = [*ParticipantSerializer.Meta.fields, "occurrence", "event"]
        read_only_fields = fields

    def get_waitlist_position(self, registration):
        from .services import waitlist_position  # services imports this module

        return waitlist_position(registration)


class OccurrenceEventSerializer(OccurrenceSerializer):
    event = serializers.CharField(source="event.slug", read_only=True)

    class Meta(OccurrenceSerializer.Meta):
        fields = [*OccurrenceSerializer.Meta.fields, "event"]
        read_only_fields = fields


def _managers_of(event):
    """Who may receive events about `event` (a function, so it costs nothing until an
    endpoint is there to ask about); `event` may be a function returning it."""
    from .services import can_manage_event  # services imports this module

    return lambda user: can_manage_event(user, event() if callable(event) else event)


_listening = (None, False)  # (the endpoints' data version, the answer under it)


def anyone_listening():
    """Whether any endpoint wants registration events (read before a lock is taken). An
    API request has read the endpoints' data version with its token (samskabelse.api
    .versions), so the answer kept in memory under that version costs nothing; a write
    of an endpoint moves the version on, and the next request asks again."""
    global _listening
    version = versions.seen(versions.WEBHOOK_ENDPOINTS)
    if version is not None and _listening[0] == version:
        return _listening[1]
    answer = webhooks.anyone_listening(REGISTRATION_EVENTS.values())
    if version is not None:
        _listening = (version, answer)
    return answer


def publish_registration(registration, event_type=None):
    """registration.confirmed / .waitlisted (from its status), or the given event type."""
    event_type = event_type or REGISTRATION_EVENTS[registration.status]
    webhooks.publish(
        event_type=event_type,
        data=lambda: RegistrationEventSerializer(registration).data,
        audience=_managers_of(lambda: registration.occurrence.event),
    )


def publish_occurrence(occurrence, event_type):
    def data():
        current = (
            selectors.with_seats_left(Occurrence.objects.filter(pk=occurrence.pk))
            .select_related("event")
            .get()
        )
        context = {"request": webhooks.SiteRequest(), "now": timezone.now()}
        return OccurrenceEventSerializer(current, context=context).data

    webhooks.publish(event_type=event_type, data=data, audience=_managers_of(occurrence.event))
