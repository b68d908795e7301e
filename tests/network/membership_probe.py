"""Many processes ask to join one network at the same moment. Run as a script against a
fresh database (DATABASE_URL); prints the outcome as one JSON line.

    python -m tests.network.membership_probe --processes 8 --each 20 --capacity 30
"""

from tests.burst import email_lists, fire_at_once, probe_arguments, setup_django, summary

SHARED_EMAIL = "samme@example.dk"  # with --shared-email every process also tries this one


def main():
    args = probe_arguments(each=20, capacity=30)
    setup_django()
    from network import services
    from network.models import MembershipRequest, Network, NetworkKind
    from samskabelse.exceptions import Conflict, Unprocessable

    network = Network.objects.create(
        name="Travl bevægelse",
        slug="travl-bevaegelse",
        kind=NetworkKind.BEVAEGELSE,
        purpose="-",
        member_capacity=args.capacity,
        waitlist_enabled=not args.no_waitlist,
    )

    def attempt(email):
        try:
            return services.request_membership(
                network=network, name="Ansøger", email=email, consent=True
            ).status
        except Conflict:
            return "duplicate"
        except Unprocessable:
            return "full"

    shared = SHARED_EMAIL if args.shared_email else None
    outcomes = fire_at_once(attempt, email_lists(args, domain="example.dk", shared_email=shared))
    requests = MembershipRequest.objects.filter(network=network)
    pending = list(requests.filter(status="pending").values_list("pk", flat=True))
    waitlisted = list(requests.filter(status="waitlisted").values_list("pk", flat=True))
    summary(
        outcomes,
        pending=len(pending),
        waitlisted=len(waitlisted),
        shared_email_rows=requests.filter(email=SHARED_EMAIL).count(),
        places_before_waitlist=not waitlisted or max(pending) < min(waitlisted),
    )


if __name__ == "__main__":
    main()
