"""Many processes register for one occurrence at the same moment. Run as a script against
a fresh database (DATABASE_URL); prints the outcome as one JSON line.

    python -m tests.events.concurrency_probe --processes 8 --each 25 --capacity 50
"""

import argparse
import json
import multiprocessing
import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samskabelse.settings")
SHARED_EMAIL = "samme@kommune.dk"  # every process also tries this one address


def register_many(occurrence_id, emails, barrier, results):
    import django

    django.setup()
    from django.db import connections

    from events import services
    from events.models import Occurrence

    connections.close_all()  # never share the parent's connection after fork
    occurrence = Occurrence.objects.select_related("event").get(pk=occurrence_id)
    outcomes = []
    barrier.wait()
    for email in emails:
        try:
            registration = services.register_participant(
                occurrence=occurrence, name="Deltager", email=email, consent=True
            )
            outcomes.append(registration.status)
        except services.AlreadyRegistered:
            outcomes.append("duplicate")
        except services.OccurrenceFull:
            outcomes.append("full")
        except Exception as error:  # noqa: BLE001 - every other outcome is a failure to report
            outcomes.append(f"error: {type(error).__name__}: {error}")
    connections.close_all()
    results.put(outcomes)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--each", type=int, default=25)
    parser.add_argument("--capacity", type=int, default=50)
    parser.add_argument("--no-waitlist", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    from events.models import Event, Occurrence, Registration

    call_command("migrate", verbosity=0)
    event = Event.objects.create(
        title="Travl temadag", slug="travl", kind="temadag", summary="-", status="offentliggjort"
    )
    start = timezone.now() + timedelta(days=10)
    occurrence = Occurrence.objects.create(
        event=event,
        starts_at=start,
        ends_at=start + timedelta(hours=6),
        capacity=args.capacity,
        waitlist_enabled=not args.no_waitlist,
    )
    connections.close_all()

    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(args.processes)
    results = context.Queue()
    processes = []
    for number in range(args.processes):
        emails = [f"p{number}-{i}@kommune.dk" for i in range(args.each)]
        emails.insert(args.each // 2, SHARED_EMAIL)
        process = context.Process(
            target=register_many, args=(occurrence.pk, emails, barrier, results)
        )
        process.start()
        processes.append(process)
    outcomes = [outcome for _ in processes for outcome in results.get(timeout=300)]
    for process in processes:
        process.join(timeout=60)

    registrations = Registration.objects.filter(occurrence=occurrence)
    confirmed = list(registrations.filter(status="confirmed").values_list("pk", flat=True))
    waitlisted = list(registrations.filter(status="waitlisted").values_list("pk", flat=True))
    print(
        json.dumps(
            {
                "attempts": len(outcomes),
                "confirmed": len(confirmed),
                "waitlisted": len(waitlisted),
                "outcomes": {o: outcomes.count(o) for o in sorted(set(outcomes))},
                "shared_email_rows": registrations.filter(email=SHARED_EMAIL).count(),
                "seats_before_waitlist": not waitlisted or max(confirmed) < min(waitlisted),
            }
        )
    )


if __name__ == "__main__":
    main()
