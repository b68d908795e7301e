"""Scopes: a token may do only what its scopes allow, and never more than its owner's own
browser session may; a browser session is judged by the service's role rules instead.
Every API view asks these functions, so the answer is the same everywhere."""

from rest_framework import permissions

from samskabelse.models import ApiScope, ApiToken


def request_token(request):
    """The ApiToken the request authenticated with, or None (anonymous or session)."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


def viewer(request):
    """Whose eyes a read uses: a browser session's user, a token's user only when the token
    has the `read` scope, and otherwise nobody (the public view). The selectors then show
    that user what their session would see, never more."""
    user = request.user
    if not (user and user.is_authenticated):
        return None
    token = request_token(request)
    if token is not None and not token.has_scope(ApiScope.READ):
        return None
    return user


def can_read_internal(request):
    """Internal data (journals, the people list) is for staff: a staff member's session,
    or a token of a staff member with the `read` scope. A non-staff user's token gets no
    more than that user's session, whatever its scopes."""
    user = viewer(request)
    return bool(user and user.is_active and user.is_staff)


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
