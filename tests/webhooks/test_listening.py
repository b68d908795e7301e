"""Each web process keeps in memory whether anyone listens for registration events, under
the endpoints' data version that an API request reads with its token: an endpoint created
(in any process) is seen by the very next registration, and nobody listening costs a
registration no cache read and no query of its own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Occurrence
from tests.factories import OccurrenceFactory, api_token, organiser
from webhooks import services
from webhooks.models import Delivery
from webhooks.selectors import LISTENED_KEY

pytestmark = pytest.mark.django_db

REGISTRATION_EVENTS = ["registration.confirmed", "registration.waitlisted"]


def register_through_the_api(api_client, occurrence, key, number):
    return api_client.post(
        f"/api/v1/occurrences/{occurrence.pk}/registrations/",
        {"name": f"Deltager {number}", "email": f"d{number}@kommune.dk", "consent": True},
        format="json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )


def endpoint_queries(captured):
    return [query for query in captured if "webhooks_endpoint" in query["sql"]]


def test_an_endpoint_created_is_seen_by_the_next_registration(
    shared_redis, api_client, run_on_commit, receiver
):
    owner = organiser()
    occurrence = OccurrenceFactory()
    occurrence.event.managers.add(owner)
    _token, key = api_token(scopes=["write:registrations"])
    for number in (1, 2):  # the second one answers from what the first one found
        response = run_on_commit(register_through_the_api, api_client, occurrence, key, number)
        assert response.status_code == 201
    assert not Delivery.objects.exists()

    run_on_commit(
        services.create_endpoint, owner=owner, url=receiver.url(), events=REGISTRATION_EVENTS
    )
    response = run_on_commit(register_through_the_api, api_client, occurrence, key, 3)

    assert response.status_code == 201
    [delivery] = Delivery.objects.all()
    assert delivery.type == "registration.confirmed"


def test_nobody_listening_costs_a_registration_no_query_for_the_endpoints(
    shared_redis, api_client, run_on_commit
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite registers step by step and always asks")
    occurrence = OccurrenceFactory()
    _token, key = api_token(scopes=["write:registrations"])
    for number in (1, 2):  # the first ones find the answer and keep it
        assert run_on_commit(register_through_the_api, api_client, occurrence, key, number)
    shared_redis.delete(LISTENED_KEY)  # the shared copy too: only this process's memory is left
    with CaptureQueriesContext(connection) as captured:
        response = run_on_commit(register_through_the_api, api_client, occurrence, key, 3)
    assert response.status_code == 201
    assert endpoint_queries(captured) == []
    assert Occurrence.objects.get(pk=occurrence.pk).registrations.count() == 3
