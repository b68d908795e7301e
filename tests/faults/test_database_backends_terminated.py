"""PostgreSQL terminates every connection to the database (web and worker alike), again
and again, during a burst of API registrations. Clients retry with the same
Idempotency-Key, as the API documents: no registration is lost or doubled, and every
confirmed registration has exactly one mail."""

import threading
import time

from tests.faults.conftest import mail_files_recipients, service_env, wait_for_worker
from tests.faults.scenario import FAST_OUTBOX, Burst, Database, one_mail_each, report, set_up

REGISTRATIONS = 80
EVERY = 0.3  # seconds between two rounds of terminations


def test_terminated_database_connections_lose_no_registration_and_double_no_mail(
    postgres_database_url, private_redis, celery_worker, web_server, tmp_path
):
    broker = private_redis()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = service_env(
        postgres_database_url,
        REDIS_URL=broker.url,
        EMAIL_URL=f"filemail:///{mail_dir}",
        **FAST_OUTBOX,
    )
    occurrence_id, key = set_up(env, capacity=REGISTRATIONS)
    wait_for_worker(celery_worker(env))
    _server, base_url = web_server(env)
    emails = [f"borger{number}@kommune.dk" for number in range(REGISTRATIONS)]
    killer_database = Database(postgres_database_url)
    terminated = []
    burst_over = threading.Event()

    def terminate_backends_until_the_burst_is_over():
        while not burst_over.wait(EVERY):
            terminated.append(killer_database.terminate_backends())

    killer = threading.Thread(target=terminate_backends_until_the_burst_is_over)
    killer.start()
    started = time.monotonic()
    try:
        burst = Burst(base_url, occurrence_id, key).run(emails)
    finally:
        burst_over.set()
        killer.join()
        killer_database.close()
    burst_seconds = time.monotonic() - started
    mails, seconds = one_mail_each(
        lambda: mail_files_recipients(mail_dir), emails, timeout=90, settle=8
    )

    database = Database(postgres_database_url)
    statuses = burst.every_status()
    report(
        "postgres backends terminated",
        connections_terminated=sum(terminated),
        rounds=len(terminated),
        burst_seconds=round(burst_seconds, 1),
        answers=statuses,
        seconds_until_all_mailed_after_the_burst=round(seconds, 1),
        mails=sum(mails.values()),
        outbox_attempts=database.outbox()[2],
    )
    assert sum(terminated) > 0
    assert burst.final() == dict.fromkeys(emails, 201)
    assert database.registrations(occurrence_id) == {email: ["confirmed"] for email in emails}
    assert mails == dict.fromkeys(emails, 1)
    assert database.outbox()[0] == 0
    database.close()
