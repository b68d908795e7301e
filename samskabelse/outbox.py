"""The transactional outbox: every side effect that must happen after a commit (mail now,
webhooks later) is a row written in the same transaction as the change it belongs to.

    outbox.enqueue("events.registration_mail", registration_id=pk, kind="confirmation")

- The row commits or rolls back with the caller's transaction: a rolled-back write
  sends nothing, and a committed one is never lost.
- After the commit the row is handed to Celery. A commit does not send a task per row: it
  "kicks" a drain (`drain_outbox`), at most one task per process every KICK_SECONDS, due
  just after that window ends, and the drain delivers every fresh row in one task, mail
  over one SMTP connection per batch. A burst of 200 registrations a second then costs
  the web workers a few hand-offs a second instead of 200. (Eager Celery, with no
  broker, delivers each row at once, as before.) A broker that is down or refuses writes
  is logged and leaves the row pending: the caller's answer never depends on the broker.
- The relay (`relay_outbox`, from beat every minute) hands on again what is pending and
  stuck (the broker was down, a worker died) and deletes done rows after some days.
- Delivery claims the row under its row lock and fences copies of the task by the
  attempt number, so a task delivered twice (broker redelivery, relay) runs the handler
  once. The one window left is a crash between the handler's success and the "done"
  mark; the mark is retried through reconnects to keep that window small.
- A failed attempt is retried with exponential backoff and jitter: short waits by the
  broker (Celery's countdown, kept below the visibility timeout, so Redis never
  redelivers a waiting retry), longer waits by the relay once the row is due.
- How often and how long: OUTBOX_MAX_ATTEMPTS, OUTBOX_RETRY_BACKOFF and
  OUTBOX_RETRY_BACKOFF_MAX for every handler, unless OUTBOX_RETRY_POLICIES gives a
  handler a policy of its own (webhook deliveries retry for about a day). A handler
  raises `TryLater` for a failure worth another attempt that is no exception of the
  database, broker or network (a webhook receiver that answered 503).

Handlers are plain functions registered by name, `@outbox.handler("app.what")`, in the
app's tasks.py; they get the payload as keyword arguments and open their own transaction
if they write. Payloads are JSON and hold ids
rather than personal data wherever an id suffices.
"""

import contextlib
import logging
import random
import smtplib
import time
from datetime import timedelta
from typing import NamedTuple

import kombu.exceptions
import redis.exceptions
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger(__name__)


class TryLater(Exception):
    """Raised by a handler whose attempt failed in a way worth another attempt later."""


# Errors worth another attempt: the database, the broker or the mail server was away.
TRANSIENT_ERRORS = (
    TryLater,
    OperationalError,
    InterfaceError,
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    smtplib.SMTPException,
    OSError,
    SoftTimeLimitExceeded,
)

_handlers = {}


def handler(name):
    """Register the function as the handler of outbox messages called `name`."""

    def register(function):
        if _handlers.setdefault(name, function) is not function:
            raise ImproperlyConfigured(f"Two outbox handlers are called {name!r}.")
        return function

    return register


class RetryPolicy(NamedTuple):
    max_attempts: int
    backoff: float  # seconds before the second attempt; doubling after that
    backoff_max: float


def retry_policy(handler_name=None):
    """The handler's retry policy: its entry in OUTBOX_RETRY_POLICIES over the defaults."""
    own = settings.OUTBOX_RETRY_POLICIES.get(handler_name, {}) if handler_name else {}
    return RetryPolicy(
        max_attempts=own.get("max_attempts", settings.OUTBOX_MAX_ATTEMPTS),
        backoff=own.get("backoff", settings.OUTBOX_RETRY_BACKOFF),
        backoff_max=own.get("backoff_max", settings.OUTBOX_RETRY_BACKOFF_MAX),
    )


def _attempts_left():
    """Rows with attempts left under their handler's policy, as one condition for SQL."""
    own = {name: retry_policy(name).max_attempts for name in settings.OUTBOX_RETRY_POLICIES}
    condition = Q(attempts__lt=settings.OUTBOX_MAX_ATTEMPTS) & ~Q(handler__in=list(own))
    for name, max_attempts in own.items():
        condition |= Q(handler=name, attempts__lt=max_attempts)
    return condition


def get_handler(name):
    if name not in _handlers:
        autodiscover_modules("tasks")  # a process that has not imported every app's tasks
    try:
        return _handlers[name]
    except KeyError:
        raise ImproperlyConfigured(f"No outbox handler is called {name!r}.") from None


def enqueue(handler_name, **payload):
    """Write the message in the current transaction; hand it to Celery once that commits."""
    from .models import OutboxMessage

    get_handler(handler_name)  # a misspelt name fails here, in the caller's transaction
    message = OutboxMessage.objects.create(
        handler=handler_name, payload=payload, dispatched_at=timezone.now()
    )
    dispatch_on_commit(message.pk)
    return message


def dispatch_on_commit(message_id):
    """Hand a message written in the current transaction (by enqueue, or by SQL of its
    own such as events_register()) to Celery once that commits; at once in autocommit."""
    transaction.on_commit(lambda: kick(message_id))


# A drain is due this long after the window its kick came in ends: the commits of the
# window are all done by then, so the drain sees their rows.
KICK_SECONDS = 0.25
KICK_MARGIN = 0.05
_kicked_window = None  # the last window this process kicked a drain for


def kick(message_id):
    """Make sure a drain runs after this (committed) message's row: one task for every
    commit of this process in the same KICK_SECONDS window. When the broker refuses, the
    row is left to the relay, as dispatch() does, and the next commit tries again. False
    when refused."""
    global _kicked_window
    from .tasks import drain_outbox

    if drain_outbox.app.conf.task_always_eager:
        return dispatch(message_id, attempt=0)
    now = time.time()
    window = int(now // KICK_SECONDS)
    if window == _kicked_window:
        return True
    due_in = (window + 1) * KICK_SECONDS - now + KICK_MARGIN
    try:
        drain_outbox.apply_async(countdown=due_in)
    except Exception as error:  # noqa: BLE001 - whatever the broker raises, the caller goes on
        _refused(message_id, error)
        return False
    _kicked_window = window
    return True


def dispatch(message_id, *, attempt):
    """Hand one message to the broker; False (logged, the row left for the relay) when the
    broker refuses. In eager mode (no broker) this runs the delivery itself."""
    from .tasks import deliver_outbox_message

    try:
        deliver_outbox_message.apply_async(kwargs={"message_id": message_id, "attempt": attempt})
    except Exception as error:  # noqa: BLE001 - whatever the broker raises, the caller goes on
        _refused(message_id, error)
        return False
    return True


def _refused(message_id, error):
    """The broker refused the hand-off: log it and leave the row to the relay's next run."""
    from .models import OutboxMessage

    logger.warning(
        "Outbox message %s not handed to the broker (%s); the relay will send it.",
        message_id,
        describe(error),
    )
    # Best effort: the relay also finds the row once its dispatch is stale.
    with contextlib.suppress(Exception):
        OutboxMessage.objects.filter(pk=message_id, done_at__isnull=True).update(dispatched_at=None)


class WillRetry(Exception):
    """What the retry is logged with: the error's short name, never its message (an SMTP
    refusal quotes the addresses)."""

    def __init__(self, error):
        super().__init__(describe(error))


class AttemptFailed(Exception):
    """The handler of a claimed message raised `error` on attempt number `attempt`."""

    def __init__(self, attempt, error, handler=None):
        super().__init__(attempt, error)
        self.attempt = attempt
        self.error = error
        self.handler = handler


def deliver(message_id, *, attempt):
    """Run the message's handler unless it is done, or another copy of the task holds or
    has taken this attempt. True when this call ran it."""
    message = _claim(message_id, attempt)
    if message is None:
        return False
    try:
        # Not in a transaction of ours: a COMMIT that fails after the mail went out would
        # make the attempt look failed, and the mail would go out again.
        get_handler(message.handler)(**message.payload)
    except Exception as error:
        raise AttemptFailed(message.attempts, error, message.handler) from error
    _mark_done(message.pk)
    return True


def _claim(message_id, attempt):
    """Take the next attempt: attempts + 1, and a lease (longer than the task's time limit)
    in available_at, so a copy arriving meanwhile sees that the attempt is taken."""
    from .models import OutboxMessage

    now = timezone.now()
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, done_at__isnull=True)
            .first()
        )
        if message is None:  # done, deleted, or another copy is claiming it right now
            return None
        if message.attempts != attempt and message.available_at > now:
            return None  # a running attempt's lease, or a retry not yet due
        if message.attempts >= retry_policy(message.handler).max_attempts:
            return None
        message.attempts += 1
        message.available_at = now + timedelta(seconds=settings.OUTBOX_LEASE)
        message.save(update_fields=["attempts", "available_at"])
    return message


def _mark_done(message_id):
    from .models import OutboxMessage

    for pause in (0, 0.2, 1, 2, 4):
        time.sleep(pause)
        try:
            OutboxMessage.objects.filter(pk=message_id).update(
                done_at=timezone.now(), last_error=""
            )
            return
        except (OperationalError, InterfaceError) as error:
            if connection.in_atomic_block:
                raise
            logger.warning("Outbox message %s: done not recorded (%s)", message_id, describe(error))
            connection.close()  # the next try opens a new connection
    logger.error("Outbox message %s ran but is not marked done; it may run again.", message_id)


def drain(*, batch=100, seconds=30, batch_context=contextlib.nullcontext):
    """Deliver the fresh messages (committed, handed on, never attempted, due) in this
    process, oldest first, `batch` at a time, each batch inside `batch_context()` (one
    SMTP connection, say), until none is left; True then, False when `seconds` ran out
    first (the caller kicks another drain). No message is begun after `seconds`: keep
    them short of the task's time limit by a message's longest attempt. Each message is
    claimed and fenced as by its own task, so a drain and a relayed task never both run
    one; a failed attempt is retried by the broker or the relay, as after a task's
    failure. An error before a claim (the database is away) is raised: nothing of the
    row has run."""
    from .models import OutboxMessage

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        fresh = list(
            OutboxMessage.objects.filter(
                done_at__isnull=True,
                attempts=0,
                dispatched_at__isnull=False,
                available_at__lte=timezone.now(),
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not fresh:
            return True
        with batch_context():
            for message_id in fresh:
                # Checked before each message, so the task's time limit, which may cut a
                # handler short after it has sent, is only ever reached by one message.
                if time.monotonic() >= deadline:
                    return False
                _deliver_drained(message_id)
    return False


def _deliver_drained(message_id):
    from .tasks import deliver_outbox_message

    try:
        deliver(message_id, attempt=0)
    except AttemptFailed as failure:
        countdown = after_failure(message_id, failure)
        if isinstance(failure.error, SoftTimeLimitExceeded):
            raise failure.error from None  # the drain's time is up: the rest wait for the next one
        if not is_transient(failure.error):
            logger.error("Outbox message %s failed (%s).", message_id, describe(failure.error))
        if countdown is None:
            return  # the relay's, once due
        kwargs = {"message_id": message_id, "attempt": failure.attempt}
        # Refused: the row is marked handed on, so the relay takes it once it is stuck.
        with contextlib.suppress(Exception):
            deliver_outbox_message.apply_async(kwargs=kwargs, countdown=countdown)


def retry_delay(attempt, policy=None):
    """Seconds before attempt number `attempt` + 1: doubling from the policy's backoff
    (OUTBOX_RETRY_BACKOFF) up to its backoff_max (OUTBOX_RETRY_BACKOFF_MAX), with equal
    jitter so a burst of failures spreads out."""
    policy = policy or retry_policy()
    ceiling = min(policy.backoff_max, policy.backoff * 2 ** (attempt - 1))
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def is_transient(error):
    return isinstance(error, TRANSIENT_ERRORS)


def after_failure(message_id, failure, *, eager=False):
    """Record a failed attempt and decide who makes the next: returns the countdown when
    the broker should (a short wait), None when the relay will (a long wait, an error that
    is not transient, or no attempts left)."""
    from .models import OutboxMessage

    attempt, error = failure.attempt, failure.error
    policy = retry_policy(failure.handler)
    left = attempt < policy.max_attempts
    delay = retry_delay(attempt, policy)
    by_broker = left and is_transient(error) and (eager or delay <= broker_retry_limit())
    now = timezone.now()
    # When the database is away too, the lease runs out and the relay takes over.
    with contextlib.suppress(OperationalError, InterfaceError):
        OutboxMessage.objects.filter(pk=message_id, attempts=attempt, done_at__isnull=True).update(
            available_at=now + timedelta(seconds=delay),
            dispatched_at=now if by_broker else None,
            last_error=describe(error),
        )
    if not left:
        logger.error(
            "Outbox message %s failed %s times (%s); giving up.",
            message_id,
            attempt,
            describe(error),
        )
    return delay if by_broker else None


def broker_retry_limit():
    """The longest countdown the broker may hold: a waiting retry is unacknowledged, and
    Redis redelivers what stays unacknowledged longer than the visibility timeout."""
    return settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] - settings.OUTBOX_LEASE


def relay(*, batch=500):
    """Hand on what is pending and due that no worker has taken: never handed to the broker
    (or refused by it), waiting for a long retry, or stuck for OUTBOX_STUCK_AFTER seconds
    past its due time (the broker lost it, the worker died). Deletes done rows older than
    OUTBOX_KEEP_DONE_DAYS. Returns how many were handed on."""
    from .models import OutboxMessage

    now = timezone.now()
    stuck_since = now - timedelta(seconds=settings.OUTBOX_STUCK_AFTER)
    with transaction.atomic():
        due = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(_attempts_left(), done_at__isnull=True)
            .filter(
                Q(available_at__lte=stuck_since)
                | Q(dispatched_at__isnull=True, available_at__lte=now)
            )
            .order_by("available_at")
            .values_list("pk", "attempts")[:batch]
        )
        OutboxMessage.objects.filter(pk__in=[pk for pk, _attempts in due]).update(
            dispatched_at=now, available_at=now
        )
    handed_on = 0
    for pk, attempts in due:
        if not dispatch(pk, attempt=attempts):
            break  # the broker is away: the rest wait for the next run
        handed_on += 1
    if handed_on < len(due):
        rest = [pk for pk, _attempts in due[handed_on:]]
        OutboxMessage.objects.filter(pk__in=rest, done_at__isnull=True).update(dispatched_at=None)
    OutboxMessage.objects.filter(
        done_at__lt=now - timedelta(days=settings.OUTBOX_KEEP_DONE_DAYS)
    ).delete()
    return handed_on


def try_again(messages):
    """Give pending messages (a queryset) that were given up or are due a fresh round of
    attempts from the next relay run; one being attempted right now (its lease runs) is
    left alone. Returns how many."""
    now = timezone.now()
    return (
        messages.filter(done_at__isnull=True)
        .filter(~_attempts_left() | Q(available_at__lte=now))
        .update(attempts=0, available_at=now, dispatched_at=None)
    )


def describe(error):
    """A short, personal-data-free name of an error: its class and any SMTP or OS code,
    never its message (SMTP refusals quote the addresses)."""
    code = getattr(error, "smtp_code", None) or getattr(error, "errno", None)
    name = type(error).__name__
    return (f"{name} {code}" if code else name)[:200]
