"""bench/memory: resident memory of a benchmark's server processes, read from /proc.

RSS counts the pages a forked worker still shares with its master in every process, so
a sum of RSS overstates what the processes take together; PSS (from smaps_rollup) splits
each shared page between its sharers and sums honestly. Both are shown."""

from pathlib import Path


def _status_kb(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _pss_kb(pid):
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return sum(int(line.split()[1]) for line in text.splitlines() if line.startswith("Pss:"))


def children(pid):
    """The direct children of a process, from every one of its threads."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def measure(pids):
    """(processes, RSS MB, PSS MB) summed over the given processes."""
    rss = sum(_status_kb(pid, "VmRSS") for pid in pids)
    pss = sum(_pss_kb(pid) for pid in pids)
    return len(pids), rss / 1024, pss / 1024


def server_memory(gunicorn_masters, celery_master):
    """Rows (label, processes, RSS MB, PSS MB) for the gunicorn masters, their workers and
    the Celery worker with its pool, and their total."""
    workers = [child for master in gunicorn_masters for child in children(master)]
    celery = [celery_master, *children(celery_master)]
    rows = [
        ("gunicorn master" + ("s" if len(gunicorn_masters) > 1 else ""), measure(gunicorn_masters)),
        ("gunicorn workers (sum)", measure(workers)),
        ("Celery worker (master + pool)", measure(celery)),
    ]
    everything = measure([*gunicorn_masters, *workers, *celery])
    return [(label, *figures) for label, figures in rows] + [("total", *everything)]


def print_memory(rows):
    print()
    header = f"{'memory after the last burst':<32} {'processes':>9} {'RSS MB':>8} {'PSS MB':>8}"
    print(header)
    print("-" * len(header))
    for label, processes, rss, pss in rows:
        print(f"{label:<32} {processes:>9} {rss:>8.0f} {pss:>8.0f}")
    print("RSS from /proc/<pid>/status VmRSS (shared pages counted in each process);")
    print("PSS from /proc/<pid>/smaps_rollup (shared pages divided between their sharers).")
