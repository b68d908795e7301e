"""Theme-day pages pass axe-core and the Nu HTML Checker in Chromium, with data on them, and
fit a phone; and a citizen can go from the list to a receipt and cancel through the link."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from events.models import Registration, RegistrationStatus, Subscriber
from samskabelse.models import Organisation, OrganisationKind
from tests.browser.test_pages_accessible import (
    test_public_page_fits_a_375px_phone_without_horizontal_scroll as fits_a_phone,
)

# Autouse: reloads the 98 municipalities that an earlier live-server test's flush emptied.
from tests.browser.test_voices_accessible import municipalities  # noqa: F401
from tests.events.test_pages import da
from tests.factories import CaseFactory, EventFactory, OccurrenceFactory, RegistrationFactory

pytestmark = pytest.mark.browser


def theme_day():
    """The COK/KL theme day with two dates (one with a waiting list), speakers and hosts,
    and an online think tank that is fully booked."""
    event = EventFactory(
        title="Samskabelse: Playmakeren og Fælles-skaberen",
        slug="playmakeren-og-faelles-skaberen",
        price=0,
    )
    cok = Organisation.objects.create(name="COK", kind=OrganisationKind.UDDANNELSE)
    kl = Organisation.objects.create(name="KL", kind=OrganisationKind.STAT)
    event.organisers.add(cok, kl)
    event.hosts.add(cok)
    case = CaseFactory(title="Bakkehuset Plejecenter")
    event.speakers.create(
        name="Anne Playmaker", role="playmaker, Skanderborg", talk_title="Playmakeren", case=case
    )
    event.speakers.create(name="Bo Fælles-skaber", talk_title="Fælles-skaberen i Holbæk")
    herlev = OccurrenceFactory(event=event)
    aarhus = OccurrenceFactory(
        event=event,
        venue="Aarhus Rådhus",
        address="Rådhuspladsen 2, 8000 Aarhus C",
        city="Aarhus",
        capacity=1,
    )
    RegistrationFactory(occurrence=aarhus)
    think_tank = OccurrenceFactory(
        event__title="Online tænketank",
        event__kind="online_taenketank",
        event__price=250,
        venue="",
        address="",
        city="",
        online_url="https://meet.example/taenketank",
        capacity=1,
        waitlist_enabled=False,
    )
    RegistrationFactory(occurrence=think_tank)
    return event, herlev, aarhus, think_tank


def test_event_list_has_no_axe_violations_and_valid_html(page, check_accessibility):
    theme_day()

    check_accessibility(page, reverse("events:index"))

    assert page.locator(".event-card").count() == 2


def test_filtered_empty_event_list_has_no_axe_violations_and_valid_html(page, check_accessibility):
    theme_day()

    check_accessibility(page, reverse("events:index") + "?has_seats=on&kind=kursus")


def test_event_page_has_no_axe_violations_and_valid_html(page, check_accessibility):
    event, *_ = theme_day()

    check_accessibility(page, event.get_absolute_url())

    assert page.locator("form.event-form").count() == 2


def test_event_page_with_errors_has_no_axe_violations_and_valid_html(page, check_accessibility):
    event, herlev, *_ = theme_day()
    page.goto(event.get_absolute_url())
    with page.expect_navigation() as navigation:
        page.locator(f"#occurrence-{herlev.pk} form button[type=submit]").click()

    response = navigation.value
    assert response.status == 400  # the form is shown again, so loaded() (200 only) is not used
    check_accessibility.assert_no_axe_violations(page)
    check_accessibility.assert_valid_html(response.text(), page.url)
    assert page.locator(".field--error").count() == 3  # name, email and consent


def test_receipt_for_the_waiting_list_has_no_axe_violations_and_valid_html(
    page, check_accessibility
):
    _, _, aarhus, _ = theme_day()
    registration = RegistrationFactory(occurrence=aarhus, status=RegistrationStatus.WAITLISTED)

    check_accessibility(page, reverse("events:receipt", args=[registration.manage_token]))


def test_manage_page_with_online_link_has_no_axe_violations_and_valid_html(
    page, check_accessibility
):
    *_, think_tank = theme_day()
    registration = think_tank.registrations.get()

    check_accessibility(page, registration.get_absolute_url())

    assert page.locator(".online-link a").get_attribute("href") == think_tank.online_url


def test_newsletter_page_has_no_axe_violations_and_valid_html(page, check_accessibility):
    check_accessibility(page, reverse("events:newsletter"))


def test_newsletter_confirmed_page_has_no_axe_violations_and_valid_html(page, check_accessibility):
    subscriber = Subscriber.objects.create(email="mette@guldborgsund.dk", consent_version="2026-11")

    check_accessibility(page, reverse("events:newsletter_confirm", args=[subscriber.token]))

    assert page.locator(".retention-note").is_visible()


@pytest.mark.parametrize("name", ["index", "event", "manage", "change_details", "cancel"])
def test_theme_day_pages_fit_a_375px_phone_without_horizontal_scroll(page, name):
    event, herlev, *_ = theme_day()
    registration = RegistrationFactory(occurrence=herlev)
    token = registration.manage_token
    path = {
        "index": reverse("events:index"),
        "event": event.get_absolute_url(),
        "manage": registration.get_absolute_url(),
        "change_details": reverse("events:change_details", args=[token]),
        "cancel": reverse("events:cancel", args=[token]),
    }[name]
    fits_a_phone(page, path)


def test_citizen_registers_from_the_list_and_cancels_through_the_link_in_the_mail(
    page, check_accessibility
):
    event, herlev, *_ = theme_day()
    mail.outbox.clear()

    page.goto(reverse("events:index"))
    page.get_by_role("link", name=event.title).click()
    prefix = f"#id_occurrence-{herlev.pk}-"
    page.locator(prefix + "name").fill("Mette Hansen")
    page.locator(prefix + "email").fill("mette@guldborgsund.dk")
    page.locator(prefix + "municipality").select_option("376")
    page.locator(prefix + "consent").check()
    with page.expect_navigation() as navigation:
        page.locator(f"#occurrence-{herlev.pk} form button[type=submit]").click()

    check_accessibility.loaded(page, navigation.value)
    assert page.locator("h1").inner_text() == da("You are registered")
    registration = Registration.objects.get(email="mette@guldborgsund.dk")
    assert registration.status == RegistrationStatus.CONFIRMED

    # Celery is eager and the live server runs in this process: the mail is in the outbox.
    (confirmation,) = [message for message in mail.outbox if message.to == [registration.email]]
    manage_path = re.search(r"/events/manage/[\w-]+/", confirmation.body).group(0)
    assert manage_path == reverse("events:manage", args=[registration.manage_token])
    check_accessibility(page, manage_path)

    with page.expect_navigation() as navigation:
        page.get_by_role("link", name=da("Cancel your registration")).click()

    check_accessibility.loaded(page, navigation.value)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED  # only asked, not cancelled
    with page.expect_navigation() as navigation:
        page.locator("form button[type=submit]", has_text=da("Yes, cancel my registration")).click()

    check_accessibility.loaded(page, navigation.value)
    assert da("Your registration is cancelled.") in page.locator("main").inner_text()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    # The Aarhus date is full, so only registering again for Herlev is offered.
    with page.expect_navigation():
        page.get_by_role("link", name=da("Register again for this date")).click()
    page.locator(prefix + "name").fill("Mette Hansen")
    page.locator(prefix + "email").fill("mette@guldborgsund.dk")
    page.locator(prefix + "consent").check()
    with page.expect_navigation() as navigation:
        page.locator(f"#occurrence-{herlev.pk} form button[type=submit]").click()

    check_accessibility.loaded(page, navigation.value)
    assert page.locator("h1").inner_text() == da("You are registered")
    assert Registration.objects.filter(email="mette@guldborgsund.dk").count() == 2


def test_cancel_confirmation_page_has_no_axe_violations_and_valid_html(page, check_accessibility):
    _, _, aarhus, _ = theme_day()
    registration = RegistrationFactory(occurrence=aarhus, status=RegistrationStatus.WAITLISTED)

    check_accessibility(page, reverse("events:cancel", args=[registration.manage_token]))

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.WAITLISTED


def test_cancelled_manage_page_with_other_dates_has_no_axe_violations_and_valid_html(
    page, check_accessibility
):
    event, herlev, aarhus, _ = theme_day()
    OccurrenceFactory(event=event, city="Odense", venue="Odense Rådhus")
    registration = RegistrationFactory(occurrence=herlev, status=RegistrationStatus.CANCELLED)

    check_accessibility(page, registration.get_absolute_url())

    assert page.locator(".other-dates li").count() == 1  # Odense; Aarhus is full


def test_change_details_page_has_no_axe_violations_and_valid_html(page, check_accessibility):
    _, herlev, *_ = theme_day()
    registration = RegistrationFactory(occurrence=herlev, name="Mette Hansen")

    check_accessibility(page, reverse("events:change_details", args=[registration.manage_token]))

    assert page.locator("#id_name").input_value() == "Mette Hansen"
    assert not page.locator("label", has_text=":").count()


def test_change_details_errors_are_summarised_at_the_top_and_the_summary_takes_focus(
    page, check_accessibility
):
    _, herlev, *_ = theme_day()
    registration = RegistrationFactory(occurrence=herlev)
    page.goto(reverse("events:change_details", args=[registration.manage_token]))
    page.locator("#id_name").fill("")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=da("Save your details")).click()

    response = navigation.value
    assert response.status == 400
    check_accessibility.assert_no_axe_violations(page)
    check_accessibility.assert_valid_html(response.text(), page.url)
    summary = page.locator("[data-error-summary]")
    page.wait_for_function("document.activeElement.hasAttribute('data-error-summary')")
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_name"


def test_event_page_errors_are_summarised_and_link_to_the_fields(page):
    event, herlev, *_ = theme_day()
    page.goto(event.get_absolute_url())
    with page.expect_navigation():
        page.locator(f"#occurrence-{herlev.pk} form button[type=submit]").click()

    summary = page.locator(f"#occurrence-{herlev.pk} [data-error-summary]")
    assert summary.get_by_role("link").count() == 3  # name, email and consent
    page.wait_for_function("document.activeElement.hasAttribute('data-error-summary')")
    summary.get_by_role("link").nth(1).click()
    assert page.evaluate("document.activeElement.id") == f"id_occurrence-{herlev.pk}-email"


def a_group(occurrence):
    registrant = RegistrationFactory(occurrence=occurrence, name="Mette Hansen")
    colleague = RegistrationFactory(
        occurrence=occurrence, name="Kollega Jensen", registered_by=registrant
    )
    return registrant, colleague


@pytest.mark.parametrize("whose", ["registrant", "colleague"])
def test_manage_page_of_a_group_has_no_axe_violations_and_valid_html(
    page, check_accessibility, whose
):
    _, herlev, *_ = theme_day()
    registrant, colleague = a_group(herlev)
    registration = registrant if whose == "registrant" else colleague

    check_accessibility(page, registration.get_absolute_url())
    check_accessibility(page, reverse("events:receipt", args=[registration.manage_token]))


def test_colleague_rows_shown_again_with_errors_have_no_axe_violations_and_valid_html(
    page, check_accessibility
):
    event, herlev, *_ = theme_day()
    page.goto(event.get_absolute_url())
    page.locator(f"#occurrence-{herlev.pk} summary").click()
    prefix = f"#id_occurrence-{herlev.pk}-"
    page.locator(prefix + "colleague_1_name").fill("Kollega Jensen")
    with page.expect_navigation() as navigation:
        page.locator(f"#occurrence-{herlev.pk} button[type=submit]").click()
    response = navigation.value
    check_accessibility.assert_no_axe_violations(page)
    check_accessibility.assert_valid_html(response.text(), page.url)
    assert page.locator(".colleagues[open]").count() == 1


def test_a_receipt_saying_the_quota_placed_them_has_no_axe_violations_and_valid_html(
    page, check_accessibility
):
    from samskabelse.models import Municipality

    event, herlev, *_ = theme_day()
    herlev.quota_scope, herlev.quota_per_unit, herlev.quota_release_days_before = (
        "municipality",
        1,
        14,
    )
    herlev.save()
    registration = RegistrationFactory(
        occurrence=herlev,
        status=RegistrationStatus.WAITLISTED,
        waitlist_reason="quota",
        municipality=Municipality.objects.get(code="376"),
    )

    check_accessibility(page, reverse("events:receipt", args=[registration.manage_token]))
    assert page.locator(".waitlist-reason").count() == 1
    check_accessibility(page, event.get_absolute_url())  # the municipality is now required
