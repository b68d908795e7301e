"""Against the real Celery worker that .ci/run starts (Redis broker, the test database,
WEBHOOK_ALLOW_PRIVATE=1 and WEBHOOK_ALLOW_HTTP=1 so it may post to this loopback receiver):
a registration made through the API is announced by the worker, signed."""

import os
import time

import pytest
from standardwebhooks import Webhook

from tests.factories import OccurrenceFactory, api_token, organiser
from webhooks import services

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),  # the worker reads the committed rows
    pytest.mark.skipif(
        not os.environ.get("CELERY_INTEGRATION"),
        reason="needs a running Celery worker (CELERY_INTEGRATION=1, see .ci/run)",
    ),
]


def test_the_worker_delivers_a_signed_event_for_a_registration_made_through_the_api(
    api_client, receiver
):
    owner = organiser()
    occurrence = OccurrenceFactory()
    occurrence.event.managers.add(owner)
    _endpoint, secret = services.create_endpoint(
        owner=owner, url=receiver.url(), events=["registration.confirmed"]
    )
    key = api_token(scopes=["write:registrations"], name="Kursusportal")[1]
    response = api_client.post(
        f"/api/v1/occurrences/{occurrence.pk}/registrations/",
        {"name": "Ida Holm", "email": "ida@kommune.dk", "consent": True},
        format="json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 201

    deadline = time.monotonic() + 30
    while not receiver.requests and time.monotonic() < deadline:
        time.sleep(0.2)
    [request] = receiver.requests
    event = Webhook(secret).verify(request["body"], request["headers"])
    assert event["type"] == "registration.confirmed"
    assert event["data"]["id"] == response.json()["id"]
