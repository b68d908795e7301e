"""The mail server is away (SMTP pointed at a closed port) while people register; then it
opens. Every mail waits in the outbox with its retries counted, and once the server is
there each arrives exactly once."""

from tests.faults.conftest import free_port, service_env, wait_for_worker, wait_until
from tests.faults.scenario import FAST_OUTBOX, Burst, Database, one_mail_each, report, set_up

REGISTRATIONS = 30


def test_mail_server_away_then_back_delivers_every_mail_once(
    postgres_database_url, private_redis, celery_worker, web_server, smtp_sink
):
    broker = private_redis()
    mail_port = free_port()  # nobody listens here yet
    env = service_env(
        postgres_database_url,
        REDIS_URL=broker.url,
        EMAIL_URL=f"smtp://127.0.0.1:{mail_port}",
        **FAST_OUTBOX,
    )
    occurrence_id, key = set_up(env, capacity=REGISTRATIONS)
    wait_for_worker(celery_worker(env))
    _server, base_url = web_server(env)
    database = Database(postgres_database_url)
    emails = [f"borger{number}@kommune.dk" for number in range(REGISTRATIONS)]

    burst = Burst(base_url, occurrence_id, key).run(emails)
    failed_attempts = wait_until(
        lambda: _every_message_failed_twice(database, REGISTRATIONS),
        timeout=60,
        message="every mail tried twice",
    )
    sink = smtp_sink(mail_port)
    mails, seconds = one_mail_each(sink.recipients, emails, timeout=60, settle=5)

    report(
        "SMTP away then back",
        answers=burst.every_status(),
        failed_attempts_while_away=failed_attempts,
        seconds_until_all_mailed_after_the_server_opened=round(seconds, 1),
        mails=sum(mails.values()),
        outbox_attempts=database.outbox()[2],
    )
    assert burst.every_status() == {201: REGISTRATIONS}
    assert database.registrations(occurrence_id) == {email: ["confirmed"] for email in emails}
    assert mails == dict.fromkeys(emails, 1)
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
