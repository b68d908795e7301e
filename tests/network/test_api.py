"""The networks and people API: the public view for anonymous clients and tokens without
`read`, the internals for tokens with `read` and staff sessions, people for those two only,
contact details for staff only; bad filters are a 400, a current copy a 304, and lists cost
the same few queries however long they are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.models import ExperimentStatus, Network, NetworkKind, NetworkStatus, Tag
from network.services import remove_person
from projects.models import Visibility
from samskabelse.models import Region
from tests.factories import (
    CaseFactory,
    ExperimentFactory,
    LocalAreaFactory,
    MeetingFactory,
    MembershipFactory,
    NetworkFactory,
    PersonFactory,
    TagFactory,
    UserFactory,
    api_token,
    consultant,
    municipality,
)
from tests.network.test_people import faelles_skaber, make_person

pytestmark = pytest.mark.django_db

NETWORKS = "/api/v1/networks/"
PEOPLE = "/api/v1/people/"
HOLBAEK, KOLDING, VARDE = "316", "621", "573"
WHO = ["anonymous", "token without read", "token with read", "staff session"]


def auth(key):
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def as_client(api_client, who):
    """Headers for one kind of client; a session is logged in on api_client itself."""
    if who == "token without read":
        return auth(api_token(consultant(), scopes=["write:cases"])[1])
    if who == "token with read":
        return auth(api_token(consultant(), scopes=["read"])[1])
    if who == "staff session":
        api_client.force_login(consultant())
    return {}


def network_with_internals():
    """COK's network with one public and one internal meeting, experiment and so on."""
    network = NetworkFactory(name="COKs netværk", slug="cok")
    MembershipFactory(network=network, municipality=municipality(KOLDING))
    MembershipFactory(network=network, municipality=municipality(VARDE))
    MeetingFactory(network=network, title="Åbent møde", is_public=True, minutes="Referat")
    MeetingFactory(network=network, title="Internt møde", is_public=False)
    ExperimentFactory(network=network, title="Offentligt eksperiment", is_public=True)
    ExperimentFactory(network=network, title="Internt eksperiment", is_public=False)
    return network


def titles(response):
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["results"]}


# --- Networks -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "internal"),
    [
        ("anonymous", False),
        ("token without read", False),
        ("token with read", True),
        ("staff session", True),
    ],
)
def test_networks_meetings_and_experiments_show_internals_only_to_read_tokens_and_staff(
    api_client, who, internal
):
    network_with_internals()
    NetworkFactory(name="Skjult netværk", slug="skjult", is_public=False)
    headers = as_client(api_client, who)

    networks = api_client.get(NETWORKS, **headers)
    meetings = api_client.get(f"{NETWORKS}cok/meetings/", **headers)
    experiments = api_client.get(f"{NETWORKS}cok/experiments/", **headers)
    hidden = api_client.get(f"{NETWORKS}skjult/", **headers)

    names = {item["name"] for item in networks.json()["results"]}
    assert ("Skjult netværk" in names) is internal
    assert hidden.status_code == (200 if internal else 404)
    assert titles(meetings) == ({"Åbent møde", "Internt møde"} if internal else {"Åbent møde"})
    assert ("minutes" in meetings.json()["results"][0]) is internal
    expected = {"Offentligt eksperiment", "Internt eksperiment"}
    assert titles(experiments) == (expected if internal else {"Offentligt eksperiment"})


def test_a_network_lists_its_member_municipalities_with_kommunekode(api_client):
    network_with_internals()

    body = api_client.get(f"{NETWORKS}cok/").json()

    assert body["member_count"] == 2
    assert {m["kommunekode"] for m in body["member_municipalities"]} == {KOLDING, VARDE}


def test_an_experiments_case_is_named_only_when_the_client_may_see_it(api_client):
    network = NetworkFactory(slug="cok")
    ExperimentFactory(network=network, case=CaseFactory(slug="kladde", visibility="kladde"))
    ExperimentFactory(network=network, case=CaseFactory(slug="offentlig"))

    body = api_client.get(f"{NETWORKS}cok/experiments/").json()

    assert {item["case"] for item in body["results"]} == {None, "offentlig"}


def test_networks_filter_by_municipality_region_kind_and_status(api_client):
    network_with_internals()
    holbaek = NetworkFactory(
        name="Landsbyerne", kind=NetworkKind.LANDSBYNETVAERK, status=NetworkStatus.AFSLUTTET
    )
    MembershipFactory(network=holbaek, municipality=municipality(HOLBAEK))

    def names(**query):
        response = api_client.get(NETWORKS, query)
        assert response.status_code == 200, response.content
        return {item["name"] for item in response.json()["results"]}

    assert names(municipality=KOLDING) == {"COKs netværk"}
    assert names(region=Region.SJAELLAND) == {"Landsbyerne"}
    assert names(kind=NetworkKind.LANDSBYNETVAERK) == {"Landsbyerne"}
    assert names(status=NetworkStatus.AKTIV) == {"COKs netværk"}


@pytest.mark.parametrize(
    ("url", "query"),
    [
        (NETWORKS, {"municipality": "999"}),
        (NETWORKS, {"region": "42"}),
        (NETWORKS, {"kind": "klub"}),
        (NETWORKS, {"status": "måske"}),
        (PEOPLE, {"municipality": "999"}),
        (PEOPLE, {"role": "findes-ikke"}),
    ],
)
def test_unknown_filter_values_are_a_400_that_names_the_field(api_client, url, query):
    api_client.force_login(consultant())

    response = api_client.get(url, query)

    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_unknown_kommunekode_is_a_400_that_says_so(api_client):
    response = api_client.get(NETWORKS, {"municipality": "999"})

    assert response.status_code == 400
    assert "999" in response.json()["municipality"][0]


def test_unknown_network_is_404_on_every_endpoint(api_client):
    for suffix in ("", "meetings/", "experiments/"):
        assert api_client.get(f"{NETWORKS}ingen/{suffix}").status_code == 404


# --- People -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 401),
        ("token without read", 403),
        ("token with read", 200),
        ("staff session", 200),
    ],
)
def test_people_are_listed_only_for_read_tokens_and_staff_sessions(api_client, who, status):
    PersonFactory()
    headers = as_client(api_client, who)

    assert api_client.get(PEOPLE, **headers).status_code == status


def test_people_are_refused_to_a_logged_in_user_who_is_not_staff(api_client):
    api_client.force_login(UserFactory())

    assert api_client.get(PEOPLE).status_code == 403


def test_a_read_token_of_a_user_who_is_not_staff_gets_no_people_like_their_session(api_client):
    PersonFactory(email="birgitte@holbaek.dk", phone="72 36 36 36")
    user = UserFactory()
    not_staff_token = auth(api_token(user, scopes=["read"])[1])

    by_token = api_client.get(PEOPLE, **not_staff_token)
    api_client.force_login(user)
    by_session = api_client.get(PEOPLE)

    assert (by_token.status_code, by_session.status_code) == (403, 403)
    assert "birgitte@holbaek.dk" not in by_token.content.decode()


def test_a_staff_members_read_token_lists_people_with_contact_details(api_client):
    PersonFactory(email="birgitte@holbaek.dk", phone="72 36 36 36")
    staff_token = auth(api_token(consultant(), scopes=["read"])[1])

    full = api_client.get(PEOPLE, **staff_token).json()["results"][0]

    assert (full["email"], full["phone"]) == ("birgitte@holbaek.dk", "72 36 36 36")


def test_the_api_finds_the_holbaek_faelles_skaber_like_the_search_page(api_client):
    role = faelles_skaber()
    make_person(name="Birgitte Holm", tags=[role], local_areas=[LocalAreaFactory(name="Tuse")])
    make_person(name="Per Sørensen", tags=[role], municipality=municipality(KOLDING))
    make_person(name="Kasper Lund")
    api_client.force_login(consultant())

    def names(**query):
        return {item["name"] for item in api_client.get(PEOPLE, query).json()["results"]}

    assert names(municipality=HOLBAEK, role="faelles-skaber") == {"Birgitte Holm"}
    assert names(q="Tuse") == {"Birgitte Holm"}
    assert names(region=Region.SYDDANMARK) == {"Per Sørensen"}
    body = api_client.get(PEOPLE, {"q": "Tuse"}).json()["results"][0]
    assert (body["roles"], body["local_areas"]) == (["Fælles-skaber"], ["Tuse"])


def test_a_removed_person_is_gone_from_the_api_but_their_meetings_still_list_them(api_client):
    network = NetworkFactory(slug="cok")
    person = PersonFactory(name="Birgitte Holm")
    meeting = MeetingFactory(network=network, title="Møde")
    meeting.participants.add(person)
    staff = consultant()
    api_client.force_login(staff)

    remove_person(user=staff, person=person)

    assert api_client.get(PEOPLE).json()["count"] == 0
    meetings = api_client.get(f"{NETWORKS}cok/meetings/")
    assert meetings.status_code == 200
    [participant] = meetings.json()["results"][0]["participants"]
    assert participant["removed"] is True
    assert participant["slug"] is None
    assert "Birgitte" not in meetings.content.decode()


# --- Conditional GET ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", [NETWORKS, f"{NETWORKS}cok/", f"{NETWORKS}cok/meetings/", f"{NETWORKS}cok/experiments/"]
)
def test_a_current_copy_is_answered_with_304(api_client, url):
    network_with_internals()

    first = api_client.get(url)
    again = api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again.content == b""


def test_people_answer_304_to_a_current_copy_and_200_once_it_changed(api_client):
    person = PersonFactory()
    api_client.force_login(consultant())

    first = api_client.get(PEOPLE)
    same = api_client.get(PEOPLE, HTTP_IF_NONE_MATCH=first["ETag"])
    person.title = "Playmaker"
    person.save()
    changed = api_client.get(PEOPLE, HTTP_IF_NONE_MATCH=first["ETag"])

    assert same.status_code == 304
    assert changed.status_code == 200


def test_the_etag_differs_by_who_is_looking(api_client):
    network_with_internals()

    public = api_client.get(f"{NETWORKS}cok/meetings/")
    api_client.force_login(consultant())
    internal = api_client.get(f"{NETWORKS}cok/meetings/", HTTP_IF_NONE_MATCH=public["ETag"])

    assert internal.status_code == 200


# --- Query counts -------------------------------------------------------------------------


def more_of_everything(count):
    network = Network.objects.filter(slug="cok").first() or NetworkFactory(slug="cok")
    role = Tag.objects.filter(slug="faelles-skaber").first() or faelles_skaber()
    expertise = TagFactory(kind=Tag.Kind.EXPERTISE)
    for _ in range(count):
        other = NetworkFactory()
        MembershipFactory(network=other, municipality=municipality(KOLDING))
        MembershipFactory(network=other, municipality=municipality(VARDE))
        meeting = MeetingFactory(network=network, is_public=True)
        meeting.participants.add(PersonFactory(), PersonFactory())
        ExperimentFactory(
            network=network,
            status=ExperimentStatus.I_GANG,
            case=CaseFactory(visibility=Visibility.INTERN),
        )
        make_person(tags=[role, expertise], local_areas=[LocalAreaFactory()])


LISTS = [NETWORKS, f"{NETWORKS}cok/meetings/", f"{NETWORKS}cok/experiments/"]


@pytest.mark.parametrize(
    ("who", "url"),
    [*(("anonymous", url) for url in LISTS), *(("staff session", url) for url in [*LISTS, PEOPLE])],
)
def test_lists_use_the_same_queries_for_few_and_many_rows(
    api_client, django_assert_num_queries, who, url
):
    headers = as_client(api_client, who)
    more_of_everything(2)
    with CaptureQueriesContext(connection) as few:
        assert api_client.get(url, **headers).status_code == 200
    more_of_everything(12)
    with django_assert_num_queries(len(few.captured_queries)):
        assert api_client.get(url, **headers).status_code == 200
