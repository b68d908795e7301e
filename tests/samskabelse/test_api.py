import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from drf_spectacular.validation import validate_schema
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from samskabelse.api import throttling
from samskabelse.api.authentication import TokenAuthentication
from samskabelse.api.permissions import TokenHasScope
from samskabelse.models import ApiScope, ApiToken
from samskabelse.services import revoke_api_token
from tests.factories import UserFactory, api_token

pytestmark = pytest.mark.django_db


def auth(key):
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def test_municipality_list_is_paginated_in_the_documented_shape(api_client):
    response = api_client.get("/api/v1/municipalities/", {"page_size": 10})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 98
    assert len(body["results"]) == 10
    assert body["previous"] is None and "page=2" in body["next"]


def test_page_size_goes_up_to_200(api_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = api_client.get("/api/v1/municipalities/", {"page_size": 200})
    assert len(response.json()["results"]) == 98  # all of them, below the cap of 200


@pytest.mark.parametrize("value", ["1000", "0", "-5", "ti", "", "2.5"])
def test_a_page_size_outside_1_to_200_is_a_400_not_a_different_page(api_client, value):
    response = api_client.get("/api/v1/municipalities/", {"page_size": value})
    assert response.status_code == 400
    assert "page_size" in response.json()


@pytest.mark.parametrize("value", ["0", "-1", "last", "en"])
def test_a_page_that_is_not_a_whole_number_from_1_is_a_400(api_client, value):
    response = api_client.get("/api/v1/municipalities/", {"page": value})
    assert response.status_code == 400
    assert "page" in response.json()


def test_a_page_past_the_last_is_a_404(api_client):
    assert api_client.get("/api/v1/municipalities/", {"page": 99}).status_code == 404


def test_an_unknown_api_address_is_a_json_404(api_client):
    response = api_client.get("/api/v1/organisations/1.5/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_municipalities_filter_by_region_and_order_by_code(api_client):
    response = api_client.get("/api/v1/municipalities/", {"region": 1085, "ordering": "-code"})
    results = response.json()["results"]
    assert len(results) == 17
    assert all(row["region_name"] == "Region Sjælland" for row in results)
    codes = [row["kommunekode"] for row in results]
    assert codes == sorted(codes, reverse=True)


def test_municipality_detail_is_found_by_kommunekode(api_client):
    response = api_client.get("/api/v1/municipalities/376/")
    assert response.json()["name"] == "Guldborgsund Kommune"


def test_unknown_filter_value_is_a_400_with_a_danish_message(api_client):
    response = api_client.get("/api/v1/municipalities/", {"region": "9999"})
    assert response.status_code == 400
    assert "gyldig valgmulighed" in response.json()["region"][0]


def test_errors_are_in_english_when_the_client_asks_for_english(api_client):
    response = api_client.get(
        "/api/v1/municipalities/", {"region": "9999"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "valid choice" in response.json()["region"][0]


def test_organisation_list_filters_by_kind_and_kommunekode(api_client):
    from tests.factories import OrganisationFactory, municipality

    OrganisationFactory(name="Ældre Sagen Nykøbing", municipality=municipality("376"))
    OrganisationFactory(name="Fodboldklubben", municipality=municipality("101"))
    response = api_client.get("/api/v1/organisations/", {"municipality": "376"})
    assert [row["name"] for row in response.json()["results"]] == ["Ældre Sagen Nykøbing"]
    assert response.json()["results"][0]["municipality"] == "376"


def test_valid_token_authenticates_and_records_last_use(api_client):
    token, key = api_token()
    assert token.last_used_at is None
    response = api_client.get("/api/v1/municipalities/", **auth(key))
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_only_a_hash_of_the_key_is_stored():
    token, key = api_token()
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.key_hash, stored.prefix, str(stored.scopes))
    assert stored.prefix == key[:8]


@pytest.mark.parametrize("state", ["unknown", "revoked", "expired", "inactive user"])
def test_unusable_token_is_refused_with_401(api_client, state):
    token, key = api_token()
    if state == "unknown":
        key = "ikke-en-rigtig-nogle"
    elif state == "revoked":
        revoke_api_token(token=token)
    elif state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(1))
    else:
        token.user.is_active = False
        token.user.save()
    response = api_client.get("/api/v1/municipalities/", **auth(key))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_browser_session_authenticates_the_api(client):
    client.force_login(UserFactory())
    response = client.get("/api/v1/municipalities/")
    assert response.status_code == 200
    assert response.wsgi_request.user.is_authenticated


class WriteCasesView(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [TokenHasScope]
    required_scopes = {"POST": ApiScope.WRITE_CASES}

    def get(self, request):
        return Response({"ok": True})

    def post(self, request):
        return Response({"ok": True}, status=201)


@pytest.mark.parametrize(
    ("scopes", "method", "expected"),
    [
        (["read"], "get", 200),
        (["read"], "post", 403),
        (["write:cases"], "post", 201),
        (["write:registrations"], "post", 403),
    ],
)
def test_a_token_may_only_write_with_the_scope_the_view_requires(scopes, method, expected):
    _token, key = api_token(scopes=scopes)
    request = getattr(APIRequestFactory(), method)("/", **auth(key))
    assert WriteCasesView.as_view()(request).status_code == expected


def test_anonymous_clients_cannot_write():
    request = APIRequestFactory().post("/")
    assert WriteCasesView.as_view()(request).status_code == 401


def test_createapitoken_prints_the_key_alone_on_the_last_line(api_client):
    user = UserFactory(email="intranet@holbaek.dk")
    out = io.StringIO()
    call_command(
        "createapitoken", "intranet@holbaek.dk", "--scopes", "read,write:cases", stdout=out
    )
    key = out.getvalue().strip().splitlines()[-1]
    assert " " not in key and len(key) >= 40
    token = ApiToken.objects.get(user=user)
    assert sorted(token.scopes) == ["read", "write:cases"]
    assert api_client.get("/api/v1/municipalities/", **auth(key)).status_code == 200


def test_createapitoken_refuses_unknown_scopes_and_users():
    UserFactory(email="intranet@holbaek.dk")
    with pytest.raises(CommandError, match="admin"):
        call_command("createapitoken", "intranet@holbaek.dk", "--scopes", "read,admin")
    with pytest.raises(CommandError):
        call_command("createapitoken", "ingen@holbaek.dk")
    assert not ApiToken.objects.exists()


def test_anonymous_clients_are_throttled(api_client, monkeypatch):
    monkeypatch.setattr(throttling.AnonThrottle, "THROTTLE_RATES", {"anon": "3/min"})
    statuses = [api_client.get("/api/v1/municipalities/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "Retry-After" in api_client.get("/api/v1/municipalities/")


def test_tokens_are_throttled_per_token(api_client, monkeypatch):
    monkeypatch.setattr(throttling.TokenThrottle, "THROTTLE_RATES", {"token": "2/min"})
    _first, first_key = api_token()
    _second, second_key = api_token()
    statuses = [
        api_client.get("/api/v1/municipalities/", **auth(first_key)).status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert api_client.get("/api/v1/municipalities/", **auth(second_key)).status_code == 200


def test_openapi_schema_is_valid_openapi_3(api_client):
    response = api_client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/municipalities/" in schema["paths"]
    token_scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert token_scheme["type"] == "apiKey" and token_scheme["name"] == "Authorization"


def test_every_write_in_the_schema_documents_its_json_body_and_the_400_it_may_answer(api_client):
    schema = api_client.get("/api/v1/schema/", {"format": "json"}).json()
    writes = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in {"post", "patch", "put"}
    ]
    assert writes
    for path, method, operation in writes:
        if "requestBody" not in operation:  # a body-less action, e.g. cancel by token
            continue
        assert "application/json" in operation["requestBody"]["content"], (path, method)
        assert "400" in operation["responses"], (path, method)
    bodies = {(path, method) for path, method, operation in writes if "requestBody" in operation}
    assert ("/api/v1/cases/", "post") in bodies
    assert ("/api/v1/cases/{slug}/journal/", "post") in bodies


def test_api_docs_page_loads_no_cdn(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "https://" not in html


def test_api_docs_page_allows_only_its_inline_style_not_inline_script(client):
    policy = client.get("/api/v1/docs/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self';" in policy or policy.endswith("script-src 'self'")


def test_a_revoked_token_stops_working_at_once_even_after_recent_use(api_client):
    token, key = api_token()
    assert api_client.get("/api/v1/municipalities/", **auth(key)).status_code == 200
    revoke_api_token(token=token)
    assert api_client.get("/api/v1/municipalities/", **auth(key)).status_code == 401


def test_a_busy_token_costs_no_query_to_authenticate(api_client, django_assert_num_queries):
    _token, key = api_token()
    api_client.get("/api/v1/municipalities/", **auth(key))
    with django_assert_num_queries(2):  # the page's count and rows; none for the token
        api_client.get("/api/v1/municipalities/", **auth(key))
