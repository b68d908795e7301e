"""Query-string filters of the events API (DESIGN.md, REST API). Bad values are a 400
that says what was wrong, never an empty list that looks like an answer."""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from network.models import Network
from projects.filters import DateOrDateTimeField, DateOrDateTimeFilter
from samskabelse.api.filters import SearchAliasMixin
from samskabelse.api.schema import DATE_OR_DATETIME

from .models import Event, EventKind, Occurrence, OccurrenceStatus
from .selectors import with_seats_left

# --- filters --------------------------------------------------------------------------


@extend_schema_field(DATE_OR_DATETIME)
class DateFromFilter(DateOrDateTimeFilter):
    """A lower bound: an ISO 8601 date (from midnight) or date-time."""


class DateBoundField(DateOrDateTimeField):
    """A bare date as an upper bound means the whole of that day."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is not None and "T" not in str(value) and " " not in str(value).strip():
            moment += datetime.timedelta(days=1)
        return moment


@extend_schema_field(DATE_OR_DATETIME)
class DateToFilter(django_filters.Filter):
    """An upper bound: an ISO 8601 date (to the end of that day) or date-time."""

    field_class = DateBoundField


class StrictBooleanField(forms.Field):
    """`true` or `false` (also 1/0, yes/no); anything else is an error rather than the
    silent "no filter" of Django's NullBooleanField."""

    default_error_messages = {"invalid": _("Enter true or false.")}
    VALUES = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.VALUES[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class EventFilter(SearchAliasMixin, django_filters.FilterSet):
    """`kind` picks events; `city`, `from`, `to` and `has_seats` together pick the planned
    occurrences an event must have at least one of, so `city=Aarhus&has_seats=true` means
    a date in Aarhus with seats left, not one date in Aarhus and another with seats."""

    kind = django_filters.ChoiceFilter(choices=EventKind.choices)
    network = django_filters.ModelChoiceFilter(
        queryset=Network.objects.all(),
        to_field_name="slug",
        help_text=_("The slug of the network the event belongs to."),
    )
    city = django_filters.CharFilter(
        method="filter_nothing", help_text=_("The city of an occurrence, e.g. Aarhus.")
    )
    has_seats = StrictBooleanFilter(
        method="filter_nothing",
        help_text=_("true: only events with a planned date that has seats left; false: the rest."),
    )

    class Meta:
        model = Event
        fields = []

    def filter_nothing(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)  # kind
        data = self.form.cleaned_data
        dates = Occurrence.objects.filter(event=OuterRef("pk"), status=OccurrenceStatus.PLANNED)
        narrowed = False
        if data.get("city"):
            dates, narrowed = dates.filter(city__iexact=data["city"].strip()), True
        if data.get("from") is not None:
            dates, narrowed = dates.filter(starts_at__gte=data["from"]), True
        if data.get("to") is not None:
            dates, narrowed = dates.filter(starts_at__lt=data["to"]), True
        if narrowed:
            queryset = queryset.filter(Exists(dates))
        if data.get("has_seats") is not None:
            free = with_seats_left(dates).filter(
                seats_left_count__gt=0, starts_at__gte=timezone.now()
            )
            queryset = queryset.filter(Exists(free) if data["has_seats"] else ~Exists(free))
        return queryset


# `from` is a Python keyword, so the two date bounds are declared by name.
EventFilter.base_filters["from"] = DateFromFilter(
    field_name="from",
    method="filter_nothing",
    help_text=_("Only events with a date starting at or after this ISO 8601 date or date-time."),
)
EventFilter.base_filters["to"] = DateToFilter(
    field_name="to",
    method="filter_nothing",
    help_text=_(
        "Only events with a date starting before the end of this ISO 8601 date "
        "(or before this date-time)."
    ),
)
