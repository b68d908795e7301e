"""`?search=` is an alias of `?q=` on every API list that searches, documented in the
schema; other unknown query parameters are ignored (pretix's practice)."""

import pytest

from tests.factories import consultant
from tests.network.test_people import make_person
from tests.projects.test_api import CASES, published_case, slugs

pytestmark = pytest.mark.django_db

PEOPLE = "/api/v1/people/"
SCHEMA = "/api/v1/schema/"


def test_search_finds_the_same_cases_as_q(api_client):
    found = published_case(title="Skolehaven", story="Eleverne byggede en baghave med naboerne.")
    published_case(title="Kaffeklubben")

    by_q = slugs(api_client.get(CASES, {"q": "baghave"}))
    by_search = slugs(api_client.get(CASES, {"search": "baghave"}))

    assert by_search == by_q == [found.slug]


def test_q_wins_when_both_q_and_search_are_given(api_client):
    haven = published_case(title="Skolehaven", story="En baghave.")
    published_case(title="Kaffeklubben", story="Kaffe og kage.")

    assert slugs(api_client.get(CASES, {"q": "baghave", "search": "kage"})) == [haven.slug]


def test_search_finds_the_same_people_as_q(api_client):
    make_person(name="Birgitte Holm")
    make_person(name="Kasper Lund")
    api_client.force_login(consultant())

    def names(**query):
        return [item["name"] for item in api_client.get(PEOPLE, query).json()["results"]]

    assert names(search="Birgitte") == names(q="Birgitte") == ["Birgitte Holm"]


def test_a_search_value_is_validated_as_q_is(api_client):
    api_client.force_login(consultant())
    too_many = " ".join(f"ord{number}" for number in range(20))

    by_q = api_client.get(PEOPLE, {"q": too_many})
    by_search = api_client.get(PEOPLE, {"search": too_many})

    assert by_q.status_code == by_search.status_code == 400
    assert by_search.json() == by_q.json()


def test_unknown_query_parameters_are_ignored(api_client):
    found = published_case(title="Skolehaven")

    assert slugs(api_client.get(CASES, {"colour": "blue"})) == [found.slug]


def test_the_schema_documents_search_beside_q_on_every_searching_list(api_client):
    schema = api_client.get(SCHEMA, {"format": "json"}).json()

    for path, operation in ((path, item.get("get")) for path, item in schema["paths"].items()):
        if not operation:
            continue
        names = {parameter["name"] for parameter in operation.get("parameters", [])}
        assert ("q" in names) == ("search" in names), path
    people = {p["name"] for p in schema["paths"][PEOPLE]["get"]["parameters"]}
    cases = {p["name"] for p in schema["paths"][CASES]["get"]["parameters"]}
    assert {"q", "search"} <= people & cases
