"""Redis stops: the site keeps serving pages, the case API, token-authenticated calls and
registrations, without a single 500; Redis starts again: the cache is used again.

Self-contained: a private redis-server (ports 6410-6419), a database of its own and
gunicorn in the production shape (DEBUG=0, two workers) pointed at both. Run with FAULTS=1.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.processes import free_port, port_is_free, wait_for_port, wait_until

ROOT = Path(__file__).resolve().parents[2]
REDIS_PORTS = range(6410, 6420)
CACHE_SKIP_SECONDS = 5  # samskabelse.cache.SKIP_SECONDS: how long a process skips a dead Redis

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(os.environ.get("FAULTS") != "1", reason="fault injection: FAULTS=1"),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
]


class PrivateRedis:
    """A redis-server of this test's own, to stop and start at will."""

    def __init__(self, tmp_path):
        self.port = next(port for port in REDIS_PORTS if port_is_free(port))
        self.dir = tmp_path
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, self.process, timeout=10)

    def stop(self):
        """As an outage: killed, not shut down politely."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    def keys(self):
        result = subprocess.run(
            ["redis-cli", "-p", str(self.port), "--scan", "--pattern", "samskabelse:*"],
            capture_output=True,
            text=True,
            timeout=10,
        )
        return result.stdout.split()


SETUP = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from tests.factories import CaseFactory, OccurrenceFactory, api_token
occurrence = OccurrenceFactory(capacity=50)
case = CaseFactory()
_, reader = api_token(scopes=["read"])
_, writer = api_token(scopes=["write:registrations"], name="Kursusportal")
print(json.dumps({"event": occurrence.event.slug, "occurrence": occurrence.pk,
                  "case": case.slug, "reader": reader, "writer": writer}))
"""


class Site:
    """gunicorn serving the platform; every answer it gives is kept to check afterwards."""

    def __init__(self, base_url, data):
        self.base_url = base_url
        self.data = data
        self.answers = []

    def request(self, method, path, *, body=None, token=None, form=None):
        headers = {"Accept-Language": "da"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if token:
            headers["Authorization"] = f"Token {token}"
        request = urllib.request.Request(  # noqa: S310 - our own server, http only
            self.base_url + path, data=data, headers=headers, method=method
        )
        started = time.monotonic()
        try:
            with _NO_REDIRECTS.open(request, timeout=20) as response:
                status, content = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, content = error.code, error.read()
        self.answers.append((method, path, status, time.monotonic() - started))
        return status, content

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)[0]

    def server_errors(self):
        return [answer for answer in self.answers if answer[2] == 500]


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_NO_REDIRECTS = urllib.request.build_opener(_KeepRedirects)


@pytest.fixture
def stack(tmp_path, fresh_database_url):
    redis = PrivateRedis(tmp_path)
    redis.start()
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samskabelse.settings",
        "DEBUG": "0",
        "SECRET_KEY": "fault-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "DATABASE_URL": fresh_database_url,
        "REDIS_URL": redis.url,
        "EMAIL_URL": "dummymail://",
        "PYTHONPATH": str(ROOT),
    }
    run = {"cwd": ROOT, "env": env, "capture_output": True, "text": True, "timeout": 300}
    setup = subprocess.run([sys.executable, "-c", SETUP], **run)
    assert setup.returncode == 0, setup.stderr[-3000:]
    data = json.loads(setup.stdout.strip().splitlines()[-1])
    static = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], **run
    )
    assert static.returncode == 0, static.stderr[-3000:]
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "samskabelse.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "30",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    site = Site(f"http://127.0.0.1:{port}", data)
    try:
        wait_for_port(port, server, timeout=30)
        yield site, redis
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        if redis.process is not None:
            redis.stop()
        print((tmp_path / "gunicorn.log").read_text()[-5000:])


def serve_everything(site, number):
    """One round of what visitors and other systems do; returns {what: status}."""
    data = site.data
    registration = {"name": f"Borger {number}", "email": f"borger{number}@example.dk",
                    "consent": True}  # fmt: skip
    status, _ = site.request(
        "POST",
        f"/api/v1/occurrences/{data['occurrence']}/registrations/",
        body=registration,
        token=data["writer"],
    )
    return {
        "front page": site.get("/"),
        "cases page": site.get("/cases/"),
        "case page": site.get(f"/cases/{data['case']}/"),
        "events page": site.get("/events/"),
        "case API": site.get("/api/v1/cases/"),
        "case API with token": site.get("/api/v1/cases/", token=data["reader"]),
        "municipalities API with token": site.get("/api/v1/municipalities/", token=data["reader"]),
        "registration API": status,
    }


def test_redis_outage_degrades_without_a_500_and_the_cache_comes_back(stack):
    site, redis = stack

    # Redis up: everything answers and the cache is filled.
    assert site.get("/healthz") == 200
    up = serve_everything(site, 1)
    assert all(200 <= status < 300 for status in up.values()), up
    assert redis.keys(), "nothing was cached while Redis was up"

    # Redis killed: every page and API call still answers, none with a 500, none slowly.
    redis.stop()
    before = len(site.answers)
    down = [serve_everything(site, number) for number in range(2, 6)]
    assert site.get("/healthz") == 503, "/healthz must tell the truth about the cache"
    assert not site.server_errors(), site.server_errors()
    for answers in down:
        reads = {what: status for what, status in answers.items() if what != "registration API"}
        assert all(status == 200 for status in reads.values()), answers
    slow = [answer for answer in site.answers[before:] if answer[3] > 3]
    assert not slow, f"answers that waited for the dead Redis: {slow}"

    # Redis back: once the processes' skip window has passed, the cache is used again.
    redis.start()
    time.sleep(CACHE_SKIP_SECONDS + 0.5)
    wait_until(lambda: site.get("/healthz") == 200, timeout=15, message="/healthz recovering")
    again = serve_everything(site, 6)
    assert all(200 <= status < 300 for status in again.values()), again
    assert redis.keys(), "the cache was not used again after Redis came back"
    assert not site.server_errors(), site.server_errors()


def test_registrations_are_taken_while_redis_is_down(stack):
    site, redis = stack
    redis.stop()
    statuses = [serve_everything(site, number)["registration API"] for number in range(10, 13)]
    assert statuses == [201, 201, 201]
    assert not site.server_errors(), site.server_errors()
