#!/usr/bin/env python
"""bench/request_cpu: the Python CPU one API request costs, measured in process.

Calls Django's WSGI handler directly (no server, no socket, no load generator) against the
bench database of bench/api_reads.py (100,000 cases; filled on the first run) with Redis as
cache and broker, and prints a table: per scenario, milliseconds of this process's CPU per
request (time.process_time, so PostgreSQL's and Redis's own work is not in it), queries and
Redis round trips per request. CPU time does not depend much on what else the machine runs,
so two versions of the code can be compared on a busy machine where wrk figures are noise.

    .venv/bin/python bench/request_cpu.py [--requests 2000] [--repeat 3] [--save after.json]
        [--compare before.json] [--only registration] [--profile "cold: random page 1-400"]

Each scenario runs --repeat times and the fastest run counts: other work on the machine only
adds time. --save writes the figures as JSON; --compare prints another run's figures beside
these (take both on the same machine).
--profile prints cProfile's top entries for one scenario instead of the table.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api_reads import BENCH_ENV, ensure_database  # noqa: E402

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/samskabelse_bench"
REDIS_URL = "redis://127.0.0.1:6379/11"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="per scenario")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per scenario; the fastest counts (noise)"
    )
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--save", help="write the figures to this JSON file")
    parser.add_argument("--compare", help="print this JSON file's figures beside")
    parser.add_argument("--profile", help="a scenario's label: print its profile instead")
    parser.add_argument("--callees", help="with --profile: what functions matching this call")
    parser.add_argument("--only", help="run only the scenarios whose label has this text")
    parser.add_argument("--database-url", default=DATABASE_URL)
    parser.add_argument("--redis-url", default=REDIS_URL)
    return parser.parse_args()


class Counters:
    """Queries (a database execute wrapper) and Redis round trips (each packed command
    sent is one: a pipeline sends all of its commands at once)."""

    def __init__(self):
        self.queries = 0
        self.redis = 0

    def install(self):
        import redis.connection
        from django.db import connection

        counters = self

        def count_query(execute, sql, params, many, context):
            counters.queries += 1
            return execute(sql, params, many, context)

        connection.execute_wrappers.append(count_query)
        send = redis.connection.AbstractConnection.send_packed_command

        def counting_send(connection_self, command, check_health=True):
            counters.redis += 1
            return send(connection_self, command, check_health)

        redis.connection.AbstractConnection.send_packed_command = counting_send


def environ_for(method, path, headers, body=b""):
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if body:
        environ["CONTENT_TYPE"] = "application/json"
        environ["CONTENT_LENGTH"] = str(len(body))
    for name, value in headers.items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    return environ


def call(application, environ):
    statuses = []
    response = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
    for _chunk in response:
        pass
    response.close()
    return statuses[0]


def prepare(args):
    """Fill the bench database (bench/api_reads), make the tokens and an occurrence."""
    from bench.api_reads import cold_paths
    from bench.api_reads import prepare as prepare_reads
    from bench.registration_burst import fresh_occurrence
    from samskabelse.models import User
    from samskabelse.services import create_api_token

    read_key, slug = prepare_reads(args)
    user, _ = User.objects.get_or_create(email="burst@samskabelse.dk")
    _token, write_key = create_api_token(user=user, name="cpu", scopes=["write:registrations"])
    occurrence = fresh_occurrence(f"cpu-{time.time_ns()}", 150, empty=False)
    paths = cold_paths(argparse.Namespace(seed=args.seed, paths=args.requests * 2))
    return read_key, write_key, slug, occurrence, paths


def scenarios(args, read_key, write_key, slug, occurrence, paths):
    """(label, a function answering the i-th request's (method, path, headers, body))."""
    read = {"Authorization": f"Token {read_key}"}
    write = {"Authorization": f"Token {write_key}"}
    run = time.time_ns()

    def fixed(path, headers):
        return lambda i: ("GET", path, headers, b"")

    def walk(label, headers):
        return lambda i: ("GET", paths[label][i % len(paths[label])], headers, b"")

    def register(i):
        body = {"name": "Deltager", "email": f"cpu-{run}-{i}@example.dk", "consent": True}
        path = f"/api/v1/occurrences/{occurrence.pk}/registrations/"
        return "POST", path, write, json.dumps(body).encode()

    return [
        ("case detail, anonymous", fixed(f"/api/v1/cases/{slug}/", {})),
        ("case detail, token", fixed(f"/api/v1/cases/{slug}/", read)),
        ("cold: random page 1-400", walk("cold: random page 1-400", {})),
        ("cold: random page, token", walk("cold: random page 1-400", read)),
        ("cold: random filter combination", walk("cold: random filter combination", {})),
        ("cold: full-text search", walk("cold: full-text search, Danish words", {})),
        ("cold: cursor page 1-400", walk("cold: cursor page 1-400", {})),
        ("registration (token, POST)", register),
    ]


def measure(application, counters, request_for, count):
    """CPU ms, queries and Redis round trips per request, and the statuses seen."""
    for i in range(min(50, count)):  # warm imports, connections and caches
        call(application, environ_for(*request_for(count + i)))
    counters.queries = counters.redis = 0
    statuses = {}
    environs = [environ_for(*request_for(i)) for i in range(count)]
    started_cpu, started_wall = time.process_time(), time.perf_counter()
    for environ in environs:
        status = call(application, environ)
        statuses[status[:3]] = statuses.get(status[:3], 0) + 1
    cpu, wall = time.process_time() - started_cpu, time.perf_counter() - started_wall
    return {
        "cpu_ms": 1000 * cpu / count,
        "wall_ms": 1000 * wall / count,
        "queries": counters.queries / count,
        "redis": counters.redis / count,
        "statuses": statuses,
    }


def profile(application, request_for, count, callees=None):
    for i in range(50):
        call(application, environ_for(*request_for(count + i)))
    environs = [environ_for(*request_for(i)) for i in range(count)]
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for environ in environs:
        call(application, environ)
    profiler.disable()
    stats = pstats.Stats(profiler)
    if callees:
        stats.sort_stats("cumulative").print_callees(callees)
        return
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(60)


def print_table(results, before):
    header = "| scenario | CPU ms/request | queries | Redis round trips | statuses |"
    if before:
        header = (
            "| scenario | CPU ms before | CPU ms after | change | queries before/after "
            "| Redis before/after | statuses |"
        )
    print(header)
    print("|" + " --- |" * (header.count("|") - 1))
    for label, result in results.items():
        statuses = ", ".join(f"{code}×{n}" for code, n in sorted(result["statuses"].items()))
        old = before.get(label) if before else None
        if before and old:
            change = (result["cpu_ms"] - old["cpu_ms"]) / old["cpu_ms"]
            print(
                f"| {label} | {old['cpu_ms']:.2f} | {result['cpu_ms']:.2f} | {change:+.0%} "
                f"| {old['queries']:.1f} / {result['queries']:.1f} "
                f"| {old['redis']:.1f} / {result['redis']:.1f} | {statuses} |"
            )
        else:
            print(
                f"| {label} | {result['cpu_ms']:.2f} | {result['queries']:.1f} "
                f"| {result['redis']:.1f} | {statuses} |"
            )


def main():
    args = parse_args()
    ensure_database(args.database_url)
    os.environ.update(
        {
            **BENCH_ENV,
            "DATABASE_URL": args.database_url,
            "REDIS_URL": args.redis_url,
            "API_RESPONSE_CACHE": "0",
        }
    )
    warnings.filterwarnings("ignore", "No directory at")  # whitenoise, no collectstatic
    random.seed(args.seed)
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.wsgi import get_wsgi_application

    prepared = prepare(args)
    cache.clear()  # Redis database of this script only
    application = get_wsgi_application()
    counters = Counters()
    counters.install()
    chosen = scenarios(args, *prepared)
    if args.only:
        chosen = [(label, how) for label, how in chosen if args.only in label]
    if args.profile:
        request_for = dict(chosen)[args.profile]
        profile(application, request_for, args.requests, args.callees)
        return
    results = {}
    for label, request_for in chosen:
        # Other work on the machine only ever adds CPU time: the fastest run is the figure.
        runs = []
        for _ in range(args.repeat):
            runs.append(measure(application, counters, request_for, args.requests))
            cache.clear()  # the broker's queue of mails no worker takes, among others
        results[label] = min(runs, key=lambda run: run["cpu_ms"])
    before = json.loads(Path(args.compare).read_text()) if args.compare else None
    print_table(results, before)
    if args.save:
        Path(args.save).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
