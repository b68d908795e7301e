"""`seed_demo` for networks: COK's network with its meetings, paradoxes and experiments,
Holbæk's fælles-skabere, Skanderborg's playmakers, Guldborgsund's task committee and the
national movement with 150 members and a waiting list, loaded idempotently."""

import pytest
from django.core.management import call_command

from network import demo_data, selectors
from network.models import (
    ExperimentStatus,
    Network,
    NetworkKind,
    Person,
    Perspective,
    RequestStatus,
)
from network.people_selectors import find_people
from tests.events.test_demo import counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo")


def test_seeding_twice_gives_identical_counts(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    before = counts()
    stamps = dict(Network.objects.values_list("slug", "updated_at"))
    call_command("seed_demo")
    assert counts() == before
    assert dict(Network.objects.values_list("slug", "updated_at")) == stamps


def test_cok_network_has_four_municipalities_with_contacts_and_the_demo_coordinator(seeded):
    network = Network.objects.get(slug=demo_data.COK_NETWORK["slug"])
    assert network.facilitator.name == demo_data.COK
    members = network.memberships.select_related("municipality", "person")
    # Varde, Kolding, Ikast-Brande and Aalborg, as COK's page names them.
    assert sorted(m.municipality.code for m in members) == ["573", "621", "756", "851"]
    assert all(m.person for m in members)
    assert list(network.coordinators.values_list("email", flat=True)) == ["koordinator@cok.dk"]


def test_the_ball_meeting_has_minutes_and_paradoxes_from_three_perspectives(seeded):
    network = Network.objects.get(slug=demo_data.COK_NETWORK["slug"])
    meeting = network.meetings.get(title=demo_data.BALL_MEETING)
    assert "spillede" in meeting.minutes and "## Referat" in meeting.minutes
    assert set(meeting.paradoxes.values_list("perspective", flat=True)) == set(Perspective)


def test_every_member_municipality_has_a_mini_experiment_in_varied_statuses(seeded):
    network = Network.objects.get(slug=demo_data.COK_NETWORK["slug"])
    experiments = network.experiments.all()
    assert sorted(e.municipality.code for e in experiments) == ["573", "621", "756", "851"]
    assert {e.status for e in experiments} == set(ExperimentStatus)


def test_holbaek_has_14_faelles_skabere_and_one_is_contact_for_three_local_areas(seeded):
    corps = Person.objects.filter(tags__slug="faelles-skaber", municipality__code="316")
    assert corps.count() == 14
    contact = corps.get(local_areas__name="Tølløse")
    assert sorted(contact.local_areas.values_list("name", flat=True)) == [
        "Jyderup",
        "Svinninge",
        "Tølløse",
    ]


def test_the_faelles_skaber_for_a_local_area_is_found_by_searching(seeded):
    found = find_people(user=None, q="Svinninge")
    assert [person.slug for person in found] == [demo_data.HOLBAEK_AREA_CONTACT]


def test_skanderborg_has_playmakers(seeded):
    playmakers = Person.objects.filter(tags__slug="playmaker", municipality__code="746")
    assert playmakers.count() == len(demo_data.PLAYMAKERS)


def test_guldborgsund_task_committee_is_an_arena_with_its_municipality(seeded):
    committee = Network.objects.get(slug=demo_data.GULDBORGSUND_COMMITTEE["slug"])
    assert committee.kind == NetworkKind.LANDSBYNETVAERK
    assert committee.memberships.get().municipality.code == "376"
    assert committee.meetings.exists()


def test_the_movement_has_150_members_and_a_waiting_list(seeded):
    movement = Network.objects.get(slug=demo_data.MOVEMENT["slug"])
    assert movement.kind == NetworkKind.BEVAEGELSE
    assert movement.founded_on.isoformat() == "2017-02-03"
    assert movement.memberships.count() == 150
    assert selectors.seats_taken(movement) == movement.member_capacity == 150
    waiting = selectors.waiting_list(movement)
    # "150 deltagere … lige så mange på venteliste!"
    assert waiting.count() == demo_data.MOVEMENT_WAITING == 150
    assert set(waiting.values_list("status", flat=True)) == {RequestStatus.WAITLISTED}
    assert movement.coordinators.filter(email="koordinator@cok.dk").exists()
