"""Query-string filters of the networks and people API. Bad values (an unknown kommunekode,
role or region) are a 400 that says what was wrong, never an empty list that looks like an
answer."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from samskabelse.api.filters import SearchAliasMixin
from samskabelse.api.permissions import viewer
from samskabelse.models import Municipality, Region

from .models import Membership, Network, NetworkKind, NetworkStatus, Person, Tag
from .people_selectors import MAX_SEARCH_WORDS, find_people, search_words

KOMMUNEKODE_HELP = _("The municipality's three-digit kommunekode, e.g. 316.")
UNKNOWN_KOMMUNEKODE = _("No municipality has the kommunekode %(value)s.")


@extend_schema_field(OpenApiTypes.STR)
class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    """A model picked by a code or slug in the query string."""


@extend_schema_field({"type": "integer", "enum": Region.values})
class RegionFilter(django_filters.TypedChoiceFilter):
    pass


def municipality_filter(**kwargs):
    return SlugChoiceFilter(
        queryset=Municipality.objects.all(),
        to_field_name="code",
        help_text=KOMMUNEKODE_HELP,
        error_messages={"invalid_choice": UNKNOWN_KOMMUNEKODE},
        **kwargs,
    )


def region_filter(**kwargs):
    return RegionFilter(
        choices=Region.choices,
        coerce=int,
        help_text=_("The region's code, e.g. 1085 for Region Sjælland."),
        **kwargs,
    )


def tag_filter(kind, *, help_text, unknown):
    return SlugChoiceFilter(
        queryset=Tag.objects.filter(kind=kind),
        to_field_name="slug",
        method="pass_on",
        help_text=help_text,
        error_messages={"invalid_choice": unknown},
    )


class NetworkFilter(SearchAliasMixin, django_filters.FilterSet):
    """`municipality` and `region` pick networks with a member municipality there."""

    municipality = municipality_filter(method="filter_member")
    region = region_filter(method="filter_member")
    kind = django_filters.ChoiceFilter(choices=NetworkKind.choices)
    status = django_filters.ChoiceFilter(choices=NetworkStatus.choices)

    class Meta:
        model = Network
        fields = []

    def filter_member(self, queryset, name, value):
        lookup = {"municipality": "municipality", "region": "municipality__region"}[name]
        members = Membership.objects.filter(network=OuterRef("pk"), **{lookup: value})
        return queryset.filter(Exists(members))


def validate_search_words(value):
    """A client sending more words than the search uses is told so, rather than getting
    an answer to a shorter question than it asked."""
    if search_words(value)[1]:
        raise ValidationError(
            _("Search with at most %(count)d words.") % {"count": MAX_SEARCH_WORDS},
            code="too_many_words",
        )


class PersonFilter(SearchAliasMixin, django_filters.FilterSet):
    """The people search's filters; people_selectors.find_people applies them all, so the
    API finds exactly whom the search page finds."""

    q = django_filters.CharFilter(
        method="pass_on",
        max_length=400,
        validators=[validate_search_words],
        help_text=_(
            "Up to 8 words to find in names, titles, areas, roles and the cases the client may see."
        ),
    )
    role = tag_filter(
        Tag.Kind.ROLE,
        help_text=_("The slug of a role, e.g. faelles-skaber."),
        unknown=_("No role has the slug %(value)s."),
    )
    expertise = tag_filter(
        Tag.Kind.EXPERTISE,
        help_text=_("The slug of an area of expertise."),
        unknown=_("No expertise has the slug %(value)s."),
    )
    municipality = municipality_filter(method="pass_on")
    region = region_filter(method="pass_on")

    class Meta:
        model = Person
        fields = []

    def pass_on(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    def filter_queryset(self, queryset):
        arguments = {
            name: value.slug if isinstance(value, Tag) else value
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "")
        }
        if not arguments:
            return queryset
        # The same selector with the same viewer as the view's queryset, filtered: one query.
        return find_people(user=viewer(self.request), **arguments)
