"""The case pages: list, case page, guided form, journal, photos and the toolbox, for each
role (anonymous, consultant of the municipality, consultant elsewhere, admin)."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from projects import services
from projects.models import Case, Photo, Step, Track, Visibility, WelfareArea
from tests.factories import (
    CaseFactory,
    GripFactory,
    JournalEntryFactory,
    PrincipleFactory,
    QuoteFactory,
    UserFactory,
    admin_user,
    consultant,
    municipality,
)

pytestmark = pytest.mark.django_db

GULDBORGSUND, SKANDERBORG = "376", "746"


@pytest.fixture
def cases():
    """One case of each visibility in Guldborgsund."""
    return {
        visibility: CaseFactory(title=f"Sag {visibility}", visibility=visibility)
        for visibility in Visibility.values
    }


def titles_on(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return {case.title for case in response.context["cases"]}


def login(client, user):
    client.force_login(user)
    return user


def form_data(**overrides):
    data = {
        "title": "Frivillige på plejecentret",
        "summary": "Frivillige og personale skaber mere liv i hverdagen.",
        "story": "",
        "unit": "Bakkehuset",
        "welfare_area": WelfareArea.AELDRE,
        "track": Track.FIND_OG_FORSTOER,
        "status": "i_gang",
        "visibility": Visibility.OFFENTLIG,
        "municipality": municipality(GULDBORGSUND).pk,
    }
    data.update(overrides)
    return data


def jpeg_with_gps():
    """A small JPEG whose EXIF carries a GPS position."""
    image = Image.new("RGB", (8, 8), "green")
    exif = Image.Exif()
    exif[0x010F] = "Kamera A/S"  # Make
    exif[0x8825] = {1: "N", 2: (54.0, 45.0, 0.0), 3: "E", 4: (11.0, 52.0, 0.0)}  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    buffer.name = "plejecenter.jpg"
    buffer.seek(0)
    return buffer


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
    buffer.name = "billede.png"
    buffer.seek(0)
    return buffer


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# --- The list ----------------------------------------------------------------------------


def test_anonymous_visitors_see_only_public_cases_in_the_list(client, cases):
    assert titles_on(client, "/cases/") == {"Sag offentlig"}


def test_consultant_of_the_municipality_sees_drafts_internal_and_public_cases(client, cases):
    login(client, consultant(GULDBORGSUND))
    assert titles_on(client, "/cases/") == {"Sag offentlig", "Sag intern", "Sag kladde"}


def test_consultant_elsewhere_sees_internal_and_public_cases_but_not_drafts(client, cases):
    login(client, consultant(SKANDERBORG))
    assert titles_on(client, "/cases/") == {"Sag offentlig", "Sag intern"}


def test_admin_sees_every_case(client, cases):
    login(client, admin_user())
    assert titles_on(client, "/cases/") == {"Sag offentlig", "Sag intern", "Sag kladde"}


def test_counts_per_track_count_only_the_cases_the_viewer_may_see(client, cases):
    CaseFactory(track=Track.TRAENINGSBANE, visibility=Visibility.KLADDE)
    CaseFactory(track=Track.TRAENINGSBANE, visibility=Visibility.OFFENTLIG)

    anonymous = dict_of_counts(client.get("/cases/"))
    login(client, consultant(GULDBORGSUND))
    colleague = dict_of_counts(client.get("/cases/"))

    assert anonymous == {Track.FIND_OG_FORSTOER: 1, Track.TRAENINGSBANE: 1, Track.FACILITERING: 0}
    assert colleague == {Track.FIND_OG_FORSTOER: 3, Track.TRAENINGSBANE: 2, Track.FACILITERING: 0}


def dict_of_counts(response):
    return {value: count for value, _label, count in response.context["track_counts"]}


def test_filters_narrow_the_list_and_the_counts(client):
    principle = PrincipleFactory(slug="udefra-ind")
    wanted = CaseFactory(
        title="Dialog med Horbelev",
        municipality=municipality(GULDBORGSUND),
        track=Track.FACILITERING,
        welfare_area=WelfareArea.TEKNIK_OG_MILJOE,
        status="afsluttet",
        step=Step.AFFECTED_PARTIES,
    )
    wanted.principles.add(principle)
    CaseFactory(title="Skanderborg-sagen", municipality=municipality(SKANDERBORG))
    CaseFactory(title="Uden princip", track=Track.FACILITERING)

    query = (
        "?municipality=376&track=facilitering&welfare_area=teknik_og_miljoe"
        "&status=afsluttet&principle=udefra-ind&step=4"
    )
    response = client.get("/cases/" + query)

    assert {case.title for case in response.context["cases"]} == {"Dialog med Horbelev"}
    assert dict_of_counts(response)[Track.FACILITERING] == 1


def test_search_finds_cases_by_words_in_title_summary_or_story(client):
    CaseFactory(title="Æblehusets bestyrelse", story="Bestyrelsen inviterede naboerne.")
    CaseFactory(title="Sundskolen")
    assert titles_on(client, "/cases/?q=naboerne") == {"Æblehusets bestyrelse"}


def test_list_sorts_by_title_on_request(client):
    for title in ("Bakkehuset", "Åkanden", "Æblehuset"):
        CaseFactory(title=title)
    response = client.get("/cases/?sort=title")
    assert [case.title for case in response.context["cases"]][0] == "Bakkehuset"


def test_unknown_filter_values_are_ignored_with_a_message_instead_of_an_error(client):
    CaseFactory(title="Synlig sag")
    response = client.get("/cases/?track=ukendt&step=99&municipality=000&principle=nej&sort=x")
    assert response.status_code == 200
    assert {case.title for case in response.context["cases"]} == {"Synlig sag"}
    assert len(list(response.context["messages"])) == 1


def test_list_is_paginated_by_20_and_keeps_the_filters_in_the_page_links(client):
    CaseFactory.create_batch(21, track=Track.TRAENINGSBANE)
    response = client.get("/cases/?track=traeningsbane")
    assert len(response.context["cases"]) == 20
    assert 'href="?track=traeningsbane&amp;page=2"' in response.content.decode()
    assert len(client.get("/cases/?track=traeningsbane&page=2").context["cases"]) == 1


def test_empty_list_invites_consultants_to_create_the_first_case(client):
    anonymous_html = client.get("/cases/").content.decode()
    login(client, consultant(GULDBORGSUND))
    consultant_html = client.get("/cases/").content.decode()

    assert 'href="/cases/new/"' not in anonymous_html
    assert 'href="/cases/new/"' in consultant_html


@pytest.mark.parametrize("number_of_cases", [3, 30])
def test_list_uses_the_same_few_queries_whatever_the_number_of_cases(
    client, django_assert_max_num_queries, number_of_cases
):
    CaseFactory.create_batch(number_of_cases)
    with django_assert_max_num_queries(6):
        assert client.get("/cases/").status_code == 200


def test_list_query_count_is_the_same_for_3_and_30_cases(client, django_assert_num_queries):
    login(client, consultant(GULDBORGSUND))
    CaseFactory.create_batch(3)
    with CaptureQueriesContext(connection) as few:
        client.get("/cases/")
    CaseFactory.create_batch(27)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/cases/")


# --- The case page -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "visibility", "status"),
    [
        ("anonymous", Visibility.OFFENTLIG, 200),
        ("anonymous", Visibility.INTERN, 404),
        ("anonymous", Visibility.KLADDE, 404),
        ("elsewhere", Visibility.INTERN, 200),
        ("elsewhere", Visibility.KLADDE, 404),
        ("colleague", Visibility.KLADDE, 200),
        ("admin", Visibility.KLADDE, 200),
    ],
)
def test_case_page_answers_404_for_cases_the_viewer_may_not_see(client, who, visibility, status):
    viewers = {
        "colleague": lambda: consultant(GULDBORGSUND),
        "elsewhere": lambda: consultant(SKANDERBORG),
        "admin": admin_user,
    }
    if who in viewers:
        login(client, viewers[who]())
    case = CaseFactory(visibility=visibility)
    assert client.get(case.get_absolute_url()).status_code == status


def test_case_page_tells_the_story_with_unit_municipality_and_frameworks(client):
    grip = GripFactory(title="Start med borgerens spørgsmål")
    case = CaseFactory(
        story="Det begyndte med en kop kaffe.",
        outside_in=True,
        mobilisation=True,
        innovation=True,
        cross_disciplinary=True,
        step=Step.VOLUNTEERS,
    )
    case.grips.add(grip)
    html = client.get(case.get_absolute_url()).content.decode()

    assert "Det begyndte med en kop kaffe." in html
    assert "Bakkehuset Plejecenter" in html
    assert "Guldborgsund Kommune" in html
    assert 'class="staircase__step staircase__step--current" x="60"' in html
    assert 'aria-current="step"' in html
    assert f'href="{grip.get_absolute_url()}"' in html


def test_assessment_says_all_four_criteria_are_met_or_warns_of_red_flags(client):
    met = CaseFactory(outside_in=True, mobilisation=True, innovation=True, cross_disciplinary=True)
    flagged = CaseFactory(outside_in=True, flag_cost_cutting=True)

    client.cookies["django_language"] = "en"
    met_html = client.get(met.get_absolute_url()).content.decode()
    flagged_html = client.get(flagged.get_absolute_url()).content.decode()

    assert "This meets all four criteria for samskabelse." in met_html
    assert "Caution" not in met_html
    assert "This meets 1 of the four criteria for samskabelse." in flagged_html
    assert "Caution: 1 red flag is raised" in flagged_html


def test_html_in_the_title_is_escaped_and_stripped_from_the_markdown_story(client):
    case = CaseFactory(
        title="<script>alert('titel')</script>", story="<img src=x onerror=alert(1)> historien"
    )
    html = client.get(case.get_absolute_url()).content.decode()
    assert "<script>alert(" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;titel&#x27;)&lt;/script&gt;" in html
    assert "onerror" not in html and "historien" in html


def test_quoted_names_appear_only_with_recorded_consent(client):
    case = CaseFactory()
    QuoteFactory(case=case, speaker_name="Hemmelig Jensen", speaker_role="nabo")
    QuoteFactory(case=case, speaker_name="Åben Hansen", name_consent_at=timezone.now())
    html = client.get(case.get_absolute_url()).content.decode()
    assert "Hemmelig Jensen" not in html
    assert "nabo" in html
    assert "Åben Hansen" in html


def test_spread_shows_only_cases_the_viewer_may_see(client):
    origin = CaseFactory(title="Oprindelsen")
    CaseFactory(title="Offentlig spredning", spread_from=origin)
    CaseFactory(title="Hemmelig spredning", spread_from=origin, visibility=Visibility.KLADDE)
    html = client.get(origin.get_absolute_url()).content.decode()
    assert "Offentlig spredning" in html
    assert "Hemmelig spredning" not in html


# --- Journal and history -----------------------------------------------------------------


def test_journal_is_hidden_from_anonymous_visitors_and_shown_to_staff(client):
    case = CaseFactory()
    JournalEntryFactory(case=case, text="Fortroligt referat fra mødet.")

    assert "Fortroligt referat" not in client.get(case.get_absolute_url()).content.decode()
    login(client, consultant(SKANDERBORG))
    assert "Fortroligt referat" in client.get(case.get_absolute_url()).content.decode()


def test_consultant_of_the_municipality_adds_a_journal_entry_with_one_form(client):
    case = CaseFactory()
    author = login(client, consultant(GULDBORGSUND))
    response = client.post(
        f"/cases/{case.slug}/journal/",
        {"date": "2026-11-20", "kind": "workshop", "text": "Workshop med Ældre Sagen."},
    )
    assert response.status_code == 302
    entry = case.journal.get()
    assert (entry.text, entry.author, entry.kind) == (
        "Workshop med Ældre Sagen.",
        author,
        "workshop",
    )
    assert "Workshop med Ældre Sagen." in client.get(case.get_absolute_url()).content.decode()


def test_journal_entry_without_text_is_shown_again_with_the_error(client):
    case = CaseFactory()
    login(client, consultant(GULDBORGSUND))
    response = client.post(f"/cases/{case.slug}/journal/", {"date": "2026-11-20", "kind": "moede"})
    assert response.status_code == 400
    assert "text" in response.context["journal_form"].errors
    assert not case.journal.exists()


def test_consultant_elsewhere_cannot_write_in_the_journal(client):
    case = CaseFactory()
    login(client, consultant(SKANDERBORG))
    response = client.post(
        f"/cases/{case.slug}/journal/", {"date": "2026-11-20", "kind": "moede", "text": "Hej"}
    )
    assert response.status_code == 403
    assert not case.journal.exists()


def test_anonymous_journal_post_is_sent_to_log_in(client):
    case = CaseFactory()
    response = client.post(f"/cases/{case.slug}/journal/", {"text": "Hej"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Create and edit ---------------------------------------------------------------------


def test_consultant_creates_a_case_with_the_guided_form(client):
    author = login(client, consultant(GULDBORGSUND))
    form_page = client.get("/cases/new/")
    assert form_page.status_code == 200
    assert list(form_page.context["form"].fields["municipality"].queryset) == [
        municipality(GULDBORGSUND)
    ]

    response = client.post("/cases/new/", form_data())

    case = Case.objects.get(title="Frivillige på plejecentret")
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert case.created_by == author
    assert list(case.consultants.all()) == [author]


def test_consultant_cannot_create_a_case_for_another_municipality(client):
    login(client, consultant(GULDBORGSUND))
    response = client.post("/cases/new/", form_data(municipality=municipality(SKANDERBORG).pk))
    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    assert not Case.objects.exists()


def test_admin_may_choose_any_municipality(client):
    login(client, admin_user())
    form = client.get("/cases/new/").context["form"]
    assert form.fields["municipality"].queryset.count() == 98


def test_missing_fields_and_reversed_dates_are_explained_beside_the_fields(client):
    login(client, consultant(GULDBORGSUND))
    response = client.post(
        "/cases/new/",
        form_data(title="", start_date="2026-06-01", end_date="2026-05-01"),
    )
    errors = response.context["form"].errors
    assert response.status_code == 200
    assert set(errors) == {"title", "end_date"}
    html = response.content.decode()
    assert 'id="id_title_error"' in html
    assert 'id="id_end_date_error"' in html


@pytest.mark.parametrize("who", ["anonymous", "non_consultant"])
def test_create_page_needs_a_consultant(client, who):
    if who == "non_consultant":
        login(client, UserFactory())
    response = client.get("/cases/new/")
    assert response.status_code == (302 if who == "anonymous" else 403)


@pytest.mark.parametrize(
    ("who", "status"), [("colleague", 200), ("elsewhere", 403), ("admin", 200)]
)
def test_only_consultants_of_the_municipality_and_admins_may_edit(client, who, status):
    users = {
        "colleague": lambda: consultant(GULDBORGSUND),
        "elsewhere": lambda: consultant(SKANDERBORG),
        "admin": admin_user,
    }
    login(client, users[who]())
    case = CaseFactory(visibility=Visibility.INTERN)
    assert client.get(f"/cases/{case.slug}/edit/").status_code == status
    response = client.post(f"/cases/{case.slug}/edit/", form_data(title="Nyt navn"))
    assert response.status_code == (302 if status == 200 else 403)
    case.refresh_from_db()
    assert (case.title == "Nyt navn") == (status == 200)


def test_anonymous_edit_is_sent_to_log_in(client):
    case = CaseFactory()
    response = client.get(f"/cases/{case.slug}/edit/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_edit_records_a_revision_shown_in_the_history(client):
    editor = consultant(GULDBORGSUND, first_name="Karen", last_name="Blixen")
    case = services.create_case(user=editor, **form_data(municipality=editor.municipality))
    login(client, editor)

    client.post(
        f"/cases/{case.slug}/edit/",
        form_data(title="Nyt navn", unit="Park og Vej", consultants=[editor.pk]),
    )

    revision = case.revisions.first()
    assert revision.changed_by == editor
    assert set(revision.changed_fields) == {"title", "unit"}
    html = client.get(case.get_absolute_url()).content.decode()
    assert "Karen Blixen" in html
    assert str(Case._meta.get_field("unit").verbose_name) in html


def test_history_is_not_shown_to_anonymous_visitors(client):
    editor = consultant(GULDBORGSUND, first_name="Karen", last_name="Blixen")
    case = services.create_case(user=editor, **form_data(municipality=editor.municipality))
    assert "Karen Blixen" not in client.get(case.get_absolute_url()).content.decode()


def test_spread_from_is_chosen_by_the_other_cases_address_name(client):
    origin = CaseFactory(slug="oprindelsen")
    login(client, consultant(GULDBORGSUND))
    client.post("/cases/new/", form_data(spread_from="oprindelsen"))
    assert Case.objects.get(title="Frivillige på plejecentret").spread_from == origin

    response = client.post("/cases/new/", form_data(title="Anden", spread_from="findes-ikke"))
    assert "spread_from" in response.context["form"].errors


# --- Photos ------------------------------------------------------------------------------


def upload(client, case, image, alt_text="Frivillige spiller kort med beboerne"):
    return client.post(
        f"/cases/{case.slug}/photos/",
        {"image": image, "alt_text": alt_text, "caption": "", "people_consent": "on"},
    )


def test_photo_form_is_multipart(client):
    case = CaseFactory()
    login(client, consultant(GULDBORGSUND))
    assert (
        'enctype="multipart/form-data"'
        in client.get(f"/cases/{case.slug}/photos/").content.decode()
    )


def test_jpeg_is_accepted_and_its_gps_location_is_stripped(client, media):
    case = CaseFactory()
    login(client, consultant(GULDBORGSUND))
    original = jpeg_with_gps()
    assert Image.open(original).getexif().get(0x8825)
    original.seek(0)

    response = upload(client, case, original)

    assert response.status_code == 302
    photo = case.photos.get()
    with Image.open(photo.image.path) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()
        assert "exif" not in stored.info
    assert photo.people_consent_at is not None
    html = client.get(case.get_absolute_url()).content.decode()
    assert f'src="{photo.image.url}" alt="Frivillige spiller kort med beboerne"' in html


def test_png_is_accepted(client, media):
    case = CaseFactory()
    login(client, consultant(GULDBORGSUND))
    assert upload(client, case, png()).status_code == 302
    assert case.photos.count() == 1


def test_text_file_renamed_to_jpg_is_rejected_with_a_message(client, media):
    case = CaseFactory()
    login(client, consultant(GULDBORGSUND))
    fake = io.BytesIO(b"Dette er ikke et billede.")
    fake.name = "billede.jpg"
    response = upload(client, case, fake)
    assert response.status_code == 400
    assert response.context["form"].errors["image"]
    assert not Photo.objects.exists()


def test_photo_over_10_mb_is_rejected(client, media):
    case = CaseFactory()
    login(client, consultant(GULDBORGSUND))
    big = io.BytesIO(b"\xff\xd8\xff" + b"0" * (10 * 1024 * 1024))
    big.name = "stort.jpg"
    response = upload(client, case, big)
    assert response.status_code == 400
    assert response.context["form"].errors["image"]
    assert not Photo.objects.exists()


def test_photo_without_alt_text_is_rejected(client, media):
    case = CaseFactory()
    login(client, consultant(GULDBORGSUND))
    response = upload(client, case, png(), alt_text="")
    assert response.status_code == 400
    assert response.context["form"].errors["alt_text"]
    assert not Photo.objects.exists()


def test_consultant_elsewhere_cannot_add_photos(client, media):
    case = CaseFactory()
    login(client, consultant(SKANDERBORG))
    assert upload(client, case, png()).status_code == 403
    assert not Photo.objects.exists()


# --- Toolbox -----------------------------------------------------------------------------


def test_toolbox_lists_grips_and_a_grip_page_shows_questions_dos_donts_and_visible_cases(client):
    grip = GripFactory(
        title="Start med borgerens spørgsmål",
        good_questions="Hvad er vigtigt for dig?\n\nHvem kender du?",
        dos="Lyt først\nSpørg igen",
        donts="Kom med en færdig løsning",
    )
    CaseFactory(title="Offentlig brug").grips.add(grip)
    CaseFactory(title="Hemmelig brug", visibility=Visibility.KLADDE).grips.add(grip)

    assert "Start med borgerens spørgsmål" in client.get("/cases/toolbox/").content.decode()
    html = client.get(f"/cases/toolbox/{grip.slug}/").content.decode()
    assert "<li>Hvad er vigtigt for dig?</li><li>Hvem kender du?</li>" in html
    assert "<li>Lyt først</li><li>Spørg igen</li>" in html
    assert "<li>Kom med en færdig løsning</li>" in html
    assert "Offentlig brug" in html
    assert "Hemmelig brug" not in html


def test_unknown_grip_is_404(client):
    assert client.get("/cases/toolbox/findes-ikke/").status_code == 404
