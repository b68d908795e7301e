from rest_framework import throttling

from .permissions import request_token


class AnonThrottle(throttling.AnonRateThrottle):
    scope = "anon"


class TokenThrottle(throttling.SimpleRateThrottle):
    """Per token for other systems, per user for browser sessions."""

    scope = "token"

    def get_cache_key(self, request, view):
        token = request_token(request)
        if token is not None:
            ident = f"token-{token.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}
