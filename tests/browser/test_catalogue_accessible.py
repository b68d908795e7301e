"""The catalogue's pages pass axe-core and the Nu HTML Checker in Chromium: the printable
catalogue (cover, contents, spreads), the builder with cases chosen and cases to add, and
the page while its PDF is built, whose status line follows the build to its link."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from projects.catalogue import selectors, services
from projects.catalogue.models import CataloguePdf, PdfStatus
from projects.models import Photo
from tests.browser.test_organiser_accessible import _log_in
from tests.browser.test_voices_accessible import municipalities  # noqa: F401 - autouse fixture
from tests.factories import CaseFactory, GripFactory, QuoteFactory, consultant
from tests.projects.test_media import PNG

pytestmark = pytest.mark.browser


def catalogue_with_everything(owner):
    cases = []
    for number, title in enumerate(("Fælleshaven i Nørreby", "Ældre og børn på Møn"), start=1):
        case = CaseFactory(title=title, step=number + 1, outside_in=True, flag_preprogrammed=True)
        QuoteFactory(case=case, speaker_name="Karen", name_consent_at=timezone.now())
        Photo.objects.create(
            case=case,
            image=SimpleUploadedFile("have.png", PNG),
            alt_text="Beboere planter kartofler",
            people_consent_at=timezone.now(),
        )
        case.grips.add(GripFactory(title=f"Spørg borgeren først {number}"))
        cases.append(case)
    return services.save_catalogue(
        user=owner,
        title="Medborgerskab i Aarhus",
        intro="Erfaringer, der kan inspirere.",
        case_ids=[case.pk for case in cases],
        is_public=True,
    )


def test_catalogue_page_has_no_axe_violations_and_valid_html(page, check_accessibility):
    catalogue = catalogue_with_everything(consultant())

    check_accessibility(page, catalogue.get_absolute_url())

    assert page.locator("article.catalogue-spread").count() == 2
    page.emulate_media(media="print")
    spread = page.locator("article.catalogue-spread").nth(1)
    assert spread.evaluate("element => getComputedStyle(element).breakBefore") == "page"
    assert page.locator(".site-header").is_hidden()


def test_catalogue_builder_has_no_axe_violations_and_valid_html(page, check_accessibility):
    owner = consultant()
    catalogue = catalogue_with_everything(owner)
    CaseFactory(title="Fodbold for alle")
    url = reverse("projects:catalogue:edit", args=[catalogue.pk])
    _log_in(page, owner, url)

    check_accessibility(page, url)

    assert page.locator("input[name=add]").count() == 1
    check_accessibility(page, reverse("projects:catalogue:create"))
    check_accessibility(page, reverse("projects:catalogue:list"))


def test_the_page_follows_the_pdf_build_to_its_link(page, check_accessibility):
    catalogue = catalogue_with_everything(consultant())
    case_ids = selectors.catalogue_case_ids(catalogue, None)
    pdf = CataloguePdf.objects.create(
        catalogue=catalogue,
        key=services.pdf_key(catalogue, case_ids),
        case_ids=case_ids,
        status=PdfStatus.BUILDING,
        cases_done=1,
        started_at=timezone.now(),
    )

    check_accessibility(page, catalogue.get_absolute_url())

    status = page.get_by_role("status").filter(has_text="PDF")
    assert "1 af 2 cases" in status.inner_text()
    CataloguePdf.objects.filter(pk=pdf.pk).update(status=PdfStatus.READY, cases_done=2)
    page.get_by_role("link", name="Hent PDF'en").wait_for(timeout=10_000)
    assert status.inner_text() == "PDF'en er klar."
