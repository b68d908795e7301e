"""Network pages: the list, a network's page, meetings with agenda and minutes, and
mini-experiments. Thin views: parse, call a selector or a service, render. Who may see
what is decided in selectors.py; who may change what in content_services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.selectors import cases_visible_to
from projects.views import add_service_errors
from samskabelse.exceptions import PermissionDenied
from samskabelse.markdown import render_markdown
from samskabelse.models import Municipality
from samskabelse.views import forbidden

from . import content_services, selectors
from .forms import ExperimentForm, MeetingForm, ParadoxForm
from .models import Experiment, Meeting, Network, Paradox


def index(request):
    networks = selectors.networks_visible_to(request.user).order_by("name")
    return render(request, "network/index.html", {"networks": networks})


def _network(request, slug):
    try:
        return selectors.network_detail(user=request.user, slug=slug)
    except Network.DoesNotExist:
        raise Http404 from None


def network_detail(request, slug):
    network = _network(request, slug)
    now = timezone.now()
    meetings = list(network.meetings.all())
    members = list(network.memberships.all())
    municipal_members = [membership for membership in members if membership.municipality_id]
    return render(
        request,
        "network/network_detail.html",
        {
            "network": network,
            "municipal_members": municipal_members,
            "people_count": len(members) - len(municipal_members),
            "upcoming_meetings": sorted(
                (meeting for meeting in meetings if meeting.starts_at >= now),
                key=lambda meeting: meeting.starts_at,
            ),
            "past_meetings": [meeting for meeting in meetings if meeting.starts_at < now],
            "can_coordinate": selectors.can_coordinate(request.user, network),
            "can_add_experiment": content_services.can_add_experiment(request.user, network),
            "theme_days": selectors.theme_days_of(network),
        },
    )


def _meeting(network, meeting_id):
    """A meeting the viewer may see (network_detail has already limited the meetings)."""
    if not any(meeting.pk == meeting_id for meeting in network.meetings.all()):
        raise Http404
    paradoxes = Paradox.objects.order_by("pk")
    if not network.sees_internals:
        paradoxes = paradoxes.filter(is_public=True)
    meeting = Meeting.objects.prefetch_related(
        "participants", Prefetch("paradoxes", queryset=paradoxes)
    ).get(pk=meeting_id)
    meeting.network = network
    return meeting


def meeting_detail(request, slug, meeting_id):
    network = _network(request, slug)
    meeting = _meeting(network, meeting_id)
    return render(
        request,
        "network/meeting_detail.html",
        {
            "network": network,
            "meeting": meeting,
            "agenda": render_markdown(meeting.agenda),
            "minutes": render_markdown(meeting.minutes) if network.sees_internals else None,
            "can_coordinate": selectors.can_coordinate(request.user, network),
        },
    )


@login_required
def meeting_form(request, slug, meeting_id=None):
    """Create a meeting, or edit one (its minutes too)."""
    network = _network(request, slug)
    meeting = _meeting(network, meeting_id) if meeting_id else None
    if not selectors.can_coordinate(request.user, network):
        return forbidden(request, PermissionDenied())
    form = MeetingForm(
        request.POST or None, instance=Meeting.objects.get(pk=meeting.pk) if meeting else None
    )

    def save(arguments):
        if meeting:
            return content_services.update_meeting(user=request.user, meeting=meeting, **arguments)
        return content_services.create_meeting(user=request.user, network=network, **arguments)

    heading = _("Edit meeting") if meeting else _("Plan a meeting")
    return _form_page(
        request, network, form, heading, parent=meeting, save=save, done=_("The meeting was saved.")
    )


@login_required
def paradox_form(request, slug, meeting_id):
    network = _network(request, slug)
    meeting = _meeting(network, meeting_id)
    if not selectors.can_coordinate(request.user, network):
        return forbidden(request, PermissionDenied())

    def save(arguments):
        content_services.add_paradox(
            user=request.user, network=network, meeting=meeting, **arguments
        )
        return f"{meeting.get_absolute_url()}#paradoxes"

    form = ParadoxForm(request.POST or None)
    return _form_page(
        request,
        network,
        form,
        _("Add paradox"),
        parent=meeting,
        save=save,
        done=_("The paradox was added."),
    )


def _experiment(network, experiment_id):
    experiments = network.experiments.all()  # already limited to what the viewer may see
    experiment = next((item for item in experiments if item.pk == experiment_id), None)
    if experiment is None:
        raise Http404
    experiment.network = network
    return experiment


def experiment_detail(request, slug, experiment_id):
    network = _network(request, slug)
    experiment = _experiment(network, experiment_id)
    case = experiment.case
    visible_case = (
        cases_visible_to(request.user).filter(pk=case.pk).first() if case is not None else None
    )
    return render(
        request,
        "network/experiment_detail.html",
        {
            "network": network,
            "experiment": experiment,
            "case": visible_case,
            "can_edit": content_services.can_edit_experiment(request.user, experiment),
        },
    )


@login_required
def experiment_form(request, slug, experiment_id=None):
    """Members write up their own municipality's experiment; coordinators any member's."""
    network = _network(request, slug)
    experiment = _experiment(network, experiment_id) if experiment_id else None
    allowed = (
        content_services.can_edit_experiment(request.user, experiment)
        if experiment
        else content_services.can_add_experiment(request.user, network)
    )
    if not allowed:
        return forbidden(request, PermissionDenied())
    coordinates = selectors.can_coordinate(request.user, network)
    form = ExperimentForm(
        request.POST or None,
        instance=Experiment.objects.get(pk=experiment.pk) if experiment else None,
        municipalities=_member_municipalities(network) if coordinates else None,
        visible_cases=cases_visible_to(request.user),
    )

    def save(arguments):
        if experiment:
            return content_services.update_experiment(
                user=request.user, experiment=experiment, **arguments
            )
        arguments.setdefault("municipality", request.user.municipality)
        return content_services.create_experiment(user=request.user, network=network, **arguments)

    heading = _("Edit experiment") if experiment else _("Add experiment")
    return _form_page(
        request,
        network,
        form,
        heading,
        parent=experiment,
        save=save,
        done=_("The experiment was saved."),
    )


def _member_municipalities(network):
    return Municipality.objects.filter(network_memberships__network=network).order_by("name")


def _form_page(request, network, form, heading, *, parent, save, done):
    """Shows the form; a valid submission goes to `save` (a service call returning where to
    go next). A refused action is a 403 page; a form shown again after a failed submit
    answers 400, so a client can tell."""
    if request.method == "POST" and form.is_valid():
        try:
            target = save(form.service_arguments())
        except PermissionDenied as error:
            return forbidden(request, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(target)
    context = {"network": network, "form": form, "heading": heading, "parent": parent}
    status = 400 if form.is_bound else 200
    return render(request, "network/content_form.html", context, status=status)
