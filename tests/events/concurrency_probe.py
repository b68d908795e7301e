"""Many processes register for one occurrence at the same moment. Run as a script against
a fresh database (DATABASE_URL); prints the outcome as one JSON line.

    python -m tests.events.concurrency_probe --processes 8 --each 25 --capacity 50
"""

from tests.burst import (
    email_lists,
    fire_at_once,
    open_occurrences,
    probe_arguments,
    setup_django,
    summary,
)

SHARED_EMAIL = "samme@kommune.dk"  # every process also tries this one address


def main():
    args = probe_arguments(each=25, capacity=50)
    setup_django()

    from events import services
    from events.models import Registration

    [occurrence] = open_occurrences(args, title="Travl temadag", slug="travl")

    def attempt(email):
        try:
            return services.register_participant(
                occurrence=occurrence, name="Deltager", email=email, consent=True
            ).status
        except services.AlreadyRegistered:
            return "duplicate"
        except services.OccurrenceFull:
            return "full"

    outcomes = fire_at_once(
        attempt, email_lists(args, domain="kommune.dk", shared_email=SHARED_EMAIL)
    )
    registrations = Registration.objects.filter(occurrence=occurrence)
    confirmed = list(registrations.filter(status="confirmed").values_list("pk", flat=True))
    waitlisted = list(registrations.filter(status="waitlisted").values_list("pk", flat=True))
    summary(
        outcomes,
        confirmed=len(confirmed),
        waitlisted=len(waitlisted),
        shared_email_rows=registrations.filter(email=SHARED_EMAIL).count(),
        seats_before_waitlist=not waitlisted or max(confirmed) < min(waitlisted),
    )


if __name__ == "__main__":
    main()
