"""Bounded work in the database.

Every web connection to PostgreSQL carries `statement_timeout` (settings
DB_STATEMENT_TIMEOUT_MS, 5 s by default): a runaway query is cancelled by the server itself,
even after the gunicorn worker that sent it has died. Work that may rightly take longer asks
for the longer limit (DB_LONG_STATEMENT_TIMEOUT_MS, 60 s by default):

- an export reads inside `with statement_timeout():`, one transaction with `SET LOCAL`, so
  the connection goes back to the web limit when the transaction ends;
- a Celery worker process gives all its connections the longer limit (`worker_init`, see
  samskabelse/celery.py), so task code needs nothing of its own;
- `migrate` runs its statements under the longer limit (an index on a big table).

A cancelled statement is psycopg2's QueryCanceled (SQLSTATE 57014), which Django raises as
an OperationalError: the request answers 503 with Retry-After like any database outage
(the middleware that handles those), and `is_statement_timeout` tells it apart for logs.
SQLite has no such limit; there these helpers only open the transaction.

Behind PgBouncer in transaction pooling mode (settings DB_TRANSACTION_POOLING) a server
connection passes to another client after each transaction, so nothing here may set a limit
for a session: a plain `SET` (or `RESET`) would stay on the server connection for whoever
gets it next. The pool sets both limits instead (deploy/pgbouncer.ini): its web database
runs `SET statement_timeout` to the web limit as each server connection opens, and the
database the workers connect to sets the long one, in pools of their own. `SET LOCAL` still
works, so `with statement_timeout():` is unchanged; the worker hook and the migrate hooks set
nothing, and migrate is meant to connect to PostgreSQL directly (docker-compose.yml).
"""

import logging
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate

logger = logging.getLogger(__name__)

QUERY_CANCELED = "57014"


def _pooled():
    return settings.DB_TRANSACTION_POOLING


def _set(connection, milliseconds, *, local):
    if connection.vendor != "postgresql":
        return
    scope = "LOCAL " if local else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SET {scope}statement_timeout = %s", [int(milliseconds)])


@contextmanager
def statement_timeout(milliseconds=None, *, using=DEFAULT_DB_ALIAS):
    """A transaction whose statements may each run `milliseconds` (default: the long limit
    for exports and tasks) instead of the web limit."""
    if milliseconds is None:
        milliseconds = settings.DB_LONG_STATEMENT_TIMEOUT_MS
    with transaction.atomic(using=using):
        _set(connections[using], milliseconds, local=True)
        yield


def is_statement_timeout(error):
    """True when `error` (or what it wraps) is a statement cancelled by statement_timeout."""
    while error is not None:
        if getattr(error, "pgcode", None) == QUERY_CANCELED:
            return True
        error = error.__cause__
    return False


def _long_limit_for_connection(sender, connection, **kwargs):
    _set(connection, settings.DB_LONG_STATEMENT_TIMEOUT_MS, local=False)


def _warn_if_pool_limit_is_short(sender, connection, **kwargs):
    """A worker pointed at the web pool would cancel its tasks' statements at the web limit:
    say so in the log of every connection it opens. Only reads the setting."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT setting::bigint FROM pg_settings WHERE name = 'statement_timeout'")
        milliseconds = cursor.fetchone()[0]
    if 0 < milliseconds < settings.DB_LONG_STATEMENT_TIMEOUT_MS:
        logger.warning(
            "this worker's pool cancels statements after %d ms, not DB_LONG_STATEMENT_TIMEOUT_MS "
            "(%d): point its DATABASE_URL at the task pool of deploy/pgbouncer.ini",
            milliseconds,
            settings.DB_LONG_STATEMENT_TIMEOUT_MS,
        )


def use_long_statement_timeout(**_signal_kwargs):
    """For a Celery worker: this process's connections, open and future, get the long
    limit. Connected to `worker_init`, which runs before the pool forks its children.
    Behind a transaction pooler the limit is the pool's (DATABASE_URL names the pool with the
    long limit), so nothing is set here; each new connection only checks it."""
    if _pooled():
        connection_created.connect(
            _warn_if_pool_limit_is_short, dispatch_uid="long-statement-timeout"
        )
        return
    connection_created.connect(_long_limit_for_connection, dispatch_uid="long-statement-timeout")
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            _long_limit_for_connection(None, connection)


def _long_limit_for_migrations(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    if _pooled():
        logger.warning(
            "migrate through a transaction pooler runs under the pool's statement_timeout; "
            "connect it to PostgreSQL directly with DB_TRANSACTION_POOLING=0"
        )
        return
    _set(connections[using], settings.DB_LONG_STATEMENT_TIMEOUT_MS, local=False)


def _web_limit_after_migrations(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """Back to the connection's own limit: the test runner, for one, migrates on the
    connection the tests then use."""
    connection = connections[using]
    # RESET would clear the limit the pool set on its server connection.
    if connection.vendor == "postgresql" and not _pooled():
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")


pre_migrate.connect(_long_limit_for_migrations, dispatch_uid="migrate-statement-timeout")
post_migrate.connect(_web_limit_after_migrations, dispatch_uid="migrate-statement-timeout-end")


def _json_with_orjson(sender, connection, **kwargs):
    """Values of type json (the case lists build each row as one, json_build_object) are
    parsed with orjson rather than the standard library: the same values, in a fraction
    of the time. (jsonb is left to Django, which parses JSONField values itself.)"""
    if connection.vendor == "postgresql":
        import orjson
        import psycopg2.extras

        psycopg2.extras.register_default_json(connection.connection, loads=orjson.loads)


connection_created.connect(_json_with_orjson, dispatch_uid="json-with-orjson")
