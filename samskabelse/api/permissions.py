"""Scopes: a token may do only what its scopes allow; a browser session is judged by the
service's role rules instead."""

from rest_framework import permissions

from samskabelse.models import ApiScope, ApiToken


def request_token(request):
    """The ApiToken the request authenticated with, or None (anonymous or session)."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


def can_read_internal(request):
    """`read` scope for tokens; any logged-in staff session."""
    token = request_token(request)
    if token is not None:
        return token.has_scope(ApiScope.READ)
    return bool(request.user and request.user.is_authenticated and request.user.is_staff)


class TokenHasScope(permissions.BasePermission):
    """Reads are open (selectors decide what is visible). A write needs a login, and a token
    needs the scope the view names in `required_scopes` for that HTTP method."""

    def has_permission(self, request, view):
        required = getattr(view, "required_scopes", {}).get(request.method)
        if required is None and request.method in permissions.SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        token = request_token(request)
        if token is None:
            return True
        return required is not None and token.has_scope(required)
