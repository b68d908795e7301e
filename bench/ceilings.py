"""bench/ceilings: the most this machine does of the burst's work, measured in the same run.

- The registration itself: events_register() in pgbench (bench/register_ceiling.sql),
  one round trip per registration and no Django, at the burst's concurrency.
- A request with nothing behind it: a Django view with no middleware and no database
  (bench/bare_app.py) under the same gunicorn sync workers, driven by the burst's own
  load generator and, when it is installed, by wrk (whose client costs less CPU)."""

import json
import re
import shutil
import subprocess
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

from bench.api_reads import start_gunicorn
from bench.load import drive

BENCH = Path(__file__).resolve().parent
REGISTER_SQL = BENCH / "register_ceiling.sql"


def register_variables(occurrence):
    """pgbench -D variables for register_ceiling.sql: the arguments the service passes."""
    from events import tasks
    from events.models import (
        ACTIVE_STATUSES,
        SEAT_STATUSES,
        EventStatus,
        OccurrenceStatus,
        QuotaScope,
        RegistrationStatus,
        WaitlistReason,
    )
    from events.services import CONSENT_VERSION
    from samskabelse.locking import LOCK_TIMEOUT_MS

    return {
        "n": 0,
        "occurrence": occurrence.pk,
        "consent_version": CONSENT_VERSION,
        "source": "api",  # what events/api.py passes
        "lock_timeout": f"{LOCK_TIMEOUT_MS}ms",
        "published": EventStatus.OFFENTLIGGJORT,
        "planned": OccurrenceStatus.PLANNED,
        "seat_statuses": "{" + ",".join(SEAT_STATUSES) + "}",
        "active_statuses": "{" + ",".join(ACTIVE_STATUSES) + "}",
        "confirmed": RegistrationStatus.CONFIRMED,
        "waitlisted": RegistrationStatus.WAITLISTED,
        "handler": tasks.REGISTRATION_MAIL,
        "no_quota": QuotaScope.NONE,
        "reason_full": WaitlistReason.FULL,
    }


def pgbench_register(database_url, occurrence, *, transactions, clients):
    """Run register_ceiling.sql with `clients` connections (-j 2, one per core) until
    about `transactions` registrations; returns tps (without connection time) and more."""
    url = urlsplit(database_url)
    per_client = max(1, round(transactions / clients))
    command = ["pgbench", "-n", "-h", url.hostname, "-p", str(url.port or 5432)]
    command += ["-U", url.username or "postgres", "-c", str(clients), "-j", "2"]
    command += ["-t", str(per_client), "-f", str(REGISTER_SQL)]
    for name, value in register_variables(occurrence).items():
        command += ["-D", f"{name}={value}"]
    command.append(url.path.lstrip("/"))
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def figure(pattern):
        return float(re.search(pattern, output, re.MULTILINE).group(1))

    return {
        "tps": figure(r"^tps = ([\d.]+)"),
        "latency ms": figure(r"^latency average = ([\d.]+) ms"),
        "failed": int(figure(r"^number of failed transactions: (\d+)")),
        "transactions": per_client * clients,
        "clients": clients,
    }


def bare_view(env, *, workers, port, requests, clients, wrk_seconds=5):
    """Requests/s of bare_app under gunicorn, from this script's client threads (with
    their CPU seconds) and from wrk -t2 (None when wrk is missing)."""
    bare_env = {name: value for name, value in env.items() if name != "DJANGO_SETTINGS_MODULE"}
    process, base = start_gunicorn(
        bare_env, workers=workers, port=port, app="bench.bare_app:application", ready="/"
    )

    def root(number):
        return "GET", "/", None, {"Accept": "application/json"}

    try:
        drive([base], root, attempts=workers * 50, clients=workers)  # every worker imported
        results, client_cpu = drive([base], root, attempts=requests, clients=clients)
        wrk = None
        if shutil.which("wrk"):
            command = ["wrk", "-t2", f"-c{clients}", f"-d{wrk_seconds}s", "--timeout", "5s"]
            command += ["-s", str(BENCH / "report.lua"), base + "/"]
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            line = next(line for line in output.splitlines() if line.startswith("JSON "))
            wrk = json.loads(line[5:])
    finally:
        process.terminate()
        process.wait(timeout=10)
    duration = max(answered for _sent, answered, _code, _body in results)
    return {
        "req/s": len(results) / duration,
        "errors": sum(1 for *_, code, _body in results if code != 200),
        "client cpu s": client_cpu,
        "duration s": duration,
        "wrk req/s": wrk and wrk["requests"] / (wrk["duration_us"] / 1e6),
        "wrk errors": wrk and wrk["bad_status"] + wrk["socket_errors"],
        "wrk seconds": wrk_seconds,
    }


def print_ceilings(register, bare, *, our_rps, workers, seats):
    """The ceilings table, and the burst's median requests/s as a fraction of pgbench's."""
    clients = register["clients"]
    rows = [
        (
            f"events_register() in pgbench -c {clients} -j 2, no Django",
            f"{register['tps']:,.0f} tps",
        ),
        (
            f"bare Django view, gunicorn {workers} sync workers, this script's {clients} clients",
            f"{bare['req/s']:,.0f} req/s",
        ),
    ]
    if bare["wrk req/s"] is not None:
        wrk = f"wrk -t2 -c{clients} -d{bare['wrk seconds']}s"
        rows.append(
            (
                f"bare Django view, gunicorn {workers} sync workers, {wrk}",
                f"{bare['wrk req/s']:,.0f} req/s",
            )
        )
    width = max(len(label) for label, _ in rows)
    print()
    print(
        f"{'ceiling on this machine (after the burst, platform stopped)':<{width}} {'figure':>12}"
    )
    print("-" * (width + 13))
    for label, figure in rows:
        print(f"{label:<{width}} {figure:>12}")
    counts = register["counts"]
    note = (
        "pgbench: bench/register_ceiling.sql, one events_register() call per transaction with "
        "the service's arguments (one round trip, autocommit), a new email each; "
        f"{register['transactions']:,} transactions at a fresh occurrence with {seats} seats: "
        f"{counts.get('confirmed', 0)} confirmed, {counts.get('waitlisted', 0):,} waitlisted, "
        f"{register['failed']} failed, latency average {register['latency ms']:.1f} ms"
    )
    print(textwrap.fill(note, 100, subsequent_indent="  "))
    note = (
        "bare Django view: bench/bare_app.py, one JSON view with no middleware, database or "
        f"cache; {bare['errors']} errors from this script's client threads, which used "
        f"{bare['client cpu s']:.1f} CPU s in {bare['duration s']:.1f} s"
        + ("" if bare["wrk req/s"] is None else f"; {bare['wrk errors']} errors from wrk")
    )
    print(textwrap.fill(note, 100, subsequent_indent="  "))
    print(
        f"our registrations (median {our_rps:,.0f} req/s) as a fraction of the pgbench "
        f"ceiling: {our_rps / register['tps']:.2f} (issue 11 aims at >= 0.6)"
    )
