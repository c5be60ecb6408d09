"""make stress: cached 1,000-row downloads against real gunicorn on loopback, with zero errors.

Starts gunicorn with `make run`'s command line (2 gthread workers, 8 threads) on 127.0.0.1 and a
free port, with its own schema store and database in a temporary directory. One stored schema is
downloaded through its permalink (/datasets/<id>.csv?rows=1000&seed=N, N varying) by keep-alive
clients: a warm-up at full concurrency, then the measured run. Prints requests, errors,
requests/s, p50/p90/p99 latency and each worker's resident memory (after the warm-up, during
and after the run). Exits non-zero on any error, on a worker restart, or when a
worker grows by more than --max-growth-mb after the warm-up.

    .venv/bin/python bench/stress.py [--seconds 30] [--connections 50] [--rows 1000] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30, help="length of the measured run (default 30)")
    parser.add_argument("--connections", type=int, default=50, help="concurrent keep-alive clients (default 50)")
    parser.add_argument("--rows", type=int, default=1000, help="rows per download (default 1000)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn gthread workers (default 2, as make run)")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker (default 8, as make run)")
    parser.add_argument("--warmup-seconds", type=float, default=5, help="unmeasured load first (default 5)")
    parser.add_argument("--max-growth-mb", type=float, default=64, help="allowed RSS growth per worker after warm-up")
    parser.add_argument("--max-requests", type=int, default=2_000_000, help="stop after this many requests")
    args = parser.parse_args()
    if not (0 < args.seconds <= 3600 and 0 < args.connections <= 1000 and 0 < args.rows <= 1_000_000):
        parser.error("keep --seconds within 1 h, --connections within 1000 and --rows within 1,000,000")
    return args


def memory(pids: list[int]) -> dict[int, float]:
    """RSS in MB of each process in `pids` still alive."""
    from tests.gunicorn_server import rss_kb

    found = {}
    for pid in pids:
        try:
            found[pid] = rss_kb(pid) / 1024
        except FileNotFoundError:
            pass
    return found


def sample_memory(pids: list[int], every: float, stop: threading.Event, samples: list[dict[int, float]]) -> None:
    while not stop.wait(every):
        samples.append(memory(pids))


def main() -> int:
    args = parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synthsite.settings")
    import django

    django.setup()
    from tests.gunicorn_server import CUSTOMERS, load_run, running_gunicorn, store_schema

    workdir = Path(tempfile.mkdtemp(prefix="synth-stress-"))
    try:
        schema_id = store_schema(workdir, CUSTOMERS)
        paths = [f"/datasets/{schema_id}.csv?rows={args.rows}&seed={seed}" for seed in range(1000)]
        run = {"connections": args.connections, "expect_lines": args.rows + 1, "max_requests": args.max_requests}
        with running_gunicorn(workdir, workers=args.workers, threads=args.threads) as server:
            pids = server.worker_pids()
            warm = load_run(server.port, paths, seconds=args.warmup_seconds, **run)
            before = memory(pids)
            samples: list[dict[int, float]] = []
            stop = threading.Event()
            sampler = threading.Thread(target=sample_memory, args=(pids, args.seconds / 6, stop, samples), daemon=True)
            sampler.start()
            result = load_run(server.port, paths, seconds=args.seconds, **run)
            stop.set()
            sampler.join(timeout=5)
            after = memory([pid for pid in pids if pid in server.worker_pids()])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"\nsynthsite stress — {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"gunicorn: {args.workers} gthread workers × {args.threads} threads on 127.0.0.1; client: {args.connections} keep-alive connections")
    print(f"GET /datasets/<id>.csv?rows={args.rows}&seed=N (10 columns, {args.rows + 1} lines each)\n")
    print(f"warm-up  {warm.summary()}")
    print(f"measured {result.summary()}\n")
    print("| worker | RSS after warm-up | during the run | after the run | growth |")
    print("| ---: | ---: | --- | ---: | ---: |")
    failures = []
    for pid in pids:
        during = " → ".join(f"{s[pid]:.0f}" for s in samples if pid in s)
        if pid not in after or pid not in before:
            failures.append(f"worker {pid} died or was restarted")
            print(f"| {pid} | {before.get(pid, 0):.0f} MB | {during} | gone | |")
            continue
        growth = after[pid] - before[pid]
        print(f"| {pid} | {before[pid]:.0f} MB | {during} | {after[pid]:.0f} MB | {growth:+.0f} MB |")
        if growth > args.max_growth_mb:
            failures.append(f"worker {pid} grew by {growth:.0f} MB (bound {args.max_growth_mb:.0f} MB)")
    if warm.errors or result.errors:
        failures.append(f"{len(warm.errors) + len(result.errors)} errors, e.g. {(warm.errors + result.errors)[:3]}")
    for failure in failures:
        print(f"FAIL: {failure}")
    if failures:
        return 1
    print("OK: zero errors, no worker restarted, memory within the bound")
    return 0


if __name__ == "__main__":
    sys.exit(main())
