"""Consultants keep their cases tidy: journal notes, photos, quotes and partners are edited
and deleted from the case page, after a confirmation, each leaving a line in the history.
Only the author of a note and the consultants of the case's municipality may do so."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from projects import services
from projects.models import CasePartner, CaseRevision, JournalEntry, Photo, Quote, Visibility
from tests.factories import (
    CaseFactory,
    JournalEntryFactory,
    OrganisationFactory,
    QuoteFactory,
    consultant,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def case():
    return CaseFactory(visibility=Visibility.INTERN)


def a_photo(case, user):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
    upload = SimpleUploadedFile("have.png", buffer.getvalue())
    return services.add_photo(user=user, case=case, image=upload, alt_text="Haven i foråret")


def a_partner(case):
    return CasePartner.objects.create(
        case=case, organisation=OrganisationFactory(name="Horbelev IF"), role="forening"
    )


def items_on(case, media_root):
    """One of each kind, with the URL part and the form that edits it."""
    author = consultant("376")
    return {
        "journal": (
            JournalEntryFactory(case=case, author=author),
            {"date": "2026-11-30", "kind": "beslutning", "text": "Vi besluttede at fortsætte."},
        ),
        "quote": (
            QuoteFactory(case=case),
            {"text": "Nu kender vi naboerne.", "speaker_role": "beboer"},
        ),
        "photo": (
            a_photo(case, author),
            {"alt_text": "Børn planter kartofler", "caption": "Maj"},
        ),
        "partner": (a_partner(case), {"role": "frivillige"}),
    }


KINDS = ["journal", "quote", "photo", "partner"]


def history_of(case):
    return [revision.changed_fields for revision in CaseRevision.objects.filter(case=case)]


@pytest.mark.parametrize("kind", KINDS)
def test_a_consultant_of_the_municipality_edits_an_item_and_the_history_says_so(
    client, case, media, kind
):
    item, form = items_on(case, media)[kind]
    client.force_login(consultant("376"))
    url = f"/cases/{case.slug}/{kind}/{item.pk}/edit/"
    assert client.get(url).status_code == 200
    response = client.post(url, form)
    assert response.status_code == 302
    item.refresh_from_db()
    field, value = next(iter(form.items())) if kind != "journal" else ("text", form["text"])
    assert str(getattr(item, field)) == value
    assert history_of(case) == [[f"{kind}.changed"]]
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Historik" in page


@pytest.mark.parametrize("kind", KINDS)
def test_deleting_asks_for_confirmation_then_deletes_and_records_it(client, case, media, kind):
    item, _form = items_on(case, media)[kind]
    client.force_login(consultant("376"))
    url = f"/cases/{case.slug}/{kind}/{item.pk}/delete/"
    confirmation = client.get(url)
    assert confirmation.status_code == 200
    assert "csrfmiddlewaretoken" in confirmation.content.decode()
    assert type(item).objects.filter(pk=item.pk).exists()  # a GET deletes nothing
    response = client.post(url)
    assert response.status_code == 302
    assert not type(item).objects.filter(pk=item.pk).exists()
    assert history_of(case) == [[f"{kind}.deleted"]]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", ["edit", "delete"])
def test_a_consultant_of_another_municipality_is_refused(client, case, media, kind, action):
    item, form = items_on(case, media)[kind]
    client.force_login(consultant("101"))
    url = f"/cases/{case.slug}/{kind}/{item.pk}/{action}/"
    assert client.get(url).status_code == 403
    assert client.post(url, form).status_code == 403
    assert type(item).objects.filter(pk=item.pk).exists()
    assert history_of(case) == []


@pytest.mark.parametrize("kind", KINDS)
def test_items_of_a_draft_are_404_to_those_who_may_not_see_the_case(client, media, kind):
    draft = CaseFactory(visibility=Visibility.KLADDE)
    item, _form = items_on(draft, media)[kind]
    client.force_login(consultant("101"))
    assert client.get(f"/cases/{draft.slug}/{kind}/{item.pk}/delete/").status_code == 404


def test_an_item_is_found_only_on_its_own_case(client, case, media):
    other = CaseFactory()
    quote = QuoteFactory(case=other)
    client.force_login(consultant("376"))
    assert client.post(f"/cases/{case.slug}/quote/{quote.pk}/delete/").status_code == 404
    assert Quote.objects.filter(pk=quote.pk).exists()


def test_the_author_of_a_note_edits_and_deletes_it_even_from_another_municipality(client):
    case = CaseFactory(visibility=Visibility.INTERN)
    author = consultant("101")
    case.consultants.add(author)
    entry = JournalEntryFactory(case=case, author=author)
    client.force_login(author)
    form = {"date": "2026-11-30", "kind": "laering", "text": "Rettet."}
    assert client.post(f"/cases/{case.slug}/journal/{entry.pk}/edit/", form).status_code == 302
    assert client.post(f"/cases/{case.slug}/journal/{entry.pk}/delete/").status_code == 302
    assert not JournalEntry.objects.exists()


def test_another_staff_member_may_not_change_someone_elses_note(client, case):
    entry = JournalEntryFactory(case=case, author=consultant("376"))
    stranger = consultant("101")
    case.consultants.add(stranger)
    client.force_login(stranger)
    assert client.post(f"/cases/{case.slug}/journal/{entry.pk}/delete/").status_code == 403
    assert JournalEntry.objects.filter(pk=entry.pk).exists()


def test_the_case_page_offers_edit_links_only_for_what_the_viewer_may_change(client, case):
    own = JournalEntryFactory(case=case, author=consultant("101"))
    theirs = JournalEntryFactory(case=case, author=consultant("376"))
    client.force_login(own.author)
    page = client.get(case.get_absolute_url()).content.decode()
    assert f"/journal/{own.pk}/edit/" in page
    assert f"/journal/{theirs.pk}/edit/" not in page


def test_a_deleted_photo_leaves_no_file_behind(
    client, case, media, django_capture_on_commit_callbacks
):
    photo = a_photo(case, consultant("376"))
    stored = media / photo.image.name
    assert stored.exists()
    client.force_login(consultant("376"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cases/{case.slug}/photo/{photo.pk}/delete/")
    assert response.status_code == 302
    assert not Photo.objects.exists()
    assert not stored.exists()


def test_a_photo_whose_deletion_rolls_back_keeps_its_file(case, media):
    from django.db import transaction

    photo = a_photo(case, consultant("376"))
    stored, photo_pk = media / photo.image.name, photo.pk
    with pytest.raises(RuntimeError), transaction.atomic():
        services.delete_photo(user=consultant("376"), photo=photo)
        raise RuntimeError
    assert stored.exists() and Photo.objects.filter(pk=photo_pk).exists()


def test_a_quote_edited_to_show_a_name_needs_consent(client, case):
    quote = QuoteFactory(case=case)
    client.force_login(consultant("376"))
    form = {"text": quote.text, "speaker_role": "formand", "speaker_name": "Lene Hansen"}
    response = client.post(f"/cases/{case.slug}/quote/{quote.pk}/edit/", form)
    assert response.status_code == 400
    quote.refresh_from_db()
    assert quote.speaker_name == ""


def test_partners_can_be_given_when_the_case_is_created(client):
    from tests.projects.test_pages import form_data

    client.force_login(consultant("376"))
    data = form_data(title="Fælles om haven")
    data.update(
        {
            "partners-TOTAL_FORMS": "3",
            "partners-INITIAL_FORMS": "0",
            "partners-0-organisation_name": "Horbelev Borgerforening",
            "partners-0-kind": "forening",
            "partners-0-role": "forening",
            "partners-1-organisation_name": "",
            "partners-1-kind": "forening",
            "partners-1-role": "frivillige",
        }
    )
    response = client.post("/cases/new/", data)
    assert response.status_code == 302
    partner = CasePartner.objects.get()
    assert partner.case.slug == "faelles-om-haven"
    assert partner.organisation.name == "Horbelev Borgerforening"


def test_the_create_form_shows_partner_rows(client):
    client.force_login(consultant("376"))
    page = client.get("/cases/new/").content.decode()
    assert 'name="partners-0-organisation_name"' in page
