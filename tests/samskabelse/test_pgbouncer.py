"""Behind PgBouncer in transaction pooling mode, for real: the settings DB_TRANSACTION_POOLING=1
makes, the shipped deploy/pgbouncer.ini, and the rule that a limit one client asks for never
reaches another client of the same server connection (samskabelse/db.py).

Each test starts a private pgbouncer on a free loopback port from deploy/pgbouncer.ini, with
only the addresses changed, the test database behind both of its pools, and each pool one
server connection big: two clients of a pool then provably share one PostgreSQL backend. The
Django connection is pointed at it with the settings a fresh process reads from
DB_TRANSACTION_POOLING=1, so a startup option they still sent would be refused right there.
"""

import os
import re
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest
from django.db import OperationalError, connection, transaction
from django.db.backends.signals import connection_created
from django.utils import timezone

from events import services
from events.models import Registration
from samskabelse import db
from tests.factories import OccurrenceFactory, RegistrationFactory
from tests.processes import free_port, stop, wait_for_port
from tests.samskabelse.test_settings import database_settings

ROOT = Path(__file__).resolve().parents[2]
PGBOUNCER = shutil.which("pgbouncer") or (
    "/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None
)
WEB_POOL, TASK_POOL = "samskabelse", "samskabelse_tasks"

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PgBouncer pools PostgreSQL: run with DATABASE_URL=postgres://...",
    ),
    pytest.mark.skipif(
        PGBOUNCER is None, reason="pgbouncer is not installed (apt-get install pgbouncer)"
    ),
    pytest.mark.django_db(transaction=True),  # pooled connections see only committed rows
]


@dataclass
class Bouncer:
    port: int
    log: Path

    def connect(self, database=WEB_POOL, **options):
        """A client of its own, as another gunicorn worker or replica would be."""
        client = psycopg2.connect(
            host="127.0.0.1",
            port=self.port,
            dbname=database,
            user=connection.settings_dict["USER"],
            password=connection.settings_dict["PASSWORD"] or "",
            **options,
        )
        client.autocommit = True
        return client


def one_setting(text, key, value):
    text, replaced = re.subn(rf"^{key} = .*$", f"{key} = {value}", text, flags=re.M)
    assert replaced == 1, f"deploy/pgbouncer.ini has no single {key} line"
    return text


def pgbouncer_config(port, auth_file, pool_size):
    """deploy/pgbouncer.ini with this machine's addresses in place of the compose ones."""
    server = connection.settings_dict
    text = (ROOT / "deploy" / "pgbouncer.ini").read_text(encoding="utf-8")
    text = re.sub(r" pool_size=\d+", "", text)
    text, pools = re.subn(
        r"host=db port=5432 dbname=samskabelse\b",
        f"host={server['HOST'] or '127.0.0.1'} port={server['PORT'] or 5432}"
        f" dbname={server['NAME']} pool_size={pool_size}",
        text,
    )
    assert pools == 2, "expected the web and the task pool in deploy/pgbouncer.ini"
    text = re.sub(r"^(reserve_pool_size) = .*$", r"\1 = 0", text, flags=re.M)
    for key, value in {
        "listen_addr": "127.0.0.1",
        "listen_port": port,
        "auth_type": "trust",
        "auth_file": auth_file,
    }.items():
        text = one_setting(text, key, value)
    return text


@pytest.fixture
def pgbouncer(request):
    """One server connection per pool unless the test asks for more (indirect parameter)."""
    pool_size = getattr(request, "param", 1)
    workdir = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    workdir.chmod(0o755)  # pgbouncer drops root for the postgres user, who must read it
    port = free_port()
    auth_file = workdir / "userlist.txt"
    auth_file.write_text(
        f'"{connection.settings_dict["USER"]}" "{connection.settings_dict["PASSWORD"] or ""}"\n'
    )
    ini = workdir / "pgbouncer.ini"
    ini.write_text(pgbouncer_config(port, auth_file, pool_size))
    for path in (auth_file, ini):
        path.chmod(0o644)
    log = workdir / "pgbouncer.log"
    as_user = ["-u", "postgres"] if os.geteuid() == 0 else []  # it refuses to run as root
    with log.open("wb") as output:
        process = subprocess.Popen(
            [PGBOUNCER, *as_user, str(ini)], stdout=output, stderr=subprocess.STDOUT
        )
    try:
        wait_for_port(port, process, timeout=15, describe=log.read_text)
        yield Bouncer(port=port, log=log)
    finally:
        stop(process)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def pooled_database_settings():
    """DATABASES["default"] as a fresh process reads it with DB_TRANSACTION_POOLING=1."""
    return database_settings(
        DATABASE_URL="postgres://samskabelse@pgbouncer:6432/samskabelse",
        DB_TRANSACTION_POOLING="1",
    )


@contextmanager
def default_connection_through(bouncer, pooled_settings, database=WEB_POOL, **overrides):
    """Django's own connection, as the app process would open it behind PgBouncer."""
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(
        {
            "HOST": "127.0.0.1",
            "PORT": str(bouncer.port),
            "NAME": database,
            "OPTIONS": pooled_settings.get("OPTIONS", {}),
            "DISABLE_SERVER_SIDE_CURSORS": pooled_settings["DISABLE_SERVER_SIDE_CURSORS"],
            **overrides,
        }
    )
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.fixture
def through_pgbouncer(transactional_db, pgbouncer, pooled_database_settings, settings):
    settings.DB_TRANSACTION_POOLING = True
    with default_connection_through(pgbouncer, pooled_database_settings):
        yield pgbouncer


def limit_and_backend(cursor_owner):
    with cursor_owner.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout'), pg_backend_pid()")
        return cursor.fetchone()


def test_the_pooled_settings_send_no_startup_options_and_use_no_server_side_cursors(
    pooled_database_settings,
):
    assert "options" not in pooled_database_settings.get("OPTIONS", {})
    assert pooled_database_settings["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_pgbouncer_refuses_the_startup_option_a_direct_connection_carries(pgbouncer):
    with pytest.raises(psycopg2.OperationalError, match="unsupported startup parameter"):
        pgbouncer.connect(options="-c statement_timeout=5000")


def test_django_works_through_pgbouncer_under_the_web_limit_of_its_pool(through_pgbouncer):
    occurrence = OccurrenceFactory(capacity=1)

    first = services.register_participant(
        occurrence=occurrence, name="Ane", email="ane@kommune.dk", consent=True
    )
    second = services.register_participant(
        occurrence=occurrence, name="Bo", email="bo@kommune.dk", consent=True
    )

    assert connection.settings_dict["PORT"] == str(through_pgbouncer.port)
    assert limit_and_backend(connection)[0] == "5s"  # deploy/pgbouncer.ini, DB_STATEMENT_TIMEOUT_MS
    assert (first.status, second.status) == ("confirmed", "waitlisted")


def test_a_statement_past_the_web_limit_is_cancelled_through_pgbouncer(through_pgbouncer):
    with (
        pytest.raises(OperationalError) as cancelled,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT pg_sleep(5.3)")

    assert db.is_statement_timeout(cancelled.value)


@contextmanager
def a_worker_process():
    """What worker_init does, undone afterwards; the connection then opens as a task's would."""
    connection.close()
    try:
        db.use_long_statement_timeout()
        connection.ensure_connection()
        yield
    finally:
        connection_created.disconnect(dispatch_uid="long-statement-timeout")


def test_the_task_pool_gives_workers_the_long_limit(
    transactional_db, pgbouncer, pooled_database_settings, settings, caplog
):
    settings.DB_TRANSACTION_POOLING = True
    with (
        default_connection_through(pgbouncer, pooled_database_settings, database=TASK_POOL),
        a_worker_process(),
    ):
        assert limit_and_backend(connection)[0] == "1min"  # DB_LONG_STATEMENT_TIMEOUT_MS

    assert "task pool" not in caplog.text


def test_a_worker_pointed_at_the_web_pool_says_so_in_its_log(through_pgbouncer, caplog):
    with a_worker_process():
        assert limit_and_backend(connection)[0] == "5s"

    assert "cancels statements after 5000 ms" in caplog.text
    assert "task pool of deploy/pgbouncer.ini" in caplog.text


def test_the_long_limits_of_workers_migrate_and_exports_never_reach_the_next_client(
    through_pgbouncer,
):
    other_client = through_pgbouncer.connect()
    try:
        _, django_backend = limit_and_backend(connection)
        assert limit_and_backend(other_client) == ("5s", django_backend)  # one server connection

        try:
            db.use_long_statement_timeout()  # a worker's start
            db._long_limit_for_migrations(sender=None)  # migrate's pre_migrate
            with db.statement_timeout():  # an export
                assert limit_and_backend(connection)[0] == "1min"
            db._web_limit_after_migrations(sender=None)  # migrate's post_migrate
            limit_seen_by_django = limit_and_backend(connection)
        finally:
            connection_created.disconnect(dispatch_uid="long-statement-timeout")

        assert limit_seen_by_django == ("5s", django_backend)
        assert limit_and_backend(other_client) == ("5s", django_backend)
    finally:
        other_client.close()


def test_a_session_level_set_would_reach_the_next_client(pgbouncer):
    """The leak the rules above prevent, shown with two raw clients: so the test above would
    see one if it were there."""
    careless, other_client = pgbouncer.connect(), pgbouncer.connect()
    try:
        with careless.cursor() as cursor:
            cursor.execute("SET statement_timeout = 60000")

        assert limit_and_backend(other_client)[0] == "1min"
    finally:
        careless.close()
        other_client.close()


def test_anonymising_iterates_through_pgbouncer(through_pgbouncer):
    """events.services.anonymise_registrations walks `.iterator()` and saves each row in
    between: with a server-side cursor its next FETCH could land on another server connection
    than its DECLARE."""
    long_ago = timezone.now() - timezone.timedelta(days=400)
    occurrence = OccurrenceFactory(starts_at=long_ago)
    RegistrationFactory.create_batch(5, occurrence=occurrence)

    anonymised = services.anonymise_registrations(older_than_days=90)

    assert anonymised == 5
    assert not Registration.objects.filter(anonymised_at__isnull=True).exists()


@pytest.mark.parametrize("pgbouncer", [2], indirect=True)
@pytest.mark.parametrize(
    ("server_side_cursors", "works"),
    [(False, True), (True, False)],
    ids=["as-configured", "with-server-side-cursors"],
)
def test_an_iterator_survives_another_client_taking_its_server_connection(
    transactional_db, pgbouncer, pooled_database_settings, server_side_cursors, works
):
    """Why DISABLE_SERVER_SIDE_CURSORS: a server-side cursor exists on the one server
    connection that declared it. Here another client takes that connection between two
    chunks, so PgBouncer sends the next FETCH on the second connection of the pool."""
    RegistrationFactory.create_batch(4)
    other_client = pgbouncer.connect()
    other_client.autocommit = False
    overrides = {"DISABLE_SERVER_SIDE_CURSORS": not server_side_cursors}
    try:
        with default_connection_through(pgbouncer, pooled_database_settings, **overrides):
            rows = Registration.objects.iterator(chunk_size=2)
            first = next(rows)
            with other_client.cursor() as cursor:
                cursor.execute("SELECT 1")  # BEGIN: holds the idle server connection
            if works:
                assert [first, *rows] == list(Registration.objects.all())
            else:
                # Django's error, or psycopg2's own from closing the cursor that is not there
                with pytest.raises((OperationalError, psycopg2.Error), match="does not exist"):
                    list(rows)
    finally:
        other_client.close()
