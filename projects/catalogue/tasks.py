"""Building a large catalogue's PDF. services.request_pdf writes an outbox row in its
transaction (samskabelse/outbox.py); once that commits, the outbox's handler hands the
build to its own task, which may run for minutes: longer than an outbox attempt's lease,
shorter than the broker's visibility timeout (a task unacknowledged longer than that is
delivered again; the build's claim makes a second copy do nothing). On the embedded
default (eager Celery) the same chain runs in the request, after its commit."""

import logging

from celery import shared_task
from django.conf import settings

from samskabelse import outbox

from . import services

logger = logging.getLogger(__name__)


@outbox.handler(services.BUILD_PDF)
def queue_pdf_build(*, pdf_id):
    build_catalogue_pdf.delay(pdf_id=pdf_id)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] * 0.8,
    time_limit=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] * 0.9,
)
def build_catalogue_pdf(pdf_id):
    """Lay out one catalogue PDF, reporting progress on its row (services.build_pdf). A
    failure is logged and left on the row (the page says so, and the next reader's request
    queues it again), not retried blindly: the same layout would most likely fail again."""
    try:
        services.build_pdf(pdf_id=pdf_id)
    except Exception:  # noqa: BLE001 - SoftTimeLimitExceeded too
        logger.exception("Catalogue PDF %s could not be built", pdf_id)
