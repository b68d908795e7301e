"""The outbox with a broker: a commit kicks a drain instead of sending a task of its own,
one drain per process and short window; the drain mails every fresh row once, over one
connection per batch; a refused kick leaves the row to the relay; a failed attempt in a
drain is retried like any other."""

import smtplib

import kombu.exceptions
import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from samskabelse import outbox
from samskabelse.celery import app as celery_app
from samskabelse.models import OutboxMessage
from samskabelse.tasks import deliver_outbox_message, drain_outbox, relay_outbox
from tests.factories import OccurrenceFactory
from tests.samskabelse.test_outbox import register

pytestmark = pytest.mark.django_db

NOW = 1_800_000_000.0  # a moment at the start of a kick window


class Broker:
    """What the web process hands to the broker: the drains kicked and the tasks sent."""

    def __init__(self, monkeypatch):
        self.kicks, self.tasks = [], []
        self.refusing = False
        self.clock = NOW
        monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
        monkeypatch.setattr(outbox, "_kicked_window", None)
        monkeypatch.setattr(outbox.time, "time", lambda: self.clock)
        monkeypatch.setattr(drain_outbox, "apply_async", self.kick)
        monkeypatch.setattr(deliver_outbox_message, "apply_async", self.send)

    def kick(self, *args, countdown=None, **kwargs):
        if self.refusing:
            raise kombu.exceptions.OperationalError("OOM command not allowed")
        self.kicks.append(countdown)

    def send(self, *args, kwargs=None, countdown=None, **options):
        self.tasks.append((kwargs, countdown))


@pytest.fixture
def broker(monkeypatch):
    return Broker(monkeypatch)


class CountingBackend(LocmemBackend):
    """Counts the connections opened to the mail server."""

    opened = 0
    connection = None

    def open(self):
        if self.connection is None:
            CountingBackend.opened += 1
            self.connection = True
        return False

    def close(self):
        self.connection = None


def test_registrations_committed_in_one_window_kick_one_drain_that_mails_each_once(
    run_on_commit, broker
):
    occurrence = OccurrenceFactory()
    registrations = [run_on_commit(register, occurrence, number) for number in range(1, 4)]

    assert len(broker.kicks) == 1
    assert 0 < broker.kicks[0] <= outbox.KICK_SECONDS + outbox.KICK_MARGIN
    assert broker.tasks == []  # no task per registration
    assert mail.outbox == []

    drain_outbox()

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        registration.email for registration in registrations
    )
    assert OutboxMessage.objects.filter(done_at__isnull=True).count() == 0
    drain_outbox()
    assert len(mail.outbox) == 3


def test_a_commit_in_the_next_window_kicks_another_drain_due_after_it(run_on_commit, broker):
    occurrence = OccurrenceFactory()
    run_on_commit(register, occurrence, 1)
    broker.clock = NOW + outbox.KICK_SECONDS * 0.9
    run_on_commit(register, occurrence, 2)
    broker.clock = NOW + outbox.KICK_SECONDS * 1.5
    run_on_commit(register, occurrence, 3)

    assert len(broker.kicks) == 2
    # Due after the window ends, so every commit of the window is done before it runs.
    assert broker.kicks[1] == pytest.approx(outbox.KICK_SECONDS / 2 + outbox.KICK_MARGIN)


def test_a_refused_kick_leaves_the_row_to_the_relay_and_the_next_commit_kicks_again(
    run_on_commit, broker
):
    occurrence = OccurrenceFactory()
    broker.refusing = True
    first = run_on_commit(register, occurrence, 1)
    assert OutboxMessage.objects.get().dispatched_at is None  # the relay's next run sends it

    broker.refusing = False
    run_on_commit(register, occurrence, 2)
    assert len(broker.kicks) == 1

    drain_outbox()
    relay_outbox()  # hands the refused row to the broker, which holds it
    [(kwargs, _countdown)] = broker.tasks
    deliver_outbox_message(**kwargs)

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [first.email, "d2@kommune.dk"]
    )


def test_a_row_both_drained_and_relayed_is_mailed_once(run_on_commit, broker):
    run_on_commit(register, OccurrenceFactory())
    row = OutboxMessage.objects.get()

    drain_outbox()
    deliver_outbox_message(message_id=row.pk, attempt=0)

    assert len(mail.outbox) == 1


def test_a_failed_attempt_in_a_drain_is_retried_by_the_broker_and_the_rest_are_mailed(
    run_on_commit, broker, monkeypatch
):
    occurrence = OccurrenceFactory()
    run_on_commit(register, occurrence, 1)
    run_on_commit(register, occurrence, 2)
    first = OutboxMessage.objects.order_by("pk").first()
    real_send = LocmemBackend.send_messages

    def refuse_first(self, messages):
        if messages[0].to == ["d1@kommune.dk"]:
            raise smtplib.SMTPServerDisconnected("gone")
        return real_send(self, messages)

    monkeypatch.setattr(LocmemBackend, "send_messages", refuse_first)
    drain_outbox()

    assert [message.to for message in mail.outbox] == [["d2@kommune.dk"]]
    first.refresh_from_db()
    assert first.done_at is None
    assert first.attempts == 1
    [(kwargs, countdown)] = broker.tasks
    assert kwargs == {"message_id": first.pk, "attempt": 1}
    assert countdown > 0


def test_a_drain_sends_its_batch_over_one_mail_connection(run_on_commit, broker, settings):
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.opened = 0
    occurrence = OccurrenceFactory()
    for number in range(1, 6):
        run_on_commit(register, occurrence, number)

    drain_outbox()

    assert len(mail.outbox) == 5
    assert CountingBackend.opened == 1


def test_a_drain_whose_time_is_up_begins_no_further_message(run_on_commit, broker):
    occurrence = OccurrenceFactory()
    run_on_commit(register, occurrence, 1)

    assert outbox.drain(seconds=0) is False

    assert mail.outbox == []
    assert OutboxMessage.objects.get().attempts == 0  # untouched, for the next drain
