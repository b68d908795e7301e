"""The movement's join page (open, with form errors, and full with a waiting list), the
receipt and the coordinators' requests page pass axe-core and the Nu HTML Checker in
Chromium; the coordinator logs in through the real login form."""

import pytest

from tests.browser.test_organiser_accessible import _log_in

# Autouse: reloads the 98 municipalities (and role groups) an earlier flush emptied.
from tests.browser.test_voices_accessible import municipalities  # noqa: F401

pytestmark = pytest.mark.browser


def _movement_with_requests():
    from network import services
    from network.models import NetworkKind
    from tests.factories import NetworkFactory, coordinator

    user = coordinator()
    movement = NetworkFactory(
        name="Samskabelsesbevægelsen",
        slug="bevaegelsen",
        kind=NetworkKind.BEVAEGELSE,
        member_capacity=2,
        waitlist_enabled=True,
        how_to_join="Udfyld formularen, så vender en koordinator tilbage.",
    )
    movement.coordinators.add(user)
    for number, name in enumerate(["Søren Ærø", "Åse Østergaard", "Bo Holm"], start=1):
        services.request_membership(
            network=movement,
            name=name,
            email=f"person{number}@example.dk",
            consent=True,
            organisation="Holbæk Kommune",
            motivation="Jeg vil lære af andre.",
        )
    return user, movement


def test_join_page_and_receipt_have_no_axe_violations_and_valid_html(
    page, check_accessibility, transactional_db
):
    from network.models import NetworkKind
    from tests.factories import NetworkFactory

    open_network = NetworkFactory(
        slug="aaben", kind=NetworkKind.BEVAEGELSE, member_capacity=10, waitlist_enabled=True
    )
    check_accessibility(page, f"/networks/{open_network.slug}/join/")

    # A submitted form without consent shows its errors beside the fields.
    page.locator("input[name=name]").fill("Anna Holm")
    page.locator("input[name=email]").fill("anna@example.dk")
    with page.expect_navigation() as navigation:
        page.locator("form.event-form button[type=submit]").click()
    assert navigation.value.status == 400
    assert page.locator(".field--error").count() == 1
    check_accessibility.assert_no_axe_violations(page)
    check_accessibility.assert_valid_html(navigation.value.text(), page.url)

    page.locator("input[name=consent]").check()
    with page.expect_navigation():
        page.locator("form.event-form button[type=submit]").click()
    assert page.url.endswith(f"/networks/{open_network.slug}/join/received/")
    check_accessibility(page, f"/networks/{open_network.slug}/join/received/")

    _, full = _movement_with_requests()
    check_accessibility(page, f"/networks/{full.slug}/join/")


def test_coordinators_requests_page_has_no_axe_violations_and_valid_html(
    page, check_accessibility, transactional_db
):
    user, movement = _movement_with_requests()
    path = f"/networks/{movement.slug}/requests/"
    _log_in(page, user, path)

    check_accessibility(page, path)
    with page.expect_navigation():
        page.get_by_role("button", name="Søren Ærø").first.click()
    assert page.url.endswith(path)
    check_accessibility(page, path)
