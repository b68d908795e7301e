"""Case addresses spell Danish letters out as events do, old addresses redirect for good,
and the story and opskriften are Markdown shown without anything that could run."""

import importlib

import pytest
from django.apps import apps as django_apps

from projects import services
from projects.models import CaseSlugRedirect, Visibility
from samskabelse.text import danish_slugify
from tests.factories import CaseFactory, consultant, municipality

pytestmark = pytest.mark.django_db

reslug_migration = importlib.import_module("projects.migrations.0004_reslug_danish_letters")


def test_danish_letters_are_spelt_out_in_addresses():
    assert danish_slugify("Fælleshaven i Nykøbing på Ærø") == "faelleshaven-i-nykoebing-paa-aeroe"


def test_events_and_cases_make_the_same_address_from_the_same_title():
    from events.organiser.services import unique_event_slug

    title = "Både store og små grønne øer"
    assert services.unique_slug(title) == unique_event_slug(title) == danish_slugify(title)


def test_a_new_case_gets_a_transliterated_address():
    case = services.create_case(
        user=consultant("376"),
        municipality=municipality("376"),
        title="Fælleshaven i Nykøbing",
        summary="En have for alle.",
        welfare_area="aeldre",
        track="find_og_forstoer",
    )
    assert case.slug == "faelleshaven-i-nykoebing"


def test_a_new_case_never_takes_an_address_another_case_had():
    other = CaseFactory(slug="faelleshaven")
    CaseSlugRedirect.objects.create(old_slug="faelleshaven-2", case=other)
    assert services.unique_slug("Fælleshaven") == "faelleshaven-3"


def test_existing_cases_are_reslugged_and_keep_their_old_address():
    case = CaseFactory(title="Fælleshaven i Nykøbing", slug="flleshaven-i-nykbing")
    untouched = CaseFactory(title="Grønt", slug="gront-fra-demo")
    plain = CaseFactory(title="Park og Vej", slug="park-og-vej")

    reslug_migration.reslug(django_apps, None)

    case.refresh_from_db()
    assert case.slug == "faelleshaven-i-nykoebing"
    assert CaseSlugRedirect.objects.get(old_slug="flleshaven-i-nykbing").case == case
    untouched.refresh_from_db()
    plain.refresh_from_db()
    assert plain.slug == "park-og-vej"
    assert untouched.slug == "groent"


@pytest.fixture
def renamed_case():
    case = CaseFactory(title="Fælleshaven", slug="faelleshaven")
    CaseSlugRedirect.objects.create(old_slug="flleshaven", case=case)
    return case


def test_the_old_case_address_redirects_permanently_to_the_new_one(client, renamed_case):
    response = client.get("/cases/flleshaven/")
    assert response.status_code == 301
    assert response["Location"] == "/cases/faelleshaven/"


def test_the_old_api_address_redirects_permanently_to_the_new_one(api_client, renamed_case):
    response = api_client.get("/api/v1/cases/flleshaven/")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/cases/faelleshaven/"


def test_an_old_address_of_a_draft_is_404_to_those_who_may_not_see_it(client, renamed_case):
    renamed_case.visibility = Visibility.KLADDE
    renamed_case.save()
    assert client.get("/cases/flleshaven/").status_code == 404
    client.force_login(consultant("101"))
    assert client.get("/cases/flleshaven/").status_code == 404
    client.force_login(consultant("376"))
    assert client.get("/cases/flleshaven/").status_code == 301


def test_story_and_opskriften_render_markdown_without_scripts_or_handlers(client):
    case = CaseFactory(
        story="**Frivillige** mødtes.\n\n<script>alert(1)</script>\n\n"
        '<a href="javascript:alert(1)" onclick="steal()">klik</a>',
        recipe_problem="- ensomhed\n- <img src=x onerror=alert(1)>",
    )
    page = client.get(case.get_absolute_url()).content.decode()
    assert "<strong>Frivillige</strong>" in page
    assert "**Frivillige**" not in page
    assert "<li>ensomhed</li>" in page
    assert "<script>alert" not in page
    assert "onclick" not in page and "onerror" not in page
    assert "javascript:" not in page
