"""Find a colleague: the people search, a person's page, and removing a person. Contact
details are for logged-in staff only; a removed person is gone from search and has no page,
but the meetings that list them still work."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import Person, Tag
from network.services import remove_person
from projects.models import Visibility
from samskabelse.exceptions import PermissionDenied
from samskabelse.models import Region
from tests.factories import (
    CaseFactory,
    LocalAreaFactory,
    MeetingFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    TagFactory,
    UserFactory,
    admin_user,
    consultant,
    municipality,
)

pytestmark = pytest.mark.django_db

PEOPLE = "/networks/people/"
HOLBAEK = "316"
GULDBORGSUND = "376"
KOLDING = "621"


def make_person(**fields):
    """PersonFactory with its many-to-many fields (tags, local_areas, cases) set too."""
    relations = {
        name: fields.pop(name) for name in ("tags", "local_areas", "cases") if name in fields
    }
    created = PersonFactory(**fields)
    for name, values in relations.items():
        getattr(created, name).set(values)
    return created


def faelles_skaber():
    return TagFactory(name="Fælles-skaber", slug="faelles-skaber", kind=Tag.Kind.ROLE)


def holbaek_corps():
    """Holbæk's corps of 14 fælles-skabere, one of them contact person for three local
    areas; a fælles-skaber elsewhere and a Holbæk playmaker who must not be found."""
    role = faelles_skaber()
    playmaker = TagFactory(name="Playmaker", slug="playmaker", kind=Tag.Kind.ROLE)
    corps = [make_person(tags=[role]) for _ in range(13)]
    areas = [LocalAreaFactory(name=name) for name in ("Tuse", "Svinninge", "Jyderup")]
    contact = make_person(name="Birgitte Holm", tags=[role], local_areas=areas)
    elsewhere = make_person(
        name="Per Sørensen", municipality=municipality(GULDBORGSUND), tags=[role]
    )
    other_role = make_person(name="Kasper Lund", tags=[playmaker])
    return {
        "corps": [*corps, contact],
        "contact": contact,
        "elsewhere": elsewhere,
        "other_role": other_role,
    }


def names_found(client, **query):
    response = client.get(PEOPLE, query)
    assert response.status_code == 200
    return {person.name for person in response.context["people"]}


def login(client, user):
    client.force_login(user)
    return user


# --- Searching ----------------------------------------------------------------------------


def test_the_holbaek_faelles_skaber_for_a_local_area_is_found_in_two_searches(client):
    people = holbaek_corps()
    login(client, consultant(KOLDING))

    first = names_found(client, q="Holbæk", role="faelles-skaber")
    second = names_found(client, q="Tuse")

    assert first == {person.name for person in people["corps"]}
    assert second == {"Birgitte Holm"}


def test_searching_the_municipality_and_the_local_area_together_finds_only_its_contact(client):
    holbaek_corps()

    assert names_found(client, q="Holbæk Svinninge") == {"Birgitte Holm"}


def test_free_text_finds_a_person_by_name_title_organisation_role_expertise_and_case(client):
    organisation = OrganisationFactory(name="Center for Offentlig Kompetenceudvikling")
    expertise = TagFactory(name="Facilitering", slug="facilitering", kind=Tag.Kind.EXPERTISE)
    case = CaseFactory(title="Æblehuset")
    make_person(
        name="Anne Berg",
        title="Chefkonsulent",
        organisation=organisation,
        tags=[expertise],
        cases=[case],
    )
    PersonFactory(name="Ole Dam", title="Leder")

    # "Æblehus", not "æblehus": SQLite's LIKE folds the case of ASCII letters only.
    for words in ("anne", "chefkonsulent", "kompetenceudvikling", "facilitering", "Æblehus"):
        assert names_found(client, q=words) == {"Anne Berg"}, words


def test_filters_narrow_by_expertise_municipality_region_and_case(client):
    expertise = TagFactory(name="Frivillighed", slug="frivillighed", kind=Tag.Kind.EXPERTISE)
    case = CaseFactory(title="Holbæks fælles-skabere", municipality=municipality(HOLBAEK))
    make_person(name="Holbæk-eksperten", tags=[expertise], cases=[case])
    make_person(name="Kolding-eksperten", municipality=municipality(KOLDING), tags=[expertise])
    PersonFactory(name="Uden ekspertise")

    assert names_found(client, expertise="frivillighed") == {
        "Holbæk-eksperten",
        "Kolding-eksperten",
    }
    assert names_found(client, municipality=KOLDING) == {"Kolding-eksperten"}
    assert names_found(client, region=Region.SJAELLAND) == {"Holbæk-eksperten", "Uden ekspertise"}
    assert names_found(client, case=case.slug) == {"Holbæk-eksperten"}


def test_the_case_filter_offers_only_cases_the_viewer_may_see(client):
    CaseFactory(title="Offentlig sag", slug="offentlig")
    draft = CaseFactory(title="Kladde", slug="kladde", visibility=Visibility.KLADDE)
    make_person(name="Med kladden", cases=[draft])

    response = client.get(PEOPLE, {"case": "kladde"})

    offered = {case.slug for case in response.context["form"].fields["case"].queryset}
    assert offered == {"offentlig"}
    assert "Med kladden" in {person.name for person in response.context["people"]}
    assert response.context["form"].errors  # ignored, with a message, not a 400


def test_unknown_filter_values_are_ignored_with_a_message(client):
    PersonFactory(name="Lise")

    response = client.get(PEOPLE, {"role": "findes-ikke", "municipality": "999"})

    assert response.status_code == 200
    assert {person.name for person in response.context["people"]} == {"Lise"}
    assert len(list(response.context["messages"])) == 1


def test_results_are_paginated(client):
    PersonFactory.create_batch(25)

    first = client.get(PEOPLE)
    second = client.get(PEOPLE, {"page": 2})

    assert len(first.context["people"]) == 20
    assert len(second.context["people"]) == 5


def test_the_search_page_uses_the_same_queries_for_3_and_30_people(
    client, django_assert_num_queries
):
    login(client, consultant())
    role = faelles_skaber()

    def people(count):
        for _ in range(count):
            make_person(tags=[role], local_areas=[LocalAreaFactory()])

    people(3)
    with CaptureQueriesContext(connection) as few:
        client.get(PEOPLE, {"q": "Holbæk"})
    people(27)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(PEOPLE, {"q": "Holbæk"})


# --- Contact details ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "shown"), [("anonymous", False), ("not staff", False), ("staff", True)]
)
def test_contact_details_are_shown_to_logged_in_staff_only(client, who, shown):
    person = PersonFactory(email="birgitte@holbaek.dk", phone="72 36 36 36")
    if who == "not staff":
        login(client, UserFactory())
    elif who == "staff":
        login(client, consultant())

    for url in (PEOPLE, person.get_absolute_url()):
        html = client.get(url).content.decode()
        assert ("birgitte@holbaek.dk" in html) is shown, url
        assert ("72 36 36 36" in html) is shown, url


# --- A person's page ----------------------------------------------------------------------


def test_person_page_shows_roles_expertise_local_areas_and_the_cases_the_viewer_may_see(
    client,
):
    role = faelles_skaber()
    expertise = TagFactory(name="Borgerinddragelse", slug="borger", kind=Tag.Kind.EXPERTISE)
    public = CaseFactory(title="Offentlig sag")
    internal = CaseFactory(title="Intern sag", visibility=Visibility.INTERN)
    person = make_person(
        tags=[role, expertise],
        local_areas=[LocalAreaFactory(name="Tuse")],
        cases=[public, internal],
    )

    anonymous = client.get(person.get_absolute_url())
    login(client, consultant(KOLDING))
    staff = client.get(person.get_absolute_url())

    html = anonymous.content.decode()
    for text in ("Fælles-skaber", "Borgerinddragelse", "Tuse", "Offentlig sag"):
        assert text in html
    assert "Intern sag" not in html
    assert "Intern sag" in staff.content.decode()


def test_person_page_lists_the_networks_they_are_member_of_or_coordinate_that_viewer_may_see(
    client,
):
    user = UserFactory()
    person = PersonFactory(user=user)
    member_of = MembershipFactory(
        network=NetworkFactory(name="Bevægelsen"), person=person, municipality=None
    ).network
    coordinated = NetworkFactory(name="COKs netværk")
    coordinated.coordinators.add(user)
    hidden = NetworkFactory(name="Skjult netværk", is_public=False)
    MembershipFactory(network=hidden, person=person, municipality=None)
    NetworkFactory(name="Andet netværk")

    response = client.get(person.get_absolute_url())

    names = {network.name for network in response.context["person"].network_list}
    assert names == {member_of.name, coordinated.name}
    coordinating = {n.name for n in response.context["person"].network_list if n.is_coordinator}
    assert coordinating == {"COKs netværk"}


def test_person_page_has_no_talks_until_the_events_app_links_speakers_to_people(client):
    person = PersonFactory()

    response = client.get(person.get_absolute_url())

    assert response.context["person"].talk_list == []


def test_person_page_uses_the_same_queries_for_few_and_many_cases_and_networks(
    client, django_assert_num_queries
):
    login(client, consultant())
    person = PersonFactory(user=UserFactory())

    def add(count):
        for _ in range(count):
            person.cases.add(CaseFactory())
            person.tags.add(TagFactory())
            person.local_areas.add(LocalAreaFactory())
            MembershipFactory(person=person, municipality=None)

    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get(person.get_absolute_url())
    add(10)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(person.get_absolute_url())


def test_unknown_person_page_is_404(client):
    assert client.get(reverse("network:person", args=["ingen"])).status_code == 404


# --- Removing a person --------------------------------------------------------------------


def test_removed_person_disappears_from_search_and_their_page_is_404_but_meetings_still_work(
    client,
):
    person = make_person(name="Birgitte Holm", tags=[faelles_skaber()])
    meeting = MeetingFactory()
    meeting.participants.add(person, PersonFactory(name="Jonas Kragh"))
    old_url = person.get_absolute_url()

    remove_person(user=consultant(), person=person)
    person.refresh_from_db()

    assert names_found(client, q="Birgitte") == set()
    assert person.name not in names_found(client)
    assert client.get(old_url).status_code == 404
    assert client.get(person.get_absolute_url()).status_code == 404
    assert meeting.participants.count() == 2
    assert person.email == "" and person.phone == ""


def test_staff_see_the_remove_button_and_removing_asks_for_confirmation_first(client):
    person = PersonFactory()
    login(client, consultant())

    page = client.get(person.get_absolute_url()).content.decode()
    confirm = client.get(reverse("network:person_remove", args=[person.slug]))

    assert reverse("network:person_remove", args=[person.slug]) in page
    assert confirm.status_code == 200
    assert Person.objects.get(pk=person.pk).anonymised_at is None


@pytest.mark.parametrize("staff_user", [consultant, admin_user])
def test_staff_and_admins_can_remove_a_person(client, staff_user):
    person = PersonFactory()
    login(client, staff_user())

    response = client.post(reverse("network:person_remove", args=[person.slug]))

    assert response.status_code == 302
    assert response.url == reverse("network:people")
    assert Person.objects.get(pk=person.pk).anonymised_at is not None


def test_others_cannot_remove_a_person_nor_see_the_button(client):
    person = PersonFactory()
    url = reverse("network:person_remove", args=[person.slug])

    anonymous = client.post(url)
    login(client, UserFactory())
    page = client.get(person.get_absolute_url()).content.decode()
    confirm = client.get(url)
    refused = client.post(url)

    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.url
    assert url not in page
    assert confirm.status_code == 403
    assert refused.status_code == 403
    assert Person.objects.get(pk=person.pk).anonymised_at is None


def test_remove_person_refuses_users_who_are_not_staff():
    person = PersonFactory()

    with pytest.raises(PermissionDenied):
        remove_person(user=UserFactory(), person=person)


def test_a_persons_page_lists_their_talks_at_published_theme_days(client):
    from events.models import Speaker
    from tests.factories import EventFactory, PersonFactory

    person = PersonFactory()
    Speaker.objects.create(
        event=EventFactory(title="Playmakerens temadag"), name=person.name,
        talk_title="At spille de andre gode", person=person,
    )  # fmt: skip
    Speaker.objects.create(
        event=EventFactory(title="Kladde", status="kladde"), name=person.name,
        talk_title="Hemmeligt oplæg", person=person,
    )  # fmt: skip
    html = client.get(person.get_absolute_url()).content.decode()
    assert "At spille de andre gode" in html and "Playmakerens temadag" in html
    assert "Hemmeligt oplæg" not in html
