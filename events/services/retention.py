"""Anonymising registrations: the one rule for what is erased, and the retention job
(events.selectors.anonymisation_date says the citizen the day)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskabelse.models import AnonymisationReason, AnonymisedData
from samskabelse.services import record_anonymisation

from .. import selectors
from ..models import (
    Registration,
)


def anonymise_registration(registration, *, now=None):
    """The one rule for what anonymising a registration erases: name, email, organisation,
    job title and needs. The row keeps its occurrence, status and timestamps, so the counts
    per status stay for statistics. Used by the retention job and by "Mine data"."""
    registration.name = _("Anonymised")
    registration.email = f"anonym-{registration.pk}@invalid"
    registration.organisation = ""
    registration.job_title = ""
    registration.needs = ""
    registration.anonymised_at = now or timezone.now()
    registration.save()
    return registration


def anonymise_registrations(*, older_than_days, now=None):
    """Personal data go on the day selectors.anonymisation_date names: the job (hourly, so
    early on that day) takes every registration whose occurrence ended before the cutoff
    that date implies. The rows (and so the counts per status) stay for statistics. One
    transaction with its entry in the anonymisation log."""
    now = now or timezone.now()
    cutoff = selectors.anonymisation_cutoff(now=now, retention_days=older_than_days)
    count = 0
    with transaction.atomic():
        # Rows a cancellation or a Mine data erasure holds are left for the next run; only
        # the registrations are locked, never the occurrence that registering needs.
        due = Registration.objects.select_for_update(skip_locked=True, of=("self",)).filter(
            occurrence__ends_at__lt=cutoff, anonymised_at__isnull=True
        )
        for registration in due.iterator():
            anonymise_registration(registration, now=now)
            count += 1
        record_anonymisation(
            kind=AnonymisedData.REGISTRATIONS,
            reason=AnonymisationReason.RETENTION,
            count=count,
            now=now,
        )
    return count
