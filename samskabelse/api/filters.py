"""Query-string conventions shared by every filterset of the API.

`search` is accepted as an alias of `q`, the name our filtersets use for words to search
for, because other APIs (DRF's SearchFilter, many clients) send `search`. Any other query
parameter a list does not know is ignored, as pretix's API does."""

import copy

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend

SEARCH = "q"
SEARCH_ALIAS = "search"


class SearchAliasMixin:
    """For a FilterSet with a `q` filter: `?search=` means `?q=` (when both are given, `q`
    wins), and the schema documents `search` beside `q`. A no-op on filtersets without `q`.
    Validation errors of a `search` value are reported under `q`, the one filter applied."""

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        if SEARCH in filters and SEARCH_ALIAS not in filters:
            alias = copy.deepcopy(filters[SEARCH])
            alias.field_name = SEARCH_ALIAS
            alias.extra["help_text"] = _("An alias of q; when both are given, q is used.")
            filters[SEARCH_ALIAS] = alias
        return filters

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and SEARCH_ALIAS in data and SEARCH in self.base_filters:
            data = data.copy()
            alias = data.pop(SEARCH_ALIAS)
            if SEARCH not in data:
                # QueryDict.pop gives the list of values; keep the last, as QueryDict.get does.
                data[SEARCH] = alias[-1] if isinstance(alias, list) else alias
        super().__init__(data, *args, **kwargs)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, skipped when the request names none of the filterset's
    parameters: the FilterSet would then validate and apply nothing, and building it (a deep
    copy of every filter and a form) was a fifth of a plain list request's CPU."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not any(
            name in request.query_params for name in filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)
