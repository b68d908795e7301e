"""Input and output shapes of the webhooks API."""

import json

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from samskabelse.api.fields import ChoiceField, ChoiceLabelField

from .models import Delivery, DeliveryStatus, Endpoint, EventType


@extend_schema_field(
    {"type": "string", "enum": DeliveryStatus.values}, component_name="WebhookDeliveryStatus"
)
class DeliveryStatusField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)


@extend_schema_field({"type": "string", "enum": EventType.values}, component_name="WebhookEvent")
class EventTypeField(ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(EventType.choices, **kwargs)


class UrlField(serializers.URLField):
    """A JSON string only (DRF would take a number for its text)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class EndpointInputSerializer(serializers.Serializer):
    url = UrlField(
        max_length=500,
        help_text=_("Where the events are posted: https, to a public address."),
    )
    events = serializers.ListField(child=EventTypeField(), allow_empty=False, max_length=20)


class EndpointSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=EventTypeField(), read_only=True)
    deliveries_url = serializers.SerializerMethodField()

    class Meta:
        model = Endpoint
        fields = [
            "id",
            "url",
            "events",
            "active",
            "failure_count",
            "disabled_at",
            "created_at",
            "deliveries_url",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_deliveries_url(self, endpoint):
        path = reverse("webhook-deliveries", args=[endpoint.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class EndpointCreatedSerializer(EndpointSerializer):
    """The answer to a registration: the only time the secret is shown."""

    secret = serializers.CharField(
        read_only=True,
        help_text=_(
            "The signing secret (whsec_ and base64), shown this once: keep it where the "
            "receiver can read it."
        ),
    )

    class Meta(EndpointSerializer.Meta):
        fields = [*EndpointSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer):
    type = EventTypeField(read_only=True)
    status = DeliveryStatusField()
    status_display = ChoiceLabelField(DeliveryStatus.choices, source="status")
    next_attempt_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=_("When the next attempt is due, if any.")
    )
    payload = serializers.SerializerMethodField(help_text=_("The body that was sent."))

    class Meta:
        model = Delivery
        fields = [
            "id",
            "event_id",
            "type",
            "status",
            "status_display",
            "attempts",
            "response_code",
            "duration_ms",
            "last_error",
            "created_at",
            "last_attempt_at",
            "next_attempt_at",
            "delivered_at",
            "payload",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_payload(self, delivery):
        return json.loads(delivery.body)
