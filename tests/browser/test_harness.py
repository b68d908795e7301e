"""The accessibility harness itself: a broken page must fail both checks, with a useful message.

Without this, a harness that silently checked nothing (axe not injected, wrong rule tags, the
HTML checker answering with no messages) would keep every page test green.
"""

import pytest

pytestmark = pytest.mark.browser

BROKEN_PAGE = """<!DOCTYPE html>
<html>
<head><title>Broken on purpose</title></head>
<body>
<main>
<img src="data:,">
<p><div></span>
<a href="/somewhere"></a>
</main>
</body>
</html>
"""


def test_axe_check_fails_on_a_page_with_wcag_violations(page, check_accessibility):
    page.set_content(BROKEN_PAGE)

    with pytest.raises(AssertionError) as failure:
        check_accessibility.assert_no_axe_violations(page)

    message = str(failure.value)
    for rule in ("html-has-lang", "image-alt", "link-name"):
        assert rule in message
    assert "[critical]" in message
    assert "img" in message


def test_html_check_fails_on_invalid_markup_and_names_the_line(check_accessibility):
    with pytest.raises(AssertionError) as failure:
        check_accessibility.assert_valid_html(BROKEN_PAGE, "broken.html")

    message = str(failure.value)
    assert "Stray end tag" in message
    assert "line 7" in message
    assert "<p><div></span>" in message


def test_html_check_passes_valid_markup_with_only_warnings(check_accessibility):
    # No lang attribute is a warning ("info"), not an error: it must not fail the check.
    check_accessibility.assert_valid_html(
        "<!DOCTYPE html><html><head><title>Fine</title></head><body><p>Hej</p></body></html>",
        "fine.html",
    )
