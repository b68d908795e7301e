"""The network page, a meeting page and the experiment form pass axe-core and the Nu HTML
Checker in Chromium, with data on them; and a coordinator logs in, plans a meeting, writes
its minutes in Markdown and reads them rendered."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from network.models import Paradox, Perspective
from tests.browser.test_organiser_accessible import _log_in as log_in
from tests.browser.test_pages_accessible import (
    test_public_page_fits_a_375px_phone_without_horizontal_scroll as fits_a_phone,
)

# Autouse: reloads the 98 municipalities that an earlier live-server test's flush emptied.
from tests.browser.test_voices_accessible import municipalities  # noqa: F401
from tests.factories import (
    CaseFactory,
    ExperimentFactory,
    MeetingFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    consultant,
    coordinator,
    municipality,
)

pytestmark = pytest.mark.browser


def cok_network():
    """COK's network of Kolding, Ikast-Brande, Varde and Aalborg, with a meeting where the
    participants play ball with a politician, an experiment and a paradox."""
    network = NetworkFactory(
        name="Netværk for samskabelse", slug="cok-netvaerk", facilitator=OrganisationFactory()
    )
    for code in ("621", "756", "573", "851"):
        MembershipFactory(
            network=network,
            municipality=municipality(code),
            person=PersonFactory(municipality=municipality(code)),
        )
    meeting = MeetingFactory(
        network=network,
        title="Bold med politikerne",
        starts_at=timezone.now() - timedelta(days=7),
        agenda="1. Velkomst\n2. Vi spiller bold med en politiker",
        minutes="Vi aftalte:\n\n- at mødes igen\n- at **invitere** borgerne",
        is_public=True,
    )
    meeting.participants.add(PersonFactory(name="Ole Deltager"))
    MeetingFactory(network=network, title="Næste møde")
    ExperimentFactory(network=network, title="Politikerne med fra start", case=CaseFactory())
    Paradox.objects.create(
        network=network, meeting=meeting, title="Styring og tillid", description="…",
        perspective=Perspective.POLITIKER, is_public=True,
    )  # fmt: skip
    return network, meeting


def test_network_list_and_page_have_no_axe_violations_and_valid_html(page, check_accessibility):
    network, _ = cok_network()

    check_accessibility(page, reverse("network:index"))
    check_accessibility(page, network.get_absolute_url())


def test_network_and_meeting_pages_fit_a_375px_phone_without_horizontal_scroll(page):
    network, meeting = cok_network()

    fits_a_phone(page, network.get_absolute_url())
    fits_a_phone(page, meeting.get_absolute_url())


def test_meeting_page_for_a_member_has_no_axe_violations_and_valid_html(page, check_accessibility):
    network, meeting = cok_network()
    log_in(page, consultant("621"), network.get_absolute_url())

    check_accessibility(page, meeting.get_absolute_url())

    assert page.locator(".rendered-markdown li").count() == 4  # two on the agenda, two minutes


def test_experiment_form_with_and_without_errors_has_no_axe_violations_and_valid_html(
    page, check_accessibility
):
    network, _ = cok_network()
    log_in(page, consultant("621"), network.get_absolute_url())
    url = reverse("network:experiment_create", args=[network.slug])

    check_accessibility(page, url)
    with page.expect_navigation() as navigation:
        page.locator("main button[type=submit]").click()

    response = navigation.value
    assert response.status == 400
    check_accessibility.assert_no_axe_violations(page)
    check_accessibility.assert_valid_html(response.text(), page.url)
    assert page.locator(".field--error").count() == 2  # title and question


def test_coordinator_plans_a_meeting_writes_minutes_and_reads_them_rendered(
    page, check_accessibility
):
    network, _ = cok_network()
    user = coordinator()
    network.coordinators.add(user)
    log_in(page, user, network.get_absolute_url())

    with page.expect_navigation():
        page.get_by_role("link", name="Plan a meeting").or_(
            page.get_by_role("link", name="Planlæg et møde")
        ).click()
    check_accessibility.loaded(page, page.reload())
    yesterday = timezone.localtime() - timedelta(days=1)
    page.get_by_label("Title").or_(page.get_by_label("Titel")).fill("Netværksmøde i Varde")
    page.locator("input[name=starts_at]").fill(yesterday.strftime("%Y-%m-%dT10:00"))
    page.locator("input[name=place]").fill("Varde Rådhus")
    page.locator("textarea[name=agenda]").fill("1. Velkomst\n2. Mini-eksperimenter")
    page.locator("textarea[name=minutes]").fill(
        "Vi besluttede:\n\n- at prøve en *borgersamling*\n- at mødes i Aalborg"
    )
    with page.expect_navigation() as navigation:
        page.locator("main button[type=submit]").click()

    check_accessibility.loaded(page, navigation.value)
    minutes = page.locator("#minutes-heading + .rendered-markdown")
    assert minutes.locator("li").all_inner_texts() == [
        "at prøve en borgersamling",
        "at mødes i Aalborg",
    ]
    assert minutes.locator("em").inner_text() == "borgersamling"
