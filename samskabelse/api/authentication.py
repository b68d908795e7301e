"""`Authorization: Token <key>` for other systems. Keys are looked up by their SHA-256 hash;
a found token is kept in this process's memory for LOCAL_SECONDS, under the tokens' data
version (samskabelse.api.versions), so a busy client costs no query and no cache read of
its own: each request reads the version in the same Redis round trip as its throttle's
count, and a copy kept under another version is looked up again. Any change to a token or
its owner (revoked, deleted, user deactivated) moves the version on at once
(samskabelse.signals), so every process refuses the token from its next request. With
Redis down no version can be read, nothing kept is used, and the database answers."""

import copy
import threading
import time
from datetime import timedelta
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from samskabelse.cache import bump_version, read_and_count
from samskabelse.models import ApiToken, hash_token_key

from . import versions
from .throttling import token_window

# Recording every use would turn each read into a write; once a minute is precise enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)
LOCAL_SECONDS = 30
LOCAL_LIMIT = 10_000  # tokens kept per process; past it the memory starts again


class Found(NamedTuple):
    token: ApiToken  # with its user; never handed out itself, only copies
    version: int
    found_at: float  # time.monotonic()


class FoundTokens:
    """The tokens this process has found, by key hash, and the version each was found under."""

    def __init__(self):
        self._found = {}
        self._lock = threading.Lock()

    def get(self, key_hash):
        found = self._found.get(key_hash)
        if found is None or time.monotonic() - found.found_at > LOCAL_SECONDS:
            return None
        return found

    def keep(self, key_hash, token, version):
        with self._lock:
            if len(self._found) >= LOCAL_LIMIT:
                self._found.clear()
            self._found[key_hash] = Found(copy_of(token), version, time.monotonic())

    def clear(self):
        with self._lock:
            self._found.clear()


found_tokens = FoundTokens()


def copy_of(token):
    """A token and its user that the request may change (Django caches permissions and
    roles on the user object) without changing the kept one."""
    user = copy.copy(token.user)
    token = copy.copy(token)
    token.user = user
    return token


class TokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        self.request = request  # an authenticator lives for one request
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        key_hash = hash_token_key(key)
        found = found_tokens.get(key_hash)
        window = token_window(found.token) if found else None
        names = list(dict.fromkeys([*versions.READ_WITH_TOKEN, *versions.wanted_by(self.request)]))
        values, count = read_and_count(names, *(window or (None, None)))
        read = dict(zip(names, values, strict=True))
        versions.remember(read)
        for name, value in read.items():
            if value is None:  # new, or lost by Redis: a counter to keep things under next time
                bump_version(name)
        version = read[versions.TOKENS]
        if found is not None and version is not None and found.version == version:
            token = copy_of(found.token)
        else:
            # Read after the version: a change committed meanwhile moves it on again, so
            # what is kept below under `version` is never kept past that change.
            token = (
                ApiToken.objects.active().select_related("user").filter(key_hash=key_hash).first()
            )
        if token is None or not token.is_active or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        if window is not None and token.pk == found.token.pk:
            # The throttle takes this count instead of counting again (one round trip).
            self.request.window_counts = {window[0]: count}
        keep = found is None or found.version != version
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
            keep = True
        if keep and version is not None:
            found_tokens.keep(key_hash, token, version)
        return token.user, token
