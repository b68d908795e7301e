"""Input and output shapes of the cases API. Output serializers only read what the view
prefetched (no query in a serializer); input serializers only validate, and the view hands
the result to a service."""

from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from samskabelse.api.fields import (
    BooleanField,
    ChoiceField,
    ChoiceLabelField,
    InputModelSerializer,
    SlugReferenceField,
    TextField,
)
from samskabelse.models import Municipality

from . import selectors
from .models import (
    Case,
    CasePartner,
    CaseStatus,
    CitizenVoice,
    Grip,
    JournalEntry,
    JournalKind,
    PartnerRole,
    Photo,
    Principle,
    Quote,
    Step,
    Track,
    Visibility,
    VoiceTheme,
    WelfareArea,
)


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The absolute address of the object's HTML page, or null while it has none."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, allow_null=True, **kwargs)

    def to_representation(self, instance):
        try:
            path = instance.get_absolute_url()
        except NoReverseMatch:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class LinesField(serializers.Field):
    """A text with one item per line, as a list of the non-empty lines."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return [line.strip() for line in value.splitlines() if line.strip()]


class MunicipalityRefSerializer(serializers.ModelSerializer):
    kommunekode = serializers.CharField(source="code")

    class Meta:
        model = Municipality
        fields = ["kommunekode", "name"]


class CriteriaSerializer(serializers.Serializer):
    """The four criteria for calling something samskabelse."""

    outside_in = BooleanField(required=False)
    mobilisation = BooleanField(required=False)
    innovation = BooleanField(required=False)
    cross_disciplinary = BooleanField(required=False)


class RedFlagsSerializer(serializers.Serializer):
    """The three red flags of what is not samskabelse."""

    finished_solution = BooleanField(source="flag_finished_solution", required=False)
    preprogrammed = BooleanField(source="flag_preprogrammed", required=False)
    cost_cutting = BooleanField(source="flag_cost_cutting", required=False)


class AssessmentSerializer(serializers.Serializer):
    criteria = CriteriaSerializer(source="*", required=False)
    red_flags = RedFlagsSerializer(source="*", required=False)


class RecipeSerializer(serializers.Serializer):
    """Opskriften: the problem, who can help, how to motivate them, the arena."""

    problem = TextField(source="recipe_problem", required=False, allow_blank=True)
    helpers = TextField(source="recipe_helpers", required=False, allow_blank=True)
    motivation = TextField(source="recipe_motivation", required=False, allow_blank=True)
    arena = TextField(source="recipe_arena", required=False, allow_blank=True)


class PartnerSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    role_display = ChoiceLabelField(PartnerRole.choices, source="role")

    class Meta:
        model = CasePartner
        fields = ["organisation", "role", "role_display"]


class QuoteSerializer(serializers.ModelSerializer):
    speaker_name = serializers.CharField(
        source="public_name",
        allow_null=True,
        help_text=_("Only when the speaker consented to show it."),
    )

    class Meta:
        model = Quote
        fields = ["text", "speaker_role", "speaker_name"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["speaker_name"] = data["speaker_name"] or None
        return data


class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.ImageField(source="image", read_only=True)

    class Meta:
        model = Photo
        fields = ["url", "alt_text", "caption"]


class CaseSerializer(serializers.ModelSerializer):
    """A case as other systems read it."""

    url = PageUrlField()
    municipality = MunicipalityRefSerializer(read_only=True)
    welfare_area_display = ChoiceLabelField(WelfareArea.choices, source="welfare_area")
    track_display = ChoiceLabelField(Track.choices, source="track")
    status_display = ChoiceLabelField(CaseStatus.choices, source="status")
    visibility_display = ChoiceLabelField(Visibility.choices, source="visibility")
    step_display = ChoiceLabelField(Step.choices, source="step")
    assessment = AssessmentSerializer(source="*", read_only=True)
    recipe = RecipeSerializer(source="*", read_only=True)
    principles = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    grips = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    partners = PartnerSerializer(source="case_partners", many=True, read_only=True)
    quotes = QuoteSerializer(many=True, read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)
    spread_from = serializers.SlugRelatedField(read_only=True, slug_field="slug", allow_null=True)
    spread_to = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

    class Meta:
        model = Case
        fields = [
            "slug",
            "url",
            "title",
            "summary",
            "story",
            "municipality",
            "unit",
            "welfare_area",
            "welfare_area_display",
            "track",
            "track_display",
            "status",
            "status_display",
            "visibility",
            "visibility_display",
            "start_date",
            "end_date",
            "assessment",
            "step",
            "step_display",
            "principles",
            "grips",
            "recipe",
            "outcomes",
            "learnings",
            "partners",
            "quotes",
            "photos",
            "spread_from",
            "spread_to",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class CaseInputSerializer(InputModelSerializer):
    """What a client may send to create or change a case. Consultants are not set here:
    the creator becomes the case's consultant."""

    municipality = SlugReferenceField(
        slug_field="code",
        queryset=Municipality.objects.all(),
        help_text=_("The municipality's three-digit kommunekode, e.g. 376."),
    )
    assessment = AssessmentSerializer(source="*", required=False)
    recipe = RecipeSerializer(source="*", required=False)
    principles = SlugReferenceField(
        many=True, required=False, slug_field="slug", queryset=Principle.objects.all()
    )
    grips = SlugReferenceField(
        many=True, required=False, slug_field="slug", queryset=Grip.objects.all()
    )
    spread_from = SlugReferenceField(
        required=False, allow_null=True, slug_field="slug", queryset=Case.objects.all()
    )

    class Meta:
        model = Case
        fields = [
            "title",
            "summary",
            "story",
            "municipality",
            "unit",
            "welfare_area",
            "track",
            "status",
            "visibility",
            "start_date",
            "end_date",
            "assessment",
            "step",
            "principles",
            "grips",
            "recipe",
            "outcomes",
            "learnings",
            "spread_from",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Naming a case you cannot see must not tell you that it exists.
            self.fields["spread_from"].queryset = selectors.cases_visible_to(request.user)


class JournalEntrySerializer(serializers.ModelSerializer):
    kind_display = ChoiceLabelField(JournalKind.choices, source="kind")
    author = serializers.CharField(source="author.get_full_name", allow_null=True)

    class Meta:
        model = JournalEntry
        fields = ["id", "date", "kind", "kind_display", "text", "author", "created_at"]
        read_only_fields = fields


# Spelled out so the schema's enum for this input gets its own name: sharing the generated
# one across two components collides with Organisation's `kind` and fails `check --deploy`.
# (An ENUM_NAME_OVERRIDES entry in settings would make this unnecessary.)
@extend_schema_field({"type": "string", "enum": JournalKind.values})
class JournalKindField(ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=JournalKind.choices, **kwargs)


class JournalEntryInputSerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = JournalKindField()
    text = TextField()


class GripSerializer(serializers.ModelSerializer):
    url = PageUrlField()
    good_questions = LinesField()
    dos = LinesField()
    donts = LinesField()
    cases = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug", help_text=_("Cases that use the grip.")
    )

    class Meta:
        model = Grip
        fields = ["slug", "url", "title", "description", "good_questions", "dos", "donts", "cases"]
        read_only_fields = fields


class CitizenVoiceSerializer(serializers.ModelSerializer):
    """Only what the citizen agreed to publish: no names, no consent records, and never the
    age group or area (only counted, with small counts hidden: /voices/representation/)."""

    themes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

    class Meta:
        model = CitizenVoice
        fields = ["text", "role", "themes"]
        read_only_fields = fields


class VoiceThemeCountSerializer(serializers.ModelSerializer):
    voice_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = VoiceTheme
        fields = ["slug", "name", "description", "voice_count"]
        read_only_fields = fields


# --- The spreading trail (projects/trails.py) -------------------------------------------


class AbsoluteUrlField(serializers.CharField):
    """A path as an absolute address, or null when there is none."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        if not value:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(value) if request else value


class TrailMunicipalitySerializer(serializers.Serializer):
    kommunekode = serializers.CharField(source="municipality_code", read_only=True)
    name = serializers.CharField(source="municipality_name", read_only=True)


class TrailNodeSerializer(serializers.Serializer):
    """A case of the trail, or (`hidden_count` > 0) a placeholder for cases the client may
    not see, with nothing but its id and how many cases it stands for."""

    id = serializers.CharField(
        source="key", read_only=True, help_text=_("Names the node in the edges; not a case's id.")
    )
    slug = serializers.CharField(read_only=True, allow_null=True)
    title = serializers.CharField(read_only=True, allow_null=True)
    municipality = TrailMunicipalitySerializer(source="*", read_only=True, allow_null=True)
    unit = serializers.CharField(read_only=True, allow_null=True)
    date = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text=_("The case's start date, or the day it was registered here (date_source)."),
    )
    date_source = serializers.ChoiceField(
        choices=["start_date", "created_at"], read_only=True, allow_null=True
    )
    url = AbsoluteUrlField(help_text=_("The case's page."))
    generation = serializers.IntegerField(read_only=True, help_text=_("0 for the root."))
    is_current = serializers.BooleanField(
        read_only=True, help_text=_("The case whose trail this is.")
    )
    hidden_count = serializers.IntegerField(
        read_only=True, help_text=_("How many cases you cannot see this node stands for.")
    )

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.is_hidden:
            hidden = ("slug", "title", "municipality", "unit", "date", "date_source", "url")
            data.update(dict.fromkeys(hidden))
        return data


class TrailEdgeSerializer(serializers.Serializer):
    """The practice spread from the node `from` to the node `to` on `date` (null when `to`
    is hidden)."""

    def get_fields(self):
        # "from" is a Python keyword, so the fields cannot be class attributes.
        return {
            "from": serializers.CharField(source="source.key", read_only=True),
            "to": serializers.CharField(source="target.key", read_only=True),
            "date": serializers.DateField(read_only=True, allow_null=True),
        }


class TrailSerializer(serializers.Serializer):
    """The whole tree the case belongs to, as the client may see it (README.md, "The
    spreading trail")."""

    case = serializers.CharField(source="case.slug", read_only=True)
    truncated = serializers.BooleanField(
        read_only=True, help_text=_("True when the limits cut the trail short.")
    )
    nodes = TrailNodeSerializer(many=True, read_only=True)
    edges = TrailEdgeSerializer(many=True, read_only=True)
