"""Query-string conventions shared by every filterset of the API.

`search` is accepted as an alias of `q`, the name our filtersets use for words to search
for, because other APIs (DRF's SearchFilter, many clients) send `search`. Any other query
parameter a list does not know is ignored, as pretix's API does."""

import copy

from django.utils.translation import gettext_lazy as _

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
