"""The movement's join flow: the public join page and its receipt, capacity and the
waiting list in arrival order, the coordinators' requests page, and the mails the
applicant gets when a request is received, accepted, declined or promoted."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from network import services
from network.models import Membership, MembershipRequest, NetworkKind, RequestStatus
from network.movement_views import JOIN_LIMIT
from tests.factories import NetworkFactory, UserFactory, coordinator

pytestmark = pytest.mark.django_db


def da(text):
    """What the Danish page says for an English source string (the catalogue's translation
    once it is merged, the source until then)."""
    with translation.override("da"):
        return gettext(text)


def movement(**kwargs):
    values = {
        "kind": NetworkKind.BEVAEGELSE,
        "name": "Bevægelsen for Samskabelse",
        "slug": "bevaegelsen",
        "member_capacity": 2,
        "waitlist_enabled": True,
    }
    return NetworkFactory(**(values | kwargs))


def coordinated_movement(**kwargs):
    """The movement and one of its coordinators."""
    network, user = movement(**kwargs), coordinator()
    network.coordinators.add(user)
    return network, user


def decide(client, user, action, request):
    """A coordinator presses accept or decline on the requests page."""
    url = reverse(f"network:{action}_request", args=[request.network.slug, request.pk])
    return logged_in(client, user).post(url)


def join_url(network):
    return reverse("network:join", args=[network.slug])


def requests_url(network):
    return reverse("network:requests", args=[network.slug])


def join(client, network, ip="192.0.2.30", **overrides):
    data = {
        "name": "Anna Holm",
        "email": "anna@example.dk",
        "municipality": "316",
        "organisation": "Holbæk Kommune",
        "motivation": "Jeg vil lære af andre kommuner.",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(join_url(network), data, REMOTE_ADDR=ip)


def ask(network, number):
    return services.request_membership(
        network=network, name=f"Person {number}", email=f"p{number}@example.dk", consent=True
    )


def logged_in(client, user):
    client.force_login(user)
    return client


# --- The public join page -----------------------------------------------------------------


def test_join_page_shows_member_count_places_left_and_the_form(client):
    network = movement(member_capacity=5, how_to_join="Skriv til os, hvorfor du vil være med.")

    response = client.get(join_url(network))

    assert response.status_code == 200
    assert response.context["places_left"] == 5
    assert response.context["network"].member_count == 0
    assert "Skriv til os, hvorfor du vil være med." in response.text
    assert 'name="consent"' in response.text


def test_a_full_network_with_a_waiting_list_says_so_and_still_takes_requests(client):
    network = movement(member_capacity=1)
    ask(network, 1)

    response = client.get(join_url(network))

    assert response.context["places_left"] == 0
    assert da("Join the waiting list") in response.text


def test_a_request_while_places_are_left_awaits_a_coordinator(client):
    network = movement()

    response = join(client, network)

    assert response.status_code == 302
    request = MembershipRequest.objects.get(network=network)
    assert (request.status, request.email, request.municipality.code) == (
        RequestStatus.PENDING,
        "anna@example.dk",
        "316",
    )
    receipt = client.get(response.url)
    assert receipt.context["waitlist_position"] is None
    assert da("We have received your request") in receipt.text


def test_when_full_requests_go_on_the_waiting_list_in_arrival_order(client):
    network = movement(member_capacity=2)
    ask(network, 1)
    ask(network, 2)

    join(client, network, email="tredje@example.dk")
    response = join(client, network, email="fjerde@example.dk")

    assert list(
        network.requests.filter(status=RequestStatus.WAITLISTED)
        .order_by("pk")
        .values_list("email", flat=True)
    ) == ["tredje@example.dk", "fjerde@example.dk"]
    assert network.requests.filter(status=RequestStatus.PENDING).count() == 2
    receipt = client.get(response.url)
    assert receipt.context["waitlist_position"] == 2
    assert da("You are number %(position)s on the waiting list") % {"position": 2} in (receipt.text)


def test_a_full_network_without_waiting_list_takes_no_requests(client):
    network = movement(member_capacity=1, waitlist_enabled=False)
    ask(network, 1)

    response = join(client, network)

    assert response.status_code == 422
    assert not response.context["is_open"]
    assert network.requests.count() == 1


def test_the_same_email_twice_gets_a_clear_message(client):
    network = movement()
    join(client, network, email="Anna@Example.dk")

    response = join(client, network, email="anna@example.dk")

    assert response.status_code == 409
    assert da("We already have a request from this email.") in response.text
    assert network.requests.count() == 1


def test_a_request_without_consent_is_refused_beside_the_field(client):
    network = movement()

    response = join(client, network, consent=None)

    assert response.status_code == 400
    assert response.context["form"].errors["consent"] == [
        da("We need your consent to handle your request.")
    ]
    assert not network.requests.exists()


def test_an_unknown_municipality_is_a_form_error(client):
    network = movement()

    response = join(client, network, municipality="999")

    assert response.status_code == 400
    assert "municipality" in response.context["form"].errors


def test_a_robot_filling_the_honeypot_sees_a_receipt_and_nothing_is_stored(client):
    network = movement()

    response = join(client, network, website="http://spam.example")

    assert response.status_code == 302
    assert not network.requests.exists()


def test_many_forms_from_one_address_are_slowed_down(client):
    network = movement(member_capacity=None)
    for number in range(JOIN_LIMIT.per_window):
        assert join(client, network, email=f"n{number}@example.dk").status_code == 302

    response = join(client, network, email="en-for-meget@example.dk")

    assert response.status_code == 429
    assert network.requests.count() == JOIN_LIMIT.per_window


def test_a_network_that_is_not_public_has_no_join_page_for_anonymous_visitors(client):
    network = movement(is_public=False)

    assert client.get(join_url(network)).status_code == 404


def test_the_join_page_works_for_any_kind_of_network(client):
    network = NetworkFactory(kind=NetworkKind.TVAERKOMMUNALT)

    response = join(client, network)

    assert response.status_code == 302
    assert network.requests.get().status == RequestStatus.PENDING


# --- Mail to the applicant ----------------------------------------------------------------


def test_a_received_request_mails_the_applicant_in_danish(
    client, django_capture_on_commit_callbacks
):
    network = movement()
    with django_capture_on_commit_callbacks(execute=True):
        join(client, network)

    (message,) = mail.outbox
    assert message.to == ["anna@example.dk"]
    assert "Hej Anna Holm," in message.body
    assert "Venlig hilsen" in message.body
    assert message.subject == da("We have received your request to join %(name)s") % {
        "name": network.name
    }
    assert message.alternatives[0][0].startswith("<!DOCTYPE html>")


def test_a_waitlisted_request_is_told_so_by_mail(django_capture_on_commit_callbacks):
    network = movement(member_capacity=0)
    with django_capture_on_commit_callbacks(execute=True):
        ask(network, 1)

    (message,) = mail.outbox
    assert message.subject == da("You are on the waiting list for %(name)s") % {
        "name": network.name
    }


def test_accepting_makes_a_member_and_mails_the_applicant(
    client, django_capture_on_commit_callbacks
):
    network, user = coordinated_movement()
    request = ask(network, 1)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, user, "accept", request)

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert Membership.objects.filter(network=network, person__email="p1@example.dk").exists()
    (message,) = mail.outbox
    assert message.to == ["p1@example.dk"]
    assert message.subject == da("Welcome to %(name)s") % {"name": network.name}
    assert "Hej Person 1," in message.body


def test_declining_mails_the_applicant(client, django_capture_on_commit_callbacks):
    network, user = coordinated_movement()
    request = ask(network, 1)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        decide(client, user, "decline", request)

    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED
    (message,) = mail.outbox
    assert message.subject == da("Your request to join %(name)s") % {"name": network.name}


def test_promoting_gives_a_free_place_to_the_longest_waiting_and_mails_them(
    client, django_capture_on_commit_callbacks
):
    network, user = coordinated_movement(member_capacity=1)
    first = ask(network, 1)
    second, third = ask(network, 2), ask(network, 3)
    services.decline_request(user=user, request=first)  # a place becomes free
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(client, user).post(
            reverse("network:promote_request", args=[network.slug])
        )

    assert response.status_code == 302
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == (RequestStatus.PENDING, RequestStatus.WAITLISTED)
    (message,) = mail.outbox
    assert message.to == ["p2@example.dk"]
    assert message.subject == da("We have received your request to join %(name)s") % {
        "name": network.name
    }


def test_promoting_when_the_network_is_full_is_refused_with_a_message(client):
    network, user = coordinated_movement(member_capacity=1)
    ask(network, 1)
    waiting = ask(network, 2)

    response = logged_in(client, user).post(
        reverse("network:promote_request", args=[network.slug]), follow=True
    )

    assert da("The network is full.") in response.text
    waiting.refresh_from_db()
    assert waiting.status == RequestStatus.WAITLISTED


# --- The coordinators' page ---------------------------------------------------------------


def test_coordinator_sees_pending_and_waiting_requests_in_arrival_order(client):
    network, user = coordinated_movement(member_capacity=2)
    for number in range(1, 5):
        ask(network, number)

    response = logged_in(client, user).get(requests_url(network))

    assert response.status_code == 200
    assert [r.email for r in response.context["pending"]] == ["p1@example.dk", "p2@example.dk"]
    assert [r.email for r in response.context["waiting"]] == ["p3@example.dk", "p4@example.dk"]
    assert da("Promote the first on the waiting list") in response.text


def test_coordinator_of_another_network_gets_403(client):
    network = movement()
    request = ask(network, 1)
    other = coordinator()
    NetworkFactory().coordinators.add(other)
    client = logged_in(client, other)

    assert client.get(requests_url(network)).status_code == 403
    accept_url = reverse("network:accept_request", args=[network.slug, request.pk])
    assert client.post(accept_url).status_code == 403
    decline_url = reverse("network:decline_request", args=[network.slug, request.pk])
    assert client.post(decline_url).status_code == 403
    promote_url = reverse("network:promote_request", args=[network.slug])
    assert client.post(promote_url).status_code == 403
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_a_logged_in_user_who_coordinates_nothing_gets_403(client):
    network = movement()

    response = logged_in(client, UserFactory()).get(requests_url(network))

    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    network = movement()

    response = client.get(requests_url(network))

    assert response.status_code == 302
    assert reverse("login") in response.url


def test_deciding_takes_post_only(client):
    network, user = coordinated_movement()
    request = ask(network, 1)

    url = reverse("network:accept_request", args=[network.slug, request.pk])
    assert logged_in(client, user).get(url).status_code == 405


def test_a_request_of_another_network_is_404(client):
    network, other = movement(), NetworkFactory()
    user = coordinator()
    network.coordinators.add(user)
    foreign = ask(other, 1)

    url = reverse("network:accept_request", args=[network.slug, foreign.pk])
    assert logged_in(client, user).post(url).status_code == 404
