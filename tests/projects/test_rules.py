"""The case rules, tested at the services and selectors every front-end calls."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from projects import selectors, services
from projects.models import CaseRevision, Track, Visibility, WelfareArea
from samskabelse.exceptions import PermissionDenied
from tests.factories import CaseFactory, UserFactory, admin_user, consultant, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases():
    """One case of each visibility in Guldborgsund (376), and a draft in Holbæk (316)."""
    return {
        "public": CaseFactory(visibility=Visibility.OFFENTLIG),
        "internal": CaseFactory(visibility=Visibility.INTERN),
        "draft": CaseFactory(visibility=Visibility.KLADDE),
        "draft_elsewhere": CaseFactory(
            visibility=Visibility.KLADDE, municipality=municipality("316")
        ),
    }


def visible(user, cases):
    pks = set(selectors.cases_visible_to(user).values_list("pk", flat=True))
    return {name for name, case in cases.items() if case.pk in pks}


def test_anonymous_visitors_see_only_public_cases(cases):
    assert visible(None, cases) == {"public"}


def test_logged_in_non_staff_see_only_public_cases(cases):
    assert visible(UserFactory(), cases) == {"public"}


def test_consultant_sees_internal_cases_and_own_municipalitys_drafts(cases):
    assert visible(consultant("376"), cases) == {"public", "internal", "draft"}


def test_consultant_elsewhere_sees_internal_but_not_other_municipalities_drafts(cases):
    assert visible(consultant("101"), cases) == {"public", "internal"}


def test_responsible_consultant_sees_their_draft_even_in_another_municipality(cases):
    helper = consultant("101")
    cases["draft_elsewhere"].consultants.add(helper)
    assert "draft_elsewhere" in visible(helper, cases)


def test_admin_sees_everything(cases):
    assert visible(admin_user(), cases) == set(cases)


def test_a_case_listed_by_two_consultants_is_counted_once(cases):
    viewer = consultant("376")
    cases["public"].consultants.add(viewer, consultant("376"))
    counts = selectors.counts_per_track(selectors.cases_visible_to(viewer))
    assert counts == {Track.FIND_OG_FORSTOER: 3}


def new_case(user, **overrides):
    fields = {
        "user": user,
        "municipality": municipality("376"),
        "title": "Frivillige i Horbelev",
        "summary": "Park og Vej og borgerne i Horbelev",
        "welfare_area": WelfareArea.TEKNIK_OG_MILJOE,
        "track": Track.FIND_OG_FORSTOER,
    }
    return services.create_case(**{**fields, **overrides})


def test_consultant_creates_a_case_for_own_municipality_and_becomes_its_consultant():
    author = consultant("376")
    case = new_case(author)
    assert case.slug == "frivillige-i-horbelev"
    assert list(case.consultants.all()) == [author]
    assert case.created_by == author
    assert new_case(author).slug == "frivillige-i-horbelev-2"


def test_consultant_cannot_create_a_case_for_another_municipality():
    with pytest.raises(PermissionDenied):
        new_case(consultant("101"))


def test_only_consultants_of_the_municipality_or_admins_edit():
    case = new_case(consultant("376"))
    with pytest.raises(PermissionDenied):
        services.update_case(user=consultant("101"), case=case, title="Kapret")
    with pytest.raises(PermissionDenied):
        services.update_case(user=UserFactory(is_staff=True), case=case, title="Kapret")
    services.update_case(user=admin_user(), case=case, title="Rettet af admin")
    case.refresh_from_db()
    assert case.title == "Rettet af admin"


def test_every_change_records_who_when_and_which_fields():
    author = consultant("376")
    case = new_case(author)
    editor = consultant("376")
    services.update_case(user=editor, case=case, status="afsluttet", title=case.title)
    revision = CaseRevision.objects.filter(case=case).first()
    assert revision.changed_by == editor
    assert revision.changed_fields == ["status"]
    case.refresh_from_db()
    assert case.updated_by == editor


def test_a_case_cannot_end_before_it_starts():
    import datetime

    with pytest.raises(ValidationError):
        new_case(
            consultant("376"),
            start_date=datetime.date(2017, 3, 1),
            end_date=datetime.date(2017, 2, 1),
        )


def jpeg_with_gps():
    image = Image.new("RGB", (40, 30), "green")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (54.0, 46.0, 0.0)}  # GPSInfo
    exif[0x010F] = "Kamerafabrik"  # Make
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("horbelev.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_photo_location_metadata_is_stripped():
    upload = jpeg_with_gps()
    assert Image.open(io.BytesIO(upload.read())).getexif()
    upload.seek(0)
    cleaned = services.clean_photo(upload)
    stored = Image.open(io.BytesIO(cleaned.read()))
    assert stored.format == "JPEG" and stored.size == (40, 30)
    assert not stored.getexif()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"<html>not a picture</html>", "fake.jpg", "ikke et gyldigt billede"),
        (b"GIF89a" + b"\x00" * 20, "anim.gif", "ikke et gyldigt billede"),
    ],
)
def test_fake_images_are_refused(content, name, message):
    with pytest.raises(ValidationError) as error:
        services.clean_photo(SimpleUploadedFile(name, content))
    assert message in str(error.value)


def test_gif_images_are_refused_even_when_valid():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="GIF")
    with pytest.raises(ValidationError, match="WebP-billeder accepteres"):
        services.clean_photo(SimpleUploadedFile("a.gif", buffer.getvalue()))


def test_photos_over_10_mb_are_refused():
    upload = SimpleUploadedFile("big.jpg", b"\xff" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="10 MB"):
        services.clean_photo(upload)


def search(user, query):
    return list(selectors.search_cases(selectors.cases_visible_to(user), query))


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Danish stemming needs PostgreSQL; SQLite uses the substring fallback",
)
def test_danish_search_finds_other_word_forms_and_ranks_titles_first():
    author = consultant("376")
    in_story = new_case(author, title="Kaffe i haven", story="Mange frivillig hjælp")
    in_title = new_case(author, title="Frivilligt arbejde på skolen", visibility="offentlig")
    services.update_case(user=author, case=in_story, visibility="offentlig")
    assert search(None, "frivillige") == [in_title, in_story]
    assert search(None, "haverne") == [in_story]


def test_search_on_any_database_finds_a_word_in_title_summary_or_story():
    author = consultant("376")
    case = new_case(author, title="Bakkehuset", story="Ældre Sagens frivillige kommer hver uge")
    services.update_case(user=author, case=case, visibility="offentlig")
    assert search(None, "frivillige") == [case]
    assert search(None, "fodbold") == []


def test_adding_a_photo_or_spreading_from_a_case_marks_that_case_changed():
    author = consultant("376")
    source = new_case(author, title="Bakkehuset")
    before = source.updated_at
    new_case(author, title="Præstemarken", spread_from=source)
    source.refresh_from_db()
    assert source.updated_at > before
    before = source.updated_at
    services.add_photo(user=author, case=source, image=jpeg_with_gps(), alt_text="Haven")
    source.refresh_from_db()
    assert source.updated_at > before


def test_a_case_never_gets_the_address_of_a_page():
    author = consultant("376")
    assert new_case(author, title="Toolbox").slug == "toolbox-case"
    assert new_case(author, title="New").slug == "new-case"


def test_a_case_spread_from_another_moves_the_others_updated_at_and_a_move_moves_both():
    user = consultant("376")
    origin, other = CaseFactory(), CaseFactory()
    before = {case.pk: case.updated_at for case in (origin, other)}
    spread = new_case(user, spread_from=origin)
    origin.refresh_from_db()
    assert origin.updated_at > before[origin.pk]
    touched = origin.updated_at
    services.update_case(user=user, case=spread, spread_from=other)
    origin.refresh_from_db()
    other.refresh_from_db()
    assert origin.updated_at > touched and other.updated_at > before[other.pk]
