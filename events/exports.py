"""Participant lists as CSV (semicolons and a BOM, so Danish Excel opens it with æøå in
the right columns) and XLSX. Both take the rows of organiser.selectors.participants.

Times are Copenhagen wall clock: text in the CSV, real date cells in the XLSX (naive, as
openpyxl and Excel know no time zones, with a Danish number format), so a spreadsheet can
sort and calculate on them."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

TIME_FORMAT = "%Y-%m-%d %H:%M"
XLSX_TIME_FORMAT = "dd-mm-yyyy hh:mm"  # Danish Excel's own way of showing a date and time
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def wall_clock(moment):
    """An aware datetime as naive Copenhagen time, whole seconds; None stays None."""
    if moment is None:
        return None
    return timezone.localtime(moment, COPENHAGEN).replace(tzinfo=None, microsecond=0)


def header():
    return [
        _("Name"),
        _("Email"),
        _("Organisation"),
        _("Municipality"),
        _("Job title"),
        _("Needs"),
        _("Status"),
        _("Waiting list position"),
        _("Registered at"),
    ]


def participant_rows(registrations):
    """One list of cell values per registration; times as naive Copenhagen datetimes."""
    for registration in registrations:
        yield [
            registration.name,
            registration.email,
            registration.organisation,
            registration.municipality.name if registration.municipality else "",
            registration.job_title,
            registration.needs,
            str(registration.get_status_display()),
            registration.waitlist_position or "",
            wall_clock(registration.created_at),
        ]


def _safe_cell(value):
    """A cell starting with = + - @ would run as a formula in Excel: quote it."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv_cell(value):
    if isinstance(value, datetime.datetime):
        return value.strftime(TIME_FORMAT)
    return _safe_cell(value)


def as_csv(registrations):
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header())
    for row in participant_rows(registrations):
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def as_xlsx(registrations, *, title):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header())
    for row in participant_rows(registrations):
        sheet.append([_safe_cell(value) for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = XLSX_TIME_FORMAT
    for column, width in enumerate((28, 32, 28, 22, 24, 30, 16, 12, 18), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
