"""`Authorization: Token <key>` for other systems. Keys are looked up by their SHA-256 hash;
a found token is kept in the shared cache for a minute, so a busy client costs no query
per request. Any change to a token or its owner (revoked, deleted, user deactivated) clears
the entry at once (samskabelse.signals). With the cache down the lookup is a miss and the
database answers (samskabelse.cache fails soft)."""

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from samskabelse.models import ApiToken, hash_token_key

# Recording every use would turn each read into a write; once a minute is precise enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)
CACHE_SECONDS = 60


def token_cache_key(key_hash):
    return f"apitoken:{key_hash}"


class TokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key):
        key_hash = hash_token_key(key)
        cache_key = token_cache_key(key_hash)
        token = cache.get(cache_key)
        cached = token is not None
        if not cached:
            token = (
                ApiToken.objects.active().select_related("user").filter(key_hash=key_hash).first()
            )
        if token is None or not token.is_active or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
            cached = False
        if not cached:
            cache.set(cache_key, token, timeout=CACHE_SECONDS)
        return token.user, token
