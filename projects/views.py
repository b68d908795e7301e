"""Case pages: list, case page, guided create/edit, journal, photos and the toolbox.
Thin views: parse, call a selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samskabelse.exceptions import PermissionDenied
from samskabelse.views import forbidden

from . import selectors, services
from .forms import (
    CaseFilterForm,
    CaseForm,
    JournalEntryForm,
    PartnerForm,
    PartnerFormSet,
    PhotoForm,
    QuoteForm,
)
from .models import Case, Track
from .trail_graph import trail_svg
from .trails import case_trail

CASES_PER_PAGE = 20


def add_service_errors(form, error):
    """A service's ValidationError beside the fields it names; the rest above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def case_list(request):
    """Unknown filter values are ignored with a message, so an old or mistyped link still
    shows cases instead of an error page."""
    form = CaseFilterForm(request.GET or None)
    selection = form.selection()
    if form.is_bound and form.ignored_fields():
        messages.warning(
            request,
            _("Some filter values were not recognised and were ignored: %(fields)s.")
            % {"fields": ", ".join(str(label) for label in form.ignored_fields())},
        )
    cases = selectors.cases_listed(request.user, **selection)
    counts = selectors.counts_per_track(cases)
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "projects/index.html",
        {
            "form": form,
            "page_obj": page,
            "cases": page.object_list,
            "query_string": query_string.urlencode(),
            "filtered": bool(selection["filters"] or selection["query"]),
            "track_counts": [
                (value, label, counts.get(value, 0)) for value, label in Track.choices
            ],
            "can_create": _can_create(request.user),
        },
    )


def _can_create(user):
    return user.is_authenticated and (
        user.is_superuser
        or selectors.can_edit_case(user, Case(municipality_id=user.municipality_id))
    )


def _visible_case(request, slug):
    try:
        return selectors.case_for_detail(user=request.user, slug=slug)
    except Case.DoesNotExist:
        raise Http404 from None


def case_detail(request, slug):
    try:
        case = selectors.case_for_detail(user=request.user, slug=slug)
    except Case.DoesNotExist:
        new_slug = selectors.renamed_case_slug(user=request.user, old_slug=slug)
        if new_slug is None:
            raise Http404 from None
        return redirect("projects:case", new_slug, permanent=True)
    return render(request, "projects/case_detail.html", _case_context(request, case))


def trail_context(user, case):
    """What projects/_trail.html needs for the case's spreading trail."""
    trail = case_trail(user, case)
    return {
        "trail": trail,
        "trail_svg": "" if trail.is_empty else trail_svg(trail),
    }


def _case_context(request, case, journal_form=None):
    user = request.user
    can_see_journal = selectors.can_see_journal(user, case)
    can_edit = selectors.can_edit_case(user, case)
    is_consultant = user.is_authenticated and user in case.consultants.all()
    journal = (
        list(case.journal.select_related("author").prefetch_related("attachments"))
        if can_see_journal
        else []
    )
    return {
        "case": case,
        "can_edit": can_edit,
        **trail_context(user, case),
        "can_see_journal": can_see_journal,
        "journal": journal,
        "changeable_entries": {
            entry.pk for entry in journal if selectors.can_change_journal_entry(user, entry)
        },
        "can_write_journal": can_see_journal and (can_edit or is_consultant),
        "journal_form": journal_form or JournalEntryForm(),
        "history": case.revisions.select_related("changed_by") if user.is_staff else [],
    }


@login_required
def case_create(request):
    if not _can_create(request.user):
        return forbidden(request, PermissionDenied())
    visible = selectors.cases_visible_to(request.user)
    form = CaseForm(request.POST or None, user=request.user, visible_cases=visible)
    # A post without the partner rows (an older form, a script) simply adds none.
    with_partners = "partners-TOTAL_FORMS" in request.POST
    partners = PartnerFormSet(request.POST if with_partners else None, prefix="partners")
    if request.method == "POST" and form.is_valid() and (not with_partners or partners.is_valid()):
        rows = [row.partner() for row in partners if with_partners and row.partner()]
        try:
            case = services.create_case(
                user=request.user, partners=rows, **form.service_arguments()
            )
        except PermissionDenied as error:
            return forbidden(request, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The case was created."))
            return redirect(case)
    context = {"form": form, "case": None, "partners": partners}
    return render(request, "projects/case_form.html", context)


@login_required
def case_edit(request, slug):
    case = _visible_case(request, slug)
    if not selectors.can_edit_case(request.user, case):
        return forbidden(request, PermissionDenied())
    # The form works on its own copy: update_case compares the new values with the case.
    form = CaseForm(
        request.POST or None,
        instance=Case.objects.get(pk=case.pk),
        user=request.user,
        visible_cases=selectors.cases_visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_case(user=request.user, case=case, **form.service_arguments())
        except PermissionDenied as error:
            return forbidden(request, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(case)
    return render(request, "projects/case_form.html", {"form": form, "case": case})


@login_required
@require_POST
def journal_add(request, slug):
    case = _visible_case(request, slug)
    form = JournalEntryForm(request.POST)
    if form.is_valid():
        try:
            services.add_journal_entry(user=request.user, case=case, **form.cleaned_data)
        except PermissionDenied as error:
            return forbidden(request, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The journal entry was added."))
            return redirect(f"{case.get_absolute_url()}#journal")
    context = _case_context(request, case, journal_form=form)
    return render(request, "projects/case_detail.html", context, status=400)


# What can be added to a case from its page: form, service, and the page's wording.
ADDITIONS = {
    "photo": {
        "form": PhotoForm,
        "service": services.add_photo,
        "anchor": "photos",
        "heading": gettext_lazy("Add photo"),
        "intro": gettext_lazy("Only upload photos where the people shown have agreed to be shown."),
        "submit": gettext_lazy("Upload photo"),
        "done": gettext_lazy("The photo was added."),
    },
    "quote": {
        "form": QuoteForm,
        "service": services.add_quote,
        "anchor": "quotes",
        "heading": gettext_lazy("Add quote"),
        "intro": gettext_lazy("A name is shown only when the speaker has agreed to it."),
        "submit": gettext_lazy("Add quote"),
        "done": gettext_lazy("The quote was added."),
    },
    "partner": {
        "form": PartnerForm,
        "service": services.add_partner,
        "anchor": "partners",
        "heading": gettext_lazy("Add partner"),
        "intro": gettext_lazy("An organisation that takes part in the case, and its role."),
        "submit": gettext_lazy("Add partner"),
        "done": gettext_lazy("The partner was added."),
    },
}


@login_required
def case_addition(request, slug, kind):
    """Add a photo, a quote or a partner: one form, one service call."""
    addition = ADDITIONS[kind]
    case = _visible_case(request, slug)
    if not selectors.can_edit_case(request.user, case):
        return forbidden(request, PermissionDenied())
    form = addition["form"](request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            addition["service"](user=request.user, case=case, **form.cleaned_data)
        except PermissionDenied as error:
            return forbidden(request, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, addition["done"])
            return redirect(f"{case.get_absolute_url()}#{addition['anchor']}")
    status = 400 if form.is_bound else 200
    context = {"form": form, "case": case, "addition": addition}
    return render(request, "projects/case_addition.html", context, status=status)


def toolbox(request):
    grips = selectors.grips_with_cases(request.user)
    return render(request, "projects/toolbox.html", {"grips": grips})


def grip_detail(request, slug):
    grip = get_object_or_404(selectors.grips_with_cases(request.user), slug=slug)
    return render(request, "projects/grip_detail.html", {"grip": grip})
