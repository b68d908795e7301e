import re

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination

WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
# As long as a cached response: the key names the data version, so a write retires it.
COUNT_TTL = 10 * 60


class CountCachingPaginator(Paginator):
    """A Paginator that keeps its count in the shared cache under `count_cache_key` (when
    given), so the next page of the same list does not count the matches again. The key
    must name everything the count depends on: the data version, the viewer, the filters.

    With `anchors` as well (a list in a fixed order of rows that carry the order's fields,
    see Anchors), it also keeps where each page it served starts and ends, so a page asked
    for again, or the page after it, is read from its position in the index instead of
    walking past every row before it (OFFSET). The count and both anchors come in one
    round trip; a page writes its anchors once per data version.

    With `counter` (a callable that answers the count, or None when it does not know it),
    the count is asked of it first, and neither read from nor written to the cache when it
    answers (projects.facets keeps the counts of every combination of some filters)."""

    def __init__(
        self,
        *args,
        count_cache_key=None,
        anchors=None,
        whole_list=None,
        counter=None,
        whole_list_missed=False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.counter = counter
        self.whole_list_missed = whole_list_missed
        self.count_cache_key = count_cache_key
        self.anchors = anchors if count_cache_key is not None else None
        self.whole_list = whole_list if count_cache_key is not None else None

    @property
    def _count_key(self):
        return f"api:count:{self.count_cache_key}"

    @cached_property
    def counted(self):
        """The count as `counter` knows it, or None."""
        return self.counter() if self.counter is not None else None

    @cached_property
    def count(self):
        if self.counted is not None:
            return self.counted
        if self.count_cache_key is None:
            return super().count
        count = cache.get(self._count_key)
        if count is None:
            count = super().count
            cache.set(self._count_key, count, timeout=COUNT_TTL)
        return count

    def page(self, number):
        if self.whole_list is not None:
            rows = self._whole_list()
            if rows is not None:
                number = self.validate_number(number)
                bottom = (number - 1) * self.per_page
                return self._get_page(rows[bottom : bottom + self.per_page], number, self)
        if self.anchors is None or not isinstance(number, int) or number < 2:
            return super().page(number)
        key, previous_key = self._anchor_key(number), self._anchor_key(number - 1)
        wanted = [key, previous_key]
        if "count" not in self.__dict__ and self.counted is None:
            wanted.append(self._count_key)
        found = cache.get_many(wanted)
        if self._count_key in found:
            self.__dict__["count"] = found[self._count_key]
        number = self.validate_number(number)
        # Where this page starts: kept when it was served, or where the one before ended.
        kept = found.get(key)
        start = kept[0] if kept else (found.get(previous_key) or (None, None))[1]
        if start is not None:
            rows = list(self.object_list.filter(self.anchors.condition(*start))[: self.per_page])
        else:
            rows = list(super().page(number).object_list)
        if rows and not kept:
            after = self.anchors.after(rows[-1]) if len(rows) == self.per_page else None
            cache.set(key, (self.anchors.start(rows[0]), after), timeout=COUNT_TTL)
        return self._get_page(rows, number, self)

    def _whole_list(self):
        """With `whole_list` (a key naming everything the list depends on: data version,
        viewer, filters and order; and a length), a list of at most that many rows (a
        search's best matches) is read whole once and kept: its count is its length, and
        every page of it is a slice. None for a longer list, paged as any other."""
        name, longest = self.whole_list
        key = whole_list_key(name)
        # A list the view has read from the cache already (PageNumberPagination.kept_list),
        # or found missing there.
        if isinstance(self.object_list, list):
            rows = self.object_list
        else:
            rows = None if self.whole_list_missed else cache.get(key)
        if rows is None:
            rows = list(self.object_list[: longest + 1])
            if len(rows) > longest:
                return None
            cache.set(key, rows, timeout=COUNT_TTL)
        self.__dict__["count"] = len(rows)
        return rows

    def _anchor_key(self, number):
        return f"api:anchor:{self.count_cache_key}:{self.anchors.order}:{self.per_page}:{number}"


def whole_list_key(name):
    return f"api:list:{name}"


class Anchors:
    """The positions of a list's pages in its order: `fields`, each descending (the last
    one unique), which the rows the paginator gets carry (as dict keys, e.g. from
    .values()); `columns` names them in SQL. A page starts at or after (a row compared to)
    its anchor, so its rows come from an index on the fields directly."""

    def __init__(self, *, fields, columns):
        self.fields = fields
        self.columns = columns
        self.order = ",".join(fields)

    def start(self, row):
        return (True, *(row[field] for field in self.fields))

    def after(self, row):
        return (False, *(row[field] for field in self.fields))

    def condition(self, inclusive, *values):
        """Rows at (inclusive) or after the position `values`: a row comparison, which
        PostgreSQL answers from an index on the columns in this order."""
        operator = "<=" if inclusive else "<"
        placeholders = ", ".join(["%s"] * len(values))
        sql = f"({', '.join(self.columns)}) {operator} ({placeholders})"
        # Only the code's own column names and placeholders are in the SQL; values are params.
        params = [self._adapt(value) for value in values]
        return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611

    @staticmethod
    def _adapt(value):
        if hasattr(value, "utcoffset"):  # a datetime, as the database compares it
            return connection.ops.adapt_datetimefield_value(value)
        return value


class PageNumberPagination(pagination.PageNumberPagination):
    """`count`, `next`, `previous`, `results`; `?page_size=` from 1 to 200. A page or page
    size that is not a whole number in range is a 400 that says so, never a silently
    different page; a page past the last is a 404."""

    page_size_query_param = "page_size"
    max_page_size = 200
    last_page_strings = ()
    # A view whose count may be cached sets a key that names what the count depends on,
    # and, for a list in an order Anchors can follow, the Anchors.
    count_cache_key = None
    anchors = None
    # For a list that is short by its nature (a search's best matches): (a key naming what
    # the list depends on, how long it can be).
    whole_list = None
    # A callable that knows the count, or answers None (CountCachingPaginator).
    counter = None
    whole_list_missed = False

    def django_paginator_class(self, object_list, per_page):
        return CountCachingPaginator(
            object_list,
            per_page,
            count_cache_key=self.count_cache_key,
            anchors=self.anchors,
            whole_list=self.whole_list,
            counter=self.counter,
            whole_list_missed=self.whole_list_missed,
        )

    def kept_list(self):
        """The rows of `whole_list` as kept by an earlier request, or None: a view that
        has them pages them (paginate_queryset(rows, …)) without building its query."""
        if self.whole_list is None:
            return None
        rows = cache.get(whole_list_key(self.whole_list[0]))
        self.whole_list_missed = rows is None  # the paginator need not ask again
        return rows

    def get_paginated_data(self, data):
        """The page as a plain dict (cacheable), in the shape get_paginated_response sends."""
        return self.get_paginated_response(data).data

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        size = self.whole_number(raw)
        if size is None or not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("Enter a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        number = self.whole_number(raw)
        if number is None or number < 1:
            raise exceptions.ValidationError(
                {self.page_query_param: [_("Enter a whole number from 1.")]}
            )
        return number

    @staticmethod
    def whole_number(raw):
        return int(raw) if WHOLE_NUMBER.fullmatch(raw) else None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": 999_999_999}
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
                parameter["description"] = str(
                    _("Results per page, from 1 to %(max)d (default %(default)d).")
                    % {"max": self.max_page_size, "default": self.page_size}
                )
        return parameters


class _CursorPagination(pagination.CursorPagination):
    """DRF's keyset pagination with our page sizes and a 400 (not a 404) for a cursor that
    was not one of ours."""

    def __init__(self, *, ordering, page_size):
        self.ordering = ordering
        self.page_size = page_size

    def get_page_size(self, request):
        return self.page_size

    def get_ordering(self, request, queryset, view):
        return self.ordering  # always the list's default order, whatever ?ordering= says

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise exceptions.ValidationError(
                {self.cursor_query_param: [_("This is not a cursor from this list.")]}
            ) from None


class PageOrCursorPagination(PageNumberPagination):
    """Page numbers, or with `?cursor=` (empty for the first page, then the `next` link) a
    walk by position in the list's default order, `cursor_ordering`: every page costs the
    same however deep, as a client that reads a whole list wants. A cursor page has no
    `count`, and `page` and `ordering` do not apply to it (a search's matches come in the
    same order, last changed first)."""

    cursor_query_param = "cursor"
    cursor_ordering = ("-updated_at", "-id")
    cursor = None

    def paginate_queryset(self, queryset, request, view=None):
        if self.cursor_query_param not in request.query_params:
            return super().paginate_queryset(queryset, request, view)
        self.cursor = _CursorPagination(
            ordering=self.cursor_ordering, page_size=self.get_page_size(request)
        )
        return self.cursor.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.cursor is not None:
            return self.cursor.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": str(
                    _(
                        "Walk the list by position instead of page number: empty for the "
                        "first page, then follow `next`. The walk is in the list's default "
                        "order (page and ordering do not apply), and pages have no `count`."
                    )
                ),
                "schema": {"type": "string"},
            },
        ]

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = [name for name in response["required"] if name != "count"]
        return response
