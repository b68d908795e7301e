"""Writes that change what a case looks like bump the cases version (see caching.py), and
writes to what hangs on one case (a partner, quote or photo) also move that case's
`updated_at`, so Last-Modified and `?updated_since=` see them whoever writes: a service, the
admin, a shell. So does a change to a case's principles, grips or consultants, from either
side of the relation, and a case that spreads from another touches the other. A write to a
shared table many cases show (a grip's title, a municipality's name) bumps the lookups
version instead of touching every case. Queryset updates and bulk inserts send no signals:
their callers bump explicitly."""

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.utils import timezone

from samskabelse.models import Municipality, Organisation

from .caching import bump_cases_version, bump_lookups_version
from .models import Attachment, Case, CasePartner, Grip, JournalEntry, Photo, Principle, Quote
from .services import refresh_search_vectors

SHOWN_ON_CASES = [
    Case, CasePartner, Quote, Photo, Attachment, Principle, Grip, Organisation, Municipality,
]  # fmt: skip
HANGING_ON_A_CASE = [CasePartner, Quote, Photo, Attachment, JournalEntry]
SHARED_BY_CASES = [Principle, Grip, Organisation, Municipality]
CASE_RELATIONS = ("principles", "grips", "consultants")
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


def remember_origin(sender, instance, **kwargs):
    """The case a case spread from, as loaded: a save that changes it touches the new one."""
    instance._origin_as_loaded = instance.__dict__.get("spread_from_id")


def touch_its_origin(sender, instance, created, raw=False, **kwargs):
    """A case spread from another, new or moved there: the other lists it (spread_to), so
    it has changed too, whoever saved the case (projects.representation keeps each case's
    list of the cases spread from it until the case changes)."""
    origin = instance.spread_from_id
    if raw or origin is None or (not created and origin == instance._origin_as_loaded):
        return
    Case.objects.filter(pk=origin).update(updated_at=timezone.now())
    instance._origin_as_loaded = origin


def touch_related_cases(sender, instance, action, reverse, pk_set, **kwargs):
    """A case's principles, grips or consultants changed: from the case's side the case
    itself, from the other side (grip.cases.add(...)) the cases named."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        cases = Case.objects.filter(pk=instance.pk)
    elif action == "pre_clear":  # the cases are still linked, and pk_set is None
        field = next(name for name in CASE_RELATIONS if getattr(Case, name).through is sender)
        cases = Case.objects.filter(**{field: instance})
    else:
        cases = Case.objects.filter(pk__in=pk_set or ())
    cases.update(updated_at=timezone.now())


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
    post_init.connect(remember_origin, sender=Case, dispatch_uid="cases-origin-as-loaded")
    post_save.connect(touch_its_origin, sender=Case, dispatch_uid="cases-touch-origin")
    for model in SHOWN_ON_CASES:
        post_save.connect(bump_cases_version, sender=model, dispatch_uid=f"cases-{model.__name__}")
        post_delete.connect(
            bump_cases_version, sender=model, dispatch_uid=f"cases-del-{model.__name__}"
        )
    for model in SHARED_BY_CASES:
        post_save.connect(
            bump_lookups_version, sender=model, dispatch_uid=f"lookups-{model.__name__}"
        )
        post_delete.connect(
            bump_lookups_version, sender=model, dispatch_uid=f"lookups-del-{model.__name__}"
        )
    for field in CASE_RELATIONS:
        through = getattr(Case, field).through
        m2m_changed.connect(bump_cases_version, sender=through, dispatch_uid=f"cases-m2m-{field}")
        m2m_changed.connect(touch_related_cases, sender=through, dispatch_uid=f"touch-m2m-{field}")
