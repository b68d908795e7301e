"""Writes that change what a case looks like bump the cases version (see caching.py), and
writes to what hangs on one case (a partner, quote or photo) also move that case's
`updated_at`, so Last-Modified and `?updated_since=` see them whoever writes: a service, the
admin, a shell. Queryset updates and bulk inserts send no signals: their callers bump
explicitly."""

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from samskabelse.models import Municipality, Organisation

from .caching import bump_cases_version
from .models import Attachment, Case, CasePartner, Grip, JournalEntry, Photo, Principle, Quote
from .services import refresh_search_vectors

SHOWN_ON_CASES = [
    Case, CasePartner, Quote, Photo, Attachment, Principle, Grip, Organisation, Municipality,
]  # fmt: skip
HANGING_ON_A_CASE = [CasePartner, Quote, Photo, Attachment, JournalEntry]
# Uploaded files and the field that holds them: deleted from storage with their row.
FILES = {Photo: "image", Attachment: "file"}


def refresh_search_vector(sender, instance, raw=False, **kwargs):
    """The search document follows the case's text on every save, whoever saves it."""
    if not raw:
        refresh_search_vectors(Case.objects.filter(pk=instance.pk))


def touch_its_case(sender, instance, raw=False, **kwargs):
    """A partner, quote or photo written or deleted: its case has changed."""
    if not raw and instance.case_id:
        Case.objects.filter(pk=instance.case_id).update(updated_at=timezone.now())


def delete_its_file(sender, instance, **kwargs):
    """A deleted photo or attachment leaves no file behind, however it was deleted (a
    service, the admin, a case deleted with everything on it). The file goes once the
    deletion is committed: a rolled-back delete keeps both row and file."""
    name = getattr(instance, FILES[sender]).name
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


def connect():
    for model in FILES:
        post_delete.connect(delete_its_file, sender=model, dispatch_uid=f"file-{model.__name__}")
    for model in HANGING_ON_A_CASE:
        post_save.connect(touch_its_case, sender=model, dispatch_uid=f"touch-{model.__name__}")
        post_delete.connect(
            touch_its_case, sender=model, dispatch_uid=f"touch-del-{model.__name__}"
        )
    post_save.connect(refresh_search_vector, sender=Case, dispatch_uid="cases-search-vector")
    for model in SHOWN_ON_CASES:
        post_save.connect(bump_cases_version, sender=model, dispatch_uid=f"cases-{model.__name__}")
        post_delete.connect(
            bump_cases_version, sender=model, dispatch_uid=f"cases-del-{model.__name__}"
        )
    for field in ("principles", "grips", "consultants"):
        m2m_changed.connect(
            bump_cases_version,
            sender=getattr(Case, field).through,
            dispatch_uid=f"cases-m2m-{field}",
        )
