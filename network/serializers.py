"""Output shapes of the networks and people API. They read only what the view prefetched (no
query in a serializer). What is internal (minutes, participants, contact details) is in a
separate serializer, so the view picks the shape by who is asking, never a field by field
check."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from projects.serializers import PageUrlField
from samskabelse.api.fields import ChoiceLabelField
from samskabelse.api.serializers import WithInsiderFields
from samskabelse.models import Municipality, Region

from .models import (
    Experiment,
    ExperimentStatus,
    Meeting,
    Network,
    NetworkKind,
    NetworkStatus,
    Person,
    Tag,
)


class MemberMunicipalitySerializer(serializers.ModelSerializer):
    kommunekode = serializers.CharField(source="code", read_only=True)
    region = serializers.IntegerField(read_only=True)

    class Meta:
        model = Municipality
        fields = ["kommunekode", "name", "region"]


class NetworkSerializer(serializers.ModelSerializer):
    """A network with its member municipalities by region; people who are members are
    counted, not named."""

    kind = serializers.CharField(read_only=True)
    kind_display = ChoiceLabelField(NetworkKind.choices, source="kind")
    status = serializers.CharField(read_only=True)
    status_display = ChoiceLabelField(NetworkStatus.choices, source="status")
    facilitator = serializers.CharField(
        source="facilitator.name", default=None, read_only=True, allow_null=True
    )
    member_count = serializers.IntegerField(read_only=True)
    member_municipalities = serializers.SerializerMethodField()
    url = PageUrlField()

    class Meta:
        model = Network
        fields = [
            "slug",
            "name",
            "kind",
            "kind_display",
            "status",
            "status_display",
            "purpose",
            "how_to_join",
            "facilitator",
            "founded_on",
            "member_capacity",
            "member_count",
            "member_municipalities",
            "url",
            "updated_at",
        ]

    def get_member_municipalities(self, network) -> list[dict]:
        municipalities = [m.municipality for m in network.memberships.all() if m.municipality]
        return MemberMunicipalitySerializer(municipalities, many=True).data


class MeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "title", "starts_at", "place", "agenda", "is_public"]


class MeetingParticipantSerializer(serializers.ModelSerializer):
    """A removed person keeps their place in the list, without a name or a page."""

    removed = serializers.SerializerMethodField()
    slug = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["name", "slug", "removed"]

    def get_removed(self, person) -> bool:
        return person.anonymised_at is not None

    def get_slug(self, person) -> str | None:
        return None if person.anonymised_at else person.slug


class MeetingInternalSerializer(WithInsiderFields, MeetingSerializer):
    """For members, staff and tokens with `read`: the minutes and who took part."""

    participants = MeetingParticipantSerializer(many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "minutes", "participants"]
        insider_fields = ["minutes", "participants"]


class ExperimentSerializer(serializers.ModelSerializer):
    """A mini-experiment. Its case is named only when the client may see that case."""

    municipality = MemberMunicipalitySerializer(read_only=True)
    status = serializers.CharField(read_only=True)
    status_display = ChoiceLabelField(ExperimentStatus.choices, source="status")
    case = serializers.SerializerMethodField()

    class Meta:
        model = Experiment
        fields = [
            "id",
            "title",
            "municipality",
            "question",
            "what_we_tried",
            "with_politicians",
            "with_volunteer_consultants",
            "with_citizens",
            "status",
            "status_display",
            "learning",
            "case",
            "is_public",
            "updated_at",
        ]

    def get_case(self, experiment) -> str | None:
        visible = self.context.get("visible_case_ids", set())
        return experiment.case.slug if experiment.case_id in visible else None


class PersonSerializer(serializers.ModelSerializer):
    """A colleague to find: never their contact details (see PersonWithContactSerializer)."""

    organisation = serializers.CharField(
        source="organisation.name", default=None, read_only=True, allow_null=True
    )
    municipality = MemberMunicipalitySerializer(read_only=True, allow_null=True)
    region_display = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField(help_text=_("Names of the person's roles."))
    expertise = serializers.SerializerMethodField(help_text=_("Names of their expertise."))
    local_areas = serializers.SerializerMethodField(
        help_text=_("Local areas the person is contact for.")
    )
    url = PageUrlField()

    class Meta:
        model = Person
        fields = [
            "slug",
            "name",
            "title",
            "organisation",
            "municipality",
            "region_display",
            "roles",
            "expertise",
            "local_areas",
            "url",
        ]

    def get_region_display(self, person) -> str | None:
        if person.municipality is None:
            return None
        return str(Region(person.municipality.region).label)

    def get_roles(self, person) -> list[str]:
        return [tag.name for tag in person.tags.all() if tag.kind == Tag.Kind.ROLE]

    def get_expertise(self, person) -> list[str]:
        return [tag.name for tag in person.tags.all() if tag.kind == Tag.Kind.EXPERTISE]

    def get_local_areas(self, person) -> list[str]:
        return [area.name for area in person.local_areas.all()]


class PersonWithContactSerializer(WithInsiderFields, PersonSerializer):
    """For staff only."""

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "email", "phone"]
        insider_fields = ["email", "phone"]
