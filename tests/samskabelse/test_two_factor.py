"""Optional two-factor login (samskabelse/twofactor/): a person who turned it on gives the
authenticator app's code after the password, on the site's login and the admin's."""

import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from samskabelse.twofactor.login import PENDING_SESSION_KEY
from tests.factories import TEST_PASSWORD, UserFactory, admin_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_throttle(settings):
    """django-otp makes each wrong code wait longer; the throttle has a test of its own."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def code(device):
    """The code the person's app shows now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def with_app(user):
    return TOTPDevice.objects.create(user=user, name="Godkendelses-app", confirmed=True)


def log_in(client, user, url=None, next_url=None):
    data = {"username": user.email, "password": TEST_PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(url or reverse("login"), data)


def logged_in(client):
    return "_auth_user_id" in client.session


def test_without_an_app_the_password_alone_logs_in(client):
    user = admin_user()

    response = log_in(client, user)

    assert response.status_code == 302
    assert logged_in(client)


def test_with_an_app_the_password_alone_does_not_log_in(client):
    device = with_app(admin_user())

    response = log_in(client, device.user)

    assert response["Location"] == reverse("two_factor:verify")
    assert not logged_in(client)
    page = client.get(reverse("two_factor:verify")).content.decode()
    assert "Kode fra din godkendelses-app" in page


def test_the_right_code_after_the_password_logs_in_and_goes_on(client):
    device = with_app(admin_user())
    log_in(client, device.user, next_url="/cases/")

    response = client.post(reverse("two_factor:verify"), {"code": code(device)})

    assert response["Location"] == "/cases/"
    assert logged_in(client)
    assert PENDING_SESSION_KEY not in client.session


def test_a_wrong_code_does_not_log_in(client):
    device = with_app(admin_user())
    log_in(client, device.user)

    response = client.post(reverse("two_factor:verify"), {"code": "000000"})

    assert response.status_code == 400
    assert "Koden er ikke rigtig" in response.content.decode()
    assert not logged_in(client)


def test_a_code_cannot_be_used_twice(client):
    device = with_app(admin_user())
    used = code(device)
    log_in(client, device.user)
    client.post(reverse("two_factor:verify"), {"code": used})
    client.logout()

    log_in(client, device.user)
    response = client.post(reverse("two_factor:verify"), {"code": used})

    assert response.status_code == 400
    assert not logged_in(client)


def test_wrong_codes_in_a_row_make_the_next_try_wait(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = with_app(admin_user())
    log_in(client, device.user)
    client.post(reverse("two_factor:verify"), {"code": "000000"})

    response = client.post(reverse("two_factor:verify"), {"code": code(device)})

    assert response.status_code == 429
    assert "For mange forkerte koder" in response.content.decode()
    assert not logged_in(client)


def test_the_code_step_expires(client, settings):
    device = with_app(admin_user())
    log_in(client, device.user)
    session = client.session
    session[PENDING_SESSION_KEY]["since"] = time.time() - settings.TWO_FACTOR_PENDING_SECONDS - 1
    session.save()

    response = client.post(reverse("two_factor:verify"), {"code": code(device)})

    assert response["Location"] == reverse("login")
    assert not logged_in(client)


def test_the_code_step_without_a_password_first_goes_to_the_login(client):
    response = client.get(reverse("two_factor:verify"))

    assert response["Location"] == reverse("login")


def test_the_admin_login_asks_for_the_code_too(client):
    device = with_app(admin_user())

    response = log_in(client, device.user, url=reverse("admin:login"), next_url="/admin/")

    assert response["Location"] == reverse("two_factor:verify")
    assert not logged_in(client)
    response = client.post(reverse("two_factor:verify"), {"code": code(device)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_turning_it_on_takes_a_code_from_the_new_app(client):
    user = admin_user()
    client.force_login(user)

    page = client.get(reverse("two_factor:setup")).content.decode()
    assert "data:image/svg+xml" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(reverse("two_factor:setup"), {"code": "000000"}).status_code == 400
    response = client.post(reverse("two_factor:setup"), {"code": code(device)}, follow=True)

    assert "Totrinsbekræftelse er slået til." in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    client.logout()
    assert log_in(client, user)["Location"] == reverse("two_factor:verify")


def test_turning_it_off_takes_a_code(client):
    device = with_app(admin_user())
    client.force_login(device.user)

    client.post(reverse("two_factor:setup"), {"code": "000000"})
    assert TOTPDevice.objects.filter(user=device.user).exists()
    client.post(reverse("two_factor:setup"), {"code": code(device)})

    assert not TOTPDevice.objects.filter(user=device.user).exists()
    client.logout()
    log_in(client, device.user)
    assert logged_in(client)


def test_a_person_who_logs_in_through_their_organisation_has_no_two_factor_page(client):
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    client.force_login(user)

    response = client.get(reverse("two_factor:setup"))

    assert response.status_code == 403


def test_the_admin_links_to_the_two_factor_page(client):
    client.force_login(admin_user())

    page = client.get(reverse("admin:index")).content.decode()

    assert reverse("two_factor:setup") in page
