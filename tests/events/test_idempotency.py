"""An Idempotency-Key belongs to one request: the same key with another body is refused
(422 `idempotency_key_reused`), never answered with the first request's answer."""

import json

import pytest

from events.models import IdempotentRequest, Registration
from tests.events.test_api import (
    citizen,
    first_look_misses_the_stored_answer,
    register,
    registrations,
    writer,
)
from tests.factories import OccurrenceFactory

pytestmark = pytest.mark.django_db


def test_the_same_key_with_another_body_is_refused_and_registers_nobody(api_client):
    occurrence = OccurrenceFactory()
    headers = {**writer(), "HTTP_IDEMPOTENCY_KEY": "ordre-17"}
    assert register(api_client, occurrence, headers, number=1).status_code == 201

    reused = register(api_client, occurrence, headers, number=2)

    assert reused.status_code == 422
    assert reused.json()["code"] == "idempotency_key_reused"
    assert "allerede brugt" in reused.json()["detail"]
    assert "Idempotent-Replayed" not in reused
    assert list(Registration.objects.values_list("email", flat=True)) == ["borger1@example.dk"]


def test_the_refusal_is_in_english_for_an_english_client(api_client):
    occurrence = OccurrenceFactory()
    headers = {**writer(), "HTTP_IDEMPOTENCY_KEY": "k", "HTTP_ACCEPT_LANGUAGE": "en"}
    register(api_client, occurrence, headers, number=1)

    reused = register(api_client, occurrence, headers, number=2)

    assert reused.json()["detail"].startswith("This Idempotency-Key was already used")


def test_the_same_body_in_another_key_order_and_spacing_is_replayed(api_client):
    occurrence = OccurrenceFactory()
    headers = {**writer(), "HTTP_IDEMPOTENCY_KEY": "ordre-18"}
    first = register(api_client, occurrence, headers)
    body = citizen()
    reordered = json.dumps(dict(reversed(list(body.items()))), indent=4)

    retry = api_client.post(
        registrations(occurrence), reordered, content_type="application/json", **headers
    )

    assert (retry.status_code, retry.json()) == (201, first.json())
    assert retry["Idempotent-Replayed"] == "true"
    assert Registration.objects.count() == 1


def test_a_refusal_stored_for_a_key_is_not_replayed_for_another_body(api_client):
    occurrence = OccurrenceFactory(capacity=0, waitlist_enabled=False)
    headers = {**writer(), "HTTP_IDEMPOTENCY_KEY": "fuldt"}
    assert register(api_client, occurrence, headers, number=1).status_code == 422

    reused = register(api_client, occurrence, headers, number=2)

    assert reused.json()["code"] == "idempotency_key_reused"


def test_a_concurrent_request_with_the_key_and_another_body_is_refused_and_rolled_back(
    api_client, monkeypatch
):
    """It looked before the first had committed, so it did its own work; it then cannot
    store its answer for the key, rolls back, and finds the key used for another body."""
    occurrence = OccurrenceFactory()
    headers = {**writer(), "HTTP_IDEMPOTENCY_KEY": "samtidig"}
    register(api_client, occurrence, headers, number=1)
    first_look_misses_the_stored_answer(monkeypatch)
    reused = register(api_client, occurrence, headers, number=2)

    assert (reused.status_code, reused.json()["code"]) == (422, "idempotency_key_reused")
    assert Registration.objects.count() == 1
    assert IdempotentRequest.objects.count() == 1


def test_an_answer_stored_before_fingerprints_is_still_replayed(api_client):
    occurrence = OccurrenceFactory()
    headers = {**writer(), "HTTP_IDEMPOTENCY_KEY": "gammel"}
    first = register(api_client, occurrence, headers, number=1)
    IdempotentRequest.objects.update(fingerprint="")

    retry = register(api_client, occurrence, headers, number=2)

    assert (retry.status_code, retry.json()) == (201, first.json())
    assert Registration.objects.count() == 1
