"""Tokens kept in each web process's memory, with Redis (as in production): a busy token
costs no query and no Redis round trip of its own, and a token revoked in another process
is refused by this one on its very next request. With Redis down nothing kept is used."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samskabelse import cache as fail_soft
from samskabelse.api import versions
from samskabelse.api.authentication import found_tokens
from tests.conftest import shared_redis_url
from tests.factories import api_token

ROOT = Path(__file__).resolve().parents[2]
READ = "/api/v1/municipalities/"


class RoundTrips:
    def __init__(self, monkeypatch):
        self.count = 0
        send = redis.connection.AbstractConnection.send_packed_command

        def counting(connection_self, command, check_health=True):
            self.count += 1
            return send(connection_self, command, check_health)

        monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counting)


def get_with(api_client, key=None):
    headers = {"HTTP_AUTHORIZATION": f"Token {key}"} if key else {}
    return api_client.get(READ, **headers)


def token_queries(captured):
    return [query["sql"] for query in captured if "samskabelse_apitoken" in query["sql"]]


@pytest.mark.django_db
def test_a_busy_token_costs_no_query_and_no_redis_round_trip_of_its_own(
    shared_redis, api_client, monkeypatch
):
    _token, key = api_token(scopes=["read"])
    assert get_with(api_client, key).status_code == 200
    round_trips = RoundTrips(monkeypatch)
    assert get_with(api_client).status_code == 200
    anonymous = round_trips.count
    round_trips.count = 0

    with CaptureQueriesContext(connection) as captured:
        assert get_with(api_client, key).status_code == 200

    assert token_queries(captured) == []
    # The version check rides the throttle's round trip: no more than an anonymous request.
    assert round_trips.count == anonymous


@pytest.mark.django_db
def test_the_token_throttle_still_counts_every_request_of_a_kept_token(
    shared_redis, api_client, monkeypatch
):
    from samskabelse.api.throttling import TokenThrottle

    monkeypatch.setattr(TokenThrottle, "THROTTLE_RATES", {"token": "3/min", "anon": None})
    _token, key = api_token(scopes=["read"])
    statuses = [get_with(api_client, key).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.django_db
def test_a_kept_token_is_looked_up_again_after_a_change_of_any_token(shared_redis, api_client):
    token, key = api_token(scopes=["read"])
    assert get_with(api_client, key).status_code == 200
    api_token(scopes=["read"])  # another token: the version moves on

    with CaptureQueriesContext(connection) as captured:
        assert get_with(api_client, key).status_code == 200
    assert len(token_queries(captured)) == 1


@pytest.mark.django_db
def test_with_redis_down_a_kept_token_is_checked_in_the_database(
    shared_redis, api_client, settings
):
    token, key = api_token(scopes=["read"])
    assert get_with(api_client, key).status_code == 200
    assert found_tokens.get(token.key_hash) is not None
    settings.CACHES = {
        "default": {"BACKEND": "samskabelse.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    # Revoked while Redis is away: no version can say so, so the database is asked.
    token.revoked_at = token.created_at
    token.save()

    with CaptureQueriesContext(connection) as captured:
        assert get_with(api_client, key).status_code == 401
    assert len(token_queries(captured)) == 1
    fail_soft.outages._skip_until.clear()


def revoke_in_another_process(token_pk):
    """Revoke the token the way the admin does, in a separate Python process sharing the
    database and Redis, as another web worker or host would."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samskabelse.settings",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        "REDIS_URL": shared_redis_url(),
        "SECRET_KEY": os.environ.get("SECRET_KEY", "test-only-not-a-secret-0123456789abcdef"),
        "DEBUG": "1",  # development defaults for what the test does not set
    }
    code = (
        "import django; django.setup()\n"
        "from samskabelse.models import ApiToken\n"
        "from samskabelse.services import revoke_api_token\n"
        f"revoke_api_token(token=ApiToken.objects.get(pk={token_pk}))\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, timeout=60)


@pytest.mark.django_db(transaction=True)
def test_a_token_revoked_in_another_process_is_refused_here_on_the_next_request(
    shared_redis, api_client
):
    if connection.vendor != "postgresql":
        pytest.skip("another process needs a database it can share (PostgreSQL)")
    token, key = api_token(scopes=["read"])
    assert get_with(api_client, key).status_code == 200
    assert get_with(api_client, key).status_code == 200
    kept_under = cache.get(versions.TOKENS)

    revoke_in_another_process(token.pk)

    assert cache.get(versions.TOKENS) != kept_under
    assert get_with(api_client, key).status_code == 401
