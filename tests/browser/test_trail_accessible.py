"""The spreading trail passes axe-core and the Nu HTML Checker in Chromium: a case page with
a trail (a placeholder for a hidden case, the case itself highlighted), a case page without
one, and the municipality overview with the spreads that came in and went out."""

import datetime

import pytest
from django.urls import reverse

from projects.models import Visibility
from tests.browser.test_pages_accessible import (
    test_public_page_fits_a_375px_phone_without_horizontal_scroll as fits_a_phone,
)
from tests.browser.test_voices_accessible import municipalities  # noqa: F401 - autouse fixture
from tests.factories import CaseFactory, municipality

pytestmark = pytest.mark.browser

OVERVIEW = reverse("projects:overview", args=["376"])


def a_practice_that_travelled():
    """Bakkehuset → Æblehuset (Holbæk) → a draft elsewhere → Solgården; and a sister case."""
    origin = CaseFactory(
        title="Bakkehuset Plejecenter i Nykøbing Falster", start_date=datetime.date(2016, 9, 1)
    )
    case = CaseFactory(
        title="Æblehuset",
        spread_from=origin,
        municipality=municipality("316"),
        unit="Park og Vej",
        start_date=datetime.date(2017, 2, 1),
    )
    CaseFactory(title="Solgården", spread_from=origin, unit="")
    hidden = CaseFactory(
        spread_from=case, municipality=municipality("573"), visibility=Visibility.KLADDE
    )
    CaseFactory(title="Nordbyskolen", spread_from=hidden)
    return case


def test_case_page_with_a_trail_has_no_axe_violations_and_valid_html(page, check_accessibility):
    case = a_practice_that_travelled()

    check_accessibility(page, case.get_absolute_url())

    graph = page.locator("#spredningsspor svg.trail-graph[role=img]")
    assert graph.is_visible()
    assert graph.locator("g.trail-graph__node").count() == 5
    assert page.locator("#spredningsspor li.trail-list__item").count() == 5
    assert page.locator("#spredningsspor [aria-current=page]").inner_text() == "Æblehuset"


def test_case_page_without_a_trail_has_no_axe_violations_and_valid_html(page, check_accessibility):
    check_accessibility(page, CaseFactory().get_absolute_url())

    assert page.locator("#spredningsspor .trail__empty").is_visible()


def test_overview_with_spreads_in_and_out_has_no_axe_violations_and_valid_html(
    page, check_accessibility
):
    a_practice_that_travelled()

    check_accessibility(page, OVERVIEW)

    assert page.locator("#spredningsspor svg.trail-graph").is_visible()
    assert page.locator("#spredningsspor .spread-list li").count() == 2  # the draft cuts one


@pytest.mark.parametrize("where", ["case", "overview"])
def test_the_trail_fits_a_375px_phone_without_horizontal_scroll(page, where):
    case = a_practice_that_travelled()
    fits_a_phone(page, case.get_absolute_url() if where == "case" else OVERVIEW)
