"""Login protection with django-axes: the hooks settings.py points its AXES_* settings to.

Two counters over the cool-off window, both kept in axes' AccessAttempt table:
- one account from one address: `AXES_FAILURE_LIMIT` (5) wrong passwords lock that account
  out for that address only, so a stranger elsewhere cannot lock a colleague out;
- one address over all accounts: `LOGIN_FAILURE_LIMIT_PER_IP` (20) wrong passwords lock the
  address out, so trying a few passwords on many accounts soon stops too.
While locked out, even the right password is refused; the address is the one
samskabelse/net.py reads through the trusted proxies."""

import math

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

ACCOUNT_FROM_ADDRESS = ["username", "ip_address"]
ADDRESS = "ip_address"


def lockout_parameters(request_or_attempt, credentials=None):
    """AXES_LOCKOUT_PARAMETERS, in the order LockoutHandler reads the counters."""
    return [ACCOUNT_FROM_ADDRESS, ADDRESS]


def login_username(request, credentials=None):
    """AXES_USERNAME_CALLABLE: the address as the User model compares it (any case), so
    'Karen@X.dk' and 'karen@x.dk' share one counter."""
    username = (credentials or request.POST).get("username")
    return (username or "").strip().lower() or None


class LockoutHandler(AxesDatabaseHandler):
    """Axes compares one failure count with one limit; we keep a limit per counter. Report
    the account's count, or at least the account limit once the address alone has reached
    its own higher limit, so axes' single comparison enforces both."""

    def get_failures(self, request, credentials=None):
        per_account, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if per_address >= settings.LOGIN_FAILURE_LIMIT_PER_IP:
            return max(per_account, get_failure_limit(request, credentials))
        return per_account


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a Danish page on the base template, 429 with Retry-After."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60)
    response = render(request, "registration/lockout.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
