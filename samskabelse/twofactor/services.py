"""Two-factor devices: at most one authenticator app per person, on only once a code from
it has been entered, and off again only with a code."""

import base64

import segno
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from samskabelse.exceptions import DomainError, PermissionDenied

DEVICE_NAME = "Godkendelses-app"


class WrongCode(DomainError):
    default_code = "wrong_code"
    default_message = _("The code is not right. Enter the six digits the app shows now.")


class TooManyWrongCodes(DomainError):
    status_code = 429
    default_code = "too_many_wrong_codes"
    default_message = _("Too many wrong codes. Wait a moment, then try again.")


def confirmed_device(user):
    """The person's authenticator app, if two-factor login is on for them."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def may_use_two_factor(user):
    """Password accounts only: a provider's sign-in brings its own second factor."""
    return user.is_authenticated and user.has_usable_password()


def check_code(*, device, code):
    """A code from the app; wrong codes slow further tries down (django-otp's throttle)."""
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        raise TooManyWrongCodes()
    if not device.verify_token(code.strip().replace(" ", "")):
        raise WrongCode()


@transaction.atomic
def pending_device(*, user):
    """The app being set up: made once, kept until a code confirms it."""
    if not may_use_two_factor(user):
        raise PermissionDenied()
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def turn_on_two_factor(*, user, code):
    """Turns two-factor login on once a code from the new app is right."""
    device = pending_device(user=user)
    check_code(device=device, code=code)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


@transaction.atomic
def turn_off_two_factor(*, user, code):
    """Turns it off; a code from the app proves the person holds it."""
    device = confirmed_device(user)
    if device is None:
        return
    check_code(device=device, code=code)
    TOTPDevice.objects.filter(user=user).delete()


def setup_key(device):
    """The key as an app asks for it when typed in: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def setup_qr_data_uri(device):
    """The otpauth:// link as a QR code, an SVG in a data: URI (the CSP allows data: images)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2)
