"""Writes for networks and people. Member capacity is guarded like seats at a theme day:
under the network's row lock (samskabelse.locking), so concurrent join requests can never
take more places than there are."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskabelse.exceptions import Conflict, PermissionDenied, Unprocessable
from samskabelse.locking import lock_row
from samskabelse.models import AnonymisationReason, AnonymisedData
from samskabelse.services import queue_templated_email, record_anonymisation

from .models import (
    Membership,
    MembershipRequest,
    Network,
    NetworkKind,
    NetworkStatus,
    Person,
    RequestStatus,
)
from .selectors import can_coordinate, seats_taken, waitlist_position


def _has_room(network):
    return network.member_capacity is None or seats_taken(network) < network.member_capacity


def _notify(request):
    queue_templated_email(
        template="network/email/request_status",
        context={
            "request": request,
            "network": request.network,
            "waitlist_position": waitlist_position(request),
        },
        to=[request.email],
    )


def request_membership(*, network, name, email, consent, municipality=None, organisation="",
                       motivation=""):  # fmt: skip
    """Ask to join. While places are left the request awaits a coordinator (and holds a
    place); when the network is full it goes on the waiting list in arrival order, or is
    refused when the network keeps no waiting list."""
    if not consent:
        raise ValidationError({"consent": _("We need your consent to handle your request.")})
    request = MembershipRequest(
        network=network,
        name=name.strip(),
        email=email.strip().lower(),
        municipality=municipality,
        organisation=organisation,
        motivation=motivation,
        consent_at=timezone.now(),
    )
    request.full_clean(validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        locked = lock_row(Network, network.pk)
        if locked.status != NetworkStatus.AKTIV:
            raise Unprocessable(_("The network has ended and takes no new members."))
        if locked.requests.filter(
            email=request.email, status__in=["pending", "waitlisted", "accepted"]
        ).exists():
            raise Conflict(_("We already have a request from this email."))
        if _has_room(locked):
            request.status = RequestStatus.PENDING
        elif locked.waitlist_enabled:
            request.status = RequestStatus.WAITLISTED
        else:
            raise Unprocessable(_("The network is full."))
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError as error:
            raise Conflict(_("We already have a request from this email.")) from error
        _notify(request)
    return request


def _decide(user, request, decide):
    if not can_coordinate(user, request.network):
        raise PermissionDenied(_("Only the network's coordinators can decide on requests."))
    with transaction.atomic():
        network = lock_row(Network, request.network_id)
        request = MembershipRequest.objects.select_for_update().get(pk=request.pk)
        request.network = network
        decide(network, request)
        request.decided_at = timezone.now()
        request.decided_by = user
        request.save()
        _notify(request)
    return request


def accept_request(*, user, request):
    """A pending request already holds its place; a waitlisted one needs a free place."""

    def decide(network, request):
        if request.status not in (RequestStatus.PENDING, RequestStatus.WAITLISTED):
            raise Unprocessable(_("This request has already been decided."))
        if request.status == RequestStatus.WAITLISTED and not _has_room(network):
            raise Unprocessable(_("The network is full."))
        request.membership = Membership.objects.create(network=network, **_member(network, request))
        request.status = RequestStatus.ACCEPTED

    return _decide(user, request, decide)


def decline_request(*, user, request):
    def decide(network, request):
        if request.status not in (RequestStatus.PENDING, RequestStatus.WAITLISTED):
            raise Unprocessable(_("This request has already been decided."))
        request.status = RequestStatus.DECLINED

    return _decide(user, request, decide)


def promote_from_waiting_list(*, user, network):
    """Give a free place to the longest-waiting request (it then awaits acceptance)."""
    if not can_coordinate(user, network):
        raise PermissionDenied(_("Only the network's coordinators can decide on requests."))
    with transaction.atomic():
        locked = lock_row(Network, network.pk)
        if not _has_room(locked):
            raise Unprocessable(_("The network is full."))
        return _promote_first(locked)


def _promote_first(locked):
    """The longest-waiting request gets the free place; the caller holds the lock."""
    first = (
        locked.requests.select_for_update()
        .filter(status=RequestStatus.WAITLISTED)
        .order_by("pk")
        .first()
    )
    if first is None:
        return None
    first.status = RequestStatus.PENDING
    first.save(update_fields=["status"])
    first.network = locked
    _notify(first)
    return first


def change_member_capacity(*, user, network, member_capacity):
    """Lowering the member capacity below the places taken is refused (nobody loses a
    place); raising it gives the new places at once to the longest-waiting requests, who
    are told by mail. None means no limit."""
    if not can_coordinate(user, network):
        raise PermissionDenied(_("Only the network's coordinators can change its capacity."))
    with transaction.atomic():
        locked = lock_row(Network, network.pk)
        taken = seats_taken(locked)
        if member_capacity is not None and member_capacity < taken:
            raise ValidationError(
                {
                    "member_capacity": _(
                        "%(taken)d places are already taken; the capacity cannot be lower."
                    )
                    % {"taken": taken}
                }
            )
        locked.member_capacity = member_capacity
        locked.save(update_fields=["member_capacity", "updated_at"])
        promoted = []
        while _has_room(locked) and (request := _promote_first(locked)) is not None:
            promoted.append(request)
    return locked, promoted


def add_member(*, user, network, municipality=None, person=None):
    """A coordinator adds a member without a request. The member takes a place, so a full
    network refuses, under the same lock as the join requests."""
    if not can_coordinate(user, network):
        raise PermissionDenied(_("Only the network's coordinators can add members."))
    with transaction.atomic():
        locked = lock_row(Network, network.pk)
        if not _has_room(locked):
            raise Unprocessable(_("The network is full."))
        membership = Membership(network=locked, municipality=municipality, person=person)
        membership.full_clean()
        membership.save()
    return membership


def _member(network, request):
    """A municipality joins an inter-municipal network; a person joins the movement."""
    if (
        network.kind != NetworkKind.BEVAEGELSE
        and request.municipality
        and not network.memberships.filter(municipality=request.municipality).exists()
    ):
        return {"municipality": request.municipality}
    return {"person": _person_for(request)}


def _person_for(request):
    """The person behind an accepted request, found by email or created."""
    person = Person.objects.filter(email=request.email, anonymised_at__isnull=True).first()
    if person is None:
        from django.utils.text import slugify

        base = slugify(request.name) or "person"
        slug, n = base, 2
        while Person.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        person = Person.objects.create(
            name=request.name, slug=slug, email=request.email, municipality=request.municipality
        )
    return person


def remove_person(*, user, person):
    """Anonymise a person on request: name and contact details go, the row stays so the
    meetings, experiments and memberships that mention them still make sense. Logged in
    the anonymisation log, without saying who."""
    if not (user.is_authenticated and (user.is_superuser or user.is_staff)):
        raise PermissionDenied()
    with transaction.atomic():
        # A second removal finds nothing left to remove, so the log counts it once.
        newly_removed = person.anonymised_at is None
        person.name = _("Removed person")
        person.slug = f"fjernet-{person.pk}"
        person.title = ""
        person.email = ""
        person.phone = ""
        person.bio = ""
        person.user = None
        person.anonymised_at = timezone.now()
        person.save()
        person.tags.clear()
        person.local_areas.clear()
        record_anonymisation(
            kind=AnonymisedData.PEOPLE, reason=AnonymisationReason.STAFF, count=int(newly_removed)
        )
    return person
