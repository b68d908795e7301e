"""Cases as open data: the list page's downloads (/cases/export.csv, .xlsx, .json) and the
API's /api/v1/cases/export/ give the cases the viewer may see, with the list's filters, in
the documented columns; a long export streams, and its query count does not grow with it."""

import csv
import datetime
import io
import json
from pathlib import Path

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from projects import exports, services
from projects.models import CasePartner, CaseStatus, PartnerRole, Track, Visibility, WelfareArea
from tests.factories import (
    CaseFactory,
    GripFactory,
    OrganisationFactory,
    PrincipleFactory,
    api_token,
    consultant,
    municipality,
)

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def cases():
    """One case of each visibility in Guldborgsund (376), and a draft in Holbæk (316)."""
    return {
        "public": CaseFactory(visibility=Visibility.OFFENTLIG, title="Haven ved Bakkehuset"),
        "internal": CaseFactory(visibility=Visibility.INTERN),
        "draft": CaseFactory(visibility=Visibility.KLADDE),
        "draft elsewhere": CaseFactory(
            visibility=Visibility.KLADDE, municipality=municipality("316")
        ),
    }


@pytest.fixture
def rich_case():
    """A public case with lists in every column that holds one."""
    case = CaseFactory(
        visibility=Visibility.OFFENTLIG,
        title="=Kaffe med naboerne",  # a formula to Excel, unless quoted
        start_date=datetime.date(2026, 3, 2),
        end_date=datetime.date(2026, 6, 10),
        outside_in=True,
    )
    case.principles.add(
        PrincipleFactory(slug="lyt-foerst", name="A"), PrincipleFactory(slug="del-magt", name="B")
    )
    case.grips.add(GripFactory(slug="start-med-spoergsmaalet"))
    for name, role in (
        ("Ældre Sagen", PartnerRole.FRIVILLIGE),
        ("FC Nykøbing", PartnerRole.FORENING),
    ):
        CasePartner.objects.create(
            case=case, organisation=OrganisationFactory(name=name), role=role
        )
    return case


def csv_table(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def json_cases(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return json.loads(content)


def slugs_of(rows):
    return {row["slug"] for row in rows}


# --- visibility and filters -----------------------------------------------------------


def test_anonymous_visitors_export_public_cases_only(client, cases):
    for file_format in ("csv", "json"):
        response = client.get(f"/cases/export.{file_format}")
        assert response.status_code == 200
        rows = csv_table(response) if file_format == "csv" else json_cases(response)
        assert slugs_of(rows) == {cases["public"].slug}


def test_consultants_export_internal_cases_and_own_drafts_never_another_municipalitys(
    client, cases
):
    client.force_login(consultant("376"))
    rows = csv_table(client.get("/cases/export.csv"))
    assert slugs_of(rows) == {cases[name].slug for name in ("public", "internal", "draft")}


def test_a_consultant_elsewhere_exports_public_and_internal_cases(client, cases):
    client.force_login(consultant("101"))
    rows = json_cases(client.get("/cases/export.json"))
    assert slugs_of(rows) == {cases["public"].slug, cases["internal"].slug}


def test_exports_follow_the_list_pages_filters_and_search(client):
    garden = CaseFactory(title="Haven", track=Track.TRAENINGSBANE)
    CaseFactory(title="Haven i Holbæk", track=Track.TRAENINGSBANE, municipality=municipality("316"))
    CaseFactory(title="Sansehaven", track=Track.FACILITERING)
    rows = csv_table(client.get("/cases/export.csv?track=traeningsbane&municipality=376"))
    assert slugs_of(rows) == {garden.slug}
    rows = json_cases(client.get("/cases/export.json?q=Sansehaven"))
    assert [row["title"] for row in rows] == ["Sansehaven"]


def test_unknown_filter_values_are_ignored_as_on_the_list_page(client, cases):
    rows = csv_table(client.get("/cases/export.csv?track=no-such-track"))
    assert slugs_of(rows) == {cases["public"].slug}


def test_exports_keep_the_list_pages_order(client):
    older = CaseFactory(title="Bølger")
    newer = CaseFactory(title="Anker")
    rows = csv_table(client.get("/cases/export.csv"))
    assert [row["slug"] for row in rows] == [newer.slug, older.slug]
    older.title = "Alfa"
    older.save()
    rows = csv_table(client.get("/cases/export.csv?sort=title"))
    assert [row["title"] for row in rows] == ["Alfa", "Anker"]


# --- the files ------------------------------------------------------------------------


def test_csv_parses_back_with_the_documented_header_and_flat_lists(client, rich_case):
    response = client.get("/cases/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="samskabelsescases-' in response["Content-Disposition"]
    content = response.content.decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(content), delimiter=";")) == exports.HEADER
    (row,) = csv_table(response)
    assert row["title"] == "'=Kaffe med naboerne"
    assert row["municipality_kommunekode"] == "376"
    assert row["principles"] == "lyt-foerst;del-magt"
    assert row["grips"] == "start-med-spoergsmaalet"
    assert row["partners"] == "FC Nykøbing;Ældre Sagen"
    assert row["partner_roles"] == "forening;frivillige"
    assert row["start_date"] == "2026-03-02"
    assert row["criterion_outside_in"] == "true"
    assert row["red_flag_cost_cutting"] == "false"
    assert row["spread_from"] == ""
    rich_case.refresh_from_db()  # adding partners touched it
    assert datetime.datetime.fromisoformat(row["updated_at"]) == rich_case.updated_at


def test_an_export_is_kept_by_no_shared_cache(client, api_client, cases):
    for response in (client.get("/cases/export.csv"), api_client.get("/api/v1/cases/export/")):
        assert "private" in response["Cache-Control"]
        assert {"Cookie", "Authorization"} <= {v.strip() for v in response["Vary"].split(",")}


def test_every_column_is_documented_in_the_readme():
    readme = README.read_text(encoding="utf-8")
    section = readme[readme.index("## Open data and exports") :]
    missing = [key for key in exports.HEADER if f"`{key}`" not in section]
    assert not missing


def test_xlsx_opens_with_the_same_columns_and_typed_cells(client, rich_case):
    response = client.get("/cases/export.xlsx")
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, row = [list(values) for values in sheet.iter_rows(values_only=True)]
    assert header == exports.HEADER
    cells = dict(zip(header, row, strict=True))
    assert cells["title"] == "'=Kaffe med naboerne"
    assert cells["start_date"] == datetime.datetime(2026, 3, 2)
    assert cells["criterion_outside_in"] is True
    assert cells["partners"] == "FC Nykøbing;Ældre Sagen"
    assert sheet.cell(row=2, column=header.index("start_date") + 1).number_format == "dd-mm-yyyy"
    updated = sheet.cell(row=2, column=header.index("updated_at") + 1)
    assert updated.number_format == "dd-mm-yyyy hh:mm"


def test_xlsx_drops_control_characters_a_sheet_cannot_hold(client):
    CaseFactory(title="Haven\x02 ved\x1b søen", summary="Linje 1\nLinje 2")
    sheet = load_workbook(io.BytesIO(client.get("/cases/export.xlsx").content)).active
    header, row = [list(values) for values in sheet.iter_rows(values_only=True)]
    cells = dict(zip(header, row, strict=True))
    assert cells["title"] == "Haven ved søen"
    assert cells["summary"] == "Linje 1\nLinje 2"


def test_json_export_is_what_the_api_shows_for_the_same_cases(client, api_client, cases):
    CaseFactory(track=Track.TRAENINGSBANE)
    exported = json_cases(client.get("/cases/export.json?track=find_og_forstoer"))
    listed = api_client.get("/api/v1/cases/", {"track": "find_og_forstoer"}).json()["results"]
    assert exported == listed
    assert len(exported) == 1


# --- long exports ---------------------------------------------------------------------


@pytest.fixture
def small_chunks(monkeypatch):
    """A long export in miniature: more than STREAM_ABOVE rows, read CHUNK_SIZE at a time."""
    monkeypatch.setattr(exports, "STREAM_ABOVE", 3)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    return [CaseFactory() for _ in range(7)]


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_an_export_above_the_threshold_streams_every_row(client, small_chunks, file_format):
    response = client.get(f"/cases/export.{file_format}")
    assert isinstance(response, StreamingHttpResponse)
    rows = csv_table(response) if file_format == "csv" else json_cases(response)
    assert [row["slug"] for row in rows] == [case.slug for case in reversed(small_chunks)]


def test_an_xlsx_above_the_threshold_streams_from_a_file(client, small_chunks):
    response = client.get("/cases/export.xlsx")
    assert isinstance(response, StreamingHttpResponse)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == len(small_chunks) + 1


def test_an_export_below_the_threshold_is_one_response(client, cases):
    assert not client.get("/cases/export.csv").streaming


def test_the_query_count_of_an_export_does_not_grow_with_its_rows(client, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 1000)

    def queries_for_export():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/cases/export.json")
            json_cases(response)
        return len(queries)

    CaseFactory()
    few = queries_for_export()
    for _ in range(20):
        case = CaseFactory()
        case.grips.add(GripFactory())
    assert queries_for_export() == few


def test_a_long_export_reads_one_chunk_at_a_time(
    client, small_chunks, django_assert_max_num_queries
):
    # 7 rows in chunks of 2: four representations of a few queries each, and the count.
    with django_assert_max_num_queries(40):
        json_cases(client.get("/cases/export.json"))


def test_an_export_over_the_limit_goes_back_to_the_list_with_a_message(client, settings, cases):
    settings.OPEN_DATA_EXPORT_LIMIT = 0
    response = client.get("/cases/export.csv?track=find_og_forstoer", follow=True)
    assert response.redirect_chain[0][0] == "/cases/?track=find_og_forstoer"
    assert "Indsnævr udtrækket med filtrene" in response.content.decode()


def test_the_limit_message_writes_numbers_the_danish_way(client, settings):
    settings.OPEN_DATA_EXPORT_LIMIT = 1000
    message = str(exports.ExportTooLarge(count=12345, limit=1000).message)
    assert "12.345 cases, mere end de 1.000" in message


def test_a_script_downloading_in_a_loop_is_told_to_wait(client, monkeypatch, cases):
    from projects import export_views
    from samskabelse.ratelimit import SubmissionLimit

    monkeypatch.setattr(export_views, "EXPORT_LIMIT", SubmissionLimit("test-exports", 2))
    assert client.get("/cases/export.csv").status_code == 200
    assert client.get("/cases/export.json").status_code == 200
    refused = client.get("/cases/export.xlsx")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    assert "Prøv igen om ti minutter" in refused.content.decode()


# --- the list page's links ------------------------------------------------------------


def test_the_list_page_offers_downloads_with_its_current_filters(client, cases):
    page = client.get("/cases/?track=find_og_forstoer&municipality=376&page=1").content.decode()
    for file_format in ("csv", "xlsx", "json"):
        assert (
            f'href="/cases/export.{file_format}?track=find_og_forstoer&amp;municipality=376"'
            in page
        )


def test_the_list_page_offers_unfiltered_downloads_without_a_query_string(client, cases):
    page = client.get("/cases/").content.decode()
    assert 'href="/cases/export.csv"' in page


# --- the API --------------------------------------------------------------------------

EXPORT = "/api/v1/cases/export/"


def test_the_api_export_answers_json_by_default_as_the_list_shows_it(api_client, cases):
    response = api_client.get(EXPORT)
    assert response["Content-Type"] == "application/json"
    listed = api_client.get("/api/v1/cases/").json()["results"]
    assert json_cases(response) == listed


def test_the_api_exports_csv_and_xlsx_with_the_lists_filters(api_client, cases):
    CaseFactory(track=Track.TRAENINGSBANE)
    response = api_client.get(EXPORT, {"format": "csv", "track": "find_og_forstoer"})
    assert response["Content-Type"].startswith("text/csv")
    assert slugs_of(csv_table(response)) == {cases["public"].slug}
    response = api_client.get(EXPORT, {"format": "xlsx"})
    assert response["Content-Type"] == XLSX
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 3


def test_the_api_export_shows_a_token_with_read_the_internal_cases(api_client, cases):
    _token, key = api_token(consultant("376"), scopes=["read"])
    response = api_client.get(EXPORT, {"format": "csv"}, HTTP_AUTHORIZATION=f"Token {key}")
    assert slugs_of(csv_table(response)) == {
        cases[name].slug for name in ("public", "internal", "draft")
    }
    _token, key = api_token(consultant("376"), scopes=["write:cases"])
    response = api_client.get(EXPORT, {"format": "csv"}, HTTP_AUTHORIZATION=f"Token {key}")
    assert slugs_of(csv_table(response)) == {cases["public"].slug}


def test_the_api_export_refuses_bad_input_in_json(api_client, cases):
    response = api_client.get(EXPORT, {"format": "pdf"})
    assert response.status_code == 400
    assert "csv, xlsx, json" in response.json()["format"][0]
    response = api_client.get(EXPORT, {"format": "csv", "municipality": "999"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "municipality" in response.json()


def test_the_api_export_over_the_limit_is_a_400_that_says_so(api_client, settings, cases):
    settings.OPEN_DATA_EXPORT_LIMIT = 0
    response = api_client.get(EXPORT, {"format": "xlsx"}, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "mere end de 0" in response.json()["detail"]


def test_a_case_called_export_does_not_hide_behind_the_api_export(api_client):
    case = services.create_case(
        user=consultant("376"),
        title="Export",
        summary="Et forsøg.",
        municipality=municipality("376"),
        welfare_area=WelfareArea.AELDRE,
        track=Track.FACILITERING,
        status=CaseStatus.IDE,
        visibility=Visibility.OFFENTLIG,
    )
    assert case.slug == "export-case"
    assert api_client.get(f"/api/v1/cases/{case.slug}/").json()["title"] == "Export"


def test_the_schema_documents_the_export_and_its_content_types(api_client):
    schema = api_client.get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"][EXPORT]["get"]
    content = operation["responses"]["200"]["content"]
    assert set(content) == {"application/json", "text/csv", XLSX}
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"format", "municipality", "track", "q", "updated_since"} <= names


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's")
@pytest.mark.parametrize("streamed", [False, True], ids=["in one response", "streamed"])
def test_the_export_reads_under_the_long_statement_limit(client, monkeypatch, streamed):
    CaseFactory()
    CaseFactory()
    if streamed:
        monkeypatch.setattr(exports, "STREAM_ABOVE", 1)
    limits = []
    flat_row = exports.csv_row

    def csv_row(case):
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            limits.append(cursor.fetchone()[0])
        return flat_row(case)

    monkeypatch.setattr(exports, "csv_row", csv_row)
    response = client.get("/cases/export.csv")
    assert len(csv_table(response)) == 2
    assert response.streaming is streamed
    assert limits == ["1min", "1min"]
