"""Mit overblik: after login a staff member lands on a start page with what is theirs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from network.models import MembershipRequest, RequestStatus
from projects.models import Visibility
from tests.factories import (
    TEST_PASSWORD,
    CaseFactory,
    CitizenVoiceFactory,
    NetworkFactory,
    OccurrenceFactory,
    RegistrationFactory,
    UserFactory,
    admin_user,
    consultant,
    coordinator,
    municipality,
    organiser,
)

pytestmark = pytest.mark.django_db

START = reverse("my_overview")


def join_request(network, name="Varde Kommune", status=RequestStatus.PENDING):
    return MembershipRequest.objects.create(
        network=network,
        name=name,
        email=f"{slugify(name)}@kommune.dk",
        municipality=municipality("573"),
        consent_at=timezone.now(),
        status=status,
    )


def test_staff_user_lands_on_the_start_page_after_login(client):
    user = consultant()

    response = client.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert response.url == START


def test_anonymous_visitor_keeps_the_public_home_page_and_is_asked_to_log_in_here(client):
    assert client.get(reverse("home")).status_code == 200
    response = client.get(START)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_non_staff_account_goes_on_to_the_home_page(client):
    client.force_login(UserFactory())

    response = client.get(START)

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_my_cases_show_recently_changed_first_and_drafts_apart(client):
    user = consultant()
    older = CaseFactory(title="Fælleshaven", visibility=Visibility.OFFENTLIG)
    newer = CaseFactory(title="Bakkehuset", visibility=Visibility.INTERN)
    draft = CaseFactory(title="Legepladsen", visibility=Visibility.KLADDE)
    for case in (older, newer, draft):
        case.consultants.add(user)
    CaseFactory(title="Ikke min", visibility=Visibility.OFFENTLIG)
    older.save()  # touched last
    client.force_login(user)

    response = client.get(START)

    assert [case.title for case in response.context["cases"]["rows"]] == [
        "Fælleshaven",
        "Legepladsen",
        "Bakkehuset",
    ]
    assert [case.title for case in response.context["drafts"]["rows"]] == ["Legepladsen"]


def test_voices_waiting_for_moderation_are_those_of_my_municipality(client):
    CitizenVoiceFactory(text="Naboerne i Horbelev", municipality=municipality("376"))
    CitizenVoiceFactory(text="Fra Holbæk", municipality=municipality("316"))
    CitizenVoiceFactory(text="Godkendt", municipality=municipality("376"), status="approved")
    client.force_login(consultant("376"))

    response = client.get(START)

    assert [voice.text for voice in response.context["voices"]["rows"]] == ["Naboerne i Horbelev"]
    assert reverse("projects:voice_moderation").encode() in response.content


def test_join_requests_are_those_of_the_networks_i_coordinate(client):
    user = coordinator()
    mine = NetworkFactory(name="Samskabelsesnetværket")
    mine.coordinators.add(user)
    join_request(mine, name="Varde Kommune")
    join_request(mine, name="Afgjort", status=RequestStatus.ACCEPTED)
    join_request(NetworkFactory(), name="Andres netværk")
    client.force_login(user)

    response = client.get(START)

    assert [item.name for item in response.context["join_requests"]["rows"]] == ["Varde Kommune"]
    assert reverse("network:requests", args=[mine.slug]).encode() in response.content


def test_my_upcoming_theme_days_show_seats_taken_of_capacity(client):
    user = organiser()
    occurrence = OccurrenceFactory(capacity=40)
    occurrence.event.managers.add(user)
    RegistrationFactory.create_batch(3, occurrence=occurrence)
    RegistrationFactory(occurrence=occurrence, status="cancelled")
    past = OccurrenceFactory(
        event=occurrence.event,
        starts_at=timezone.now() - timezone.timedelta(days=3),
        ends_at=timezone.now() - timezone.timedelta(days=2),
    )
    OccurrenceFactory()  # someone else's
    client.force_login(user)

    response = client.get(START)

    rows = response.context["occurrences"]["rows"]
    assert [row.pk for row in rows] == [occurrence.pk]
    assert past.pk not in [row.pk for row in rows]
    assert "3 af 40 pladser optaget" in response.content.decode()


def test_every_block_has_an_empty_state_in_danish(client):
    client.force_login(consultant())

    page = client.get(START).content.decode()

    assert "Mit overblik" in page
    assert "Du er endnu ikke ansvarlig for nogen case" in page
    assert "Ingen kladder" in page
    assert "Ingen borgerstemmer fra din kommune venter" in page
    assert "Ingen anmodninger om medlemskab venter" in page
    assert "Du står ikke for nogen kommende temadage" in page


def test_links_to_create_a_case_or_a_theme_day_follow_the_roles(client):
    client.force_login(consultant())
    page = client.get(START).content.decode()
    assert reverse("projects:case_create") in page
    assert reverse("events:organiser_event_create") not in page

    client.force_login(organiser())
    page = client.get(START).content.decode()
    assert reverse("events:organiser_event_create") in page
    assert reverse("projects:case_create") not in page


def test_main_navigation_links_find_a_colleague_and_my_overview_for_staff(client):
    people = reverse("network:people")
    assert f'href="{people}"' not in client.get(reverse("home")).content.decode()

    client.force_login(consultant())
    page = client.get(reverse("home")).content.decode()

    assert f'href="{people}"' in page and "Find en kollega" in page
    assert f'href="{START}"' in page


def _fill(user, rows):
    network = NetworkFactory()
    network.coordinators.add(user)
    for index in range(rows):
        case = CaseFactory(visibility=Visibility.KLADDE if index % 2 else Visibility.INTERN)
        case.consultants.add(user)
        CitizenVoiceFactory(municipality=user.municipality)
        join_request(network, name=f"Kommune {index}")
        occurrence = OccurrenceFactory()
        occurrence.event.managers.add(user)
        RegistrationFactory(occurrence=occurrence)


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(START).status_code == 200
    return len(queries)


def test_start_page_query_count_is_constant_in_the_number_of_rows(client):
    user = admin_user(municipality=municipality("376"))
    client.force_login(user)
    _fill(user, 1)
    few = _queries(client)
    _fill(user, 12)
    assert _queries(client) == few
