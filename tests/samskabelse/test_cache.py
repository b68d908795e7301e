"""The cache only makes the site faster: with Redis down every read is a miss that falls
through to the database, every write is dropped, and limits let people through. Without
Redis, one database table is the cache every process shares."""

import time

import pytest
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError

from projects import caching
from samskabelse import cache as fail_soft
from samskabelse.api.throttling import AnonThrottle
from tests.events.test_pages import register
from tests.factories import OccurrenceFactory, api_token

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def outages():
    fail_soft.outages._skip_until.clear()
    yield fail_soft.outages
    fail_soft.outages._skip_until.clear()


@pytest.fixture
def redis_down(settings, outages):
    settings.CACHES = {
        "default": {"BACKEND": "samskabelse.cache.RedisCache", "LOCATION": DEAD_REDIS}
    }
    return outages


@pytest.fixture
def database_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "samskabelse_cache",
        }
    }
    cache.clear()


def test_with_redis_down_reads_miss_and_writes_are_dropped_without_an_error(redis_down):
    assert cache.get("anything") is None
    assert cache.get("anything", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("anything") is False
    cache.set("key", "value")
    assert cache.add("key", "value") is False
    assert cache.delete("key") is False
    cache.delete_many(["a", "b"])
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.get_or_set("key", "computed") == "computed"


def test_with_redis_down_a_counter_counts_as_new_so_limits_let_people_through(redis_down):
    assert cache.incr("counter") == 1
    assert cache.incr("counter", 5) == 5


def test_a_dead_redis_is_skipped_for_a_few_seconds_after_the_first_failure(redis_down, monkeypatch):
    attempts = []

    def refuse(self, *args, **kwargs):
        attempts.append(args)
        raise RedisConnectionError("connection refused")

    monkeypatch.setattr(DjangoRedisCacheClient, "get", refuse)
    started = time.monotonic()
    for _ in range(200):
        assert cache.get("anything") is None
    assert len(attempts) == 1, "every call tried to reach Redis again"
    assert time.monotonic() - started < 0.5

    monkeypatch.setattr(fail_soft, "SKIP_SECONDS", 0.0)
    redis_down.mark_down(cache._location_key)  # the window is over at once
    cache.get("anything")
    assert len(attempts) == 2, "Redis was not tried again after the window"


def test_redis_cache_keeps_short_socket_timeouts(settings):
    settings.CACHES = {
        "default": {"BACKEND": "samskabelse.cache.RedisCache", "LOCATION": DEAD_REDIS}
    }
    options = cache._cache._pool_options
    assert options["socket_connect_timeout"] <= 0.5
    assert options["socket_timeout"] <= 1


def test_with_redis_down_the_api_answers_anonymous_and_token_requests(redis_down, api_client):
    _, key = api_token(scopes=["read"])
    assert api_client.get("/api/v1/municipalities/").status_code == 200
    answer = api_client.get("/api/v1/municipalities/", HTTP_AUTHORIZATION=f"Token {key}")
    assert answer.status_code == 200


def test_with_redis_down_a_citizen_can_still_register_on_the_page(redis_down, client):
    occurrence = OccurrenceFactory(capacity=5)
    response = register(client, occurrence)
    assert response.status_code == 302
    assert occurrence.registrations.count() == 1


def test_with_redis_down_case_pages_and_case_api_answer(redis_down, client, api_client):
    assert client.get("/cases/").status_code == 200
    assert api_client.get("/api/v1/cases/").status_code == 200


# --- The database cache: the shared cache when there is no Redis -----------------------


def test_migrate_creates_the_database_cache_table_and_it_keeps_values(database_cache):
    cache.set("key", {"value": 1}, timeout=60)
    assert cache.get("key") == {"value": 1}
    assert cache.add("counter", 0)
    assert cache.incr("counter") == 1
    assert cache.incr("counter") == 2


def test_api_throttle_counts_in_the_database_cache(database_cache, api_client, monkeypatch):
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "3/min"})
    answers = [api_client.get("/api/v1/municipalities/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]


def test_public_form_limit_counts_in_the_database_cache(database_cache, client):
    from events.views import REGISTRATION_LIMIT

    occurrence = OccurrenceFactory(capacity=100)
    for number in range(REGISTRATION_LIMIT.per_window):
        assert register(client, occurrence, email=f"p{number}@example.dk").status_code == 302
    assert register(client, occurrence, email="one-too-many@example.dk").status_code == 429


def test_case_version_is_kept_in_the_database_cache(database_cache):
    first = caching.cases_version()
    assert caching.cases_version() == first
    caching.bump_cases_version()
    assert caching.cases_version() != first


# --- Counting in one round trip ---------------------------------------------------------


@pytest.fixture
def real_redis(settings, outages):
    settings.CACHES = {
        "default": {"BACKEND": "samskabelse.cache.RedisCache", "LOCATION": REAL_REDIS}
    }
    try:
        cache.clear()
    except Exception:  # noqa: BLE001 - the probe: no Redis here
        pytest.skip("needs Redis on 127.0.0.1:6379")
    if outages.is_down(cache._location_key):
        pytest.skip("needs Redis on 127.0.0.1:6379")
    yield cache
    cache.clear()


REAL_REDIS = "redis://127.0.0.1:6379/15"


def test_a_window_counter_counts_and_keeps_the_lifetime_of_its_first_count(real_redis):
    counts = [fail_soft.count_in_window("window", timeout=30) for _ in range(5)]
    assert counts == [1, 2, 3, 4, 5]
    client = real_redis._cache.get_client(write=True)
    key = real_redis.make_and_validate_key("window")
    client.expire(key, 7)  # later counts must not lengthen the window again
    fail_soft.count_in_window("window", timeout=30)
    assert 0 < client.ttl(key) <= 7


def test_a_window_counter_is_one_round_trip_to_redis(real_redis, monkeypatch):
    import redis

    calls = []
    monkeypatch.setattr(
        redis.Redis, "execute_command", lambda self, *args, **kw: calls.append(args)
    )
    monkeypatch.setattr(
        redis.client.Pipeline,
        "execute",
        lambda self, raise_on_error=True: calls.append("pipeline") or [1, True],
    )
    assert fail_soft.count_in_window("window", timeout=30) == 1
    assert calls == ["pipeline"]


def test_with_redis_down_a_window_counter_counts_one(redis_down):
    assert fail_soft.count_in_window("window", timeout=30) == 1


def test_api_throttle_counts_in_redis(real_redis, api_client, monkeypatch):
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "3/min"})
    answers = [api_client.get("/api/v1/municipalities/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]


def test_with_redis_down_the_case_list_is_built_from_the_database(redis_down, api_client, settings):
    from tests.factories import CaseFactory

    settings.API_ROW_CACHE = True
    cases = [CaseFactory(spread_from=None) for _ in range(3)]
    for _ in range(2):  # nothing was kept the first time, nothing is read the second
        body = api_client.get("/api/v1/cases/", {"page_size": 2, "page": 2}).json()
        assert [case["slug"] for case in body["results"]] == [cases[0].slug]
        assert body["count"] == 3


def redis_calls(monkeypatch):
    """The Redis round trips from now on, as a list: each command's name, or "pipeline"."""
    import redis

    calls = []
    command, pipeline = redis.Redis.execute_command, redis.client.Pipeline.execute
    monkeypatch.setattr(
        redis.Redis,
        "execute_command",
        lambda self, *args, **kw: calls.append(args[0]) or command(self, *args, **kw),
    )
    monkeypatch.setattr(
        redis.client.Pipeline,
        "execute",
        lambda self, *args, **kw: calls.append("pipeline") or pipeline(self, *args, **kw),
    )
    return calls


def test_a_case_page_with_kept_rows_is_three_round_trips_to_redis(
    real_redis, api_client, settings, monkeypatch
):
    """The throttle's count with the cases version, the count with the page's anchors, the
    page's rows: one round trip each, once the rows and the anchors are kept."""

    from tests.factories import CaseFactory

    settings.API_RESPONSE_CACHE = False
    settings.API_ROW_CACHE = True
    for _ in range(5):
        CaseFactory()
    for _ in range(2):
        assert api_client.get("/api/v1/cases/", {"page_size": 2, "page": 2}).status_code == 200
    calls = redis_calls(monkeypatch)
    body = api_client.get("/api/v1/cases/", {"page_size": 2, "page": 2}).json()
    assert len(body["results"]) == 2 and body["count"] == 5
    assert sorted(calls) == ["MGET", "MGET", "pipeline"], calls


def test_a_public_filtered_page_and_a_search_are_few_round_trips_to_redis(
    real_redis, api_client, settings, monkeypatch
):
    """A public filter combination: the throttle with the versions and the page's rows (the
    counts of every combination are kept in the process). A search the first time: the
    throttle, one read of its kept matches (a miss), their write, the rows and theirs; the
    same search again: the throttle, its kept matches, the rows."""

    from tests.factories import CaseFactory

    settings.API_RESPONSE_CACHE = False
    settings.API_ROW_CACHE = True
    for n in range(4):
        CaseFactory(title=f"Madklub {n}", status="afsluttet" if n % 2 else "ide")
    assert api_client.get("/api/v1/cases/").json()["count"] == 4  # every row kept
    assert api_client.get("/api/v1/cases/", {"status": "ide"}).json()["count"] == 2
    calls = redis_calls(monkeypatch)
    body = api_client.get("/api/v1/cases/", {"status": "afsluttet"}).json()
    assert body["count"] == 2 and len(body["results"]) == 2
    assert sorted(calls) == ["MGET", "pipeline"], calls
    calls.clear()
    assert api_client.get("/api/v1/cases/", {"q": "madklub"}).json()["count"] == 4
    assert calls.count("GET") == 1 and len(calls) <= 5, calls
    calls.clear()
    assert api_client.get("/api/v1/cases/", {"q": "madklub"}).json()["count"] == 4
    assert sorted(calls) == ["GET", "MGET", "pipeline"], calls
