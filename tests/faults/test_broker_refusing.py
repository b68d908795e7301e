"""The broker refuses writes in the middle of a burst of API registrations (Redis out of
memory, or the broker's Redis stopped and restarted empty; the burst pauses for a kick
window at the fault, so each web process's next hand-off meets it): every registration is still
answered 201, none is a 500, and once the broker is back the relay mails every confirmed
registration exactly once. (A Celery worker exits on Redis' out-of-memory error; like
docker-compose's restart policy, the test starts it again.)"""

import time

import pytest

from samskabelse import outbox
from tests.faults.conftest import mail_files_recipients
from tests.faults.scenario import Burst, Database, one_mail_each, report

REGISTRATIONS = 60


@pytest.mark.parametrize("fault", ["out of memory", "stopped"])
def test_broker_refusing_writes_mid_burst_costs_no_registration_and_no_mail(
    fault, platform, private_redis, tmp_path
):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    # The cache keeps working: this case is about the broker (Redis down is its own case).
    site = platform(
        email_url=f"filemail:///{mail_dir}",
        registrations=REGISTRATIONS,
        broker=private_redis(),
        cache=private_redis(),
    )
    broker = site.broker
    if fault == "out of memory":
        break_broker, mend_broker = broker.refuse_writes, broker.accept_writes
    else:
        break_broker, mend_broker = broker.kill, broker.start
    database = Database(site.database_url)

    before, after = site.emails[: REGISTRATIONS // 4], site.emails[REGISTRATIONS // 4 :]
    first = Burst(site.base_url, site.occurrence_id, site.key).run(before)
    break_broker()
    # A web process hands the broker one drain per KICK_SECONDS window; once its window
    # has passed, its next commit hands off anew, and meets the fault.
    time.sleep(2 * outbox.KICK_SECONDS)
    burst = Burst(site.base_url, site.occurrence_id, site.key).run(after)
    [(refused,)] = database.rows(
        "SELECT count(*) FROM samskabelse_outboxmessage WHERE dispatched_at IS NULL"
    )
    mend_broker()
    mails, seconds = one_mail_each(
        lambda: mail_files_recipients(mail_dir), site.emails, timeout=90, settle=5
    )

    report(
        f"broker {fault}",
        answers=burst.every_status(),  # of the registrations after the fault
        handoffs_refused=refused,
        worker_restarts=site.worker.supervisor.restarts,
        seconds_until_all_mailed_after_broker_back=round(seconds, 1),
        mails=sum(mails.values()),
    )
    assert first.every_status() == {201: len(before)}
    assert burst.every_status() == {201: len(after)}
    assert refused > 0, "the fault came too late to refuse any hand-off"
    registrations = database.registrations(site.occurrence_id)
    assert registrations == {email: ["confirmed"] for email in site.emails}
    assert mails == dict.fromkeys(site.emails, 1)
    assert database.outbox()[0] == 0
    database.close()
