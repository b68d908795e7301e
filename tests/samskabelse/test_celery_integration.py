"""Runs against the real Celery worker that .ci/run starts with Redis as broker and a
file-based mail backend writing to $INTEGRATION_MAIL_DIR."""

import os
import time
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = [
    pytest.mark.integration,
    # Committed for real: the worker reads the outbox row from the database.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("CELERY_INTEGRATION"),
        reason="needs a running Celery worker (CELERY_INTEGRATION=1, see .ci/run)",
    ),
]


def wait_for_mail(directory, text, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in Path(directory).glob("*.log"):
            content = path.read_text(encoding="utf-8", errors="replace")
            if text in content:
                return content
        time.sleep(0.2)
    raise AssertionError(f"no mail containing {text!r} within {timeout}s")


def test_task_sent_from_a_request_is_executed_by_the_worker(client):
    UserFactory(email="integration@guldborgsund.dk")
    response = client.post(reverse("password_reset"), {"email": "integration@guldborgsund.dk"})
    assert response.status_code == 302
    mail = wait_for_mail(os.environ["INTEGRATION_MAIL_DIR"], "integration@guldborgsund.dk")
    assert "/accounts/reset/" in mail
