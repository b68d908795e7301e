"""Files attached to a case or a journal note: PDF, DOCX, XLSX and ODT up to 20 MB,
recognised by their content; downloaded only by those who may see the case."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from projects import services
from projects.attachments import MAX_ATTACHMENT_BYTES
from projects.models import Attachment, CaseRevision, Visibility
from tests.factories import CaseFactory, JournalEntryFactory, consultant

pytestmark = pytest.mark.django_db

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def zipped(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def minimal_docx():
    return zipped(
        {
            "[Content_Types].xml": "<Types/>",
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": "<w:document/>",
        }
    )


def minimal_xlsx():
    return zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})


def minimal_odt():
    return zipped(
        {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"}
    )


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def case():
    return CaseFactory(visibility=Visibility.OFFENTLIG)


def attach(client, case, name, content, **extra):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(f"/cases/{case.slug}/attachments/", {"file": upload, **extra})


@pytest.mark.parametrize(
    ("name", "content", "stored_as"),
    [
        ("Referat fra mødet.pdf", MINIMAL_PDF, ".pdf"),
        ("Plan.docx", minimal_docx(), ".docx"),
        ("Budget.xlsx", minimal_xlsx(), ".xlsx"),
        ("Notat.odt", minimal_odt(), ".odt"),
        ("uden-endelse", MINIMAL_PDF, ".pdf"),
    ],
)
def test_real_documents_are_attached_and_named_by_their_content(
    client, case, media, name, content, stored_as
):
    client.force_login(consultant("376"))
    response = attach(client, case, name, content)
    assert response.status_code == 302 and response.url.endswith("#attachments")
    attachment = Attachment.objects.get()
    assert attachment.file.name.endswith(stored_as)
    assert (media / attachment.file.name).read_bytes() == content
    assert CaseRevision.objects.get(case=case).changed_fields == ["attachment.added"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("foto.pdf", png_bytes()),
        ("script.docx", b"<script>alert(1)</script>"),
        ("arkiv.docx", zipped({"hello.txt": "hej"})),
        ("falsk.odt", zipped({"mimetype": "application/vnd.oasis.opendocument.graphics"})),
        ("tom.pdf", b""),
    ],
    ids=["png named pdf", "html named docx", "plain zip", "odf drawing", "empty"],
)
def test_files_that_are_not_accepted_documents_are_refused_whatever_their_name(
    client, case, media, name, content
):
    client.force_login(consultant("376"))
    response = attach(client, case, name, content)
    assert response.status_code == 400
    assert not Attachment.objects.exists()
    assert not any(media.rglob("*.*"))


def test_a_file_over_20_mb_is_refused(case, media):
    upload = SimpleUploadedFile("stor.pdf", MINIMAL_PDF + b"0" * MAX_ATTACHMENT_BYTES)
    with pytest.raises(services.ValidationError):
        services.add_attachment(user=consultant("376"), case=case, file=upload)


def test_an_oversized_request_is_refused_before_its_body_is_read(client, case):
    client.force_login(consultant("376"))
    response = client.generic(
        "POST",
        f"/cases/{case.slug}/attachments/",
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(MAX_ATTACHMENT_BYTES * 2),
    )
    assert response.status_code == 413


def test_a_consultant_of_another_municipality_may_not_attach(client, case, media):
    client.force_login(consultant("101"))
    assert attach(client, case, "a.pdf", MINIMAL_PDF).status_code == 403
    assert not Attachment.objects.exists()


def test_a_file_is_attached_to_a_journal_note(client, case, media):
    entry = JournalEntryFactory(case=case)
    client.force_login(consultant("376"))
    attach(client, case, "Referat.pdf", MINIMAL_PDF, journal_entry=entry.pk)
    assert Attachment.objects.get().journal_entry == entry


def test_the_download_is_an_attachment_for_those_who_may_see_the_case(client, case, media):
    attachment = services.add_attachment(
        user=consultant("376"), case=case, file=SimpleUploadedFile("Plan.pdf", MINIMAL_PDF)
    )
    response = client.get(attachment.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_behind_nginx_the_download_is_handed_over_with_x_accel_redirect(
    client, case, media, settings
):
    settings.MEDIA_ACCEL_REDIRECT = True
    attachment = services.add_attachment(
        user=consultant("376"), case=case, file=SimpleUploadedFile("Plan.pdf", MINIMAL_PDF)
    )
    response = client.get(attachment.file.url)
    assert response["X-Accel-Redirect"] == f"/internal-media/{attachment.file.name}"
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_draft_cases_file_is_404_to_others(client, media):
    draft = CaseFactory(visibility=Visibility.KLADDE)
    attachment = services.add_attachment(
        user=consultant("376"), case=draft, file=SimpleUploadedFile("Plan.pdf", MINIMAL_PDF)
    )
    assert client.get(attachment.file.url).status_code == 404
    client.force_login(consultant("101"))
    assert client.get(attachment.file.url).status_code == 404
    client.force_login(consultant("376"))
    assert client.get(attachment.file.url).status_code == 200


def test_a_journal_notes_file_is_for_staff_only(client, case, media):
    entry = JournalEntryFactory(case=case)
    attachment = services.add_attachment(
        user=consultant("376"),
        case=case,
        journal_entry=entry,
        file=SimpleUploadedFile("Referat.pdf", MINIMAL_PDF),
    )
    assert client.get(attachment.file.url).status_code == 404
    client.force_login(consultant("101"))
    assert client.get(attachment.file.url).status_code == 200


def test_a_deleted_attachment_leaves_no_file_behind(
    client, case, media, django_capture_on_commit_callbacks
):
    attachment = services.add_attachment(
        user=consultant("376"), case=case, file=SimpleUploadedFile("Plan.pdf", MINIMAL_PDF)
    )
    stored = media / attachment.file.name
    client.force_login(consultant("376"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cases/{case.slug}/attachment/{attachment.pk}/delete/")
    assert response.status_code == 302
    assert not Attachment.objects.exists() and not stored.exists()


def test_attached_files_are_listed_on_the_case_page(client, case, media):
    services.add_attachment(
        user=consultant("376"), case=case, file=SimpleUploadedFile("Plan.pdf", MINIMAL_PDF)
    )
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'id="attachments"' in page and ">Plan</a>" in page


def test_a_deleted_journal_note_takes_its_files_with_it(
    client, case, media, django_capture_on_commit_callbacks
):
    entry = JournalEntryFactory(case=case, author=consultant("376"))
    attachment = services.add_attachment(
        user=consultant("376"),
        case=case,
        journal_entry=entry,
        file=SimpleUploadedFile("Referat.pdf", MINIMAL_PDF),
    )
    stored = media / attachment.file.name
    client.force_login(consultant("376"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/cases/{case.slug}/journal/{entry.pk}/delete/")
    assert not Attachment.objects.exists() and not stored.exists()


def test_a_case_deleted_in_the_admin_leaves_no_files_behind(
    case, media, django_capture_on_commit_callbacks
):
    attachment = services.add_attachment(
        user=consultant("376"), case=case, file=SimpleUploadedFile("Plan.pdf", MINIMAL_PDF)
    )
    stored = media / attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        case.delete()
    assert not stored.exists()
