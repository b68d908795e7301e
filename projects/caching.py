"""A version for everything the case representations show. Any write to a case or to what
hangs on it moves the version on, so ETags and cached API responses keyed on it go stale at
once, in every process (the version lives in the shared cache: Redis in production)."""

from django.conf import settings
from django.core.cache import cache

from samskabelse.api import versions
from samskabelse.cache import bump_version

# Counters of samskabelse.api.versions (an older release kept a random hex string under
# "projects:cases-version", which a counter cannot move on: hence new names).
VERSION_KEY = "version:cases"
# The shared tables many cases show (principles, grips, organisations, municipalities): what
# one case's updated_at does not cover, for caches keyed on the cases they show.
LOOKUPS_VERSION_KEY = "version:case-lookups"
RESPONSE_TTL = 10 * 60


def _version(key):
    version = versions.current(key)  # read with the throttle's count (read_versions)
    if version is None:
        bump_version(key)  # a missing counter starts from the clock, never from an old value
        version = cache.get(key)
    return str(version)


def cases_version():
    """Changes with any write to any case or to what a case shows."""
    return _version(VERSION_KEY)


def lookups_version():
    """Changes with a write to a principle, grip, organisation or municipality."""
    return _version(LOOKUPS_VERSION_KEY)


def bump_cases_version(**_signal_kwargs):
    """Moved on at once, so this connection's next read is fresh, and again on commit, so
    a response built from the old rows by another request before the commit cannot be
    cached under the new version (samskabelse.api.versions.bump)."""
    versions.bump(VERSION_KEY)


def bump_lookups_version(**_signal_kwargs):
    versions.bump(LOOKUPS_VERSION_KEY)


def cached_response_data(key):
    if not settings.API_RESPONSE_CACHE:
        return None
    return cache.get(f"projects:response:{key}")


def cache_response_data(key, data):
    if settings.API_RESPONSE_CACHE:
        cache.set(f"projects:response:{key}", data, timeout=RESPONSE_TTL)
