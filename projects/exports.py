"""Cases as open data: every export (the pages' /cases/export.* and the API's
/api/v1/cases/export/) is the API's representation of each case (representation.py), as
a JSON array, or flattened into COLUMNS for CSV and XLSX. README.md, "Open data and
exports", documents the columns; a column is added at the end, never renamed.

The rows are read in chunks of CHUNK_SIZE ids (one representation per chunk, so the query
count grows with the chunks, not the rows) under the long statement limit. More than
STREAM_ABOVE rows stream: CSV and JSON as they are built, XLSX through a temporary file;
more than settings.OPEN_DATA_EXPORT_LIMIT rows are refused with a message that says so."""

import datetime
import io
import json
import tempfile
from dataclasses import dataclass
from itertools import islice

from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from samskabelse import exports
from samskabelse.db import statement_timeout
from samskabelse.exceptions import DomainError

from .representation import CaseRepresentation

FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": exports.CSV_CONTENT_TYPE,
    "xlsx": exports.XLSX_CONTENT_TYPE,
    "json": "application/json",
}
STREAM_ABOVE = 10_000
CHUNK_SIZE = 1_000
# Lists in one cell are joined with this: "frivillige;forening".
LIST_SEPARATOR = ";"


class ExportTooLarge(DomainError):
    default_code = "export_too_large"

    def __init__(self, *, count, limit):
        message = _(
            "The export would hold %(count)s cases, more than the %(limit)s one file may "
            "hold. Narrow it with the filters, e.g. by municipality or track."
        ) % {
            "count": number_format(count, force_grouping=True),
            "limit": number_format(limit, force_grouping=True),
        }
        super().__init__(message)


@dataclass(frozen=True)
class Column:
    """A column of the flat exports: its stable key, how its value is read from the case's
    API representation (a path of keys), what it holds (for people: /open-data/ shows it),
    and its kind, which says how a cell stores it: text, date, time, bool or list (joined
    by LIST_SEPARATOR)."""

    key: str
    path: tuple
    description: str
    kind: str = "text"

    def value(self, case):
        value = case
        for part in self.path:
            value = value[part]
        return value


def _column(key, description, *path, kind="text"):
    return Column(key, path or (key,), description, kind)


COLUMNS = (
    _column("slug", _("The case's address name, unique and stable.")),
    _column("url", _("The case's page.")),
    _column("title", _("Title.")),
    _column("summary", _("Short summary.")),
    _column("story", _("The portrait of the case (Markdown).")),
    _column(
        "municipality_kommunekode",
        _("The municipality's three-digit kommunekode."),
        "municipality",
        "kommunekode",
    ),
    _column("municipality_name", _("The municipality's name."), "municipality", "name"),
    _column("unit", _("The unit within the municipality, e.g. Park og Vej.")),
    _column("welfare_area", _("Welfare area, as a code.")),
    _column("welfare_area_display", _("Welfare area, as a label in the request's language.")),
    _column("track", _("Track: find_og_forstoer, traeningsbane or facilitering.")),
    _column("track_display", _("Track, as a label.")),
    _column("status", _("Status, as a code.")),
    _column("status_display", _("Status, as a label.")),
    _column("visibility", _("offentlig, intern or kladde (the last two for staff only).")),
    _column("start_date", _("Start date."), kind="date"),
    _column("end_date", _("End date."), kind="date"),
    _column(
        "criterion_outside_in",
        _("Criterion met: an outside-in perspective."),
        "assessment",
        "criteria",
        "outside_in",
        kind="bool",
    ),
    _column(
        "criterion_mobilisation",
        _("Criterion met: mobilisation leadership."),
        "assessment",
        "criteria",
        "mobilisation",
        kind="bool",
    ),
    _column(
        "criterion_innovation",
        _("Criterion met: innovation and new solutions."),
        "assessment",
        "criteria",
        "innovation",
        kind="bool",
    ),
    _column(
        "criterion_cross_disciplinary",
        _("Criterion met: cross-disciplinary coordination."),
        "assessment",
        "criteria",
        "cross_disciplinary",
        kind="bool",
    ),
    _column(
        "red_flag_finished_solution",
        _("Red flag: a near-finished solution sent to hearing."),
        "assessment",
        "red_flags",
        "finished_solution",
        kind="bool",
    ),
    _column(
        "red_flag_preprogrammed",
        _("Red flag: pre-programmed citizen involvement."),
        "assessment",
        "red_flags",
        "preprogrammed",
        kind="bool",
    ),
    _column(
        "red_flag_cost_cutting",
        _("Red flag: tasks moved to private actors to save money."),
        "assessment",
        "red_flags",
        "cost_cutting",
        kind="bool",
    ),
    _column("step", _("Step on samskabelsestrappen, 1 to 5 (empty: not assessed).")),
    _column("principles", _("Slugs of the principles the case follows."), kind="list"),
    _column("grips", _("Slugs of the hverdagsgreb used."), kind="list"),
    _column("recipe_problem", _("The recipe: the problem."), "recipe", "problem"),
    _column("recipe_helpers", _("The recipe: who can help."), "recipe", "helpers"),
    _column("recipe_motivation", _("The recipe: how to motivate them."), "recipe", "motivation"),
    _column("recipe_arena", _("The recipe: the arena."), "recipe", "arena"),
    _column("outcomes", _("Outcomes.")),
    _column("learnings", _("Learnings.")),
    _column("partners", _("Names of the partner organisations."), kind="list"),
    _column(
        "partner_roles",
        _("Each partner's role, in the order of partners."),
        "partners",
        kind="list",
    ),
    _column("spread_from", _("Slug of the case this one was spread from.")),
    _column("spread_to", _("Slugs of the cases spread from this one."), kind="list"),
    _column("created_at", _("Created (ISO 8601 in the CSV)."), kind="time"),
    _column("updated_at", _("Last changed (ISO 8601 in the CSV)."), kind="time"),
)
HEADER = [column.key for column in COLUMNS]


def _list_items(column, items):
    if column.key == "partners":
        return [partner["organisation"] for partner in items]
    if column.key == "partner_roles":
        return [partner["role"] for partner in items]
    return items


def csv_row(case):
    """The case's cells as text: ISO 8601 dates and times as the API writes them, true or
    false, lists joined by LIST_SEPARATOR, nothing for a missing value."""
    row = []
    for column in COLUMNS:
        value = column.value(case)
        if column.kind == "list":
            value = LIST_SEPARATOR.join(_list_items(column, value))
        elif column.kind == "bool":
            value = "true" if value else "false"
        row.append("" if value is None else value)
    return row


def xlsx_row(case):
    """The case's cells with their types: date cells, Copenhagen wall-clock times, booleans."""
    row = []
    for column, text in zip(COLUMNS, csv_row(case), strict=True):
        value = column.value(case)
        if value is None:
            row.append(None)
        elif column.kind == "date":
            row.append(datetime.date.fromisoformat(value))
        elif column.kind == "time":
            row.append(exports.wall_clock(datetime.datetime.fromisoformat(value)))
        elif column.kind == "bool":
            row.append(bool(value))
        else:
            row.append(text)
    return row


def cases_in_chunks(queryset, representation):
    """The representation of every case of `queryset`, in its order, CHUNK_SIZE at a time."""
    ids = queryset.values_list("pk", flat=True).iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(ids, CHUNK_SIZE)):
        yield from representation.many(chunk)


def json_chunks(cases):
    """A JSON array, one case per line, as the API writes each case."""
    yield b"["
    separator = b"\n"
    for case in cases:
        yield separator + json.dumps(case, ensure_ascii=False).encode("utf-8")
        separator = b",\n"
    yield b"\n]\n"


def _with_long_limit(chunks):
    """Runs the whole read, however long it streams, in one transaction under the long
    statement limit; a client that goes away closes the generator and the transaction."""
    with statement_timeout():
        yield from chunks


def _xlsx_file(cases, target):
    exports.write_xlsx(
        target,
        title=str(_("Cases")),
        header=HEADER,
        rows=(xlsx_row(case) for case in cases),
        widths=[18 if column.kind != "text" else 30 for column in COLUMNS],
    )


def filename(file_format):
    return f"samskabelsescases-{timezone.localdate():%Y-%m-%d}.{file_format}"


def export_response(*, queryset, request, visible, file_format):
    """The cases of `queryset` (already the viewer's, filtered and ordered) as a download;
    `visible` is the viewer's selector, for the cases spread to and from."""
    with statement_timeout():
        count = queryset.count()
    if count > settings.OPEN_DATA_EXPORT_LIMIT:
        raise ExportTooLarge(count=count, limit=settings.OPEN_DATA_EXPORT_LIMIT)
    cases = cases_in_chunks(queryset, CaseRepresentation(request=request, visible=visible))
    stream = count > STREAM_ABOVE
    content_type = CONTENT_TYPES[file_format]
    if file_format == "xlsx":
        # openpyxl needs a file it can seek in; a long one goes to disk, not to memory (the
        # response closes it).
        target = tempfile.TemporaryFile() if stream else io.BytesIO()  # noqa: SIM115
        with statement_timeout():
            _xlsx_file(cases, target)
        target.seek(0)
        if stream:
            response = FileResponse(target, content_type=content_type)
        else:
            response = HttpResponse(target.getvalue(), content_type=content_type)
    else:
        if file_format == "csv":
            chunks = exports.csv_chunks(HEADER, (csv_row(case) for case in cases))
        else:
            chunks = json_chunks(cases)
        body = _with_long_limit(chunks)
        if stream:
            response = StreamingHttpResponse(body, content_type=content_type)
        else:
            response = HttpResponse(b"".join(body), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(file_format)}"'
    # What it holds depends on who asks (a consultant's internal cases): no shared caches.
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ("Cookie", "Authorization", "Accept", "Accept-Language"))
    return response
