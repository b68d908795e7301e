"""Rate limits for public forms: a few submissions per address and window, counted in the
shared cache, so a person never meets them and a script soon does."""

from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class SubmissionLimit:
    scope: str
    per_window: int
    window_seconds: int = 10 * 60

    def _key(self, request):
        # REMOTE_ADDR only: X-Forwarded-For is written by the client unless a trusted proxy
        # rewrites it, so trusting it would let anyone step around the limit.
        return f"ratelimit:{self.scope}:{request.META.get('REMOTE_ADDR', 'unknown')}"

    def allows(self, request):
        return cache.get(self._key(request), 0) < self.per_window

    def count(self, request):
        key = self._key(request)
        cache.add(key, 0, timeout=self.window_seconds)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr: start a new window
            cache.set(key, 1, timeout=self.window_seconds)
