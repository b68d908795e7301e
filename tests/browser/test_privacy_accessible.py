"""Mine data and the newsletter's unsubscribe pass axe-core and the Nu HTML Checker in
Chromium, and a citizen can go from the footer to erasing their data through the mailed
link."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import Registration, RegistrationStatus, Subscriber
from events.privacy.services import link_token
from tests.browser.test_events_accessible import theme_day
from tests.browser.test_pages_accessible import (
    test_public_page_fits_a_375px_phone_without_horizontal_scroll as fits_a_phone,
)

# Autouse: reloads the 98 municipalities that an earlier live-server test's flush emptied.
from tests.browser.test_voices_accessible import municipalities  # noqa: F401
from tests.events.test_pages import da
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.browser

EMAIL = "mette@guldborgsund.dk"


def citizen():
    """Mette with a seat on the Herlev date, a place on Aarhus' waiting list and the
    newsletter."""
    _, herlev, aarhus, _ = theme_day()
    RegistrationFactory(occurrence=herlev, email=EMAIL, name="Mette Hansen", needs="Vegetar")
    RegistrationFactory(
        occurrence=aarhus, email=EMAIL, name="Mette Hansen", status=RegistrationStatus.WAITLISTED
    )
    Subscriber.objects.create(email=EMAIL, consent_version="2026-11", confirmed_at=timezone.now())


def test_my_data_request_page_has_no_axe_violations_and_valid_html(page, check_accessibility):
    check_accessibility(page, reverse("events:my_data_request"))


def test_my_data_page_has_no_axe_violations_and_valid_html(page, check_accessibility):
    citizen()

    check_accessibility(page, reverse("events:my_data", args=[link_token(EMAIL)]))

    assert page.locator("article.card").count() == 2


def test_my_data_erase_confirmation_has_no_axe_violations_and_valid_html(page, check_accessibility):
    citizen()

    check_accessibility(page, reverse("events:my_data_erase", args=[link_token(EMAIL)]))


def test_my_data_page_fits_a_375px_phone_without_horizontal_scroll(page):
    citizen()

    fits_a_phone(page, reverse("events:my_data", args=[link_token(EMAIL)]))


def test_newsletter_unsubscribe_pages_have_no_axe_violations_and_valid_html(
    page, check_accessibility
):
    subscriber = Subscriber.objects.create(
        email=EMAIL, consent_version="2026-11", confirmed_at=timezone.now()
    )
    check_accessibility(page, reverse("events:newsletter_unsubscribe", args=[subscriber.token]))

    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").click()

    check_accessibility.loaded(page, navigation.value)
    assert page.locator("h1").inner_text() == da("You are unsubscribed")
    assert not Subscriber.objects.exists()


def test_citizen_finds_my_data_in_the_footer_and_erases_it_through_the_mailed_link(
    page, check_accessibility
):
    citizen()
    mail.outbox.clear()

    page.goto(reverse("home"))
    page.locator("footer").get_by_role("link", name=da("My data")).click()
    page.get_by_label(da("Email")).fill(EMAIL)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=da("Send me a link")).click()

    check_accessibility.loaded(page, navigation.value)
    (message,) = mail.outbox
    my_data_path = re.search(r"/events/my-data/[^/\s]+/", message.body).group(0)
    check_accessibility(page, my_data_path)
    assert "Vegetar" in page.locator("main").inner_text()

    page.get_by_role("link", name=da("Erase my data")).click()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=da("Yes, erase my data")).click()

    check_accessibility.loaded(page, navigation.value)
    assert da("Your data are erased.") in page.locator("main").inner_text()
    assert not Registration.objects.filter(email=EMAIL).exists()
    assert not Subscriber.objects.filter(email=EMAIL).exists()
