import sys

from django.contrib.auth import views as auth_views
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import TemplateView

from .exceptions import PermissionDenied
from .health import run_checks
from .outages import is_api_request, outage_error, outage_response
from .sso.forms import ChooseProviderForm
from .sso.views import no_autofocus
from .twofactor.login import TwoFactorLoginMixin


class LoginView(TwoFactorLoginMixin, auth_views.LoginView):
    """The login page: "Log ind med din kommune" (samskabelse/sso/) above the password
    form, whose login waits for the authenticator app's code when the person has one
    (samskabelse/twofactor/). django-axes guards the password form."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sso_form = ChooseProviderForm(initial={"next": self.get_redirect_url()})
        if sso_form.has_choices():
            context["sso_form"] = sso_form
            no_autofocus(context["form"])
        return context


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


# --- Error pages (settings: handler404/403/500 in urls.py, CSRF_FAILURE_VIEW) -------------
# Under /api/ they answer JSON in DRF's error shape; elsewhere the Danish page.


def _api_error(detail, code, status):
    return JsonResponse({"detail": str(detail), "code": code}, status=status)


@requires_csrf_token
def page_not_found(request, exception):
    if is_api_request(request):
        return _api_error(_("Not found."), "not_found", 404)
    return render(request, "404.html", status=404)


@requires_csrf_token
def permission_denied(request, exception):
    # Never the exception's own text: it is written for developers, not for visitors.
    error = PermissionDenied()
    if is_api_request(request):
        return _api_error(error.message, error.code, 403)
    return forbidden(request, error)


def csrf_failure(request, reason=""):
    if is_api_request(request):
        return _api_error(
            _("The form's security check failed (CSRF). Reload the page and try again."),
            "csrf_failed",
            403,
        )
    return render(request, "csrf_failure.html", status=403)


def server_error(request):
    """Also the last stop for an outage outside a view (a session that cannot be saved):
    503 with Retry-After, not 500. The page is rendered without the request's context,
    which may be what broke; so no database query and no user."""
    error = outage_error(sys.exc_info()[1])
    if error is not None:
        return outage_response(request, error)
    if is_api_request(request):
        return _api_error(_("A server error occurred."), "server_error", 500)
    return HttpResponseServerError(render_to_string("500.html"))
