"""The spreading trail (spredningsspor): how a practice travelled from case to case.

A case may be spread from another (`Case.spread_from`, DESIGN.md "forstør"); the trail of a
case is the whole tree it belongs to: up to its root, then every case spread from the root,
generation by generation. `case_trail(user, case)` is the one selector the case page, the
municipality overview and the API read it through.

The rules it keeps:

- **Bounded.** At most TRAIL_MAX_GENERATIONS generations up and down and TRAIL_MAX_NODES
  cases, in three queries whatever the tree's size (two recursive CTEs, which PostgreSQL and
  SQLite both run, and one read of the cases through `cases_visible_to`). A trail that was
  cut says so (`Trail.truncated`); the case itself and its line up to the root are always in.
- **Cycle-safe.** Data saved around the services may hold a cycle (A from B, B from A). The
  walk up stops at the first case it has seen; that case is the root, and the walk down never
  enters the root again, so the cycle is drawn as a tree and nothing loops.
- **Only what the viewer may see.** A case the viewer may not see never shows its title,
  slug, municipality, unit or date. Hidden cases with no visible case after them are left
  out; hidden cases between visible ones are kept, each unbroken run of them as one
  placeholder ("1 case you cannot see"), so the visible parts stay joined.
- **Dated.** A spread happened when the case it spread *to* began: its start date, or, when
  it has none, the day it was registered on the platform (created, Danish time).
  `TrailNode.date_source` says which.
"""

from collections import deque
from dataclasses import dataclass, field

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from samskabelse.models import Municipality

from .models import Case
from .selectors import cases_visible_to

TRAIL_MAX_NODES = 200
TRAIL_MAX_GENERATIONS = 30

DATE_FROM_START = "start_date"
DATE_FROM_CREATED = "created_at"

_CASES = Case._meta.db_table
_ANCESTORS_SQL = f"""
WITH RECURSIVE up(id, parent_id, steps) AS (
    SELECT id, spread_from_id, 0 FROM {_CASES} WHERE id = %s
    UNION ALL
    SELECT c.id, c.spread_from_id, up.steps + 1
      FROM {_CASES} c JOIN up ON c.id = up.parent_id
     WHERE up.steps < %s
)
SELECT id, parent_id FROM up ORDER BY steps
"""  # noqa: S608 (the table name is the model's; every value is a parameter)

# Breadth first, so the limit keeps the generations nearest the root. PostgreSQL stops the
# recursion once the outer LIMIT is met; SQLite takes its LIMIT inside the recursive part.
_DESCENDANTS_SQL = f"""
WITH RECURSIVE down(id, parent_id, generation) AS (
    SELECT id, spread_from_id, 0 FROM {_CASES} WHERE id = %s
    UNION ALL
    SELECT c.id, c.spread_from_id, down.generation + 1
      FROM {_CASES} c JOIN down ON c.spread_from_id = down.id
     WHERE down.generation < %s AND c.id <> %s
     {{inner_limit}}
)
SELECT id, parent_id, generation FROM down {{outer_limit}}
"""  # noqa: S608


@dataclass(eq=False)
class TrailNode:
    """One case of the trail, or a placeholder for cases the viewer may not see
    (`hidden_count` > 0: then every other field but `key`, `children` and `parent` is empty)."""

    key: str  # unique on the page, and says nothing about the case ("n0", "n1", …)
    generation: int = 0
    slug: str = ""
    title: str = ""
    municipality: str = ""  # the short name: "Guldborgsund", "København"
    municipality_code: str = ""
    municipality_name: str = ""  # the official name: "Guldborgsund Kommune"
    unit: str = ""
    date: object = None  # datetime.date
    date_source: str = ""
    url: str = ""
    is_current: bool = False
    is_home: bool = False  # of the municipality an overview is about
    hidden_count: int = 0
    parent: "TrailNode | None" = None
    children: list = field(default_factory=list)

    @property
    def is_hidden(self):
        return self.hidden_count > 0


@dataclass(frozen=True)
class TrailEdge:
    """`source` spread to `target` on `date` (None when `target` is hidden)."""

    source: TrailNode
    target: TrailNode
    date: object


@dataclass
class Trail:
    """A tree of spreads (a case's trail), or several (the municipality overview's)."""

    case: Case | None
    roots: list
    nodes: list  # breadth first: generation by generation
    truncated: bool

    @property
    def root(self):
        return self.roots[0] if self.roots else None

    @property
    def is_empty(self):
        """The case alone: nothing spread to or from it (that the viewer may see, or that
        leads on to a case they may see)."""
        return len(self.nodes) < 2

    @property
    def visible_nodes(self):
        return [node for node in self.nodes if not node.is_hidden]

    @property
    def edges(self):
        return [
            TrailEdge(source=node.parent, target=node, date=node.date)
            for node in self.nodes
            if node.parent is not None
        ]

    @property
    def max_nodes(self):
        return TRAIL_MAX_NODES

    @property
    def max_generations(self):
        return TRAIL_MAX_GENERATIONS

    @property
    def generations(self):
        return max((node.generation for node in self.nodes), default=-1) + 1

    @property
    def municipalities(self):
        return sorted({node.municipality for node in self.visible_nodes})


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _line_to_root(case):
    """[(id, parent id)] from the case up to its root, at most TRAIL_MAX_GENERATIONS of them,
    cycle-safe; and whether the line went on beyond them."""
    rows = _fetch(_ANCESTORS_SQL, [case.pk, TRAIL_MAX_GENERATIONS - 1])
    line, seen = [], set()
    for case_id, parent_id in rows:
        if case_id in seen:
            break
        seen.add(case_id)
        line.append((case_id, parent_id))
    last_parent = line[-1][1]
    return line, last_parent is not None and last_parent not in seen


def _tree_below(root_id):
    """{id: parent id} of the root and its descendants (bounded), and whether it was cut."""
    limit = TRAIL_MAX_NODES + 1
    if connection.vendor == "sqlite":
        sql = _DESCENDANTS_SQL.format(inner_limit=f"LIMIT {limit}", outer_limit="")
    else:
        sql = _DESCENDANTS_SQL.format(inner_limit="", outer_limit=f"LIMIT {limit}")
    rows = _fetch(sql, [root_id, TRAIL_MAX_GENERATIONS, root_id])
    kept = [row for row in rows if row[2] < TRAIL_MAX_GENERATIONS][:TRAIL_MAX_NODES]
    parents = {case_id: parent_id for case_id, parent_id, _generation in kept}
    parents[root_id] = None
    return parents, len(kept) < len(rows)


def _date_of(row):
    if row["start_date"]:
        return row["start_date"], DATE_FROM_START
    return timezone.localdate(row["created_at"]), DATE_FROM_CREATED


def _visible_rows(user, ids):
    rows = (
        cases_visible_to(user)
        .filter(pk__in=ids)
        .values(
            "pk",
            "slug",
            "title",
            "unit",
            "start_date",
            "created_at",
            "municipality__name",
            "municipality__code",
        )
    )
    for row in rows:
        row["place"] = Municipality(name=row["municipality__name"]).short_name
    return {row["pk"]: row for row in rows}


def _describe(node, row):
    node.slug, node.title, node.unit = row["slug"], row["title"], row["unit"]
    node.municipality, node.municipality_code = row["place"], row["municipality__code"]
    node.municipality_name = row["municipality__name"]
    node.date, node.date_source = _date_of(row)
    node.url = reverse("projects:case", args=[row["slug"]])


def _order(children, rows):
    """Children by the date they spread, then title; placeholders last."""

    def key(case_id):
        row = rows.get(case_id)
        if row is None:
            return (1, None, "", case_id)
        return (0, _date_of(row)[0], row["title"], case_id)

    return sorted(children, key=key)


def _leading_to_visible(root_id, children, rows):
    """The ids of the cases that are visible or have a visible case after them: a hidden
    case counts only then."""
    order, stack = [], [root_id]
    while stack:  # iterative, parents before children: a trail may be many generations deep
        current = stack.pop()
        order.append(current)
        stack.extend(children.get(current, []))
    leading = set()
    for current in reversed(order):  # children before their parents
        if current in rows or any(child in leading for child in children.get(current, [])):
            leading.add(current)
    return leading


def case_trail(user, case):
    """The spreading trail of `case` (which `user` may see) as `user` may see it."""
    line, cut_above = _line_to_root(case)
    root_id = line[-1][0]
    parents, cut_below = _tree_below(root_id)
    # The case and its line to the root stay in, whatever the limit cut.
    for case_id, parent_id in line:
        parents[case_id] = parent_id if case_id != root_id else None
    rows = _visible_rows(user, list(parents))

    children = {}
    for case_id, parent_id in parents.items():
        if parent_id in parents:
            children.setdefault(parent_id, []).append(case_id)

    leads_on = _leading_to_visible(root_id, children, rows)

    nodes = []

    def make_node(case_id, parent_node):
        node = TrailNode(key=f"n{len(nodes)}", parent=parent_node)
        node.generation = parent_node.generation + 1 if parent_node else 0
        row = rows.get(case_id)
        if row is not None:
            _describe(node, row)
            node.is_current = case_id == case.pk
        nodes.append(node)
        if parent_node is not None:
            parent_node.children.append(node)
        return node

    # Breadth first; a run of hidden cases becomes one placeholder.
    root = make_node(root_id, None)
    if root_id not in rows:
        root.hidden_count = 1
    queue = deque([(root, [root_id])])
    while queue:
        node, members = queue.popleft()
        below = [child for member in members for child in children.get(member, [])]
        if node.is_hidden:
            # Fold the hidden cases just below into this placeholder, as far as they go.
            below = [child for child in below if child in leads_on]
            while any(child not in rows for child in below):
                folded = [child for child in below if child not in rows]
                node.hidden_count += len(folded)
                below = [child for child in below if child in rows] + [
                    grandchild
                    for child in folded
                    for grandchild in children.get(child, [])
                    if grandchild in leads_on
                ]
        placeholders = []
        for child in _order([child for child in below if child in leads_on], rows):
            if child in rows:
                queue.append((make_node(child, node), [child]))
            else:
                placeholders.append(child)
        if placeholders:
            # All hidden children of one case share a placeholder: nothing tells them apart.
            placeholder = make_node(placeholders[0], node)
            placeholder.hidden_count = len(placeholders)
            queue.append((placeholder, placeholders))
    nodes.sort(key=lambda node: node.generation)
    return Trail(case=case, roots=[root], nodes=nodes, truncated=cut_above or cut_below)


def _row_of(case):
    """A case (with its municipality loaded) as the row `_describe` reads."""
    return {
        "slug": case.slug,
        "title": case.title,
        "unit": case.unit,
        "start_date": case.start_date,
        "created_at": case.created_at,
        "place": case.municipality.short_name,
        "municipality__code": case.municipality.code,
        "municipality__name": case.municipality.name,
    }


def spread_forest(links, *, home, truncated=False):
    """The spreads `links` (cases, each with its visible `spread_from` loaded, as the
    overview's selector gives them) drawn as trees: each case once, under the case it spread
    from when that is among them; the cases of the municipality `home` marked. An edge that
    would close a cycle in bad data is left out."""
    by_pk, parent_of = {}, {}
    for link in links:
        for case in (link.spread_from, link):
            by_pk.setdefault(case.pk, case)
    for link in links:
        ancestor = link.spread_from_id
        while ancestor is not None and ancestor != link.pk:
            ancestor = parent_of.get(ancestor)
        if ancestor is None:
            parent_of[link.pk] = link.spread_from_id
    rows = {pk: _row_of(case) for pk, case in by_pk.items()}
    children = {}
    for pk, parent in parent_of.items():
        children.setdefault(parent, []).append(pk)
    nodes, roots = [], []
    queue = deque((pk, None) for pk in _order([pk for pk in by_pk if pk not in parent_of], rows))
    while queue:
        pk, parent_node = queue.popleft()
        node = TrailNode(key=f"n{len(nodes)}", parent=parent_node)
        node.generation = parent_node.generation + 1 if parent_node else 0
        _describe(node, rows[pk])
        node.is_home = by_pk[pk].municipality_id == home.pk
        nodes.append(node)
        (parent_node.children if parent_node else roots).append(node)
        queue.extend((child, node) for child in _order(children.get(pk, []), rows))
    nodes.sort(key=lambda node: node.generation)
    return Trail(case=None, roots=roots, nodes=nodes, truncated=truncated)
