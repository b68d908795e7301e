"""Input and output shapes of the events API. Output serializers read only what the view
annotated and prefetched (no query in a serializer); the registration input serializer
only validates, and the view hands the result to services.register_participant."""

import datetime

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from projects.serializers import LinesField, PageUrlField
from samskabelse.api.fields import BooleanField, ChoiceLabelField, SlugReferenceField, TextField
from samskabelse.models import Municipality

from . import selectors
from .models import (
    MAX_GROUP_SIZE,
    Event,
    EventKind,
    Occurrence,
    OccurrenceStatus,
    Registration,
    RegistrationStatus,
    Speaker,
)


def stored_value_field_class(choices, component_name):
    """A read-only field for the stored value of a choices field, its enum a schema
    component of its own name: the generated names (`StatusEnum`, `KindEnum`) would
    collide with the other apps'. One class per choice set, since the schema tells the
    components apart by class."""

    @extend_schema_field(
        {"type": "string", "enum": [value for value, _label in choices]},
        component_name=component_name,
    )
    class StoredValueField(serializers.CharField):
        def __init__(self, **kwargs):
            super().__init__(read_only=True, **kwargs)

    return StoredValueField


EventKindField = stored_value_field_class(EventKind.choices, "EventKind")
OccurrenceStatusField = stored_value_field_class(OccurrenceStatus.choices, "OccurrenceStatus")
RegistrationStatusField = stored_value_field_class(RegistrationStatus.choices, "RegistrationStatus")


class OccurrenceSerializer(serializers.ModelSerializer):
    """One date of an event. The online link is never here: only confirmed participants
    get it, by mail."""

    status = OccurrenceStatusField()
    status_display = ChoiceLabelField(OccurrenceStatus.choices, source="status")
    is_online = serializers.BooleanField(read_only=True)
    seats_left = serializers.IntegerField(
        source="seats_left_count", read_only=True, help_text=_("Seats not yet taken; 0 when full.")
    )
    registration_open = serializers.SerializerMethodField(
        help_text=_("Whether a registration would be accepted now (window and start).")
    )
    registrations_url = serializers.SerializerMethodField()

    class Meta:
        model = Occurrence
        fields = [
            "id",
            "starts_at",
            "ends_at",
            "venue",
            "address",
            "city",
            "is_online",
            "capacity",
            "seats_left",
            "waitlist_enabled",
            "registration_opens_at",
            "registration_closes_at",
            "registration_open",
            "status",
            "status_display",
            "registrations_url",
        ]
        read_only_fields = fields

    def get_registration_open(self, occurrence) -> bool:
        return occurrence.registration_is_open(self.context.get("now"))

    @extend_schema_field(OpenApiTypes.URI)
    def get_registrations_url(self, occurrence):
        path = reverse("occurrence-registrations", args=[occurrence.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class SpeakerSerializer(serializers.ModelSerializer):
    case = serializers.SlugRelatedField(
        read_only=True,
        slug_field="slug",
        allow_null=True,
        help_text=_("The case the talk is about, when the client may see it."),
    )

    class Meta:
        model = Speaker
        fields = ["name", "role", "talk_title", "case"]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    """A published theme day as other systems read it, with its dates and seats left."""

    url = PageUrlField()
    kind = EventKindField()
    kind_display = ChoiceLabelField(EventKind.choices, source="kind")
    programme = LinesField()
    organisers = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    hosts = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    speakers = SpeakerSerializer(many=True, read_only=True)
    next_starts_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text=_("The start of the next planned occurrence; null when none is ahead."),
    )
    occurrences = OccurrenceSerializer(many=True, read_only=True)
    network = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Event
        fields = [
            "slug",
            "url",
            "title",
            "kind",
            "kind_display",
            "summary",
            "programme",
            "price",
            "network",
            "organisers",
            "hosts",
            "speakers",
            "next_starts_at",
            "occurrences",
            "updated_at",
        ]
        read_only_fields = fields


@extend_schema_field({"type": "boolean", "enum": [True]})
class ConsentField(BooleanField):
    """Only `true` is accepted (validate_consent says why otherwise)."""


class MemberInputSerializer(serializers.Serializer):
    """A colleague registered with the group, or added to it later."""

    name = TextField(max_length=160)
    email = serializers.EmailField(max_length=254)
    organisation = TextField(max_length=200, required=False, allow_blank=True)
    job_title = TextField(max_length=160, required=False, allow_blank=True)
    needs = TextField(max_length=1000, required=False, allow_blank=True)


class RegistrationInputSerializer(serializers.Serializer):
    """What another system sends to register a citizen for one occurrence."""

    name = TextField(max_length=160)
    email = serializers.EmailField(max_length=254)
    members = serializers.ListField(
        child=MemberInputSerializer(),
        required=False,
        max_length=MAX_GROUP_SIZE - 1,
        help_text=_(
            "Colleagues registered with the citizen as one group, with the same consent: "
            "the group gets seats together or waits together."
        ),
    )
    consent = ConsentField(
        help_text=_("Must be true: the citizen agreed to the processing of their data.")
    )
    organisation = TextField(max_length=200, required=False, allow_blank=True)
    municipality = SlugReferenceField(
        slug_field="code",
        queryset=Municipality.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The municipality's three-digit kommunekode, e.g. 376."),
    )
    job_title = TextField(max_length=160, required=False, allow_blank=True)
    needs = TextField(
        max_length=1000,
        required=False,
        allow_blank=True,
        help_text=_("Diet, accessibility …"),
    )

    def validate_consent(self, value):
        if not value:
            raise serializers.ValidationError(_("We need your consent to register you."))
        return value


def waitlist_reason_field():
    """The stored reason, as a plain string: empty is a value too (not waiting)."""
    return serializers.CharField(
        read_only=True,
        help_text=_(
            "Why the registration waits: `full` (all seats taken) or `quota` (the "
            "municipality's or region's share is used); empty when not waiting."
        ),
    )


class MemberResultSerializer(serializers.ModelSerializer):
    """The answer for one registration. `manage_token` is the citizen's secret: whoever
    holds it can cancel, so it goes only to the system that registered."""

    waitlist_position = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_("1 for the first on the waiting list; null when not waiting."),
    )
    status = RegistrationStatusField()
    status_display = ChoiceLabelField(RegistrationStatus.choices, source="status")
    manage_url = serializers.SerializerMethodField(
        help_text=_("The citizen's own page for the registration, when it exists.")
    )
    cancel_url = serializers.SerializerMethodField()
    anonymised_on = serializers.SerializerMethodField(
        help_text=_(
            "The day (Europe/Copenhagen) on which the registration's personal data are "
            "anonymised; tell the citizen."
        ),
    )
    waitlist_reason = waitlist_reason_field()
    waitlist_reason_text = serializers.SerializerMethodField(
        help_text=_("The reason in words, as the citizen's receipt says it.")
    )

    class Meta:
        model = Registration
        fields = [
            "id",
            "occurrence",
            "status",
            "status_display",
            "waitlist_position",
            "waitlist_reason",
            "waitlist_reason_text",
            "manage_token",
            "manage_url",
            "cancel_url",
            "anonymised_on",
            "registered_by",
        ]
        read_only_fields = fields

    def absolute(self, path):
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_manage_url(self, registration):
        try:
            return self.absolute(registration.get_absolute_url())
        except NoReverseMatch:
            return None

    def get_anonymised_on(self, registration) -> datetime.date:
        """Set by the view (a group's members share their date); read here only when a
        view did not, from the occurrence the registration holds."""
        known = getattr(registration, "anonymised_on", None)
        return (known or selectors.anonymisation_date(registration)).isoformat()

    def get_waitlist_reason_text(self, registration) -> str | None:
        from .services import waitlist_reason_text

        return waitlist_reason_text(registration)

    @extend_schema_field(OpenApiTypes.URI)
    def get_cancel_url(self, registration):
        return self.absolute(reverse("registration-cancel", args=[registration.manage_token]))


class RegistrationResultSerializer(MemberResultSerializer):
    """The answer to a registration: the registrant's, and each colleague's in `members`."""

    members = MemberResultSerializer(many=True, read_only=True, default=list)

    class Meta(MemberResultSerializer.Meta):
        fields = [*MemberResultSerializer.Meta.fields, "members"]
        read_only_fields = fields


class CancellationResultSerializer(serializers.ModelSerializer):
    """The answer to a cancellation: no secrets, only the new state."""

    status = RegistrationStatusField()
    status_display = ChoiceLabelField(RegistrationStatus.choices, source="status")

    class Meta:
        model = Registration
        fields = ["id", "occurrence", "status", "status_display", "cancelled_at"]
        read_only_fields = fields


class ParticipantSerializer(serializers.ModelSerializer):
    """A row of the organiser's participant list."""

    municipality = serializers.SlugRelatedField(
        read_only=True, slug_field="code", allow_null=True, help_text=_("Kommunekode.")
    )
    status = RegistrationStatusField()
    status_display = ChoiceLabelField(RegistrationStatus.choices, source="status")
    waitlist_position = serializers.SerializerMethodField()
    waitlist_reason = waitlist_reason_field()

    class Meta:
        model = Registration
        fields = [
            "id",
            "name",
            "email",
            "organisation",
            "municipality",
            "job_title",
            "needs",
            "status",
            "status_display",
            "waitlist_position",
            "waitlist_reason",
            "registered_by",
            "created_at",
            "checked_in_at",
        ]
        read_only_fields = fields

    def get_waitlist_position(self, registration) -> int | None:
        if registration.status != RegistrationStatus.WAITLISTED:
            return None
        return registration.waiting_rank
