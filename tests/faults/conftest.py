"""Processes for the fault-injection suite: a private redis-server, a Celery worker, a
gunicorn, an SMTP sink, each started here against a database of the test's own and
stopped (or broken) by the test. Marked `faults`, skipped unless FAULTS=1; .ci/run runs
them against PostgreSQL.

The fixtures are factories with the port as a parameter, so any test can start two
Redis servers (a cache and a broker) or restart a killed worker with the same settings.
"""

import logging
import os
import signal
import subprocess
import sys
import threading
from email import message_from_string
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection

from tests.faults.scenario import FAST_OUTBOX, set_up
from tests.processes import free_port, port_is_free, wait_until

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS_PORTS = range(6400, 6410)  # the suite's own, never the shared 6379
MAIL_SEPARATOR = "-" * 79  # Django's file backend writes it after every message


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason="fault injection: set FAULTS=1 (run by .ci/run)")
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.faults)
            if not os.environ.get("FAULTS"):
                item.add_marker(skip)


@pytest.fixture
def postgres_database_url(fresh_database_url):
    if connection.vendor != "postgresql":
        pytest.skip("the fault suite needs PostgreSQL (DATABASE_URL)")
    return fresh_database_url


class Process:
    """A child process in its own process group, its output in a log file."""

    def __init__(self, name, command, *, env, log_path):
        self.name, self.command, self.env, self.log_path = name, command, env, log_path
        self.popen = None

    def start(self):
        log = open(self.log_path, "ab")  # noqa: SIM115 - kept open for the child
        self.popen = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        return self

    def log(self):
        return Path(self.log_path).read_text(errors="replace")

    def running(self):
        return self.popen is not None and self.popen.poll() is None

    def kill(self):
        """SIGKILL to the whole group (a worker's pool processes too), as the OOM killer or
        a lost machine would."""
        if self.running():
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)

    def stop(self, timeout=15):
        if not self.running():
            return
        os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()


class RedisServer(Process):
    def __init__(self, port, directory):
        self.port = port
        super().__init__(
            f"redis-{port}",
            [
                "redis-server",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(directory),
            ],
            env=os.environ.copy(),
            log_path=directory / f"redis-{port}.log",
        )

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        super().start()
        wait_until(self.ping, timeout=10, message=f"redis on {self.port}")
        return self

    def cli(self, *args):
        return subprocess.run(
            ["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True, timeout=5
        ).stdout.strip()

    def ping(self):
        return self.cli("ping") == "PONG"

    def refuse_writes(self):
        """Out of memory with nothing to evict: every write answers OOM, reads still work."""
        self.cli("config", "set", "maxmemory-policy", "noeviction")
        self.cli("config", "set", "maxmemory", "1")

    def accept_writes(self):
        self.cli("config", "set", "maxmemory", "0")


@pytest.fixture
def private_redis(tmp_path):
    """Start a redis-server of the test's own: `private_redis(port=None)`; the port is
    the first free one of 6400-6409 unless given. Stopped after the test."""
    servers = []

    def start(port=None):
        server = RedisServer(port or free_port(REDIS_PORTS), tmp_path).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.kill()


def service_env(database_url, **overrides):
    """The environment of the platform's processes: production settings (DEBUG off)
    against the test's database, plain HTTP on the loopback."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_URL", "DEBUG"}
    }
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY="fault-suite-only",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update({key: str(value) for key, value in overrides.items()})
    return env


class Supervisor:
    """Start a process again whenever it exits, as docker-compose's `restart:` policy does
    (a Celery worker exits on an error of the broker it cannot recover from)."""

    def __init__(self, process, *, pause=1.0):
        self.process, self.pause = process, pause
        self.restarts = 0
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self):
        while not self._stopped.wait(self.pause):
            if not self.process.running():
                self.process.start()
                self.restarts += 1

    def stop(self):
        self._stopped.set()
        self._thread.join(timeout=5)


@pytest.fixture
def celery_worker(tmp_path):
    """Start a Celery worker (with beat embedded, so the outbox relay runs):
    `celery_worker(env, concurrency=2, supervised=True)`; a supervised worker is started
    again when it exits (its `.supervisor.restarts` counts it). An unsupervised one can be
    `.kill()`ed and `.start()`ed again by the test."""
    workers = []

    def start(env, *, concurrency=2, supervised=True):
        name = f"worker{len(workers)}"
        worker = Process(
            name,
            [
                str(BIN / "celery"),
                "-A",
                "samskabelse",
                "worker",
                "--beat",
                "--schedule",
                str(tmp_path / f"{name}-beat-schedule"),
                "--pool=prefork",
                f"--concurrency={concurrency}",
                "--loglevel=info",
                "--without-gossip",
                "--without-mingle",
                "--hostname",
                f"{name}@faults",
            ],
            env=env,
            log_path=tmp_path / f"{name}.log",
        )
        workers.append(worker)
        worker.start()
        worker.supervisor = Supervisor(worker) if supervised else None
        return worker

    yield start
    for worker in workers:
        if worker.supervisor:
            worker.supervisor.stop()
        worker.kill()


def wait_for_worker(worker, *, since=0, timeout=60):
    wait_until(
        lambda: " ready." in worker.log()[since:] or not worker.running(),
        timeout=timeout,
        message=f"{worker.name} ready",
    )
    assert worker.running(), worker.log()[-3000:]


@pytest.fixture
def web_server(tmp_path):
    """Start gunicorn serving the platform: `web_server(env)`; returns (process, base_url)."""
    servers = []

    def start(env, *, workers=2):
        port = free_port()
        server = Process(
            "gunicorn",
            [
                str(BIN / "gunicorn"),
                "samskabelse.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--timeout",
                "60",
            ],
            env=env,
            log_path=tmp_path / f"gunicorn-{port}.log",
        ).start()
        servers.append(server)
        base_url = f"http://127.0.0.1:{port}"

        def answers():
            return not port_is_free(port) or not server.running()

        wait_until(answers, timeout=60, message="gunicorn listening")
        assert server.running(), server.log()[-3000:]
        return server, base_url

    yield start
    for server in servers:
        server.stop()


class SmtpSink:
    """An SMTP server in a thread (aiosmtpd) that keeps every message it accepted. With a
    `delay`, each message is held that long before the 250 answer; a client that goes away
    meanwhile has sent nothing, as with a real mail server."""

    def __init__(self, port, delay=0.0):
        from aiosmtpd.controller import Controller

        self.port, self.delay = port, delay
        self.messages = []
        self.holding = threading.Event()
        self._lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=port)
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # a line per SMTP command

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        if self.delay:
            self.holding.set()
            await asyncio.sleep(self.delay)  # cancelled when the client's connection drops
        with self._lock:
            self.messages.append(message_from_string(envelope.content.decode("utf8", "replace")))
        return "250 OK"

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()

    def recipients(self):
        with self._lock:
            return [message["To"] for message in self.messages]


@pytest.fixture
def smtp_sink():
    """Open an SMTP sink: `smtp_sink(port, delay=0)`. Closed after the test."""
    sinks = []

    def start(port, delay=0.0):
        sink = SmtpSink(port, delay).start()
        sinks.append(sink)
        return sink

    yield start
    for sink in sinks:
        sink.stop()


def mail_files_recipients(directory):
    """The To: of every message Django's file backend wrote into `directory`."""
    recipients = []
    for path in sorted(Path(directory).glob("*.log")):
        for chunk in path.read_text(encoding="utf-8", errors="replace").split(MAIL_SEPARATOR):
            if chunk.strip():
                recipients.append(message_from_string(chunk.strip() + "\n")["To"])
    return recipients


@pytest.fixture
def platform(postgres_database_url, private_redis, celery_worker, web_server):
    """Start the platform against the test's database with a theme day of `registrations`
    seats: `platform(email_url=…, registrations=…)`. Redis is a private one (or `broker`
    and `cache`, each a private_redis()); the outbox's timings are FAST_OUTBOX unless
    overridden by keyword. Returns the parts the test breaks and counts."""

    def start(
        *,
        email_url,
        registrations,
        broker=None,
        cache=None,
        concurrency=2,
        supervised=True,
        **overrides,
    ):
        broker = broker or private_redis()
        env = service_env(
            postgres_database_url,
            REDIS_URL=(cache or broker).url,
            CELERY_BROKER_URL=broker.url,
            EMAIL_URL=email_url,
            **{**FAST_OUTBOX, **overrides},
        )
        occurrence_id, key = set_up(postgres_database_url, capacity=registrations)
        worker = celery_worker(env, concurrency=concurrency, supervised=supervised)
        wait_for_worker(worker)
        _server, base_url = web_server(env)
        return SimpleNamespace(
            database_url=postgres_database_url,
            broker=broker,
            worker=worker,
            base_url=base_url,
            occurrence_id=occurrence_id,
            key=key,
            emails=[f"borger{number}@kommune.dk" for number in range(registrations)],
        )

    return start
