"""Writes of catalogues, and the rule of when a catalogue's PDF is built where.

- Only cases the builder may see (projects.selectors.cases_visible_to) go in, at most
  MAX_CASES; a catalogue shared publicly holds public cases only.
- A PDF is cached per `pdf_key`: it is served again until the catalogue, one of its cases
  (whose updated_at moves with everything hanging on it, projects/signals.py) or a shared
  table its spreads show (the lookups version, projects/caching.py) changes; a write to a
  case in no catalogue rebuilds nothing.
- Up to INLINE_LIMIT cases the PDF is built in the request; a larger one is built by a
  Celery task (queued through the outbox, so only once the request commits) that reports
  its progress on the CataloguePdf row, which the catalogue page polls.
"""

import hashlib
import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.caching import lookups_version
from projects.models import Case
from projects.selectors import cases_visible_to
from samskabelse import outbox
from samskabelse.exceptions import PermissionDenied

from . import selectors
from .models import Catalogue, CatalogueEntry, CataloguePdf, PdfStatus

logger = logging.getLogger(__name__)

MAX_CASES = 200
INLINE_LIMIT = 20
BUILD_PDF = "catalogue.build_pdf"
# A build that has not finished this long after it started died with its worker: the next
# reader queues it again. Longer than the task's time limit (tasks.py).
BUILD_STALE_AFTER = timedelta(minutes=6)
# Built PDFs kept per catalogue (readers who see different cases get different ones).
PDFS_KEPT = 3


def _clean_case_ids(user, case_ids):
    ids = list(dict.fromkeys(int(pk) for pk in case_ids))
    if len(ids) > MAX_CASES:
        raise ValidationError(
            {"cases": _("A catalogue holds at most %(max)d cases.") % {"max": MAX_CASES}}
        )
    visible = set(cases_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    if set(ids) - visible:
        raise ValidationError({"cases": _("Only cases you may see can be added to a catalogue.")})
    return ids


def save_catalogue(*, user, catalogue=None, title, intro="", is_public=False, case_ids=()):
    """Create (catalogue=None) or change a catalogue: its title, introduction, sharing and
    its cases in the given order. Staff only, and only the owner (or an admin) changes one;
    only cases the user may see; a publicly shared one holds public cases only."""
    if catalogue is None and not selectors.can_build_catalogue(user):
        raise PermissionDenied(_("Only staff can build a catalogue."))
    if catalogue is not None and not selectors.can_edit_catalogue(user, catalogue):
        raise PermissionDenied(_("Only the owner can change this catalogue."))
    ids = _clean_case_ids(user, case_ids)
    if is_public and selectors.cases_not_public(ids).exists():
        raise ValidationError(
            {
                "is_public": _(
                    "A catalogue can only be shared publicly when all its cases are public."
                )
            }
        )
    with transaction.atomic():
        if catalogue is None:
            catalogue = Catalogue(owner=user, municipality_id=user.municipality_id)
        catalogue.title, catalogue.intro, catalogue.is_public = title, intro, is_public
        catalogue.full_clean()
        catalogue.save()
        catalogue.entries.all().delete()
        CatalogueEntry.objects.bulk_create(
            CatalogueEntry(catalogue=catalogue, case_id=pk, position=position)
            for position, pk in enumerate(ids, start=1)
        )
    return catalogue


def delete_catalogue(*, user, catalogue):
    if not selectors.can_edit_catalogue(user, catalogue):
        raise PermissionDenied(_("Only the owner can change this catalogue."))
    names = [pdf.file.name for pdf in catalogue.pdfs.exclude(file="")]
    catalogue.delete()
    _delete_files_on_commit(names)


def pdf_key(catalogue, case_ids):
    """What a PDF of `catalogue` showing `case_ids` (in order) is built from: one query."""
    changed = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "updated_at"))
    parts = [str(catalogue.pk), catalogue.updated_at.isoformat(), lookups_version()]
    parts += [f"{pk}@{changed[pk].isoformat()}" for pk in case_ids if pk in changed]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def current_pdf(*, catalogue, case_ids):
    """The PDF row for the catalogue showing `case_ids` (what the reader sees of it now),
    or None if none was asked for yet (the page shows its progress or its link)."""
    return selectors.pdf_for(catalogue, pdf_key(catalogue, case_ids))


def request_pdf(*, catalogue, viewer):
    """The PDF of what `viewer` sees of the catalogue: the stored one while its key
    matches; else built now (small catalogues) or queued for the task (large ones). A
    failed or stale build is queued again."""
    case_ids = selectors.catalogue_case_ids(catalogue, viewer)
    key = pdf_key(catalogue, case_ids)
    with transaction.atomic():
        pdf, created = CataloguePdf.objects.get_or_create(
            catalogue=catalogue, key=key, defaults={"case_ids": case_ids}
        )
        if not created and not _needs_build(pdf):
            return pdf
        pdf = CataloguePdf.objects.select_for_update().get(pk=pdf.pk)
        if not created and not _needs_build(pdf):
            return pdf  # another request queued it meanwhile
        pdf.status, pdf.cases_done, pdf.started_at = PdfStatus.QUEUED, 0, None
        pdf.requested_at = timezone.now()  # a queued build is stale from this time on
        pdf.save(update_fields=["status", "cases_done", "started_at", "requested_at"])
        in_background = len(case_ids) > INLINE_LIMIT
        if in_background:
            outbox.enqueue(BUILD_PDF, pdf_id=pdf.pk)
    if not in_background:
        try:
            build_pdf(pdf_id=pdf.pk)
        except Exception:  # noqa: BLE001 - the row says it failed; the reader may try again
            logger.exception("Catalogue %s: the PDF could not be built", catalogue.pk)
    pdf.refresh_from_db()  # with eager Celery (the embedded default) the task has run too
    return pdf


def _needs_build(pdf):
    if pdf.status == PdfStatus.FAILED:
        return True
    if pdf.status in (PdfStatus.QUEUED, PdfStatus.BUILDING):
        since = pdf.started_at or pdf.requested_at
        return since < timezone.now() - BUILD_STALE_AFTER
    return False


def _claim(pdf_id):
    """Take a queued (or stale) build; None when it is done or another worker builds it."""
    with transaction.atomic():
        pdf = CataloguePdf.objects.select_for_update().filter(pk=pdf_id).first()
        if pdf is None or pdf.status == PdfStatus.READY:
            return None
        if pdf.status == PdfStatus.BUILDING and not _needs_build(pdf):
            return None
        pdf.status, pdf.cases_done, pdf.started_at = PdfStatus.BUILDING, 0, timezone.now()
        pdf.save(update_fields=["status", "cases_done", "started_at"])
    return pdf


def build_pdf(*, pdf_id):
    """Lay out the catalogue's PDF, recording after each case how far it has come, and
    store it. Idempotent: a build that is done or running elsewhere is left alone."""
    from . import pdf as renderer  # WeasyPrint is loaded only where PDFs are built

    pdf = _claim(pdf_id)
    if pdf is None:
        return
    try:

        def progress(cases_done):
            CataloguePdf.objects.filter(pk=pdf.pk).update(cases_done=cases_done)

        content, pages = renderer.render_catalogue(pdf.catalogue, pdf.case_ids, progress=progress)
    except Exception:
        CataloguePdf.objects.filter(pk=pdf.pk).update(status=PdfStatus.FAILED)
        raise
    pdf.file.save(f"{pdf.catalogue_id}-{pdf.key[:16]}.pdf", ContentFile(content), save=False)
    pdf.status, pdf.pages, pdf.finished_at = PdfStatus.READY, pages, timezone.now()
    pdf.cases_done = len(pdf.case_ids)
    pdf.save(update_fields=["file", "status", "pages", "finished_at", "cases_done"])
    _forget_old_pdfs(pdf.catalogue_id)


def _forget_old_pdfs(catalogue_id):
    """Keep the newest PDFS_KEPT built PDFs of a catalogue; older ones (and their files) go."""
    built = CataloguePdf.objects.filter(
        catalogue_id=catalogue_id, status__in=[PdfStatus.READY, PdfStatus.FAILED]
    )
    old = list(built.order_by("-requested_at", "-pk")[PDFS_KEPT:])
    names = [pdf.file.name for pdf in old if pdf.file]
    CataloguePdf.objects.filter(pk__in=[pdf.pk for pdf in old]).delete()
    _delete_files_on_commit(names)


def _delete_files_on_commit(names):
    def delete():
        for name in names:
            default_storage.delete(name)

    if names:
        transaction.on_commit(delete)
