"""Catalogue pages: my catalogues, the builder, the printable catalogue, its PDF and the
PDF's progress. Thin views: parse, call a selector or service, render."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from projects.views import add_service_errors
from samskabelse.exceptions import PermissionDenied
from samskabelse.views import forbidden

from . import selectors, services
from .forms import CANDIDATES_SHOWN, CatalogueForm, chosen_case_ids, matching_cases
from .models import PdfStatus

logger = logging.getLogger(__name__)


@login_required
def catalogue_list(request):
    if not selectors.can_build_catalogue(request.user):
        return forbidden(request, PermissionDenied(_("Only staff can build a catalogue.")))
    mine = selectors.catalogues_of(request.user)
    others = selectors.catalogues_readable_by(request.user).exclude(owner=request.user)[:50]
    return render(request, "projects/catalogue/list.html", {"mine": mine, "others": others})


def _readable(request, pk):
    return get_object_or_404(selectors.catalogues_readable_by(request.user), pk=pk)


@login_required
def catalogue_edit(request, pk=None):
    """The builder: title and introduction, the chosen cases with their order, and cases
    to add, found with the case list's filters."""
    catalogue = _readable(request, pk) if pk else None
    allowed = (
        selectors.can_edit_catalogue(request.user, catalogue)
        if catalogue
        else selectors.can_build_catalogue(request.user)
    )
    if not allowed:
        return forbidden(request, PermissionDenied(_("Only the owner can change this catalogue.")))
    current = list(selectors.catalogue_cases(catalogue, request.user)) if catalogue else []
    form = CatalogueForm(request.POST or None, instance=catalogue)
    if request.method == "POST" and form.is_valid():
        case_ids = chosen_case_ids(request.user, request.POST, [case.pk for case in current])
        try:
            catalogue = services.save_catalogue(
                user=request.user,
                catalogue=catalogue,
                case_ids=case_ids,
                **form.cleaned_data,
            )
        except PermissionDenied as error:
            return forbidden(request, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The catalogue was saved."))
            query = QueryDict(request.POST.get("filter_query", "")).urlencode()
            edit_url = reverse("projects:catalogue:edit", args=[catalogue.pk])
            return redirect(f"{edit_url}?{query}" if query else edit_url)
    candidates, filter_form = matching_cases(request.user, request.GET)
    chosen = {case.pk for case in current}
    context = {
        "catalogue": catalogue,
        "form": form,
        "current": current,
        "filter_form": filter_form,
        "filter_query": request.GET.urlencode(),
        "candidates": candidates.exclude(pk__in=chosen)[:CANDIDATES_SHOWN],
        "candidates_count": candidates.count(),
        "max_cases": services.MAX_CASES,
    }
    status = 400 if form.is_bound else 200
    return render(request, "projects/catalogue/edit.html", context, status=status)


@login_required
def catalogue_delete(request, pk):
    catalogue = _readable(request, pk)
    if not selectors.can_edit_catalogue(request.user, catalogue):
        return forbidden(request, PermissionDenied(_("Only the owner can change this catalogue.")))
    if request.method == "POST":
        services.delete_catalogue(user=request.user, catalogue=catalogue)
        messages.success(request, _("The catalogue was deleted."))
        return redirect("projects:catalogue:list")
    return render(request, "projects/catalogue/delete.html", {"catalogue": catalogue})


def catalogue_detail(request, pk):
    """The printable catalogue: cover, contents, one spread per case the reader may see."""
    catalogue = _readable(request, pk)
    cases = list(selectors.catalogue_cases(catalogue, request.user))
    pdf = services.current_pdf(catalogue=catalogue, case_ids=[case.pk for case in cases])
    context = {
        "catalogue": catalogue,
        "cases": cases,
        "entries": [(case, None) for case in cases],
        "inline_limit": services.INLINE_LIMIT,
        "pdf": pdf,
        "building": pdf is not None and pdf.status in (PdfStatus.QUEUED, PdfStatus.BUILDING),
        "can_edit": selectors.can_edit_catalogue(request.user, catalogue),
    }
    return render(request, "projects/catalogue/detail.html", context)


def catalogue_pdf(request, pk):
    """The PDF: the stored one while nothing in it has changed, else built now (small
    catalogues) or by the task, whose progress the catalogue page shows."""
    catalogue = _readable(request, pk)
    pdf = _build_asked_for(request, catalogue)
    if pdf is None or pdf.status != PdfStatus.READY:
        pdf = services.request_pdf(catalogue=catalogue, viewer=request.user)
    if pdf.status != PdfStatus.READY:
        if pdf.status == PdfStatus.FAILED:
            messages.error(request, _("The PDF could not be built. Please try again."))
        return redirect(f"{catalogue.get_absolute_url()}#pdf")
    try:
        file = pdf.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = f"{slugify(catalogue.title) or 'katalog'}.pdf"
    response = FileResponse(file, content_type="application/pdf", filename=filename)
    response["Cache-Control"] = "private, no-store" if not catalogue.is_public else "private"
    return response


@never_cache
def catalogue_pdf_status(request, pk):
    """How far the build the page shows (?build=) has come, for its progress line
    (static/js/catalogue-progress.js)."""
    catalogue = _readable(request, pk)
    pdf = _build_asked_for(request, catalogue)
    if pdf is None:
        case_ids = selectors.catalogue_case_ids(catalogue, request.user)
        pdf = services.current_pdf(catalogue=catalogue, case_ids=case_ids)
    if pdf is None:
        raise Http404
    pdf_url = reverse("projects:catalogue:pdf", args=[catalogue.pk])
    return JsonResponse(
        {
            "status": pdf.status,
            "percent": pdf.percent,
            "message": status_message(pdf),
            "pdf_url": f"{pdf_url}?build={pdf.pk}",
        }
    )


def _build_asked_for(request, catalogue):
    """The build named by ?build=: the page follows the build it started, which may finish
    after something else on the platform changed the cases' data version (and so the key a
    new request would get)."""
    try:
        build_id = int(request.GET.get("build", ""))
    except ValueError:
        return None
    return selectors.pdf_build(catalogue, build_id, request.user)


def status_message(pdf):
    if pdf.status == PdfStatus.READY:
        return _("The PDF is ready.")
    if pdf.status == PdfStatus.FAILED:
        return _("The PDF could not be built. Please try again.")
    return _("Building the PDF: %(done)s of %(total)s cases laid out.") % {
        "done": pdf.cases_done,
        "total": pdf.total,
    }
