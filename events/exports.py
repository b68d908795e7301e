"""Participant lists as CSV (semicolons and a BOM, so Danish Excel opens it with æøå in
the right columns) and XLSX. Both take the rows of organiser.selectors.participants; the
writing itself (and the Danish formats) is samskabelse/exports.py, shared with open data.

Times are Copenhagen wall clock: text in the CSV, real date cells in the XLSX."""

import io

from django.utils.translation import gettext as _

from samskabelse import exports
from samskabelse.exports import wall_clock

COLUMN_WIDTHS = (28, 32, 28, 22, 24, 30, 16, 12, 18, 28)


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
        _("Group (registered by)"),
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
            group_of(registration),
        ]


def group_of(registration):
    """The name of the registrant of the registration's group; empty when alone."""
    if registration.registered_by_id:
        return registration.registered_by.name
    return registration.name if getattr(registration, "colleague_count", 0) else ""


def as_csv(registrations):
    return exports.as_csv(header(), participant_rows(registrations))


def as_xlsx(registrations, *, title):
    buffer = io.BytesIO()
    exports.write_xlsx(
        buffer,
        title=title,
        header=header(),
        rows=participant_rows(registrations),
        widths=COLUMN_WIDTHS,
    )
    return buffer.getvalue()
