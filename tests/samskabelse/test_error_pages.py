"""Danish error pages on the base template (lang right, the one stylesheet, no inline
style), and JSON in DRF's error shape for paths under /api/."""

import json

import pytest
from django.test import Client, RequestFactory

from samskabelse import urls, views
from tests.events.test_pages import da
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class BrokenMiddleware:
    """A bug outside any view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise RuntimeError("a bug")


def assert_danish_page_on_the_base_template(response, heading):
    html = response.content.decode()
    assert '<html lang="da">' in html
    assert "css/samskabelse.css" in html
    assert "style=" not in html and "<style" not in html
    assert da(heading) in html
    assert response["Content-Type"].startswith("text/html")


@pytest.fixture
def broken_site(settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "tests.samskabelse.test_error_pages.BrokenMiddleware",
    ]
    client = Client(raise_request_exception=False)
    return client


def test_the_error_handlers_are_ours():
    assert urls.handler404 == "samskabelse.views.page_not_found"
    assert urls.handler403 == "samskabelse.views.permission_denied"
    assert urls.handler500 == "samskabelse.views.server_error"


def test_an_unknown_page_is_the_danish_404_page(client):
    response = client.get("/ingen-side-her/")
    assert response.status_code == 404
    assert_danish_page_on_the_base_template(response, "We cannot find that page")


def test_an_unknown_api_path_is_404_json_in_drf_shape(client):
    response = client.get("/api/v1/ingen-ressource/")
    assert response.status_code == 404
    assert response.json() == {"detail": da("Not found."), "code": "not_found"}


def test_a_refused_admin_page_is_the_danish_403_page(client):
    client.force_login(UserFactory(is_staff=True))  # staff, but no permission on users
    response = client.get("/admin/samskabelse/user/")
    assert response.status_code == 403
    assert_danish_page_on_the_base_template(response, "You cannot do this")


def test_a_403_under_the_api_is_json_in_drf_shape():
    request = RequestFactory().get("/api/v1/something/")
    response = views.permission_denied(request, PermissionError("developer text"))
    assert response.status_code == 403
    assert json.loads(response.content)["code"] == "permission_denied"
    assert "developer text" not in response.content.decode()


def test_a_form_sent_without_its_csrf_token_is_the_danish_csrf_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "a@b.dk", "password": "x"})
    assert response.status_code == 403
    assert_danish_page_on_the_base_template(response, "The form could not be sent")


def test_a_csrf_failure_under_the_api_is_json_in_drf_shape():
    request = RequestFactory().post("/api/v1/cases/")
    response = views.csrf_failure(request, reason="CSRF cookie not set.")
    assert response.status_code == 403
    assert json.loads(response.content)["code"] == "csrf_failed"


def test_a_bug_is_the_danish_500_page_rendered_without_the_database(
    broken_site, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = broken_site.get("/cases/")
    assert response.status_code == 500
    assert_danish_page_on_the_base_template(response, "Something went wrong on our side")
    assert "language-switcher" not in response.content.decode()


def test_a_bug_under_the_api_is_500_json_in_drf_shape(broken_site):
    response = broken_site.get("/api/v1/cases/")
    assert response.status_code == 500
    assert response.json() == {"detail": da("A server error occurred."), "code": "server_error"}
