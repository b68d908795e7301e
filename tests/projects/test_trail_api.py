"""GET /api/v1/cases/{slug}/trail/: the spreading trail as nodes and edges, with the same
visibility as the pages, in the schema, cached by ETag, in a bounded number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects import services
from projects.models import Visibility
from tests.factories import CaseFactory, api_token, consultant, municipality

pytestmark = pytest.mark.django_db

HOLBAEK = "316"


def trail_url(case_or_slug):
    return f"/api/v1/cases/{getattr(case_or_slug, 'slug', case_or_slug)}/trail/"


def auth(key):
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def spread(title, source=None, **fields):
    return CaseFactory(title=title, spread_from=source, **fields)


def test_the_trail_answers_nodes_and_edges_from_the_root(api_client):
    origin = spread("Bakkehuset", start_date=datetime.date(2016, 9, 1), unit="Plejecenter")
    holbaek, february = municipality(HOLBAEK), datetime.date(2017, 2, 1)
    case = spread("Æblehuset", origin, municipality=holbaek, start_date=february)
    spread("Solgården", case, start_date=datetime.date(2017, 6, 1))

    response = api_client.get(trail_url(case))

    assert response.status_code == 200
    body = response.json()
    assert body["case"] == case.slug
    assert body["truncated"] is False
    first, second, third = body["nodes"]
    assert first == {
        "id": "n0",
        "slug": origin.slug,
        "title": "Bakkehuset",
        "municipality": {"kommunekode": "376", "name": "Guldborgsund Kommune"},
        "unit": "Plejecenter",
        "date": "2016-09-01",
        "date_source": "start_date",
        "url": f"http://testserver/cases/{origin.slug}/",
        "generation": 0,
        "is_current": False,
        "hidden_count": 0,
    }
    assert (second["title"], second["is_current"], second["municipality"]["kommunekode"]) == (
        "Æblehuset",
        True,
        HOLBAEK,
    )
    assert third["generation"] == 2
    assert body["edges"] == [
        {"from": "n0", "to": "n1", "date": "2017-02-01"},
        {"from": "n1", "to": "n2", "date": "2017-06-01"},
    ]


def test_a_hidden_case_in_the_middle_is_a_node_with_nothing_but_its_count(api_client):
    origin = spread("Offentlig")
    hidden = spread(
        "Hemmelig", origin, visibility=Visibility.KLADDE, municipality=municipality(HOLBAEK)
    )
    spread("Også offentlig", hidden)

    body = api_client.get(trail_url(origin)).json()

    placeholder = body["nodes"][1]
    assert placeholder == {
        "id": "n1",
        "slug": None,
        "title": None,
        "municipality": None,
        "unit": None,
        "date": None,
        "date_source": None,
        "url": None,
        "generation": 1,
        "is_current": False,
        "hidden_count": 1,
    }
    assert "Hemmelig" not in str(body) and hidden.slug not in str(body)
    assert body["edges"][0]["to"] == "n1"


def test_a_case_the_client_may_not_see_is_404_like_one_that_does_not_exist(api_client):
    draft = CaseFactory(visibility=Visibility.KLADDE)
    internal = CaseFactory(visibility=Visibility.INTERN)

    assert api_client.get(trail_url(draft)).status_code == 404
    assert api_client.get(trail_url(internal)).status_code == 404
    assert api_client.get(trail_url("findes-ikke")).status_code == 404


def test_a_token_with_the_read_scope_sees_internal_cases_in_the_trail(api_client):
    origin = spread("Offentlig")
    spread("Intern", origin, visibility=Visibility.INTERN)
    _, key = api_token(user=consultant(HOLBAEK), scopes=("read",))

    anonymous = api_client.get(trail_url(origin)).json()
    with_token = api_client.get(trail_url(origin), **auth(key)).json()

    assert [node["title"] for node in anonymous["nodes"]] == ["Offentlig"]
    assert [node["title"] for node in with_token["nodes"]] == ["Offentlig", "Intern"]


def test_a_current_copy_is_answered_304_and_a_change_in_the_tree_changes_the_etag(api_client):
    origin = spread("Kilde")
    first = api_client.get(trail_url(origin))
    etag = first["ETag"]

    assert api_client.get(trail_url(origin), HTTP_IF_NONE_MATCH=etag).status_code == 304

    services.touch_cases(origin.pk)  # what a new case spread from it does
    again = api_client.get(trail_url(origin), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200


def test_the_trail_costs_as_many_queries_for_sixty_cases_as_for_three(
    api_client, settings, django_assert_max_num_queries
):
    settings.API_RESPONSE_CACHE = False  # every request builds its body
    small, large = spread("Lille"), spread("Stor")
    for _ in range(2):
        spread("Gren", small)
    parents = [large]
    for n in range(60):
        parents.append(spread(f"Gren {n}", parents[n // 4]))

    with CaptureQueriesContext(connection) as for_small:
        assert len(api_client.get(trail_url(small)).json()["nodes"]) == 3
    with django_assert_max_num_queries(len(for_small.captured_queries)):
        assert len(api_client.get(trail_url(large)).json()["nodes"]) == 61
    assert len(for_small.captured_queries) <= 5  # the case, three for the trail, a cache


def test_the_trail_is_in_the_schema_with_its_serializer(api_client):
    schema = api_client.get("/api/v1/schema/", {"format": "json"}).json()

    operation = schema["paths"]["/api/v1/cases/{slug}/trail/"]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Trail"
    }
    assert {"404", "304"} <= set(operation["responses"])
    edge = schema["components"]["schemas"]["TrailEdge"]["properties"]
    assert set(edge) == {"from", "to", "date"}
    node = schema["components"]["schemas"]["TrailNode"]["properties"]
    assert {"slug", "title", "municipality", "unit", "date", "url"} <= set(node)
