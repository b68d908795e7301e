"""Find a colleague: the people search with results and a person's page pass axe-core and
the Nu HTML Checker in Chromium, for the public and for logged-in staff (who also see
contact details and the remove button)."""

import pytest
from django.urls import reverse

from network.models import Tag
from tests.browser.test_organiser_accessible import _log_in
from tests.browser.test_voices_accessible import municipalities  # noqa: F401 - autouse fixture
from tests.factories import (
    CaseFactory,
    LocalAreaFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    TagFactory,
    consultant,
    municipality,
)

pytestmark = pytest.mark.browser


def holbaek_faelles_skaber():
    """A fælles-skaber in Holbæk, contact for three local areas, with a case and a network;
    and two colleagues so the search lists several people."""
    role = TagFactory(name="Fælles-skaber", slug="faelles-skaber", kind=Tag.Kind.ROLE)
    expertise = TagFactory(name="Borgerinddragelse", slug="borger", kind=Tag.Kind.EXPERTISE)
    person = PersonFactory(
        name="Birgitte Holm",
        title="Fælles-skaber",
        organisation=OrganisationFactory(name="Holbæk Kommune"),
        bio="Kontaktperson for landsbyerne vest for Holbæk.",
    )
    person.tags.set([role, expertise])
    person.local_areas.set([LocalAreaFactory(name=name) for name in ("Tuse", "Svinninge")])
    person.cases.set(
        [CaseFactory(title="Holbæks fælles-skabere", municipality=municipality("316"))]
    )
    MembershipFactory(network=NetworkFactory(name="Landsbynetværket"), person=person)
    for name in ("Jonas Kragh", "Mette Bach"):
        PersonFactory(name=name).tags.set([role])
    return person


@pytest.mark.parametrize("logged_in", [False, True], ids=["public", "staff"])
def test_people_search_with_results_has_no_axe_violations_and_valid_html(
    page, check_accessibility, logged_in
):
    holbaek_faelles_skaber()
    path = reverse("network:people") + "?q=Holb%C3%A6k&role=faelles-skaber"
    if logged_in:
        _log_in(page, consultant(), reverse("network:people"))

    check_accessibility(page, path)

    assert page.locator(".person-card").count() == 3
    assert (page.locator("a[href^='mailto:']").count() > 0) is logged_in


@pytest.mark.parametrize("logged_in", [False, True], ids=["public", "staff"])
def test_person_page_has_no_axe_violations_and_valid_html(page, check_accessibility, logged_in):
    person = holbaek_faelles_skaber()
    path = person.get_absolute_url()
    if logged_in:
        _log_in(page, consultant(), path)

    check_accessibility(page, path)

    assert page.get_by_role("heading", level=1).inner_text() == "Birgitte Holm"
    if logged_in:
        check_accessibility(page, reverse("network:person_remove", args=[person.slug]))
