"""The Django admin counts member places like the join form: new members, capacity changes
and decisions on requests go through network/services.py."""

import pytest
from django.core import mail
from django.utils import timezone

from network.models import Membership, MembershipRequest, RequestStatus
from tests.admin_forms import act, add_url, change_url, form_data, messages_of, post_changed
from tests.factories import MembershipFactory, NetworkFactory, municipality

pytestmark = pytest.mark.django_db


def waiting_request(network, n):
    return MembershipRequest.objects.create(
        network=network,
        name=f"Venter {n}",
        email=f"venter{n}@example.dk",
        consent_at=timezone.now(),
        status=RequestStatus.WAITLISTED,
    )


@pytest.fixture
def full_network():
    """Room for one member, who is there; two requests waiting."""
    network = NetworkFactory(member_capacity=1, waitlist_enabled=True)
    MembershipFactory(network=network, municipality=municipality("621"))
    return network, waiting_request(network, 1), waiting_request(network, 2)


def test_adding_a_member_to_a_full_network_in_the_inline_is_refused(superuser_client, full_network):
    network, _first, _second = full_network
    data = form_data(superuser_client, change_url(network))
    data.update(
        {
            "memberships-TOTAL_FORMS": "2",
            "memberships-1-municipality": str(municipality("657").pk),
            "memberships-1-person": "",
        }
    )
    response = superuser_client.post(change_url(network), data, follow=True)
    assert network.memberships.count() == 1
    level, text = messages_of(response)[0]
    assert level == "error" and "Netværket er fuldt" in text


def test_adding_a_member_to_a_full_network_on_the_membership_page_is_refused(
    superuser_client, full_network
):
    network, _first, _second = full_network
    response = superuser_client.post(
        add_url(Membership),
        {"network": network.pk, "municipality": municipality("657").pk, "person": ""},
        follow=True,
    )
    assert network.memberships.count() == 1
    assert messages_of(response)[0][0] == "error"


def test_a_member_is_added_while_there_is_room(superuser_client):
    network = NetworkFactory(member_capacity=2)
    superuser_client.post(
        add_url(Membership), {"network": network.pk, "municipality": municipality("657").pk}
    )
    assert network.memberships.get().municipality.code == "657"


def test_raising_member_capacity_in_the_admin_promotes_the_first_waiting_and_mails_them(
    superuser_client, full_network, run_on_commit
):
    network, first, second = full_network
    response = run_on_commit(
        post_changed, superuser_client, change_url(network), member_capacity="2"
    )
    network.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert network.member_capacity == 2
    assert first.status == RequestStatus.PENDING
    assert second.status == RequestStatus.WAITLISTED
    assert [message.to for message in mail.outbox] == [[first.email]]
    assert messages_of(response)[0][0] == "success"


def test_lowering_member_capacity_below_places_taken_is_refused(superuser_client, run_on_commit):
    network = NetworkFactory(member_capacity=3)
    MembershipFactory(network=network, municipality=municipality("621"))
    MembershipFactory(network=network, municipality=municipality("657"))
    response = run_on_commit(
        post_changed, superuser_client, change_url(network), member_capacity="1"
    )
    network.refresh_from_db()
    assert network.member_capacity == 3
    level, text = messages_of(response)[0]
    assert level == "error" and "2 pladser er allerede taget" in text


def test_request_status_is_read_only_and_accepting_goes_through_the_service(
    superuser_client, run_on_commit
):
    network = NetworkFactory(member_capacity=1, waitlist_enabled=True)
    waiting = waiting_request(network, 1)
    run_on_commit(
        post_changed, superuser_client, change_url(waiting), status=RequestStatus.ACCEPTED
    )
    waiting.refresh_from_db()
    assert waiting.status == RequestStatus.WAITLISTED

    response = run_on_commit(act, superuser_client, MembershipRequest, "accept", [waiting])
    waiting.refresh_from_db()
    assert waiting.status == RequestStatus.ACCEPTED and waiting.membership
    assert messages_of(response)[-1][0] == "success"

    another = waiting_request(network, 2)
    response = run_on_commit(act, superuser_client, MembershipRequest, "accept", [another])
    another.refresh_from_db()
    assert another.status == RequestStatus.WAITLISTED
    assert messages_of(response)[0][0] == "error"
