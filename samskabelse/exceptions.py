"""Domain exceptions. Services raise them with a Danish-first message; the API's exception
handler turns them into DRF's error shape and status, and page views into form errors."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status_code = 400
    default_code = "invalid"
    default_message = _("The request could not be carried out.")

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
