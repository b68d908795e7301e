"""Cases as the API shows them, built as plain dicts from a few lean queries.

`CaseSerializer` declares the shape (it is what the OpenAPI schema and the tests read);
this module builds the same JSON without a model instance or a serializer field per value:
one query for the cases' own columns, one per list they hold, each for the whole page at once,
so a page costs the same number of queries whatever its size, and a row costs a dict.
tests/projects/test_representation.py holds the two to the same output.
"""

import functools
import hashlib

import orjson
from django.conf import settings
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone, translation

from samskabelse.cache import get_bytes_many, set_bytes_many

from .caching import LOOKUPS_VERSION_KEY, lookups_version
from .models import (
    Case,
    CasePartner,
    CaseStatus,
    PartnerRole,
    Photo,
    Quote,
    Step,
    Track,
    Visibility,
    WelfareArea,
)

# Part of every ETag and cached row: bump it when the JSON shape changes, so cached copies
# are not reused.
REPRESENTATION_VERSION = "3"
# How long a case's cached row is kept (CaseRepresentation.fragments), as long as a cached
# response: Redis holds the rows of the cases shown in the last ten minutes at most.
ROW_TTL = 10 * 60
# The keys of a case that depend on who is looking (spread_from and spread_to name only
# cases the viewer may see) or on its timestamps: the last four, written per request after
# the cached part.
VIEWER_KEYS = ("spread_from", "spread_to", "created_at", "updated_at")
# Between the fields of a cached row (a byte JSON never holds unescaped).
ROW_SEPARATOR = b"\x1f"

SCALARS = (
    "pk",
    "slug",
    "title",
    "summary",
    "story",
    "municipality__code",
    "municipality__name",
    "unit",
    "welfare_area",
    "track",
    "status",
    "visibility",
    "start_date",
    "end_date",
    "outside_in",
    "mobilisation",
    "innovation",
    "cross_disciplinary",
    "flag_finished_solution",
    "flag_preprogrammed",
    "flag_cost_cutting",
    "step",
    "recipe_problem",
    "recipe_helpers",
    "recipe_motivation",
    "recipe_arena",
    "outcomes",
    "learnings",
    "spread_from_id",
    "created_at",
    "updated_at",
)


# Columns that keep their own type (dates and times); every other value of a case travels
# in one JSON document per case, decoded once.
TYPED = ("pk", "start_date", "end_date", "created_at", "updated_at")


def _column(name):
    if name == "pk":
        return 'c."id"'
    if name.startswith("municipality__"):
        return f'm."{name.removeprefix("municipality__")}"'
    return f'c."{Case._meta.get_field(name).column}"'


# Each list in the order its model (or the serializer's prefetch) gives it; the keys are
# those of CaseRepresentation._lists(). The cases spread to and from come unfiltered, with
# their ids: which of them the viewer may see is asked of the selector afterwards.
LISTS_SQL = {
    "spread_from_slug": "SELECT s.slug FROM projects_case s WHERE s.id = c.spread_from_id",
    "principles_list": """
        SELECT coalesce(json_agg(json_build_object('slug', p.slug) ORDER BY p.source, p.name),
                        '[]')
          FROM projects_case_principles cp JOIN projects_principle p ON p.id = cp.principle_id
         WHERE cp.case_id = c.id""",
    "grips_list": """
        SELECT coalesce(json_agg(json_build_object('slug', g.slug) ORDER BY g.title), '[]')
          FROM projects_case_grips cg JOIN projects_grip g ON g.id = cg.grip_id
         WHERE cg.case_id = c.id""",
    "partners_list": """
        SELECT coalesce(json_agg(json_build_object('name', o.name, 'role_value', cp.role)
                                 ORDER BY o.name), '[]')
          FROM projects_casepartner cp
          JOIN samskabelse_organisation o ON o.id = cp.organisation_id
         WHERE cp.case_id = c.id""",
    "quotes_list": """
        SELECT coalesce(json_agg(json_build_object(
                 'quote', q.text, 'role', q.speaker_role,
                 'name', CASE WHEN q.name_consent_at IS NOT NULL THEN q.speaker_name ELSE '' END)
               ORDER BY q.id), '[]')
          FROM projects_quote q WHERE q.case_id = c.id""",
    "photos_list": """
        SELECT coalesce(json_agg(json_build_object(
                 'file', ph.image, 'alt', ph.alt_text, 'text', ph.caption) ORDER BY ph.id), '[]')
          FROM projects_photo ph WHERE ph.case_id = c.id""",
    "spread_to_list": """
        SELECT coalesce(json_agg(json_build_object('slug_value', t.slug, 'pk', t.id)
                                 ORDER BY t.updated_at DESC, t.id DESC), '[]')
          FROM projects_case t WHERE t.spread_from_id = c.id""",
}
_DOCUMENT = ", ".join(
    [f"'{name}', {_column(name)}" for name in SCALARS if name not in TYPED]
    + [f"'{name}', ({sql})" for name, sql in LISTS_SQL.items()]
)
# (Only the model's column names and the constants above go into it: no input does.)
CASES_STATEMENT = f"""
SELECT {", ".join(_column(name) for name in TYPED)}, json_build_object({_DOCUMENT})
  FROM projects_case c JOIN samskabelse_municipality m ON m.id = c.municipality_id
 WHERE c.id = ANY(%s)
"""  # noqa: S608


# Which of the cases a page's cases spread from or to (the array: their ids, as the cached
# rows know them) the viewer may see ({visible}: the selector's own SQL).
LINKS_STATEMENT = """
SELECT c.id, c.slug, c.spread_from_id FROM projects_case c
 WHERE c.id = ANY(%s) AND c.id IN ({visible})
 ORDER BY c.updated_at DESC, c.id DESC
"""  # noqa: S608


def _labels(choices):
    """{value: label} in the active language, built once per language and process (not to
    be changed by the caller): the translations do not change while the process runs."""
    return _labels_in(choices, translation.get_language())


@functools.lru_cache(maxsize=64)
def _labels_in(choices, language):
    with translation.override(language):
        return {value: str(label) for value, label in choices.choices}


class CaseRepresentation:
    """Builds the representation of the cases with the given ids, as `request`'s viewer may
    see them: a case spread to or from one they may not see does not name it."""

    def __init__(self, *, request, visible):
        self.request = request
        self.visible = visible
        # The page address of a case is the same up to its slug: reversed once.
        marker = "slug-marker"
        path = reverse("projects:case", args=[marker])
        self.url_head, self.url_tail = self._absolute(path).split(marker)
        self.zone = timezone.get_current_timezone()
        self.labels = {
            "welfare_area": _labels(WelfareArea),
            "track": _labels(Track),
            "status": _labels(CaseStatus),
            "visibility": _labels(Visibility),
            "step": _labels(Step),
            "role": _labels(PartnerRole),
        }

    def _absolute(self, path):
        return self.request.build_absolute_uri(path) if self.request is not None else path

    def many(self, ids):
        """The cases with these ids, in the order of `ids`."""
        ids = list(ids)
        if not ids:
            return []
        if connection.vendor == "postgresql":
            rows = self._hide_unseen(self._rows_in_one_statement(ids))
        else:
            rows = self._rows_list_by_list(ids)
        return [self._case(rows[pk]) for pk in ids if pk in rows]

    def fragments(self, rows):
        """The cases of `rows` (dicts with their `pk` and `updated_at`, in order) as JSON
        already written (orjson Fragments, for a page's `results`): the same JSON as many().

        What a case shows every viewer is kept in the cache, keyed by the case's id and
        updated_at (which every write to the case or to what hangs on it moves), the
        language, time zone and site address, and checked against the lookups version (a
        renamed grip or organisation): a case that any page, filter or search has shown
        since it last changed is not read or built again. What depends on the viewer
        (which cases it spread to or from they may see) is asked of the database for the
        whole page in one query."""
        rows = [(row["pk"], row["updated_at"]) for row in rows]
        if not rows:
            return []
        if not settings.API_ROW_CACHE:
            return self.many(pk for pk, _updated in rows)
        prefix = self._row_key_prefix()
        keys = {pk: f"{prefix}:{pk}:{updated.isoformat()}" for pk, updated in rows}
        lookups, *values = get_bytes_many([LOOKUPS_VERSION_KEY, *keys.values()])
        lookups = (lookups_version() if lookups is None else str(int(lookups))).encode()
        parts = {}
        for pk, value in zip(keys, values, strict=True):
            if value is not None:
                tag, *part = value.split(ROW_SEPARATOR, 5)
                if tag == lookups:
                    parts[pk] = part
        missing = [pk for pk in keys if pk not in parts]
        if missing:
            store = {}
            for pk, (updated, part) in self._shared_parts(missing).items():
                parts[pk] = part
                key = f"{prefix}:{pk}:{updated.isoformat()}"
                store[key] = ROW_SEPARATOR.join([lookups, *part])
            set_bytes_many(store, ROW_TTL)
        return self._with_viewer_keys([pk for pk, _updated in rows if pk in parts], parts)

    def _row_key_prefix(self):
        """What a cached row depends on besides its case: the JSON's shape, the language
        of the labels, the time zone of the times, the site address of the links."""
        context = [REPRESENTATION_VERSION, translation.get_language(), str(self.zone)]
        digest = hashlib.sha256("|".join([*context, self.url_head]).encode()).hexdigest()
        return f"case-row:{digest[:16]}"

    def _shared_parts(self, ids):
        """{pk: (updated_at, [spread_from_id, the ids of the cases spread from it (whoever
        may see them; a new one, or one moved, touches this case), created_at, updated_at,
        the JSON of everything but VIEWER_KEYS without its closing brace], as bytes)} of the
        cases with these ids."""
        if connection.vendor == "postgresql":
            rows = self._rows_in_one_statement(ids)
            children = {pk: [item["pk"] for item in rows[pk]["spread_to_list"]] for pk in rows}
        else:
            rows = self._rows_list_by_list(ids)
            children = {pk: [] for pk in rows}
            spread = Case.objects.filter(spread_from__in=ids).order_by(*Case._meta.ordering)
            for parent, child in spread.values_list("spread_from", "pk"):
                children[parent].append(child)
        parts = {}
        for pk, row in rows.items():
            case = self._case(row)
            for name in VIEWER_KEYS:
                del case[name]
            parts[pk] = (
                row["updated_at"],
                [
                    str(row["spread_from_id"] or "").encode(),
                    ",".join(map(str, children[pk])).encode(),
                    self._moment(row["created_at"]).encode(),
                    self._moment(row["updated_at"]).encode(),
                    orjson.dumps(case)[:-1],
                ],
            )
        return parts

    def _with_viewer_keys(self, ids, parts):
        """Each case's cached part finished with VIEWER_KEYS as this viewer sees them: the
        cases it spread from and to, among those they may see, in one query for the page
        (none when no case on it spread from or to another)."""
        linked = set()
        for pk in ids:
            parent, children = parts[pk][:2]
            if parent:
                linked.add(int(parent))
            if children:
                linked.update(map(int, children.split(b",")))
        slugs, spread_to = {}, {}
        for pk, slug, parent in self._links(linked) if linked else ():
            slugs[pk] = slug
            spread_to.setdefault(parent, []).append(slug)
        fragments = []
        for pk in ids:
            parent, _children, created, updated, head = parts[pk]
            tail = orjson.dumps(
                {
                    "spread_from": slugs.get(int(parent)) if parent else None,
                    "spread_to": spread_to.get(pk, []),
                    "created_at": created.decode(),
                    "updated_at": updated.decode(),
                }
            )
            fragments.append(orjson.Fragment(head + b"," + tail[1:]))
        return fragments

    def _links(self, ids):
        """(pk, slug, spread_from_id) of the cases with these ids that the viewer may see,
        in the list's order."""
        if connection.vendor != "postgresql":
            links = self.visible.filter(pk__in=ids).order_by(*Case._meta.ordering)
            return links.values_list("pk", "slug", "spread_from")
        visible = self.visible.order_by().values("pk")
        visible_sql, visible_params = visible.query.sql_with_params()
        statement = LINKS_STATEMENT.format(visible=visible_sql)
        with connection.cursor() as cursor:
            cursor.execute(statement, [list(ids), *visible_params])
            return cursor.fetchall()

    def _rows_in_one_statement(self, ids):
        """PostgreSQL: the cases and every list they hold (as JSON beside each case) in one
        statement, written out rather than built by the ORM: building and compiling that
        query cost five times what running it does. The cases they spread to or from come
        with their ids, whether the viewer may see them or not (_hide_unseen)."""
        rows = {}
        with connection.cursor() as cursor:
            cursor.execute(CASES_STATEMENT, [ids])
            for *typed, document in cursor.fetchall():
                document.update(zip(TYPED, typed, strict=True))
                rows[document["pk"]] = document
        return rows

    def _hide_unseen(self, rows):
        """The cases spread to or from are kept only where the viewer may see them (one more
        query, when there are any)."""
        linked = {row["spread_from_id"] for row in rows.values()}
        linked |= {item["pk"] for row in rows.values() for item in row["spread_to_list"]}
        linked.discard(None)
        if linked:
            seen = set(self.visible.filter(pk__in=linked).values_list("pk", flat=True))
            for row in rows.values():
                if row["spread_from_id"] not in seen:
                    row["spread_from_slug"] = None
                row["spread_to_list"] = [
                    item for item in row["spread_to_list"] if item["pk"] in seen
                ]
        return rows

    def _rows_list_by_list(self, ids):
        """Other databases: the cases, then a query per list for the whole page at once."""
        spread_from = self.visible.filter(pk=models.OuterRef("spread_from_id")).values("slug")
        rows = {
            row["pk"]: row
            for row in Case.objects.filter(pk__in=ids).values(
                *SCALARS, spread_from_slug=models.Subquery(spread_from[:1])
            )
        }
        for name, (items, link, item_fields) in self._lists().items():
            for row in rows.values():
                row[f"{name}_list"] = []
            for item in items.filter(**{f"{link}__in": ids}).values(
                case_pk=models.F(link), **item_fields
            ):
                rows[item.pop("case_pk")][f"{name}_list"].append(item)
        return rows

    def one(self, pk):
        cases = self.many([pk])
        return cases[0] if cases else None

    def _lists(self):
        """What each list of a case holds: {name: (items in order, their link to the case,
        {key: what each item's key holds})}. CASES_STATEMENT says the same in SQL."""
        public_name = models.Case(
            models.When(name_consent_at__isnull=False, then=models.F("speaker_name")),
            default=models.Value(""),
        )
        value = models.F
        return {
            "principles": (
                Case.principles.through.objects.order_by("principle__source", "principle__name"),
                "case",
                {"slug": value("principle__slug")},
            ),
            "grips": (
                Case.grips.through.objects.order_by("grip__title"),
                "case",
                {"slug": value("grip__slug")},
            ),
            "partners": (
                CasePartner.objects.order_by("organisation__name"),
                "case",
                {"name": value("organisation__name"), "role_value": value("role")},
            ),
            "quotes": (
                Quote.objects.order_by("pk"),
                "case",
                {
                    "quote": value("text"),
                    "role": value("speaker_role"),
                    "name": public_name,
                },
            ),
            "photos": (
                Photo.objects.order_by("pk"),
                "case",
                {"file": value("image"), "alt": value("alt_text"), "text": value("caption")},
            ),
            "spread_to": (
                self.visible.order_by(*Case._meta.ordering),
                "spread_from",
                {"slug_value": value("slug")},
            ),
        }

    def _moment(self, value):
        """ISO 8601 in the current time zone, as DRF's DateTimeField writes it."""
        text = value.astimezone(self.zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    def _photo_url(self, name):
        if not name:
            return None
        return self._absolute(Photo._meta.get_field("image").storage.url(name))

    def _case(self, row):
        labels = self.labels
        start, end = row["start_date"], row["end_date"]
        return {
            "slug": row["slug"],
            "url": f"{self.url_head}{row['slug']}{self.url_tail}",
            "title": row["title"],
            "summary": row["summary"],
            "story": row["story"],
            "municipality": {
                "kommunekode": row["municipality__code"],
                "name": row["municipality__name"],
            },
            "unit": row["unit"],
            "welfare_area": row["welfare_area"],
            "welfare_area_display": labels["welfare_area"].get(row["welfare_area"]),
            "track": row["track"],
            "track_display": labels["track"].get(row["track"]),
            "status": row["status"],
            "status_display": labels["status"].get(row["status"]),
            "visibility": row["visibility"],
            "visibility_display": labels["visibility"].get(row["visibility"]),
            "start_date": start.isoformat() if start else None,
            "end_date": end.isoformat() if end else None,
            "assessment": {
                "criteria": {
                    "outside_in": row["outside_in"],
                    "mobilisation": row["mobilisation"],
                    "innovation": row["innovation"],
                    "cross_disciplinary": row["cross_disciplinary"],
                },
                "red_flags": {
                    "finished_solution": row["flag_finished_solution"],
                    "preprogrammed": row["flag_preprogrammed"],
                    "cost_cutting": row["flag_cost_cutting"],
                },
            },
            "step": row["step"],
            "step_display": labels["step"].get(row["step"]),
            "principles": [item["slug"] for item in row["principles_list"]],
            "grips": [item["slug"] for item in row["grips_list"]],
            "recipe": {
                "problem": row["recipe_problem"],
                "helpers": row["recipe_helpers"],
                "motivation": row["recipe_motivation"],
                "arena": row["recipe_arena"],
            },
            "outcomes": row["outcomes"],
            "learnings": row["learnings"],
            "partners": [
                {
                    "organisation": item["name"],
                    "role": item["role_value"],
                    "role_display": labels["role"].get(item["role_value"]),
                }
                for item in row["partners_list"]
            ],
            "quotes": [
                {
                    "text": item["quote"],
                    "speaker_role": item["role"],
                    "speaker_name": item["name"] or None,
                }
                for item in row["quotes_list"]
            ],
            "photos": [
                {
                    "url": self._photo_url(item["file"]),
                    "alt_text": item["alt"],
                    "caption": item["text"],
                }
                for item in row["photos_list"]
            ],
            "spread_from": row["spread_from_slug"],
            "spread_to": [item["slug_value"] for item in row["spread_to_list"]],
            "created_at": self._moment(row["created_at"]),
            "updated_at": self._moment(row["updated_at"]),
        }
