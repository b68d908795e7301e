"""Keeping a case tidy: edit or delete a journal note, photo, quote or partner from the case
page, each deletion after a confirmation page. Who may do it, and the history line each
change leaves, are the services' rules (services.py); these views parse, call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy

from samskabelse.exceptions import PermissionDenied
from samskabelse.views import forbidden

from . import selectors, services
from .attachments import MAX_ATTACHMENT_BYTES
from .forms import AttachmentForm, JournalEntryForm, PartnerRoleForm, PhotoEditForm, QuoteForm
from .models import Attachment, Case, CasePartner, JournalEntry, Photo, Quote
from .views import add_service_errors


def _journal_initial(entry):
    return {"date": entry.date, "kind": entry.kind, "text": entry.text}


def _quote_initial(quote):
    return {
        "text": quote.text,
        "speaker_role": quote.speaker_role,
        "speaker_name": quote.speaker_name,
        "name_consent": bool(quote.name_consent_at),
    }


def _photo_initial(photo):
    return {
        "alt_text": photo.alt_text,
        "caption": photo.caption,
        "people_consent": bool(photo.people_consent_at),
    }


def _may_edit_case_item(user, item):
    return selectors.can_edit_case(user, item.case)


# What can be changed on a case: model, form, services, and the pages' wording.
ITEMS = {
    "journal": {
        "queryset": JournalEntry.objects.select_related("author"),
        "argument": "entry",
        "form": JournalEntryForm,
        "initial": _journal_initial,
        "may": selectors.can_change_journal_entry,
        "update": services.update_journal_entry,
        "delete": services.delete_journal_entry,
        "anchor": "journal",
        "heading": gettext_lazy("Edit journal entry"),
        "delete_heading": gettext_lazy("Delete journal entry?"),
        "updated": gettext_lazy("The journal entry was saved."),
        "deleted": gettext_lazy("The journal entry was deleted."),
    },
    "photo": {
        "queryset": Photo.objects.all(),
        "argument": "photo",
        "form": PhotoEditForm,
        "initial": _photo_initial,
        "may": _may_edit_case_item,
        "update": services.update_photo,
        "delete": services.delete_photo,
        "anchor": "photos",
        "heading": gettext_lazy("Edit photo"),
        "delete_heading": gettext_lazy("Delete photo?"),
        "updated": gettext_lazy("The photo was saved."),
        "deleted": gettext_lazy("The photo was deleted."),
    },
    "quote": {
        "queryset": Quote.objects.all(),
        "argument": "quote",
        "form": QuoteForm,
        "initial": _quote_initial,
        "may": _may_edit_case_item,
        "update": services.update_quote,
        "delete": services.delete_quote,
        "anchor": "quotes",
        "heading": gettext_lazy("Edit quote"),
        "delete_heading": gettext_lazy("Delete quote?"),
        "updated": gettext_lazy("The quote was saved."),
        "deleted": gettext_lazy("The quote was deleted."),
    },
    "partner": {
        "queryset": CasePartner.objects.select_related("organisation"),
        "argument": "partner",
        "form": PartnerRoleForm,
        "initial": lambda partner: {"role": partner.role},
        "may": _may_edit_case_item,
        "update": services.update_partner,
        "delete": services.delete_partner,
        "anchor": "partners",
        "heading": gettext_lazy("Edit partner"),
        "delete_heading": gettext_lazy("Remove partner?"),
        "updated": gettext_lazy("The partner was saved."),
        "deleted": gettext_lazy("The partner was removed from the case."),
    },
    "attachment": {
        "queryset": Attachment.objects.all(),
        "argument": "attachment",
        "form": None,  # a file is replaced by deleting it and attaching a new one
        "may": _may_edit_case_item,
        "delete": services.delete_attachment,
        "anchor": "attachments",
        "delete_heading": gettext_lazy("Delete attached file?"),
        "deleted": gettext_lazy("The file was deleted."),
    },
}
# Room for the form's other fields and the multipart boundaries around the file.
MAX_ATTACHMENT_REQUEST_BYTES = MAX_ATTACHMENT_BYTES + 64 * 1024


def _case_item(request, slug, kind, pk):
    """(case, item) when the viewer may see the case, else 404 (as for a missing one)."""
    try:
        case = selectors.case_for_detail(user=request.user, slug=slug)
    except Case.DoesNotExist:
        raise Http404 from None
    item = ITEMS[kind]["queryset"].filter(case=case, pk=pk).first()
    if item is None:
        raise Http404
    item.case = case
    return case, item


def _back_to(case, spec):
    return redirect(f"{case.get_absolute_url()}#{spec['anchor']}")


@login_required
def item_edit(request, slug, kind, pk):
    spec = ITEMS[kind]
    case, item = _case_item(request, slug, kind, pk)
    if not spec["may"](request.user, item):
        return forbidden(request, PermissionDenied())
    form = spec["form"](request.POST or None, initial=spec["initial"](item))
    if request.method == "POST" and form.is_valid():
        try:
            spec["update"](user=request.user, **{spec["argument"]: item}, **form.cleaned_data)
        except PermissionDenied as error:
            return forbidden(request, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, spec["updated"])
            return _back_to(case, spec)
    context = {"form": form, "case": case, "item": item, "spec": spec}
    status = 400 if form.is_bound else 200
    return render(request, "projects/case_item_edit.html", context, status=status)


@login_required
def item_delete(request, slug, kind, pk):
    """GET asks for confirmation; only the POST (with its CSRF token) deletes."""
    spec = ITEMS[kind]
    case, item = _case_item(request, slug, kind, pk)
    if not spec["may"](request.user, item):
        return forbidden(request, PermissionDenied())
    if request.method == "POST":
        try:
            spec["delete"](user=request.user, **{spec["argument"]: item})
        except PermissionDenied as error:
            return forbidden(request, error)
        messages.success(request, spec["deleted"])
        return _back_to(case, spec)
    context = {"case": case, "item": item, "spec": spec, "kind": kind}
    return render(request, "projects/case_item_delete.html", context)


@login_required
def attachment_add(request, slug):
    """Attach a file to the case or one of its notes. A request larger than any accepted
    file is refused from its Content-Length, before the body is read."""
    try:
        case = selectors.case_for_detail(user=request.user, slug=slug)
    except Case.DoesNotExist:
        raise Http404 from None
    if not selectors.can_edit_case(request.user, case):
        return forbidden(request, PermissionDenied())
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_ATTACHMENT_REQUEST_BYTES:
        return HttpResponse(
            gettext_lazy("The file is larger than 20 MB."), status=413, content_type="text/plain"
        )
    journal = case.journal.order_by("-date", "-created_at")
    form = AttachmentForm(request.POST or None, request.FILES or None, journal=journal)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_attachment(user=request.user, case=case, **form.cleaned_data)
        except PermissionDenied as error:
            return forbidden(request, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext_lazy("The file was attached."))
            return redirect(f"{case.get_absolute_url()}#attachments")
    addition = {
        "heading": gettext_lazy("Attach a file"),
        "intro": gettext_lazy("Only those who may see the case can download the file."),
        "submit": gettext_lazy("Attach file"),
    }
    context = {"form": form, "case": case, "addition": addition}
    status = 400 if form.is_bound else 200
    return render(request, "projects/case_addition.html", context, status=status)


urlpatterns = [
    path("<slug:slug>/attachments/", attachment_add, name="attachment_add"),
    *[
        path(f"<slug:slug>/{kind}/<int:pk>/edit/", item_edit, {"kind": kind}, name=f"{kind}_edit")
        for kind, spec in ITEMS.items()
        if spec["form"]
    ],
    *[
        path(
            f"<slug:slug>/{kind}/<int:pk>/delete/",
            item_delete,
            {"kind": kind},
            name=f"{kind}_delete",
        )
        for kind in ITEMS
    ],
]
