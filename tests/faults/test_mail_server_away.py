"""The mail server is away (SMTP pointed at a closed port) while people register; then it
opens. Every mail waits in the outbox with its retries counted, and once the server is
there each arrives exactly once."""

from tests.faults.scenario import Burst, Database, one_mail_each, report
from tests.processes import free_port, wait_until

REGISTRATIONS = 30


def test_mail_server_away_then_back_delivers_every_mail_once(platform, smtp_sink):
    mail_port = free_port()  # nobody listens here yet
    site = platform(email_url=f"smtp://127.0.0.1:{mail_port}", registrations=REGISTRATIONS)
    database = Database(site.database_url)

    burst = Burst(site.base_url, site.occurrence_id, site.key).run(site.emails)
    failed_attempts = wait_until(
        lambda: _every_message_failed_twice(database, REGISTRATIONS),
        timeout=60,
        message="every mail tried twice",
    )
    sink = smtp_sink(mail_port)
    mails, seconds = one_mail_each(sink.recipients, site.emails, timeout=60, settle=5)

    report(
        "SMTP away then back",
        answers=burst.every_status(),
        failed_attempts_while_away=failed_attempts,
        seconds_until_all_mailed_after_the_server_opened=round(seconds, 1),
        mails=sum(mails.values()),
        outbox_attempts=database.outbox()[2],
    )
    assert burst.every_status() == {201: REGISTRATIONS}
    registrations = database.registrations(site.occurrence_id)
    assert registrations == {email: ["confirmed"] for email in site.emails}
    assert mails == dict.fromkeys(site.emails, 1)
    assert database.outbox()[0] == 0
    database.close()


def _every_message_failed_twice(database, count):
    [(failed, attempts, errors)] = database.rows(
        "SELECT count(*), coalesce(sum(attempts), 0), array_agg(DISTINCT last_error)"
        " FROM samskabelse_outboxmessage WHERE done_at IS NULL AND attempts >= 2"
    )
    if failed == count:
        assert errors == ["ConnectionRefusedError 111"]
        return attempts
    return None
