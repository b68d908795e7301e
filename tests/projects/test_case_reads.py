"""How the cases API reads: the plain-dict representation against the declared serializer,
the count kept per data version, viewer and filter, and pages that stay whole when cases
share a timestamp."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from projects.models import Case, CasePartner, Photo, Track, Visibility
from projects.serializers import CaseSerializer
from tests.factories import (
    CaseFactory,
    GripFactory,
    OrganisationFactory,
    PrincipleFactory,
    QuoteFactory,
    consultant,
)

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"


def counts_in(queries):
    return sum("COUNT(" in query["sql"].upper() for query in queries.captured_queries)


def rich_cases():
    """Public cases with every relation the representation shows, some of it twice."""
    origin = CaseFactory(title="Æblehaven i Horbelev", slug="aeblehaven-i-horbelev", step=3)
    principles = [PrincipleFactory(source="Resonans"), PrincipleFactory(source="Frivilligrådet")]
    grips = [GripFactory(title="Spørg først"), GripFactory(title="Del ansvaret")]
    made = [origin]
    for n in range(3):
        case = CaseFactory(
            spread_from=origin,
            step=None if n == 0 else n,
            start_date=None if n == 0 else datetime.date(2026, 3, n + 1),
            end_date=None,
            outside_in=n % 2 == 0,
            flag_cost_cutting=n == 2,
            recipe_problem=f"Problem {n}",
            outcomes="Flere deltog.",
        )
        case.principles.add(*principles[: n + 1])
        case.grips.add(*grips[:n])
        for name in ("Ældre Sagen", "Ahorn Idrætsforening")[: n + 1]:
            CasePartner.objects.create(
                case=case, organisation=OrganisationFactory(name=f"{name} {n}"), role="forening"
            )
        QuoteFactory(case=case, speaker_name="Jens Hansen")
        QuoteFactory(case=case, speaker_name="Inger Madsen", name_consent_at=timezone.now())
        Photo.objects.create(case=case, image=f"cases/2026/foto-{n}.jpg", alt_text="Et foto")
        made.append(case)
    return made


def test_the_api_shows_each_case_exactly_as_the_declared_serializer_would(api_client):
    """CaseSerializer is the documented shape (the schema is built from it); the list and
    the detail build the same JSON from plain rows, key for key and value for value."""
    made = rich_cases()
    request = Request(APIRequestFactory().get(CASES))
    instances = Case.objects.filter(pk__in=[case.pk for case in made]).prefetch_related(
        "principles", "grips", "case_partners__organisation", "quotes", "photos", "spread_to"
    )
    declared = {
        case.slug: CaseSerializer(case, context={"request": request}).data for case in instances
    }
    for case in declared.values():  # what prefetch ordering cannot express
        case["partners"].sort(key=lambda partner: partner["organisation"])
    listed = api_client.get(CASES, {"page_size": 50}).json()["results"]
    assert {case["slug"]: case for case in listed} == declared
    for slug, expected in declared.items():
        assert api_client.get(f"{CASES}{slug}/").json() == expected


def test_a_page_costs_the_same_queries_at_page_size_10_and_50(
    api_client, settings, django_assert_max_num_queries
):
    settings.API_RESPONSE_CACHE = False  # every request builds its body
    for case in rich_cases():
        for _ in range(15):
            CaseFactory(spread_from=case)
    api_client.get(CASES)  # counts the matches once for this data version
    counts = []
    for page_size in (10, 50):
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(CASES, {"page_size": page_size})
        assert len(response.json()["results"]) == page_size
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(8):  # page ids, rows, six lists
        api_client.get(CASES, {"page_size": 50, "page": 2})


def test_the_count_is_kept_per_data_version_viewer_and_filter(api_client, settings):
    settings.API_RESPONSE_CACHE = False
    for n in range(3):
        CaseFactory(track=Track.TRAENINGSBANE if n else Track.FIND_OG_FORSTOER)
    CaseFactory(visibility=Visibility.INTERN)
    assert api_client.get(CASES, {"page_size": 1}).json()["count"] == 3

    with CaptureQueriesContext(connection) as queries:
        next_page = api_client.get(CASES, {"page_size": 1, "page": 2, "ordering": "title"})
    assert next_page.json()["count"] == 3 and counts_in(queries) == 0

    with CaptureQueriesContext(connection) as queries:
        filtered = api_client.get(CASES, {"track": Track.TRAENINGSBANE})
    assert filtered.json()["count"] == 2 and counts_in(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        other = api_client.get(CASES, {"track": Track.FIND_OG_FORSTOER})
    # Every combination of the plain filters was counted with the first (projects.facets).
    assert other.json()["count"] == 1 and counts_in(queries) == 0

    api_client.force_login(consultant("376"))  # staff also see the internal case
    assert api_client.get(CASES, {"page_size": 1}).json()["count"] == 4
    api_client.logout()

    CaseFactory()  # a write makes a new data version: counted again
    assert api_client.get(CASES, {"page_size": 1}).json()["count"] == 4


def test_pages_of_cases_changed_in_the_same_instant_neither_repeat_nor_skip(api_client):
    made = [CaseFactory() for _ in range(7)]
    Case.objects.update(updated_at=timezone.now())
    seen = []
    for page in range(1, 8):
        seen += [
            case["slug"]
            for case in api_client.get(CASES, {"page_size": 1, "page": page}).json()["results"]
        ]
    assert sorted(seen) == sorted(case.slug for case in made)


def test_without_the_response_cache_every_request_reads_the_database(
    api_client, settings, django_assert_max_num_queries
):
    settings.API_RESPONSE_CACHE = False
    settings.API_ROW_CACHE = False  # nor the rows (tests/projects/test_row_cache.py)
    CaseFactory(title="Før")
    api_client.get(CASES)
    Case.objects.update(title="Efter")  # no signal: only a fresh read can see it
    assert api_client.get(CASES).json()["results"][0]["title"] == "Efter"


def test_a_search_answers_the_most_recently_changed_matches_up_to_the_limit(
    api_client, monkeypatch
):
    monkeypatch.setattr("projects.selectors.SEARCH_MATCH_LIMIT", 3)
    matching = [CaseFactory(title=f"Madklub i Gedser {n}") for n in range(5)]
    CaseFactory(title="Legeplads i byparken")
    for age, case in enumerate(matching):  # matching[0] is the most recently changed
        Case.objects.filter(pk=case.pk).update(
            updated_at=timezone.now() - datetime.timedelta(days=age)
        )
    body = api_client.get(CASES, {"q": "madklub"}).json()
    assert body["count"] == 3
    assert {case["slug"] for case in body["results"]} == {case.slug for case in matching[:3]}


def walk(api_client, params):
    """Every page of a cursor walk: (the slugs in order, the pages' bodies)."""
    response = api_client.get(CASES, {**params, "cursor": ""})
    slugs, bodies = [], []
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        bodies.append(body)
        slugs += [case["slug"] for case in body["results"]]
        if not body["next"]:
            return slugs, bodies
        response = api_client.get(body["next"])


def test_a_cursor_walks_every_case_once_newest_change_first(api_client):
    made = [CaseFactory() for _ in range(7)]
    now = timezone.now()
    for number, case in enumerate(made):  # three share a moment, the others a minute apart
        moment = now if number < 3 else now - datetime.timedelta(minutes=number)
        Case.objects.filter(pk=case.pk).update(updated_at=moment)
    CaseFactory(visibility=Visibility.INTERN)  # not for anonymous clients
    slugs, bodies = walk(api_client, {"page_size": 2})
    expected = list(
        Case.objects.filter(visibility=Visibility.OFFENTLIG).values_list("slug", flat=True)
    )
    assert slugs == expected  # the model's order: last changed first, ties by id
    assert len(bodies) == 4 and all("count" not in body for body in bodies)


def test_a_cursor_keeps_the_filters_and_walks_in_the_default_order(api_client):
    older = CaseFactory(title="Aaa madklub", track=Track.TRAENINGSBANE)
    newer = CaseFactory(title="Zzz madklub", track=Track.TRAENINGSBANE)
    CaseFactory(title="Madklub", track=Track.FIND_OG_FORSTOER)
    Case.objects.filter(pk=older.pk).update(updated_at=timezone.now() - datetime.timedelta(1))
    walked, _ = walk(api_client, {"track": Track.TRAENINGSBANE, "page_size": 1})
    assert walked == [newer.slug, older.slug]
    for params in ({"ordering": "title"}, {"page": 2}, {"q": "madklub"}):
        slugs, _ = walk(api_client, {**params, "track": Track.TRAENINGSBANE})
        assert slugs == walked, params
    assert api_client.get(CASES, {"cursor": "not-ours"}).status_code == 400


def test_a_case_journal_pages_by_number_and_ignores_a_cursor(api_client):
    case = CaseFactory()
    api_client.force_login(consultant("376"))
    response = api_client.get(f"{CASES}{case.slug}/journal/", {"cursor": ""})
    assert response.status_code == 200
    assert "count" in response.json()


def slugs_of(api_client, **params):
    response = api_client.get(CASES, params)
    assert response.status_code == 200, response.content
    return [case["slug"] for case in response.json()["results"]]


@pytest.mark.parametrize("viewer", ["anonymous", "consultant"])
def test_pages_read_from_their_anchors_are_the_pages_read_by_offset(api_client, settings, viewer):
    """A page served once keeps where it and the next page start (per data version): asked
    again, or followed by the next, it is read from there, and holds the same cases in the
    same order as the walk past every case before it, ties in updated_at included."""
    settings.API_RESPONSE_CACHE = False
    made = [CaseFactory() for _ in range(11)]
    now = timezone.now()
    for number, case in enumerate(made):  # pairs share a moment
        moment = now - datetime.timedelta(minutes=number // 2)
        Case.objects.filter(pk=case.pk).update(updated_at=moment)
    if viewer == "consultant":
        api_client.force_login(consultant("376"))
    expected = list(Case.objects.values_list("slug", flat=True))  # the model's order
    pages = [expected[start : start + 3] for start in range(0, len(expected), 3)]
    for number, page in enumerate(pages, start=1):  # by offset; each keeps its anchors
        assert slugs_of(api_client, page_size=3, page=number) == page
    with CaptureQueriesContext(connection) as queries:
        for number in (4, 2, 3, 1):  # from the anchors now
            assert slugs_of(api_client, page_size=3, page=number) == pages[number - 1]
    assert not any("OFFSET" in query["sql"] for query in queries.captured_queries)
    assert api_client.get(CASES, {"page_size": 3, "page": 5}).status_code == 404


def test_a_write_retires_the_anchors(api_client, settings):
    settings.API_RESPONSE_CACHE = False
    made = [CaseFactory() for _ in range(4)]
    assert slugs_of(api_client, page_size=2, page=2) == [made[1].slug, made[0].slug]
    newest = CaseFactory()  # a new data version: pages are walked anew
    assert slugs_of(api_client, page_size=2, page=2) == [made[2].slug, made[1].slug]
    assert slugs_of(api_client, page_size=2, page=1) == [newest.slug, made[3].slug]


def test_another_order_is_paged_by_offset(api_client, settings):
    settings.API_RESPONSE_CACHE = False
    made = sorted((CaseFactory() for _ in range(5)), key=lambda case: case.title)
    titles = [case.slug for case in made]
    for _ in range(2):  # a second walk finds no anchors of the default order to misuse
        for number in (1, 2, 3):
            page = slugs_of(api_client, page_size=2, page=number, ordering="title")
            assert page == titles[(number - 1) * 2 : number * 2]


def test_a_search_is_read_whole_once_and_paged_from_what_was_kept(api_client, settings):
    """A search answers its best matches only (SEARCH_MATCH_LIMIT): they are read in one
    query with their order, counted by their number and paged by slicing, so the next
    page and the same search again read no ids; a write retires them."""
    settings.API_RESPONSE_CACHE = False
    matching = [CaseFactory(title=f"Madklub i Gedser {n}") for n in range(5)]
    CaseFactory(title="Legeplads i byparken")
    first = api_client.get(CASES, {"q": "madklub", "page_size": 2}).json()
    assert first["count"] == 5
    with CaptureQueriesContext(connection) as queries:
        pages = [
            slugs_of(api_client, q="madklub", page_size=2, page=number) for number in (1, 2, 3)
        ]
    assert not any("madklub" in query["sql"].lower() for query in queries.captured_queries)
    assert pages[0] == [case["slug"] for case in first["results"]]
    assert sorted(sum(pages, [])) == sorted(case.slug for case in matching)
    assert api_client.get(CASES, {"q": "madklub", "page_size": 2, "page": 4}).status_code == 404
    by_title = slugs_of(api_client, q="madklub", ordering="-title", page_size=5)
    assert by_title == [case.slug for case in reversed(matching)]
    CaseFactory(title="Madklub i Nykøbing")  # a new data version: searched anew
    assert api_client.get(CASES, {"q": "madklub"}).json()["count"] == 6


def test_a_blank_search_pages_the_whole_list_as_usual(api_client, settings, monkeypatch):
    monkeypatch.setattr("projects.selectors.SEARCH_MATCH_LIMIT", 2)
    settings.API_RESPONSE_CACHE = False
    made = [CaseFactory() for _ in range(4)]
    body = api_client.get(CASES, {"q": " ", "page_size": 3, "page": 2}).json()
    assert body["count"] == 4 and [case["slug"] for case in body["results"]] == [made[0].slug]


def test_a_filter_by_kommunekode_reads_the_municipalities_once_per_version(api_client):
    from samskabelse.models import Municipality, Region

    case = CaseFactory()
    code = case.municipality.code
    api_client.get(CASES, {"municipality": code})
    with CaptureQueriesContext(connection) as queries:
        body = api_client.get(CASES, {"municipality": code, "page_size": 5}).json()
    assert [found["slug"] for found in body["results"]] == [case.slug]
    lookup = '"samskabelse_municipality"."code" ='
    assert not any(lookup in query["sql"] for query in queries.captured_queries)
    unknown = api_client.get(CASES, {"municipality": "998"})
    assert unknown.status_code == 400 and "998" in str(unknown.json())
    Municipality.objects.create(code="998", name="Ny Kommune", region=Region.choices[0][0])
    assert api_client.get(CASES, {"municipality": "998"}).json()["count"] == 0


def test_a_principle_added_after_a_filtered_list_can_be_filtered_by(api_client):
    """The filter forms share their fields between requests: no field keeps what it read."""
    refused = api_client.get(CASES, {"principle": "lyt-foerst"})
    assert refused.status_code == 400 and "principle" in refused.json()
    principle = PrincipleFactory(slug="lyt-foerst")
    case = CaseFactory()
    case.principles.add(principle)
    found = api_client.get(CASES, {"principle": "lyt-foerst"})
    assert found.status_code == 200
    assert [item["slug"] for item in found.json()["results"]] == [case.slug]
    assert api_client.get(CASES, {"principle": "andet"}).status_code == 400


def test_a_kept_search_is_not_built_again_and_a_cursor_walk_still_searches(
    api_client, settings, monkeypatch
):
    from projects import selectors

    settings.API_RESPONSE_CACHE = False
    matching = [CaseFactory(title=f"Madklub i Gedser {n}") for n in range(3)]
    CaseFactory(title="Legeplads i byparken")
    built = []
    search = selectors.search_cases
    monkeypatch.setattr(
        selectors, "search_cases", lambda *args: built.append(args[1]) or search(*args)
    )
    first = slugs_of(api_client, q="madklub", page_size=2)
    again = slugs_of(api_client, q="madklub", page_size=2)
    second_page = slugs_of(api_client, q="madklub", page_size=2, page=2)
    assert first == again and built == ["madklub"]
    assert sorted(first + second_page) == sorted(case.slug for case in matching)
    walked = api_client.get(CASES, {"q": "madklub", "cursor": "", "page_size": 5}).json()
    assert sorted(case["slug"] for case in walked["results"]) == sorted(c.slug for c in matching)
    assert "count" not in walked and built == ["madklub", "madklub"]
