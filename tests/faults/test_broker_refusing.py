"""The broker refuses writes in the middle of a burst of API registrations (Redis out of
memory, or the broker's Redis stopped and restarted empty): every registration is still
answered 201, none is a 500, and once the broker is back the relay mails every confirmed
registration exactly once."""

import pytest

from tests.faults.conftest import mail_files_recipients, service_env, wait_for_worker
from tests.faults.scenario import FAST_OUTBOX, Burst, Database, one_mail_each, report, set_up

REGISTRATIONS = 60


@pytest.mark.parametrize("fault", ["out of memory", "stopped"])
def test_broker_refusing_writes_mid_burst_costs_no_registration_and_no_mail(
    fault, postgres_database_url, private_redis, celery_worker, web_server, tmp_path
):
    # The cache keeps working: this case is about the broker (Redis down is its own case).
    cache, broker = private_redis(), private_redis()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = service_env(
        postgres_database_url,
        REDIS_URL=cache.url,
        CELERY_BROKER_URL=broker.url,
        EMAIL_URL=f"filemail:///{mail_dir}",
        **FAST_OUTBOX,
    )
    occurrence_id, key = set_up(env, capacity=REGISTRATIONS)
    worker = celery_worker(env)
    wait_for_worker(worker)
    _server, base_url = web_server(env)
    database = Database(postgres_database_url)
    if fault == "out of memory":
        break_broker, mend_broker = broker.refuse_writes, broker.accept_writes
    else:
        break_broker, mend_broker = broker.kill, broker.start
    emails = [f"borger{number}@kommune.dk" for number in range(REGISTRATIONS)]

    burst = Burst(base_url, occurrence_id, key).at(REGISTRATIONS // 4, break_broker).run(emails)
    [(refused,)] = database.rows(
        "SELECT count(*) FROM samskabelse_outboxmessage WHERE dispatched_at IS NULL"
    )
    mend_broker()
    mails, seconds = one_mail_each(
        lambda: mail_files_recipients(mail_dir), emails, timeout=90, settle=5
    )

    report(
        f"broker {fault}",
        answers=burst.every_status(),
        handoffs_refused=refused,
        worker_restarts=worker.supervisor.restarts,
        seconds_until_all_mailed_after_broker_back=round(seconds, 1),
        mails=sum(mails.values()),
    )
    assert burst.every_status() == {201: REGISTRATIONS}
    assert refused > 0, "the fault came too late to refuse any hand-off"
    registrations = database.registrations(occurrence_id)
    assert registrations == {email: ["confirmed"] for email in emails}
    assert mails == dict.fromkeys(emails, 1)
    assert database.outbox()[0] == 0
    database.close()
