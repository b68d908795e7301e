"""Mit overblik and the municipality overview pass axe-core and the Nu HTML Checker in
Chromium: the start page with every block filled and with every block empty, and the
overview with its charts drawn once and their numbers behind a disclosure."""

import pytest
from django.urls import reverse
from django.utils import timezone

from network.models import MembershipRequest
from projects.models import Visibility
from tests.browser.test_organiser_accessible import _log_in
from tests.browser.test_voices_accessible import municipalities  # noqa: F401 - autouse fixture
from tests.factories import (
    CaseFactory,
    CitizenVoiceFactory,
    NetworkFactory,
    OccurrenceFactory,
    RegistrationFactory,
    admin_user,
    consultant,
    municipality,
)

pytestmark = pytest.mark.browser


def everything_waiting_for(user):
    for title, visibility in (("Fælleshaven", Visibility.OFFENTLIG), ("Legepladsen", "kladde")):
        CaseFactory(title=title, visibility=visibility).consultants.add(user)
    CitizenVoiceFactory(municipality=user.municipality)
    network = NetworkFactory(name="Fælles inspiration til samskabelse")
    network.coordinators.add(user)
    MembershipRequest.objects.create(
        network=network,
        name="Varde Kommune",
        email="samskabelse@varde.dk",
        municipality=municipality("573"),
        consent_at=timezone.now(),
    )
    occurrence = OccurrenceFactory(capacity=40)
    occurrence.event.managers.add(user)
    RegistrationFactory.create_batch(3, occurrence=occurrence)


def test_start_page_with_every_block_filled_has_no_axe_violations_and_valid_html(
    page, check_accessibility
):
    user = admin_user(municipality=municipality("376"))
    everything_waiting_for(user)
    _log_in(page, user, reverse("my_overview"))

    check_accessibility(page, reverse("my_overview"))

    assert page.locator(".overview-block").count() == 5
    assert page.get_by_text("3 af 40 pladser optaget").count() == 1


def test_empty_start_page_has_no_axe_violations_and_valid_html(page, check_accessibility):
    _log_in(page, consultant(), reverse("my_overview"))

    check_accessibility(page, reverse("my_overview"))

    assert page.locator(".overview-empty").count() == 5


def test_municipality_overview_has_no_axe_violations_and_valid_html(page, check_accessibility):
    CaseFactory(municipality=municipality("101"), visibility=Visibility.OFFENTLIG)

    check_accessibility(page, reverse("projects:overview", args=["101"]))

    assert page.locator("svg.chart").count() == 3
    assert page.locator("details.chart-numbers").count() == 3
