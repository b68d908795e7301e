"""The outbox's per-handler retry policy (OUTBOX_RETRY_POLICIES): webhook deliveries retry
longer than mail, and everything else keeps the outbox's defaults."""

import pytest
from django.utils import timezone

from samskabelse import outbox
from samskabelse.models import OutboxMessage
from webhooks.services import DELIVER

pytestmark = pytest.mark.django_db


@pytest.fixture
def policies(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_RETRY_BACKOFF = 10
    settings.OUTBOX_RETRY_BACKOFF_MAX = 20
    settings.OUTBOX_RETRY_POLICIES = {
        DELIVER: {"max_attempts": 16, "backoff": 60, "backoff_max": 4 * 60 * 60}
    }
    return settings


def test_a_handler_without_a_policy_of_its_own_keeps_the_defaults(policies):
    assert outbox.retry_policy("samskabelse.email") == outbox.RetryPolicy(3, 10, 20)
    assert outbox.retry_policy(DELIVER) == outbox.RetryPolicy(16, 60, 4 * 60 * 60)


def test_webhook_retries_double_from_a_minute_to_four_hours(policies):
    policy = outbox.retry_policy(DELIVER)
    delays = [outbox.retry_delay(attempt, policy) for attempt in range(1, 16)]
    assert 30 <= delays[0] <= 60
    assert all(2 * 60 * 60 <= delay <= 4 * 60 * 60 for delay in delays[8:])
    assert 16 * 60 * 60 <= sum(delays) <= 33 * 60 * 60  # about a day


def test_the_relay_hands_on_a_webhook_past_the_default_attempts_but_not_a_mail(
    policies, monkeypatch
):
    handed_on = []
    monkeypatch.setattr(
        outbox, "dispatch", lambda pk, *, attempt: handed_on.append((pk, attempt)) or True
    )
    due = timezone.now() - timezone.timedelta(seconds=1)
    webhook = OutboxMessage.objects.create(
        handler=DELIVER, payload={"delivery_id": 1}, attempts=5, available_at=due
    )
    mail = OutboxMessage.objects.create(
        handler="samskabelse.email", payload={}, attempts=3, available_at=due
    )
    given_up = OutboxMessage.objects.create(
        handler=DELIVER, payload={"delivery_id": 2}, attempts=16, available_at=due
    )
    assert outbox.relay() == 1
    assert handed_on == [(webhook.pk, 5)]
    assert outbox.try_again(OutboxMessage.objects.filter(pk__in=[mail.pk, given_up.pk])) == 2


def test_after_failure_gives_a_webhook_more_attempts_than_a_mail(policies):
    webhook = OutboxMessage.objects.create(handler=DELIVER, payload={}, attempts=3)
    failure = outbox.AttemptFailed(3, outbox.TryLater("HTTP 503"), DELIVER)
    assert outbox.after_failure(webhook.pk, failure, eager=True) is not None
    mail = OutboxMessage.objects.create(handler="samskabelse.email", payload={}, attempts=3)
    failure = outbox.AttemptFailed(3, OSError("refused"), "samskabelse.email")
    assert outbox.after_failure(mail.pk, failure, eager=True) is None
