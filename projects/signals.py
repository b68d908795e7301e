"""Writes that change what a case looks like bump the cases version (see caching.py).
Queryset updates and bulk inserts send no signals: their callers bump explicitly."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from samskabelse.models import Municipality, Organisation

from .caching import bump_cases_version
from .models import Case, CasePartner, Grip, Photo, Principle, Quote
from .services import refresh_search_vectors

SHOWN_ON_CASES = [Case, CasePartner, Quote, Photo, Principle, Grip, Organisation, Municipality]


def refresh_search_vector(sender, instance, raw=False, **kwargs):
    """The search document follows the case's text on every save, whoever saves it."""
    if not raw:
        refresh_search_vectors(Case.objects.filter(pk=instance.pk))


def connect():
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
