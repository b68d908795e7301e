"""A version for everything the case representations show. Any write to a case or to what
hangs on it replaces the version, so ETags and cached API responses keyed on it go stale at
once, in every process (the version lives in the shared cache: Redis in production)."""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "projects:cases-version"
RESPONSE_TTL = 10 * 60


def cases_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _new_version():
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def bump_cases_version(**_signal_kwargs):
    """A random new version rather than a counter: if the cache loses the key, the next
    version still differs from every earlier one. Bumped at once, so this connection's
    next read is fresh, and again on commit, so a response built from the old rows by
    another request before the commit cannot be cached under the new version."""
    _new_version()
    transaction.on_commit(_new_version)


def cached_response_data(key):
    if not settings.API_RESPONSE_CACHE:
        return None
    return cache.get(f"projects:response:{key}")


def cache_response_data(key, data):
    if settings.API_RESPONSE_CACHE:
        cache.set(f"projects:response:{key}", data, timeout=RESPONSE_TTL)
