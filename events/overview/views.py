"""Mit overblik: each block comes from a selector that takes the viewer; the page shows
the first rows of each and links to the full list."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from network import selectors as network_selectors
from projects import selectors as projects_selectors
from projects.models import Case

from .. import selectors as events_selectors
from ..organiser.services import can_create_event

ROWS = projects_selectors.START_PAGE_ROWS


def _block(queryset):
    """The first rows of a list and whether there are more, in one query."""
    rows = list(queryset[: ROWS + 1])
    return {"rows": rows[:ROWS], "has_more": len(rows) > ROWS}


@login_required
def start(request):
    """What is theirs: cases, drafts, voices to moderate, join requests, theme days."""
    user = request.user
    if not user.is_staff:
        # Citizens and other non-staff accounts have nothing here; the public home page is theirs.
        return redirect("home")
    return render(
        request,
        "events/overview/start.html",
        {
            "cases": _block(projects_selectors.cases_of(user)),
            "drafts": _block(projects_selectors.drafts_of(user)),
            "voices": _block(projects_selectors.voices_awaiting_moderation(user)),
            "join_requests": _block(network_selectors.requests_awaiting(user)),
            "occurrences": _block(events_selectors.upcoming_occurrences_managed_by(user)),
            "can_create_case": user.is_superuser
            or projects_selectors.can_edit_case(user, Case(municipality_id=user.municipality_id)),
            "can_create_event": can_create_event(user),
        },
    )
