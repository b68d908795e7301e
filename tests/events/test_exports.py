"""Participant exports: CSV that Danish Excel opens as is (semicolons, UTF-8 BOM) and
XLSX, with the same columns and rows, for the event's managers only."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from events.models import RegistrationStatus
from tests.factories import (
    OccurrenceFactory,
    RegistrationFactory,
    municipality,
    organiser,
)

pytestmark = pytest.mark.django_db

COLUMNS = 10


@pytest.fixture
def manager():
    return organiser()


@pytest.fixture
def occurrence(manager):
    occurrence = OccurrenceFactory(capacity=1)
    occurrence.event.managers.add(manager)
    return occurrence


@pytest.fixture
def registrations(occurrence):
    confirmed = RegistrationFactory(
        occurrence=occurrence,
        name="Søren Ærø",
        email="soeren@herlev.dk",
        organisation="Herlev Kommune",
        municipality=municipality("163"),
        job_title="Konsulent",
        needs="Vegetar",
    )
    waiting = RegistrationFactory(
        occurrence=occurrence, name="Åse Holm", status=RegistrationStatus.WAITLISTED
    )
    return confirmed, waiting


def export(client, occurrence, file_format):
    url = reverse("events:organiser_export", args=[occurrence.pk, file_format])
    return client.get(url)


def csv_rows(response):
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response):
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_csv_has_one_row_per_registration_with_every_column(
    client, manager, occurrence, registrations
):
    confirmed, _waiting = registrations
    client.force_login(manager)
    response = export(client, occurrence, "csv")

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, first, second = csv_rows(response)
    assert len(header) == COLUMNS
    registered = timezone.localtime(confirmed.created_at).strftime("%Y-%m-%d %H:%M")
    assert first[:6] == [
        "Søren Ærø",
        "soeren@herlev.dk",
        "Herlev Kommune",
        municipality("163").name,
        "Konsulent",
        "Vegetar",
    ]
    assert (first[7], first[8]) == ("", registered)
    assert (second[0], second[7]) == ("Åse Holm", "1")


def test_xlsx_has_the_same_rows_as_the_csv(client, manager, occurrence, registrations):
    client.force_login(manager)
    rows = xlsx_rows(export(client, occurrence, "xlsx"))
    from_csv = csv_rows(export(client, occurrence, "csv"))

    assert len(rows) == 3
    assert [row[0] for row in rows[1:]] == ["Søren Ærø", "Åse Holm"]
    assert rows[2][7] == 1
    as_text = [
        [
            cell.strftime("%Y-%m-%d %H:%M")
            if isinstance(cell, datetime.datetime)
            else str(cell or "")
            for cell in row
        ]
        for row in rows
    ]
    assert as_text == from_csv


def test_xlsx_registration_times_are_date_cells_in_copenhagen_time(
    client, manager, occurrence, registrations
):
    confirmed, _waiting = registrations
    # 1 July 2026 08:15 UTC is 10:15 in Copenhagen (summer time).
    type(confirmed).objects.filter(pk=confirmed.pk).update(
        created_at=datetime.datetime(2026, 7, 1, 8, 15, 30, 123456, tzinfo=datetime.UTC)
    )
    client.force_login(manager)

    workbook = load_workbook(io.BytesIO(export(client, occurrence, "xlsx").content))
    cell = workbook.active.cell(row=2, column=9)

    assert cell.is_date
    assert cell.value == datetime.datetime(2026, 7, 1, 10, 15, 30)
    assert cell.number_format == "dd-mm-yyyy hh:mm"


def test_export_contains_only_this_dates_registrations(client, manager, occurrence, registrations):
    RegistrationFactory(occurrence=OccurrenceFactory(event=occurrence.event), name="Anden dato")
    client.force_login(manager)
    names = [row[0] for row in csv_rows(export(client, occurrence, "csv"))[1:]]
    assert names == ["Søren Ærø", "Åse Holm"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_another_organisers_event_exports_nothing(client, occurrence, registrations, file_format):
    client.force_login(organiser())
    response = export(client, occurrence, file_format)
    assert response.status_code == 403
    assert "Søren".encode() not in response.content


def test_a_name_that_looks_like_a_formula_is_quoted_in_both_exports(client, manager, occurrence):
    RegistrationFactory(occurrence=occurrence, name='=HYPERLINK("http://x")')
    client.force_login(manager)
    assert csv_rows(export(client, occurrence, "csv"))[1][0].startswith("'=")
    assert xlsx_rows(export(client, occurrence, "xlsx"))[1][0].startswith("'=")
