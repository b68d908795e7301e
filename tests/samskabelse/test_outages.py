"""Nothing answers 500 for a dependency outage: a database or broker that does not answer
is a 503 with Retry-After, the Danish page or JSON in DRF's shape under /api/."""

import pytest
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from events import selectors as event_selectors
from projects import selectors as case_selectors
from samskabelse.api.exceptions import exception_handler
from samskabelse.exceptions import Unavailable
from samskabelse.outages import outage_error
from tests.events.test_pages import da

pytestmark = pytest.mark.django_db

UNAVAILABLE = "The service is briefly unavailable. Please try again in a moment."


def database_down(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


class DatabaseDownMiddleware:
    """A middleware that meets the outage before any view runs (loading a session, say)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise InterfaceError("connection already closed")


@pytest.fixture
def client_seeing_errors(client):
    client.raise_request_exception = False
    return client


def test_a_page_whose_database_is_down_is_the_danish_503_page_with_retry_after(client, monkeypatch):
    monkeypatch.setattr(event_selectors, "upcoming_occurrences", database_down)
    response = client.get("/events/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert '<html lang="da">' in html
    assert da(UNAVAILABLE) in html
    assert "samskabelse.css" in html


def test_an_api_call_whose_database_is_down_is_503_json_with_retry_after(api_client, monkeypatch):
    monkeypatch.setattr(case_selectors, "cases_visible_to", database_down)
    response = api_client.get("/api/v1/cases/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response.json() == {"detail": da(UNAVAILABLE), "code": "unavailable"}


@pytest.mark.parametrize("path", ["/events/", "/api/v1/cases/"])
def test_an_outage_met_outside_a_view_is_503_too(client_seeing_errors, settings, path):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "tests.samskabelse.test_outages.DatabaseDownMiddleware",
    ]
    response = client_seeing_errors.get(path)
    assert response.status_code == 503
    assert "Retry-After" in response
    if path.startswith("/api/"):
        assert response.json()["code"] == "unavailable"


def test_a_broker_that_refuses_is_an_outage_answered_503():
    error = outage_error(BrokerError("Error 111 connecting to redis:6379. Connection refused."))
    assert isinstance(error, Unavailable)
    response = exception_handler(BrokerError("refused"), {})
    assert response.status_code == 503
    assert response.data["code"] == "unavailable"


def test_an_ordinary_bug_is_no_outage():
    assert outage_error(ValueError("a bug")) is None
    assert outage_error(KeyError("a bug")) is None
