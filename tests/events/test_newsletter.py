"""The newsletter: double opt-in subscription and one-click unsubscribe (RFC 8058)."""

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Subscriber
from tests.admin_forms import act
from tests.events.test_pages import da

pytestmark = pytest.mark.django_db

SUBSCRIBE_URL = reverse("events:newsletter")


def subscribe(client, **overrides):
    data = {"email": "Borger@Example.dk", "consent": "on", "website": ""}
    data.update(overrides)
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(SUBSCRIBE_URL, data, REMOTE_ADDR="192.0.2.30")


def test_subscribing_asks_to_check_the_mail_and_counts_only_after_confirming(client):
    response = subscribe(client)

    assert response.url == reverse("events:newsletter_sent")
    assert da("Check your email") in client.get(response.url).content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "borger@example.dk"
    assert not subscriber.is_active

    confirm = client.get(reverse("events:newsletter_confirm", args=[subscriber.token]))

    assert confirm.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.is_active


def test_subscribing_needs_consent_and_a_valid_email(client):
    response = subscribe(client, email="ikke-en-adresse", consent=None)

    assert response.status_code == 400
    assert sorted(response.context["form"].errors) == ["consent", "email"]
    assert not Subscriber.objects.exists()


def test_newsletter_honeypot_stores_nothing(client):
    response = subscribe(client, website="http://spam.example")

    assert response.status_code == 302
    assert not Subscriber.objects.exists()


def test_unknown_newsletter_tokens_are_404(client):
    assert client.get(reverse("events:newsletter_confirm", args=["ukendt"])).status_code == 404
    assert client.get(reverse("events:newsletter_unsubscribe", args=["ukendt"])).status_code == 404


def confirmed_subscriber(client):
    subscribe(client)
    subscriber = Subscriber.objects.get()
    client.get(reverse("events:newsletter_confirm", args=[subscriber.token]))
    return subscriber


def test_unsubscribe_link_shows_one_button_and_changes_nothing_on_get(client):
    subscriber = confirmed_subscriber(client)
    url = reverse("events:newsletter_unsubscribe", args=[subscriber.token])

    page = client.get(url).content.decode()

    assert f'action="{url}"' in page
    subscriber.refresh_from_db()
    assert subscriber.is_active


def test_one_click_unsubscribe_works_without_a_csrf_token_and_deletes_the_address(client):
    subscriber = confirmed_subscriber(client)
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        reverse("events:newsletter_unsubscribe", args=[subscriber.token]),
        {"List-Unsubscribe": "One-Click"},
    )

    assert response.status_code == 200
    assert da("You are unsubscribed") in response.content.decode()
    assert not Subscriber.objects.filter(email=subscriber.email).exists()
    assert subscriber.email not in response.content.decode()
    assert response["Referrer-Policy"] == "same-origin"


def test_a_repeated_unsubscribe_answers_the_same_and_the_old_link_is_gone(client):
    subscriber = confirmed_subscriber(client)
    url = reverse("events:newsletter_unsubscribe", args=[subscriber.token])
    client.post(url)

    again = client.post(url)

    assert again.status_code == 200
    assert da("You are unsubscribed") in again.content.decode()
    assert client.get(url).status_code == 404


def test_subscribing_again_after_unsubscribing_is_a_new_double_opt_in(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    subscriber = confirmed_subscriber(client)
    client.post(reverse("events:newsletter_unsubscribe", args=[subscriber.token]))

    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client)

    again = Subscriber.objects.get()
    assert again.token != subscriber.token
    assert not again.is_active
    assert len(mailoutbox) == 1
    assert reverse("events:newsletter_confirm", args=[again.token]) in mailoutbox[0].body


def test_unsubscribing_in_the_admin_deletes_the_address_too(client, superuser_client):
    subscriber = confirmed_subscriber(client)

    act(superuser_client, Subscriber, "unsubscribe", [subscriber])

    assert not Subscriber.objects.filter(email=subscriber.email).exists()


def test_the_subscribe_form_still_needs_a_csrf_token():
    response = Client(enforce_csrf_checks=True).post(
        SUBSCRIBE_URL, {"email": "a@example.dk", "consent": "on"}
    )

    assert response.status_code == 403
