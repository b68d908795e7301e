"""The networks and people API (DESIGN.md, REST API): thin read-only viewsets over the same
selectors as the pages, so a client sees what the same person would see there. Anonymous
clients and tokens without `read` get the public view; people are for staff sessions and
tokens with `read` only, and contact details for staff only."""

import hashlib

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action

from projects.api import not_modified, viewer, with_validators
from projects.selectors import cases_visible_to
from samskabelse.api.permissions import TokenHasScope, can_read_internal
from samskabelse.api.renderers import JSONRenderer
from samskabelse.api.schema import answers_conditional_get

from .filters import NetworkFilter, PersonFilter
from .models import Membership, Network
from .people_selectors import find_people, shows_contact_details
from .selectors import network_detail, networks_visible_to
from .serializers import (
    ExperimentSerializer,
    MeetingInternalSerializer,
    MeetingSerializer,
    NetworkSerializer,
    PersonSerializer,
    PersonWithContactSerializer,
)


class ConditionalMixin:
    """An ETag over the rendered body, so whatever changes what the client would get
    (data, visibility, language) changes the tag; a current copy costs no download (304)."""

    def conditional(self, response):
        body = JSONRenderer().render(response.data)
        etag = f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'
        return not_modified(self.request, etag=etag) or with_validators(response, etag=etag)

    def list(self, request, *args, **kwargs):
        return self.conditional(super().list(request, *args, **kwargs))


@answers_conditional_get("list", "retrieve", "meetings", "experiments")
class NetworkViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """Networks with their member municipalities. Anonymous clients and tokens without
    `read` see the public networks; staff see every network."""

    lookup_field = "slug"
    serializer_class = NetworkSerializer
    filterset_class = NetworkFilter
    ordering_fields = ["name", "founded_on"]

    def get_queryset(self):
        members = Membership.objects.select_related("municipality").order_by(
            "municipality__region", "municipality__name", "pk"
        )
        return (
            networks_visible_to(viewer(self.request))
            .prefetch_related(Prefetch("memberships", queryset=members))
            .order_by("name", "pk")
        )

    def retrieve(self, request, *args, **kwargs):
        return self.conditional(super().retrieve(request, *args, **kwargs))

    def network(self):
        """The network as its page shows it to the client: meetings and experiments are
        already narrowed to what the client may see (network.selectors)."""
        try:
            return network_detail(user=viewer(self.request), slug=self.kwargs["slug"])
        except Network.DoesNotExist:
            raise Http404 from None

    @extend_schema(responses=MeetingInternalSerializer(many=True), filters=False)
    @action(detail=True, filter_backends=[])
    def meetings(self, request, slug=None):
        """Meetings, newest first: the public ones, or all of them with minutes and
        participants for the network's members, staff and tokens with `read`."""
        network = self.network()
        meetings = list(network.meetings.all())
        serializer_class = MeetingSerializer
        if network.sees_internals:
            prefetch_related_objects(meetings, "participants")
            serializer_class = MeetingInternalSerializer
        page = self.paginate_queryset(meetings)
        data = serializer_class(page, many=True, context=self.get_serializer_context()).data
        return self.conditional(self.get_paginated_response(data))

    @extend_schema(responses=ExperimentSerializer(many=True), filters=False)
    @action(detail=True, filter_backends=[])
    def experiments(self, request, slug=None):
        """Mini-experiments by municipality: the public ones, or all of them for the
        network's members, staff and tokens with `read`."""
        network = self.network()
        experiments = list(network.experiments.all())
        page = self.paginate_queryset(experiments)
        case_ids = {experiment.case_id for experiment in page if experiment.case_id}
        visible = cases_visible_to(viewer(request)).filter(pk__in=case_ids) if case_ids else []
        context = {
            **self.get_serializer_context(),
            "visible_case_ids": {case.pk for case in visible},
        }
        data = ExperimentSerializer(page, many=True, context=context).data
        return self.conditional(self.get_paginated_response(data))


class ReadsInternal(permissions.BasePermission):
    """Staff sessions and tokens with the `read` scope."""

    message = _("Only staff and tokens with the read scope can list people.")

    def has_permission(self, request, view):
        return can_read_internal(request)


@answers_conditional_get("list")
@extend_schema_view(list=extend_schema(responses=PersonWithContactSerializer(many=True)))
class PersonViewSet(ConditionalMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Find a colleague: people by role, expertise, municipality and region. For staff
    sessions and tokens with `read`; email and phone only when the user is staff."""

    permission_classes = [TokenHasScope, ReadsInternal]
    filterset_class = PersonFilter
    ordering_fields = ["name"]

    def get_queryset(self):
        return find_people(user=viewer(self.request))

    def get_serializer_class(self):
        if shows_contact_details(viewer(self.request)):
            return PersonWithContactSerializer
        return PersonSerializer
