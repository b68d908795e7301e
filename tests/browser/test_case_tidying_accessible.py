"""The pages that keep a case tidy (edit, delete, attach a file) pass axe-core and the Nu
HTML checker, and a failed submit puts the error summary first, with focus on it."""

import io

import pytest

from tests.browser.test_pages_accessible import _guldborgsund_case_with_everything

pytestmark = pytest.mark.browser


def _log_in(page, user):
    from tests.factories import TEST_PASSWORD

    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def test_edit_delete_and_attach_pages_pass_axe_and_the_nu_checker(
    page, check_accessibility, transactional_db, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from projects import services
    from samskabelse.roles import Role
    from tests.factories import JournalEntryFactory, UserFactory

    settings.MEDIA_ROOT = tmp_path
    guldborgsund, case, _grip = _guldborgsund_case_with_everything()
    user = UserFactory(municipality=guldborgsund, is_staff=True, roles=[Role.CONSULTANT])
    entry = JournalEntryFactory(case=case, author=user)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format="PNG")
    photo = services.add_photo(
        user=user, case=case, image=SimpleUploadedFile("have.png", buffer.getvalue()),
        alt_text="Haven i foråret", caption="Maj",
    )  # fmt: skip
    pdf = b"%PDF-1.4\n%%EOF\n"
    services.add_attachment(
        user=user, case=case, file=SimpleUploadedFile("Referat.pdf", pdf), journal_entry=entry
    )
    services.add_attachment(user=user, case=case, file=SimpleUploadedFile("Plan.pdf", pdf))
    quote = case.quotes.get()
    partner = case.case_partners.get()
    attachment = case.attachments.filter(journal_entry__isnull=True).get()

    _log_in(page, user)
    check_accessibility(page, case.get_absolute_url())
    check_accessibility(page, f"/cases/{case.slug}/attachments/")
    for kind, pk in (
        ("journal", entry.pk),
        ("quote", quote.pk),
        ("partner", partner.pk),
        ("photo", photo.pk),
    ):
        check_accessibility(page, f"/cases/{case.slug}/{kind}/{pk}/edit/")
        check_accessibility(page, f"/cases/{case.slug}/{kind}/{pk}/delete/")
    check_accessibility(page, f"/cases/{case.slug}/attachment/{attachment.pk}/delete/")


def test_a_failed_submit_focuses_the_error_summary_that_links_to_the_field(
    page, check_accessibility, transactional_db
):
    from samskabelse.roles import Role
    from tests.factories import UserFactory

    guldborgsund, case, _grip = _guldborgsund_case_with_everything()
    user = UserFactory(municipality=guldborgsund, is_staff=True, roles=[Role.CONSULTANT])
    _log_in(page, user)

    page.goto(f"/cases/{case.slug}/quotes/")
    page.locator("#id_text").fill("Nu kender vi naboerne.")
    with page.expect_navigation() as navigation:
        page.locator("main button[type=submit]").click()
    assert navigation.value.status == 400
    check_accessibility.assert_no_axe_violations(page)
    check_accessibility.assert_valid_html(navigation.value.text(), page.url)

    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    page.wait_for_function("() => document.activeElement.matches('[data-error-summary]')")
    summary.locator("a[href='#id_speaker_role']").click()
    assert page.evaluate("() => document.activeElement.id") == "id_speaker_role"
