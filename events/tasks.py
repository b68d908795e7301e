"""Mail for registrations and the newsletter, sent by Celery with retries; and the beat
tasks (reminders, anonymisation). The mails are built in events/emails.py and sent here,
inside the task, so a failing SMTP server makes the task retry with backoff; the
registration itself was committed before the task was queued and is never lost."""

import smtplib

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import EventStatus, OccurrenceStatus, Registration, RegistrationStatus, Subscriber

REMINDER_BEFORE = timezone.timedelta(hours=48)

MAIL_RETRY = {
    "autoretry_for": (smtplib.SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 30 * 60,
    "retry_jitter": True,
    "max_retries": 8,
    "acks_late": True,
}


@shared_task(**MAIL_RETRY)
def send_registration_mail(registration_id, kind, **extra):
    """Send the mail of one kind (confirmation, promotion, reminder, change, cancellation,
    occurrence_cancelled, message) to a registration. Skipped silently when the
    registration is gone or anonymised: there is nobody left to write to."""
    # Imported here: services queues this task, and emails uses services.
    from . import emails

    registration = (
        Registration.objects.select_related("occurrence__event").filter(pk=registration_id).first()
    )
    if registration is None or not emails.should_send(registration, kind):
        return
    emails.registration_mail(registration, kind, **extra).send()


@shared_task(**MAIL_RETRY)
def send_newsletter_confirmation(subscriber_id):
    """The double opt-in mail, unless the subscriber is gone or already confirmed."""
    from . import emails

    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.confirmed_at is not None:
        return
    emails.newsletter_confirmation_mail(subscriber).send()


@shared_task
def send_reminders():
    """From beat: one reminder per confirmed participant of an occurrence that starts
    within two days. reminder_sent_at is set in the transaction that queues the mail, and
    rows another run holds are skipped (only the registration rows are locked, never the
    occurrence that registering needs), so a reminder never goes out twice."""
    now = timezone.now()
    with transaction.atomic():
        due = list(
            Registration.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                status=RegistrationStatus.CONFIRMED,
                reminder_sent_at__isnull=True,
                anonymised_at__isnull=True,
                occurrence__status=OccurrenceStatus.PLANNED,
                occurrence__event__status=EventStatus.OFFENTLIGGJORT,
                occurrence__starts_at__gt=now,
                occurrence__starts_at__lte=now + REMINDER_BEFORE,
            )
            .values_list("pk", flat=True)
        )
        Registration.objects.filter(pk__in=due, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        for registration_id in due:
            transaction.on_commit(
                lambda pk=registration_id: send_registration_mail.delay(pk, "reminder")
            )
    return len(due)


@shared_task
def anonymise_old_registrations():
    """From beat: personal data go REGISTRATION_RETENTION_DAYS after the occurrence."""
    from . import services

    return services.anonymise_registrations(older_than_days=settings.REGISTRATION_RETENTION_DAYS)
