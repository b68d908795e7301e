"""The people search is bounded work and sees cases through the viewer's eyes: one query
whatever the words, at most 8 words used, and a draft case's title finds no one for those
who may not see the draft."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import EventStatus, Speaker
from network.models import Tag
from network.people_selectors import MAX_SEARCH_WORDS, find_people
from projects.models import Visibility
from tests.factories import (
    CaseFactory,
    EventFactory,
    PersonFactory,
    TagFactory,
    UserFactory,
    api_token,
    consultant,
    municipality,
)
from tests.network.test_people import make_person

pytestmark = pytest.mark.django_db

PAGE = "/networks/people/"
API = "/api/v1/people/"
GULDBORGSUND, KOLDING = "376", "621"
TWENTY_WORDS = (
    "alfa bravo charlie delta ekko foxtrot golf hotel india juliet kilo lima mike "
    "november oscar papa quebec romeo sierra tango"
)


def names(response):
    assert response.status_code == 200, response.content
    return {person.name for person in response.context["people"]}


def api_names(response):
    assert response.status_code == 200, response.content
    return {item["name"] for item in response.json()["results"]}


def test_a_twenty_word_search_is_one_query_that_uses_only_the_first_eight_words(
    django_assert_num_queries,
):
    make_person(name="Alfa Bravo Charlie Delta", tags=[TagFactory(name="Ekko Foxtrot Golf Hotel")])

    # The people, their tags, their local areas.
    with CaptureQueriesContext(connection) as captured, django_assert_num_queries(3):
        found = list(find_people(user=None, q=TWENTY_WORDS))

    assert [person.name for person in found] == ["Alfa Bravo Charlie Delta"]
    people_query = captured.captured_queries[0]["sql"].lower()
    assert "hotel" in people_query and "india" not in people_query and "tango" not in people_query
    assert MAX_SEARCH_WORDS == 8


def test_the_page_answers_a_twenty_word_search_with_a_note_about_the_words_left_out(
    client, django_assert_max_num_queries
):
    PersonFactory(name="Alfa Bravo")

    with django_assert_max_num_queries(8):
        response = client.get(PAGE, {"q": TWENTY_WORDS})

    assert names(response) == set()
    notes = [str(message) for message in response.context["messages"]]
    assert notes == ["Søgningen bruger de første 8 ord; de øvrige 12 blev udeladt."]


def test_the_api_refuses_more_than_eight_words_with_a_400_that_says_so(api_client):
    api_client.force_login(consultant())

    response = api_client.get(API, {"q": TWENTY_WORDS})

    assert response.status_code == 400
    assert response.json()["q"] == ["Søg med højst 8 ord."]
    assert api_client.get(API, {"q": "alfa bravo"}).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="timing on PostgreSQL")
def test_a_twenty_word_search_over_many_people_stays_far_below_the_statement_timeout():
    role = TagFactory(name="Fælles-skaber", slug="faelles-skaber")
    cases = [CaseFactory(title=f"Sag om ab nummer {n}") for n in range(20)]
    for _ in range(150):
        make_person(tags=[role], cases=cases[:5])

    started = time.perf_counter()
    list(find_people(user=None, q=" ".join(["ab"] * 20))[:20])

    # Tens of milliseconds on a quiet machine; half the 5 s web limit leaves room for a busy CI.
    assert time.perf_counter() - started < 2.5


# --- Cases only through the viewer's eyes -------------------------------------------------


def draft_case_worker():
    draft = CaseFactory(
        title="Hemmelige Havevenner", visibility=Visibility.KLADDE, municipality=municipality()
    )
    make_person(name="Kirsten Kladde", cases=[draft])
    return draft


def test_a_visitor_cannot_find_who_works_on_a_draft_case_by_its_title(client, api_client):
    draft_case_worker()

    assert names(client.get(PAGE, {"q": "Havevenner"})) == set()
    assert names(client.get(PAGE, {"q": "Hemmelige"})) == set()


def test_staff_of_the_drafts_municipality_find_its_people_by_its_title_others_do_not(
    client, api_client
):
    draft_case_worker()
    client.force_login(consultant(KOLDING))
    assert names(client.get(PAGE, {"q": "Havevenner"})) == set()

    client.force_login(consultant(GULDBORGSUND))
    assert names(client.get(PAGE, {"q": "Havevenner"})) == {"Kirsten Kladde"}


def test_the_api_searches_case_titles_with_the_tokens_owners_eyes(api_client):
    draft_case_worker()
    own = api_token(consultant(GULDBORGSUND), scopes=["read"])[1]
    other = api_token(consultant(KOLDING), scopes=["read"])[1]

    def found(key):
        return api_names(
            api_client.get(API, {"q": "Havevenner"}, HTTP_AUTHORIZATION=f"Token {key}")
        )

    assert found(own) == {"Kirsten Kladde"}
    assert found(other) == set()


def test_an_internal_case_title_finds_its_people_for_staff_only(client):
    internal = CaseFactory(title="Intern Kaffeklub", visibility=Visibility.INTERN)
    make_person(name="Ingrid Intern", cases=[internal])

    assert names(client.get(PAGE, {"q": "Kaffeklub"})) == set()
    client.force_login(UserFactory())
    assert names(client.get(PAGE, {"q": "Kaffeklub"})) == set()
    client.force_login(consultant(KOLDING))
    assert names(client.get(PAGE, {"q": "Kaffeklub"})) == {"Ingrid Intern"}


# --- Words people use -----------------------------------------------------------------------


def test_faellesskaber_without_the_hyphen_finds_the_faelles_skabere(client):
    role = TagFactory(name="Fælles-skaber", slug="faelles-skaber", kind=Tag.Kind.ROLE)
    make_person(name="Gry Nørskov", title="Konsulent", tags=[role])
    PersonFactory(name="Ole Dam", title="Leder")

    assert names(client.get(PAGE, {"q": "fællesskaber"})) == {"Gry Nørskov"}
    assert names(client.get(PAGE, {"q": "fælles-skaber"})) == {"Gry Nørskov"}


def test_the_name_a_person_spoke_under_at_a_published_theme_day_finds_them(client):
    person = PersonFactory(name="L. R. Grove")
    hidden = PersonFactory(name="K. Kladde")
    published = EventFactory(status=EventStatus.OFFENTLIGGJORT)
    draft = EventFactory(status=EventStatus.KLADDE)
    Speaker.objects.create(
        event=published, name="Lotte Rømer Grove", person=person, talk_title="Et korps"
    )
    Speaker.objects.create(event=draft, name="Karen Kladde", person=hidden, talk_title="Hemmeligt")

    assert names(client.get(PAGE, {"q": "Lotte"})) == {"L. R. Grove"}
    assert names(client.get(PAGE, {"q": "Karen"})) == set()
