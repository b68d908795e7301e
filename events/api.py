"""The events API (DESIGN.md, REST API): published theme days with seats left, and
registrations for other systems. Registrations go through services.register_participant,
the same code path as the citizen's form, so the API cannot oversell either."""

import hashlib

from django.db.models import F, Prefetch, Window
from django.db.models.functions import DenseRank
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from projects.api import not_modified, viewer, with_validators
from projects.selectors import cases_visible_to
from samskabelse.api.filters import FilterBackend
from samskabelse.api.renderers import JSONRenderer
from samskabelse.api.schema import answers_conditional_get
from samskabelse.models import ApiScope

from . import selectors, services
from .filters import EventFilter
from .idempotency import HEADER, MAX_KEY_LENGTH, respond_once
from .models import ENTRY, Occurrence, Registration, Speaker
from .serializers import (
    CancellationResultSerializer,
    EventSerializer,
    MemberInputSerializer,
    MemberResultSerializer,
    ParticipantSerializer,
    RegistrationInputSerializer,
    RegistrationResultSerializer,
)


@answers_conditional_get("list", "retrieve")
class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Published theme days, soonest first, each with its dates and the seats left on
    them. Never an online link: that goes to confirmed participants only."""

    lookup_field = "slug"
    serializer_class = EventSerializer
    filter_backends = [FilterBackend]
    filterset_class = EventFilter

    def get_queryset(self):
        visible_cases = cases_visible_to(viewer(self.request)).select_related(None)
        return selectors.published_events().prefetch_related(
            Prefetch(
                "occurrences",
                queryset=selectors.with_seats_left(Occurrence.objects.order_by("starts_at", "pk")),
            ),
            Prefetch("speakers", queryset=Speaker.objects.order_by("order", "pk")),
            Prefetch("speakers__case", queryset=visible_cases),
            "organisers",
            "hosts",
        )

    def get_serializer_context(self):
        # One moment for every occurrence's registration_open in the answer.
        return {**super().get_serializer_context(), "now": timezone.now()}

    def list(self, request, *args, **kwargs):
        return self.conditional(super().list(request, *args, **kwargs))

    def retrieve(self, request, *args, **kwargs):
        return self.conditional(super().retrieve(request, *args, **kwargs))

    def conditional(self, response):
        """An ETag over the rendered body: seats left and whether registration is open
        change with every registration and with the clock, which no stored version
        captures as simply. A current copy costs the client no download (304)."""
        body = JSONRenderer().render(response.data)
        etag = f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'
        return not_modified(self.request, etag=etag) or with_validators(response, etag=etag)


OCCURRENCE_ID = OpenApiParameter("occurrence_id", OpenApiTypes.INT, OpenApiParameter.PATH)


class OccurrenceRegistrationsView(generics.GenericAPIView):
    """Registrations for one occurrence: other systems register citizens (`POST`, a token
    with `write:registrations`); the event's organisers list them (`GET`, a token with
    `organiser` or an organiser's session)."""

    required_scopes = {"GET": ApiScope.ORGANISER, "POST": ApiScope.WRITE_REGISTRATIONS}
    serializer_class = ParticipantSerializer
    filter_backends = []

    def get_occurrence(self, **filters):
        occurrences = Occurrence.objects.select_related("event").filter(**filters)
        return get_object_or_404(occurrences, pk=self.kwargs["occurrence_id"])

    @extend_schema(parameters=[OCCURRENCE_ID], responses=ParticipantSerializer(many=True))
    def get(self, request, occurrence_id):
        """The participant list in arrival order, every status, with waiting-list places."""
        occurrence = self.get_occurrence()
        if not services.can_manage_event(request.user, occurrence.event):
            raise exceptions.PermissionDenied(_("Only the event's organisers can do this."))
        participants = (
            occurrence.registrations.select_related("municipality")
            .annotate(
                # A group is one entry on the waiting list: its members share a place.
                waiting_rank=Window(DenseRank(), partition_by=[F("status")], order_by=ENTRY.asc())
            )
            .order_by("pk")
        )
        page = self.paginate_queryset(participants)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=RegistrationInputSerializer,
        parameters=[
            OCCURRENCE_ID,
            OpenApiParameter(
                HEADER,
                {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": "\\S"},
                OpenApiParameter.HEADER,
                description=_(
                    "Any unique string of up to 200 characters. A retry with the same key "
                    "gets the first answer (201, 409 or 422) instead of a new registration."
                ),
            ),
        ],
        responses={
            201: RegistrationResultSerializer,
            400: OpenApiResponse(description=_("Field errors.")),
            409: OpenApiResponse(description=_("This email is already registered.")),
            422: OpenApiResponse(
                description=_(
                    "Registration is closed, or full without a waiting list; or the "
                    "Idempotency-Key was used before with another body."
                )
            ),
        },
    )
    def post(self, request, occurrence_id):
        """Register a citizen: a seat while seats are left, else the waiting list. The
        answer holds the registration's `manage_token`, the citizen's secret: the
        registering system may use it to cancel on the citizen's behalf. With `members`
        the citizen registers colleagues as one group (all seated or all waiting; 409
        naming who when one of them is already registered for the date)."""
        serializer = RegistrationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)

        def register():
            # No read of the occurrence first: the service's one statement finds it.
            try:
                registration = services.register_participant(
                    occurrence_id=occurrence_id, source="api", **serializer.validated_data
                )
            except (Occurrence.DoesNotExist, services.EventNotPublished):
                raise Http404 from None
            registration.waitlist_position = services.waitlist_position(registration)
            # PostgreSQL's one-statement registration leaves the occurrence unread: the end
            # the date needs is one small read after the seat is taken, outside the lock.
            registration.anonymised_on = selectors.anonymisation_date(registration)
            for member in getattr(registration, "members", ()):
                member.anonymised_on = registration.anonymised_on  # the same date
            context = self.get_serializer_context()
            data = RegistrationResultSerializer(registration, context=context).data
            return Response(data, status=status.HTTP_201_CREATED)

        return respond_once(request, self, register)


@extend_schema(
    request=None,
    responses={
        200: CancellationResultSerializer,
        404: OpenApiResponse(description=_("No registration has this token.")),
        422: OpenApiResponse(description=_("The occurrence has started.")),
    },
)
class RegistrationCancelView(generics.GenericAPIView):
    """Cancel a registration. The manage token is the credential, so no login is needed;
    cancelling twice answers 200 both times. A freed seat goes to the first waiting."""

    permission_classes = [AllowAny]
    authentication_classes = []  # the token in the path is the credential (and no CSRF)
    serializer_class = CancellationResultSerializer
    filter_backends = []

    def post(self, request, token):
        registration = _registration_or_404(token)
        registration = services.cancel_registration(registration=registration)
        return Response(self.get_serializer(registration).data)


MEMBER_ERRORS = {
    404: OpenApiResponse(description=_("No registration has this token.")),
    403: OpenApiResponse(description=_("Only the person who registered the group can do this.")),
    422: OpenApiResponse(description=_("No seat for another colleague, or the date has started.")),
}


class RegistrationMembersView(generics.GenericAPIView):
    """The group's registrant adds a colleague: a seat while one is free and nobody waits,
    or along on the waiting list when the group waits. The token is the credential."""

    permission_classes = [AllowAny]
    authentication_classes = []
    serializer_class = MemberResultSerializer
    filter_backends = []

    @extend_schema(
        request=MemberInputSerializer,
        responses={201: MemberResultSerializer, 400: OpenApiResponse(), **MEMBER_ERRORS},
    )
    def post(self, request, token):
        serializer = MemberInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        registrant = _registration_or_404(token)
        member = services.add_group_member(registration=registrant, **serializer.validated_data)
        member.waitlist_position = services.waitlist_position(member)
        member.anonymised_on = selectors.anonymisation_date(member)
        return Response(self.get_serializer(member).data, status=status.HTTP_201_CREATED)


class RegistrationMemberCancelView(generics.GenericAPIView):
    """The group's registrant cancels a colleague's registration; the freed seat goes to
    the waiting list."""

    permission_classes = [AllowAny]
    authentication_classes = []
    serializer_class = CancellationResultSerializer
    filter_backends = []

    @extend_schema(
        request=None,
        parameters=[OpenApiParameter("member_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={200: CancellationResultSerializer, **MEMBER_ERRORS},
    )
    def post(self, request, token, member_id):
        registrant = _registration_or_404(token)
        try:
            member = services.remove_group_member(registration=registrant, member_id=member_id)
        except Registration.DoesNotExist:
            raise Http404 from None
        return Response(self.get_serializer(member).data)


def _registration_or_404(token):
    try:
        return selectors.registration_by_token(token)
    except Registration.DoesNotExist:
        raise Http404 from None
