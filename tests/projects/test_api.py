"""The cases API: the same visibility and editing rules as the pages, for every role."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drf_spectacular.validation import validate_schema

from projects import services
from projects.models import (
    Case,
    CasePartner,
    CaseRevision,
    CaseStatus,
    JournalEntry,
    JournalKind,
    Photo,
    Track,
    Visibility,
    VoiceStatus,
    WelfareArea,
)
from tests.factories import (
    CaseFactory,
    CitizenVoiceFactory,
    GripFactory,
    JournalEntryFactory,
    OrganisationFactory,
    PrincipleFactory,
    QuoteFactory,
    UserFactory,
    VoiceThemeFactory,
    admin_user,
    api_token,
    consultant,
    municipality,
)

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"


def auth(key):
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def detail(case):
    return f"{CASES}{case.slug}/"


def journal(case):
    return f"{CASES}{case.slug}/journal/"


@pytest.fixture
def cases():
    """One case of each visibility in Guldborgsund (376), and a draft in Holbæk (316)."""
    return {
        "public": CaseFactory(visibility=Visibility.OFFENTLIG),
        "internal": CaseFactory(visibility=Visibility.INTERN),
        "draft": CaseFactory(visibility=Visibility.KLADDE),
        "draft elsewhere": CaseFactory(
            visibility=Visibility.KLADDE, municipality=municipality("316")
        ),
    }


def login_as(api_client, role):
    """Authenticate `api_client` as `role`; returns the headers to send with each request.
    Both tokens belong to a consultant of Guldborgsund (376)."""
    if role == "anonymous":
        return {}
    if role == "consultant of the municipality":
        api_client.force_login(consultant("376"))
    elif role == "consultant elsewhere":
        api_client.force_login(consultant("101"))
    elif role == "admin":
        api_client.force_login(admin_user())
    elif role == "token with read":
        return auth(api_token(consultant("376"), scopes=["read"])[1])
    elif role == "token without read":
        return auth(api_token(consultant("376"), scopes=["write:cases"])[1])
    return {}


VISIBLE_TO = {
    "anonymous": {"public"},
    "consultant of the municipality": {"public", "internal", "draft"},
    "consultant elsewhere": {"public", "internal"},
    "admin": {"public", "internal", "draft", "draft elsewhere"},
    "token with read": {"public", "internal", "draft"},
    "token without read": {"public"},
}


# --- visibility ----------------------------------------------------------------------


@pytest.mark.parametrize("role", VISIBLE_TO)
def test_case_list_shows_each_role_exactly_the_cases_it_may_see(api_client, cases, role):
    headers = login_as(api_client, role)
    body = api_client.get(CASES, **headers).json()
    slugs = {row["slug"] for row in body["results"]}
    assert slugs == {cases[name].slug for name in VISIBLE_TO[role]}
    assert body["count"] == len(VISIBLE_TO[role])


@pytest.mark.parametrize("role", VISIBLE_TO)
def test_case_detail_is_404_for_cases_the_role_may_not_see(api_client, cases, role):
    headers = login_as(api_client, role)
    for name, case in cases.items():
        expected = 200 if name in VISIBLE_TO[role] else 404
        assert api_client.get(detail(case), **headers).status_code == expected, name


def test_case_detail_has_the_documented_shape(api_client):
    grip = GripFactory()
    origin = CaseFactory(title="Bakkehuset")
    case = CaseFactory(spread_from=origin, step=2, outside_in=True, flag_preprogrammed=True)
    case.principles.add(PrincipleFactory(slug="udefra-ind"))
    case.grips.add(grip)
    CasePartner.objects.create(
        case=case, organisation=OrganisationFactory(name="Ældre Sagen"), role="frivillige"
    )
    Photo.objects.create(case=case, image="cases/2026/kaffe.jpg", alt_text="Kaffe", caption="K")
    body = api_client.get(detail(case), HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["url"] == f"http://testserver/cases/{case.slug}/"
    assert body["municipality"] == {"kommunekode": "376", "name": "Guldborgsund Kommune"}
    assert body["track"] == "find_og_forstoer" and body["track_display"] == "Find og forstør"
    assert body["welfare_area_display"] == "Older people"
    assert body["assessment"] == {
        "criteria": {
            "outside_in": True,
            "mobilisation": False,
            "innovation": False,
            "cross_disciplinary": False,
        },
        "red_flags": {"finished_solution": False, "preprogrammed": True, "cost_cutting": False},
    }
    assert body["step"] == 2
    assert body["principles"] == ["udefra-ind"]
    assert body["grips"] == [grip.slug]
    assert body["partners"] == [
        {"organisation": "Ældre Sagen", "role": "frivillige", "role_display": "Volunteers"}
    ]
    assert body["photos"] == [
        {"url": "http://testserver/media/cases/2026/kaffe.jpg", "alt_text": "Kaffe", "caption": "K"}
    ]
    assert body["spread_from"] == origin.slug
    assert api_client.get(detail(origin)).json()["spread_to"] == [case.slug]


def test_labels_follow_the_requested_language(api_client):
    case = CaseFactory()
    assert api_client.get(detail(case)).json()["welfare_area_display"] == "Ældre"
    english = api_client.get(detail(case), HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["welfare_area_display"] == "Older people"


def test_spread_links_to_cases_the_client_may_not_see_are_left_out(api_client):
    draft = CaseFactory(visibility=Visibility.KLADDE)
    public = CaseFactory(spread_from=draft)
    CaseFactory(visibility=Visibility.KLADDE, spread_from=public)
    body = api_client.get(detail(public)).json()
    assert body["spread_from"] is None
    assert body["spread_to"] == []


def test_quoted_speakers_are_named_only_with_consent(api_client):
    case = CaseFactory()
    QuoteFactory(case=case, speaker_name="Jens Hansen")
    QuoteFactory(case=case, speaker_name="Inger Madsen", name_consent_at=timezone.now())
    quotes = api_client.get(detail(case)).json()["quotes"]
    assert [quote["speaker_name"] for quote in quotes] == [None, "Inger Madsen"]
    assert "Jens Hansen" not in api_client.get(detail(case)).content.decode()


def test_html_in_text_fields_is_returned_as_text_not_markup(api_client):
    case = CaseFactory(summary='<script>alert("x")</script><b>fed</b>')
    response = api_client.get(detail(case))
    assert response["Content-Type"] == "application/json"
    assert response.json()["summary"] == '<script>alert("x")</script><b>fed</b>'


# --- writes --------------------------------------------------------------------------


def new_case(**overrides):
    return {
        "title": "Kaffe med naboerne",
        "summary": "Frivillige inviterer ensomme ældre på kaffe.",
        "municipality": "376",
        "welfare_area": WelfareArea.AELDRE,
        "track": Track.TRAENINGSBANE,
        "assessment": {"criteria": {"outside_in": True}, "red_flags": {"cost_cutting": False}},
        "recipe": {"problem": "Ensomhed"},
        **overrides,
    }


def test_token_with_write_cases_creates_a_case_as_its_consultant(api_client):
    author = consultant("376")
    PrincipleFactory(slug="mobilisering")
    _token, key = api_token(author, scopes=["write:cases"])
    response = api_client.post(CASES, new_case(principles=["mobilisering"]), **auth(key))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["visibility"] == Visibility.KLADDE
    assert body["assessment"]["criteria"]["outside_in"] is True
    assert body["recipe"]["problem"] == "Ensomhed"
    assert body["principles"] == ["mobilisering"]
    assert response["Location"] == f"http://testserver{CASES}{body['slug']}/"
    case = Case.objects.get(slug=body["slug"])
    assert list(case.consultants.all()) == [author]
    assert case.created_by == author and case.outside_in


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 401),
        ("token with read", 403),
        ("token without read", 201),  # it has write:cases
        ("consultant of the municipality", 201),
        ("consultant elsewhere", 403),
        ("admin", 201),
    ],
)
def test_creating_a_case_needs_the_scope_and_the_right_to_edit_it(api_client, role, expected):
    headers = login_as(api_client, role)
    response = api_client.post(CASES, new_case(), **headers)
    assert response.status_code == expected
    assert Case.objects.exists() == (expected == 201)


def test_a_logged_in_citizen_cannot_create_a_case(api_client):
    api_client.force_login(UserFactory())
    assert api_client.post(CASES, new_case()).status_code == 403


def test_invalid_case_input_is_a_400_with_field_errors(api_client):
    api_client.force_login(consultant("376"))
    response = api_client.post(
        CASES, new_case(title="", municipality="999", track="ukendt"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"title", "municipality", "track"}


def test_end_date_before_start_date_is_a_400(api_client):
    api_client.force_login(consultant("376"))
    response = api_client.post(
        CASES, new_case(start_date="2026-03-01", end_date="2026-02-01"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "end date" in str(response.json())


@pytest.mark.parametrize(
    ("role", "case_name", "expected"),
    [
        ("anonymous", "public", 401),
        ("token with read", "public", 403),
        ("token without read", "draft", 200),  # write:cases acts as its consultant
        ("consultant of the municipality", "draft", 200),
        ("consultant elsewhere", "public", 403),
        ("consultant elsewhere", "internal", 403),
        ("consultant elsewhere", "draft", 404),
        ("admin", "draft elsewhere", 200),
    ],
)
def test_changing_a_case_follows_the_editing_rules(api_client, cases, role, case_name, expected):
    headers = login_as(api_client, role)
    case = cases[case_name]
    response = api_client.patch(detail(case), {"title": "Nyt navn"}, **headers)
    assert response.status_code == expected
    case.refresh_from_db()
    assert (case.title == "Nyt navn") == (expected == 200)


def test_a_change_through_the_api_is_recorded_in_the_history(api_client):
    editor = consultant("376")
    case = CaseFactory()
    api_client.force_login(editor)
    response = api_client.patch(
        detail(case),
        {"status": CaseStatus.AFSLUTTET, "assessment": {"criteria": {"innovation": True}}},
    )
    assert response.status_code == 200
    assert response.json()["status"] == CaseStatus.AFSLUTTET
    assert response.json()["assessment"]["criteria"]["innovation"] is True
    revision = CaseRevision.objects.get(case=case)
    assert revision.changed_by == editor
    assert set(revision.changed_fields) == {"status", "innovation"}


def test_a_case_cannot_be_moved_to_another_municipality(api_client):
    case = CaseFactory()
    api_client.force_login(consultant("376"))
    response = api_client.patch(detail(case), {"municipality": "316"})
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_put_and_delete_are_not_offered(api_client):
    case = CaseFactory()
    api_client.force_login(admin_user())
    assert api_client.put(detail(case), new_case()).status_code == 405
    assert api_client.delete(detail(case)).status_code == 405


# --- journal -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 401),
        ("token without read", 403),
        ("token with read", 200),
        ("consultant elsewhere", 200),
        ("consultant of the municipality", 200),
    ],
)
def test_journal_is_shown_only_to_staff_and_read_tokens(api_client, role, expected):
    entry = JournalEntryFactory(case=CaseFactory(visibility=Visibility.OFFENTLIG))
    headers = login_as(api_client, role)
    response = api_client.get(journal(entry.case), **headers)
    assert response.status_code == expected
    assert (entry.text in response.content.decode()) == (expected == 200)


def test_a_read_token_of_a_user_who_is_not_staff_reads_no_journal_like_their_session(
    api_client,
):
    entry = JournalEntryFactory(case=CaseFactory(visibility=Visibility.OFFENTLIG))
    user = UserFactory()
    token = auth(api_token(user, scopes=["read", "write:cases"])[1])

    by_token = api_client.get(journal(entry.case), **token)
    api_client.force_login(user)
    by_session = api_client.get(journal(entry.case))

    assert (by_token.status_code, by_session.status_code) == (403, 403)
    assert entry.text not in by_token.content.decode()


def test_journal_of_a_draft_elsewhere_is_404(api_client):
    case = CaseFactory(visibility=Visibility.KLADDE, municipality=municipality("316"))
    api_client.force_login(consultant("376"))
    assert api_client.get(journal(case)).status_code == 404


def test_public_case_never_carries_its_journal(api_client):
    entry = JournalEntryFactory()
    assert entry.text not in api_client.get(detail(entry.case)).content.decode()
    assert entry.text not in api_client.get(CASES).content.decode()


ENTRY = {"date": "2026-11-20", "kind": JournalKind.WORKSHOP, "text": "Workshop med skolen."}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 401),
        ("token with read", 403),
        ("token without read", 201),  # it has write:cases
        ("consultant of the municipality", 201),
        ("consultant elsewhere", 403),
    ],
)
def test_writing_in_the_journal_needs_the_scope_and_the_right_to_edit(api_client, role, expected):
    case = CaseFactory(visibility=Visibility.INTERN)
    headers = login_as(api_client, role)
    response = api_client.post(journal(case), ENTRY, **headers)
    assert response.status_code == expected
    assert JournalEntry.objects.filter(case=case).exists() == (expected == 201)
    if expected == 201:
        assert response.json()["kind"] == JournalKind.WORKSHOP


def test_journal_entry_without_text_is_a_400(api_client):
    api_client.force_login(consultant("376"))
    response = api_client.post(journal(CaseFactory()), {**ENTRY, "text": ""})
    assert response.status_code == 400 and "text" in response.json()


# --- filters and ordering --------------------------------------------------------------


def slugs(response):
    assert response.status_code == 200, response.json()
    return [row["slug"] for row in response.json()["results"]]


def test_cases_filter_by_kommunekode_track_welfare_area_and_status(api_client):
    here = CaseFactory(track=Track.FACILITERING)
    elsewhere = CaseFactory(municipality=municipality("316"), welfare_area=WelfareArea.SUNDHED)
    paused = CaseFactory(status=CaseStatus.SAT_PAA_PAUSE)
    assert set(slugs(api_client.get(CASES, {"municipality": "376"}))) == {here.slug, paused.slug}
    assert slugs(api_client.get(CASES, {"municipality": "316"})) == [elsewhere.slug]
    assert slugs(api_client.get(CASES, {"track": "facilitering"})) == [here.slug]
    assert slugs(api_client.get(CASES, {"welfare_area": "sundhed"})) == [elsewhere.slug]
    assert slugs(api_client.get(CASES, {"status": "sat_paa_pause"})) == [paused.slug]


def test_cases_filter_by_principle_slug(api_client):
    principle = PrincipleFactory(slug="frivillighed")
    follows = CaseFactory()
    follows.principles.add(principle, PrincipleFactory())
    CaseFactory()
    assert slugs(api_client.get(CASES, {"principle": "frivillighed"})) == [follows.slug]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"municipality": "999"}, "municipality", "999"),
        ({"principle": "findes-ikke"}, "principle", "findes-ikke"),
        ({"updated_since": "i går"}, "updated_since", "ISO 8601"),
        ({"updated_since": "2026-13-45"}, "updated_since", "ISO 8601"),
        ({"track": "ukendt"}, "track", "valid choice"),
    ],
)
def test_unknown_filter_values_are_a_400_that_says_why(api_client, params, field, message):
    response = api_client.get(CASES, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in response.json()[field][0]


def published_case(**fields):
    """A public case written through the service, so PostgreSQL has its search document."""
    return services.create_case(
        user=consultant("376"),
        municipality=municipality("376"),
        summary="En case.",
        welfare_area=WelfareArea.BOERN_OG_UNGE,
        track=Track.FIND_OG_FORSTOER,
        visibility=Visibility.OFFENTLIG,
        **fields,
    )


def test_search_finds_a_case_by_a_word_in_its_story(api_client):
    found = published_case(title="Skolehaven", story="Eleverne byggede en baghave med naboerne.")
    published_case(title="Kaffeklubben")
    assert slugs(api_client.get(CASES, {"q": "baghave"})) == [found.slug]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Danish stemming needs PostgreSQL; SQLite uses the substring fallback",
)
def test_search_finds_another_danish_word_form_and_keeps_the_etag_cheap(api_client):
    found = published_case(title="Frivillig hjælp på plejecentret")
    published_case(title="Kaffeklubben")
    response = api_client.get(CASES, {"q": "frivillige"})
    assert slugs(response) == [found.slug]
    again = api_client.get(CASES, {"q": "frivillige"}, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_search_never_reveals_cases_the_client_may_not_see(api_client):
    CaseFactory(visibility=Visibility.INTERN, title="Hemmelig baghave")
    assert slugs(api_client.get(CASES, {"q": "baghave"})) == []


@pytest.mark.parametrize("since", ["2026-06-01", "2026-06-01T00:00:00+02:00", "2026-06-01 00:00"])
def test_updated_since_takes_a_date_or_a_date_time(api_client, since):
    old, new = CaseFactory(), CaseFactory()
    Case.objects.filter(pk=old.pk).update(
        updated_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    Case.objects.filter(pk=new.pk).update(
        updated_at=datetime.datetime(2026, 7, 1, tzinfo=datetime.UTC)
    )
    assert slugs(api_client.get(CASES, {"updated_since": since})) == [new.slug]


def test_cases_order_by_title_start_date_and_last_change(api_client):
    bravo = CaseFactory(title="Bravo", start_date=datetime.date(2026, 1, 1))
    alfa = CaseFactory(title="Alfa", start_date=datetime.date(2026, 5, 1))
    assert slugs(api_client.get(CASES, {"ordering": "title"})) == [alfa.slug, bravo.slug]
    assert slugs(api_client.get(CASES, {"ordering": "-start_date"})) == [alfa.slug, bravo.slug]
    assert slugs(api_client.get(CASES)) == [alfa.slug, bravo.slug]  # newest change first


# --- conditional GET -------------------------------------------------------------------


def test_case_list_answers_304_for_a_current_etag_without_serialising(
    api_client, django_assert_num_queries
):
    case = CaseFactory()
    first = api_client.get(CASES, {"track": case.track})
    etag = first["ETag"]
    assert etag.startswith('W/"')
    with django_assert_num_queries(0):  # the ETag is built from the cached data version
        again = api_client.get(CASES, {"track": case.track}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    other_query = api_client.get(
        CASES, {"track": case.track, "page_size": 5}, HTTP_IF_NONE_MATCH=etag
    )
    assert other_query.status_code == 200


def test_case_list_etag_changes_when_a_case_changes(api_client):
    case = CaseFactory()
    etag = api_client.get(CASES)["ETag"]
    services.update_case(user=admin_user(), case=case, title="Nyt navn")
    response = api_client.get(CASES, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
    assert response.json()["results"][0]["title"] == "Nyt navn"


def test_a_repeated_list_is_served_from_the_cache_until_something_changes(
    api_client, django_assert_num_queries
):
    case = CaseFactory()
    api_client.get(CASES)
    with django_assert_num_queries(0):
        cached = api_client.get(CASES)
    assert cached.json()["results"][0]["title"] == case.title
    QuoteFactory(case=case, text="Nu med et nyt citat")
    fresh = api_client.get(CASES)
    assert fresh.json()["results"][0]["quotes"][0]["text"] == "Nu med et nyt citat"


def test_the_cache_never_shows_one_viewer_what_only_another_may_see(api_client, client):
    draft = CaseFactory(visibility=Visibility.KLADDE)
    client.force_login(consultant("376"))
    assert [row["slug"] for row in client.get(CASES).json()["results"]] == [draft.slug]
    assert api_client.get(CASES).json()["results"] == []
    assert api_client.get(detail(draft)).status_code == 404


def test_case_list_etag_differs_between_viewers(api_client):
    CaseFactory()
    anonymous_etag = api_client.get(CASES)["ETag"]
    headers = login_as(api_client, "token with read")
    assert api_client.get(CASES, HTTP_IF_NONE_MATCH=anonymous_etag, **headers).status_code == 200


def test_case_detail_answers_304_to_if_none_match_and_if_modified_since(
    api_client, django_assert_num_queries
):
    case = CaseFactory()
    first = api_client.get(detail(case))
    assert first["Last-Modified"] and first["ETag"]
    with django_assert_num_queries(0):
        by_etag = api_client.get(detail(case), HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_etag.status_code == 304 and by_etag["ETag"] == first["ETag"]
    assert "Authorization" in by_etag["Vary"] and "Accept-Language" in first["Vary"]
    by_date = api_client.get(detail(case), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304


def test_case_detail_is_sent_again_after_an_update(api_client):
    case = CaseFactory()
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now() - datetime.timedelta(days=1))
    first = api_client.get(detail(case))
    services.update_case(user=admin_user(), case=Case.objects.get(pk=case.pk), title="Nyt")
    by_etag = api_client.get(detail(case), HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = api_client.get(detail(case), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_etag.status_code == 200 and by_etag.json()["title"] == "Nyt"
    assert by_date.status_code == 200


# --- query counts ----------------------------------------------------------------------


def fill_cases(count):
    """Cases with everything the list shows: partners, quotes, photos, principles, spread."""
    principle, grip = PrincipleFactory(), GripFactory()
    origin = CaseFactory()
    for n in range(count):
        case = CaseFactory(spread_from=origin)
        case.principles.add(principle)
        case.grips.add(grip)
        for _ in range(2):
            CasePartner.objects.create(
                case=case, organisation=OrganisationFactory(), role="forening"
            )
            QuoteFactory(case=case, name_consent_at=timezone.now(), speaker_name=f"Navn {n}")
            Photo.objects.create(case=case, image=f"cases/2026/{n}.jpg", alt_text="Et foto")


@pytest.mark.parametrize("role", ["anonymous", "token with read", "consultant elsewhere"])
def test_case_list_uses_the_same_number_of_queries_at_any_page_size(api_client, role):
    fill_cases(30)
    headers = login_as(api_client, role)
    api_client.get(CASES, **headers)  # the token's first use records last_used_at
    counts = []
    for page_size in (10, 200):
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(CASES, {"page_size": page_size}, **headers)
        assert len(response.json()["results"]) == min(page_size, 31)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 11


def test_case_list_page_size_10_and_200_stay_within_the_same_bound(
    api_client, django_assert_max_num_queries
):
    fill_cases(25)
    for page_size in (10, 200):
        with django_assert_max_num_queries(10):
            api_client.get(CASES, {"page_size": page_size})


# --- grips and citizen voices ----------------------------------------------------------


def test_grips_list_only_the_cases_the_client_may_see(api_client):
    grip = GripFactory(good_questions="Hvad er vigtigt for dig?\n\nHvem kan hjælpe?")
    public, draft = CaseFactory(), CaseFactory(visibility=Visibility.KLADDE)
    grip.cases.add(public, draft)
    body = api_client.get(f"/api/v1/grips/{grip.slug}/").json()
    assert body["cases"] == [public.slug]
    assert body["good_questions"] == ["Hvad er vigtigt for dig?", "Hvem kan hjælpe?"]
    api_client.force_login(consultant("376"))
    listed = api_client.get("/api/v1/grips/").json()["results"]
    assert set(listed[0]["cases"]) == {public.slug, draft.slug}


def test_voices_are_approved_only_and_carry_no_personal_data(api_client):
    theme = VoiceThemeFactory(slug="aktivt-medborgerskab")
    approved = CitizenVoiceFactory(text="Fællesskab i landsbyen", status=VoiceStatus.APPROVED)
    approved.themes.add(theme)
    CitizenVoiceFactory(text="Venter", status=VoiceStatus.PENDING)
    CitizenVoiceFactory(text="Afvist", status=VoiceStatus.REJECTED)
    response = api_client.get("/api/v1/voices/")
    results = response.json()["results"]
    assert [row["text"] for row in results] == ["Fællesskab i landsbyen"]
    assert set(results[0]) == {"text", "role", "themes"}
    assert results[0]["themes"] == ["aktivt-medborgerskab"]
    assert "consent" not in response.content.decode()
    assert "2026-11" not in response.content.decode()  # neither consent version nor time


def test_voices_filter_by_theme(api_client):
    theme = VoiceThemeFactory()
    tagged = CitizenVoiceFactory(text="Med tema", status=VoiceStatus.APPROVED)
    tagged.themes.add(theme)
    CitizenVoiceFactory(text="Uden tema", status=VoiceStatus.APPROVED)
    response = api_client.get("/api/v1/voices/", {"theme": theme.slug})
    assert [row["text"] for row in response.json()["results"]] == ["Med tema"]
    assert api_client.get("/api/v1/voices/", {"theme": "ukendt"}).status_code == 400


def test_voice_themes_count_approved_voices_only(api_client):
    theme = VoiceThemeFactory(name="Spirende baghave", slug="spirende-baghave")
    for status in (VoiceStatus.APPROVED, VoiceStatus.APPROVED, VoiceStatus.PENDING):
        CitizenVoiceFactory(status=status).themes.add(theme)
    body = api_client.get("/api/v1/voices/themes/").json()
    assert body == [
        {
            "slug": "spirende-baghave",
            "name": "Spirende baghave",
            "description": "",
            "voice_count": 2,
        }
    ]


# --- schema ------------------------------------------------------------------------------


def test_openapi_schema_documents_the_cases_api_and_stays_valid(api_client):
    schema = api_client.get("/api/v1/schema/", {"format": "json"}).json()
    validate_schema(schema)
    for path in (
        "/api/v1/cases/",
        "/api/v1/cases/{slug}/",
        "/api/v1/cases/{slug}/journal/",
        "/api/v1/grips/",
        "/api/v1/grips/{slug}/",
        "/api/v1/voices/",
        "/api/v1/voices/themes/",
    ):
        assert path in schema["paths"], path
    assert set(schema["paths"]["/api/v1/cases/{slug}/"]) == {"get", "patch", "parameters"} or set(
        schema["paths"]["/api/v1/cases/{slug}/"]
    ) == {"get", "patch"}
    parameters = {p["name"] for p in schema["paths"]["/api/v1/cases/"]["get"]["parameters"]}
    assert {"municipality", "track", "welfare_area", "status", "principle", "q"} <= parameters
    assert {"updated_since", "ordering", "page", "page_size"} <= parameters


def test_browsers_get_the_browsable_api_from_the_same_cached_data(client):
    case = CaseFactory()
    client.get(CASES, {"format": "json"})
    response = client.get(CASES, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert case.title in response.content.decode()
