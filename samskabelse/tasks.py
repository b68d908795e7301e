"""Celery tasks shared by every app: delivering and relaying the outbox, sending mail,
housekeeping."""

import contextlib
import contextvars

from celery import shared_task
from django.conf import settings
from django.core import management
from django.core.mail import EmailMultiAlternatives, get_connection

from . import outbox


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,  # the outbox counts attempts (OUTBOX_MAX_ATTEMPTS)
    # Inside the outbox lease, so no attempt outlives its claim.
    soft_time_limit=settings.OUTBOX_LEASE * 0.6,
    time_limit=settings.OUTBOX_LEASE * 0.8,
)
def deliver_outbox_message(self, message_id, attempt=0):
    """Run one outbox message's handler, at most once however often this task is
    delivered (samskabelse/outbox.py). A failed attempt is retried with backoff: by the
    broker when the wait is short, by the relay when it is long."""
    try:
        outbox.deliver(message_id, attempt=attempt)
    except outbox.AttemptFailed as failure:
        countdown = outbox.after_failure(message_id, failure, eager=self.request.is_eager)
        if countdown is not None:
            raise self.retry(
                kwargs={"message_id": message_id, "attempt": failure.attempt},
                countdown=countdown,
                exc=outbox.WillRetry(failure.error),
            ) from None
        if not outbox.is_transient(failure.error):
            raise failure.error from None
    except outbox.TRANSIENT_ERRORS as error:  # before the claim: nothing has run yet
        countdown = outbox.retry_delay(self.request.retries + 1)
        raise self.retry(countdown=countdown, exc=outbox.WillRetry(error)) from None


@shared_task(
    bind=True,
    soft_time_limit=settings.OUTBOX_LEASE * 0.6,
    time_limit=settings.OUTBOX_LEASE * 0.8,
)
def drain_outbox(self):
    """Deliver every fresh outbox message, kicked by the commits that wrote them
    (outbox.kick); mail goes over one SMTP connection per batch."""
    try:
        # A message begun just before the end has the rest of the soft limit, as much as a
        # task of its own has (EMAIL_TIMEOUT is below it).
        finished = outbox.drain(seconds=settings.OUTBOX_LEASE * 0.2, batch_context=one_connection)
    except outbox.TRANSIENT_ERRORS as error:  # the database is away: nothing has run
        countdown = outbox.retry_delay(self.request.retries + 1)
        raise self.retry(countdown=countdown, exc=outbox.WillRetry(error)) from None
    if not finished:
        drain_outbox.delay()


_batch_connection = contextvars.ContextVar("batch_mail_connection", default=None)


@contextlib.contextmanager
def one_connection():
    """The mail of the block goes over one connection to the mail server (opened by the
    first mail, opened again after a failure), not one per mail."""
    connection = get_connection()
    token = _batch_connection.set(connection)
    try:
        yield connection
    finally:
        _batch_connection.reset(token)
        connection.close()


@shared_task
def relay_outbox():
    """From beat: hand on what the outbox holds that no worker has taken."""
    return outbox.relay()


@outbox.handler("samskabelse.email")
def send_email(*, subject, body, to, html_body=None, from_email=None, attachments=()):
    """Send one mail as rendered when it was queued (samskabelse.services.queue_email)."""
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    send_message(message)


def send_message(message):
    """Send an EmailMessage from an outbox handler: over the drain's connection when one is
    open (one_connection), else over a connection of its own."""
    connection = _batch_connection.get()
    if connection is None:
        message.send()
        return
    message.connection = connection
    try:
        connection.open()  # a no-op while open: the batch's later mails reuse it
        message.send()
    except Exception:
        connection.close()  # the next mail of the batch connects anew
        raise


@shared_task(name="samskabelse.tasks.send_email")
def send_email_queued_before_the_outbox(**mail):
    """Mail queued by a release without the outbox, still in the broker after an upgrade:
    moved into the outbox, so it gets the outbox's retries. Remove in the next release."""
    outbox.enqueue("samskabelse.email", **mail)


@shared_task
def clear_expired_sessions():
    management.call_command("clearsessions")
