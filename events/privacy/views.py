"""Mine data pages: ask for a link, see what we hold, download it, erase it. Thin views:
parse, call a selector or a service, render. The link is the key, as for manage links."""

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samskabelse.ratelimit import SubmissionLimit

from ..views import _too_many, secret_page
from . import selectors, services
from .forms import MyDataRequestForm

# Someone checking a couple of addresses never meets this; a script trying addresses does.
LINK_LIMIT = SubmissionLimit("my-data", per_window=5)
# One link per address in five minutes, however many clients ask for it: the form cannot
# flood someone's inbox. Counted for unknown addresses too, so it reveals nothing.
LINKS_PER_ADDRESS = SubmissionLimit("my-data-address", per_window=1, window_seconds=5 * 60)


def voices_note():
    return _(
        "Citizen voices are anonymous: we store no name or email with them, so no voice is "
        "tied to your address. To have a voice removed, write to privatliv@samskabelse.dk "
        "with its text."
    )


def request_link(request):
    """The same answer whether or not the address is known: nobody can use the form to
    find out who has registered."""
    form = MyDataRequestForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            email = form.cleaned_data["email"]
            if not LINK_LIMIT.take(request):
                _too_many(form)
                status = 429
            else:
                if not form.is_from_a_robot() and LINKS_PER_ADDRESS.take(request, subject=email):
                    services.send_my_data_link(email=email)
                return redirect("events:my_data_sent")
    return render(request, "events/privacy/request.html", {"form": form}, status=status)


def link_sent(request):
    return render(
        request,
        "events/privacy/sent.html",
        {"valid_minutes": services.LINK_VALID_SECONDS // 60},
    )


def _email_or_invalid_page(request, token):
    """(email, None) for a good link; (None, the page to answer) for an expired one."""
    try:
        return services.email_of_link(token), None
    except services.InvalidLink as error:
        page = render(request, "events/privacy/invalid_link.html", {"message": error.message})
        page.status_code = 404
        return None, page


@secret_page
def overview(request, token):
    email, invalid = _email_or_invalid_page(request, token)
    if invalid:
        return invalid
    context = {
        "token": token,
        "data": selectors.personal_data_of(email),
        "voices_note": voices_note(),
    }
    return render(request, "events/privacy/overview.html", context)


@secret_page
def download(request, token):
    email, invalid = _email_or_invalid_page(request, token)
    if invalid:
        return invalid
    export = selectors.personal_data_export(
        selectors.personal_data_of(email), voices_note=voices_note()
    )
    response = HttpResponse(
        json.dumps(export, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="mine-data-samskabelse.json"'
    return response


@secret_page
def erase(request, token):
    """GET asks for confirmation; POST (CSRF-protected) erases and shows the overview."""
    email, invalid = _email_or_invalid_page(request, token)
    if invalid:
        return invalid
    if request.method == "POST":
        erasure = services.erase_personal_data(email=email)
        messages.success(request, _erasure_message(erasure))
        return redirect("events:my_data", token)
    context = {"token": token, "data": selectors.personal_data_of(email)}
    return render(request, "events/privacy/erase.html", context)


def _erasure_message(erasure):
    parts = [
        ngettext(
            "%(count)d registration is anonymised.",
            "%(count)d registrations are anonymised.",
            erasure.registrations_anonymised,
        )
        % {"count": erasure.registrations_anonymised}
    ]
    if erasure.seats_released:
        parts.append(
            ngettext(
                "%(count)d seat or waiting-list place is released.",
                "%(count)d seats or waiting-list places are released.",
                erasure.seats_released,
            )
            % {"count": erasure.seats_released}
        )
    if erasure.subscription_deleted:
        parts.append(_("The newsletter subscription is deleted."))
    return " ".join([_("Your data are erased."), *parts])
