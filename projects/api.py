"""The cases API (DESIGN.md, REST API): thin viewsets that read through the selectors and
write through the services, so a client follows the same rules as the pages."""

import functools
import hashlib
import json

from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from samskabelse.api import versions
from samskabelse.api.filters import SEARCH, SEARCH_ALIAS, FilterBackend
from samskabelse.api.pagination import Anchors, PageNumberPagination, PageOrCursorPagination
from samskabelse.api.permissions import can_read_internal, viewer
from samskabelse.api.renderers import CSVRenderer, JSONRenderer, XLSXRenderer
from samskabelse.api.schema import answers_conditional_get, requires_login
from samskabelse.models import ApiScope

from . import caching, exports, selectors, services
from .facets import facet_counts
from .filters import CaseFilter, VoiceFilter
from .models import PUBLIC_FILTERS
from .representation import REPRESENTATION_VERSION, CaseRepresentation
from .serializers import (
    CaseInputSerializer,
    CaseSerializer,
    CitizenVoiceSerializer,
    GripSerializer,
    JournalEntryInputSerializer,
    JournalEntrySerializer,
    TrailSerializer,
    VoiceThemeCountSerializer,
)
from .trails import case_trail
from .voices import selectors as voice_selectors
from .voices.serializers import RepresentationQuerySerializer, RepresentationSerializer

# Query parameters that choose a page of the matches or their order, not the matches.
COUNT_INDEPENDENT_PARAMS = {"page", "page_size", "ordering", "format"}
PAGE_PARAMS = {"page", "page_size", "format"}
# Query parameters that put the list in another order than the model's (newest change
# first, then id), the order whose pages the paginator can anchor in the index.
ORDER_PARAMS = {"ordering", SEARCH, SEARCH_ALIAS}
PAGE_ANCHORS = Anchors(
    fields=("updated_at", "pk"), columns=('"projects_case"."updated_at"', '"projects_case"."id"')
)


def acting_user(request):
    """Reads see what `viewer` sees; a write acts as the authenticated user, whose right to
    it the service decides (the permission class has already checked the token's scope)."""
    return viewer(request) if request.method in SAFE_METHODS else request.user


def etag_for(request, *parts):
    """A weak ETag over what the body depends on: the data's version, who is looking (what
    they may see) and the language of the labels."""
    user = viewer(request)
    # Everything the visibility rule looks at, so a changed role changes the tag too.
    who = f"{user.pk}:{user.municipality_id}:{user.is_staff}:{user.is_superuser}" if user else "-"
    key = "|".join(str(part) for part in (REPRESENTATION_VERSION, get_language(), who, *parts))
    return f'W/"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'


def with_validators(response, *, etag, last_modified=None):
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    patch_vary_headers(response, ("Authorization", "Accept-Language"))
    return response


def not_modified(request, *, etag, last_modified=None):
    """304 (or 412 for a failed If-Match) when the client's copy is current, else None:
    answered before anything is serialised."""
    timestamp = int(last_modified.timestamp()) if last_modified is not None else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        return None
    return with_validators(response, etag=etag, last_modified=last_modified)


@answers_conditional_get("list", "retrieve", "trail")
class CaseViewSet(viewsets.GenericViewSet):
    """Co-creation cases. Anonymous clients and tokens without the `read` scope see public
    cases only; writes need the `write:cases` scope (or a consultant's session) and the
    same rights as on the pages."""

    lookup_field = "slug"
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    pagination_class = PageOrCursorPagination
    ordering_fields = ["title", "updated_at", "start_date"]
    required_scopes = {"POST": ApiScope.WRITE_CASES, "PATCH": ApiScope.WRITE_CASES}
    # Read in the round trip of the token check or the throttle (samskabelse.api.versions).
    read_versions = (caching.VERSION_KEY, caching.LOOKUPS_VERSION_KEY)

    def get_queryset(self):
        # Built once per request (the view lives as long as it): every use clones it.
        if getattr(self, "_visible", None) is None:
            self._visible = selectors.cases_visible_to(acting_user(self.request))
        return self._visible

    def representation(self):
        """Builds what the client sees; cases spread to or from appear only when the client
        may see them."""
        visible = self.get_queryset().select_related(None)
        return CaseRepresentation(request=self.request, visible=visible)

    def list(self, request):
        """Answered from the validators alone when the client's copy is current, from the
        response cache when another client asked the same of the same data version, and
        from the database otherwise."""
        query = sorted(request.query_params.lists())
        version = caching.cases_version()
        etag = etag_for(request, "cases", version, query)
        # The number of matches does not change with the page or its order: counted once
        # per data version, viewer and filter, whichever page asks first.
        filters = [item for item in query if item[0] not in COUNT_INDEPENDENT_PARAMS]
        self.paginator.count_cache_key = etag_for(request, "cases-count", version, filters)
        names = {name for name, _values in query}
        if not ORDER_PARAMS & names:
            self.paginator.anchors = PAGE_ANCHORS
        elif names & {SEARCH, SEARCH_ALIAS} and "cursor" not in names:
            # A search answers its best matches only: read them whole, page by slicing.
            ordered = [item for item in query if item[0] not in PAGE_PARAMS]
            key = etag_for(request, "cases-search", version, ordered)
            self.paginator.whole_list = (key, selectors.SEARCH_MATCH_LIMIT)
        return self.cached_response(etag, self.page_data)

    def retrieve(self, request, slug=None):
        etag = etag_for(request, "case", caching.cases_version(), slug)
        try:
            return self.cached_response(
                etag, self.case_detail_data, last_modified_field="updated_at"
            )
        except Http404:
            # A case's old address (before it was re-slugged) points to its new one.
            new_slug = selectors.renamed_case_slug(user=acting_user(request), old_slug=slug)
            if new_slug is None:
                raise
            location = reverse("case-detail", kwargs={"slug": new_slug})
            return HttpResponsePermanentRedirect(location)

    def page_data(self):
        """The page's ids first (an index walk when the order has an index), then the
        representation of those cases alone: no OFFSET over whole rows."""
        visible = self.get_queryset()
        kept = self.paginator.kept_list()
        if kept is not None:
            # A search asked before in this data version: its matches are kept, its query
            # is not built again; its parameters are checked as always.
            FilterBackend().validate(self.request, visible, self)
            rows = self.paginator.paginate_queryset(kept, self.request, view=self)
        else:
            rows = self.paginate_queryset(self.filtered_rows(visible))
        return self.paginator.get_paginated_data(self.representation().fragments(rows))

    def filtered_rows(self, visible):
        """The matches of the request's filters, as rows of the fields the pages need."""
        queryset = self.filter_queryset(visible)
        applied = getattr(self, "applied_filters", None)
        version = versions.current(caching.VERSION_KEY)  # None when it cannot be read
        if (
            applied
            and set(applied) <= set(PUBLIC_FILTERS)
            and version is not None
            and viewer(self.request) is None
        ):
            # Any combination of the plain filters, as the public sees the cases: counted for
            # all combinations at once, for every anonymous client (a signed-in viewer's own
            # counts would rarely be asked for twice; theirs are counted one by one).
            self.paginator.counter = functools.partial(
                facet_counts.count, key=f"public:{version}", visible=visible, filters=applied
            )
        # A cursor reads its position from the rows of the page: they carry the order's
        # fields (plain dicts, still no model instances).
        return queryset.values("pk", "updated_at")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "format",
                str,
                # Empty is the default, as no format is (`list` is the action here).
                enum=[*exports.FORMATS, ""],
                description=_("json (the default), csv or xlsx; or ask by the Accept header."),
            )
        ],
        responses={
            # One description per status in OpenAPI: the first one's.
            (200, "application/json"): OpenApiResponse(
                CaseSerializer(many=True),
                description=_(
                    "The cases: a JSON array, a CSV file (UTF-8 with a BOM, semicolons) or an "
                    "Excel workbook, with the columns README.md documents."
                ),
            ),
            (200, "text/csv"): OpenApiTypes.STR,
            (200, exports.CONTENT_TYPES["xlsx"]): OpenApiTypes.BINARY,
        },
        operation_id="cases_export",
        filters=True,
    )
    @action(
        detail=False,
        pagination_class=None,
        renderer_classes=[JSONRenderer, CSVRenderer, XLSXRenderer],
    )
    def export(self, request):
        """Every case the client may see that matches the filters (the list's), in the
        list's order, in one download: JSON (an array of the cases as the list shows each),
        or CSV or XLSX with the columns README.md documents ("Open data and exports").
        More than 10,000 cases stream; more than the export limit are a 400 saying so."""
        queryset = self.filter_queryset(self.get_queryset())
        return exports.export_response(
            queryset=queryset,
            request=request,
            visible=self.representation().visible,
            file_format=request.accepted_renderer.format,
        )

    def perform_content_negotiation(self, request, force=False):
        """An export in a format it does not offer is a 400 that names the formats."""
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:
            if self.action != "export":
                raise
            message = _("Choose one of the formats: %(formats)s.") % {
                "formats": ", ".join(exports.FORMATS)
            }
            raise exceptions.ValidationError({"format": [message]}) from None

    def finalize_response(self, request, response, *args, **kwargs):
        """An error answer of the export is JSON, as every error is, even when a CSV or an
        XLSX was asked for."""
        if self.action == "export" and isinstance(response, Response):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def case_detail_data(self):
        return self.representation().one(self.get_object().pk)

    def cached_response(self, etag, build, last_modified_field=None):
        """304 before any work when the client's copy is current; else the JSON body from
        the cache (as bytes, so a hit costs no serialising), built and cached on a miss.
        `If-None-Match: *` matches whatever exists, so it waits until the case or page is
        known to exist (and the query to be valid)."""
        any_copy = self.request.headers.get("If-None-Match", "").strip() == "*"
        response = None if any_copy else not_modified(self.request, etag=etag)
        if response is not None:
            return response
        entry = caching.cached_response_data(etag)
        if entry is None:
            data = build()
            modified = data[last_modified_field] if last_modified_field else None
            entry = {"body": JSONRenderer().render(data), "last_modified": modified}
            caching.cache_response_data(etag, entry)
        last_modified = entry["last_modified"] and parse_datetime(entry["last_modified"])
        response = not_modified(self.request, etag=etag, last_modified=last_modified or None)
        if response is not None:
            return response
        if self.request.accepted_renderer.format == "json":
            response = HttpResponse(entry["body"], content_type="application/json")
        else:  # the browsable API renders the same data as HTML
            response = Response(json.loads(entry["body"]))
        return with_validators(response, etag=etag, last_modified=last_modified or None)

    @extend_schema(request=CaseInputSerializer, responses={201: CaseSerializer})
    def create(self, request):
        fields = self.validated_input(CaseInputSerializer)
        case = services.create_case(user=request.user, **fields)
        location = reverse("case-detail", kwargs={"slug": case.slug})
        return Response(
            self.case_data(case),
            status=status.HTTP_201_CREATED,
            headers={"Location": request.build_absolute_uri(location)},
        )

    @extend_schema(request=CaseInputSerializer, responses=CaseSerializer)
    def partial_update(self, request, slug=None):
        case = self.get_object()
        changes = self.validated_input(CaseInputSerializer, partial=True)
        case = services.update_case(user=request.user, case=case, **changes)
        return Response(self.case_data(case))

    @extend_schema(methods=["GET"], responses=JournalEntrySerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=JournalEntryInputSerializer,
        responses={201: JournalEntrySerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        filter_backends=[],
        # Page numbers only: a cursor walks the case list's own order.
        pagination_class=PageNumberPagination,
    )
    @requires_login
    def journal(self, request, slug=None):
        """The case's journal: staff sessions and tokens with `read` list it; the case's
        consultants (or a `write:cases` token of one) add to it."""
        if request.method == "POST":
            case = self.get_object()
            fields = self.validated_input(JournalEntryInputSerializer)
            entry = services.add_journal_entry(user=request.user, case=case, **fields)
            serializer = JournalEntrySerializer(entry, context=self.get_serializer_context())
            return Response(serializer.data, status=status.HTTP_201_CREATED)
        if not can_read_internal(request):
            if not request.user.is_authenticated:
                raise exceptions.NotAuthenticated()
            raise exceptions.PermissionDenied(
                _("Only staff and tokens with the read scope can see the journal.")
            )
        case = self.get_object()
        page = self.paginate_queryset(case.journal.select_related("author"))
        serializer = JournalEntrySerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)

    @extend_schema(responses=TrailSerializer, filters=False)
    @action(detail=True, filter_backends=[], pagination_class=None)
    def trail(self, request, slug=None):
        """The case's spreading trail: the whole tree of cases it belongs to (spread from →
        to, with municipalities, units and dates), only as far as the client may see it;
        404 for a case the client may not see. At most 200 cases and 30 generations."""
        etag = etag_for(request, "trail", caching.cases_version(), slug)
        return self.cached_response(etag, self.trail_data)

    def trail_data(self):
        trail = case_trail(acting_user(self.request), self.get_object())
        return TrailSerializer(trail, context=self.get_serializer_context()).data

    def validated_input(self, serializer_class, **kwargs):
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def case_data(self, case):
        """The written case, read back as the writer sees it."""
        return self.representation().one(case.pk)


class GripViewSet(viewsets.ReadOnlyModelViewSet):
    """Hverdagsgreb, the toolbox, each with the cases the client may see that use it."""

    lookup_field = "slug"
    serializer_class = GripSerializer
    filter_backends = [OrderingFilter]
    ordering_fields = ["title"]

    def get_queryset(self):
        return selectors.grips_with_cases(viewer(self.request))


class VoiceViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Borgernes Stemmer: approved voices only, without names or consent records."""

    serializer_class = CitizenVoiceSerializer
    filter_backends = [FilterBackend]
    filterset_class = VoiceFilter

    def get_queryset(self):
        return voice_selectors.approved_voices()

    @extend_schema(responses=VoiceThemeCountSerializer(many=True), filters=False)
    @action(detail=False, pagination_class=None, filter_backends=[])
    def themes(self, request):
        """Each theme with the number of approved voices behind it."""
        serializer = VoiceThemeCountSerializer(voice_selectors.theme_counts(), many=True)
        return Response(serializer.data)

    @extend_schema(
        parameters=[RepresentationQuerySerializer],
        responses=RepresentationSerializer,
        filters=False,
    )
    @action(detail=False, pagination_class=None, filter_backends=[])
    def representation(self, request):
        """Who has not spoken yet: approved voices per age group and local area of one
        municipality against its inhabitants, with small counts hidden."""
        query = RepresentationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        comparison = voice_selectors.representation(
            viewer(request),
            municipality=query.validated_data["municipality"],
            theme=query.validated_data.get("theme"),
        )
        return Response(RepresentationSerializer(comparison).data)
