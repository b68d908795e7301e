"""Hostile JSON gets a clear 4xx, never a 500: a body over 1 MB is a 413, nesting deeper than
32 levels a 400 with a Danish message, found without recursion (samskabelse/api/parsers.py)."""

import json

import pytest

from samskabelse.api.parsers import json_depth
from tests.factories import api_token, consultant

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"


@pytest.fixture
def writer():
    return {"HTTP_AUTHORIZATION": f"Token {api_token(consultant(), scopes=['write:cases'])[1]}"}


def post(api_client, body, headers):
    return api_client.generic("POST", CASES, body, content_type="application/json", **headers)


def test_fifty_thousand_open_brackets_are_a_400_that_says_the_json_is_nested_too_deep(
    api_client, writer
):
    response = post(api_client, "[" * 50_000, writer)

    assert response.status_code == 400
    assert response.json()["detail"] == "JSON'en er indlejret mere end 32 niveauer dybt."


def test_nesting_up_to_32_levels_is_parsed_and_checked_as_usual(api_client, writer):
    nested = {"title": "Dyb"}
    for _ in range(31):
        nested = {"inner": nested}

    response = post(api_client, json.dumps(nested), writer)

    assert response.status_code == 400
    assert "detail" not in response.json()  # field errors: the body was parsed
    assert json_depth(json.dumps(nested).encode()) == 32


def test_brackets_inside_strings_nest_nothing(api_client, writer):
    body = json.dumps({"title": "[" * 1000 + '\\"{' * 500, "summary": "]]]"})

    response = post(api_client, body, writer)

    assert response.status_code == 400
    assert "title" not in response.json() or "detail" not in response.json()
    assert json_depth(body.encode()) == 1


def test_a_body_over_one_megabyte_is_a_413(api_client, writer):
    body = json.dumps({"title": "x" * (1024 * 1024)})

    response = post(api_client, body, writer)

    assert response.status_code == 413
    assert response.json()["detail"] == "Forespørgslens indhold er større end 1024 kB."


def test_an_ordinary_write_still_works(api_client, writer):
    response = post(api_client, "{}", writer)

    assert response.status_code == 400
    assert "title" in response.json()


def test_a_form_post_with_too_many_fields_is_a_400(client):
    fields = {f"field{n}": "x" for n in range(1001)}

    response = client.post("/accounts/login/", fields)

    assert response.status_code == 400
