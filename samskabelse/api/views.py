import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny

from samskabelse.models import Municipality, Organisation, OrganisationKind, Region

from .filters import ReusedFiltersMixin
from .serializers import MunicipalitySerializer, OrganisationSerializer


class MunicipalityFilter(ReusedFiltersMixin, django_filters.FilterSet):
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


class OrganisationFilter(ReusedFiltersMixin, django_filters.FilterSet):
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


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([])
def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/ (a path parameter of the wrong type included) is
    a JSON 404 like the API's own, not the site's HTML page."""
    raise NotFound()
