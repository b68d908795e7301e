"""The error pages pass axe-core (WCAG 2.1 A/AA) and the Nu HTML Checker in Chromium, like
every public page: 404, 403, the CSRF failure, and the 500 and 503 pages (rendered as the
handlers render them, without a request, since the live server cannot be broken on cue)."""

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from samskabelse.exceptions import Unavailable
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSRF_LESS_LOGIN = """() => {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = '/accounts/login/';
  document.body.append(form);
  form.submit();
}"""


def check(check_accessibility, page, response, status):
    assert response.status == status, f"{page.url} answered {response.status}, not {status}"
    assert page.locator("html").get_attribute("lang") == "da"
    check_accessibility.assert_no_axe_violations(page)
    check_accessibility.assert_valid_html(response.text(), page.url)


def test_404_page_is_accessible_and_valid(page, check_accessibility):
    response = page.goto("/ingen-side-her/", wait_until="load")
    check(check_accessibility, page, response, 404)


def test_403_page_is_accessible_and_valid(page, check_accessibility, live_server):
    client = Client()
    client.force_login(UserFactory(is_staff=True))  # staff without permission on users
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    response = page.goto("/admin/samskabelse/user/", wait_until="load")
    check(check_accessibility, page, response, 403)


def test_csrf_failure_page_is_accessible_and_valid(page, check_accessibility):
    page.goto("/", wait_until="load")
    with page.expect_navigation(wait_until="load") as navigation:
        page.evaluate(CSRF_LESS_LOGIN)
    check(check_accessibility, page, navigation.value, 403)


@pytest.mark.parametrize(
    "template, context",
    [("500.html", {}), ("503.html", {"message": Unavailable.default_message})],
    ids=["500", "503"],
)
def test_server_error_pages_are_accessible_and_valid(page, check_accessibility, template, context):
    with translation.override("da"):
        html = render_to_string(template, context)
    page.goto("/", wait_until="load")  # so the stylesheet's address resolves
    page.set_content(html, wait_until="load")
    assert page.locator("html").get_attribute("lang") == "da"
    check_accessibility.assert_no_axe_violations(page)
    check_accessibility.assert_valid_html(html, template)
