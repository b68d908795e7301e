"""The counts of every combination of the plain filters (projects.facets): a filtered case
list knows its count without counting, and the count is the number of cases the list
holds, for each viewer, after a write, with the cache failing or busy."""

import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import CaseStatus, Track, Visibility, WelfareArea
from projects.selectors import cases_visible_to
from tests.factories import CaseFactory, consultant, municipality
from tests.projects.test_case_reads import counts_in
from tests.samskabelse.test_cache import outages, redis_down  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"


@pytest.fixture
def cases(settings):
    settings.API_RESPONSE_CACHE = False  # every request builds its page
    aarhus, odense = municipality("751"), municipality("461")
    made = []
    for place, track, status, area in itertools.product(
        (aarhus, odense),
        (Track.FIND_OG_FORSTOER, Track.TRAENINGSBANE),
        (CaseStatus.IDE, CaseStatus.AFSLUTTET),
        (WelfareArea.SUNDHED, WelfareArea.AELDRE),
    ):
        if (track, status) != (Track.TRAENINGSBANE, CaseStatus.IDE):  # an empty combination
            made.append(
                CaseFactory(municipality=place, track=track, status=status, welfare_area=area)
            )
    hidden = CaseFactory(
        municipality=aarhus, track=Track.TRAENINGSBANE, status=CaseStatus.IDE,
        welfare_area=WelfareArea.SUNDHED, visibility=Visibility.INTERN,
    )  # fmt: skip
    return made, hidden


def combinations():
    """Every combination of the four filters, each given (one of two values) or not."""
    choices = {
        "municipality": ("751", "461"),
        "track": (Track.FIND_OG_FORSTOER, Track.TRAENINGSBANE),
        "status": (CaseStatus.IDE, CaseStatus.AFSLUTTET),
        "welfare_area": (WelfareArea.SUNDHED, WelfareArea.AELDRE),
    }
    for chosen in itertools.product(*[(None, *values) for values in choices.values()]):
        yield {name: value for name, value in zip(choices, chosen, strict=True) if value}


def expected(user, params):
    lookups = {
        ("municipality__code" if name == "municipality" else name): value
        for name, value in params.items()
    }
    return cases_visible_to(user).filter(**lookups).count()


def test_every_combination_is_counted_as_the_list_holds_it_without_counting_again(
    api_client, cases
):
    # The first filtered list of this data version counts them all.
    api_client.get(CASES, {"track": Track.FACILITERING})
    for params in filter(None, combinations()):
        with CaptureQueriesContext(connection) as queries:
            body = api_client.get(CASES, {**params, "page_size": 200}).json()
        assert body["count"] == expected(None, params) == len(body["results"]), params
        assert counts_in(queries) == 0, params


def test_an_empty_combination_counts_none(api_client, cases):
    body = api_client.get(CASES, {"track": Track.TRAENINGSBANE, "status": CaseStatus.IDE}).json()
    assert body["count"] == 0 and body["results"] == []


def test_staff_counts_include_what_only_they_may_see(api_client, cases):
    """Signed-in viewers' counts are their own (counted by the database, and kept)."""
    params = {"municipality": "751", "track": Track.TRAENINGSBANE, "status": CaseStatus.IDE}
    assert api_client.get(CASES, params).json()["count"] == 0
    staff = consultant("751")
    api_client.force_login(staff)
    assert api_client.get(CASES, params).json()["count"] == 1 == expected(staff, params)
    api_client.logout()
    assert api_client.get(CASES, params).json()["count"] == 0


def test_a_write_is_counted(api_client, cases):
    params = {"municipality": "461", "welfare_area": WelfareArea.AELDRE}
    before = api_client.get(CASES, params).json()["count"]
    CaseFactory(municipality=municipality("461"), welfare_area=WelfareArea.AELDRE)
    made, _hidden = cases
    made[-1].delete()  # the last made is Odense, ældre too
    assert api_client.get(CASES, params).json()["count"] == before == expected(None, params)
    CaseFactory(municipality=municipality("461"), welfare_area=WelfareArea.AELDRE)
    assert api_client.get(CASES, params).json()["count"] == before + 1


def test_other_filters_are_counted_by_the_database(api_client, cases):
    made, _hidden = cases
    since = made[-1].updated_at.isoformat()
    with CaptureQueriesContext(connection) as queries:
        body = api_client.get(CASES, {"track": Track.TRAENINGSBANE, "updated_since": since})
    assert body.json()["count"] == 1 and counts_in(queries) == 1


def test_while_another_process_builds_them_the_list_counts_itself(api_client, cases, monkeypatch):
    # Every build lock taken, as by a process that is building the counts right now (the
    # fixture's writes made a new data version, whose counts nobody has yet).
    taken = cache.add
    monkeypatch.setattr(
        cache,
        "add",
        lambda key, *args, **kwargs: not key.endswith(":building") and taken(key, *args, **kwargs),
    )
    params = {"status": CaseStatus.AFSLUTTET}
    with CaptureQueriesContext(connection) as queries:
        body = api_client.get(CASES, params).json()
    assert body["count"] == expected(None, params) and counts_in(queries) == 1


def test_with_redis_down_every_combination_is_still_right(redis_down, api_client, cases):  # noqa: F811
    for params in itertools.islice(combinations(), 0, None, 5):
        assert api_client.get(CASES, params).json()["count"] == expected(None, params), params
    CaseFactory(municipality=municipality("751"), status=CaseStatus.IDE)
    params = {"municipality": "751", "status": CaseStatus.IDE}
    assert api_client.get(CASES, params).json()["count"] == expected(None, params)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's")
def test_counts_cut_off_by_the_statement_timeout_are_counted_instead(
    api_client, cases, monkeypatch
):
    from projects import facets

    build = facets.build

    def slow(visible):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 1")
            cursor.execute("SELECT pg_sleep(0.05)")
        return build(visible)

    monkeypatch.setattr(facets, "build", slow)
    params = {"status": CaseStatus.AFSLUTTET, "welfare_area": WelfareArea.SUNDHED}
    response = api_client.get(CASES, params)
    assert response.status_code == 200
    assert response.json()["count"] == expected(None, params)
