"""The webhooks API: an organiser's (or admin's) system registers where it wants to be
told about registrations, dates and cases, and reads the delivery log. Everyone sees and
changes their own endpoints only; the services decide who may own one."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from samskabelse.models import ApiScope

from . import selectors, services
from .serializers import (
    DeliverySerializer,
    EndpointCreatedSerializer,
    EndpointInputSerializer,
    EndpointSerializer,
)

DELIVERY_ID = OpenApiParameter("delivery_id", int, OpenApiParameter.PATH)


class WebhookViewSet(viewsets.GenericViewSet):
    """Webhook endpoints, with a token with the `organiser` scope or an organiser's session."""

    serializer_class = EndpointSerializer
    filter_backends = []
    required_scopes = {
        "GET": ApiScope.ORGANISER,
        "POST": ApiScope.ORGANISER,
        "DELETE": ApiScope.ORGANISER,
    }

    def get_queryset(self):
        return selectors.endpoints_of(self.request.user).order_by("-created_at", "-pk")

    @extend_schema(responses=EndpointSerializer(many=True))
    def list(self, request):
        """Your own endpoints, newest first."""
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=EndpointInputSerializer,
        responses={
            201: EndpointCreatedSerializer,
            400: OpenApiResponse(
                description=_(
                    "Field errors: an unknown event, or an address that is not https or "
                    "leads to a private network."
                )
            ),
        },
    )
    def create(self, request):
        """Register an endpoint for the chosen events. The answer holds the signing
        `secret`, shown this once."""
        serializer = EndpointInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        endpoint, secret = services.create_endpoint(owner=request.user, **serializer.validated_data)
        endpoint.secret = secret
        data = EndpointCreatedSerializer(endpoint, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        """Delete the endpoint and its delivery log."""
        services.delete_endpoint(user=request.user, endpoint=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=EndpointSerializer)
    @action(detail=True, methods=["post"])
    def disable(self, request, pk=None):
        """Stop sending to the endpoint; waiting retries are skipped."""
        endpoint = services.disable_endpoint(user=request.user, endpoint=self.get_object())
        return Response(self.get_serializer(endpoint).data)

    @extend_schema(request=None, responses=EndpointSerializer)
    @action(detail=True, methods=["post"])
    def enable(self, request, pk=None):
        """Send to the endpoint again (after it was disabled by hand or after failures)."""
        endpoint = services.enable_endpoint(user=request.user, endpoint=self.get_object())
        return Response(self.get_serializer(endpoint).data)

    @extend_schema(responses=DeliverySerializer(many=True))
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        """The endpoint's delivery log, newest first: status, answer, duration, attempts."""
        page = self.paginate_queryset(selectors.deliveries_of(self.get_object()))
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)

    @extend_schema(
        parameters=[DELIVERY_ID],
        request=None,
        responses={
            202: DeliverySerializer,
            422: OpenApiResponse(description=_("The webhook is disabled.")),
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"deliveries/(?P<delivery_id>[0-9]+)/resend",
        url_name="resend",
    )
    def resend(self, request, pk=None, delivery_id=None):
        """Send the delivery's event again (same id and body) with a fresh round of
        attempts; answers the new delivery."""
        endpoint = self.get_object()
        delivery = get_object_or_404(endpoint.deliveries.all(), pk=delivery_id)
        delivery.endpoint = endpoint
        again = services.send_again(user=request.user, delivery=delivery)
        again = selectors.deliveries_of(endpoint).get(pk=again.pk)
        return Response(DeliverySerializer(again).data, status=status.HTTP_202_ACCEPTED)
