"""Celery tasks shared by every app: sending mail, housekeeping."""

import smtplib

from celery import shared_task
from django.core import management
from django.core.mail import EmailMultiAlternatives


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    retry_jitter=True,
    max_retries=8,
)
def send_email(*, subject, body, to, html_body=None, from_email=None, attachments=()):
    """Send one mail. Retried with backoff when the SMTP server is away; never raises the
    address into logs (Celery logs the task id, not its arguments)."""
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()


@shared_task
def clear_expired_sessions():
    management.call_command("clearsessions")
