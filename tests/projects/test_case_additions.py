"""A consultant adds quotes and partners to a case from its page."""

import pytest

from projects.models import CasePartner, Quote, Visibility
from samskabelse.models import Organisation, OrganisationKind
from tests.factories import CaseFactory, OrganisationFactory, consultant

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return CaseFactory(visibility=Visibility.OFFENTLIG)


def test_consultant_adds_a_quote_that_shows_on_the_case_page(client, case):
    client.force_login(consultant("376"))
    response = client.post(
        f"/cases/{case.slug}/quotes/",
        {"text": "Vi fik naboerne til at mødes", "speaker_role": "beboer, Horbelev"},
    )
    assert response.status_code == 302 and response.url.endswith("#quotes")
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Vi fik naboerne til at mødes" in page and "beboer, Horbelev" in page


def test_a_quoted_name_needs_the_speakers_consent(client, case):
    client.force_login(consultant("376"))
    form = {"text": "Det gav mening", "speaker_role": "formand", "speaker_name": "Lene Hansen"}
    response = client.post(f"/cases/{case.slug}/quotes/", form)
    assert response.status_code == 400
    assert "kun, når den citerede har givet lov" in response.content.decode()
    assert not Quote.objects.exists()
    client.post(f"/cases/{case.slug}/quotes/", {**form, "name_consent": "on"})
    quote = Quote.objects.get()
    assert quote.public_name == "Lene Hansen" and quote.name_consent_at is not None


def test_quote_without_a_role_is_refused_with_a_danish_message(client, case):
    client.force_login(consultant("376"))
    response = client.post(f"/cases/{case.slug}/quotes/", {"text": "Hej"})
    assert response.status_code == 400
    assert "en rolle er påkrævet" in response.content.decode()


def test_consultant_adds_a_new_organisation_as_partner(client, case):
    client.force_login(consultant("376"))
    response = client.post(
        f"/cases/{case.slug}/partners/",
        {"organisation_name": "Horbelev  Borgerforening", "kind": "forening", "role": "forening"},
    )
    assert response.status_code == 302
    partner = CasePartner.objects.get(case=case)
    assert partner.organisation.name == "Horbelev Borgerforening"
    assert partner.organisation.kind == OrganisationKind.FORENING


def test_a_known_organisation_is_reused_and_cannot_be_added_twice(client, case):
    known = OrganisationFactory(name="Ældre Sagen", kind=OrganisationKind.FRIVILLIGORGANISATION)
    client.force_login(consultant("376"))
    form = {"organisation_name": "ældre sagen", "kind": "forening", "role": "frivillige"}
    client.post(f"/cases/{case.slug}/partners/", form)
    assert CasePartner.objects.get(case=case).organisation == known
    response = client.post(f"/cases/{case.slug}/partners/", form)
    assert response.status_code == 400
    assert "er allerede partner" in response.content.decode()
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Ældre Sagen"]


@pytest.mark.parametrize("path", ["quotes", "partners", "photos"])
def test_only_consultants_of_the_municipality_may_add(client, case, path):
    client.force_login(consultant("101"))
    assert client.get(f"/cases/{case.slug}/{path}/").status_code == 403
    client.logout()
    assert client.get(f"/cases/{case.slug}/{path}/").status_code == 302  # to the login page
