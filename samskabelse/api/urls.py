"""/api/v1/: every app registers its viewsets on this one router."""

from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import schema  # noqa: F401 - registers the schema extensions
from .views import MunicipalityViewSet, OrganisationViewSet, not_found

router = DefaultRouter()
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("organisations", OrganisationViewSet, basename="organisation")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        # Swagger UI's page carries a small inline <style>; scripts stay 'self' only.
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    path("", include(router.urls)),
    path("", include("webhooks.api_urls")),
    path("", include("projects.api_urls")),
    path("", include("events.api_urls")),
    path("", include("network.api_urls")),
    re_path(r"^.*/$", not_found),  # last: what no route above matched (slash kept: APPEND_SLASH)
]
