"""PostgreSQL terminates every connection to the database (web and worker alike), again
and again, during a burst of API registrations. Clients retry with the same
Idempotency-Key, as the API documents: no answer is a 500, no registration is lost or
doubled, and every confirmed registration has exactly one mail."""

import threading
import time

from tests.faults.conftest import mail_files_recipients
from tests.faults.scenario import Burst, Database, one_mail_each, report

REGISTRATIONS = 80
EVERY = 0.3  # seconds between two rounds of terminations


def test_terminated_database_connections_lose_no_registration_and_double_no_mail(
    platform, tmp_path
):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    site = platform(email_url=f"filemail:///{mail_dir}", registrations=REGISTRATIONS)
    killer_database = Database(site.database_url)
    terminated = []
    burst_over = threading.Event()

    def terminate_backends_until_the_burst_is_over():
        while not burst_over.wait(EVERY):
            terminated.append(killer_database.terminate_backends())

    killer = threading.Thread(target=terminate_backends_until_the_burst_is_over)
    killer.start()
    started = time.monotonic()
    try:
        burst = Burst(site.base_url, site.occurrence_id, site.key).run(site.emails)
    finally:
        burst_over.set()
        killer.join()
        killer_database.close()
    burst_seconds = time.monotonic() - started
    mails, seconds = one_mail_each(
        lambda: mail_files_recipients(mail_dir), site.emails, timeout=90, settle=8
    )

    database = Database(site.database_url)
    report(
        "postgres backends terminated",
        connections_terminated=sum(terminated),
        rounds=len(terminated),
        burst_seconds=round(burst_seconds, 1),
        answers=burst.every_status(),
        seconds_until_all_mailed_after_the_burst=round(seconds, 1),
        mails=sum(mails.values()),
        outbox_attempts=database.outbox()[2],
    )
    assert sum(terminated) > 0
    # A dropped connection is an outage the client can retry (503 with Retry-After), never 500.
    assert burst.every_status()[500] == 0, burst.every_status()
    assert burst.final() == dict.fromkeys(site.emails, 201)
    registrations = database.registrations(site.occurrence_id)
    assert registrations == {email: ["confirmed"] for email in site.emails}
    assert mails == dict.fromkeys(site.emails, 1)
    assert database.outbox()[0] == 0
    database.close()
