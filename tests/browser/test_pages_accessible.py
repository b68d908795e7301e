"""Every public page passes axe-core (WCAG 2.1 A/AA) and the Nu HTML Checker in Chromium.

A new public page joins the gate by adding its path to PUBLIC_PAGES.
"""

import pytest

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    pytest.param("/", id="home"),
    pytest.param("/accessibility/", id="accessibility-statement"),
    pytest.param("/privacy/", id="privacy"),
    pytest.param("/accounts/login/", id="login"),
    pytest.param("/accounts/password-reset/", id="password-reset"),
    pytest.param("/cases/", id="cases"),
    pytest.param("/cases/toolbox/", id="toolbox"),
    pytest.param("/open-data/", id="open-data"),
    pytest.param("/events/", id="theme-days"),
    pytest.param("/networks/", id="networks"),
]

PHONE_WIDTH = 375

# The innermost elements that stick out past the right edge or whose content is wider than
# they are (a long word in a heading, say), to name in a failure.
_OVERFLOWING_ELEMENTS = """
(width) => {
  const overflows = (el) => el.getBoundingClientRect().right > width + 0.5
    || (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1);
  return Array.from(document.querySelectorAll('body *'))
    .filter((el) => overflows(el) && !Array.from(el.querySelectorAll('*')).some(overflows))
    .slice(0, 5)
    .map((el) => {
      const cls = (el.getAttribute('class') || '').trim();
      return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (cls ? '.' + cls.split(/\\s+/).join('.') : '')
        + ' "' + el.textContent.trim().slice(0, 40) + '"';
    });
}
"""


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_axe_violations_and_valid_html(page, check_accessibility, path):
    check_accessibility(page, path)


def test_home_page_switched_to_english_has_lang_en_and_no_axe_violations(page, check_accessibility):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "da"

    switcher = page.locator("form.language-switcher")
    switcher.get_by_label("Sprog").select_option("en")
    with page.expect_navigation() as navigation:
        switcher.locator("button[type=submit]").click()

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#language-select").input_value() == "en"
    assert page.get_by_role("navigation", name="Main menu").is_visible()
    check_accessibility.loaded(page, navigation.value)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_fits_a_375px_phone_without_horizontal_scroll(page, path):
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 812})
    page.goto(path, wait_until="load")

    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= PHONE_WIDTH, (
        f"{path} is {scroll_width} px wide on a {PHONE_WIDTH} px phone; too wide: "
        + ", ".join(page.evaluate(_OVERFLOWING_ELEMENTS, PHONE_WIDTH))
    )


# --- Case pages: they need data, and the live server's database starts empty ---------------


def _guldborgsund_case_with_everything():
    """A public case that fills every part of the case page, and a grip it uses. The
    municipality and role group are made if a previous live-server test flushed them."""
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from projects.models import CasePartner, PartnerRole, Step
    from samskabelse.models import Municipality, Region
    from samskabelse.roles import Role
    from tests.factories import (
        CaseFactory,
        GripFactory,
        OrganisationFactory,
        PrincipleFactory,
        QuoteFactory,
    )

    guldborgsund, _ = Municipality.objects.get_or_create(
        code="376", defaults={"name": "Guldborgsund Kommune", "region": Region.SJAELLAND}
    )
    Group.objects.get_or_create(name=Role.CONSULTANT)
    grip = GripFactory(title="Start med borgerens spørgsmål")
    origin = CaseFactory(title="Frivillige på Bakkehuset", municipality=guldborgsund)
    case = CaseFactory(
        title="Dialog med Horbelev",
        municipality=guldborgsund,
        outside_in=True,
        mobilisation=True,
        flag_preprogrammed=True,
        step=Step.AFFECTED_PARTIES,
        recipe_problem="Vejen var utryg.",
        outcomes="Borgerne passer selv bedene.",
        spread_from=origin,
    )
    case.grips.add(grip)
    origin.grips.add(grip)
    case.principles.add(PrincipleFactory(name="Tag udgangspunkt i borgerens liv"))
    CasePartner.objects.create(
        case=case, organisation=OrganisationFactory(), role=PartnerRole.FORENING
    )
    QuoteFactory(case=case, speaker_name="Lise", name_consent_at=timezone.now())
    return guldborgsund, case, grip


def test_case_page_and_grip_page_have_no_axe_violations_and_valid_html(
    page, check_accessibility, transactional_db
):
    _municipality, case, grip = _guldborgsund_case_with_everything()

    check_accessibility(page, case.get_absolute_url())
    check_accessibility(page, grip.get_absolute_url())
    check_accessibility(page, "/cases/")  # with the downloads of the listed cases
    check_accessibility(page, "/open-data/?municipality=376")

    page.set_viewport_size({"width": PHONE_WIDTH, "height": 812})
    page.goto(case.get_absolute_url(), wait_until="load")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE_WIDTH


def test_consultant_logs_in_and_the_case_form_and_case_page_pass(
    page, check_accessibility, transactional_db
):
    from samskabelse.roles import Role
    from tests.factories import TEST_PASSWORD, UserFactory

    guldborgsund, case, _grip = _guldborgsund_case_with_everything()
    user = UserFactory(municipality=guldborgsund, is_staff=True, roles=[Role.CONSULTANT])

    page.goto("/accounts/login/?next=/cases/new/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert page.url.endswith("/cases/new/")

    check_accessibility(page, "/cases/new/")
    # Logged in, the case page also shows the journal with its form and the history.
    check_accessibility(page, case.get_absolute_url())
    check_accessibility(page, f"/cases/{case.slug}/edit/")
    for addition in ("photos", "quotes", "partners"):
        check_accessibility(page, f"/cases/{case.slug}/{addition}/")
