"""The API's JSON parser, with limits: a body over API_MAX_JSON_BYTES is refused with 413
before it is parsed, and one nested deeper than API_MAX_JSON_DEPTH with 400, found by a scan
that does not recurse (Python's json module would recurse, and a body of 50,000 `[` ends in
a RecursionError, a 500)."""

import re

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, renderers, status
from rest_framework.parsers import BaseParser
from rest_framework.settings import api_settings
from rest_framework.utils import json

# A JSON string, escapes included: brackets inside strings do not nest anything.
STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"')
BRACKETS = re.compile(rb"[\[\]{}]")
OPENING = frozenset(b"[{")


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


def json_depth(body):
    """How deeply `body` nests arrays and objects, counted without recursion."""
    if body.count(b"[") + body.count(b"{") == 0:
        return 0
    depth = deepest = 0
    for bracket in BRACKETS.findall(STRING.sub(b"", body)):
        if bracket[0] in OPENING:
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


class BoundedJSONParser(BaseParser):
    """DRF's JSONParser with the limits. Not a subclass of it on purpose: DRF reads a
    JSONParser's body whole through request.body first; this one reads at most one byte
    past the limit from the stream."""

    media_type = "application/json"
    renderer_class = renderers.JSONRenderer
    strict = api_settings.STRICT_JSON

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_JSON_BYTES
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise RequestTooLarge(
                _("The request body is larger than %(size)d kB.") % {"size": limit // 1024}
            )
        if json_depth(body) > settings.API_MAX_JSON_DEPTH:
            raise exceptions.ParseError(
                _("The JSON is nested more than %(depth)d levels deep.")
                % {"depth": settings.API_MAX_JSON_DEPTH}
            )
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json.loads(
                body.decode(encoding),
                parse_constant=json.strict_constant if self.strict else None,
            )
        except (ValueError, RecursionError) as error:
            raise exceptions.ParseError(f"JSON parse error - {error}") from error
