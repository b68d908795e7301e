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
