"""Webhook endpoints of other systems and the log of what was delivered to them.

The app sits right of samskabelse and left of projects, network and events: those apps
publish their events here (services.publish) with the data as their API shows it, so this
app never imports them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    REGISTRATION_CONFIRMED = "registration.confirmed", _("Registration confirmed")
    REGISTRATION_WAITLISTED = "registration.waitlisted", _("Registration on the waiting list")
    REGISTRATION_PROMOTED = "registration.promoted", _("Registration promoted from waiting list")
    REGISTRATION_CANCELLED = "registration.cancelled", _("Registration cancelled")
    OCCURRENCE_CHANGED = "occurrence.changed", _("Date changed")
    OCCURRENCE_CANCELLED = "occurrence.cancelled", _("Date cancelled")
    CASE_PUBLISHED = "case.published", _("Case published")
    CASE_UPDATED = "case.updated", _("Public case updated")


class Endpoint(models.Model):
    """Webhook-modtager: an address of another system told about the chosen events. The
    secret signs every delivery, so it is kept as it was shown (an HMAC key cannot be
    hashed away); it is shown once, when the endpoint is created."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
    )
    url = models.URLField(_("address"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(_("secret"), max_length=100, editable=False)
    active = models.BooleanField(_("active"), default=True)
    # Failed attempts in a row; a success sets it back to 0.
    failure_count = models.PositiveIntegerField(_("failures in a row"), default=0)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self):
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RETRYING = "retrying", _("Failed, will retry")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent (endpoint disabled)")


FINISHED_STATUSES = [DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED, DeliveryStatus.SKIPPED]


class Delivery(models.Model):
    """One event sent to one endpoint, with its attempts. The body is kept as it is sent,
    so every attempt signs the same bytes; "send again" makes a new delivery with the
    same event id (receivers skip an id they already have)."""

    endpoint = models.ForeignKey(
        Endpoint, verbose_name=_("endpoint"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.CharField(_("event id"), max_length=40, db_index=True)
    type = models.CharField(_("type"), max_length=40, choices=EventType.choices)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    # The outbox row that carries the attempts: its due time is the next attempt.
    outbox_message_id = models.BigIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["endpoint", "-created_at", "-id"]),
            models.Index(fields=["created_at"]),  # the retention job
        ]

    def __str__(self):
        return f"{self.type} → {self.endpoint_id} ({self.event_id})"
