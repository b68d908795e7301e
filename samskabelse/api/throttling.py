"""Rate limits as fixed-window counters in the shared cache: one atomic increment per
request (one Redis round trip), whatever the rate (DRF's own throttles keep a list of every
request's time, which grows with the rate)."""

import time

from rest_framework import throttling

from samskabelse.cache import count_in_window, read_and_count
from samskabelse.net import client_ip

from . import versions
from .permissions import request_token


class FixedWindowThrottle(throttling.SimpleRateThrottle):
    def allow_request(self, request, view):
        if self.rate is None:
            return True
        ident = self.get_cache_key(request, view)
        if ident is None:
            return True
        key, timeout = self.window(ident)
        # Counted already, in the round trip of the token check (samskabelse.api.authentication).
        count = getattr(request, "window_counts", {}).pop(key, None)
        if count is None:
            wanted = [name for name in versions.wanted_by(request) if versions.seen(name) is None]
            if wanted:  # read in the same round trip as the count
                values, count = read_and_count(wanted, key, timeout)
                versions.remember(dict(zip(wanted, values, strict=True)))
            else:
                count = count_in_window(key, timeout)
        return count <= self.num_requests

    def window(self, ident):
        """The counter's key for this moment's window, and how long it must live."""
        now = time.time()
        window_start = int(now // self.duration * self.duration)
        self.retry_at = window_start + self.duration
        self.now = now
        return f"{ident}:{window_start}", self.duration + 1

    def wait(self):
        return max(self.retry_at - self.now, 0)

    def get_ident(self, request):
        # The one client-address rule of the site; DRF's own would, without NUM_PROXIES,
        # count the whole client-written X-Forwarded-For header as the identity.
        return client_ip(request) or "unknown"


class AnonThrottle(FixedWindowThrottle):
    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenThrottle(FixedWindowThrottle):
    """Per token for other systems, per user for browser sessions."""

    scope = "token"

    def get_cache_key(self, request, view):
        token = request_token(request)
        if token is not None:
            return self.token_ident(token)
        if request.user and request.user.is_authenticated:
            return self.cache_format % {"scope": self.scope, "ident": f"user-{request.user.pk}"}
        return None

    def token_ident(self, token):
        return self.cache_format % {"scope": self.scope, "ident": f"token-{token.pk}"}


def token_window(token):
    """(key, timeout) of the counter TokenThrottle counts a request of `token` in now, or
    None when tokens have no rate: the token check counts it in its own round trip."""
    throttle = TokenThrottle()
    if throttle.rate is None:
        return None
    return throttle.window(throttle.token_ident(token))
