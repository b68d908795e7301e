"""Fair seats between municipalities: which unit a seat counts in, the seats each unit
holds, and the sentence that tells someone why they wait."""

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import (
    SEAT_STATUSES,
    QuotaScope,
    RegistrationStatus,
    WaitlistReason,
)


def quota_unit(occurrence, registration):
    """The bucket a registration's seat counts in under the occurrence's quota: its
    municipality or its region; None (a bucket of its own) without a municipality."""
    municipality = registration.municipality
    if municipality is None:
        return None
    if occurrence.quota_scope == QuotaScope.REGION:
        return municipality.region
    return municipality.pk


def _unit_field(occurrence):
    if occurrence.quota_scope == QuotaScope.REGION:
        return "municipality__region"
    return "municipality_id"


def quota_seats_taken(occurrence):
    """Seats taken per quota unit (municipality pk or region; None without one)."""
    field = _unit_field(occurrence)
    rows = (
        occurrence.registrations.filter(status__in=SEAT_STATUSES)
        .order_by()
        .values(field)
        .annotate(taken=Count("pk"))
    )
    return {row[field]: row["taken"] for row in rows}


QUOTA_MESSAGES = {
    (QuotaScope.MUNICIPALITY, False): gettext_lazy(
        "Your municipality has used its %(cap)d seats; you are on the waiting list."
    ),
    (QuotaScope.MUNICIPALITY, True): gettext_lazy(
        "Your municipality has used its %(cap)d seats until %(days)d days before; you are "
        "on the waiting list."
    ),
    (QuotaScope.REGION, False): gettext_lazy(
        "Your region has used its %(cap)d seats; you are on the waiting list."
    ),
    (QuotaScope.REGION, True): gettext_lazy(
        "Your region has used its %(cap)d seats until %(days)d days before; you are on the "
        "waiting list."
    ),
}


def quota_message(occurrence):
    """Why someone waits for the quota, as the receipt, mail, manage page and API say it."""
    released = occurrence.quota_release_days_before is not None
    return QUOTA_MESSAGES[(occurrence.quota_scope, released)] % {
        "cap": occurrence.quota_per_unit,
        "days": occurrence.quota_release_days_before,
    }


def waitlist_reason_text(registration):
    """What placed a waiting registration on the list, in words; None when not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    occurrence = registration.occurrence
    if registration.waitlist_reason == WaitlistReason.QUOTA and occurrence.quota_holds():
        return quota_message(occurrence)
    return _("All seats are taken; you are on the waiting list.")
