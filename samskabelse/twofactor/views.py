"""The code step after the password, and the page that turns two-factor login on and off."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from samskabelse.exceptions import DomainError, PermissionDenied
from samskabelse.views import forbidden

from . import services
from .forms import CodeForm
from .login import PENDING_SESSION_KEY


def _pending(request):
    """(user, device, pending) of the login waiting for its code, or None when there is
    none, it is too old, or the person turned two-factor off meanwhile."""
    pending = request.session.get(PENDING_SESSION_KEY)
    if pending and time.time() - pending["since"] <= settings.TWO_FACTOR_PENDING_SECONDS:
        user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
        device = services.confirmed_device(user) if user else None
        if device is not None:
            return user, device, pending
    request.session.pop(PENDING_SESSION_KEY, None)
    return None


def verify(request):
    found = _pending(request)
    if found is None:
        messages.info(request, _("Log in with your password first."))
        return redirect("login")
    user, device, pending = found
    form = CodeForm(request.POST or None)
    status = 200
    if form.is_valid():
        try:
            services.check_code(device=device, code=form.cleaned_data["code"])
        except DomainError as error:
            form.add_error("code", error.message)
            status = error.status_code
        else:
            del request.session[PENDING_SESSION_KEY]
            login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return redirect(pending["next"] or resolve_url(settings.LOGIN_REDIRECT_URL))
    elif form.is_bound:
        status = 400
    return render(request, "registration/two_factor_verify.html", {"form": form}, status=status)


@login_required
def setup(request):
    """Turn two-factor login on (scan the code, enter a code) or off (enter a code)."""
    if not services.may_use_two_factor(request.user):
        return forbidden(
            request,
            PermissionDenied(
                _("You log in through your organisation, whose login has its own second step.")
            ),
        )
    device = services.confirmed_device(request.user)
    form = CodeForm(request.POST or None)
    status = 400 if form.is_bound and not form.is_valid() else 200
    if device is None:
        device = services.pending_device(user=request.user)
        action, done = services.turn_on_two_factor, _("Two-factor login is on.")
    else:
        action, done = services.turn_off_two_factor, _("Two-factor login is off.")
    if form.is_valid():
        try:
            turned_on = action(user=request.user, code=form.cleaned_data["code"])
        except DomainError as error:
            form.add_error("code", error.message)
            status = error.status_code
        else:
            if turned_on is not None:
                otp_login(request, turned_on)
            messages.success(request, done)
            return redirect("two_factor:setup")
    context = {"form": form, "enabled": device.confirmed}
    if not device.confirmed:
        context.update(
            qr_code=services.setup_qr_data_uri(device), setup_key=services.setup_key(device)
        )
    return render(request, "registration/two_factor_setup.html", context, status=status)
