"""What this app tells other systems through webhooks (webhooks/): a case that becomes
public (`case.published`) and a public case that changes (`case.updated`), with the case as
the API shows it to anonymous clients. The data is public, so every endpoint that chose the
event receives it. A case that stops being public, and changes made through the journal,
photos, quotes or partners, send nothing."""

from webhooks import services as webhooks
from webhooks.models import EventType

from .models import Visibility
from .representation import CaseRepresentation
from .selectors import cases_visible_to


def public_case_data(case):
    representation = CaseRepresentation(
        request=webhooks.SiteRequest(), visible=cases_visible_to(None).select_related(None)
    )
    return representation.one(case.pk)


def publish_case_change(case, *, was_public, changed=True):
    """Call after the case's write, in its transaction."""
    if case.visibility != Visibility.OFFENTLIG:
        return
    if was_public and not changed:
        return
    event_type = EventType.CASE_UPDATED if was_public else EventType.CASE_PUBLISHED
    webhooks.publish(event_type=event_type, data=lambda: public_case_data(case))
