"""A partner, quote or photo written anywhere (the ORM, the admin, a service), and a change
to a case's grips from either side, moves its case's updated_at, so `?updated_since=` and
Last-Modified see it (projects/signals.py)."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from projects.models import Case, CasePartner, PartnerRole, Photo, Quote
from tests.factories import (
    CaseFactory,
    GripFactory,
    OrganisationFactory,
    QuoteFactory,
    admin_user,
)

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - datetime.timedelta(days=30)
CASES = "/api/v1/cases/"


def an_old_case():
    case = CaseFactory()
    Case.objects.filter(pk=case.pk).update(updated_at=LONG_AGO)
    return case


def updated_at(case):
    return Case.objects.get(pk=case.pk).updated_at


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize("what", ["quote", "partner", "photo"])
def test_adding_something_to_a_case_through_the_orm_moves_its_updated_at(what):
    case = an_old_case()
    before = timezone.now()

    if what == "quote":
        Quote.objects.create(case=case, text="Det gav mening", speaker_role="frivillig")
    elif what == "partner":
        CasePartner.objects.create(
            case=case, organisation=OrganisationFactory(), role=PartnerRole.FORENING
        )
    else:
        Photo.objects.create(case=case, image=png(), alt_text="Haven")

    assert updated_at(case) >= before


def test_editing_or_deleting_a_quote_moves_its_cases_updated_at():
    case = CaseFactory()
    quote = QuoteFactory(case=case)
    Case.objects.filter(pk=case.pk).update(updated_at=LONG_AGO)

    quote.text = "Rettet citat"
    quote.save()
    edited = updated_at(case)
    Case.objects.filter(pk=case.pk).update(updated_at=LONG_AGO)
    quote.delete()

    assert edited > LONG_AGO
    assert updated_at(case) > LONG_AGO


@pytest.mark.parametrize("side", ["case.grips.add", "grip.cases.add", "grip.cases.clear"])
def test_changing_a_cases_grips_from_either_side_moves_its_updated_at(side):
    case, other = an_old_case(), an_old_case()
    grip = GripFactory()
    if side == "grip.cases.clear":
        grip.cases.add(case)
        Case.objects.filter(pk=case.pk).update(updated_at=LONG_AGO)
    before = timezone.now()

    if side == "case.grips.add":
        case.grips.add(grip)
    elif side == "grip.cases.add":
        grip.cases.add(case)
    else:
        grip.cases.clear()

    assert updated_at(case) >= before
    assert updated_at(other) == LONG_AGO


def test_updated_since_finds_a_case_whose_quote_was_added_in_the_shell(api_client):
    case = an_old_case()
    since = (timezone.now() - datetime.timedelta(minutes=1)).isoformat()
    assert api_client.get(CASES, {"updated_since": since}).json()["results"] == []

    QuoteFactory(case=case)

    found = api_client.get(CASES, {"updated_since": since}).json()["results"]
    assert [item["slug"] for item in found] == [case.slug]


def admin_change_form_data(client, url):
    """The admin's change form as the browser would send it back, unchanged."""
    response = client.get(url)
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(n): v for n, v in management.initial.items()})
        forms.extend(inline.formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = value
    return data


def test_a_quote_added_in_the_admin_moves_its_cases_updated_at(client):
    case = an_old_case()
    client.force_login(admin_user())
    url = f"/admin/projects/case/{case.pk}/change/"
    data = admin_change_form_data(client, url)
    data.update(
        {
            "quotes-TOTAL_FORMS": "1",
            "quotes-0-text": "Vi blev hørt",
            "quotes-0-speaker_role": "formand, fodboldklub",
            "quotes-0-case": str(case.pk),
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Quote.objects.filter(case=case, text="Vi blev hørt").exists()
    assert updated_at(case) > LONG_AGO
