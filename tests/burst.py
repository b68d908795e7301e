"""The harness behind the burst tests: many processes act on one guarded resource at the
same moment against a real, fresh database, and the counts must come out exact.

A probe module (tests/events/concurrency_probe.py, tests/network/membership_probe.py) sets
up the resource and says what one attempt is; `fire_at_once` forks the processes and
releases them together; `run_probe` runs a probe in its own interpreter for a test."""

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def probe_arguments(*, each, capacity):
    parser = argparse.ArgumentParser()
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--each", type=int, default=each)
    parser.add_argument("--capacity", type=int, default=capacity)
    parser.add_argument("--no-waitlist", action="store_true")
    parser.add_argument("--shared-email", action="store_true")
    return parser.parse_args()


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samskabelse.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def open_occurrences(args, *, title, slug, dates=1):
    """A published theme day with `dates` occurrences ten days ahead (a day apart), each
    with the probe's capacity and waiting list; call after setup_django()."""
    from datetime import timedelta

    from django.utils import timezone

    from events.models import Event, Occurrence

    event = Event.objects.create(
        title=title, slug=slug, kind="temadag", summary="-", status="offentliggjort"
    )
    start = timezone.now() + timedelta(days=10)
    return [
        Occurrence.objects.create(
            event=event,
            starts_at=start + timedelta(days=number),
            ends_at=start + timedelta(days=number, hours=6),
            capacity=args.capacity,
            waitlist_enabled=not args.no_waitlist,
        )
        for number in range(dates)
    ]


def _attempt_all(attempt, emails, barrier, results):
    from django.db import connections

    connections.close_all()  # never share the parent's connection after fork
    outcomes = []
    barrier.wait()
    for email in emails:
        try:
            outcomes.append(attempt(email))
        except Exception as error:  # noqa: BLE001 - every other outcome is a failure to report
            outcomes.append(f"error: {type(error).__name__}: {error}")
    connections.close_all()
    results.put(outcomes)


def fire_at_once(attempt, email_lists):
    """One process per list of emails, all released by one barrier; `attempt(email)`
    returns an outcome string. Returns every outcome."""
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")  # the attempt may be a closure
    barrier = context.Barrier(len(email_lists))
    results = context.Queue()
    processes = [
        context.Process(target=_attempt_all, args=(attempt, emails, barrier, results))
        for emails in email_lists
    ]
    for process in processes:
        process.start()
    outcomes = [outcome for _ in processes for outcome in results.get(timeout=300)]
    for process in processes:
        process.join(timeout=60)
    return outcomes


def email_lists(args, *, domain, shared_email=None):
    lists = []
    for number in range(args.processes):
        emails = [f"p{number}-{i}@{domain}" for i in range(args.each)]
        if shared_email:
            emails.insert(args.each // 2, shared_email)
        lists.append(emails)
    return lists


def summary(outcomes, **counts):
    print(
        json.dumps(
            {
                "attempts": len(outcomes),
                "outcomes": {o: outcomes.count(o) for o in sorted(set(outcomes))},
                **counts,
            }
        )
    )


def run_probe(module, database_url, *args):
    """Run `python -m module args` against `database_url`; return its JSON line."""
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1", "EMAIL_URL": "dummymail://"}
    env.pop("REDIS_URL", None)  # eager Celery: mails are rendered in-process, not queued
    result = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
