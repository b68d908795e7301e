"""The catalogue builder's forms: title, introduction and sharing; which cases, in which
order. Picking by filter reuses the case list's filter form and lookups."""

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from projects import selectors as case_selectors
from projects.forms import CaseFilterForm, WithoutColons

from .models import Catalogue
from .services import MAX_CASES

# Cases offered as checkboxes under the filters; "add all matching" takes up to MAX_CASES.
CANDIDATES_SHOWN = 50


class CatalogueForm(WithoutColons, forms.ModelForm):
    required_css_class = "field__label--required"

    class Meta:
        model = Catalogue
        fields = ["title", "intro", "is_public"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 5})}
        error_messages = {"title": {"required": _("Give the catalogue a title.")}}


def _ids(values):
    ids = []
    for value in values:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return ids


def matching_cases(user, data):
    """The cases `user` may see that match the list page's filters in `data` (a QueryDict),
    best match or newest first; and the bound filter form."""
    form = CaseFilterForm(data)
    selection = {**form.selection(), "sort": ""}  # the builder orders by hand
    return case_selectors.cases_listed(user, **selection), form


def chosen_case_ids(user, post, current_ids):
    """The catalogue's cases in their new order from the builder's POST: the current ones
    sorted by the position typed beside each (ties keep their order), less those ticked
    for removal, then the ticked candidates, then (with "add all matching") every case
    that matches the filters the builder showed."""
    removed = set(_ids(post.getlist("remove")))
    positions = {}
    for index, pk in enumerate(current_ids):
        typed = _ids([post.get(f"position-{pk}")])
        positions[pk] = (typed[0] if typed else index + 1, index)
    kept = sorted((pk for pk in current_ids if pk not in removed), key=positions.__getitem__)
    added = _ids(post.getlist("add"))
    if "add_matching" in post:
        cases, _form = matching_cases(user, QueryDict(post.get("filter_query", "")))
        added += list(cases.values_list("pk", flat=True)[:MAX_CASES])
    return list(dict.fromkeys(kept + added))
