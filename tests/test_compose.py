"""The deployment files agree with each other and with the settings module.

docker-compose.yml, the Dockerfile and .env.example are checked as text: no Docker engine is
needed, and a variable the settings never read (a typo, a renamed setting) fails here instead of
being silently ignored in production.
"""

import configparser
import json
import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "beat")
SERVICES = (*APP_SERVICES, "migrate", "pgbouncer", "db", "redis")
# The PgBouncer database (pool) each app service connects to, in deploy/pgbouncer.ini, and the
# settings whose default statement_timeout that pool must give its server connections.
POOL_OF_SERVICE = {"web": "samskabelse", "beat": "samskabelse", "worker": "samskabelse_tasks"}
LIMIT_OF_POOL = {
    "samskabelse": "DB_STATEMENT_TIMEOUT_MS",
    "samskabelse_tasks": "DB_LONG_STATEMENT_TIMEOUT_MS",
}

# env("NAME", env.bool("NAME", env.int("NAME", env.list("NAME", env.db("NAME", env.email_url("NAME"
SETTINGS_ENV_READ = re.compile(
    r"""\benv(?:\.(?:bool|int|float|list|db|email_url))?\(\s*["']([A-Z0-9_]+)["']"""
)


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


@pytest.fixture(scope="module")
def pgbouncer_ini():
    parser = configparser.ConfigParser(interpolation=None, comment_prefixes=(";", "#"))
    parser.read_string((ROOT / "deploy" / "pgbouncer.ini").read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def pgbouncer_users():
    """deploy/pgbouncer-userlist.txt as {role: password}; other lines are comments."""
    text = (ROOT / "deploy" / "pgbouncer-userlist.txt").read_text(encoding="utf-8")
    return dict(re.findall(r'^"([^"]+)"\s+"([^"]*)"', text, re.M))


def pool_connection(pgbouncer_ini, pool):
    """A [databases] entry of pgbouncer.ini as a dict (libpq key=value, quotes allowed)."""
    return dict(word.split("=", 1) for word in shlex.split(pgbouncer_ini["databases"][pool]))


@pytest.fixture(scope="module")
def settings_variables():
    source = (ROOT / "samskabelse" / "settings.py").read_text(encoding="utf-8")
    names = set(SETTINGS_ENV_READ.findall(source))
    assert names, "found no env(...) reads in samskabelse/settings.py"
    return names


@pytest.fixture(scope="module")
def env_example_variables():
    names = []
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = re.match(r"(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=", line)
        assert match, f".env.example line is not NAME=value: {line!r}"
        names.append(match.group(1))
    return names


@pytest.fixture(scope="module")
def dockerfile_instructions():
    """(INSTRUCTION, arguments) pairs, continuation lines joined and comments dropped."""
    instructions = []
    pending = ""
    for raw in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = pending + line
        pending = ""
        keyword, _, arguments = line.partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def environment_of(service):
    """A service's environment as a dict, whether written as a mapping or a NAME=value list."""
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        return dict(item.split("=", 1) if "=" in item else (item, None) for item in environment)
    return environment


def command_of(service):
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def shell_words(text):
    """Instruction or command text as words, with exec-form JSON arrays flattened."""
    text = text.strip()
    if text.startswith("["):
        return json.loads(text)
    return shlex.split(text)


def healthcheck_words(service):
    """A compose healthcheck's test as words, without its CMD / CMD-SHELL marker."""
    test = service["healthcheck"]["test"]
    if isinstance(test, str):
        return shlex.split(test)
    if test[0] == "CMD-SHELL":
        return shlex.split(" ".join(test[1:]))
    return test[1:] if test[0] == "CMD" else test


def exposed_ports(instructions):
    return {
        port.split("/")[0]
        for keyword, arguments in instructions
        if keyword == "EXPOSE"
        for port in arguments.split()
    }


def published_ports(service):
    """Container-side ports of a compose service's `ports` (short or long syntax)."""
    ports = set()
    for port in service.get("ports", []):
        if isinstance(port, dict):
            ports.add(str(port["target"]))
        else:
            ports.add(str(port).rsplit(":", 1)[-1].split("/")[0])
    return ports


def test_compose_defines_web_worker_beat_migrate_pgbouncer_db_and_redis(services):
    assert set(SERVICES) <= set(services)


@pytest.mark.parametrize(
    ("service", "expected"),
    [
        ("web", "gunicorn samskabelse.wsgi"),
        ("worker", "celery -A samskabelse worker"),
        ("beat", "celery -A samskabelse beat"),
    ],
)
def test_each_app_service_runs_its_own_process(services, service, expected):
    assert expected in command_of(services[service])


def test_a_one_shot_service_applies_migrations_and_web_replicas_do_not(services):
    migrate = services["migrate"]
    assert command_of(migrate).split() == ["python", "manage.py", "migrate", "--noinput"]
    assert str(migrate.get("restart", "no")) == "no", "a one-shot must not be restarted"
    assert "migrate" not in command_of(services["web"])


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_start_once_migrations_have_completed(services, service):
    depends_on = services[service].get("depends_on") or {}
    assert depends_on.get("migrate", {}).get("condition") == "service_completed_successfully"


def test_web_can_run_as_several_replicas(services):
    web = services["web"]
    assert "container_name" not in web, "a fixed name allows one container only"
    assert not published_ports(web), "a host port can be bound by one replica only"
    replicas = str(web.get("deploy", {}).get("replicas", 1))
    default = re.fullmatch(r"\$\{WEB_REPLICAS:-(\d+)\}|(\d+)", replicas)
    assert default and int(default.group(1) or default.group(2)) >= 2


@pytest.mark.parametrize("service", APP_SERVICES)
def test_every_variable_given_to_an_app_service_is_read_by_the_settings(
    services, settings_variables, service
):
    unread = set(environment_of(services[service])) - settings_variables
    assert not unread, f"{service} sets variables settings.py never reads: {sorted(unread)}"


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_get_database_redis_and_secret_key(services, service):
    environment = environment_of(services[service])
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY"):
        assert environment.get(name), f"{service} has no {name}"


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_run_with_debug_off(services, service):
    assert str(environment_of(services[service]).get("DEBUG")) in {"0", "False", "false"}


@pytest.mark.parametrize("service", ("db", "redis"))
def test_db_and_redis_have_healthchecks(services, service):
    healthcheck = services[service].get("healthcheck") or {}
    assert healthcheck.get("test")
    assert not healthcheck.get("disable")


def test_db_healthcheck_uses_pg_isready_and_redis_healthcheck_pings(services):
    assert "pg_isready" in healthcheck_words(services["db"])
    assert healthcheck_words(services["redis"])[-2:] == ["redis-cli", "ping"]


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_wait_until_db_and_redis_are_healthy(services, service):
    depends_on = services[service].get("depends_on") or {}
    assert isinstance(depends_on, dict), f"{service}: depends_on needs conditions, not a list"
    for dependency in ("db", "redis"):
        assert depends_on.get(dependency, {}).get("condition") == "service_healthy"


def test_web_healthcheck_asks_healthz(services):
    healthcheck = services["web"].get("healthcheck") or {}
    assert "/healthz" in " ".join(healthcheck_words(services["web"]))
    assert not healthcheck.get("disable")


def test_migrate_connects_to_the_db_service_directly_with_its_credentials(services):
    environment = environment_of(services["migrate"])
    url = urlsplit(environment["DATABASE_URL"])
    db = environment_of(services["db"])
    assert url.scheme in {"postgres", "postgresql", "pgsql", "postgis"}
    assert url.hostname == "db" and "db" in services
    assert url.port in {None, 5432}
    assert url.username == db["POSTGRES_USER"]
    assert url.password == db["POSTGRES_PASSWORD"]
    assert url.path.lstrip("/") == db["POSTGRES_DB"]
    assert str(environment["DB_TRANSACTION_POOLING"]) in {"0", "False", "false"}
    assert (services["migrate"]["depends_on"]["db"]["condition"]) == "service_healthy"


@pytest.mark.parametrize(("service", "pool"), POOL_OF_SERVICE.items())
def test_app_services_reach_postgresql_through_their_pgbouncer_pool(
    services, pgbouncer_ini, pgbouncer_users, service, pool
):
    environment = environment_of(services[service])
    url = urlsplit(environment["DATABASE_URL"])
    db = environment_of(services["db"])
    assert url.scheme in {"postgres", "postgresql", "pgsql", "postgis"}
    assert url.hostname == "pgbouncer"
    assert url.port == int(pgbouncer_ini["pgbouncer"]["listen_port"])
    assert url.path.lstrip("/") == pool
    assert pgbouncer_users[url.username] == url.password
    assert (url.username, url.password) == (db["POSTGRES_USER"], db["POSTGRES_PASSWORD"])
    assert str(environment["DB_TRANSACTION_POOLING"]) in {"1", "True", "true"}
    assert services[service]["depends_on"]["pgbouncer"]["condition"] == "service_healthy"


def test_redis_url_names_the_redis_service(services):
    url = urlsplit(environment_of(services["web"])["REDIS_URL"])
    assert url.scheme == "redis"
    assert url.hostname == "redis"
    assert url.port in {None, 6379}


def test_worker_and_beat_share_the_web_environment_but_for_the_workers_pool(services):
    web = environment_of(services["web"])
    worker = environment_of(services["worker"])
    assert environment_of(services["beat"]) == web
    assert {**worker, "DATABASE_URL": web["DATABASE_URL"]} == web
    assert worker["DATABASE_URL"].rsplit("/", 1)[0] == web["DATABASE_URL"].rsplit("/", 1)[0]


def test_uploaded_media_live_in_a_named_volume(compose, services):
    media_root = environment_of(services["web"])["MEDIA_ROOT"]
    mounts = [volume.split(":") for volume in services["web"].get("volumes", [])]
    assert [source for source, target, *_ in mounts if target == media_root]
    assert all(source in (compose.get("volumes") or {}) for source, target, *_ in mounts)


def test_every_variable_in_env_example_is_read_by_the_settings(
    env_example_variables, settings_variables
):
    unread = set(env_example_variables) - settings_variables
    assert not unread, f".env.example documents variables settings.py never reads: {sorted(unread)}"


def test_every_variable_the_settings_read_is_documented_in_env_example(
    env_example_variables, settings_variables
):
    missing = settings_variables - set(env_example_variables)
    assert not missing, f"settings.py reads variables missing from .env.example: {sorted(missing)}"


def test_env_example_documents_each_variable_once(env_example_variables):
    assert len(env_example_variables) == len(set(env_example_variables))


def test_dockerfile_starts_gunicorn_with_the_wsgi_application(dockerfile_instructions):
    commands = [
        " ".join(shell_words(arguments))
        for keyword, arguments in dockerfile_instructions
        if keyword in {"CMD", "ENTRYPOINT"}
    ]
    assert commands, "the Dockerfile has no CMD or ENTRYPOINT"
    assert "gunicorn samskabelse.wsgi" in " ".join(commands)


def test_dockerfile_exposes_the_port_web_offers_nginx(services, dockerfile_instructions):
    offered = published_ports(services["web"]) | {str(p) for p in services["web"].get("expose", [])}
    assert offered, "web offers no port"
    assert offered <= exposed_ports(dockerfile_instructions)


def test_dockerfile_gunicorn_binds_the_exposed_port(dockerfile_instructions):
    cmd = [arguments for keyword, arguments in dockerfile_instructions if keyword == "CMD"][-1]
    words = shell_words(cmd)
    bind = words[words.index("--bind") + 1]
    assert bind.rsplit(":", 1)[-1] in exposed_ports(dockerfile_instructions)


def test_dockerfile_healthcheck_asks_healthz(dockerfile_instructions):
    healthchecks = [
        arguments for keyword, arguments in dockerfile_instructions if keyword == "HEALTHCHECK"
    ]
    assert healthchecks and "/healthz" in healthchecks[-1]


def test_dockerfile_runs_as_a_non_root_user(dockerfile_instructions):
    users = [arguments for keyword, arguments in dockerfile_instructions if keyword == "USER"]
    assert users and users[-1].split(":")[0] not in {"root", "0"}


# --- nginx in front of web (deploy/nginx.conf) -----------------------------------------------


@pytest.fixture(scope="module")
def nginx_conf():
    return (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")


def nginx_mounts(services):
    return {
        target: (source, options)
        for source, target, *options in (v.split(":") for v in services["nginx"]["volumes"])
    }


def test_nginx_is_the_front_door_and_web_is_not_published(services):
    assert "nginx" in services
    assert published_ports(services["nginx"]) == {"80"}
    assert not published_ports(services["web"]), "web must be reached through nginx only"


def test_nginx_runs_the_deploy_config(services):
    source, options = nginx_mounts(services)["/etc/nginx/conf.d/default.conf"]
    assert Path(ROOT, source).resolve() == ROOT / "deploy" / "nginx.conf"
    assert options == ["ro"]


def test_nginx_proxies_to_the_port_gunicorn_binds_in_web(services, nginx_conf):
    bind = re.search(r"--bind\s+(\S+)", command_of(services["web"])).group(1)
    port = bind.rsplit(":", 1)[-1]
    assert re.search(rf"\bserver\s+web:{port}(\s+[^;]*)?;", nginx_conf)
    assert re.search(r"proxy_pass\s+http://samskabelse_web\s*;", nginx_conf)


def test_nginx_reads_protected_media_from_the_volume_web_writes(services, nginx_conf):
    from projects.media import INTERNAL_MEDIA_PREFIX

    media_root = environment_of(services["web"])["MEDIA_ROOT"]
    web_source = next(
        v.split(":")[0] for v in services["web"]["volumes"] if v.split(":")[1] == media_root
    )
    location = re.search(
        rf"location\s+{re.escape(INTERNAL_MEDIA_PREFIX)}\s*{{([^}}]*)}}", nginx_conf
    )
    assert location, f"deploy/nginx.conf has no location {INTERNAL_MEDIA_PREFIX}"
    body = location.group(1)
    assert re.search(r"^\s*internal\s*;", body, re.M), "the media location must be internal"
    alias = re.search(r"alias\s+(\S+?)/?\s*;", body).group(1)
    source, options = nginx_mounts(services)[alias]
    assert (source, alias) == (web_source, media_root)
    assert options == ["ro"]


def test_app_services_answer_media_with_x_accel_redirect(services):
    assert str(environment_of(services["web"]).get("MEDIA_ACCEL_REDIRECT")) in {"1", "True", "true"}


def test_nginx_accepts_uploads_as_large_as_a_photo_may_be(nginx_conf):
    from projects.services import MAX_PHOTO_BYTES

    size = re.search(r"client_max_body_size\s+(\d+)m\s*;", nginx_conf)
    assert size and int(size.group(1)) * 1024 * 1024 > MAX_PHOTO_BYTES


# --- PgBouncer between the app and PostgreSQL (deploy/pgbouncer.ini) --------------------------


def settings_default(name):
    source = (ROOT / "samskabelse" / "settings.py").read_text(encoding="utf-8")
    found = re.search(rf'env\.int\("{name}", default=([\d_]+)\)', source)
    assert found, f"settings.py has no integer default for {name}"
    return int(found.group(1).replace("_", ""))


def test_pgbouncer_pools_by_transaction(pgbouncer_ini):
    assert pgbouncer_ini["pgbouncer"]["pool_mode"] == "transaction"


@pytest.mark.parametrize("pool", LIMIT_OF_POOL)
def test_each_pool_leads_to_the_db_service_database(services, pgbouncer_ini, pool):
    connection = pool_connection(pgbouncer_ini, pool)
    assert (connection["host"], connection.get("port", "5432")) == ("db", "5432")
    assert connection["dbname"] == environment_of(services["db"])["POSTGRES_DB"]


@pytest.mark.parametrize(("pool", "setting"), LIMIT_OF_POOL.items())
def test_each_pool_sets_the_statement_timeout_the_settings_default_to(
    services, pgbouncer_ini, pool, setting
):
    query = pool_connection(pgbouncer_ini, pool)["connect_query"]
    limit = re.fullmatch(r"SET statement_timeout = (\d+)", query.strip())
    assert limit, f"{pool}: connect_query should only set statement_timeout, not {query!r}"
    assert int(limit.group(1)) == settings_default(setting)
    for service in POOL_OF_SERVICE:
        assert setting not in environment_of(services[service]), "the pool's value would differ"


def test_pgbouncer_refuses_startup_options_instead_of_dropping_a_limit(pgbouncer_ini):
    ignored = pgbouncer_ini["pgbouncer"].get("ignore_startup_parameters", "")
    assert "options" not in {name.strip() for name in ignored.split(",")}


def test_pgbouncer_runs_the_deploy_config_and_its_user_list(services, pgbouncer_ini):
    mounts = {
        target: (source, options)
        for source, target, *options in (v.split(":") for v in services["pgbouncer"]["volumes"])
    }
    source, options = mounts["/etc/pgbouncer/pgbouncer.ini"]
    assert Path(ROOT, source).resolve() == ROOT / "deploy" / "pgbouncer.ini" and options == ["ro"]
    source, options = mounts[pgbouncer_ini["pgbouncer"]["auth_file"]]
    assert Path(ROOT, source).resolve() == ROOT / "deploy" / "pgbouncer-userlist.txt"
    assert options == ["ro"]


def test_pgbouncer_waits_for_db_and_reports_ready_on_its_port(services, pgbouncer_ini):
    pgbouncer = services["pgbouncer"]
    assert pgbouncer["depends_on"]["db"]["condition"] == "service_healthy"
    words = healthcheck_words(pgbouncer)
    assert "pg_isready" in words
    assert words[words.index("-p") + 1] == pgbouncer_ini["pgbouncer"]["listen_port"]
    assert not published_ports(pgbouncer), "PostgreSQL's pool is for the app services only"


def test_nginx_follows_the_web_replicas_through_dockers_dns(nginx_conf):
    assert re.search(r"^resolver\s+127\.0\.0\.11\b[^;]*;", nginx_conf, re.M)
    upstream = re.search(r"upstream\s+samskabelse_web\s*{([^}]*)}", nginx_conf).group(1)
    assert re.search(r"^\s*zone\s+\S+", upstream, re.M), "resolve needs a shared zone"
    assert re.search(r"\bserver\s+web:\d+\s+[^;]*\bresolve\b", upstream)
