"""The catalogue as a PDF, laid out by WeasyPrint from the same templates and print
stylesheet as the printable page.

Each case's spread is laid out as a document of its own, so the build can report progress
after each case and knows on which page each case starts; the cover and contents are laid
out last, with those page numbers, and all pages are written as one PDF (WeasyPrint
resolves the contents' links across them). Photos are read from storage, never over HTTP:
the fetcher below answers only the media files and this project's static files and
refuses every other address, so nothing in a case's text can make the renderer fetch."""

import mimetypes
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation

from .selectors import cases_in_order

# Relative addresses in the templates resolve against this made-up origin; the fetcher
# maps it to storage and refuses every other.
BASE_URL = "https://catalogue.invalid/"
# The print stylesheet holds all a printed catalogue needs; the screen stylesheet is left out
# (WeasyPrint would parse it, warn about its screen rules, and use none of them).
STYLESHEET = "css/print.css"


class StorageFetcher(weasyprint.urls.URLFetcher):
    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = unquote(parts.path).lstrip("/")
        media = settings.MEDIA_URL.strip("/") + "/"
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or not path.startswith(media):
            raise ValueError(f"The catalogue does not fetch {url}")
        name = path.removeprefix(media)
        with default_storage.open(name, "rb") as file:
            body = file.read()
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return weasyprint.urls.URLFetcherResponse(url, body, {"Content-Type": content_type})


def _layout(template, context, *, stylesheet, first_page=1):
    html = render_to_string(template, context)
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=StorageFetcher())
    sheets = [stylesheet]
    if first_page != 1:  # the page numbers go on from the previous case's last page
        sheets.append(weasyprint.CSS(string=f"@page:first {{ counter-reset: page {first_page} }}"))
    return document.render(stylesheets=sheets)


def print_stylesheet():
    return weasyprint.CSS(filename=finders.find(STYLESHEET))


def render_catalogue(catalogue, case_ids, *, progress=None, language=None):
    """(PDF bytes, page count) of `catalogue` with the cases `case_ids`, in the catalogue's
    order (the ids were checked against the reader when the PDF was asked for). Calls
    progress(cases_done) after each case."""
    with translation.override(language or settings.LANGUAGE_CODE):
        cases = cases_in_order(case_ids)
        stylesheet = print_stylesheet()  # parsed once for every part
        spreads, starts = [], {}
        # The cover and contents come first; their length is known after laying them out
        # once, and does not change when the page numbers are filled in.
        front_pages = len(front_document(catalogue, cases, starts, stylesheet).pages)
        page = front_pages + 1
        for done, case in enumerate(cases, start=1):
            spread = _layout(
                "projects/catalogue/pdf_spread.html",
                {"catalogue": catalogue, "case": case, "number": done},
                stylesheet=stylesheet,
                first_page=page,
            )
            starts[case.pk] = page
            page += len(spread.pages)
            spreads.append(spread)
            if progress is not None:
                progress(done)
        front = front_document(catalogue, cases, starts, stylesheet)
        pages = [p for document in [front, *spreads] for p in document.pages]
        content = front.copy(pages).write_pdf()
    return content, len(pages)


def front_document(catalogue, cases, starts, stylesheet):
    """The cover and the contents, with the page each case starts on (once known)."""
    entries = [(case, starts.get(case.pk)) for case in cases]
    context = {"catalogue": catalogue, "entries": entries}
    return _layout("projects/catalogue/pdf_front.html", context, stylesheet=stylesheet)
