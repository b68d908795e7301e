import os
import uuid

import pytest
from django.db import connection
from rest_framework.test import APIClient

from samskabelse.celery import app as celery_app


@pytest.fixture(autouse=True)
def celery_eager(request):
    """Tasks run in-process (mail lands in mail.outbox) except in integration tests, which
    need the real worker that .ci/run starts against Redis."""
    eager = request.node.get_closest_marker("integration") is None
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def clear_cache():
    """Throttle counters and cached pages must not leak from one test into the next."""
    _clear_cache()
    yield
    _clear_cache()


def _clear_cache():
    from django.core.cache import cache
    from django.core.cache.backends.redis import RedisCache

    if isinstance(cache, RedisCache):
        # Only our own keys: the same Redis database also holds Celery's queue.
        client = cache._cache.get_client(write=True)
        for key in client.scan_iter(match=f"{cache.key_prefix}:*"):
            client.delete(key)
    else:
        cache.clear()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files go to a throwaway folder, never into the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def fresh_database_url(tmp_path):
    """A database of its own for the burst tests (tests/burst.py): the probe's processes
    commit for real."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'burst.sqlite3'}"
        return
    import psycopg2

    settings = connection.settings_dict
    name = f"samskabelse_burst_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(
        dbname="postgres",
        user=settings["USER"],
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    user = settings["USER"]
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    yield f"postgres://{user}@{host}:{port}/{name}"
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what the services queue with transaction.on_commit, as a real commit would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def superuser_client(client):
    """The test client logged in as an admin (a superuser), for the Django admin's pages."""
    from tests.factories import admin_user

    client.force_login(admin_user())
    return client


def shared_redis_url():
    return os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


@pytest.fixture
def shared_redis(settings):
    """The cache is a real Redis, as every web process shares it in production; no process
    keeps a token found before the test."""
    from django.core.cache import cache

    from samskabelse import cache as fail_soft
    from samskabelse.api.authentication import found_tokens

    settings.CACHES = {
        "default": {
            "BACKEND": "samskabelse.cache.RedisCache",
            "LOCATION": shared_redis_url(),
            "KEY_PREFIX": "samskabelse",  # the settings' own, as the other process has it
        }
    }
    fail_soft.outages._skip_until.clear()
    try:
        cache.clear()
    except Exception:  # noqa: BLE001 - the probe: no Redis here
        pytest.skip("needs Redis on 127.0.0.1:6379")
    if fail_soft.outages.is_down(cache._location_key):
        pytest.skip("needs Redis on 127.0.0.1:6379")
    found_tokens.clear()
    yield cache
    cache.clear()
    found_tokens.clear()
