"""bench/burst_report: the registration burst's table: one row per run from the answers
and the database, the median of each column, and the rules every run must keep."""

import math
import os
import statistics
import textwrap


def percentile(values, share):
    """Nearest-rank percentile of a sorted list."""
    if not values:
        return float("nan")
    return values[max(0, math.ceil(share * len(values)) - 1)]


def summarise(results, database, seats, mails, drain_seconds, client_cpu):
    latencies = sorted(answered - sent for sent, answered, _code, _state in results)
    duration = max(answered for _sent, answered, _code, _state in results)
    waitlisted_at = [answered for _s, answered, _c, state in results if state == "waitlisted"]
    codes = [code for _s, _a, code, _state in results]
    confirmed = database.get("confirmed", 0)
    return {
        "req/s": len(results) / duration,
        "sold out s": min(waitlisted_at) if waitlisted_at else float("nan"),
        "p50 ms": percentile(latencies, 0.50) * 1000,
        "p95 ms": percentile(latencies, 0.95) * 1000,
        "p99 ms": percentile(latencies, 0.99) * 1000,
        "confirmed": confirmed,
        "waitlisted": database.get("waitlisted", 0),
        "refused": codes.count(422),
        "errors": sum(1 for code in codes if code is None or code >= 500),
        "overbooked": max(0, confirmed - seats),
        "mails": mails,
        "client cpu s": client_cpu,
        # Kept for the checks below the table, not shown as columns.
        "answers": {
            "confirmed": sum(1 for *_, state in results if state == "confirmed"),
            "waitlisted": sum(1 for *_, state in results if state == "waitlisted"),
            "other 4xx": sum(1 for c in codes if c is not None and 400 <= c < 500 and c != 422),
        },
        "drain s": drain_seconds,
        "duration s": duration,
    }


def broken_rules(row, attempts, seats):
    """What every burst must show, on one or on several instances: the seats filled
    exactly, every attempt answered with a registration, and a mail for each."""
    confirmed, waitlisted = row["confirmed"], row["waitlisted"]
    rules = [
        (confirmed == min(seats, attempts), f"confirmed {confirmed} != {min(seats, attempts)}"),
        (confirmed + waitlisted == attempts, f"confirmed + waitlisted != {attempts}"),
        (row["overbooked"] == 0, f"{row['overbooked']} overbooked"),
        (row["errors"] == 0, f"{row['errors']} errors"),
        (row["mails"] == confirmed + waitlisted, f"{row['mails']} mails"),
    ]
    return [problem for holds, problem in rules if not holds]


# name, width, decimals (None for a count)
COLUMNS = [
    ("req/s", 7, 0),
    ("sold out s", 10, 2),
    ("p50 ms", 7, 0),
    ("p95 ms", 7, 0),
    ("p99 ms", 7, 0),
    ("confirmed", 9, None),
    ("waitlisted", 10, None),
    ("refused", 7, None),
    ("errors", 6, None),
    ("overbooked", 10, None),
    ("mails", 5, None),
    ("client cpu s", 12, 1),
]


def describe_mode(args):
    ports = ", ".join(str(args.port + number) for number in range(args.instances))
    if args.instances == 1:
        return f"mode: 1 gunicorn instance, {args.workers} sync workers, port {ports}"
    return (
        f"mode: {args.instances} gunicorn instances x {args.workers // args.instances} sync "
        f"workers (ports {ports}) sharing PostgreSQL and Redis; clients alternate between them"
    )


def print_table(rows, args):
    print()
    print(
        f"registration_burst: {args.attempts:,} attempts from {args.clients} clients at one "
        f"occurrence with {args.seats} seats and a waiting list; gunicorn {args.workers} sync "
        "workers in all, PostgreSQL, Redis, 1 Celery worker"
    )
    print(describe_mode(args))
    header = f"{'run':<7} " + " ".join(f"{name:>{width}}" for name, width, _ in COLUMNS)
    print(header)
    print("-" * len(header))
    table = [(str(number), row) for number, row in enumerate(rows, 1)]
    if len(rows) > 1:
        medians = {name: statistics.median(row[name] for row in rows) for name, *_ in COLUMNS}
        table.append(("median", medians))
    for label, row in table:
        cells = []
        for name, width, decimals in COLUMNS:
            value = row[name]
            if decimals is None and float(value).is_integer():
                cells.append(f"{int(value):>{width}}")
            else:
                cells.append(f"{value:>{width}.{1 if decimals is None else decimals}f}")
        print(f"{label:<7} " + " ".join(cells))
    print()
    cores = os.cpu_count()
    for number, row in enumerate(rows, 1):
        answers = row["answers"]
        client_share = row["client cpu s"] / (row["duration s"] * cores)
        problems = broken_rules(row, args.attempts, args.seats)
        line = (
            f"run {number}: answers said {answers['confirmed']} confirmed and "
            f"{answers['waitlisted']} waitlisted ({answers['other 4xx']} other 4xx); "
            f"mails drained in {row['drain s']:.1f} s; load average {row['load']:.1f} before; "
            f"the client threads used {row['client cpu s']:.1f} CPU s in "
            f"{row['duration s']:.1f} s ({client_share:.0%} of {cores} cores); "
            + ("counts exact" if not problems else "NOT EXACT: " + ", ".join(problems))
        )
        print(textwrap.fill(line, 100, subsequent_indent="  "))
