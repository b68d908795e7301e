"""One place that turns domain and model validation errors into DRF's error shape, and a
dependency outage (samskabelse.outages) into 503 with Retry-After instead of a 500."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from samskabelse.exceptions import DomainError
from samskabelse.outages import outage_error, retry_after_headers


def exception_handler(exc, context):
    exc = outage_error(exc) or exc
    if isinstance(exc, DomainError):
        headers = retry_after_headers(exc) if exc.retry_after_seconds else None
        return Response(
            {"detail": str(exc.message), "code": exc.code},
            status=exc.status_code,
            headers=headers,
        )
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS:
        response.data.setdefault("code", "throttled")
    elif isinstance(response.data, dict) and set(response.data) == {"detail"}:
        # Every error with one message carries a stable code too, as domain errors do.
        response.data["code"] = getattr(response.data["detail"], "code", None) or getattr(
            exc, "default_code", "error"
        )
    return response
