"""How many cases a viewer may see for every combination of the list's plain filters
(municipality × track × status × welfare area, each given or not), counted in one query per
data version and viewer and kept: a list filtered by any combination of them, even one no
client asked for before, knows its count without counting.

The counts are built from the viewer's visible cases (the selector's queryset), kept in the
shared cache under a key that names the data version and the viewer (so a write retires
them, as it does every cached count), and in each process for the few latest keys. The
cases API uses them for the public's view, which every anonymous client shares. One
process builds them at a time (the others count as before meanwhile); a failing cache
only means counting as before."""

import itertools
import logging
import threading
from collections import OrderedDict

import orjson
from django.core.cache import cache
from django.db import DatabaseError, connection, models, transaction

from samskabelse.cache import get_bytes_many, set_bytes_many

from .models import PUBLIC_FILTERS

logger = logging.getLogger(__name__)

# The Case columns of the filters, in PUBLIC_FILTERS' order.
COLUMNS = tuple(f"{name}_id" if name == "municipality" else name for name in PUBLIC_FILTERS)
# As long as a cached count: the key names the data version, so a write retires it.
TTL = 10 * 60
# How long one process may take to build them before another may try.
BUILD_LOCK_TTL = 30
# Processes keep the counts of this many keys (viewers × data versions) at most.
KEPT = 4
ANY = "*"


def _key(values):
    """One combination as text: each column's value, or ANY where it is not filtered."""
    return "\x1f".join(ANY if value is None else str(value) for value in values)


class FacetCounts:
    def __init__(self):
        self._kept = OrderedDict()
        self._lock = threading.Lock()

    def count(self, *, key, visible, filters):
        """The number of `visible` cases with these filters ({PUBLIC_FILTERS name: value,
        a Municipality for municipality}), or None when they are not known yet (then the
        caller counts)."""
        counts = self._counts(key, visible)
        if counts is None:
            return None
        values = []
        for name in PUBLIC_FILTERS:
            value = filters.get(name)
            values.append(value.pk if isinstance(value, models.Model) else value)
        return counts.get(_key(values), 0)

    def _counts(self, key, visible):
        counts = self._kept.get(key)
        if counts is not None:
            return counts
        cache_key = f"api:facets:{key}"
        (stored,) = get_bytes_many([cache_key])
        if stored is not None:
            counts = orjson.loads(stored)
        elif cache.add(f"{cache_key}:building", 1, timeout=BUILD_LOCK_TTL):
            try:
                # A savepoint, so a query cut off by the statement timeout leaves the
                # request's transaction usable: the list then counts as before.
                with transaction.atomic():
                    counts = build(visible)
            except DatabaseError:
                logger.warning("The facet counts could not be built; counting instead.")
                return None
            set_bytes_many({cache_key: orjson.dumps(counts)}, TTL)
        else:
            return None  # another process is building them
        with self._lock:
            self._kept[key] = counts
            while len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        return counts


def build(visible):
    """{combination: count} for every combination of the columns that some visible case
    has, each column given or ANY: one grouped query (on PostgreSQL a GROUP BY CUBE, which
    sums the combinations itself; elsewhere the sums are made here)."""
    if connection.vendor == "postgresql":
        return _cube(visible)
    counts = {}
    cells = visible.order_by().values_list(*COLUMNS).annotate(n=models.Count("pk"))
    subsets = list(itertools.product((True, False), repeat=len(COLUMNS)))
    for *values, number in cells:
        for kept in subsets:
            key = _key(value if keep else None for value, keep in zip(values, kept, strict=True))
            counts[key] = counts.get(key, 0) + number
    return counts


def _cube(visible):
    sql, params = visible.order_by().values(*COLUMNS).query.sql_with_params()
    columns = ", ".join(f'"{column}"' for column in COLUMNS)
    # The cells first, then the cube over them: a third of the time of a cube over the rows.
    # GROUPING() tells a column summed over (a bit set) from one whose value is NULL.
    statement = (
        f"WITH cells AS (SELECT {columns}, COUNT(*) AS n FROM ({sql}) v "  # noqa: S608
        f"GROUP BY {columns}) "
        f"SELECT GROUPING({columns}), {columns}, SUM(n)::bigint FROM cells "
        f"GROUP BY CUBE ({columns})"
    )
    counts = {}
    width = len(COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for summed, *values, number in cursor.fetchall():
            values = [
                None if summed >> (width - 1 - index) & 1 else value
                for index, value in enumerate(values)
            ]
            counts[_key(values)] = number
    return counts


facet_counts = FacetCounts()
