"""What /healthz checks: each dependency answers or it does not."""

import logging
import uuid

from django.core.cache import cache
from django.db import connection

from .celery import app as celery_app

logger = logging.getLogger(__name__)

OK = "ok"
FAILING = "fejl"


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    key = f"healthz-{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return the value just written")
    cache.delete(key)


def check_broker():
    """With eager Celery (no REDIS_URL) there is no broker to reach: tasks run in-process."""
    if celery_app.conf.task_always_eager:
        return "eager"
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    return None


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def run_checks():
    """Return ({name: status}, all_ok)."""
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check() or OK
        except Exception as exc:  # noqa: BLE001 - any failure of a dependency is a failed check
            logger.warning("health check %s failed: %s", name, exc)
            results[name] = FAILING
    return results, all(status != FAILING for status in results.values())
