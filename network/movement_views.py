"""The join flow: a network's public join page with its form and receipt, and the
coordinators' page of requests. Thin views: parse, call a selector or a service, render.
Capacity, the waiting list and who may decide are enforced in services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samskabelse.exceptions import Busy, Conflict, PermissionDenied, Unprocessable
from samskabelse.ratelimit import SubmissionLimit
from samskabelse.views import forbidden

from . import selectors, services
from .models import MembershipRequest, Network, NetworkStatus
from .movement_forms import JoinForm

# A person asking on behalf of a few colleagues never meets this.
JOIN_LIMIT = SubmissionLimit("membership-requests", per_window=20)
# The request just sent, so the receipt can show it without a secret link.
SESSION_KEY = "network_join_request"


def _network_or_404(request, slug):
    try:
        return selectors.networks_visible_to(request.user).get(slug=slug)
    except Network.DoesNotExist:
        raise Http404 from None


def _places(network):
    """What the join page says about room: places left, or None when there is no limit."""
    if network.member_capacity is None:
        return None
    return max(network.member_capacity - selectors.seats_taken(network), 0)


def _add_form_error(form, error):
    if isinstance(error, ValidationError):
        for field, field_errors in error.update_error_dict({}).items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.message)


def join(request, slug):
    """The public join page; POST sends the form to services.request_membership."""
    network = _network_or_404(request, slug)
    places_left = _places(network)
    is_open = network.status == NetworkStatus.AKTIV and (
        places_left != 0 or network.waitlist_enabled
    )
    form = JoinForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if not is_open:
            form.add_error(None, _("The network does not take new members at the moment."))
            status = 422
        elif form.is_valid():
            if not JOIN_LIMIT.allows(request):
                form.add_error(
                    None,
                    _(
                        "We have received several forms from you in a short time. Please wait "
                        "a few minutes and try again."
                    ),
                )
                status = 429
            elif form.is_from_a_robot():
                # A robot sees a receipt like a person's, so it learns nothing; nothing stored.
                JOIN_LIMIT.count(request)
                request.session.pop(SESSION_KEY, None)
                return redirect("network:join_received", network.slug)
            else:
                try:
                    membership_request = services.request_membership(
                        network=network, **form.request_fields()
                    )
                except (ValidationError, Busy, Conflict, Unprocessable) as error:
                    _add_form_error(form, error)
                    status = getattr(error, "status_code", 400)
                else:
                    JOIN_LIMIT.count(request)
                    request.session[SESSION_KEY] = membership_request.pk
                    return redirect("network:join_received", network.slug)
    context = {
        "network": network,
        "form": form,
        "places_left": places_left,
        "is_open": is_open,
        "is_full": places_left == 0,
    }
    return render(request, "network/movement_join.html", context, status=status)


def join_received(request, slug):
    """The receipt: awaiting a coordinator, or number N on the waiting list."""
    network = _network_or_404(request, slug)
    membership_request = (
        MembershipRequest.objects.filter(network=network, pk=request.session.get(SESSION_KEY))
        .select_related("network")
        .first()
    )
    context = {
        "network": network,
        "membership_request": membership_request,
        "waitlist_position": membership_request and selectors.waitlist_position(membership_request),
    }
    return render(request, "network/movement_received.html", context)


@login_required
def requests(request, slug):
    """Pending requests and the waiting list, in arrival order, for the coordinators."""
    network = _network_or_404(request, slug)
    if not selectors.can_coordinate(request.user, network):
        return forbidden(
            request,
            PermissionDenied(_("Only the network's coordinators can decide on requests.")),
        )
    places_left = _places(network)
    context = {
        "network": network,
        "pending": selectors.pending_requests(network).select_related("municipality"),
        "waiting": selectors.waiting_list(network).select_related("municipality"),
        "places_left": places_left,
    }
    return render(request, "network/movement_requests.html", context)


def _decide(request, slug, request_id, service, done_message):
    network = _network_or_404(request, slug)
    try:
        membership_request = network.requests.select_related("network").get(pk=request_id)
    except MembershipRequest.DoesNotExist:
        raise Http404 from None
    try:
        service(user=request.user, request=membership_request)
    except PermissionDenied as error:
        return forbidden(request, error)
    except Unprocessable as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done_message % {"name": membership_request.name})
    return redirect("network:requests", network.slug)


@login_required
@require_POST
def accept(request, slug, request_id):
    return _decide(
        request, slug, request_id, services.accept_request, _("%(name)s is now a member.")
    )


@login_required
@require_POST
def decline(request, slug, request_id):
    return _decide(
        request,
        slug,
        request_id,
        services.decline_request,
        _("The request from %(name)s is declined."),
    )


@login_required
@require_POST
def promote(request, slug):
    network = _network_or_404(request, slug)
    try:
        promoted = services.promote_from_waiting_list(user=request.user, network=network)
    except PermissionDenied as error:
        return forbidden(request, error)
    except Unprocessable as error:
        messages.error(request, error.message)
    else:
        if promoted is None:
            messages.info(request, _("Nobody is on the waiting list."))
        else:
            messages.success(
                request,
                _("%(name)s has moved from the waiting list and awaits your decision.")
                % {"name": promoted.name},
            )
    return redirect("network:requests", network.slug)
