"""Reads for networks and people. Who may see what is decided here, once."""

from django.db.models import Count, Prefetch

from .models import (
    Experiment,
    Meeting,
    Membership,
    MembershipRequest,
    Network,
    Paradox,
    RequestStatus,
)

SEAT_STATUSES = [RequestStatus.PENDING, RequestStatus.ACCEPTED]


def is_staff(user):
    return bool(user and user.is_authenticated and user.is_staff)


def can_coordinate(user, network):
    """Coordinators manage their own networks only (and admins every network)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or network.coordinators.filter(pk=user.pk).exists()


def is_member(user, network):
    """Staff of a member municipality, or a person who is a member themselves."""
    if not (user and user.is_authenticated):
        return False
    members = network.memberships.all()
    if user.municipality_id and members.filter(municipality_id=user.municipality_id).exists():
        return True
    return members.filter(person__user=user).exists()


def sees_internals(user, network):
    """Minutes, non-public meetings, experiments and paradoxes: members and staff."""
    return is_staff(user) or is_member(user, network)


def networks_visible_to(user):
    queryset = Network.objects.select_related("facilitator").annotate(
        member_count=Count("memberships", distinct=True)
    )
    if not is_staff(user):
        queryset = queryset.filter(is_public=True)
    return queryset


def network_detail(*, user, slug):
    """One network with what its page shows to `user`, or Network.DoesNotExist."""
    network = networks_visible_to(user).get(slug=slug)
    internals = sees_internals(user, network)
    meetings = Meeting.objects.order_by("-starts_at")
    experiments = Experiment.objects.select_related("municipality", "case").order_by(
        "municipality__name", "title"
    )
    paradoxes = Paradox.objects.select_related("meeting")
    if not internals:
        meetings = meetings.filter(is_public=True)
        experiments = experiments.filter(is_public=True)
        paradoxes = paradoxes.filter(is_public=True)
    network = (
        Network.objects.filter(pk=network.pk)
        .select_related("facilitator")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("municipality", "person").order_by(
                    "municipality__region", "municipality__name"
                ),
            ),
            Prefetch("meetings", queryset=meetings),
            Prefetch("experiments", queryset=experiments),
            Prefetch("paradoxes", queryset=paradoxes),
            "coordinators",
        )
        .get()
    )
    network.sees_internals = internals
    return network


def seats_taken(network):
    return network.requests.filter(status__in=SEAT_STATUSES).count() + (
        network.memberships.filter(request__isnull=True).count()
    )


def waiting_list(network):
    return network.requests.filter(status=RequestStatus.WAITLISTED).order_by("pk")


def waitlist_position(membership_request):
    """1 for the longest-waiting request; None when the request is not on the list."""
    if membership_request.status != RequestStatus.WAITLISTED:
        return None
    waiting = waiting_list(membership_request.network)
    return waiting.filter(pk__lte=membership_request.pk).count()


def pending_requests(network):
    return network.requests.filter(status=RequestStatus.PENDING).order_by("pk")


def request_queue(network):
    return MembershipRequest.objects.filter(network=network).select_related("municipality")


def theme_days_of(network):
    """The network's published theme days. The events app links events to networks (it
    imports this app, not the other way round), so this reads the reverse relation."""
    return network.events.filter(status="offentliggjort").order_by("title")


def requests_awaiting(user):
    """Join requests waiting for a decision in the networks `user` coordinates (every
    network for an admin), oldest first."""
    requests = MembershipRequest.objects.filter(status=RequestStatus.PENDING)
    if not user.is_superuser:
        requests = requests.filter(network__coordinators=user)
    return requests.select_related("network", "municipality").order_by("created_at", "pk")
