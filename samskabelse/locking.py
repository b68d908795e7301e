"""The one place that knows how to lock. Everything that must not oversell (seats, network
members) takes its row lock here, so the rule is written once and tested once.

PostgreSQL: `SELECT … FOR NO KEY UPDATE` on the one row that guards the resource, with a
lock timeout (set here, for the rest of the transaction) so a stuck transaction turns into
`Busy` instead of a pile-up. A lock that times out is tried once more before giving up, as
pretix does; the attempt runs in a savepoint, because a failed statement would otherwise
abort the whole transaction. SQLite: the database's IMMEDIATE transactions (settings)
already let one writer in at a time, so the wait happens at `transaction.atomic()`; when
it runs out, `is_lock_timeout` recognises the error and the exception handlers answer it
as `Busy` too. The same call works there because Django ignores FOR UPDATE on SQLite."""

import logging

from django.db import OperationalError, connection, transaction

from .exceptions import Busy

logger = logging.getLogger(__name__)

LOCK_TIMEOUT_MS = 3000
ATTEMPTS = 2

# PostgreSQL's lock_not_available (55P03): psycopg2.errors.LockNotAvailable.
_POSTGRESQL_LOCK_NOT_AVAILABLE = "55P03"


def is_lock_timeout(error):
    """True for a database error that only means "someone else holds the lock"."""
    cause = getattr(error, "__cause__", None)
    if getattr(cause, "pgcode", None) == _POSTGRESQL_LOCK_NOT_AVAILABLE:
        return True
    return "database is locked" in str(error)


def lock_row(model, pk):
    """Lock and return the row; call inside transaction.atomic(). Raises Busy when the
    lock stays taken for LOCK_TIMEOUT_MS, twice in a row; nothing has then been written by
    this call, and the caller's transaction rolls back as for any domain error."""
    if not connection.in_atomic_block:
        raise RuntimeError("lock_row() must be called inside transaction.atomic()")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # LOCAL: for this transaction only, and every lock it waits for after this one.
            cursor.execute("SET LOCAL lock_timeout = %s", [f"{LOCK_TIMEOUT_MS}ms"])
    # NO KEY UPDATE: excludes other lockers, yet lets rows that merely reference this one
    # (a registration's foreign key) be inserted without waiting.
    return retry_lock_timeout(
        lambda: model.objects.select_for_update(no_key=True).get(pk=pk),
        f"{model._meta.label} {pk}",
    )


def retry_lock_timeout(statement, what):
    """Run `statement()` (one database statement that takes a lock, with the lock timeout
    set) and try once more if the lock timed out; Busy after the second. Inside a
    transaction each try runs in a savepoint, because a failed statement would otherwise
    abort the whole transaction; outside one the statement is its own transaction."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            if not connection.in_atomic_block:
                return statement()
            with transaction.atomic():
                return statement()
        except OperationalError as error:
            if not is_lock_timeout(error):
                raise
            timed_out = error
            logger.warning("lock on %s not available (attempt %d of %d)", what, attempt, ATTEMPTS)
    raise Busy() from timed_out
