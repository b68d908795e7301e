"""The sentence that tells a participant when their registration's personal data go, for
the receipt, the manage page, Mine data and every registration mail (the includes
events/_retention_note.html and .txt). The date is the retention job's own
(events.selectors.anonymisation_date)."""

from django import template
from django.conf import settings
from django.utils import formats
from django.utils.translation import ngettext

from events.selectors import anonymisation_date

register = template.Library()


@register.simple_tag
def retention_note(registration):
    """In the active language, e.g. "… Den 1. juni 2027 anonymiserer vi dem …"."""
    days = settings.REGISTRATION_RETENTION_DAYS
    return ngettext(
        "We keep your name, email and other details until %(days)d day has passed after the "
        "theme day. On %(date)s we anonymise them, and only the count of registrations stays.",
        "We keep your name, email and other details until %(days)d days have passed after the "
        "theme day. On %(date)s we anonymise them, and only the count of registrations stays.",
        days,
    ) % {
        "days": days,
        "date": formats.date_format(
            anonymisation_date(registration, retention_days=days), "DATE_FORMAT"
        ),
    }
