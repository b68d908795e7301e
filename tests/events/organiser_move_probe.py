"""Many processes move people between two dates of one event, in both directions, while
others register for them, all at the same moment. Run as a script against a fresh
database (DATABASE_URL); prints the outcome as one JSON line.

    python -m tests.events.organiser_move_probe --processes 6 --each 8 --capacity 10
"""

from tests.burst import fire_at_once, open_occurrences, probe_arguments, setup_django, summary


def main():
    args = probe_arguments(each=8, capacity=10)
    setup_django()
    from django.utils import timezone

    from events import services
    from events.models import ACTIVE_STATUSES, Registration
    from samskabelse.models import User

    user = User.objects.create(email="arr@kommune.dk", is_superuser=True, is_staff=True)
    dates = open_occurrences(args, title="Travl temadag", slug="travl", dates=2)
    # Each date starts full; every process moves its own people both ways and registers.
    for occurrence in dates:
        for number in range(args.capacity):
            Registration.objects.create(
                occurrence=occurrence,
                name="Deltager",
                email=f"{occurrence.pk}-{number}@kommune.dk",
                consent_at=timezone.now(),
                consent_version="2026-11",
                status="confirmed",
            )
    first, second = dates
    movable = {
        occurrence.pk: list(occurrence.registrations.values_list("pk", flat=True))
        for occurrence in dates
    }

    def attempt(item):
        action, value = item.split(":", 1)
        try:
            if action == "register":
                return services.register_participant(
                    occurrence=second, name="Ny", email=value, consent=True
                ).status
            source, target = (first, second) if action == "forth" else (second, first)
            moved = services.move_registrations(
                user=user, occurrence=source, target=target, registration_ids=[int(value)]
            )
            return f"moved {moved[0].status}" if moved else "moved nobody"
        except services.OccurrenceFull:
            return "full"

    lists = []
    for number in range(args.processes):
        items = []
        for index in range(args.each):
            slot = number * args.each + index
            if index % 3 == 0:
                items.append(f"register:p{number}-{index}@kommune.dk")
            elif index % 3 == 1 and slot < len(movable[first.pk]) * 3:
                items.append(f"forth:{movable[first.pk][slot % len(movable[first.pk])]}")
            else:
                items.append(f"back:{movable[second.pk][slot % len(movable[second.pk])]}")
        lists.append(items)
    outcomes = fire_at_once(attempt, lists)

    counts = {}
    for name, occurrence in (("first", first), ("second", second)):
        registrations = Registration.objects.filter(occurrence=occurrence)
        counts[f"{name}_confirmed"] = registrations.filter(status="confirmed").count()
        counts[f"{name}_waitlisted"] = registrations.filter(status="waitlisted").count()
    active = Registration.objects.filter(status__in=ACTIVE_STATUSES)
    counts["active_people"] = active.values("email").distinct().count()
    counts["active_rows"] = active.count()
    summary(outcomes, capacity=args.capacity, **counts)


if __name__ == "__main__":
    main()
