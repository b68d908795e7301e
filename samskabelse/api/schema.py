"""What the OpenAPI schema says beyond what drf-spectacular finds on its own, in one place:
who may call an operation anonymously, the error answers every operation can give, the
values a reference filter accepts, and the strings the input fields accept.

`document_errors` is a postprocessing hook (SPECTACULAR_SETTINGS): it reads each view's
permissions and adds the answers the plumbing gives everywhere (400 bad input, 401, 403,
404, 429 throttled, 503 busy), so a view only declares what is its own (409, 422, 304)."""

import re

from django.db import DatabaseError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import (
    OpenApiSerializerExtension,
    OpenApiSerializerFieldExtension,
)
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions

from .permissions import TokenHasScope

# No NUL character anywhere (Django and DRF reject it with 400). Not empty: drf-spectacular
# offers the empty string as an alternative of its own where blank is allowed.
NO_NUL = "^[^\\u0000]+$"
# ... and at least one character that is not white space, since input is trimmed first.
NOT_BLANK = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"

# A query parameter may be given empty, which means "no filter".
ANY_TEXT = "^[^\\u0000]*$"
# A date or a date-time (ISO 8601), or empty.
DATE_OR_DATETIME = {
    "anyOf": [
        {"type": "string", "format": "date"},
        {"type": "string", "format": "date-time"},
        {"type": "string", "maxLength": 0},
    ]
}

ERROR = {
    "type": "object",
    "description": "An error in DRF's shape: a message in the request's language.",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string", "description": "A stable code, e.g. `conflict`."},
    },
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": (
        "What was wrong, by field (or `detail` when the body could not be read): each "
        "field maps to a list of messages, or to the errors of its nested fields."
    ),
    "additionalProperties": True,
}
RETRY_AFTER = {
    "Retry-After": {
        "schema": {"type": "integer", "minimum": 0},
        "description": "Seconds to wait before trying again.",
    }
}
ACCEPT_LANGUAGE = {
    "in": "header",
    "name": "Accept-Language",
    "required": False,
    "schema": {"type": "string"},
    "description": "`da` (the default) or `en`: the language of labels and messages.",
}
NOT_MODIFIED = OpenApiResponse(
    description=_("Not modified: the copy named in If-None-Match is current (no body).")
)

_GENERIC_DESCRIPTIONS = {
    "400": "Bad input: the fields or query parameters that were wrong, and why.",
    "401": "No valid credentials: the token is unknown, expired or revoked, or a login is needed.",
    "403": "The credentials are valid but may not do this (scope or role).",
    "404": "No such object for this client, or no such page of the list.",
    "429": "Too many requests: wait as long as Retry-After says.",
    "503": "Busy or a dependency is down: nothing was changed; retry after Retry-After.",
}


def requires_login(action):
    """Mark a viewset action that checks the login itself, so the schema does not offer it
    to anonymous clients although the permission classes let reads through."""
    action.schema_requires_login = True
    return action


def answers_conditional_get(*actions):
    """Mark the view's actions (or a plain view's GET) that send an ETag and answer 304
    to a current If-None-Match."""

    def mark(view_class):
        view_class.schema_conditional_get = set(actions) or {"get"}
        return view_class

    return mark


def _anonymous_allowed(view, method):
    if any(isinstance(p, permissions.AllowAny) for p in view.get_permissions()):
        return True
    if method not in permissions.SAFE_METHODS:
        return False
    if getattr(view, "required_scopes", {}).get(method):
        return False
    if any(not isinstance(p, TokenHasScope) for p in view.get_permissions()):
        return False
    handler = getattr(view, getattr(view, "action", None) or method.lower(), None)
    return not getattr(handler, "schema_requires_login", False)


def _error_response(code):
    schema = "ValidationError" if code == "400" else "Error"
    response = {
        "description": _GENERIC_DESCRIPTIONS.get(code, ""),
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }
    if code in ("429", "503"):
        response["headers"] = RETRY_AFTER
    return response


def _path_shape(path):
    """The path with its parameters unnamed: drf-spectacular renames `{pk}` to `{id}`."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def _views_by_operation(generator, request):
    views = {}
    for path, _regex, method, callback in generator.endpoints:
        view = generator.create_view(callback, method, request)
        views[(_path_shape(path), method.lower())] = view
    return views


def document_errors(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    views = _views_by_operation(generator, request)
    for path, operations in result["paths"].items():
        for method, operation in operations.items():
            view = views.get((_path_shape(path), method))
            if view is None or not isinstance(operation, dict):
                continue
            _document_operation(operation, view, method.upper(), path)
    return result


def _document_operation(operation, view, method, path):
    parameters = operation.setdefault("parameters", [])
    if not any(p.get("name") == "Accept-Language" for p in parameters):
        parameters.append(ACCEPT_LANGUAGE)
    security = operation.get("security", [])
    anonymous = _anonymous_allowed(view, method)
    if anonymous and {} not in security:
        security.append({})
        operation["security"] = security
    codes = {"429"}
    if any(p["in"] in ("query", "header") and p["name"] != "Accept-Language" for p in parameters):
        codes.add("400")
    if "requestBody" in operation:
        codes.update({"400", "415"})
    if any(requirement for requirement in security):  # a token can be invalid
        codes.add("401")
    if not anonymous:
        codes.update({"401", "403"})
    if "{" in path or any(p["name"] == "page" for p in parameters):
        codes.add("404")
    if method not in permissions.SAFE_METHODS:
        codes.add("503")
    responses = operation.setdefault("responses", {})
    for code in sorted(codes):
        responses.setdefault(code, _error_response(code))
    for code, response in responses.items():
        if code.isdigit() and int(code) >= 400 and "content" not in response:
            response.update(_error_response(code) | {"description": response["description"]})
    conditional = getattr(view, "schema_conditional_get", set())
    if method == "GET" and (getattr(view, "action", None) or "get") in conditional:
        responses.setdefault("304", {"description": str(NOT_MODIFIED.description)})
        parameters.append(
            {
                "in": "header",
                "name": "If-None-Match",
                "required": False,
                "schema": {"type": "string"},
                "description": "The ETag of the copy the client has.",
            }
        )


class ReferenceFilterExtension(DjangoFilterExtension):
    """A filter naming an object by a code or slug lists the values that exist, so a
    client (and a schema-driven test) knows which ones are accepted; any other is a 400.
    The schema is public, so only public objects are listed where objects can be
    internal. Plain text filters say that NUL characters are refused."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        import django_filters

        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        for parameter in parameters:
            if isinstance(filter_field, django_filters.ModelChoiceFilter):
                enum = _reference_values(filter_field)
                # With nothing to name yet, no value is accepted; OpenAPI has no empty enum.
                parameter["schema"] = {"type": "string", **({"enum": enum} if enum else {})}
            elif isinstance(filter_field, django_filters.CharFilter):
                parameter["schema"] = {"type": "string", "pattern": ANY_TEXT}
            parameter["schema"] = _or_empty(parameter["schema"])
        return parameters


def _or_empty(schema):
    """A filter given empty (`?track=`) is no filter, so the empty string is accepted too."""
    if "anyOf" in schema:  # already lists the empty string
        return schema
    if schema.get("type") == "string":
        enum = schema.get("enum")
        if enum is not None and "" not in enum:
            return {**schema, "enum": [*enum, ""]}
        return schema  # any text, the empty string included
    return {"anyOf": [schema, {"type": "string", "maxLength": 0}]}


def _reference_values(filter_field):
    queryset = filter_field.get_queryset(None)
    field = filter_field.extra.get("to_field_name") or "pk"
    if any(f.name == "is_public" for f in queryset.model._meta.get_fields()):
        queryset = queryset.filter(is_public=True)
    return _values(queryset, field)


def _values(queryset, field):
    """The values that exist, sorted; none without a database (`check --deploy` builds the
    schema before anything is migrated)."""
    try:
        return sorted({str(value) for value in queryset.values_list(field, flat=True)})
    except DatabaseError:
        return []


class TextInputExtension(OpenApiSerializerFieldExtension):
    """Text input is trimmed and may not hold NUL; a required text may not be blank."""

    target_class = "samskabelse.api.fields.TextField"

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        schema = auto_schema._map_serializer_field(field, direction, bypass_extensions=True)
        if field.read_only or {"format", "enum", "pattern"} & set(schema):
            return schema
        if field.allow_blank:
            schema.setdefault("pattern", NO_NUL)
        else:
            schema.setdefault("pattern", NOT_BLANK)
            schema["minLength"] = max(schema.get("minLength", 1), 1)
        return schema


class ReferenceFieldExtension(OpenApiSerializerFieldExtension):
    """An input naming an object by its code or slug lists the values that exist (as the
    filters do); the values come from the field's queryset for the schema's reader."""

    target_class = "rest_framework.relations.SlugRelatedField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        schema = auto_schema._map_serializer_field(field, direction, bypass_extensions=True)
        if field.read_only:
            return schema
        enum = _values(field.get_queryset(), field.slug_field)
        if enum:
            schema["enum"] = [*enum, None] if schema.get("nullable") else enum
        return schema


class InsiderFieldsExtension(OpenApiSerializerExtension):
    """A shape with fields only insiders get (Meta.insider_fields): the same component,
    with those fields documented but not required, since other clients get it without."""

    target_class = "samskabelse.api.serializers.WithInsiderFields"
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        insider = set(self.target.Meta.insider_fields)
        schema["required"] = [name for name in schema.get("required", []) if name not in insider]
        for name in insider & set(schema.get("properties", {})):
            prop = schema["properties"][name]
            prop["description"] = (prop.get("description", "") + " " + str(INSIDERS_ONLY)).strip()
        return schema


INSIDERS_ONLY = _("Only for clients that may see internal data.")
