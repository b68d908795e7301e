"""The catalogue (medborgerskabskatalog): a consultant picks cases by filter or by hand,
orders them, and gets a printable page and a PDF, cached until one of its cases changes."""

from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from projects.catalogue import pdf as renderer
from projects.catalogue import selectors, services
from projects.catalogue.models import Catalogue, CataloguePdf, PdfStatus
from projects.models import Photo, Track, Visibility
from tests.factories import CaseFactory, GripFactory, QuoteFactory, consultant, municipality

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def catalogue_of(owner, cases, **fields):
    return services.save_catalogue(
        user=owner,
        title=fields.pop("title", "Medborgerskab i Aarhus"),
        case_ids=[case.pk for case in cases],
        **fields,
    )


def builder_post(client, catalogue=None, *, query="", **data):
    url = (
        reverse("projects:catalogue:edit", args=[catalogue.pk])
        if catalogue
        else reverse("projects:catalogue:create")
    )
    return client.post(url, {"title": "Gode eksempler", "intro": "", **data, "filter_query": query})


def pdf_url(catalogue):
    return reverse("projects:catalogue:pdf", args=[catalogue.pk])


@pytest.fixture
def count_builds(monkeypatch):
    """How often a PDF was laid out, and the progress each build reported."""
    builds = []
    original = renderer.render_catalogue

    def counting(catalogue, case_ids, *, progress=None, **kwargs):
        reported = []
        builds.append(reported)

        def record(done):
            reported.append(done)
            if progress is not None:
                progress(done)

        return original(catalogue, case_ids, progress=record, **kwargs)

    monkeypatch.setattr(renderer, "render_catalogue", counting)
    return builds


# --- Building ------------------------------------------------------------------------------


def test_consultant_picks_cases_by_hand_and_orders_them(client):
    owner = consultant()
    first, second, third = CaseFactory(), CaseFactory(), CaseFactory()
    client.force_login(owner)
    response = builder_post(client, add=[first.pk, second.pk, third.pk])
    assert response.status_code == 302
    catalogue = Catalogue.objects.get(owner=owner)
    assert selectors.catalogue_case_ids(catalogue, owner) == [first.pk, second.pk, third.pk]

    builder_post(
        client,
        catalogue,
        **{f"position-{third.pk}": 1, f"position-{first.pk}": 2, f"position-{second.pk}": 3},
    )
    assert selectors.catalogue_case_ids(catalogue, owner) == [third.pk, first.pk, second.pk]

    builder_post(client, catalogue, remove=[first.pk])
    assert selectors.catalogue_case_ids(catalogue, owner) == [third.pk, second.pk]


def test_cases_are_picked_by_the_list_pages_filters(client):
    owner = consultant()
    matching = [CaseFactory(track=Track.TRAENINGSBANE) for _ in range(3)]
    CaseFactory(track=Track.FACILITERING)
    client.force_login(owner)
    page = client.get(reverse("projects:catalogue:create"), {"track": Track.TRAENINGSBANE})
    assert page.status_code == 200
    assert "3 cases passer." in page.content.decode()
    builder_post(client, query=f"track={Track.TRAENINGSBANE}", add_matching="1")
    catalogue = Catalogue.objects.get(owner=owner)
    assert set(selectors.catalogue_case_ids(catalogue, owner)) == {case.pk for case in matching}


def test_the_builder_searches_the_cases(client):
    owner = consultant()
    CaseFactory(title="Spirende baghave i Nykøbing")
    CaseFactory(title="Fodbold for alle")
    client.force_login(owner)
    page = client.get(reverse("projects:catalogue:create"), {"q": "baghave"}).content.decode()
    assert "Spirende baghave i Nykøbing" in page
    assert "Fodbold for alle" not in page


def test_a_draft_of_another_municipality_cannot_be_added(client):
    owner = consultant("376")
    draft = CaseFactory(visibility=Visibility.KLADDE, municipality=municipality("751"))
    client.force_login(owner)
    response = builder_post(client, add=[draft.pk])
    assert response.status_code == 400
    assert "Kun cases, du må se" in response.content.decode()
    assert not Catalogue.objects.exists()
    with pytest.raises(ValidationError):
        catalogue_of(owner, [draft])


def test_anonymous_visitors_cannot_build_a_catalogue(client):
    response = client.get(reverse("projects:catalogue:create"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    response = builder_post(client, add=[CaseFactory().pk])
    assert response.status_code == 302
    assert not Catalogue.objects.exists()


def test_another_consultant_reads_my_catalogue_but_cannot_change_it(client):
    catalogue = catalogue_of(consultant(), [CaseFactory()], title="Min samling")
    client.force_login(consultant())
    assert client.get(catalogue.get_absolute_url()).status_code == 200
    assert client.get(reverse("projects:catalogue:edit", args=[catalogue.pk])).status_code == 403
    response = builder_post(client, catalogue, title="Overtaget")
    assert response.status_code == 403
    catalogue.refresh_from_db()
    assert catalogue.title == "Min samling"


def test_each_reader_sees_only_the_cases_they_may_see(client):
    owner = consultant("376")
    public = CaseFactory(title="Åben have")
    draft = CaseFactory(title="Hemmelig kladde", visibility=Visibility.KLADDE)
    catalogue = catalogue_of(owner, [public, draft])
    client.force_login(consultant("751"))
    page = client.get(catalogue.get_absolute_url()).content.decode()
    assert "Åben have" in page
    assert "Hemmelig kladde" not in page


def test_a_catalogue_of_public_cases_can_be_shared_publicly(client):
    owner = consultant()
    shared = catalogue_of(owner, [CaseFactory(title="Åben have")], is_public=True)
    private = catalogue_of(owner, [CaseFactory()])
    assert "Åben have" in client.get(shared.get_absolute_url()).content.decode()
    assert client.get(private.get_absolute_url()).status_code == 404
    with pytest.raises(ValidationError) as error:
        catalogue_of(owner, [CaseFactory(visibility=Visibility.INTERN)], is_public=True)
    assert "is_public" in error.value.error_dict


# --- The printable page --------------------------------------------------------------------


def test_a_quotes_speaker_name_appears_only_with_consent(client):
    with_consent, without = CaseFactory(), CaseFactory()
    QuoteFactory(case=with_consent, speaker_name="Karen Jensen", name_consent_at=timezone.now())
    QuoteFactory(case=without, speaker_name="Hans Hansen")
    catalogue = catalogue_of(consultant(), [with_consent, without], is_public=True)
    page = client.get(catalogue.get_absolute_url()).content.decode()
    assert "Karen Jensen, frivillig, Ældre Sagen" in page
    assert "Hans Hansen" not in page
    assert page.count("frivillig, Ældre Sagen") == 2


def test_a_photo_is_shown_with_its_alt_text_only_with_consent(client):
    case = CaseFactory()
    Photo.objects.create(
        case=case,
        image=SimpleUploadedFile("have.png", PNG),
        alt_text="Beboere planter kartofler",
        people_consent_at=timezone.now(),
    )
    Photo.objects.create(
        case=case, image=SimpleUploadedFile("fest.png", PNG), alt_text="Sommerfesten"
    )
    page = client.get(catalogue_of(consultant(), [case], is_public=True).get_absolute_url())
    html = page.content.decode()
    assert 'alt="Beboere planter kartofler"' in html
    assert "Sommerfesten" not in html


def test_the_page_has_cover_contents_and_a_spread_per_case(client):
    case = CaseFactory(title="Frivillige på Bakkehuset", step=3, outside_in=True)
    case.grips.add(GripFactory(title="Spørg borgeren først"))
    catalogue = catalogue_of(consultant("751"), [case], is_public=True, intro="Til inspiration.")
    html = client.get(catalogue.get_absolute_url()).content.decode()
    assert "Medborgerskab i Aarhus" in html and "Medborgerskabskatalog" in html
    assert "Aarhus Kommune" in html
    assert timezone.localdate().strftime("%Y") in html and "Indhold" in html
    assert 'href="#case-' in html and 'id="case-' in html
    assert "Spørg borgeren først" in html
    assert 'id="' + case.slug + '-staircase-title"' in html
    assert "css/print.css" in html


@pytest.mark.parametrize("case_count", [2, 12])
def test_the_page_costs_the_same_queries_however_many_cases(
    client, django_assert_max_num_queries, case_count
):
    owner = consultant()
    cases = [CaseFactory() for _ in range(case_count)]
    for case in cases:
        QuoteFactory(case=case)
        case.grips.add(GripFactory())
    catalogue = catalogue_of(owner, cases)
    client.force_login(owner)
    with django_assert_max_num_queries(10):
        assert client.get(catalogue.get_absolute_url()).status_code == 200


# --- The PDF -------------------------------------------------------------------------------


def test_the_pdf_is_a_real_pdf_with_danish_letters():
    case = CaseFactory(title="Ældre på Møn går sammen", step=2)
    QuoteFactory(case=case, text="Vi fik det bedre, både børn og ældre.")
    catalogue = catalogue_of(consultant(), [case], title="Æbler, øer og åer")
    html = render_to_string(
        "projects/catalogue/pdf_spread.html", {"catalogue": catalogue, "case": case, "number": 1}
    )
    assert "Ældre på Møn" in html
    content, pages = renderer.render_catalogue(catalogue, [case.pk])
    assert content.startswith(b"%PDF-")
    # cover, contents, the case's portrait and its facts
    assert pages >= 4
    # Laid out in Debian's DejaVu, which has every letter: no æ, ø or å is missing.
    front = renderer.front_document(catalogue, [case], {}, renderer.print_stylesheet())
    front.write_pdf()
    fonts = list(front.fonts.values())
    assert fonts and all(b"DejaVu" in font.name and not font.missing for font in fonts)


def test_the_pdf_is_served_from_the_cache_and_rebuilt_after_a_case_changes(client, count_builds):
    owner = consultant()
    case = CaseFactory()
    catalogue = catalogue_of(owner, [case])
    client.force_login(owner)
    first = client.get(pdf_url(catalogue))
    assert first["Content-Type"] == "application/pdf"
    assert b"".join(first.streaming_content).startswith(b"%PDF")
    second = client.get(pdf_url(catalogue))
    assert b"".join(second.streaming_content).startswith(b"%PDF")
    assert len(count_builds) == 1

    case.title = "Et nyt navn"
    case.save()
    client.get(pdf_url(catalogue))
    assert len(count_builds) == 2
    catalogue.refresh_from_db()
    services.save_catalogue(user=owner, catalogue=catalogue, title="Ny titel", case_ids=[case.pk])
    client.get(pdf_url(catalogue))
    assert len(count_builds) == 3


def test_only_a_change_to_what_the_catalogue_shows_rebuilds_its_pdf(client, count_builds):
    owner = consultant()
    shown, elsewhere = CaseFactory(), CaseFactory()
    grip = GripFactory(title="Spørg først")
    catalogue = catalogue_of(owner, [shown])
    client.force_login(owner)

    def builds_after(change):
        before = len(count_builds)
        change()
        client.get(pdf_url(catalogue))
        return len(count_builds) - before

    assert builds_after(lambda: None) == 1  # the first build
    elsewhere.title = "En sag i intet katalog"
    assert builds_after(elsewhere.save) == 0
    assert builds_after(lambda: QuoteFactory(case=elsewhere)) == 0
    assert builds_after(lambda: shown.grips.add(grip)) == 1  # from the case's side
    assert builds_after(lambda: grip.cases.remove(shown)) == 1  # from the grip's side
    grip.title = "Spørg altid først"
    assert builds_after(grip.save) == 1  # a shared table the spreads show
    assert builds_after(lambda: QuoteFactory(case=shown)) == 1


def test_a_large_catalogue_is_built_by_the_task_with_progress(
    client, count_builds, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "INLINE_LIMIT", 2)
    owner = consultant()
    catalogue = catalogue_of(owner, [CaseFactory() for _ in range(3)])
    client.force_login(owner)
    page = client.get(catalogue.get_absolute_url()).content.decode()
    assert "baggrunden" in page  # built in the background, the page says
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(pdf_url(catalogue))
    assert response.status_code == 302
    pdf = CataloguePdf.objects.get(catalogue=catalogue)
    assert pdf.status == PdfStatus.QUEUED and callbacks
    page = client.get(catalogue.get_absolute_url()).content.decode()
    assert 'role="status"' in page and "0 af 3 cases" in page
    status = client.get(reverse("projects:catalogue:pdf_status", args=[catalogue.pk])).json()
    assert status["status"] == "queued" and status["percent"] == 0

    for callback in callbacks:  # the commit: the outbox hands the build to the (eager) task
        callback()
    assert count_builds == [[1, 2, 3]]
    status_url = reverse("projects:catalogue:pdf_status", args=[catalogue.pk])
    status = client.get(status_url).json()
    assert status["status"] == "ready" and status["percent"] == 100
    assert status["message"] == "PDF'en er klar."
    response = client.get(pdf_url(catalogue))
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert len(count_builds) == 1

    # A case elsewhere changes: the page still follows (and links to) the build it showed.
    CaseFactory(title="En helt anden case")
    status = client.get(status_url, {"build": pdf.pk}).json()
    assert status["status"] == "ready" and status["pdf_url"].endswith(f"?build={pdf.pk}")
    response = client.get(status["pdf_url"])
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert len(count_builds) == 1


def test_a_build_is_not_handed_to_a_reader_who_may_not_see_its_cases(client, count_builds):
    owner = consultant("376")
    draft = CaseFactory(title="Hemmelig kladde", visibility=Visibility.KLADDE)
    catalogue = catalogue_of(owner, [CaseFactory(), draft])
    client.force_login(owner)
    client.get(pdf_url(catalogue))
    build = CataloguePdf.objects.get()
    client.force_login(consultant("751"))
    client.get(pdf_url(catalogue), {"build": build.pk})
    assert len(count_builds) == 2  # a PDF of what this reader may see, built for them
    assert CataloguePdf.objects.exclude(pk=build.pk).get().case_ids == build.case_ids[:1]


def test_a_failed_build_says_so_and_the_next_request_tries_again(client, monkeypatch):
    owner = consultant()
    catalogue = catalogue_of(owner, [CaseFactory()])
    client.force_login(owner)

    def broken(*args, **kwargs):
        raise OSError("no fonts")

    original = renderer.render_catalogue
    monkeypatch.setattr(renderer, "render_catalogue", broken)
    response = client.get(pdf_url(catalogue), follow=True)
    assert "PDF'en kunne ikke laves. Prøv igen." in unescape(response.content.decode())
    assert CataloguePdf.objects.get().status == PdfStatus.FAILED

    monkeypatch.setattr(renderer, "render_catalogue", original)
    response = client.get(pdf_url(catalogue))
    assert response["Content-Type"] == "application/pdf"
    assert CataloguePdf.objects.get().status == PdfStatus.READY


def test_the_owner_deletes_a_catalogue_with_its_pdfs_and_nobody_else_can(
    client, django_capture_on_commit_callbacks
):
    owner = consultant()
    case = CaseFactory()
    catalogue = catalogue_of(owner, [case])
    client.force_login(owner)
    client.get(pdf_url(catalogue))
    stored = CataloguePdf.objects.get().file
    assert stored.storage.exists(stored.name)
    delete_url = reverse("projects:catalogue:delete", args=[catalogue.pk])

    client.force_login(consultant())
    assert client.post(delete_url).status_code == 403

    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(delete_url).status_code == 302
    assert not Catalogue.objects.exists()
    assert not stored.storage.exists(stored.name)
    case.refresh_from_db()  # the case itself stays


def test_the_pdf_reads_photos_from_storage_and_fetches_nothing_else():
    case = CaseFactory(story="![kort](http://169.254.169.254/latest/meta-data/)")
    photo = Photo.objects.create(
        case=case,
        image=SimpleUploadedFile("have.png", PNG),
        alt_text="Beboere planter kartofler",
        people_consent_at=timezone.now(),
    )
    fetcher = renderer.StorageFetcher()
    response = fetcher.fetch(renderer.BASE_URL + photo.image.url.lstrip("/"))
    assert response.read() == PNG and response.content_type == "image/png"
    for address in (
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        renderer.BASE_URL + "static/css/print.css",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(address)
    content, _pages = renderer.render_catalogue(catalogue_of(consultant(), [case]), [case.pk])
    assert b"/Subtype /Image" in content  # the photo is in the PDF


def test_a_build_whose_worker_died_is_built_again_by_the_next_reader(count_builds):
    owner = consultant()
    case = CaseFactory()
    catalogue = catalogue_of(owner, [case])
    long_ago = timezone.now() - services.BUILD_STALE_AFTER * 2
    CataloguePdf.objects.create(
        catalogue=catalogue,
        key=services.pdf_key(catalogue, [case.pk]),
        case_ids=[case.pk],
        status=PdfStatus.BUILDING,
        started_at=long_ago,
    )
    pdf = services.request_pdf(catalogue=catalogue, viewer=owner)
    assert pdf.status == PdfStatus.READY and len(count_builds) == 1
