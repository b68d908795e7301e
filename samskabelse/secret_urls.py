"""URLs that carry a secret, and how logs show them instead.

Manage links, newsletter links, Mine data links and password-reset links are the key to
someone's registration or data, so an access log or a 404 warning that printed them would
hand that key to anyone who reads the logs. Every log line goes through `redact()`: the
secret segment becomes a short hash (the first 8 hex digits of its SHA-256), which still
lets an operator follow one link through the logs without being able to use it.

SECRET_ROUTES is the one list: gunicorn's access log (gunicorn.conf.py) and Django's own
log records (settings.LOGGING, RedactSecretsFilter) both read it, and a test fails when a
route with a <token> is added to a urls.py without being covered here.

Standard library only: gunicorn's master process imports this before Django is loaded."""

import hashlib
import logging
import re

# Each route up to its secret <token>; other <…> segments are matched but kept.
SECRET_ROUTES = (
    "/events/manage/<token>/",
    "/events/registration/<token>/",
    "/events/newsletter/confirm/<token>/",
    "/events/newsletter/unsubscribe/<token>/",
    "/events/my-data/<token>/",
    "/api/v1/registrations/<token>/",
    "/accounts/reset/<uidb64>/<token>/",
)
# Fixed words that sit where a token would: pages of their own, no secret.
NOT_SECRET = frozenset({"sent", "set-password"})
# A secret in the query string itself (?token=…), whatever the path.
SECRET_QUERY_PARAMETERS = ("token",)

# A slash, also percent-encoded: a secret path inside ?next=%2Fevents%2Fmanage%2F… counts.
_SLASH = r"(?:/|%2[fF])"
# One path segment: up to a slash (either form), the query, a fragment or the line's end.
_SEGMENT = r"""(?:(?!%2[fF])[^/?#&\s"'<>])+"""


def _route_regex(route):
    parts = [part for part in route.split("/") if part]
    pattern = ""
    for part in parts:
        if part == "<token>":
            pattern += _SLASH + f"(?P<token>{_SEGMENT})"
            break
        pattern += _SLASH + (_SEGMENT if part.startswith("<") else re.escape(part))
    return re.compile(pattern)


_ROUTE_REGEXES = tuple(_route_regex(route) for route in SECRET_ROUTES)
_QUERY_REGEX = re.compile(
    rf"(?P<name>(?:^|[?&;])(?:{'|'.join(SECRET_QUERY_PARAMETERS)})=)(?P<token>[^&#\s\"']+)"
)


def token_hash(token):
    return "sha256:" + hashlib.sha256(token.encode()).hexdigest()[:8]


def _replace_token(match):
    token = match.group("token")
    if token in NOT_SECRET or token.startswith("sha256:"):  # no secret, or redacted already
        return match.group(0)
    start, end = match.span("token")
    whole = match.group(0)
    offset = match.start(0)
    return whole[: start - offset] + token_hash(token) + whole[end - offset :]


def redact(text):
    """The text with the secret of every secret URL in it (a path, a full URL, a Referer,
    a percent-encoded ?next=) replaced by its hash. Anything else is returned unchanged."""
    if not isinstance(text, str) or not text:
        return text
    for regex in _ROUTE_REGEXES:
        text = regex.sub(_replace_token, text)
    return _QUERY_REGEX.sub(_replace_token, text)


class RedactSecretsFilter(logging.Filter):
    """For handlers in settings.LOGGING: Django's "Not Found: /events/manage/…" warnings
    and any other record that mentions a secret URL are written with its hash."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a broken record: let the handler report it as usual
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
