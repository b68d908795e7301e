import django_filters
from rest_framework import viewsets

from samskabelse.models import Municipality, Organisation, OrganisationKind, Region

from .serializers import MunicipalitySerializer, OrganisationSerializer


class MunicipalityFilter(django_filters.FilterSet):
    region = django_filters.TypedChoiceFilter(choices=Region.choices, coerce=int)
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Municipality
        fields = ["region", "name"]


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    """Denmark's 98 municipalities with kommunekode and region."""

    queryset = Municipality.objects.all()
    serializer_class = MunicipalitySerializer
    filterset_class = MunicipalityFilter
    ordering_fields = ["name", "code", "region"]
    lookup_field = "code"
    lookup_url_kwarg = "kommunekode"


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices)
    municipality = django_filters.CharFilter(field_name="municipality__code")
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Organisation
        fields = ["kind", "municipality", "name"]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organisations taking part in co-creation: associations, businesses, KL, COK …"""

    queryset = Organisation.objects.select_related("municipality")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    ordering_fields = ["name", "kind"]
