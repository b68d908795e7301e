"""Find a colleague matches Danish word forms: a plural or definite form of a role, an
expertise or a job title finds the person, on SQLite and PostgreSQL alike, in the same one
bounded query; names are matched as written."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.models import Tag
from network.people_selectors import danish_stem, find_people
from tests.factories import PersonFactory, TagFactory, UserFactory
from tests.network.test_people import make_person

pytestmark = pytest.mark.django_db

PAGE = "/networks/people/"


def names(response):
    assert response.status_code == 200, response.content
    return {person.name for person in response.context["people"]}


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("playmakere", "playmak"),
        ("fællesskaberne", "fællesskab"),
        ("frivillighedskonsulenter", "frivillighedskonsulent"),
        ("lokalsamfundene", "lokalsamfund"),
        ("Kolding", "Kolding"),
        ("ung", "ung"),
    ],
)
def test_danish_stem_removes_inflection_endings(word, stem):
    assert danish_stem(word) == stem


def test_plural_and_definite_forms_of_a_role_find_the_person(client):
    playmaker = TagFactory(name="Playmaker", slug="playmaker", kind=Tag.Kind.ROLE)
    skaber = TagFactory(name="Fælles-skaber", slug="faelles-skaber", kind=Tag.Kind.ROLE)
    make_person(name="Vibeke Breuerbach", title="Konsulent", tags=[playmaker])
    make_person(name="Lone Nørgård Larsen", title="Konsulent", tags=[skaber])
    PersonFactory(name="Ole Dam", title="Leder")

    assert names(client.get(PAGE, {"q": "playmakere"})) == {"Vibeke Breuerbach"}
    assert names(client.get(PAGE, {"q": "playmakerne"})) == {"Vibeke Breuerbach"}
    assert names(client.get(PAGE, {"q": "fællesskaberne"})) == {"Lone Nørgård Larsen"}
    assert names(client.get(PAGE, {"q": "fælles-skaberen"})) == {"Lone Nørgård Larsen"}


def test_plural_of_a_job_title_and_an_expertise_find_the_person(client):
    expertise = TagFactory(
        name="Borgerinddragelse", slug="borgerinddragelse", kind=Tag.Kind.EXPERTISE
    )
    make_person(name="Jonas Thygesen", title="Frivillighedskonsulent", tags=[expertise])

    assert names(client.get(PAGE, {"q": "frivillighedskonsulenter"})) == {"Jonas Thygesen"}
    assert names(client.get(PAGE, {"q": "borgerinddragelsen"})) == {"Jonas Thygesen"}


def test_a_first_name_is_matched_as_written(client):
    PersonFactory(name="Karsten Holm", title="Leder")
    PersonFactory(name="Karen Juul", title="Leder")

    assert names(client.get(PAGE, {"q": "Karen"})) == {"Karen Juul"}


def test_word_forms_keep_the_search_one_query():
    TagFactory(name="Playmaker", slug="playmaker", kind=Tag.Kind.ROLE)
    viewer = UserFactory()
    with CaptureQueriesContext(connection) as queries:
        list(find_people(user=viewer, q="playmakere fællesskaberne").values("pk"))
    assert len(queries) == 1
