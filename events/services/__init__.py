"""Writes on theme days and registrations. Everything that can change how many seats are
taken runs under the occurrence's row lock (samskabelse.locking), so the count read and
the registration written are one step: never more confirmed than capacity, and the
waiting list in arrival order.

The services live in modules by subject, as pretix splits base/services/: base (exceptions,
the mail, who manages), registration, waitinglist, quotas, occurrences (the organiser's
writes), retention and newsletter. Every public name is imported here, so callers write
`from events import services` and `services.register_participant(...)`."""

from .base import (  # noqa: F401
    CHANGEABLE_STATUSES,
    CONSENT_VERSION,
    ORGANISER_CONSENT_PREFIX,
    AlreadyRegistered,
    EventNotPublished,
    OccurrenceFull,
    RegistrationClosed,
    can_manage_event,
)
from .newsletter import (  # noqa: F401
    confirm_subscription,
    subscribe,
    unsubscribe,
)
from .occurrences import (  # noqa: F401
    MESSAGE_STATUSES,
    PARTICIPANT_FIELDS,
    cancel_occurrence,
    cancel_registrations,
    change_capacity,
    check_in,
    check_in_registrations,
    message_participants,
    message_recipients,
    move_occurrence,
    move_registrations,
    register_on_behalf,
    send_test_message,
    undo_check_in,
    update_participant,
)
from .quotas import (  # noqa: F401
    QUOTA_MESSAGES,
    quota_message,
    quota_seats_taken,
    quota_unit,
    waitlist_reason_text,
)
from .registration import (  # noqa: F401
    DETAIL_FIELDS,
    REGISTRANT_FIELDS,
    add_group_member,
    cancel_registration,
    register_participant,
    remove_group_member,
    update_registration_details,
)
from .retention import (  # noqa: F401
    anonymise_registration,
    anonymise_registrations,
)
from .waitinglist import (  # noqa: F401
    promote_from_waiting_list,
    release_due_quotas,
    release_quota,
    waitlist_position,
)
