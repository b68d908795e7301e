"""The API's shape of "who has not spoken yet": counts only, never a single voice's answers."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from samskabelse.models import Municipality

from ..models import VoiceTheme
from .selectors import MISSING, SMALLEST_SHOWN_COUNT, THIN, THIN_SHARE


class RepresentationQuerySerializer(serializers.Serializer):
    municipality = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Municipality.objects.all(),
        help_text=_("The kommunekode of the municipality, e.g. 376."),
    )
    theme = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=VoiceTheme.objects.all(),
        required=False,
        help_text=_("Count only the voices tagged with this theme (its slug)."),
    )


class RepresentationRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("The age group's value or the local area's id."))
    label = serializers.CharField()
    voices = serializers.IntegerField(
        allow_null=True,
        help_text=format_lazy(
            _("Approved voices; null when hidden because the count is below {count}."),
            count=SMALLEST_SHOWN_COUNT,
        ),
    )
    voice_share = serializers.FloatField(
        allow_null=True,
        help_text=_("Share (0–1) of the voices that gave an answer; null when hidden."),
    )
    inhabitants = serializers.IntegerField()
    population_share = serializers.FloatField(allow_null=True)
    flag = serializers.ChoiceField(
        choices=[MISSING, THIN, ""],
        help_text=format_lazy(
            _(
                "missing: inhabitants but no voice; thin: share of the voices below {percent} "
                "per cent of the share of the inhabitants."
            ),
            percent=int(THIN_SHARE * 100),
        ),
    )


class RepresentationTableSerializer(serializers.Serializer):
    rows = RepresentationRowSerializer(many=True)
    not_told = serializers.IntegerField(
        allow_null=True, help_text=_("Voices without this answer; null when hidden.")
    )


class RepresentationSerializer(serializers.Serializer):
    municipality = serializers.CharField(source="municipality.code")
    theme = serializers.CharField(source="theme.slug", allow_null=True, default=None)
    voices = serializers.IntegerField(allow_null=True)
    inhabitants = serializers.IntegerField()
    age_groups = RepresentationTableSerializer()
    local_areas = RepresentationTableSerializer()
