"""Writes on a network's content: meetings and their minutes, mini-experiments and
paradoxes. Coordinators manage their own networks only; members edit their own
municipality's experiments. Each function checks its rule, validates with full_clean and
writes in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskabelse.exceptions import PermissionDenied

from .models import Experiment, Meeting, Paradox
from .selectors import can_coordinate, is_member

MEETING_FIELDS = {"title", "starts_at", "place", "agenda", "minutes", "is_public"}
EXPERIMENT_FIELDS = {
    "title", "question", "what_we_tried", "with_politicians", "with_volunteer_consultants",
    "with_citizens", "status", "learning", "case", "is_public",
}  # fmt: skip


def can_add_experiment(user, network):
    """Coordinators, and members who belong to a member municipality."""
    if can_coordinate(user, network):
        return True
    return (
        bool(user.is_authenticated and user.municipality_id)
        and network.memberships.filter(municipality_id=user.municipality_id).exists()
    )


def can_edit_experiment(user, experiment):
    """The network's coordinators, and members from the experiment's own municipality."""
    if can_coordinate(user, experiment.network):
        return True
    return (
        user.is_authenticated
        and user.municipality_id is not None
        and user.municipality_id == experiment.municipality_id
        and is_member(user, experiment.network)
    )


def _check_coordinator(user, network):
    if not can_coordinate(user, network):
        raise PermissionDenied(_("Only the network's coordinators can do this."))


def _check_fields(fields, allowed):
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")


def _validate_minutes(meeting):
    """Minutes are written after a meeting has begun, never ahead of it."""
    if meeting.minutes.strip() and meeting.starts_at and meeting.starts_at > timezone.now():
        raise ValidationError(
            {"minutes": _("Minutes can only be written once the meeting has taken place.")}
        )


def _save(instance, validate=None):
    with transaction.atomic():
        instance.full_clean()
        if validate:
            validate(instance)
        instance.save()
    return instance


def create_meeting(*, user, network, **fields):
    """A coordinator plans a meeting in their own network."""
    _check_coordinator(user, network)
    _check_fields(fields, MEETING_FIELDS)
    return _save(Meeting(network=network, **fields), _validate_minutes)


def update_meeting(*, user, meeting, **changes):
    """A coordinator edits a meeting of their own network and writes its minutes."""
    _check_coordinator(user, meeting.network)
    _check_fields(changes, MEETING_FIELDS)
    for name, value in changes.items():
        setattr(meeting, name, value)
    return _save(meeting, _validate_minutes)


def add_paradox(*, user, network, meeting=None, **fields):
    """A coordinator records a paradox, usually raised at one of the network's meetings."""
    _check_coordinator(user, network)
    if meeting is not None and meeting.network_id != network.pk:
        raise PermissionDenied(_("The meeting belongs to another network."))
    return _save(Paradox(network=network, meeting=meeting, **fields))


def create_experiment(*, user, network, municipality, **fields):
    """Members write up their own municipality's experiments; coordinators any member's."""
    _check_fields(fields, EXPERIMENT_FIELDS)
    experiment = Experiment(network=network, municipality=municipality, **fields)
    if not can_edit_experiment(user, experiment):
        raise PermissionDenied(_("You can only add experiments for your own municipality."))
    if not network.memberships.filter(municipality=municipality).exists():
        raise ValidationError({"municipality": _("The municipality is not a member.")})
    return _save(experiment)


def update_experiment(*, user, experiment, municipality=None, **changes):
    """Only coordinators can move an experiment to another member municipality."""
    if not can_edit_experiment(user, experiment):
        raise PermissionDenied(_("You can only edit your own municipality's experiments."))
    _check_fields(changes, EXPERIMENT_FIELDS)
    if municipality is not None and municipality.pk != experiment.municipality_id:
        _check_coordinator(user, experiment.network)
        if not experiment.network.memberships.filter(municipality=municipality).exists():
            raise ValidationError({"municipality": _("The municipality is not a member.")})
        experiment.municipality = municipality
    for name, value in changes.items():
        setattr(experiment, name, value)
    return _save(experiment)
