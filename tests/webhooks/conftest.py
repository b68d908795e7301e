import pytest

from samskabelse.celery import app as celery_app
from tests.webhooks.receiver import Receiver

FAST_RETRIES = {"max_attempts": 4, "backoff": 0.01, "backoff_max": 0.01}


@pytest.fixture(autouse=True)
def webhook_settings(settings, monkeypatch):
    """Loopback receivers over plain http, and retries without waiting: eager Celery runs
    each retry at once, in process, as a worker would run it later (tests/events/test_mail.py
    does the same for mail)."""
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", False)
    settings.WEBHOOK_ALLOW_PRIVATE = True
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.OUTBOX_RETRY_POLICIES = {"webhooks.deliver": FAST_RETRIES}
    return settings


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


@pytest.fixture
def make_receiver():
    started = []

    def make(statuses=(200,)):
        running = Receiver(statuses).__enter__()
        started.append(running)
        return running

    yield make
    for running in started:
        running.__exit__(None, None, None)
