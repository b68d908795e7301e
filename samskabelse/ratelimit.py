"""Rate limits for public forms: a few submissions per address and window, counted in the
shared cache, so a person never meets them and a script soon does."""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache

from .cache import count_in_window
from .net import client_ip


@dataclass(frozen=True)
class SubmissionLimit:
    """Counts per client address (samskabelse/net.py), or per `subject` when one is given
    (an email address, say); a subject is hashed so the cache holds no personal data."""

    scope: str
    per_window: int
    window_seconds: int = 10 * 60

    def _key(self, request, subject):
        if subject is None:
            ident = client_ip(request) or "unknown"
        else:
            ident = hashlib.sha256(subject.strip().lower().encode()).hexdigest()
        return f"ratelimit:{self.scope}:{ident}"

    def allows(self, request, subject=None):
        return cache.get(self._key(request, subject), 0) < self.per_window

    def count(self, request, subject=None):
        """Count one submission; the number counted so far in this window."""
        return count_in_window(self._key(request, subject), self.window_seconds)

    def take(self, request, subject=None):
        """Count one attempt and say whether it is within the limit, in one atomic step,
        so concurrent requests cannot all slip past a check made before the count."""
        return self.count(request, subject) <= self.per_window
