"""Organiser pages about the people of one occurrence: the participant list with its
filters and bulk actions, adding and editing a participant, undoing a check-in, messages
and the printable lists. Thin views: parse, call a selector or a service, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from samskabelse.exceptions import DomainError, PermissionDenied

from .. import emails, services
from ..models import Registration, RegistrationStatus
from . import selectors
from .forms import AddParticipantForm, BulkForm, MessageForm, ParticipantFilterForm, ParticipantForm
from .views import (
    TEMPLATES,
    _managed,
    _occurrence,
    _participants_url,
    add_service_errors,
    export_response,
    organiser_required,
)

PAGE_SIZE = 50
# The status filters above the list: the GET value, the label, and the count's annotation.
STATUS_LINKS = [
    ({}, gettext_lazy("All"), "total"),
    *(
        ({"status": status}, status.label, counter)
        for status, counter in (
            (RegistrationStatus.CONFIRMED, "confirmed"),
            (RegistrationStatus.WAITLISTED, "waitlisted"),
            (RegistrationStatus.CANCELLED, "cancelled"),
            (RegistrationStatus.ATTENDED, "attended"),
        )
    ),
]


def _registration(request, pk):
    try:
        registration = selectors.registration_for_organiser(pk)
    except Registration.DoesNotExist:
        raise Http404 from None
    return _managed(request.user, registration, registration.occurrence.event)


def _context(occurrence, **extra):
    return {"event": occurrence.event, "occurrence": occurrence, **extra}


def _status(form):
    return 400 if form.is_bound else 200


@organiser_required
def participants(request, pk):
    """The list: counts per status, search, filter, sort, 50 a page, rows to select."""
    occurrence = _occurrence(request, pk)
    filters = ParticipantFilterForm(request.GET or None)
    selection = filters.selection()
    page = Paginator(selectors.registrations_of(occurrence, **selection), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = selectors.number_waiting_list(occurrence, page.object_list)
    kept = {key: value for key, value in request.GET.items() if key != "page" and value}
    status_links = [
        {
            "label": label,
            "count": getattr(occurrence, counter),
            "query": urlencode({**{k: v for k, v in kept.items() if k != "status"}, **value}),
            "current": selection["status"] == value.get("status", ""),
        }
        for value, label, counter in STATUS_LINKS
    ]
    context = _context(
        occurrence,
        filters=filters,
        filtered=any(selection[key] for key in ("query", "status")),
        page_obj=page,
        registrations=rows,
        query_string=urlencode(kept),
        status_links=status_links,
        bulk_form=BulkForm(),
        sent_messages=selectors.sent_messages(occurrence),
        quota_rows=selectors.quota_use(occurrence),
        is_past=occurrence.starts_at <= timezone.now(),
    )
    return render(request, f"{TEMPLATES}participants.html", context)


BULK_DONE = {
    "cancel": lambda count: ngettext(
        "%(count)d registration was cancelled; the person is being emailed.",
        "%(count)d registrations were cancelled; each person is being emailed.",
        count,
    ),
    "move": lambda count: ngettext(
        "%(count)d person was moved to the other date and is being emailed.",
        "%(count)d people were moved to the other date and are being emailed.",
        count,
    ),
    "attended": lambda count: ngettext(
        "%(count)d person is marked as attended.",
        "%(count)d people are marked as attended.",
        count,
    ),
}
# Which selected rows each action touches: the others are left as they are.
BULK_APPLIES_TO = {
    "cancel": services.CHANGEABLE_STATUSES,
    "move": services.CHANGEABLE_STATUSES,
    "attended": [RegistrationStatus.CONFIRMED],
}


def _perform(user, occurrence, action, ids, target):
    """One service call per bulk action; each takes the locks and keeps the seat rules."""
    if action == "cancel":
        cancelled, _promoted = services.cancel_registrations(
            user=user, occurrence=occurrence, registration_ids=ids
        )
        return len(cancelled)
    if action == "move":
        target = selectors.other_dates(occurrence).get(pk=target)
        return len(
            services.move_registrations(
                user=user, occurrence=occurrence, target=target, registration_ids=ids
            )
        )
    return len(
        services.check_in_registrations(user=user, occurrence=occurrence, registration_ids=ids)
    )


@organiser_required
@require_POST
def bulk(request, pk):
    """First POST: a confirmation page saying how many people the action touches. Second
    POST (with confirm): the service call. Exports need no confirmation."""
    occurrence = _occurrence(request, pk)
    ids = [value for value in request.POST.getlist("registration") if value.isdigit()]
    dates = list(selectors.other_dates(occurrence))
    form = BulkForm(request.POST, registration_ids=ids, dates=dates)
    if not form.is_valid():
        messages.error(
            request, " ".join(error for errors in form.errors.values() for error in errors)
        )
        return redirect(_participants_url(occurrence))
    action, ids = form.cleaned_data["action"], form.cleaned_data["registration"]
    if action in ("csv", "xlsx"):
        return export_response(occurrence, selectors.participants(occurrence, pks=ids), action)
    chosen = selectors.participants(occurrence, pks=ids)
    touched = [row for row in chosen if row.status in BULK_APPLIES_TO[action]]
    if request.POST.get("confirm"):
        target = form.cleaned_data.get("target")
        try:
            if action == "move" and target is None:
                raise ValidationError({"target": _("Choose the date to move them to.")})
            count = _perform(request.user, occurrence, action, ids, target)
        except (ValidationError, DomainError) as error:
            if isinstance(error, PermissionDenied):
                raise
            add_service_errors(form, error)
        else:
            messages.success(request, BULK_DONE[action](count) % {"count": count})
            return redirect(_participants_url(occurrence))
    context = _context(
        occurrence,
        form=form,
        action=action,
        action_label=dict(form.fields["action"].choices)[action],
        touched=touched,
        untouched=len(chosen) - len(touched),
        dates=dates,
    )
    return render(
        request, f"{TEMPLATES}bulk_confirm.html", context, status=400 if form.errors else 200
    )


@organiser_required
def participant_add(request, pk):
    """The phone call: the organiser registers someone through the public form's rules."""
    occurrence = _occurrence(request, pk)
    form = AddParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        details = {key: value for key, value in form.cleaned_data.items() if key != "consent"}
        try:
            registration = services.register_on_behalf(
                user=request.user, occurrence=occurrence, **details
            )
        except (ValidationError, DomainError) as error:
            if isinstance(error, PermissionDenied):
                raise
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is registered: %(status)s.")
                % {"name": registration.name, "status": registration.get_status_display()},
            )
            return redirect(_participants_url(occurrence))
    context = _context(occurrence, form=form, heading=_("Add a participant"), submit=_("Register"))
    return render(request, f"{TEMPLATES}participant_form.html", context, status=_status(form))


@organiser_required
def participant_edit(request, pk):
    registration = _registration(request, pk)
    occurrence = selectors.occurrence_with_counts(registration.occurrence_id)
    form = ParticipantForm(request.POST or None, instance=Registration.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_participant(
                user=request.user, registration=registration, **form.cleaned_data
            )
        except (ValidationError, DomainError) as error:
            if isinstance(error, PermissionDenied):
                raise
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(_participants_url(occurrence))
    context = _context(
        occurrence,
        form=form,
        registration=registration,
        registered_by=selectors.registered_by(registration),
        heading=_("Edit %(name)s") % {"name": registration.name},
        submit=_("Save changes"),
    )
    return render(request, f"{TEMPLATES}participant_form.html", context, status=_status(form))


@organiser_required
@require_POST
def undo_check_in(request, pk):
    registration = _registration(request, pk)
    try:
        services.undo_check_in(user=request.user, registration=registration)
    except PermissionDenied:
        raise
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The check-in of %(name)s is undone.") % {"name": registration.name}
        )
    if request.POST.get("next") == "check-in":
        return redirect("events:organiser_check_in", registration.occurrence_id)
    return redirect(_participants_url(registration.occurrence))


@organiser_required
def message(request, pk):
    """Write, preview, send a test to oneself, then send; every send is logged."""
    occurrence = _occurrence(request, pk)
    form = MessageForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        data, intent = form.cleaned_data, request.POST.get("intent", "preview")
        try:
            if intent == "send":
                count = services.message_participants(
                    user=request.user, occurrence=occurrence, **data
                )
                messages.success(
                    request,
                    ngettext(
                        "The message is being sent to %(count)d participant.",
                        "The message is being sent to %(count)d participants.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect(_participants_url(occurrence) + "#sent-messages")
            if intent == "test":
                services.send_test_message(
                    user=request.user,
                    occurrence=occurrence,
                    subject=data["subject"],
                    body=data["body"],
                )
                messages.success(
                    request, _("A test was sent to %(email)s.") % {"email": request.user.email}
                )
        except (ValidationError, DomainError) as error:
            if isinstance(error, PermissionDenied):
                raise
            add_service_errors(form, error)
        else:
            preview = _preview(request.user, occurrence, data)
    context = _context(occurrence, form=form, preview=preview)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, f"{TEMPLATES}message_form.html", context, status=status)


def _preview(user, occurrence, data):
    """The mail as the first recipient would read it, and how many would get it."""
    recipients = services.message_recipients(occurrence, data["statuses"])
    stand_in = recipients.first() or Registration(
        occurrence=occurrence, name=user.get_full_name() or user.email, email=user.email
    )
    stand_in.occurrence = occurrence
    mail = emails.registration_mail(
        stand_in, "message", subject=data["subject"], body=data["body"], reply_to=user.email
    )
    return {"mail": mail, "count": recipients.count()}


@organiser_required
def print_list(request, pk, kind):
    """The attendance list or the name badges, for the printer (the print stylesheet)."""
    occurrence = _occurrence(request, pk)
    registrations = [
        registration
        for registration in selectors.participants(occurrence, order="name")
        if registration.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED)
    ]
    template = {"attendance": "print_attendance.html", "badges": "print_badges.html"}[kind]
    return render(
        request, f"{TEMPLATES}{template}", _context(occurrence, registrations=registrations)
    )
