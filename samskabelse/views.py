from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from .health import run_checks


class HomeView(TemplateView):
    template_name = "samskabelse/home.html"


class AccessibilityView(TemplateView):
    template_name = "samskabelse/accessibility.html"


class PrivacyView(TemplateView):
    template_name = "samskabelse/privacy.html"


def forbidden(request, error):
    """The 403 page for a refused action (a services PermissionDenied), with its reason."""
    return render(request, "forbidden.html", {"message": error.message}, status=403)


@never_cache
def healthz(request):
    """200 when database, cache and broker all answer; 503 otherwise."""
    results, healthy = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "fejl", "checks": results},
        status=200 if healthy else 503,
    )
