"""Secret links stay out of the logs: gunicorn's access log and Django's own warnings write
a short hash where a manage, newsletter, Mine data or password-reset link has its key."""

import io
import logging
import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from gunicorn.config import Config

from samskabelse.secret_urls import RedactSecretsFilter, redact, token_hash

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "Zq8Rk3vT1mWJxY0bNcA7dE5fGh2iLsPo"
TOKEN_ROUTES = [
    ("events:manage", [TOKEN]),
    ("events:manage_calendar", [TOKEN]),
    ("events:cancel", [TOKEN]),
    ("events:receipt", [TOKEN]),
    ("events:newsletter_confirm", [TOKEN]),
    ("events:newsletter_unsubscribe", [TOKEN]),
    ("events:my_data", [TOKEN]),
    ("events:my_data_download", [TOKEN]),
    ("events:my_data_erase", [TOKEN]),
    ("registration-cancel", [TOKEN]),
    ("password_reset_confirm", ["MQ", TOKEN]),
]


# --- The one list of secret URLs ----------------------------------------------------------


@pytest.mark.parametrize(("name", "args"), TOKEN_ROUTES, ids=[name for name, _ in TOKEN_ROUTES])
def test_every_secret_link_is_written_with_a_hash_of_its_key(name, args):
    path = reverse(name, args=args)

    redacted = redact(f"GET {path}?page=2 HTTP/1.1")

    assert TOKEN not in redacted
    assert token_hash(TOKEN) in redacted


def _routes(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route


def test_no_route_with_a_token_is_missing_from_the_list():
    """A new <token> route in any urls.py fails here until samskabelse/secret_urls.py
    covers it."""
    with_token = [route for route in _routes(get_resolver()) if "<str:token>" in route]
    assert with_token
    for route in with_token:
        path = "/" + route.replace("<str:token>", TOKEN).replace("<uidb64>", "MQ")
        assert TOKEN not in redact(path), route


@pytest.mark.parametrize(
    "text",
    [
        f"https://samskabelse.dk/events/manage/{TOKEN}/",  # a Referer
        f"next=%2Fevents%2Fmanage%2F{TOKEN}%2F",  # the login link's ?next= on a manage page
        f"/accounts/login/?next=/events/my-data/{TOKEN}/",
        f"/api/v1/whatever/?token={TOKEN}",
    ],
)
def test_secrets_in_full_urls_and_query_strings_are_hashed_too(text):
    assert TOKEN not in redact(text)


@pytest.mark.parametrize(
    "path",
    ["/events/", "/events/my-data/sent/", "/accounts/reset/done/", "/cases/?q=manage"],
)
def test_paths_without_a_secret_are_written_as_they_are(path):
    assert redact(path) == path


def test_redacting_twice_changes_nothing_more():
    once = redact(f"/events/manage/{TOKEN}/")

    assert redact(once) == once


# --- gunicorn's logger --------------------------------------------------------------------


def redacting_logger_class():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["logger_class"] is config["RedactingLogger"]
    return config["RedactingLogger"]


def test_gunicorn_access_log_line_has_the_hash_and_not_the_key(tmp_path):
    config = Config()
    log_file = tmp_path / "access.log"
    config.set("accesslog", str(log_file))
    logger = redacting_logger_class()(config)
    path = f"/events/manage/{TOKEN}/"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?next=%2Fevents%2Fmanage%2F{TOKEN}%2F",
        "PATH_INFO": path,
        "QUERY_STRING": f"next=%2Fevents%2Fmanage%2F{TOKEN}%2F",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.7",
        "HTTP_REFERER": f"https://samskabelse.dk/events/registration/{TOKEN}/receipt/",
        "HTTP_USER_AGENT": "Firefox",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[("Location", path)])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])

    logger.access(response, request, environ, timedelta(milliseconds=12))
    for handler in logger.access_log.handlers:
        handler.flush()

    line = log_file.read_text()
    assert "GET /events/manage/sha256:" in line
    assert TOKEN not in line
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=12))
    assert not [name for name, value in atoms.items() if TOKEN in str(value)]


def _free_port():
    for port in range(8100, 8110):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port in 8100-8109")


SETUP_SCRIPT = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from tests.factories import RegistrationFactory
print(RegistrationFactory().manage_token)
"""


@pytest.fixture
def gunicorn_server(fresh_database_url, tmp_path):
    """A real gunicorn, started from the repository root as in production (so it reads
    gunicorn.conf.py), on a database with one registration. DEBUG=1 only so the page needs
    no collected static files; the logging is the same."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "REDIS_", "DATABASE_", "PYTEST"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "samskabelse.settings",
        "DATABASE_URL": fresh_database_url,
        "DEBUG": "1",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": str(ROOT),
    }
    setup = subprocess.run(
        [sys.executable, "-c", SETUP_SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    manage_token = setup.stdout.split()[-1]
    port = _free_port()
    stdout, stderr = tmp_path / "stdout.log", tmp_path / "stderr.log"
    with stdout.open("w") as out, stderr.open("w") as err:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "samskabelse.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", "1", "--access-logfile", "-"],
            cwd=ROOT, env=env, stdout=out, stderr=err,
        )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_listening(port, server, stderr)
        yield SimpleNamespace(
            base_url=base_url, manage_token=manage_token, stdout=stdout, stderr=stderr
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_listening(port, server, stderr):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn stopped: {stderr.read_text()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    pytest.fail("gunicorn did not start listening")


def _get(url, **headers):
    try:
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http to our server
        with urllib.request.urlopen(request, timeout=30):  # noqa: S310
            pass
    except urllib.error.HTTPError as error:
        return error.code
    return 200


@pytest.mark.django_db
def test_a_real_gunicorn_logs_manage_links_without_their_key(gunicorn_server):
    token = gunicorn_server.manage_token
    base = gunicorn_server.base_url

    statuses = [
        _get(f"{base}/events/manage/{token}/"),
        _get(f"{base}/events/manage/{token}x/"),  # unknown: Django warns "Not Found: …"
        _get(f"{base}/events/", Referer=f"{base}/events/manage/{token}/"),
    ]
    time.sleep(0.5)  # the access log is written after the response

    access_log = gunicorn_server.stdout.read_text()
    assert statuses == [200, 404, 200]
    assert access_log.count("GET /events/manage/sha256:") == 2
    assert token not in access_log
    errors = gunicorn_server.stderr.read_text()
    assert "Not Found: /events/manage/sha256:" in errors
    assert token not in errors, errors


# --- Django's own log records -------------------------------------------------------------


@pytest.mark.django_db
def test_djangos_not_found_warning_names_the_hash_not_the_key(client):
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RedactSecretsFilter) for f in handler.filters)
    ]
    assert handlers, "settings.LOGGING's console handler carries the filter"
    stream = io.StringIO()
    previous = handlers[0].setStream(stream)
    try:
        response = client.get(reverse("events:manage", args=[TOKEN]))
    finally:
        handlers[0].setStream(previous)

    assert response.status_code == 404
    assert f"Not Found: /events/manage/{token_hash(TOKEN)}/" in stream.getvalue()
    assert TOKEN not in stream.getvalue()


def test_the_image_ships_gunicorn_conf_where_gunicorn_starts():
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert "WORKDIR /app" in dockerfile
    assert any(
        line.startswith("COPY ") and "gunicorn.conf.py" in line.split()
        for line in dockerfile.splitlines()
    )


def test_gunicorn_error_log_names_the_hash_not_the_key(tmp_path):
    config = Config()
    log_file = tmp_path / "error.log"
    config.set("errorlog", str(log_file))
    logger = redacting_logger_class()(config)

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logger.exception("Error handling request %s", f"/events/manage/{TOKEN}/")
    for handler in logger.error_log.handlers:
        handler.flush()

    line = log_file.read_text()
    assert f"Error handling request /events/manage/{token_hash(TOKEN)}/" in line
    assert TOKEN not in line
