"""What counts as a dependency outage, and how it is answered: 503 with Retry-After, as
JSON in DRF's error shape under /api/ and as the Danish 503 page otherwise. The API's
exception handler, the middleware and the 500 handler all ask here, so a database, lock or
broker failure never reaches anyone as a 500."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .exceptions import Busy, Unavailable
from .locking import is_lock_timeout

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def outage_error(exc):
    """The Busy or Unavailable that `exc` stands for, or None when it is no outage."""
    if isinstance(exc, Busy | Unavailable):
        return exc
    if isinstance(exc, OperationalError | InterfaceError):
        error = Busy() if is_lock_timeout(exc) else Unavailable()
    elif isinstance(exc, BrokerError | RedisConnectionError | RedisTimeoutError):
        error = Unavailable()
    else:
        return None
    logger.warning("answered 503 %s for %r", error.code, exc, exc_info=exc)
    return error


def is_api_request(request):
    return request is not None and request.path_info.startswith(API_PREFIX)


def retry_after_headers(error):
    return {"Retry-After": str(error.retry_after_seconds)}


def outage_response(request, error):
    """503 with Retry-After. The page is rendered without the request's context: the
    database behind the session and the user may be the thing that is down."""
    if is_api_request(request):
        return JsonResponse(
            {"detail": str(error.message), "code": error.code},
            status=error.status_code,
            headers=retry_after_headers(error),
        )
    html = render_to_string("503.html", {"message": error.message})
    return HttpResponse(html, status=error.status_code, headers=retry_after_headers(error))
