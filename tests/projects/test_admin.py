"""The Django admin follows the case rules of the case page: photos are cleaned of their
location, names in quotes need consent, edits leave a revision, voices are moderated."""

import io

import pytest
from PIL import Image

from projects.models import CaseRevision, CitizenVoice, Photo, VoiceStatus
from tests.admin_forms import act, change_url, form_data, messages_of, post_changed
from tests.factories import CaseFactory, CitizenVoiceFactory
from tests.projects.test_pages import jpeg_with_gps

pytestmark = pytest.mark.django_db


def with_new_inline_row(data, prefix, **fields):
    """`data` with one more row in the inline formset `prefix`."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data.update({f"{prefix}-{index}-{name}": value for name, value in fields.items()})
    return data


def test_a_photo_with_gps_uploaded_in_the_admin_is_stored_without_exif(superuser_client):
    case = CaseFactory()
    upload = jpeg_with_gps()
    assert Image.open(upload).getexif()
    upload.seek(0)
    data = with_new_inline_row(
        form_data(superuser_client, change_url(case)),
        "photos",
        image=upload,
        alt_text="Beboere i haven",
        people_consent="on",
    )
    response = superuser_client.post(change_url(case), data, follow=True)
    assert messages_of(response)[0][0] == "success"
    photo = Photo.objects.get(case=case)
    with photo.image.open("rb") as stored:
        assert not Image.open(stored).getexif()
    assert photo.people_consent_at is not None
    assert photo.uploaded_by is not None


def test_a_file_that_is_not_an_image_is_refused_in_the_admin(superuser_client):
    case = CaseFactory()
    fake = io.BytesIO(b"<?php echo 'hej'; ?>")
    fake.name = "foto.jpg"
    data = with_new_inline_row(
        form_data(superuser_client, change_url(case)), "photos", image=fake, alt_text="Noget"
    )
    response = superuser_client.post(change_url(case), data)
    assert response.status_code == 200  # the form again, with the error
    assert not Photo.objects.filter(case=case).exists()


def test_a_quote_with_a_name_but_no_consent_is_refused_in_the_admin(superuser_client):
    case = CaseFactory()
    data = with_new_inline_row(
        form_data(superuser_client, change_url(case)),
        "quotes",
        text="Det gav mening.",
        speaker_role="frivillig",
        speaker_name="Hanne Jensen",
    )
    response = superuser_client.post(change_url(case), data, follow=True)
    assert not case.quotes.exists()
    assert messages_of(response)[0][0] == "error"

    data["quotes-0-name_consent"] = "on"
    superuser_client.post(change_url(case), data)
    quote = case.quotes.get()
    assert quote.speaker_name == "Hanne Jensen" and quote.name_consent_at is not None


def test_editing_a_case_in_the_admin_leaves_a_revision(superuser_client):
    case = CaseFactory()
    post_changed(superuser_client, change_url(case), title="Nyt navn til casen")
    case.refresh_from_db()
    assert case.title == "Nyt navn til casen"
    assert CaseRevision.objects.get(case=case).changed_fields == ["title"]


def test_a_case_added_in_the_admin_is_created_by_the_service_with_its_history(superuser_client):
    from django.urls import reverse

    from projects.models import Case
    from tests.factories import municipality

    add_url = reverse("admin:projects_case_add")
    data = form_data(superuser_client, add_url)
    data.update(
        {
            "title": "Kaffe og kortspil",
            "slug": "kaffe-og-kortspil",
            "summary": "Frivillige og beboere mødes.",
            "municipality": str(municipality("376").pk),
            "unit": "Bakkehuset",
            "welfare_area": "aeldre",
            "track": "find_og_forstoer",
        }
    )
    response = superuser_client.post(add_url, data, follow=True)
    assert messages_of(response)[0][0] == "success", messages_of(response)
    case = Case.objects.get(slug="kaffe-og-kortspil")
    assert case.created_by is not None
    assert CaseRevision.objects.get(case=case).changed_fields == ["created"]


def test_voice_status_is_read_only_and_approval_goes_through_moderation(superuser_client):
    voice = CitizenVoiceFactory()
    post_changed(superuser_client, change_url(voice), status=VoiceStatus.APPROVED)
    voice.refresh_from_db()
    assert voice.status != VoiceStatus.APPROVED

    act(superuser_client, CitizenVoice, "approve", [voice])
    voice.refresh_from_db()
    assert voice.status == VoiceStatus.APPROVED and voice.moderated_by is not None
