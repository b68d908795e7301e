"""`Idempotency-Key` for API POSTs: a retried request gets the first answer again instead
of doing the work twice.

A key belongs to one request: the stored answer keeps a fingerprint (SHA-256 of method,
path and the body as canonical JSON, so key order and whitespace do not matter). The same
key with another body is a client bug, answered 422 `idempotency_key_reused` as Stripe does,
never with the answer to a different request.

The first answer is stored in the same transaction as the work it reports, so a stored
201 always belongs to a registration that exists, and a rolled-back registration leaves
no answer behind. Answers that describe the state of things (201, 409, 422) are kept;
400s (the client must fix the request) and server errors (worth retrying) are not.

Two concurrent requests with the same key: the second waits for the occurrence's row
lock, finds the first registration (409), then fails to store its answer on the unique
(user, key, path) constraint. Its transaction rolls back and it replays the first answer,
so nobody gets two registrations and both callers see the same 201."""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.response import Response

from samskabelse.api.exceptions import exception_handler
from samskabelse.exceptions import DomainError, Unprocessable

from .models import IdempotentRequest

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = IdempotentRequest._meta.get_field("key").max_length
STORED_STATUSES = {201, 409, 422}


class IdempotencyKeyReused(Unprocessable):
    default_code = "idempotency_key_reused"
    default_message = gettext_lazy(
        "This Idempotency-Key was already used for a request with a different body. "
        "Use a new key for a new request."
    )


def idempotency_key(request):
    """The request's key, or None without one; a 400 for an unusable key."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise exceptions.ValidationError(
            {HEADER: [_("Use a key of 1 to %(max)d characters.") % {"max": MAX_KEY_LENGTH}]}
        )
    return key


def fingerprint(request):
    """SHA-256 of method, path and the parsed body as canonical JSON."""
    data = request.data
    if isinstance(data, QueryDict):
        data = dict(data.lists())
    body = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(f"{request.method}\n{request.path}\n{body}".encode()).hexdigest()


def _stored(request, key):
    return IdempotentRequest.objects.filter(user=request.user, key=key, path=request.path).first()


def _replay(stored, request_fingerprint):
    # An answer stored before fingerprints existed has none: replay it as before.
    if stored.fingerprint and stored.fingerprint != request_fingerprint:
        raise IdempotencyKeyReused()
    response = Response(stored.body, status=stored.status_code)
    response["Idempotent-Replayed"] = "true"
    return response


def respond_once(request, view, work):
    """Answer with `work()` (a Response), or with the stored first answer for a key seen
    before. Domain errors from the work become answers here, so they can be stored."""
    key = idempotency_key(request)
    if key is None:
        return work()
    request_fingerprint = fingerprint(request)
    stored = _stored(request, key)
    if stored is not None:
        return _replay(stored, request_fingerprint)
    try:
        with transaction.atomic():
            try:
                response = work()
            except DomainError as error:
                response = exception_handler(error, {"request": request, "view": view})
            if response.status_code in STORED_STATUSES:
                IdempotentRequest.objects.create(
                    user=request.user,
                    key=key,
                    path=request.path,
                    fingerprint=request_fingerprint,
                    status_code=response.status_code,
                    body=response.data,
                )
    except IntegrityError:
        stored = _stored(request, key)  # a concurrent request with this key came first
        if stored is None:
            raise
        return _replay(stored, request_fingerprint)
    return response
