#!/usr/bin/env python
"""bench/api_reads: read throughput of the cases API on PostgreSQL.

Fills a PostgreSQL database with 100,000 cases across the 98 municipalities (bulk inserts,
Danish text, two partners and three journal entries per case), serves it with gunicorn
(4 sync workers, Redis cache), drives it with wrk (4 connections) and prints a table:
requests/s, p50/p95 latency and queries per request for each scenario.

The warm rows ask the same URL again and again, as a client that polls does, so after the
first answer they measure the response cache. The cold rows run against a gunicorn started
with API_RESPONSE_CACHE=0, so every request builds its page, and ask for
thousands of different URLs (seeded, --seed): random pages 1-400, random filter
combinations (kommune x spor x status x velfærdsområde, each chosen or not), and full-text
searches for the Danish words the generated cases are written in. One row runs with the row
cache off as well (API_ROW_CACHE=0: every case of every page built from the database); the
others with each case's row cached in Redis, as a site that has run a while has them (the
cache is emptied and filled by one cursor walk of the whole list first, then the data
version is moved on as a write does, so no count, page anchor, search list or filter count
is kept from the walk). The ceiling row is a
bare Django view (bench/bare_app.py) under the same gunicorn and load, measured in the same
run; each row's "of ceiling" is its requests/s as a fraction of that.

    .venv/bin/python bench/api_reads.py [--cases 100000] [--duration 10] [--seed 2026]

Needs PostgreSQL and Redis on 127.0.0.1 and wrk (apt-get install wrk). The database
(default samskabelse_bench) is kept between runs; only missing cases are added.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_ENV = {
    "DJANGO_SETTINGS_MODULE": "samskabelse.settings",
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-not-a-secret-0123456789abcdefghijklmnop",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "SECURE_HSTS_SECONDS": "0",
    "LOG_LEVEL": "WARNING",
    # The benchmark measures the server, not the rate limiter's refusals.
    "API_THROTTLE_ANON": "100000000/min",
    "API_THROTTLE_TOKEN": "100000000/min",
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=2026, help="for the cold rows' URLs")
    parser.add_argument("--paths", type=int, default=20_000, help="URLs per cold row")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/samskabelse_bench"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/6")
    return parser.parse_args()


def ensure_database(url):
    import psycopg2

    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def prepare(args):
    """Migrate, fill, and return (token key, a public slug, scenarios)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.casegen import fill
    from projects.models import Case
    from samskabelse.models import User
    from samskabelse.services import create_api_token

    call_command("migrate", verbosity=0)
    have = Case.objects.filter(slug__startswith="bench-").count()
    if have < args.cases:
        print(f"Filling {args.cases - have:,} cases …", flush=True)
        fill(args.cases, progress=lambda line: print(line, flush=True))
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    user, _ = User.objects.get_or_create(email="bench@samskabelse.dk")
    _token, key = create_api_token(user=user, name="bench", scopes=["read"])
    public = Case.objects.filter(visibility="offentlig", slug__startswith="bench-").order_by("pk")
    slug = public.values_list("slug", flat=True)[public.count() // 2]
    return key, slug


def warm_scenarios(key, slug):
    token = {"Authorization": f"Token {key}"}
    return [
        ("case list, 50/page, anonymous", "/api/v1/cases/?page_size=50", {}),
        ("case list, 50/page, token", "/api/v1/cases/?page_size=50", token),
        (
            "filtered list (kommune + spor)",
            "/api/v1/cases/?municipality=376&track=find_og_forstoer&page_size=50",
            {},
        ),
        ("case detail", f"/api/v1/cases/{slug}/", {}),
        ("conditional GET (304)", f"/api/v1/cases/{slug}/", "conditional"),
        ("full-text search 'frivillige'", "/api/v1/cases/?q=frivillige&page_size=50", {}),
    ]


def cold_paths(args):
    """{row label: [path, …]}: seeded, so two runs ask for the same URLs in the same order."""
    from urllib.parse import urlencode

    from bench.casegen import AREAS, STATUSES, TRACKS, search_words
    from samskabelse.models import Municipality

    rng = random.Random(args.seed)
    cursors = cursor_pages(400)
    codes = sorted(Municipality.objects.values_list("code", flat=True))
    words = search_words()

    def filters():
        while True:
            chosen = {
                "municipality": rng.choice(codes) if rng.random() < 0.5 else None,
                "track": rng.choice(TRACKS) if rng.random() < 0.5 else None,
                "status": rng.choice(STATUSES) if rng.random() < 0.5 else None,
                "welfare_area": rng.choice(AREAS) if rng.random() < 0.5 else None,
            }
            chosen = {name: value for name, value in chosen.items() if value}
            if chosen:
                return urlencode({**chosen, "page_size": 50})

    return {
        "cold: random page 1-400": [
            f"/api/v1/cases/?page_size=50&page={rng.randint(1, 400)}" for _ in range(args.paths)
        ],
        "cold: random filter combination": [
            f"/api/v1/cases/?{filters()}" for _ in range(args.paths)
        ],
        "cold: full-text search, Danish words": [
            f"/api/v1/cases/?{urlencode({'q': rng.choice(words), 'page_size': 50})}"
            for _ in range(args.paths)
        ],
        "cold: cursor page 1-400": [rng.choice(cursors) for _ in range(args.paths)],
    }


def cursor_pages(count):
    """The addresses of the first `count` pages of a cursor walk (50 per page), collected
    by walking the list in process."""
    from django.test import Client

    client = Client()
    path, pages = "/api/v1/cases/?page_size=50&cursor=", []
    while path and len(pages) < count:
        pages.append(path)
        following = client.get(path, HTTP_HOST="127.0.0.1").json()["next"]
        path = following and following.removeprefix("http://127.0.0.1")
    return pages


def count_queries(path, headers, cold=True):
    """Queries of one request; with `cold`, one that misses the response cache."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from projects.caching import bump_cases_version

    if cold:
        bump_cases_version()
    client = Client(headers=headers or {})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, HTTP_HOST="127.0.0.1")
    return len(captured), response.status_code


def get(url, headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def start_gunicorn(env, *, workers, port, app="samskabelse.wsgi:application", ready="/healthz"):
    """Gunicorn with sync workers on 127.0.0.1:port; returns once `ready` answers 200."""
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            app,
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if get(base + ready, {})[0] == 200:
                return process, base
        except OSError:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not become healthy")


def run_wrk(args, url, headers, paths=None):
    """wrk against `url`, or against each of `paths` in turn (bench/report.lua)."""
    env = dict(os.environ)
    if paths:
        with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as handle:
            handle.write("\n".join(paths) + "\n")
        env["BENCH_PATHS"] = handle.name
    command = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "5s"]
    command += ["-s", str(ROOT / "bench" / "report.lua")]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    try:
        output = subprocess.run(
            command + [url], capture_output=True, text=True, check=True, env=env
        ).stdout
    finally:
        if paths:
            os.unlink(env["BENCH_PATHS"])
    line = next(line for line in output.splitlines() if line.startswith("JSON "))
    return json.loads(line[5:])


def row(label, status, result, queries):
    seconds = result["duration_us"] / 1e6
    return {
        "label": label,
        "status": status,
        "rps": result["requests"] / seconds,
        "p50": result["p50_us"] / 1000,
        "p95": result["p95_us"] / 1000,
        "queries": queries,
        "errors": result["bad_status"] + result["socket_errors"],
    }


def measure_warm(args, env, key, slug):
    process, base = start_gunicorn(env, workers=args.workers, port=args.port)
    rows = []
    try:
        for label, path, headers in warm_scenarios(key, slug):
            conditional = headers == "conditional"
            if conditional:
                status, response_headers = get(base + path, {})
                validator = response_headers.get("ETag")
                headers = (
                    {"If-None-Match": validator}
                    if validator
                    else {"If-Modified-Since": response_headers["Last-Modified"]}
                )
            status, _ = get(base + path, headers)
            queries, _ = count_queries(path, headers, cold=not conditional)
            for _ in range(args.workers * 2):  # warm every worker after the cold count
                get(base + path, headers)
            rows.append(row(label, status, run_wrk(args, base + path, headers), queries))
    finally:
        stop(process)
    return rows


def measure_cold(args, env):
    """The same server with the response cache off, on thousands of seeded URLs: first with
    the row cache off too (every case built from the database), then with the row cache
    emptied and filled by one cursor walk of the whole list, as a site that has been up a
    while has it (a row lives ROW_TTL unread and is built again when its case changes)."""
    paths = cold_paths(args)
    rows = []
    built = {**env, "API_RESPONSE_CACHE": "0", "API_ROW_CACHE": "0"}
    process, base = start_gunicorn(built, workers=args.workers, port=args.port)
    try:
        label = "cold: random page 1-400"
        label_paths = paths[label]
        rows.append(measure_paths(args, base, f"{label}, no row cache", label_paths, False))
    finally:
        stop(process)
    empty_row_cache(args)
    process, base = start_gunicorn(
        {**env, "API_RESPONSE_CACHE": "0"}, workers=args.workers, port=args.port
    )
    try:
        started = time.monotonic()
        walked = walk_whole_list(base)
        fill_seconds = time.monotonic() - started
        # As after a write: the rows stay, the counts and the pages' anchors are retired.
        from projects.caching import bump_cases_version

        bump_cases_version()
        for label, label_paths in paths.items():
            rows.append(measure_paths(args, base, label, label_paths))
    finally:
        stop(process)
    print(
        f"row cache: emptied, then filled by one walk of the whole list ({walked:,} cases) in "
        f"{fill_seconds:.1f} s; then a new data version (as after a write: no counts, page "
        "anchors, search lists or filter counts kept)"
    )
    return rows


def walk_whole_list(base):
    """Every public case once, by cursor pages of 200: the rows of all of them cached, as on
    a site whose cases have all been shown (a row lives ROW_TTL unread). Returns how many."""
    url, seen = f"{base}/api/v1/cases/?page_size=200&cursor=", 0
    while url:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback
            body = json.loads(response.read())
        seen += len(body["results"])
        url = body["next"]
    return seen


def measure_paths(args, base, label, paths, row_cache=True):
    from django.test import override_settings

    statuses = {get(base + path, {})[0] for path in paths[:20]}
    with override_settings(API_ROW_CACHE=row_cache):
        queries, _ = count_queries(paths[0], {}, cold=True)
    result = run_wrk(args, base + paths[0], {}, paths)
    return row(label, "/".join(map(str, sorted(statuses))), result, queries)


def empty_row_cache(args):
    """Deletes every cached case row (projects.representation) from the bench's Redis."""
    import redis

    client = redis.Redis.from_url(args.redis_url)
    for key in client.scan_iter(match="*case-row:*", count=10_000):
        client.delete(key)


def measure_ceiling(args, env):
    """A bare Django view under the same gunicorn and the same wrk: the machine's ceiling."""
    process, base = start_gunicorn(
        env, workers=args.workers, port=args.port, app="bench.bare_app:application", ready="/"
    )
    try:
        return row("ceiling: bare Django view", 200, run_wrk(args, base + "/", {}), 0)
    finally:
        stop(process)


def stop(process):
    process.terminate()
    process.wait(timeout=10)


def print_table(args, rows, ceiling):
    print()
    print(
        f"api_reads: {args.cases:,} cases, gunicorn {args.workers} workers, "
        f"{args.connections} connections, {args.duration}s per row, seed {args.seed}"
    )
    header = f"{'scenario':<38} {'status':>7} {'req/s':>7} {'of ceiling':>10} "
    header += f"{'p50 ms':>7} {'p95 ms':>7} {'queries':>7} {'errors':>6}"
    print(header)
    print("-" * len(header))
    for item in [*rows, ceiling]:
        print(
            f"{item['label']:<38} {item['status']:>7} {item['rps']:>7.0f} "
            f"{item['rps'] / ceiling['rps']:>10.2f} {item['p50']:>7.1f} {item['p95']:>7.1f} "
            f"{item['queries']:>7} {item['errors']:>6}"
        )


def main():
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    env = {**os.environ, **BENCH_ENV, "DATABASE_URL": args.database_url}
    env["REDIS_URL"] = args.redis_url
    os.environ.update(env)
    ensure_database(args.database_url)
    key, slug = prepare(args)
    rows = measure_warm(args, env, key, slug) + measure_cold(args, env)
    ceiling = measure_ceiling(args, env)
    print_table(args, rows, ceiling)
    small, _ = count_queries("/api/v1/cases/?page_size=10", {})
    large, _ = count_queries("/api/v1/cases/?page_size=50", {})
    print(f"\nqueries per list request: {small} at page_size=10, {large} at page_size=50")
    print("queries: of a request that misses the response cache and the count (a hit needs none)")


if __name__ == "__main__":
    main()
