"""Webhooks in the Django admin: made, switched and sent again through the services."""

import pytest
from django.urls import reverse

from tests.admin_forms import act, add_url, change_url, changelist_url, messages_of
from tests.factories import organiser
from webhooks import services
from webhooks.models import Delivery, DeliveryStatus, Endpoint

pytestmark = pytest.mark.django_db


def test_an_admin_adds_an_endpoint_and_sees_its_secret_once(superuser_client, receiver):
    owner = organiser()
    response = superuser_client.post(
        add_url(Endpoint),
        {
            "owner": owner.pk,
            "url": receiver.url(),
            "events": ["registration.confirmed", "case.published"],
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    endpoint = Endpoint.objects.get()
    assert endpoint.owner == owner
    assert endpoint.events == ["registration.confirmed", "case.published"]
    [(level, text)] = [m for m in messages_of(response) if endpoint.secret in m[1]]
    assert level == "warning" and "whsec_" in text
    page = superuser_client.get(change_url(endpoint)).content.decode()
    assert endpoint.secret not in page


def test_the_admin_refuses_a_private_address_with_the_rule_in_danish(
    superuser_client, webhook_settings
):
    webhook_settings.WEBHOOK_ALLOW_PRIVATE = False
    response = superuser_client.post(
        add_url(Endpoint),
        {
            "owner": organiser().pk,
            "url": "http://10.0.0.5/hook",
            "events": ["case.published"],
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    assert not Endpoint.objects.exists()
    assert any("offentlige adresser" in text for _level, text in messages_of(response))


def test_the_delivery_log_and_send_again(superuser_client, run_on_commit, receiver):
    owner = organiser()
    endpoint, _secret = services.create_endpoint(
        owner=owner, url=receiver.url(), events=["case.published"]
    )
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event_id="msg_z",
        type="case.published",
        body='{"id":"msg_z"}',
        status=DeliveryStatus.FAILED,
        attempts=16,
    )
    page = superuser_client.get(change_url(endpoint)).content.decode()
    assert change_url(delivery) in page and "Mislykkedes" in page
    log = superuser_client.get(f"{changelist_url(Delivery)}?endpoint__id__exact={endpoint.pk}")
    assert log.status_code == 200 and change_url(delivery) in log.content.decode()
    assert superuser_client.get(change_url(delivery)).status_code == 200

    response = run_on_commit(act, superuser_client, Delivery, "send_again", [delivery])
    assert ("success", "1 levering sendt igen.") in messages_of(response)
    assert [r["headers"]["Webhook-Id"] for r in receiver.requests] == ["msg_z"]
    assert Delivery.objects.filter(status=DeliveryStatus.SUCCEEDED, event_id="msg_z").exists()


def test_disable_and_enable_actions(superuser_client, receiver):
    endpoint, _secret = services.create_endpoint(
        owner=organiser(), url=receiver.url(), events=["case.published"]
    )
    act(superuser_client, Endpoint, "disable", [endpoint])
    endpoint.refresh_from_db()
    assert not endpoint.active and endpoint.disabled_at
    response = act(superuser_client, Endpoint, "enable", [endpoint])
    endpoint.refresh_from_db()
    assert endpoint.active and endpoint.disabled_at is None
    assert ("success", "1 webhook slået til.") in messages_of(response)
    assert reverse("admin:webhooks_endpoint_changelist")
