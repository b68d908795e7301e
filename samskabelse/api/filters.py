"""Query-string conventions shared by every filterset of the API.

`search` is accepted as an alias of `q`, the name our filtersets use for words to search
for, because other APIs (DRF's SearchFilter, many clients) send `search`. Any other query
parameter a list does not know is ignored, as pretix's API does."""

import copy
import threading

import django_filters
import django_filters.fields
from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend

from . import versions

SEARCH = "q"
SEARCH_ALIAS = "search"


class _ShallowCopiedFields(dict):
    """A form class's fields that each form copies shallowly (the field's own attributes,
    its widget and choices shared), where Django deep-copies every field with its widget,
    choices and queryset for each form. A filter form only validates the query string, which
    changes no field (a ModelChoiceField's queryset is cloned by each query it makes)."""

    def __deepcopy__(self, memo):
        return {name: copy.copy(field) for name, field in self.items()}


class ReusedFiltersMixin:
    """For a FilterSet: each request gets shallow copies of the declared filters (its own
    `parent` and `model`; the declaration, never changed after it, shared) and a form class
    built once per FilterSet class whose forms copy its fields shallowly, where
    django-filter deep-copies every filter (with its querysets) and builds a new form class
    on every request, and the form deep-copies every field: together two fifths of a
    search's CPU."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # As django_filters.FilterSet.__init__ (26.2), with copy.copy for copy.deepcopy.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, declared in self.base_filters.items():
            filter_ = copy.copy(declared)
            filter_.model = queryset.model
            filter_.parent = self
            if filter_.method is not None:
                filter_.method = filter_.method  # a FilterMethod bound to this copy
            self.filters[name] = filter_

    def get_form_class(self):
        form_class = type(self).__dict__.get("_reused_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            form_class.base_fields = _ShallowCopiedFields(form_class.base_fields)
            type(self)._reused_form_class = form_class
        return form_class


class _KeptRows:
    """{version key: (version, {value: row})}: the rows of small tables, per process."""

    def __init__(self):
        self._kept = {}
        self._lock = threading.Lock()

    def row(self, *, queryset, field_name, version_key, value):
        version = versions.current(version_key)
        kept = self._kept.get(version_key)
        if version is None or kept is None or kept[0] != version:
            rows = {str(getattr(row, field_name)): row for row in queryset.all()}
            kept = (version, rows)
            if version is not None:
                with self._lock:
                    self._kept[version_key] = kept
        return kept[1].get(str(value))


kept_rows = _KeptRows()


class KeptModelChoiceField(django_filters.fields.ModelChoiceField):
    """A ModelChoiceField over a small table (the 98 municipalities) that each process keeps
    in memory under the data version `version_key`, which every write of the table moves on:
    a filter by kommunekode costs no query. With the version unreadable it reads the table."""

    def __init__(self, *args, version_key, **kwargs):
        self.version_key = version_key
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        row = kept_rows.row(
            queryset=self.queryset,
            field_name=self.to_field_name or "pk",
            version_key=self.version_key,
            value=value,
        )
        if row is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return row


class KeptModelChoiceFilter(django_filters.ModelChoiceFilter):
    """django-filter's ModelChoiceFilter with KeptModelChoiceField (give `version_key`)."""

    field_class = KeptModelChoiceField


class SearchAliasMixin(ReusedFiltersMixin):
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
    copy of every filter and a form) was a fifth of a plain list request's CPU.

    The view keeps the filters as they were applied in `applied_filters` ({name: cleaned
    value} of those given; empty when none were), for what it derives from them."""

    def filter_queryset(self, request, queryset, view):
        view.applied_filters = {}
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not any(
            name in request.query_params for name in filterset_class.base_filters
        ):
            return queryset
        filterset = self.validate(request, queryset, view)
        if filterset is None:
            return queryset
        view.applied_filters = {
            name: value
            for name, value in getattr(filterset.form, "cleaned_data", {}).items()
            if value not in (None, "", [], ())
        }
        return filterset.qs

    def validate(self, request, queryset, view):
        """The filterset of the request (or None), with the 400 for a bad value raised, its
        filtered query not built: also for a view that has the matches already (a search's
        kept list)."""
        view.applied_filters = {}
        filterset = self.get_filterset(request, queryset, view)
        if filterset is not None and not filterset.is_valid() and self.raise_exception:
            raise utils.translate_validation(filterset.errors)
        return filterset
