"""Uploaded photos are served to those who may see their case, and to nobody else; a
public case's photos may be cached, all others not."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import Photo, Visibility
from tests.factories import CaseFactory, consultant

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def photo_of(visibility, code="376"):
    from tests.factories import municipality

    case = CaseFactory(visibility=visibility, municipality=municipality(code))
    return Photo.objects.create(
        case=case, image=SimpleUploadedFile("have.png", PNG), alt_text="Haven"
    )


def fetch(client, photo):
    return client.get(photo.image.url)


def body(response):
    return b"".join(response.streaming_content)


def test_a_public_case_photo_is_served_to_anyone_with_cache_headers(client):
    photo = photo_of(Visibility.OFFENTLIG)
    response = fetch(client, photo)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert body(response) == PNG
    assert "public" in response["Cache-Control"]
    assert "max-age=3600" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")


def test_the_photo_url_is_the_one_the_case_page_embeds(client):
    photo = photo_of(Visibility.OFFENTLIG)
    page = client.get(reverse("projects:case", args=[photo.case.slug])).content.decode()
    assert f'src="{photo.image.url}"' in page
    assert photo.image.url == reverse("media", args=[photo.image.name])


def test_a_draft_case_photo_is_not_found_for_anonymous_visitors(client):
    assert fetch(client, photo_of(Visibility.KLADDE)).status_code == 404


def test_a_draft_case_photo_is_not_found_for_staff_of_another_municipality(client):
    photo = photo_of(Visibility.KLADDE, code="376")
    client.force_login(consultant(code="621"))
    assert fetch(client, photo).status_code == 404


def test_a_draft_case_photo_is_served_privately_to_its_own_staff(client):
    photo = photo_of(Visibility.KLADDE, code="376")
    client.force_login(consultant(code="376"))
    response = fetch(client, photo)
    assert response.status_code == 200
    assert body(response) == PNG
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_an_internal_case_photo_is_for_staff_only(client):
    photo = photo_of(Visibility.INTERN)
    assert fetch(client, photo).status_code == 404
    client.force_login(consultant(code="621"))
    assert fetch(client, photo).status_code == 200


def test_files_that_are_no_photo_are_not_found(client, settings):
    (settings.MEDIA_ROOT / "cases").mkdir(parents=True)
    (settings.MEDIA_ROOT / "cases" / "loose.png").write_bytes(PNG)
    assert client.get("/media/cases/loose.png").status_code == 404
    assert client.get("/media/../settings.py").status_code == 404


def test_behind_nginx_the_answer_is_an_x_accel_redirect_with_the_same_cache_rules(client, settings):
    settings.MEDIA_ACCEL_REDIRECT = True
    public = photo_of(Visibility.OFFENTLIG)
    response = fetch(client, public)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/internal-media/{public.image.name}"
    assert response.content == b""
    assert "public" in response["Cache-Control"]

    draft = photo_of(Visibility.KLADDE)
    response = fetch(client, draft)
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response
