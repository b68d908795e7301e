"""What the fault cases share: a theme day in the test's own database, a burst of API
registrations from many threads (as other systems would send them, retrying on 5xx with
the same Idempotency-Key), and the counts afterwards read straight from PostgreSQL.

    python -m tests.faults.scenario setup --capacity 100   # run with DATABASE_URL
"""

import argparse
import json
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from tests.burst import run_probe, setup_django

FINAL = {201, 409, 422, 400, 403}  # an answer about the registration, not a failure to serve


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["setup"])
    parser.add_argument("--capacity", type=int, default=100)
    args = parser.parse_args()
    setup_django()
    from datetime import timedelta

    from django.utils import timezone

    from events.models import Event, Occurrence
    from samskabelse.models import User
    from samskabelse.services import create_api_token

    event = Event.objects.create(
        title="Temadag under pres",
        slug="pres",
        kind="temadag",
        summary="-",
        status="offentliggjort",
    )
    start = timezone.now() + timedelta(days=10)
    occurrence = Occurrence.objects.create(
        event=event, starts_at=start, ends_at=start + timedelta(hours=6), capacity=args.capacity
    )
    user = User.objects.create_user(email="kursusportal@kommune.dk", password=None)
    _token, key = create_api_token(user=user, name="Kursusportal", scopes=["write:registrations"])
    print(json.dumps({"occurrence_id": occurrence.pk, "key": key}))


def set_up(database_url, *, capacity):
    """Migrate the test's database and create the theme day; returns (occurrence_id, key)."""
    data = run_probe("tests.faults.scenario", database_url, "setup", "--capacity", str(capacity))
    return data["occurrence_id"], data["key"]


class Burst:
    """POST one registration per email from `threads` threads. Each email is retried
    (same Idempotency-Key) until it gets an answer about the registration; `answers` keeps
    every status per email, or the exception's name when nothing came back."""

    def __init__(self, base_url, occurrence_id, key, *, threads=8, attempts=30):
        self.url = f"{base_url}/api/v1/occurrences/{occurrence_id}/registrations/"
        self.key, self.threads, self.attempts = key, threads, attempts
        self.answers = {}

    def _post(self, email):
        body = json.dumps({"name": "Deltager", "email": email, "consent": True}).encode()
        request = urllib.request.Request(  # noqa: S310 - our own http:// server
            self.url,
            data=body,
            method="POST",
            headers={
                "Authorization": f"Token {self.key}",
                "Content-Type": "application/json",
                "Idempotency-Key": email,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            return type(error).__name__

    def _register(self, email):
        statuses = []
        for attempt in range(self.attempts):
            statuses.append(self._post(email))
            if statuses[-1] in FINAL:
                break
            time.sleep(min(0.2 * (attempt + 1), 2))
        return email, statuses

    def run(self, emails):
        with ThreadPoolExecutor(self.threads) as pool:
            self.answers = dict(pool.map(self._register, emails))
        return self

    def final(self):
        return {email: statuses[-1] for email, statuses in self.answers.items()}

    def every_status(self):
        return Counter(status for statuses in self.answers.values() for status in statuses)


class Database:
    """Read the counts straight from the test's PostgreSQL database."""

    def __init__(self, url):
        import psycopg2

        self.connection = psycopg2.connect(url)
        self.connection.autocommit = True

    def rows(self, sql, *params):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def registrations(self, occurrence_id):
        """email -> [status, …] of every registration row for the occurrence."""
        result = {}
        for email, status in self.rows(
            "SELECT email, status FROM events_registration WHERE occurrence_id = %s ORDER BY id",
            occurrence_id,
        ):
            result.setdefault(email, []).append(status)
        return result

    def outbox(self):
        """(pending, done, attempts in all) of the outbox."""
        [(pending, done, attempts)] = self.rows(
            "SELECT count(*) FILTER (WHERE done_at IS NULL), count(done_at),"
            " coalesce(sum(attempts), 0) FROM samskabelse_outboxmessage"
        )
        return pending, done, attempts

    def terminate_backends(self):
        """Kill every other connection to this database (web and worker alike)."""
        [(count,)] = self.rows(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return count

    def close(self):
        self.connection.close()


if __name__ == "__main__":
    main()


# Seconds instead of minutes, so a case settles within the suite's few minutes.
FAST_OUTBOX = {
    "OUTBOX_RETRY_BACKOFF": 0.5,
    "OUTBOX_RETRY_BACKOFF_MAX": 4,
    "OUTBOX_MAX_ATTEMPTS": 100,
    "OUTBOX_STUCK_AFTER": 5,
    "OUTBOX_RELAY_EVERY": 2,
    "OUTBOX_LEASE": 20,
    "CELERY_VISIBILITY_TIMEOUT": 40,
    "CELERY_UNACKED_RESTORE_INTERVAL": 1,
}


def one_mail_each(recipients, emails, *, timeout, settle):
    """Wait until every email has a mail, then `settle` seconds more for late duplicates;
    returns (mails per recipient, seconds until the last one arrived)."""
    started = time.monotonic()
    deadline = started + timeout
    expected = set(emails)
    while time.monotonic() < deadline:
        counts = Counter(recipients())
        if expected <= set(counts):
            break
        time.sleep(0.5)
    arrived = time.monotonic() - started
    time.sleep(settle)
    return Counter(recipients()), arrived


def report(case, **figures):
    """One line of figures per case, for the closing note (pytest -s shows it)."""
    print(f"\nFAULT FIGURES {case}: {json.dumps(figures, default=str)}")
