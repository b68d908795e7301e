"""The settings module read in fresh processes, as a deploy would read it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "x9!Q@w#E$r%T^y&U*i(O)p_A+s-D=f" + "z" * 20,
    "ALLOWED_HOSTS": "samskabelse.example.dk",
}
PROBE = (
    "import django, json; from django.conf import settings; django.setup();"
    "from samskabelse.celery import app;"
    "print(json.dumps({'db': settings.DATABASES['default']['ENGINE'],"
    "'cache': settings.CACHES['default']['BACKEND'], 'eager': app.conf.task_always_eager,"
    "'broker': app.conf.broker_url, 'mail': settings.EMAIL_BACKEND,"
    "'tz': settings.TIME_ZONE, 'lang': settings.LANGUAGE_CODE, 'debug': settings.DEBUG}))"
)


def run(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in _DEPLOY_VARIABLES}
    clean.update(DJANGO_SETTINGS_MODULE="samskabelse.settings", **env)
    return subprocess.run(args, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


_DEPLOY_VARIABLES = {
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_URL",
    "SECURE_SSL_REDIRECT", "SECURE_COOKIES", "CSRF_TRUSTED_ORIGINS",
    "DB_TRANSACTION_POOLING", "DB_STATEMENT_TIMEOUT_MS",
}  # fmt: skip


def probe(**env):
    result = run([sys.executable, "-c", PROBE], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_default_is_sqlite_eager_celery_database_cache_and_console_mail():
    config = probe(DEBUG="1")
    assert config["db"] == "django.db.backends.sqlite3"
    assert config["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert config["eager"] is True
    assert config["mail"] == "django.core.mail.backends.console.EmailBackend"
    assert config["tz"] == "Europe/Copenhagen"
    assert config["lang"] == "da"


def test_database_and_redis_urls_switch_to_postgresql_and_redis():
    config = probe(
        DEBUG="1",
        DATABASE_URL="postgres://samskabelse@db.internal:5432/samskabelse",
        REDIS_URL="redis://cache.internal:6379/0",
        EMAIL_URL="smtp+tls://mailer:secret@smtp.kommune.dk:587",
    )
    assert config["db"] == "django.db.backends.postgresql"
    assert config["cache"].endswith("RedisCache")
    assert config["eager"] is False
    assert config["broker"] == "redis://cache.internal:6379/0"
    assert config["mail"] == "django.core.mail.backends.smtp.EmailBackend"


def test_without_redis_every_process_shares_the_database_cache_never_process_memory():
    config = probe(**PRODUCTION, DATABASE_URL="postgres://samskabelse@db.internal:5432/x")
    assert config["cache"] == "django.core.cache.backends.db.DatabaseCache"


def test_debug_is_off_unless_asked_and_then_secret_key_is_required():
    result = run([sys.executable, "-c", PROBE])
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_allowed_hosts_is_required_in_production():
    result = run([sys.executable, "-c", PROBE], DEBUG="0", SECRET_KEY=PRODUCTION["SECRET_KEY"])
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_check_deploy_reports_no_warnings_in_production_configuration():
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "header", ["Content-Security-Policy", "Strict-Transport-Security", "X-Frame-Options"]
)
def test_production_responses_carry_security_headers(header, tmp_path):
    script = (
        "import django; django.setup();"
        "from django.core.management import call_command; call_command('createcachetable');"
        "from django.test import Client;"
        "r = Client().get('/healthz', secure=True, HTTP_HOST='samskabelse.example.dk');"
        f"print(r.status_code, r.headers.get({header!r}, 'MISSING'))"
    )
    database_url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    result = run([sys.executable, "-c", script], **PRODUCTION, DATABASE_URL=database_url)
    assert result.returncode == 0, result.stderr
    status, value = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "200", result.stdout
    assert value != "MISSING"


def database_settings(**env):
    script = (
        "import json; from django.conf import settings;"
        "print(json.dumps(settings.DATABASES['default'], default=str))"
    )
    result = run([sys.executable, "-c", script], DEBUG="1", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_direct_postgresql_connection_carries_the_web_limit_as_a_startup_option():
    database = database_settings(DATABASE_URL="postgres://samskabelse@db.internal:5432/x")
    assert "-c statement_timeout=5000" in database["OPTIONS"]["options"]
    assert not database.get("DISABLE_SERVER_SIDE_CURSORS")


def test_transaction_pooling_sends_no_startup_options_and_uses_no_server_side_cursors():
    database = database_settings(
        DATABASE_URL="postgres://samskabelse@pgbouncer:6432/samskabelse",
        DB_TRANSACTION_POOLING="1",
    )
    assert "options" not in database.get("OPTIONS", {})
    assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert database["CONN_HEALTH_CHECKS"] is True
