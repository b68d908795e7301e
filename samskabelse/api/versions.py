"""Data versions: a counter in the shared cache that every write of some data moves on, so
a process may keep that data in memory and know from one read whether it is still
current. A request with a token reads every version below once, in the same Redis round
trip as its token check and its throttle's count (samskabelse.api.authentication), and so
does a read without a token in its throttle's round trip, together with the versions its
view names in `read_versions`; code later in the request asks seen() and reads nothing
more.

A version that could not be read (Redis down, the counter missing) is None, and None
never matches: the in-memory copy is then not used, and the database answers."""

from contextvars import ContextVar

from django.core.signals import request_finished, request_started
from django.db import transaction

from samskabelse.cache import bump_version

TOKENS = "version:api-tokens"  # every change of a token or of a token's owner
WEBHOOK_ENDPOINTS = "version:webhook-endpoints"  # every write of a webhook endpoint
READ_WITH_TOKEN = (TOKENS, WEBHOOK_ENDPOINTS)

_seen = ContextVar("data_versions_seen", default=None)


def bump(name):
    """Move a version on, now and again once the write commits: a process that read the
    old rows between the two then keeps them under the old version only."""
    bump_version(name)
    transaction.on_commit(lambda: bump_version(name))


def remember(values):
    """The versions this request read ({name: value}, beside any read before), for seen()."""
    _seen.set({**(_seen.get() or {}), **values})


def wanted_by(request):
    """The versions the view of a read (GET, HEAD) asks for with its `read_versions`, to
    be read in the round trip of the token check or the throttle's count: none for a
    write, whose own bumps a version read at its start would not see."""
    if request.method not in ("GET", "HEAD"):
        return ()
    view = (getattr(request, "parser_context", None) or {}).get("view")
    return tuple(getattr(view, "read_versions", ()))


def seen(name):
    """The version `name` as this request read it, or None (not read, or unreadable)."""
    values = _seen.get()
    return values.get(name) if values else None


def current(name):
    """The version `name`: as this request read it, else from the shared cache (None when
    it cannot be read)."""
    value = seen(name)
    if value is None:
        from django.core.cache import cache

        value = cache.get(name)
    return value


def forget(**_signal):
    _seen.set(None)


# Versions belong to one request: a later one (or a task in the same thread) reads anew.
request_started.connect(forget, dispatch_uid="forget_data_versions_at_start")
request_finished.connect(forget, dispatch_uid="forget_data_versions_at_end")
