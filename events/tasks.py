"""Mail for registrations and the newsletter, and the beat tasks (reminders,
anonymisation). The services queue a mail as an outbox row in their own transaction
(samskabelse/outbox.py); the handlers here build it (events/emails.py) and send it inside
the outbox's task, so a failing SMTP server, database or broker makes it retry with
backoff, a task delivered twice sends once, and the registration is never lost."""

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from samskabelse import outbox
from samskabelse.tasks import send_message

from .models import EventStatus, OccurrenceStatus, Registration, RegistrationStatus, Subscriber

REMINDER_BEFORE = timezone.timedelta(hours=48)
REGISTRATION_MAIL = "events.registration_mail"
NEWSLETTER_CONFIRMATION = "events.newsletter_confirmation"


@outbox.handler(REGISTRATION_MAIL)
def mail_registration(*, registration_id, kind, **extra):
    """Send the mail of one kind (confirmation, promotion, reminder, change, cancellation,
    occurrence_cancelled, message) to a registration, rendered now from its current
    state. Skipped silently when the registration is gone or anonymised: there is nobody
    left to write to."""
    # Imported here: services queues this mail, and emails uses services.
    from . import emails

    registration = (
        Registration.objects.select_related("occurrence__event").filter(pk=registration_id).first()
    )
    if registration is None or not emails.should_send(registration, kind):
        return
    send_message(emails.registration_mail(registration, kind, **extra))


@outbox.handler(NEWSLETTER_CONFIRMATION)
def mail_newsletter_confirmation(*, subscriber_id):
    """The double opt-in mail, unless the subscriber is gone or already confirmed."""
    from . import emails

    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.confirmed_at is not None:
        return
    send_message(emails.newsletter_confirmation_mail(subscriber))


# Mail queued by a release without the outbox, still in the broker after an upgrade: moved
# into the outbox, so it gets the outbox's retries. Remove these two in the next release.
@shared_task
def send_registration_mail(registration_id, kind, **extra):
    outbox.enqueue(REGISTRATION_MAIL, registration_id=registration_id, kind=kind, **extra)


@shared_task
def send_newsletter_confirmation(subscriber_id):
    outbox.enqueue(NEWSLETTER_CONFIRMATION, subscriber_id=subscriber_id)


@shared_task
def send_reminders():
    """From beat: one reminder per confirmed participant of an occurrence that starts
    within two days. reminder_sent_at is set in the transaction that queues the mail, and
    rows another run holds are skipped (only the registration rows are locked, never the
    occurrence that registering needs), so a reminder never goes out twice. The mails are
    outbox rows of the same transaction."""
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
            outbox.enqueue(REGISTRATION_MAIL, registration_id=registration_id, kind="reminder")
    return len(due)


@shared_task
def anonymise_old_registrations():
    """From beat, hourly: personal data go on the date selectors.anonymisation_date names
    (REGISTRATION_RETENTION_DAYS after the occurrence), the date the participant was told."""
    from . import services

    return services.anonymise_registrations(older_than_days=settings.REGISTRATION_RETENTION_DAYS)


@shared_task
def release_quotas():
    """Beat: the quotas whose release moment has passed end, and the waiting list gets the
    free seats in arrival order (services.release_quota; idempotent)."""
    from . import services  # services imports this module

    return services.release_due_quotas()
