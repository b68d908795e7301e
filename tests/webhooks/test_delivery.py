"""Webhook deliveries, specified against a real HTTP receiver on loopback: what is sent, to
whom, signed how, retried how often, and when an endpoint is switched off."""

import base64
import shutil
import threading

import pytest
from django.core import mail
from django.db import connection, connections, transaction
from django.utils import timezone
from standardwebhooks import Webhook, WebhookVerificationError

from events import services as event_services
from events.models import RegistrationStatus
from projects import services as project_services
from projects.models import Visibility
from samskabelse.models import OutboxMessage
from tests.factories import (
    CaseFactory,
    OccurrenceFactory,
    RegistrationFactory,
    admin_user,
    consultant,
    organiser,
)
from tests.webhooks.receiver import Receiver, serve_tls
from webhooks import services
from webhooks.models import Delivery, DeliveryStatus, Endpoint

pytestmark = pytest.mark.django_db

REGISTRATION_EVENTS = ["registration.confirmed", "registration.waitlisted"]


def managed_occurrence(owner, **fields):
    occurrence = OccurrenceFactory(**fields)
    occurrence.event.managers.add(owner)
    return occurrence


def register(run_on_commit, occurrence, n):
    return run_on_commit(
        event_services.register_participant,
        occurrence_id=occurrence.pk,
        name=f"Deltager {n}",
        email=f"deltager{n}@kommune.dk",
        consent=True,
    )


def verified(receiver_request, secret):
    """The documented recipe (README, Webhooks): Webhook(secret).verify(body, headers)."""
    return Webhook(secret).verify(receiver_request["body"], receiver_request["headers"])


def test_registration_burst_delivers_one_signed_event_per_seat_and_waiting_place(
    run_on_commit, receiver
):
    owner = organiser()
    occurrence = managed_occurrence(owner, capacity=3)
    _endpoint, secret = services.create_endpoint(
        owner=owner, url=receiver.url(), events=REGISTRATION_EVENTS
    )
    registrations = [register(run_on_commit, occurrence, n) for n in range(5)]

    assert [r.status for r in registrations] == ["confirmed"] * 3 + ["waitlisted"] * 2
    bodies = [verified(request, secret) for request in receiver.requests]
    assert sorted(body["type"] for body in bodies) == (
        ["registration.confirmed"] * 3 + ["registration.waitlisted"] * 2
    )
    assert sorted(body["data"]["id"] for body in bodies) == sorted(r.pk for r in registrations)
    assert len({body["id"] for body in bodies}) == 5
    waiting = [body["data"] for body in bodies if body["type"] == "registration.waitlisted"]
    assert sorted(data["waitlist_position"] for data in waiting) == [1, 2]
    first = bodies[0]
    assert set(first) == {"id", "type", "created_at", "data"}
    assert first["data"]["occurrence"] == occurrence.pk
    assert first["data"]["event"] == occurrence.event.slug
    assert "manage_token" not in first["data"]
    headers = receiver.requests[0]["headers"]
    assert headers["Webhook-Id"] == first["id"]
    assert headers["Webhook-Signature"].startswith("v1,")
    assert headers["Content-Type"] == "application/json"


def test_the_signature_is_hmac_sha256_of_id_timestamp_and_body(run_on_commit, receiver):
    owner = organiser()
    occurrence = managed_occurrence(owner)
    _endpoint, secret = services.create_endpoint(
        owner=owner, url=receiver.url(), events=REGISTRATION_EVENTS
    )
    register(run_on_commit, occurrence, 1)

    request = receiver.requests[0]
    headers = request["headers"]
    import hashlib
    import hmac

    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['Webhook-Id']}.{headers['Webhook-Timestamp']}.".encode() + request["body"]
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    assert headers["Webhook-Signature"] == f"v1,{expected}"
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(request["body"] + b" ", headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(services.new_secret()).verify(request["body"], headers)


def test_a_receiver_that_fails_twice_then_succeeds_gets_the_event_three_times(
    run_on_commit, make_receiver
):
    receiver = make_receiver([500, 503, 200])
    owner = organiser()
    occurrence = managed_occurrence(owner)
    endpoint, secret = services.create_endpoint(
        owner=owner, url=receiver.url(), events=["registration.confirmed"]
    )
    register(run_on_commit, occurrence, 1)

    assert len(receiver.requests) == 3
    assert len({request["headers"]["Webhook-Id"] for request in receiver.requests}) == 1
    for request in receiver.requests:
        verified(request, secret)
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert delivery.attempts == 3
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert delivery.response_code == 200
    assert delivery.duration_ms is not None
    endpoint.refresh_from_db()
    assert endpoint.failure_count == 0 and endpoint.active


def test_an_endpoint_whose_delivery_fails_every_attempt_is_disabled_and_its_owner_mailed(
    run_on_commit, make_receiver, webhook_settings
):
    receiver = make_receiver([500])
    owner = organiser(email="arrangoer@cok.dk")
    occurrence = managed_occurrence(owner)
    endpoint, _secret = services.create_endpoint(
        owner=owner, url=receiver.url(), events=["registration.confirmed"]
    )
    mail.outbox.clear()
    register(run_on_commit, occurrence, 1)

    assert len(receiver.requests) == 4  # FAST_RETRIES' max_attempts
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("failed", 4, "HTTP 500")
    endpoint.refresh_from_db()
    assert not endpoint.active and endpoint.disabled_at is not None
    assert endpoint.failure_count == 4
    to_owner = [message for message in mail.outbox if message.to == ["arrangoer@cok.dk"]]
    assert len(to_owner) == 1
    assert to_owner[0].subject == "Din webhook er slået fra"
    assert receiver.url() in to_owner[0].body

    # Disabled: nothing more is sent, until it is enabled again.
    register(run_on_commit, occurrence, 2)
    assert len(receiver.requests) == 4
    services.enable_endpoint(user=owner, endpoint=endpoint)
    receiver.statuses = [200]
    register(run_on_commit, occurrence, 3)
    assert len(receiver.requests) == 5


def test_a_private_address_is_refused_when_it_is_registered(webhook_settings):
    webhook_settings.WEBHOOK_ALLOW_PRIVATE = False
    owner = organiser()
    for url in (
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[::ffff:192.168.0.1]/hook",
        "http://100.64.0.1/hook",
    ):
        with pytest.raises(services.ValidationError) as refused:
            services.create_endpoint(owner=owner, url=url, events=["case.published"])
        assert "url" in refused.value.message_dict, url
    assert not Endpoint.objects.exists()


def test_a_name_resolving_to_loopback_is_refused_at_delivery_time(
    run_on_commit, receiver, webhook_settings
):
    owner = organiser()
    occurrence = managed_occurrence(owner)
    endpoint, _secret = services.create_endpoint(
        owner=owner, url=receiver.url(host="localhost"), events=["registration.confirmed"]
    )
    webhook_settings.WEBHOOK_ALLOW_PRIVATE = False  # e.g. the name was re-pointed since
    register(run_on_commit, occurrence, 1)

    assert receiver.requests == []
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert delivery.response_code is None
    assert "public addresses" in delivery.last_error or "offentlige" in delivery.last_error


def test_plain_http_is_refused_unless_allowed(webhook_settings):
    webhook_settings.WEBHOOK_ALLOW_HTTP = False
    with pytest.raises(services.ValidationError) as refused:
        services.create_endpoint(
            owner=organiser(), url="http://127.0.0.1/hook", events=["case.published"]
        )
    assert "https" in " ".join(refused.value.message_dict["url"])


def test_organiser_a_never_receives_events_about_organiser_b_theme_days(
    run_on_commit, make_receiver
):
    a, b = organiser(), organiser()
    receiver_a, receiver_b = make_receiver(), make_receiver()
    services.create_endpoint(owner=a, url=receiver_a.url(), events=REGISTRATION_EVENTS)
    services.create_endpoint(owner=b, url=receiver_b.url(), events=REGISTRATION_EVENTS)
    occurrence_of_b = managed_occurrence(b)
    register(run_on_commit, occurrence_of_b, 1)
    register(run_on_commit, managed_occurrence(a), 2)

    assert [body["data"]["occurrence"] for body in receiver_b.events()] == [occurrence_of_b.pk]
    assert occurrence_of_b.pk not in [body["data"]["occurrence"] for body in receiver_a.events()]
    assert len(receiver_a.events()) == 1


def test_an_admin_receives_events_about_every_theme_day(run_on_commit, receiver):
    services.create_endpoint(owner=admin_user(), url=receiver.url(), events=REGISTRATION_EVENTS)
    register(run_on_commit, OccurrenceFactory(), 1)
    assert len(receiver.events("registration.confirmed")) == 1


def test_an_organiser_who_lost_the_role_receives_nothing(run_on_commit, receiver):
    owner = organiser()
    occurrence = managed_occurrence(owner)
    services.create_endpoint(owner=owner, url=receiver.url(), events=REGISTRATION_EVENTS)
    owner.groups.clear()
    register(run_on_commit, occurrence, 1)
    assert receiver.requests == []


def test_cancellation_and_promotion_are_announced(run_on_commit, receiver):
    owner = organiser()
    occurrence = managed_occurrence(owner, capacity=1)
    services.create_endpoint(
        owner=owner,
        url=receiver.url(),
        events=["registration.cancelled", "registration.promoted"],
    )
    first = register(run_on_commit, occurrence, 1)
    waiting = register(run_on_commit, occurrence, 2)
    run_on_commit(event_services.cancel_registration, registration=first)

    assert [(body["type"], body["data"]["id"]) for body in receiver.events()] == [
        ("registration.cancelled", first.pk),
        ("registration.promoted", waiting.pk),
    ]
    assert receiver.events()[1]["data"]["status"] == RegistrationStatus.CONFIRMED


def test_a_moved_and_a_cancelled_date_are_announced(run_on_commit, receiver):
    owner = organiser()
    occurrence = managed_occurrence(owner)
    services.create_endpoint(
        owner=owner, url=receiver.url(), events=["occurrence.changed", "occurrence.cancelled"]
    )
    later = occurrence.starts_at + timezone.timedelta(days=1)
    run_on_commit(
        event_services.move_occurrence,
        user=owner,
        occurrence=occurrence,
        starts_at=later,
        ends_at=later + timezone.timedelta(hours=3),
        venue="Holbæk Bibliotek",
    )
    run_on_commit(event_services.cancel_occurrence, user=owner, occurrence=occurrence)

    changed, cancelled = receiver.events()
    assert changed["type"] == "occurrence.changed"
    assert changed["data"]["venue"] == "Holbæk Bibliotek"
    assert changed["data"]["event"] == occurrence.event.slug
    assert "seats_left" in changed["data"]
    assert cancelled["type"] == "occurrence.cancelled"
    assert cancelled["data"]["status"] == "cancelled"


def test_a_case_is_announced_when_it_becomes_public_and_when_a_public_case_changes(
    run_on_commit, receiver
):
    services.create_endpoint(
        owner=organiser(), url=receiver.url(), events=["case.published", "case.updated"]
    )
    author = consultant()
    case = CaseFactory(municipality=author.municipality, visibility=Visibility.INTERN)
    run_on_commit(project_services.update_case, user=author, case=case, summary="Et nyt resumé")
    assert receiver.requests == []  # not public: nothing to tell

    run_on_commit(
        project_services.update_case, user=author, case=case, visibility=Visibility.OFFENTLIG
    )
    run_on_commit(project_services.update_case, user=author, case=case, title="Ny titel")
    run_on_commit(project_services.update_case, user=author, case=case, title="Ny titel")

    published, updated = receiver.events()
    assert published["type"] == "case.published"
    assert published["data"]["slug"] == case.slug
    assert published["data"]["url"].startswith("http")
    assert updated["type"] == "case.updated"
    assert updated["data"]["title"] == "Ny titel"


def test_a_rolled_back_change_announces_nothing(run_on_commit, receiver):
    owner = organiser()
    occurrence = managed_occurrence(owner)
    services.create_endpoint(owner=owner, url=receiver.url(), events=REGISTRATION_EVENTS)

    def register_then_fail():
        with transaction.atomic():
            event_services.register_participant(
                occurrence_id=occurrence.pk, name="Ida", email="ida@kommune.dk", consent=True
            )
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        run_on_commit(register_then_fail)
    assert receiver.requests == []
    assert not Delivery.objects.exists()


def test_sending_again_delivers_the_same_event_once_more(run_on_commit, receiver):
    owner = organiser()
    occurrence = managed_occurrence(owner)
    endpoint, _secret = services.create_endpoint(
        owner=owner, url=receiver.url(), events=REGISTRATION_EVENTS
    )
    register(run_on_commit, occurrence, 1)
    first = Delivery.objects.get(endpoint=endpoint)
    again = run_on_commit(services.send_again, user=owner, delivery=first)

    assert again.pk != first.pk
    assert [r["headers"]["Webhook-Id"] for r in receiver.requests] == [first.event_id] * 2
    assert receiver.requests[0]["body"] == receiver.requests[1]["body"]
    again.refresh_from_db()
    assert again.status == DeliveryStatus.SUCCEEDED


def test_nobody_listening_costs_a_registration_no_outbox_row_and_no_delivery(run_on_commit):
    occurrence = OccurrenceFactory()
    before = OutboxMessage.objects.count()
    register(run_on_commit, occurrence, 1)
    assert OutboxMessage.objects.count() == before + 1  # the confirmation mail only
    assert not Delivery.objects.exists()


def test_old_deliveries_are_deleted_after_the_retention_period(receiver):
    endpoint, _secret = services.create_endpoint(
        owner=organiser(), url=receiver.url(), events=REGISTRATION_EVENTS
    )
    old = Delivery.objects.create(
        endpoint=endpoint,
        event_id="msg_old",
        type="registration.confirmed",
        body="{}",
        created_at=timezone.now() - timezone.timedelta(days=31),
    )
    recent = Delivery.objects.create(
        endpoint=endpoint, event_id="msg_new", type="registration.confirmed", body="{}"
    )
    from webhooks.tasks import delete_old_deliveries

    assert delete_old_deliveries() == 1
    assert list(Delivery.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Delivery.objects.filter(pk=old.pk).exists()


def test_registrations_made_before_any_endpoint_are_not_announced_later(run_on_commit, receiver):
    owner = organiser()
    occurrence = managed_occurrence(owner)
    RegistrationFactory(occurrence=occurrence)
    services.create_endpoint(owner=owner, url=receiver.url(), events=REGISTRATION_EVENTS)
    assert receiver.requests == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_concurrent_burst_delivers_exactly_one_event_per_seat_and_waiting_place(receiver):
    """Eight threads register at once, each committing for real (events_register() on
    PostgreSQL); each registration is announced once, with its own outcome."""
    owner = organiser()
    occurrence = managed_occurrence(owner, capacity=5)
    _endpoint, secret = services.create_endpoint(
        owner=owner, url=receiver.url(), events=REGISTRATION_EVENTS
    )
    start, outcomes = threading.Barrier(8), []

    def register_some(thread):
        start.wait(timeout=10)
        try:
            for n in range(3):
                registration = event_services.register_participant(
                    occurrence_id=occurrence.pk,
                    name=f"Deltager {thread}-{n}",
                    email=f"deltager{thread}-{n}@kommune.dk",
                    consent=True,
                )
                outcomes.append((registration.pk, registration.status))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register_some, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = [status for _pk, status in outcomes]
    assert statuses.count("confirmed") == 5 and statuses.count("waitlisted") == 19
    bodies = [verified(request, secret) for request in receiver.requests]
    announced = sorted((body["data"]["id"], body["type"].split(".")[1]) for body in bodies)
    assert announced == sorted(outcomes)
    waiting = sorted(b["data"]["waitlist_position"] for b in bodies if "waitlisted" in b["type"])
    assert waiting == list(range(1, 20))


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl for a certificate")
def test_https_connects_to_the_checked_address_and_verifies_the_name(
    run_on_commit, tmp_path, webhook_settings
):
    """The connection goes to the address that was checked, with the host name as the TLS
    server name: the certificate must match the name, not the address."""
    receiver = Receiver()
    webhook_settings.WEBHOOK_CA_FILE = str(serve_tls(receiver, tmp_path, name="localhost"))
    webhook_settings.WEBHOOK_ALLOW_HTTP = False
    with receiver:
        owner = organiser()
        occurrence = managed_occurrence(owner)
        url = f"https://localhost:{receiver.port}/hook"
        endpoint, secret = services.create_endpoint(
            owner=owner, url=url, events=["registration.confirmed"]
        )
        register(run_on_commit, occurrence, 1)
        [request] = receiver.requests
        assert request["headers"]["Host"] == f"localhost:{receiver.port}"
        verified(request, secret)

        # A name the certificate does not carry fails every attempt.
        wrong = f"https://127.0.0.1:{receiver.port}/hook"
        other, _secret = services.create_endpoint(
            owner=owner, url=wrong, events=["registration.confirmed"]
        )
        endpoint.delete()
        register(run_on_commit, occurrence, 2)
        assert len(receiver.requests) == 1
        delivery = Delivery.objects.get(endpoint=other)
        assert delivery.status == DeliveryStatus.FAILED and "SSL" in delivery.last_error


def test_on_the_embedded_default_a_failed_attempt_waits_for_the_relay_not_the_request(
    run_on_commit, make_receiver, monkeypatch
):
    """Eager Celery as `make run` has it (errors propagate): the registration succeeds at
    once, the failed first attempt is logged, and the relay (beat) makes the next one."""
    from samskabelse.celery import app as celery_app
    from samskabelse.tasks import relay_outbox

    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", True)
    receiver = make_receiver([503, 200])
    owner = organiser()
    occurrence = managed_occurrence(owner)
    endpoint, _secret = services.create_endpoint(
        owner=owner, url=receiver.url(), events=["registration.confirmed"]
    )
    registration = register(run_on_commit, occurrence, 1)

    assert registration.status == "confirmed"
    assert len(receiver.requests) == 1
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("retrying", 1, "HTTP 503")
    row = OutboxMessage.objects.get(pk=delivery.outbox_message_id)
    assert row.done_at is None and row.dispatched_at is None

    OutboxMessage.objects.filter(pk=row.pk).update(available_at=timezone.now())
    run_on_commit(relay_outbox)
    assert len(receiver.requests) == 2
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", 2)


def test_erasing_my_data_announces_the_released_seat_anonymised_and_empties_the_log(
    run_on_commit, make_receiver
):
    from events.privacy.services import erase_personal_data

    receiver = make_receiver()
    owner = organiser()
    occurrence = managed_occurrence(owner, capacity=1)
    endpoint, _secret = services.create_endpoint(
        owner=owner, url=receiver.url(), events=[*REGISTRATION_EVENTS, "registration.cancelled"]
    )
    mine = run_on_commit(
        event_services.register_participant,
        occurrence=occurrence,
        name="Karen Blixen",
        email="karen@kommune.dk",
        consent=True,
    )
    waiting = register(run_on_commit, occurrence, 2)
    run_on_commit(erase_personal_data, email="karen@kommune.dk")

    cancelled = receiver.events("registration.cancelled")
    assert [body["data"]["id"] for body in cancelled] == [mine.pk]
    assert "karen" not in str(cancelled).lower()
    assert "Blixen" not in str(cancelled)
    assert not Delivery.objects.filter(body__icontains="karen@kommune.dk").exists()
    assert Delivery.objects.filter(endpoint=endpoint, body__contains=waiting.email).exists()


def test_the_delivery_connects_to_the_address_it_checked_so_rebinding_cannot_redirect_it(
    run_on_commit, receiver, monkeypatch, webhook_settings
):
    """DNS (what leaves the machine, so simulated here) answers the receiver's address for
    the registration's check and the delivery's check, and another address ever after: a
    client that looked the name up again to connect would go there instead."""
    import socket

    real_getaddrinfo = socket.getaddrinfo
    lookups = []

    def rebinding_dns(host, port, *args, **kwargs):
        if host != "hooks.rebind.test":
            return real_getaddrinfo(host, port, *args, **kwargs)
        lookups.append(host)
        address = "127.0.0.1" if len(lookups) <= 2 else "10.255.255.1"
        return real_getaddrinfo(address, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_dns)
    webhook_settings.WEBHOOK_TIMEOUT = 1
    owner = organiser()
    occurrence = managed_occurrence(owner)
    endpoint, _secret = services.create_endpoint(
        owner=owner, url=receiver.url(host="hooks.rebind.test"), events=REGISTRATION_EVENTS
    )
    register(run_on_commit, occurrence, 1)

    assert len(lookups) == 2  # the registration's check, the delivery's check: no third
    [request] = receiver.requests
    assert request["headers"]["Host"] == f"hooks.rebind.test:{receiver.port}"
    assert Delivery.objects.get(endpoint=endpoint).status == DeliveryStatus.SUCCEEDED


def test_a_receiver_answering_410_gone_disables_the_endpoint_at_once(run_on_commit, make_receiver):
    receiver = make_receiver([410])
    owner = organiser()
    occurrence = managed_occurrence(owner)
    endpoint, _secret = services.create_endpoint(
        owner=owner, url=receiver.url(), events=REGISTRATION_EVENTS
    )
    mail.outbox.clear()
    register(run_on_commit, occurrence, 1)

    assert len(receiver.requests) == 1
    endpoint.refresh_from_db()
    assert not endpoint.active
    assert [message.to for message in mail.outbox if "webhook" in message.subject] == [
        [owner.email]
    ]
