"""The list page's downloads: /cases/export.csv, .xlsx and .json take the list's query
string and give the cases the list shows (its filters, search and order), each as the
API represents it (projects/exports.py)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from samskabelse.ratelimit import SubmissionLimit

from . import exports, selectors
from .forms import CaseFilterForm

# Downloads per address in ten minutes: a person filtering and downloading never meets it,
# a script fetching the whole dataset in a loop (each read may run for a minute) soon does.
EXPORT_LIMIT = SubmissionLimit("case-exports", per_window=30)


def case_export(request, file_format):
    """Unknown filter values are ignored, as the list page ignores them; an export too
    large for one file goes back to the list with a message that says how to narrow it."""
    if not EXPORT_LIMIT.take(request):
        message = _("Too many downloads from your address. Please try again in ten minutes.")
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(EXPORT_LIMIT.window_seconds)
        return response
    selection = CaseFilterForm(request.GET or None).selection()
    cases = selectors.cases_listed(request.user, **selection)
    visible = selectors.cases_visible_to(request.user).select_related(None)
    try:
        return exports.export_response(
            queryset=cases, request=request, visible=visible, file_format=file_format
        )
    except exports.ExportTooLarge as error:
        messages.error(request, error.message)
        query = request.GET.urlencode()
        return redirect(reverse("projects:index") + (f"?{query}" if query else ""))


urlpatterns = [
    path(
        f"export.{file_format}",
        case_export,
        {"file_format": file_format},
        name=f"export_{file_format}",
    )
    for file_format in exports.FORMATS
]
