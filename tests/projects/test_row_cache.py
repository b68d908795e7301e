"""The cached rows of the cases API (projects.representation.CaseRepresentation.fragments):
a page that misses the response cache reads each case's shared part from the cache, and
what a viewer may see of the cases it spread to or from from the database, so a cached row
never shows a stale or a hidden case."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from projects.models import Case, CasePartner, Visibility
from samskabelse.models import Organisation
from tests.factories import CaseFactory, consultant
from tests.projects.test_case_reads import rich_cases

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"


@pytest.fixture
def row_cache(settings):
    settings.API_RESPONSE_CACHE = False  # every request builds its page
    settings.API_ROW_CACHE = True


def listed(client, **params):
    page = client.get(CASES, {"page_size": 50, **params}).json()
    return {case["slug"]: case for case in page["results"]}


def test_a_page_from_cached_rows_is_the_page_built_from_the_database(api_client, settings):
    rich_cases()
    settings.API_RESPONSE_CACHE = False
    settings.API_ROW_CACHE = False
    built = listed(api_client)
    settings.API_ROW_CACHE = True
    first = listed(api_client)  # builds and keeps the rows
    with CaptureQueriesContext(connection) as queries:
        second = listed(api_client)  # from the kept rows
    assert first == built and second == built
    # The page's ids and the viewer's links only: no case is read again.
    assert len(queries) == 2, [query["sql"] for query in queries.captured_queries]


def test_a_changed_case_is_built_again(api_client, row_cache):
    case = rich_cases()[1]
    listed(api_client)
    CasePartner.objects.create(
        case=case, organisation=Organisation.objects.create(name="Aalborg Roklub"), role="forening"
    )
    partners = listed(api_client)[case.slug]["partners"]
    assert "Aalborg Roklub" in [partner["organisation"] for partner in partners]


def test_a_write_that_moves_updated_at_is_seen_even_without_signals(api_client, row_cache):
    CaseFactory(title="Før")
    listed(api_client)
    # What a bulk write must do (projects.services.touch_cases does it): move updated_at.
    Case.objects.update(title="Efter", updated_at=timezone.now())
    assert [case["title"] for case in listed(api_client).values()] == ["Efter"]


def test_a_renamed_organisation_is_shown_under_its_new_name(api_client, row_cache):
    case = rich_cases()[1]
    listed(api_client)
    organisation = case.case_partners.first().organisation
    organisation.name = "Nyt navn"
    organisation.save()  # moves the lookups version, not the case's updated_at
    partners = listed(api_client)[case.slug]["partners"]
    assert "Nyt navn" in [partner["organisation"] for partner in partners]


def test_a_case_made_internal_leaves_the_spread_lists_of_cached_rows(api_client, row_cache):
    origin, child, *_rest = rich_cases()
    assert child.slug in listed(api_client)[origin.slug]["spread_to"]
    Case.objects.filter(pk=child.pk).update(visibility=Visibility.INTERN)  # no signal at all
    anonymous = listed(api_client)
    assert child.slug not in anonymous[origin.slug]["spread_to"]
    api_client.force_login(consultant(origin.municipality.code))
    assert child.slug in listed(api_client)[origin.slug]["spread_to"]


def test_a_new_spread_shows_on_the_cached_row_of_its_origin(api_client, row_cache):
    origin = CaseFactory()
    listed(api_client)
    spread = CaseFactory(spread_from=origin)
    cases = listed(api_client)
    assert cases[origin.slug]["spread_to"] == [spread.slug]
    assert cases[spread.slug]["spread_from"] == origin.slug


def test_rows_are_kept_per_language(api_client, row_cache):
    case = CaseFactory(status="afsluttet")
    assert listed(api_client)[case.slug]["status_display"] == "Afsluttet"
    english = api_client.get(CASES, HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    assert english["status_display"] == "Completed"
    assert listed(api_client)[case.slug]["status_display"] == "Afsluttet"


def test_a_page_of_cases_that_spread_nowhere_asks_the_database_for_its_ids_alone(
    api_client, row_cache
):
    for _ in range(3):
        CaseFactory()
    first = listed(api_client)
    with CaptureQueriesContext(connection) as queries:
        assert listed(api_client) == first
    assert len(queries) == 1, [query["sql"] for query in queries.captured_queries]


def test_a_case_moved_to_spread_from_another_shows_on_its_cached_row(api_client, row_cache):
    origin, other = CaseFactory(), CaseFactory()
    spread = CaseFactory(spread_from=other)
    listed(api_client)
    spread.spread_from = origin  # a plain save, as the admin or a shell makes it
    spread.save()
    cases = listed(api_client)
    assert cases[origin.slug]["spread_to"] == [spread.slug]
    assert cases[other.slug]["spread_to"] == []
    assert cases[spread.slug]["spread_from"] == origin.slug
