import logging

from django.contrib.auth import forms as auth_forms
from django.template import loader

from . import services
from .ratelimit import SubmissionLimit

logger = logging.getLogger(__name__)

HOUR = 60 * 60
# Every request counts, for an address with an account or without one, so the limits
# reveal nothing about who has an account.
RESET_MAILS_PER_ADDRESS = SubmissionLimit("password-reset-address", 3, window_seconds=HOUR)
RESET_REQUESTS_PER_IP = SubmissionLimit("password-reset-ip", 10, window_seconds=HOUR)


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, but the mail goes out through Celery so a slow SMTP server
    never holds up the page, and a failed send is retried. At most 3 mails an hour to one
    address and 10 requests an hour from one client address; past that the page answers
    as always ("if the address has an account, a mail is on its way") and sends nothing."""

    def save(self, *args, request=None, **kwargs):
        within_address_limit = RESET_MAILS_PER_ADDRESS.take(
            request, subject=self.cleaned_data["email"]
        )
        within_ip_limit = request is None or RESET_REQUESTS_PER_IP.take(request)
        if not (within_address_limit and within_ip_limit):
            # No address in the log (personal data); the counters are in the cache.
            logger.warning(
                "Password-reset mail withheld: too many requests %s in the last hour.",
                "for this address" if not within_address_limit else "from this client",
            )
            return
        super().save(*args, request=request, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html_body = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else None
        )
        services.queue_email(
            subject=subject, body=body, html_body=html_body, to=[to_email], from_email=from_email
        )
