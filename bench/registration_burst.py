#!/usr/bin/env python
"""bench/registration_burst: a popular theme day opens and everybody registers at once.

Serves the platform with gunicorn (4 sync workers) on PostgreSQL, with Redis as cache and
broker and a real Celery worker sending the mails (to files), then fires 2,000
registration attempts from 50 concurrent clients at one occurrence with 150 seats and a
waiting list, through `POST /api/v1/occurrences/{id}/registrations/` with a
`write:registrations` token, every attempt with its own email. Prints a table: requests/s,
time until sold out (the first answer that was "waitlisted", from the start), p50/p95/p99
latency, confirmed, waitlisted, refused (422), errors (5xx or socket), overbooked (confirmed
in the database beyond capacity), the mails the worker sent after a drain wait, and the CPU
seconds the client threads used (they share the machine's cores with the servers).

After the runs it prints the servers' memory (RSS and PSS of the gunicorn master and
workers and of the Celery worker), then, with the platform stopped, the machine's
ceilings (bench/ceilings.py): events_register() in pgbench at the same concurrency, one
round trip per registration, and a bare Django view under the same gunicorn; and our
median requests/s as a fraction of the pgbench figure.

    .venv/bin/python bench/registration_burst.py [--runs 3] [--attempts 2000] [--clients 50]
        [--instances 2]

With --instances 2 two gunicorns on --port and --port + 1 share PostgreSQL and Redis, the
--workers split between them, and the clients alternate; every run checks the counts are
exact. Needs PostgreSQL and Redis on 127.0.0.1, pgbench, and wrk for one ceiling row. The
database (default samskabelse_burst) is dropped and created anew at the start and emptied
before each run; Redis database 7 is flushed at the start. With --runs N the table also
shows the median of each column.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api_reads import BENCH_ENV, start_gunicorn  # noqa: E402
from bench.burst_report import print_table, summarise  # noqa: E402
from bench.ceilings import bare_view, pgbench_register, print_ceilings  # noqa: E402
from bench.load import drive  # noqa: E402
from bench.memory import print_memory, server_memory  # noqa: E402

MAIL_SEPARATOR = b"-" * 79  # Django's file backend ends every message with this line
BARE_VIEW_REQUESTS = 5000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--attempts", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seats", type=int, default=150)
    parser.add_argument("--workers", type=int, default=4, help="in all, split over instances")
    parser.add_argument(
        "--instances", type=int, default=1, help="gunicorn instances on --port, --port + 1 …"
    )
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--drain", type=float, default=180, help="seconds to wait for mail")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/samskabelse_burst"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    args = parser.parse_args()
    if args.instances < 1 or args.workers % args.instances:
        parser.error("--workers must split evenly over --instances")
    return args


def recreate_database(url):
    import psycopg2

    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def prepare():
    """Migrate and return the key of a token that may register participants."""
    import django

    django.setup()
    from django.core.management import call_command

    from samskabelse.models import User
    from samskabelse.services import create_api_token

    call_command("migrate", verbosity=0)
    user, _ = User.objects.get_or_create(email="burst@samskabelse.dk")
    _token, key = create_api_token(user=user, name="burst", scopes=["write:registrations"])
    return key


def fresh_occurrence(run, seats, *, empty=True):
    """Empty the events tables and create one published theme day with one occurrence."""
    from django.db import connection
    from django.utils import timezone

    from events.models import (
        Event,
        EventKind,
        EventStatus,
        IdempotentRequest,
        Occurrence,
        Registration,
    )

    tables = [m._meta.db_table for m in (Registration, IdempotentRequest, Occurrence, Event)]
    if empty:
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
    event = Event.objects.create(
        title="Samskabelse: Playmakeren og Fælles-skaberen",
        slug=f"burst-{run}",
        kind=EventKind.TEMADAG,
        summary="Temadagen, som alle vil med til.",
        status=EventStatus.OFFENTLIGGJORT,
    )
    starts_at = timezone.now() + timedelta(days=30)
    return Occurrence.objects.create(
        event=event,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=6),
        venue="Konferencesalen",
        address="Eksempelvej 12, 2730 Herlev",
        city="Herlev",
        capacity=seats,
        waitlist_enabled=True,
    )


def database_counts(occurrence):
    from django.db.models import Count

    rows = occurrence.registrations.values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def count_queries(seats, headers):
    """Database queries of one registration through the API, counted in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    warnings.filterwarnings("ignore", "No directory at")  # whitenoise, no collectstatic
    occurrence = fresh_occurrence("queries", seats, empty=False)
    client = Client(headers=headers)
    path = f"/api/v1/occurrences/{occurrence.pk}/registrations/"
    body = {"name": "Deltager", "email": "forespoergsler@example.dk", "consent": True}
    with CaptureQueriesContext(connection) as captured:
        response = client.post(path, body, content_type="application/json", HTTP_HOST="127.0.0.1")
    return len(captured) if response.status_code == 201 else f"status {response.status_code}"


def start_worker(env, log_path):
    """A real Celery worker (one process) whose mails go to files; wait until it answers."""
    from samskabelse.celery import app

    log = open(log_path, "ab")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [
            # Below the web workers: the burst's CPU goes to answers, the mails follow.
            "nice",
            "-n",
            "10",
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "samskabelse",
            "worker",
            "--concurrency=1",
            "-l",
            "warning",
            "--hostname=burst@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(60):
        if process.poll() is not None:
            raise SystemExit(f"the Celery worker stopped; see {log_path}")
        if app.control.ping(timeout=1):
            return process, log
    process.terminate()
    raise SystemExit(f"the Celery worker did not answer; see {log_path}")


def count_mails(directory):
    total = 0
    for path in Path(directory).glob("*.log"):
        total += sum(line == MAIL_SEPARATOR for line in path.read_bytes().split(b"\n"))
    return total


def warm_up(bases, headers, seats, clients, mail_dir, drain):
    """Hit every worker of every instance before measuring (imports, URLconf and
    connections are lazy) with real registrations on a throwaway occurrence, and wait for
    their mails."""
    occurrence = fresh_occurrence("warm-up", seats)
    path = f"/api/v1/occurrences/{occurrence.pk}/registrations/"
    threads = min(clients, 8) * len(bases)

    def read_or_register(number):
        if number % 2 == 0:
            return "GET", "/api/v1/events/", None, {"Accept": "application/json"}
        body = {"name": "Opvarmning", "email": f"opvarmning-{number}@example.dk", "consent": True}
        return "POST", path, json.dumps(body).encode(), headers

    drive(bases, read_or_register, attempts=threads * 10, clients=threads)
    waited = time.perf_counter()
    while count_mails(mail_dir) < threads * 5 and time.perf_counter() - waited < drain:
        time.sleep(0.5)


def burst(bases, path, headers, *, attempts, clients, run):
    """`attempts` POSTs from `clients` threads, each attempt with its own email, the
    clients alternating between the instances. Returns (results, client CPU seconds):
    one (sent, answered, http status, registration status) per attempt."""

    def registration(number):
        body = {
            "name": f"Deltager {number}",
            "email": f"deltager-{run}-{number:05d}@example.dk",
            "organisation": "Eksempel Kommune",
            "consent": True,
        }
        return "POST", path, json.dumps(body).encode(), headers

    answers, cpu_seconds = drive(bases, registration, attempts=attempts, clients=clients)
    results = [
        (sent, answered, code, json.loads(payload).get("status") if code == 201 else None)
        for sent, answered, code, payload in answers
    ]
    return results, cpu_seconds


def main():
    args = parse_args()
    mail_dir = tempfile.mkdtemp(prefix="registration_burst_mail_")
    env = {**os.environ, **BENCH_ENV, "DATABASE_URL": args.database_url}
    # Three slashes and an absolute path: django-environ reads two as a relative path.
    env.update({"REDIS_URL": args.redis_url, "EMAIL_URL": f"filemail:///{mail_dir}"})
    # The benchmark needs no collected static files.
    env["PYTHONWARNINGS"] = "ignore:No directory at"
    os.environ.update(env)
    recreate_database(args.database_url)
    import redis

    redis.Redis.from_url(args.redis_url).flushdb()
    key = prepare()
    headers = {
        "Authorization": f"Token {key}",
        "Content-Type": "application/json",
        "Accept": "application/json",
    }
    worker, worker_log = start_worker(env, Path(mail_dir) / "worker.log")
    servers = []
    rows = []
    try:
        for number in range(args.instances):
            workers = args.workers // args.instances
            servers.append(start_gunicorn(env, workers=workers, port=args.port + number))
        bases = [base for _process, base in servers]
        warm_up(bases, headers, args.seats, args.clients, mail_dir, args.drain)
        for run in range(1, args.runs + 1):
            occurrence = fresh_occurrence(run, args.seats)
            path = f"/api/v1/occurrences/{occurrence.pk}/registrations/"
            mails_before = count_mails(mail_dir)
            load = os.getloadavg()[0]
            print(f"Run {run}: {args.attempts:,} attempts (load average {load:.1f}) …", flush=True)
            results, client_cpu = burst(
                bases, path, headers, attempts=args.attempts, clients=args.clients, run=run
            )
            database = database_counts(occurrence)
            expected = database.get("confirmed", 0) + database.get("waitlisted", 0)
            waited = time.perf_counter()
            while True:
                mails = count_mails(mail_dir) - mails_before
                if mails >= expected or time.perf_counter() - waited > args.drain:
                    break
                time.sleep(0.5)
            drain = time.perf_counter() - waited
            rows.append(summarise(results, database, args.seats, mails, drain, client_cpu))
            rows[-1]["load"] = load
        memory = server_memory([process.pid for process, _base in servers], worker.pid)
        queries = count_queries(args.seats, headers)
    finally:
        for process, _base in servers:
            process.terminate()
        for process, _base in servers:
            process.wait(timeout=10)
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        worker_log.close()
    print_table(rows, args)
    print(f"queries per registration (one POST, in process): {queries}")
    print_memory(memory)
    # With the platform stopped, so the ceilings have the machine the burst had.
    print("\nCeilings: pgbench, then the bare view …", flush=True)
    occurrence = fresh_occurrence("ceiling", args.seats)
    register = pgbench_register(
        args.database_url, occurrence, transactions=args.attempts, clients=args.clients
    )
    register["counts"] = database_counts(occurrence)
    bare = bare_view(
        env, workers=args.workers, port=args.port, requests=BARE_VIEW_REQUESTS, clients=args.clients
    )
    our_rps = statistics.median(row["req/s"] for row in rows)
    print_ceilings(register, bare, our_rps=our_rps, workers=args.workers, seats=args.seats)
    log_text = (Path(mail_dir) / "worker.log").read_text(errors="replace")
    if any(word in log_text for word in ("ERROR", "CRITICAL", "Traceback")):
        print(f"\nCelery worker log ({mail_dir}/worker.log):\n{log_text[-3000:]}")
    shutil.rmtree(mail_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
