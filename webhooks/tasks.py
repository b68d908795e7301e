"""The outbox handler that makes one delivery attempt, and the retention job."""

from celery import shared_task
from django.conf import settings

from samskabelse import outbox

from . import services


@outbox.handler(services.DELIVER)
def deliver_webhook(*, delivery_id):
    services.attempt_delivery(delivery_id=delivery_id)


@shared_task
def delete_old_deliveries():
    """From beat, daily."""
    return services.delete_old_deliveries(older_than_days=settings.WEBHOOK_KEEP_DELIVERIES_DAYS)
