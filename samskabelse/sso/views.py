"""Log ind med din kommune: off to the chosen provider, and its way back (callback)."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from samskabelse.exceptions import DomainError

from . import client, services
from .forms import ChooseProviderForm
from .models import IdentityProvider

logger = logging.getLogger(__name__)

NEXT_SESSION_KEY = "sso_next"
# Sign-ins through a provider are verified by it; the session records this backend.
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request, url):
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else ""


def no_autofocus(password_form):
    """With the provider choice above it, the password form does not take the focus: a
    keyboard or screen-reader user would start below the choice and could miss it."""
    password_form.fields["username"].widget.attrs.pop("autofocus", None)


@require_POST
def start(request):
    """Go to the chosen provider's login. A provider that cannot be reached (or is set up
    wrongly) gives the login page again with the reason, not an error page.

    The way there is a page that refreshes to the provider, not a redirect: browsers hold
    a form's redirects to the page's CSP form-action ('self'), which a provider on another
    host, and every host it sends the browser on to, would fail."""
    form = ChooseProviderForm(request.POST)
    status = 200
    if form.is_valid():
        provider = form.cleaned_data["provider"]
        redirect_uri = request.build_absolute_uri(reverse("sso:callback", args=[provider.slug]))
        try:
            authorization_url = client.authorization_url(request, provider, redirect_uri)
        except DomainError as error:
            form.add_error("provider", error.message)
            status = error.status_code
        else:
            request.session[NEXT_SESSION_KEY] = _safe_next(request, form.cleaned_data["next"])
            context = {"provider": provider, "authorization_url": authorization_url}
            return render(request, "registration/sso_redirect.html", context)
    password_form = AuthenticationForm(request)
    no_autofocus(password_form)
    context = {
        "form": password_form,
        "sso_form": form,
        "next": _safe_next(request, request.POST.get("next", "")),
    }
    return render(request, "registration/login.html", context, status=status)


@require_GET
def callback(request, slug):
    """The provider sends the browser back here with a code: verify, sign in, go on."""
    provider = get_object_or_404(IdentityProvider.objects.enabled(), slug=slug)
    try:
        claims = client.verified_claims(request, provider)
        user = services.sign_in_from_claims(
            provider=provider,
            claims=claims,
            signed_in_user=request.user if request.user.is_authenticated else None,
        )
    except DomainError as error:
        logger.warning("Single sign-on via %s refused: %s", provider.slug, error.code)
        messages.error(request, error.message)
        return redirect("login")
    next_url = request.session.pop(NEXT_SESSION_KEY, "")
    login(request, user, backend=BACKEND)
    request.session.set_expiry(settings.SSO_SESSION_SECONDS)
    return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
