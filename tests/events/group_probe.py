"""Many processes register groups and singles for one occurrence at the same moment, and
some singles cancel at once (so promotion runs while others register). Run as a script
against a fresh database (DATABASE_URL); prints the outcome as one JSON line.

    python -m tests.events.group_probe --processes 6 --each 12 --capacity 20
"""

import itertools

from tests.burst import (
    email_lists,
    fire_at_once,
    open_occurrences,
    probe_arguments,
    setup_django,
    summary,
)

GROUP_SIZE = 3


def main():
    args = probe_arguments(each=12, capacity=20)
    setup_django()

    from events import services
    from events.models import Registration

    [occurrence] = open_occurrences(args, title="Gruppedag", slug="gruppedag")

    def attempt(email):
        number = int(email.split("-")[1].split("@")[0])
        members = (
            [{"name": "Kollega", "email": f"k{i}-{email}"} for i in range(GROUP_SIZE - 1)]
            if number % 3 == 0
            else []
        )
        try:
            registration = services.register_participant(
                occurrence=occurrence, name="Deltager", email=email, consent=True, members=members
            )
        except services.AlreadyRegistered:
            return "duplicate"
        except services.OccurrenceFull:
            return "full"
        if not members and number % 4 == 1:
            services.cancel_registration(registration=registration)
            return "cancelled"
        return "group" if members else "single"

    outcomes = fire_at_once(attempt, email_lists(args, domain="kommune.dk"))
    active = Registration.objects.filter(
        occurrence=occurrence, status__in=["confirmed", "waitlisted"]
    )
    entries = {}
    for registration in active.order_by("pk"):
        entries.setdefault(registration.entry_id, []).append(registration.status)
    confirmed = active.filter(status="confirmed").count()
    waiting = [
        statuses for _entry, statuses in sorted(entries.items()) if statuses[0] == "waitlisted"
    ]
    summary(
        outcomes,
        confirmed=confirmed,
        capacity=args.capacity,
        split_groups=sum(len(set(statuses)) > 1 for statuses in entries.values()),
        group_sizes=sorted({len(statuses) for statuses in entries.values()}),
        # Promotion ran to the end: the first waiting entry does not fit into the free seats.
        first_waiting_fits=bool(waiting) and len(waiting[0]) <= args.capacity - confirmed,
        waiting_entries=len(waiting),
        groups=sum(1 for _ in itertools.filterfalse(lambda s: len(s) == 1, entries.values())),
    )


if __name__ == "__main__":
    main()
