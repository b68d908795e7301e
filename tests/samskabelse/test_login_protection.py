"""Login protection (django-axes, samskabelse/lockout.py): 5 wrong passwords lock an account
out from that address, 20 lock the address out, for 15 minutes; the admin login too."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.db.models import F
from django.test import TestCase
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory, admin_user

pytestmark = pytest.mark.django_db

OFFICE = "192.0.2.10"
ELSEWHERE = "198.51.100.7"
ACCOUNT_LIMIT = settings.AXES_FAILURE_LIMIT
ADDRESS_LIMIT = settings.LOGIN_FAILURE_LIMIT_PER_IP
WRONG = "forkert-kodeord"


def log_in(client, email, password=TEST_PASSWORD, url=None, **headers):
    headers.setdefault("REMOTE_ADDR", OFFICE)
    return client.post(
        url or reverse("login"), {"username": email, "password": password}, **headers
    )


def fail(client, email, times, **kwargs):
    return [log_in(client, email, WRONG, **kwargs).status_code for _ in range(times)]


def logged_in(client):
    return "_auth_user_id" in client.session


def test_the_fifth_wrong_password_locks_the_account_out_and_the_right_one_is_then_refused(
    client,
):
    karen = UserFactory(email="karen@guldborgsund.dk")
    assert fail(client, karen.email, ACCOUNT_LIMIT) == [200] * (ACCOUNT_LIMIT - 1) + [429]

    response = log_in(client, karen.email)

    assert response.status_code == 429
    assert not logged_in(client)


def test_the_lockout_page_is_danish_on_the_base_template_and_says_when_to_retry(client):
    karen = UserFactory()
    fail(client, karen.email, ACCOUNT_LIMIT)

    response = log_in(client, karen.email)

    html = response.content.decode()
    assert '<html lang="da">' in html
    assert "For mange loginforsøg" in html
    assert "15 minutter" in html
    assert response["Retry-After"] == str(15 * 60)


def test_another_account_from_the_same_address_may_still_log_in(client):
    karen, bo = UserFactory(), UserFactory()
    fail(client, karen.email, ACCOUNT_LIMIT)

    assert log_in(client, bo.email).status_code == 302
    assert logged_in(client)


def test_the_same_account_from_another_address_may_still_log_in(client):
    karen = UserFactory()
    fail(client, karen.email, ACCOUNT_LIMIT)

    assert log_in(client, karen.email, REMOTE_ADDR=ELSEWHERE).status_code == 302


def test_the_address_is_locked_out_after_many_failures_over_many_accounts(client):
    accounts = [UserFactory() for _ in range(ADDRESS_LIMIT // (ACCOUNT_LIMIT - 1) + 1)]
    failures = 0
    for account in accounts:
        for _ in range(ACCOUNT_LIMIT - 1):
            if failures < ADDRESS_LIMIT - 1:
                assert log_in(client, account.email, WRONG).status_code == 200
                failures += 1
    newcomer = UserFactory()
    assert log_in(client, newcomer.email, WRONG).status_code == 429  # the 20th failure

    assert log_in(client, newcomer.email).status_code == 429
    assert log_in(client, accounts[0].email).status_code == 429
    assert log_in(client, newcomer.email, REMOTE_ADDR=ELSEWHERE).status_code == 302


def test_changing_the_case_of_the_address_counts_as_the_same_account(client):
    UserFactory(email="karen@guldborgsund.dk")
    variants = ["karen@guldborgsund.dk", "Karen@Guldborgsund.dk", "KAREN@GULDBORGSUND.DK"]
    for number in range(ACCOUNT_LIMIT):
        log_in(client, variants[number % len(variants)], WRONG)

    assert log_in(client, "karen@guldborgsund.dk").status_code == 429


def test_the_lockout_ends_after_the_cool_off(client):
    karen = UserFactory()
    fail(client, karen.email, ACCOUNT_LIMIT + 1)
    assert log_in(client, karen.email).status_code == 429

    # Sixteen minutes later: every failure moved back beyond the 15-minute cool-off.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))

    assert log_in(client, karen.email).status_code == 302
    assert logged_in(client)


def test_the_admin_login_is_protected_too(client):
    admin = admin_user()
    admin_login = reverse("admin:login")
    statuses = fail(client, admin.email, ACCOUNT_LIMIT, url=admin_login)
    assert statuses[-1] == 429

    response = log_in(client, admin.email, url=admin_login)

    assert response.status_code == 429
    assert not logged_in(client)


def test_failures_are_stored_and_logged_without_the_password(client, caplog):
    karen = UserFactory()
    with caplog.at_level(logging.INFO):
        fail(client, karen.email, ACCOUNT_LIMIT)

    assert AccessAttempt.objects.get().failures_since_start == ACCOUNT_LIMIT
    assert WRONG not in AccessAttempt.objects.get().post_data
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("login failure" in message for message in warnings)
    assert any("Locking out" in message for message in warnings)
    assert not any(WRONG in record.getMessage() for record in caplog.records)


# --- Behind the trusted proxy -----------------------------------------------------------


def through_proxy(citizen, forged=None):
    forwarded = f"{forged}, {citizen}" if forged else citizen
    return {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": forwarded}


def test_behind_the_proxy_each_address_has_its_own_lockout(client, settings):
    settings.NUM_PROXIES = 1
    karen = UserFactory()
    fail(client, karen.email, ACCOUNT_LIMIT, **through_proxy(OFFICE))

    assert log_in(client, karen.email, **through_proxy(OFFICE)).status_code == 429
    assert log_in(client, karen.email, **through_proxy(ELSEWHERE)).status_code == 302


def test_a_forged_forwarded_entry_does_not_step_around_the_lockout(client, settings):
    settings.NUM_PROXIES = 1
    karen = UserFactory()
    for number in range(ACCOUNT_LIMIT):
        log_in(client, karen.email, WRONG, **through_proxy(OFFICE, forged=f"203.0.113.{number}"))

    forged = through_proxy(OFFICE, forged="203.0.113.200")
    assert log_in(client, karen.email, **forged).status_code == 429


# --- Password-reset mails ---------------------------------------------------------------


def ask_for_reset(client, email, ip=OFFICE):
    # Reset mails leave through the outbox once the request's transaction commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_48_reset_requests_in_a_row_send_at_most_3_mails(client):
    karen = UserFactory()
    statuses = {ask_for_reset(client, karen.email).status_code for _ in range(48)}

    assert statuses == {302}  # the page answers as always
    assert len(mail.outbox) == 3
    assert all(message.to == [karen.email] for message in mail.outbox)


def test_reset_requests_for_one_address_from_many_clients_send_at_most_3_mails(client):
    karen = UserFactory()
    for number in range(10):
        ask_for_reset(client, karen.email, ip=f"203.0.113.{number}")

    assert len(mail.outbox) == 3


def test_the_address_limit_ignores_the_case_of_the_address(client):
    UserFactory(email="karen@guldborgsund.dk")
    for email in ["karen@guldborgsund.dk", "Karen@Guldborgsund.dk", "KAREN@guldborgsund.dk"] * 2:
        ask_for_reset(client, email)

    assert len(mail.outbox) == 3


def test_one_client_asking_for_many_addresses_is_limited_too(client):
    accounts = [UserFactory() for _ in range(12)]
    for account in accounts:
        ask_for_reset(client, account.email)

    assert len(mail.outbox) == 10
    assert ask_for_reset(client, accounts[-1].email, ip=ELSEWHERE).status_code == 302
    assert len(mail.outbox) == 11


def test_addresses_without_an_account_use_up_the_limit_like_any_other(client):
    """Otherwise the limit would tell who has an account."""
    for _ in range(3):
        ask_for_reset(client, "ingen@kommune.dk")
    UserFactory(email="ingen@kommune.dk")

    response = ask_for_reset(client, "ingen@kommune.dk")

    assert response.status_code == 302
    assert len(mail.outbox) == 0


def test_withheld_reset_mails_are_logged_without_the_address(client, caplog):
    karen = UserFactory(email="karen@guldborgsund.dk")
    with caplog.at_level(logging.WARNING, logger="samskabelse.forms"):
        for _ in range(4):
            ask_for_reset(client, karen.email)

    withheld = [r.getMessage() for r in caplog.records if r.name == "samskabelse.forms"]
    assert withheld == [
        "Password-reset mail withheld: too many requests for this address in the last hour."
    ]
    assert "karen" not in " ".join(withheld)
