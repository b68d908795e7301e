"""The one place that knows how to lock. Everything that must not oversell (seats, network
members) takes its row lock here, so the rule is written once and tested once.

PostgreSQL: `SELECT … FOR UPDATE` on the one row that guards the resource, with a lock
timeout so a stuck transaction turns into an error instead of a pile-up. SQLite: the
database's IMMEDIATE transactions (settings) already let one writer in at a time; the
same call works there because Django ignores FOR UPDATE on SQLite."""

LOCK_TIMEOUT_MS = 5000


def lock_row(model, pk):
    """Lock and return the row; call inside transaction.atomic(). PostgreSQL connections
    carry `lock_timeout` (settings.DATABASES OPTIONS), so no extra statement is needed."""
    # NO KEY UPDATE: excludes other lockers, yet lets rows that merely reference this one
    # (a registration's foreign key) be inserted without waiting.
    return model.objects.select_for_update(no_key=True).get(pk=pk)
