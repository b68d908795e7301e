"""The webhooks API: who may register endpoints, what they see, the secret shown once, the
delivery log and sending again."""

import base64

import pytest
from django.urls import reverse

from tests.factories import OccurrenceFactory, UserFactory, admin_user, api_token, organiser
from webhooks import services
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db

LIST = "/api/v1/webhooks/"


def auth(user, scopes=("organiser",)):
    return {"HTTP_AUTHORIZATION": f"Token {api_token(user, scopes=scopes, name='Intranet')[1]}"}


def register_endpoint(api_client, user, url, events=("registration.confirmed",), **headers):
    return api_client.post(
        LIST, {"url": url, "events": list(events)}, format="json", **(headers or auth(user))
    )


def test_an_organiser_registers_an_endpoint_and_sees_the_secret_once(api_client, receiver):
    owner = organiser()
    headers = auth(owner)
    response = register_endpoint(api_client, owner, receiver.url(), **headers)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["url"] == receiver.url()
    assert body["events"] == ["registration.confirmed"]
    assert body["secret"].startswith("whsec_")
    assert len(base64.b64decode(body["secret"].removeprefix("whsec_"))) == 24
    detail = api_client.get(f"{LIST}{body['id']}/", **headers)
    assert detail.status_code == 200
    assert "secret" not in detail.json()
    listed = api_client.get(LIST, **headers).json()
    assert [item["id"] for item in listed["results"]] == [body["id"]]
    assert "secret" not in listed["results"][0]
    assert body["secret"] not in detail.content.decode() + str(listed)


def test_an_organiser_sees_only_their_own_endpoints(api_client, receiver):
    mine, theirs = organiser(), organiser()
    services.create_endpoint(owner=theirs, url=receiver.url(), events=["case.published"])
    headers = auth(mine)
    assert api_client.get(LIST, **headers).json()["results"] == []
    other = Endpoint.objects.get()
    assert api_client.get(f"{LIST}{other.pk}/", **headers).status_code == 404
    assert api_client.delete(f"{LIST}{other.pk}/", **headers).status_code == 404
    assert api_client.get(f"{LIST}{other.pk}/deliveries/", **headers).status_code == 404
    assert Endpoint.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("scopes", [["read"], ["write:registrations"]])
def test_a_token_without_the_organiser_scope_is_refused(api_client, receiver, scopes):
    response = register_endpoint(
        api_client, None, receiver.url(), **auth(organiser(), scopes=scopes)
    )
    assert response.status_code == 403
    assert not Endpoint.objects.exists()


def test_anonymous_clients_are_refused(api_client):
    assert api_client.get(LIST).status_code in (401, 403)
    assert api_client.post(LIST, {}, format="json").status_code in (401, 403)


def test_a_user_who_is_no_organiser_cannot_register_even_with_the_scope(api_client, receiver):
    response = register_endpoint(api_client, None, receiver.url(), **auth(UserFactory()))
    assert response.status_code == 403


def test_an_admin_session_registers_an_endpoint(api_client, receiver):
    api_client.force_login(admin_user())
    response = api_client.post(
        LIST, {"url": receiver.url(), "events": ["case.updated"]}, format="json"
    )
    assert response.status_code == 201


def test_bad_input_gets_field_errors(api_client, webhook_settings):
    owner = organiser()
    headers = auth(owner)
    unknown = register_endpoint(
        api_client, owner, "https://example.org/h", events=["registration.exploded"], **headers
    )
    assert unknown.status_code == 400 and "events" in unknown.json()
    empty = register_endpoint(api_client, owner, "https://example.org/h", events=[], **headers)
    assert empty.status_code == 400 and "events" in empty.json()
    not_a_url = register_endpoint(api_client, owner, "ftp://example.org/", **headers)
    assert not_a_url.status_code == 400 and "url" in not_a_url.json()

    webhook_settings.WEBHOOK_ALLOW_HTTP = False
    plain = register_endpoint(api_client, owner, "http://127.0.0.1:9/h", **headers)
    assert plain.status_code == 400
    assert "https" in plain.json()["url"][0]

    webhook_settings.WEBHOOK_ALLOW_HTTP = True
    webhook_settings.WEBHOOK_ALLOW_PRIVATE = False
    private = register_endpoint(api_client, owner, "http://192.168.1.10/h", **headers)
    assert private.status_code == 400
    assert "url" in private.json()
    assert not Endpoint.objects.exists()


def test_the_delivery_log_shows_status_attempts_and_answer(
    api_client, run_on_commit, make_receiver, django_assert_max_num_queries
):
    from events import services as event_services

    receiver = make_receiver([500, 200])
    owner = organiser()
    occurrence = OccurrenceFactory()
    occurrence.event.managers.add(owner)
    endpoint, _secret = services.create_endpoint(
        owner=owner, url=receiver.url(), events=["registration.confirmed"]
    )
    for n in range(4):
        run_on_commit(
            event_services.register_participant,
            occurrence=occurrence,
            name=f"Deltager {n}",
            email=f"d{n}@kommune.dk",
            consent=True,
        )
    headers = auth(owner)
    with django_assert_max_num_queries(6):
        response = api_client.get(f"{LIST}{endpoint.pk}/deliveries/?page_size=2", **headers)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4 and len(body["results"]) == 2 and body["next"]
    oldest = api_client.get(f"{LIST}{endpoint.pk}/deliveries/?page=2&page_size=2", **headers)
    first = oldest.json()["results"][-1]
    assert first["attempts"] == 2
    assert first["status"] == "succeeded"
    assert first["response_code"] == 200
    assert first["payload"]["type"] == "registration.confirmed"
    assert first["next_attempt_at"] is None


def test_sending_again_through_the_api(api_client, run_on_commit, receiver):
    owner = organiser()
    endpoint, _secret = services.create_endpoint(
        owner=owner, url=receiver.url(), events=["case.published"]
    )
    delivery = Delivery.objects.create(
        endpoint=endpoint, event_id="msg_x", type="case.published", body='{"id":"msg_x"}'
    )
    path = reverse("webhook-resend", args=[endpoint.pk, delivery.pk])
    assert path == f"{LIST}{endpoint.pk}/deliveries/{delivery.pk}/resend/"
    response = run_on_commit(api_client.post, path, **auth(owner))

    assert response.status_code == 202, response.json()
    assert response.json()["event_id"] == "msg_x"
    again = Delivery.objects.get(pk=response.json()["id"])
    assert again.pk != delivery.pk and again.status == "succeeded"
    assert [r["headers"]["Webhook-Id"] for r in receiver.requests] == ["msg_x"]


def test_disable_enable_and_delete(api_client, receiver):
    owner = organiser()
    endpoint, _secret = services.create_endpoint(
        owner=owner, url=receiver.url(), events=["case.published"]
    )
    headers = auth(owner)
    disabled = api_client.post(f"{LIST}{endpoint.pk}/disable/", **headers)
    assert disabled.status_code == 200 and disabled.json()["active"] is False
    delivery = Delivery.objects.create(
        endpoint=endpoint, event_id="msg_y", type="case.published", body="{}"
    )
    refused = api_client.post(f"{LIST}{endpoint.pk}/deliveries/{delivery.pk}/resend/", **headers)
    assert refused.status_code == 422
    enabled = api_client.post(f"{LIST}{endpoint.pk}/enable/", **headers)
    assert enabled.status_code == 200 and enabled.json()["active"] is True
    assert api_client.delete(f"{LIST}{endpoint.pk}/", **headers).status_code == 204
    assert not Endpoint.objects.exists() and not Delivery.objects.exists()


def test_the_schema_documents_the_webhooks(api_client):
    schema = api_client.get("/api/v1/schema/?format=json").json()
    paths = schema["paths"]
    assert "post" in paths["/api/v1/webhooks/"]
    assert "/api/v1/webhooks/{id}/deliveries/" in paths
    assert "/api/v1/webhooks/{id}/deliveries/{delivery_id}/resend/" in paths
    created = schema["components"]["schemas"]["EndpointCreated"]
    assert "secret" in created["properties"]
