"""Domain exceptions. Services raise them with a Danish-first message; the API's exception
handler turns them into DRF's error shape and status, and page views into form errors."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status_code = 400
    default_code = "invalid"
    default_message = _("The request could not be carried out.")
    # Seconds after which the same request may succeed (sent as Retry-After), if it may.
    retry_after_seconds = None

    def __init__(self, message=None, *, code=None):
        self.message = message or self.default_message
        self.code = code or self.default_code
        super().__init__(str(self.message))


class PermissionDenied(DomainError):
    status_code = 403
    default_code = "permission_denied"
    default_message = _("You do not have permission to do this.")


class Conflict(DomainError):
    status_code = 409
    default_code = "conflict"
    default_message = _("This conflicts with something that already exists.")


class Unprocessable(DomainError):
    status_code = 422
    default_code = "unprocessable"
    default_message = _("The request is valid but cannot be carried out now.")


class Busy(DomainError):
    """Someone else holds the lock on what this request needs (samskabelse.locking), or a
    dependency is briefly out. Nothing was changed; the same request can simply be sent
    again. The API answers 503 with Retry-After; pages show the message as a form error."""

    status_code = 503
    default_code = "busy"
    default_message = _("Many people are doing this right now. Please try again in a moment.")
    retry_after_seconds = 5


class Unavailable(DomainError):
    """A dependency (the database, the broker) does not answer. Nothing was changed."""

    status_code = 503
    default_code = "unavailable"
    default_message = _("The service is briefly unavailable. Please try again in a moment.")
    retry_after_seconds = 30
