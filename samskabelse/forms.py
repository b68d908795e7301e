from django.contrib.auth import forms as auth_forms
from django.template import loader

from . import services


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, but the mail goes out through Celery so a slow SMTP server
    never holds up the page, and a failed send is retried."""

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
