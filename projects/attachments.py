"""What an attached file really is, decided by its content: the first bytes of a PDF, the
parts inside the zip of an OOXML (DOCX, XLSX) or ODF (ODT) document. The name and the
browser's Content-Type are never trusted."""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# Reading a zip's directory is cheap, but a crafted one may list very many parts.
MAX_ZIP_PARTS = 10_000

PDF = ("pdf", "application/pdf")
DOCX = ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
ODT = ("odt", "application/vnd.oasis.opendocument.text")


def _refused():
    return ValidationError(
        {"file": _("Only PDF, Word (DOCX), Excel (XLSX) and OpenDocument text (ODT) files.")}
    )


def _zip_kind(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if len(names) > MAX_ZIP_PARTS:
                return None
            parts = set(names)
            if "mimetype" in parts:
                # ODF: the first part is the uncompressed media type.
                if archive.read("mimetype")[:100].strip() == ODT[1].encode():
                    return ODT
                return None
            if "[Content_Types].xml" in parts:
                if "word/document.xml" in parts:
                    return DOCX
                if "xl/workbook.xml" in parts:
                    return XLSX
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None


def detect_kind(upload):
    """(extension, content type) of an accepted file, or a ValidationError."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("The file is larger than 20 MB.")})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    kind = None
    if head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(upload)
        upload.seek(0)
    if kind is None:
        raise _refused()
    return kind
