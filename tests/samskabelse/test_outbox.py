"""The outbox: a side effect is a row of the transaction it belongs to, handed to Celery
after the commit; a broker that refuses never changes the caller's answer; the relay sends
what is left; a task delivered twice runs once; transient errors are retried."""

import kombu.exceptions
import pytest
from django.core import mail
from django.db import OperationalError, transaction
from django.urls import reverse
from django.utils import timezone

from events import emails, services
from events import tasks as event_tasks
from samskabelse import outbox
from samskabelse.celery import app as celery_app
from samskabelse.models import OutboxMessage
from samskabelse.tasks import deliver_outbox_message, relay_outbox
from tests.factories import OccurrenceFactory, RegistrationFactory, UserFactory, api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the code queues with transaction.on_commit, as a real commit would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def broker_refusing(monkeypatch):
    """The broker refuses every hand-off (Redis out of memory, or gone) until `.back()`."""
    real_apply_async = deliver_outbox_message.apply_async

    class Broker:
        refusals = 0

        def back(self):
            monkeypatch.setattr(deliver_outbox_message, "apply_async", real_apply_async)

    broker = Broker()

    def refuse(*args, **kwargs):
        broker.refusals += 1
        raise kombu.exceptions.OperationalError("OOM command not allowed")

    monkeypatch.setattr(deliver_outbox_message, "apply_async", refuse)
    return broker


@pytest.fixture
def worker_retries(monkeypatch):
    """Eager Celery stops raising the task's errors into the caller, as a worker would, and
    runs each retry at once instead of after its countdown."""
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", False)


def register(occurrence, number=1):
    return services.register_participant(
        occurrence=occurrence,
        name=f"Deltager {number}",
        email=f"d{number}@kommune.dk",
        consent=True,
    )


def test_a_rolled_back_registration_leaves_no_outbox_row_and_sends_nothing(committed):
    occurrence = OccurrenceFactory()

    def register_then_fail():
        with transaction.atomic():
            register(occurrence)
            raise RuntimeError("something later in the same transaction failed")

    with pytest.raises(RuntimeError):
        committed(register_then_fail)

    assert not OutboxMessage.objects.exists()
    assert occurrence.registrations.count() == 0
    assert mail.outbox == []


def test_a_committed_registration_is_mailed_once_and_its_row_marked_done(committed):
    registration = committed(register, OccurrenceFactory())

    [message] = mail.outbox
    assert message.to == [registration.email]
    [row] = OutboxMessage.objects.all()
    assert row.handler == event_tasks.REGISTRATION_MAIL
    assert row.done_at is not None
    assert row.attempts == 1


def test_the_outbox_row_holds_the_registration_id_not_the_email(committed):
    registration = committed(register, OccurrenceFactory())

    row = OutboxMessage.objects.get()
    assert row.payload == {"registration_id": registration.pk, "kind": "confirmation"}
    assert registration.email not in str(row.payload)


def test_with_the_broker_refusing_the_api_answers_201_and_the_relay_mails_later(
    api_client, committed, broker_refusing
):
    occurrence = OccurrenceFactory()
    key = api_token(scopes=["write:registrations"])[1]

    response = committed(
        api_client.post,
        f"/api/v1/occurrences/{occurrence.pk}/registrations/",
        {"name": "Ida Holm", "email": "ida@kommune.dk", "consent": True},
        format="json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )

    assert response.status_code == 201
    assert response.json()["status"] == "confirmed"
    assert broker_refusing.refusals == 1
    row = OutboxMessage.objects.get()
    assert row.done_at is None
    assert row.dispatched_at is None  # the relay's to send, at its next run
    assert mail.outbox == []

    broker_refusing.back()
    assert relay_outbox() == 1

    [message] = mail.outbox
    assert message.to == ["ida@kommune.dk"]
    row.refresh_from_db()
    assert row.done_at is not None
    assert relay_outbox() == 0
    assert len(mail.outbox) == 1


def test_a_handoff_that_is_lost_after_the_commit_is_relayed_once_it_is_stuck(
    committed, monkeypatch, settings
):
    # The broker accepted the task, and lost it (or the worker that took it died).
    monkeypatch.setattr(deliver_outbox_message, "apply_async", lambda *args, **kwargs: None)
    registration = committed(register, OccurrenceFactory())
    monkeypatch.undo()

    assert relay_outbox() == 0  # not stuck yet: a worker may still be on it
    OutboxMessage.objects.update(
        available_at=timezone.now() - timezone.timedelta(seconds=settings.OUTBOX_STUCK_AFTER + 1)
    )
    assert relay_outbox() == 1

    [message] = mail.outbox
    assert message.to == [registration.email]


def test_a_task_delivered_twice_sends_one_mail(committed):
    registration = committed(register, OccurrenceFactory())
    row = OutboxMessage.objects.get()

    deliver_outbox_message.apply(kwargs={"message_id": row.pk, "attempt": 0})
    deliver_outbox_message.apply(kwargs={"message_id": row.pk, "attempt": 1})

    [message] = mail.outbox
    assert message.to == [registration.email]
    row.refresh_from_db()
    assert row.attempts == 1


def test_a_copy_arriving_while_an_attempt_runs_does_not_send_again(committed, monkeypatch):
    registration = RegistrationFactory()
    row = committed(
        outbox.enqueue, event_tasks.REGISTRATION_MAIL, registration_id=registration.pk, kind="x"
    )
    OutboxMessage.objects.filter(pk=row.pk).update(done_at=None, attempts=0)
    copies = []
    real_mail = emails.registration_mail

    def mail_while_a_copy_arrives(registration, kind, **extra):
        # The broker redelivers the same message while the first attempt is sending.
        copies.append(outbox.deliver(row.pk, attempt=0))
        return real_mail(registration, "confirmation", **extra)

    monkeypatch.setattr(emails, "registration_mail", mail_while_a_copy_arrives)
    monkeypatch.setattr(emails, "should_send", lambda registration, kind: True)

    assert outbox.deliver(row.pk, attempt=0) is True

    assert copies == [False]
    assert len([m for m in mail.outbox if m.to == [registration.email]]) == 1


def test_a_transient_database_error_in_the_handler_is_retried(
    committed, monkeypatch, worker_retries
):
    real_mail = emails.registration_mail
    failures = []

    def database_away_once(registration, kind, **extra):
        if not failures:
            failures.append(kind)
            raise OperationalError("server closed the connection unexpectedly")
        return real_mail(registration, kind, **extra)

    monkeypatch.setattr(emails, "registration_mail", database_away_once)

    registration = committed(register, OccurrenceFactory())

    assert failures == ["confirmation"]
    [message] = mail.outbox
    assert message.to == [registration.email]
    row = OutboxMessage.objects.get()
    assert row.attempts == 2
    assert row.done_at is not None


@pytest.mark.parametrize(
    "error",
    [
        kombu.exceptions.OperationalError("broker away"),
        ConnectionRefusedError(111, "Connection refused"),
        OperationalError("terminating connection due to administrator command"),
    ],
    ids=["broker", "socket", "database"],
)
def test_every_kind_of_transient_error_gets_another_attempt(
    committed, monkeypatch, worker_retries, error
):
    attempts = []

    def failing_once(*, registration_id, kind):
        attempts.append(kind)
        if len(attempts) == 1:
            raise error

    monkeypatch.setitem(outbox._handlers, "test.failing_once", failing_once)

    committed(outbox.enqueue, "test.failing_once", registration_id=1, kind="x")

    assert attempts == ["x", "x"]
    assert OutboxMessage.objects.get().done_at is not None


def test_a_long_wait_is_left_to_the_relay_not_to_the_broker(committed, monkeypatch, settings):
    settings.OUTBOX_RETRY_BACKOFF = settings.OUTBOX_RETRY_BACKOFF_MAX = 3600
    monkeypatch.setitem(outbox._handlers, "test.noop", lambda: None)
    row = committed(outbox.enqueue, "test.noop")
    OutboxMessage.objects.filter(pk=row.pk).update(done_at=None, attempts=1)
    failure = outbox.AttemptFailed(1, ConnectionRefusedError(111, "Connection refused"))

    assert outbox.after_failure(row.pk, failure) is None

    row.refresh_from_db()
    assert row.dispatched_at is None
    assert row.available_at > timezone.now() + timezone.timedelta(minutes=29)
    assert row.last_error == "ConnectionRefusedError 111"
    assert relay_outbox() == 0  # not due yet


def test_the_last_error_names_the_error_without_the_addresses_it_quotes():
    import smtplib

    error = smtplib.SMTPRecipientsRefused({"ida@kommune.dk": (550, b"No such user")})

    assert outbox.describe(error) == "SMTPRecipientsRefused"


def test_done_rows_are_deleted_after_some_days(committed, settings):
    committed(register, OccurrenceFactory())
    old = timezone.now() - timezone.timedelta(days=settings.OUTBOX_KEEP_DONE_DAYS + 1)
    committed(register, OccurrenceFactory(), number=2)
    OutboxMessage.objects.filter(pk=OutboxMessage.objects.order_by("pk").first().pk).update(
        done_at=old
    )

    relay_outbox()

    assert OutboxMessage.objects.count() == 1


def test_newsletter_reminder_and_password_reset_mails_go_through_the_outbox(committed, client):
    committed(services.subscribe, email="karen@kommune.dk", consent=True)
    RegistrationFactory(
        occurrence=OccurrenceFactory(starts_at=timezone.now() + timezone.timedelta(hours=30))
    )
    committed(event_tasks.send_reminders)
    UserFactory(email="mette@guldborgsund.dk")
    committed(client.post, reverse("password_reset"), {"email": "mette@guldborgsund.dk"})

    handlers = sorted(OutboxMessage.objects.values_list("handler", flat=True))
    assert handlers == [
        event_tasks.NEWSLETTER_CONFIRMATION,
        event_tasks.REGISTRATION_MAIL,
        "samskabelse.email",
    ]
    assert OutboxMessage.objects.filter(done_at__isnull=True).count() == 0
    assert len(mail.outbox) == 3
