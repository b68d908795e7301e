"""Tables as downloads, for every app that offers one (participant lists, open data).

CSV is written the way Danish Excel opens it as is: UTF-8 with a BOM, semicolons, CRLF.
XLSX is written with openpyxl's write-only mode (rows go to disk as they come, so a long
table is never held in memory), with real date cells in Danish number formats: naive
Copenhagen wall clock, as openpyxl and Excel know no time zones, so a spreadsheet can
sort and calculate on them. A text cell that Excel would run as a formula is quoted."""

import csv
import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TIME_FORMAT = "%Y-%m-%d %H:%M"
XLSX_TIME_FORMAT = "dd-mm-yyyy hh:mm"  # Danish Excel's own way of showing a date and time
XLSX_DATE_FORMAT = "dd-mm-yyyy"
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
# Rows of CSV joined into one chunk of a streamed response: fewer, larger writes.
CSV_ROWS_PER_CHUNK = 500


def wall_clock(moment):
    """An aware datetime as naive Copenhagen time, whole seconds; None stays None."""
    if moment is None:
        return None
    return timezone.localtime(moment, COPENHAGEN).replace(tzinfo=None, microsecond=0)


def safe_cell(value):
    """A cell starting with = + - @ would run as a formula in Excel: quote it."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_cell(value):
    if isinstance(value, datetime.datetime):
        return value.strftime(TIME_FORMAT)
    return safe_cell(value)


class _Line:
    """A file that hands back what is written to it: csv.writer then returns each line."""

    def write(self, text):
        return text


def csv_chunks(header, rows):
    """The table as CSV, in encoded chunks of a few hundred rows (BOM and header first),
    for an HttpResponse to join or a StreamingHttpResponse to send as they come."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield ("\ufeff" + writer.writerow(header)).encode("utf-8")
    lines = []
    for row in rows:
        lines.append(writer.writerow([csv_cell(value) for value in row]))
        if len(lines) >= CSV_ROWS_PER_CHUNK:
            yield "".join(lines).encode("utf-8")
            lines = []
    if lines:
        yield "".join(lines).encode("utf-8")


def as_csv(header, rows):
    return b"".join(csv_chunks(header, rows))


def _xlsx_cell(sheet, value):
    if isinstance(value, str):
        # Control characters (other than tab and line breaks) cannot be stored in the XML of
        # a sheet: openpyxl would refuse the whole file. Dropped; the CSV keeps them.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    value = safe_cell(value)
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_TIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    return value


def write_xlsx(target, *, title, header, rows, widths=()):
    """Write the table to `target` (a path or a binary file) as one sheet, header frozen;
    datetimes must already be naive (wall_clock)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    workbook.save(target)
