"""Borgernes Stemmer and the municipality overview pass axe-core and the Nu HTML Checker in
Chromium, with data on them, and fit a phone."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from projects.models import AreaPopulation, LocalArea, Track, Visibility, WelfareArea
from projects.services import moderate_voice, submit_voice
from tests.browser.test_pages_accessible import (
    test_public_page_fits_a_375px_phone_without_horizontal_scroll as fits_a_phone,
)
from tests.factories import CaseFactory, VoiceThemeFactory, consultant, municipality

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def municipalities(transactional_db):
    """The live server needs committed data, and an earlier live-server test's flush has
    emptied the tables the data migration filled: load the 98 municipalities (and the role
    groups) again, the way that migration does."""
    migration = importlib.import_module("samskabelse.migrations.0002_load_municipalities_and_roles")
    migration.load(django_apps, None)


def approved_voices_with_themes():
    staff = consultant()
    together = VoiceThemeFactory(name="Aktivt medborgerskab", slug="aktivt-medborgerskab")
    garden = VoiceThemeFactory(name="Spirende baghave", slug="spirende-baghave")
    texts = [
        ("Flere bænke ved åen, så de ældre kan gå en tur.", [together, garden]),
        ("En fælles køkkenhave bag skolen.\nDen kunne børnene passe.", [garden]),
        ("<b>Vi</b> vil gerne selv være med til at bestemme.", [together]),
        ("Et sted at mødes om aftenen.", []),
    ]
    for text, themes in texts:
        voice = submit_voice(text=text, consent=True, role="forælder", age_group="30-49")
        moderate_voice(user=staff, voice=voice, approve=True, themes=themes)


def local_areas_with_voices():
    """Two local areas with inhabitants; voices from one, so the other is missing, one age
    group thin and one count hidden."""
    staff = consultant()
    nysted = LocalArea.objects.create(municipality=municipality("376"), name="Nysted")
    gedser = LocalArea.objects.create(municipality=municipality("376"), name="Gedser")
    for area in (nysted, gedser):
        for age_group, inhabitants in [("18-29", 400), ("30-49", 600), ("67+", 900)]:
            AreaPopulation.objects.create(
                local_area=area, age_group=age_group, inhabitants=inhabitants
            )
    for age_group, count in [("67+", 9), ("30-49", 6), ("18-29", 2)]:
        for _ in range(count):
            voice = submit_voice(
                text="Flere bænke.", consent=True, age_group=age_group, local_area=nysted
            )
            moderate_voice(user=staff, voice=voice, approve=True)


def cases_that_spread():
    origin = CaseFactory(title="Bakkehuset Plejecenter", step=2)
    CaseFactory(title="Æblehuset", spread_from=origin, welfare_area=WelfareArea.KULTUR_OG_FRITID)
    CaseFactory(
        title="Holbæks fælles-skabere",
        spread_from=origin,
        municipality=municipality("316"),
        track=Track.FACILITERING,
    )
    CaseFactory(title="Sundskolen", track=Track.TRAENINGSBANE, step=4)
    CaseFactory(title="Kladde", visibility=Visibility.KLADDE)


def test_voice_form_has_no_axe_violations_and_valid_html(page, check_accessibility):
    check_accessibility(page, reverse("projects:voice_form"))


def test_voice_form_with_errors_has_no_axe_violations_and_valid_html(page, check_accessibility):
    page.goto(reverse("projects:voice_form"))
    with page.expect_navigation() as navigation:
        page.locator("form.voice-form button[type=submit]").click()

    check_accessibility.loaded(page, navigation.value)
    assert page.locator(".field--error").count() == 2  # the text and the consent


def test_voice_receipt_has_no_axe_violations_and_valid_html(page, check_accessibility):
    check_accessibility(page, reverse("projects:voice_thanks"))


def test_empty_pattern_page_has_no_axe_violations_and_valid_html(page, check_accessibility):
    check_accessibility(page, reverse("projects:voices"))


def test_pattern_page_with_voices_has_no_axe_violations_and_valid_html(page, check_accessibility):
    approved_voices_with_themes()

    check_accessibility(page, reverse("projects:voices"))

    assert page.locator("svg.chart[role=img]").is_visible()


def test_voice_form_with_local_areas_has_no_axe_violations_and_valid_html(
    page, check_accessibility
):
    local_areas_with_voices()

    check_accessibility(page, reverse("projects:voice_form"))

    assert page.locator("fieldset.voice-form__about-you select").count() == 2


def test_pattern_page_with_missing_voices_has_no_axe_violations_and_valid_html(
    page, check_accessibility
):
    local_areas_with_voices()

    check_accessibility(page, reverse("projects:voices"))

    assert page.locator("table.voice-gaps__table caption").count() == 2
    assert page.locator(".voice-gaps__row--missing").count() >= 1


def test_overview_with_cases_and_spread_has_no_axe_violations_and_valid_html(
    page, check_accessibility
):
    cases_that_spread()

    check_accessibility(page, reverse("projects:overview", args=["376"]))

    assert page.locator("svg.chart").count() == 3


@pytest.mark.parametrize("name", ["voice_form", "voices", "overview"])
def test_voice_pages_fit_a_375px_phone_without_horizontal_scroll(page, name):
    approved_voices_with_themes()
    local_areas_with_voices()
    cases_that_spread()
    path = reverse(f"projects:{name}", args=["376"] if name == "overview" else [])
    fits_a_phone(page, path)
