"""The Celery worker is killed with SIGKILL while it sends a mail and more are queued:
started again, it (or the relay) delivers every mail, each exactly once, within seconds
here and within minutes with the production timeouts."""

import time
from collections import Counter

from tests.faults.conftest import wait_for_worker
from tests.faults.scenario import Burst, Database, one_mail_each, report
from tests.processes import free_port, wait_until

REGISTRATIONS = 30
VISIBILITY_TIMEOUT = 15
LEASE = 10


def test_a_killed_worker_leaves_no_mail_unsent_and_none_sent_twice(platform, smtp_sink):
    mail_port = free_port()
    # Each mail is held 0.3 s by the mail server, so the kill lands in the middle of one.
    sink = smtp_sink(mail_port, delay=0.3)
    site = platform(
        email_url=f"smtp://127.0.0.1:{mail_port}",
        registrations=REGISTRATIONS,
        concurrency=1,
        supervised=False,
        OUTBOX_LEASE=LEASE,
        CELERY_VISIBILITY_TIMEOUT=VISIBILITY_TIMEOUT,
    )
    worker = site.worker

    burst = Burst(site.base_url, site.occurrence_id, site.key).run(site.emails)
    wait_until(lambda: len(sink.messages) >= 5, timeout=60, message="the first mails")
    sink.holding.clear()
    wait_until(sink.holding.is_set, timeout=10, message="a mail in flight")
    worker.kill()
    killed_at = time.monotonic()
    sent_before_the_kill = len(sink.messages)
    queued = int(site.broker.cli("llen", "celery") or 0)
    log_size = len(worker.log())
    worker.start()
    wait_for_worker(worker, since=log_size)
    one_mail_each(sink.recipients, site.emails, timeout=120, settle=0)
    all_mailed_after = time.monotonic() - killed_at
    # Past the visibility timeout and the lease: every redelivered copy has had its turn.
    time.sleep(max(0, VISIBILITY_TIMEOUT + 5 - (time.monotonic() - killed_at)))
    mails = Counter(sink.recipients())

    database = Database(site.database_url)
    report(
        "worker SIGKILL",
        answers=burst.every_status(),
        mailed_before_the_kill=sent_before_the_kill,
        still_queued_at_the_kill=queued,
        seconds_from_kill_to_all_mailed=round(all_mailed_after, 1),
        mails=sum(mails.values()),
        outbox_attempts=database.outbox()[2],
    )
    assert burst.every_status() == {201: REGISTRATIONS}
    assert sent_before_the_kill < REGISTRATIONS
    registrations = database.registrations(site.occurrence_id)
    assert registrations == {email: ["confirmed"] for email in site.emails}
    assert mails == dict.fromkeys(site.emails, 1)
    assert database.outbox()[0] == 0
    database.close()
