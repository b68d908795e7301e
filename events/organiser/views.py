"""Organiser pages: dashboard, event and occurrence forms, exports, check-in, capacity,
moving and cancelling a date; the participant list and messages are in participants.py.
Thin views: parse, call a selector or a service, render. Who may do what is decided by
services.can_manage_event."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from projects import views as projects_views
from samskabelse.db import statement_timeout
from samskabelse.exceptions import DomainError, PermissionDenied
from samskabelse.views import forbidden

from .. import exports, services
from ..models import Event, Occurrence, OccurrenceStatus, Registration, Speaker
from . import selectors as organiser_selectors
from . import services as organiser_services
from .forms import (
    CapacityForm,
    EventForm,
    MoveForm,
    OccurrenceDetailsForm,
    OccurrenceForm,
    SearchForm,
    SpeakerForm,
)

TEMPLATES = "events/organiser/"


def add_service_errors(form, error):
    """A domain error (Unprocessable …) above the form; a ValidationError as projects does."""
    if isinstance(error, DomainError):
        form.add_error(None, str(error.message))
    else:
        projects_views.add_service_errors(form, error)


def organiser_required(view):
    """Logged in (else the login page) with the organiser role or as admin (else 403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not organiser_services.can_create_event(request.user):
            return forbidden(request, PermissionDenied())
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            return forbidden(request, error)

    return wrapper


def _managed(user, obj, event):
    if not services.can_manage_event(user, event):
        raise PermissionDenied(_("Only the event's organisers can do this."))
    return obj


def _event(request, pk):
    event = get_object_or_404(Event, pk=pk)
    return _managed(request.user, event, event)


def _occurrence(request, pk):
    try:
        occurrence = organiser_selectors.occurrence_with_counts(pk)
    except Occurrence.DoesNotExist:
        raise Http404 from None
    return _managed(request.user, occurrence, occurrence.event)


def _participants_url(occurrence):
    return reverse("events:organiser_participants", args=[occurrence.pk])


@organiser_required
def dashboard(request):
    events = organiser_selectors.events_managed_by(request.user)
    return render(request, f"{TEMPLATES}dashboard.html", {"events": events})


@organiser_required
def event_create(request):
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = organiser_services.create_event(user=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The event was created. Now add its dates."))
            return redirect("events:organiser_event", event.pk)
    status = 400 if form.is_bound else 200
    return render(request, f"{TEMPLATES}event_form.html", {"form": form}, status=status)


@organiser_required
def event_edit(request, pk):
    event = _event(request, pk)
    form = EventForm(request.POST or None, instance=Event.objects.get(pk=event.pk))
    if request.method == "POST" and form.is_valid():
        try:
            organiser_services.update_event(
                user=request.user, event=event, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("events:organiser_event", event.pk)
    status = 400 if form.is_bound else 200
    return render(
        request, f"{TEMPLATES}event_form.html", _event_context(request, event, form), status=status
    )


def _event_context(request, event, form=None, speaker_form=None):
    return {
        "event": event,
        "form": form,
        "speakers": organiser_selectors.speakers_of(event, user=request.user),
        "speaker_form": speaker_form or SpeakerForm(user=None),
    }


@organiser_required
@require_POST
def speaker_add(request, pk):
    event = _event(request, pk)
    form = SpeakerForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            organiser_services.add_speaker(user=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The speaker was added."))
            return redirect(reverse("events:organiser_event", args=[event.pk]) + "#speakers")
    context = _event_context(request, event, EventForm(instance=event), form)
    return render(request, f"{TEMPLATES}event_form.html", context, status=400)


@organiser_required
@require_POST
def speaker_remove(request, pk):
    speaker = get_object_or_404(Speaker.objects.select_related("event"), pk=pk)
    organiser_services.remove_speaker(user=request.user, speaker=speaker)
    messages.success(request, _("The speaker was removed."))
    return redirect(reverse("events:organiser_event", args=[speaker.event_id]) + "#speakers")


@organiser_required
def occurrence_create(request, pk):
    event = _event(request, pk)
    form = OccurrenceForm(request.POST or None, initial={"waitlist_enabled": True})
    if request.method == "POST" and form.is_valid():
        try:
            occurrence = organiser_services.add_occurrence(
                user=request.user, event=event, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The date was added."))
            return redirect(_participants_url(occurrence))
    context = {"event": event, "form": form, "heading": _("Add date"), "submit": _("Add date")}
    status = 400 if form.is_bound else 200
    return render(request, f"{TEMPLATES}occurrence_form.html", context, status=status)


def _occurrence_action(request, pk, *, form_class, initial, perform, heading, submit, intro=""):
    """One form on an occurrence, one service call: details, capacity, move, message."""
    occurrence = _occurrence(request, pk)
    form = form_class(request.POST or None, initial=initial(occurrence))
    if request.method == "POST" and form.is_valid():
        try:
            done = perform(request.user, occurrence, form.cleaned_data)
        except (ValidationError, DomainError) as error:
            if isinstance(error, PermissionDenied):
                raise
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(_participants_url(occurrence))
    context = {
        "event": occurrence.event,
        "occurrence": occurrence,
        "form": form,
        "heading": heading,
        "intro": intro,
        "submit": submit,
    }
    status = 400 if form.is_bound else 200
    return render(request, f"{TEMPLATES}occurrence_form.html", context, status=status)


def _update_details(user, occurrence, data):
    organiser_services.update_occurrence_details(user=user, occurrence=occurrence, **data)
    return _("Your changes were saved.")


def _change_capacity(user, occurrence, data):
    _occurrence, promoted = services.change_capacity(
        user=user, occurrence=occurrence, capacity=data["capacity"]
    )
    return ngettext(
        "The capacity is now %(capacity)d. %(count)d person was moved from the waiting list.",
        "The capacity is now %(capacity)d. %(count)d people were moved from the waiting list.",
        len(promoted),
    ) % {"capacity": data["capacity"], "count": len(promoted)}


def _move(user, occurrence, data):
    services.move_occurrence(user=user, occurrence=occurrence, **data)
    return _("The date was moved. Everyone registered is being emailed.")


OCCURRENCE_ACTIONS = {
    "details": {
        "form_class": OccurrenceDetailsForm,
        "initial": lambda o: {name: getattr(o, name) for name in OccurrenceDetailsForm.base_fields},
        "perform": _update_details,
        "heading": gettext_lazy("Registration and online link"),
        "submit": gettext_lazy("Save changes"),
    },
    "capacity": {
        "form_class": CapacityForm,
        "initial": lambda o: {"capacity": o.capacity},
        "perform": _change_capacity,
        "heading": gettext_lazy("Change the number of seats"),
        "intro": gettext_lazy(
            "Nobody loses a confirmed seat: the number cannot go below the seats taken."
        ),
        "submit": gettext_lazy("Save seats"),
    },
    "move": {
        "form_class": MoveForm,
        "initial": lambda o: {name: getattr(o, name) for name in MoveForm.base_fields},
        "perform": _move,
        "heading": gettext_lazy("Move the date"),
        "intro": gettext_lazy(
            "Everyone registered or on the waiting list is emailed about the change."
        ),
        "submit": gettext_lazy("Move and email everyone"),
    },
}


@organiser_required
def occurrence_action(request, pk, action):
    return _occurrence_action(request, pk, **OCCURRENCE_ACTIONS[action])


@organiser_required
def occurrence_cancel(request, pk):
    """A confirm step first: cancelling emails everyone and cannot be undone here."""
    occurrence = _occurrence(request, pk)
    if request.method == "POST":
        # A second click (or a reload) must not email everyone twice.
        if occurrence.status != OccurrenceStatus.CANCELLED:
            services.cancel_occurrence(user=request.user, occurrence=occurrence)
            messages.success(
                request, _("The date was cancelled. Everyone registered is being emailed.")
            )
        return redirect(_participants_url(occurrence))
    context = {"event": occurrence.event, "occurrence": occurrence}
    return render(request, f"{TEMPLATES}cancel_confirm.html", context)


@organiser_required
def check_in_list(request, pk):
    occurrence = _occurrence(request, pk)
    search = SearchForm(request.GET or None)
    registrations = [
        registration
        for registration in organiser_selectors.participants(occurrence, query=search.query())
        if registration.status in ("confirmed", "attended")
    ]
    context = {
        "event": occurrence.event,
        "occurrence": occurrence,
        "search": search,
        "registrations": registrations,
        "query": search.query(),
    }
    return render(request, f"{TEMPLATES}check_in.html", context)


@organiser_required
@require_POST
def check_in(request, pk):
    registration = get_object_or_404(
        Registration.objects.select_related("occurrence__event"), pk=pk
    )
    try:
        services.check_in(user=request.user, registration=registration)
    except PermissionDenied:
        raise
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
    url = reverse("events:organiser_check_in", args=[registration.occurrence_id])
    query = request.POST.get("q", "").strip()
    if query:
        url += "?" + urlencode({"q": query})
    return redirect(url)


@organiser_required
def export(request, pk, file_format):
    occurrence = _occurrence(request, pk)
    return export_response(occurrence, organiser_selectors.participants(occurrence), file_format)


def export_response(occurrence, registrations, file_format):
    """The registrations as a CSV or XLSX download named after the event and date."""
    filename = (
        f"deltagere-{occurrence.event.slug}-{timezone.localtime(occurrence.starts_at):%Y-%m-%d}"
    )
    with statement_timeout():  # a long list may read for longer than a page
        if file_format == "csv":
            content = exports.as_csv(registrations)
            content_type = "text/csv; charset=utf-8"
        else:
            content = exports.as_xlsx(registrations, title=_("Participants"))
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response
