"""Many processes ask to join one network at the same moment. Run as a script against a
fresh database (DATABASE_URL); prints the outcome as one JSON line.

    python -m tests.network.membership_probe --processes 8 --each 20 --capacity 30
"""

import argparse
import json
import multiprocessing
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samskabelse.settings")
SHARED_EMAIL = "samme@example.dk"  # every process also tries this one address


def request_many(network_id, emails, barrier, results):
    import django

    django.setup()
    from django.db import connections

    from network import services
    from network.models import Network
    from samskabelse.exceptions import Conflict, Unprocessable

    connections.close_all()  # never share the parent's connection after fork
    network = Network.objects.get(pk=network_id)
    outcomes = []
    barrier.wait()
    for email in emails:
        try:
            request = services.request_membership(
                network=network, name="Ansøger", email=email, consent=True
            )
            outcomes.append(request.status)
        except Conflict:
            outcomes.append("duplicate")
        except Unprocessable:
            outcomes.append("full")
        except Exception as error:  # noqa: BLE001 - every other outcome is a failure to report
            outcomes.append(f"error: {type(error).__name__}: {error}")
    connections.close_all()
    results.put(outcomes)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--each", type=int, default=20)
    parser.add_argument("--capacity", type=int, default=30)
    parser.add_argument("--no-waitlist", action="store_true")
    parser.add_argument("--shared-email", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from network.models import MembershipRequest, Network, NetworkKind

    call_command("migrate", verbosity=0)
    network = Network.objects.create(
        name="Travl bevægelse",
        slug="travl-bevaegelse",
        kind=NetworkKind.BEVAEGELSE,
        purpose="-",
        member_capacity=args.capacity,
        waitlist_enabled=not args.no_waitlist,
    )
    connections.close_all()

    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(args.processes)
    results = context.Queue()
    processes = []
    for number in range(args.processes):
        emails = [f"p{number}-{i}@example.dk" for i in range(args.each)]
        if args.shared_email:
            emails.insert(args.each // 2, SHARED_EMAIL)
        process = context.Process(target=request_many, args=(network.pk, emails, barrier, results))
        process.start()
        processes.append(process)
    outcomes = [outcome for _ in processes for outcome in results.get(timeout=300)]
    for process in processes:
        process.join(timeout=60)

    requests = MembershipRequest.objects.filter(network=network)
    pending = list(requests.filter(status="pending").values_list("pk", flat=True))
    waitlisted = list(requests.filter(status="waitlisted").values_list("pk", flat=True))
    print(
        json.dumps(
            {
                "attempts": len(outcomes),
                "pending": len(pending),
                "waitlisted": len(waitlisted),
                "outcomes": {o: outcomes.count(o) for o in sorted(set(outcomes))},
                "shared_email_rows": requests.filter(email=SHARED_EMAIL).count(),
                "places_before_waitlist": not waitlisted or max(pending) < min(waitlisted),
            }
        )
    )


if __name__ == "__main__":
    main()
