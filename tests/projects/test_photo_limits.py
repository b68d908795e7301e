"""A photo is refused with a clear Danish error, never a 500, when it claims more pixels
than we decode: above 40 megapixels, and the decompression bombs Pillow itself detects. The
files are real PNGs of a few hundred bytes whose header claims the size."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from projects import services
from projects.models import Photo
from tests.factories import CaseFactory, consultant

pytestmark = pytest.mark.django_db

TOO_MANY_PIXELS = "Billedet har mere end 40 megapixel. Gør det mindre, og prøv igen."


def png_claiming(width, height):
    """A valid PNG header for a 1-bit greyscale image of width×height, with one compressed
    row of data: tiny on disk, gigabytes once decoded."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row, 9))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("width", "height"),
    [(30_000, 30_000), (8_000, 6_000)],
    ids=["decompression bomb", "48 megapixels"],
)
def test_a_photo_with_too_many_pixels_is_refused_with_a_danish_error(width, height):
    content = png_claiming(width, height)
    assert len(content) < 5_000

    with pytest.raises(ValidationError) as refused:
        services.clean_photo(SimpleUploadedFile("stor.png", content))

    assert refused.value.message_dict == {"image": [TOO_MANY_PIXELS]}


def test_a_photo_of_40_megapixels_or_fewer_is_accepted():
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "green").save(buffer, format="PNG")

    cleaned = services.clean_photo(SimpleUploadedFile("lille.png", buffer.getvalue()))

    assert Image.open(cleaned).size == (640, 480)


def test_the_photo_form_shows_the_error_and_answers_400(client):
    case = CaseFactory()
    client.force_login(consultant())
    upload = io.BytesIO(png_claiming(30_000, 30_000))
    upload.name = "bombe.png"

    response = client.post(
        f"/cases/{case.slug}/photos/",
        {"image": upload, "alt_text": "Et billede", "caption": "", "people_consent": "on"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["image"] == [TOO_MANY_PIXELS]
    assert not Photo.objects.exists()
