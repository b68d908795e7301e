"""Mail for registrations and the newsletter, sent by Celery with retries; and the beat
tasks (reminders, anonymisation). Filled in by the events mail work."""

from celery import shared_task


@shared_task
def send_registration_mail(registration_id, kind, **extra):
    """Placeholder until the mail templates land: see events/emails.py."""


@shared_task
def send_newsletter_confirmation(subscriber_id):
    """Placeholder until the mail templates land."""
