"""Find a colleague: the people search, a person's page, and removing a person on request.
Thin views: parse, call a selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from projects.selectors import cases_visible_to
from samskabelse.exceptions import PermissionDenied
from samskabelse.views import forbidden

from . import services
from .models import Person
from .people_forms import PeopleSearchForm
from .people_selectors import (
    MAX_SEARCH_WORDS,
    find_people,
    person_for_page,
    search_words,
    shows_contact_details,
)
from .selectors import is_staff

PEOPLE_PER_PAGE = 20


def people_search(request):
    form = PeopleSearchForm(request.GET or None, visible_cases=cases_visible_to(request.user))
    arguments = form.search_arguments()
    if form.is_bound and form.ignored_fields():
        messages.warning(
            request,
            _("Some filter values were not recognised and were ignored: %(fields)s.")
            % {"fields": ", ".join(str(label) for label in form.ignored_fields())},
        )
    _words, dropped = search_words(arguments.get("q"))
    if dropped:
        messages.info(
            request,
            _("The search uses the first %(count)d words; the other %(dropped)d were left out.")
            % {"count": MAX_SEARCH_WORDS, "dropped": dropped},
        )
    people = find_people(user=request.user, **arguments)
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "network/people.html",
        {
            "form": form,
            "page_obj": page,
            "people": page.object_list,
            "query_string": query_string.urlencode(),
            "filtered": bool(arguments),
            "show_contact": shows_contact_details(request.user),
        },
    )


def _person(request, slug):
    try:
        return person_for_page(user=request.user, slug=slug)
    except Person.DoesNotExist:
        raise Http404 from None


def person_detail(request, slug):
    person = _person(request, slug)
    return render(
        request,
        "network/person_detail.html",
        {
            "person": person,
            "show_contact": shows_contact_details(request.user),
            "can_remove": is_staff(request.user),
        },
    )


@login_required
def person_remove(request, slug):
    """A confirm page, then services.remove_person, which decides who may remove."""
    person = _person(request, slug)
    if request.method == "POST":
        try:
            services.remove_person(user=request.user, person=person)
        except PermissionDenied as error:
            return forbidden(request, error)
        messages.success(request, _("The person was removed."))
        return redirect("network:people")
    if not is_staff(request.user):  # the same rule as the service's, for the confirm page
        return forbidden(request, PermissionDenied())
    return render(request, "network/person_remove.html", {"person": person})
