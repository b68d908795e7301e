"""Query-string filters of the cases API (DESIGN.md, REST API). Unknown values are a 400
with a message that says what was wrong, never an empty list that looks like an answer."""

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from samskabelse.api.filters import KeptModelChoiceFilter, SearchAliasMixin
from samskabelse.api.schema import DATE_OR_DATETIME
from samskabelse.models import Municipality

from . import selectors
from .caching import LOOKUPS_VERSION_KEY
from .models import Case, CaseStatus, CitizenVoice, Principle, Track, VoiceTheme, WelfareArea


class DateOrDateTimeField(forms.Field):
    """An ISO 8601 date (midnight, local time) or date-time; without an offset the
    project's time zone is assumed."""

    default_error_messages = {
        "invalid": _(
            "Enter an ISO 8601 date or date-time, e.g. 2026-11-25 or 2026-11-25T14:30:00+01:00."
        )
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        try:
            moment = parse_datetime(text)
            if moment is None:
                day = parse_date(text)
                moment = day and datetime.datetime.combine(day, datetime.time.min)
        except ValueError:  # well-formed but impossible, e.g. 2026-13-45
            moment = None
        if moment is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment


@extend_schema_field(DATE_OR_DATETIME)
class DateOrDateTimeFilter(django_filters.Filter):
    field_class = DateOrDateTimeField


class CaseFilter(SearchAliasMixin, django_filters.FilterSet):
    municipality = KeptModelChoiceFilter(
        queryset=Municipality.objects.all(),
        # Kept in each process until a municipality is written (the lookups version).
        version_key=LOOKUPS_VERSION_KEY,
        to_field_name="code",
        distinct=False,
        help_text=_("The municipality's three-digit kommunekode, e.g. 376."),
        error_messages={"invalid_choice": _("No municipality has the kommunekode %(value)s.")},
    )
    track = django_filters.ChoiceFilter(choices=Track.choices)
    welfare_area = django_filters.ChoiceFilter(choices=WelfareArea.choices)
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices)
    principle = django_filters.ModelChoiceFilter(
        field_name="principles",
        queryset=Principle.objects.all(),
        to_field_name="slug",
        # One principle per slug, so the join cannot repeat a case.
        distinct=False,
        help_text=_("The slug of a principle the case follows."),
        error_messages={"invalid_choice": _("No principle has the slug %(value)s.")},
    )
    q = django_filters.CharFilter(
        method="filter_search",
        help_text=format_lazy(
            _(
                "Words to search for in the cases' texts. Answers the {limit} most recently "
                "changed matches at most, best match first."
            ),
            limit=selectors.SEARCH_MATCH_LIMIT,
        ),
    )
    updated_since = DateOrDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text=_("Only cases changed at or after this ISO 8601 date or date-time."),
    )

    class Meta:
        model = Case
        fields = []

    def filter_search(self, queryset, name, value):
        return selectors.search_cases(queryset, value)


class VoiceFilter(SearchAliasMixin, django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(
        field_name="themes",
        queryset=VoiceTheme.objects.all(),
        to_field_name="slug",
        distinct=False,
        help_text=_("The slug of a theme the voice is tagged with."),
        error_messages={"invalid_choice": _("No theme has the slug %(value)s.")},
    )

    class Meta:
        model = CitizenVoice
        fields = []
