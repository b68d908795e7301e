"""The password login's second step: who is on their way to the code (views.verify)."""

import time

from django.shortcuts import redirect

from . import services

PENDING_SESSION_KEY = "two_factor_pending"


class TwoFactorLoginMixin:
    """For the login view: a person with an authenticator app is logged in only after its
    code (verify below); the right password alone only remembers who is on their way."""

    def form_valid(self, form):
        user = form.get_user()
        if services.confirmed_device(user) is None:
            return super().form_valid(form)
        self.request.session[PENDING_SESSION_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_redirect_url(),
            "since": time.time(),
        }
        return redirect("two_factor:verify")
