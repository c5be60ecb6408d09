"""make stress: cached 1,000-row downloads against real gunicorn on loopback, with zero errors,
then the abuse mix: 100-row permalink probes while heavy downloads and non-reading connections are held.

Starts gunicorn with `make run`'s command line (2 gthread workers, 8 threads) on 127.0.0.1 and a
free port, with its own schema store and database in a temporary directory. One stored schema is
downloaded through its permalink (/datasets/<id>.csv?rows=1000&seed=N, N varying) by keep-alive
clients: a warm-up at full concurrency, then the measured run. Prints requests, errors,
requests/s, p50/p90/p99 latency and each worker's resident memory (after the warm-up, during
and after the run). Exits non-zero on any error, on a worker restart, or when a
worker grows by more than --max-growth-mb after the warm-up.

Abuse mix (generator.admission): for --abuse-seconds, 16 clients (each its own address, through
X-Forwarded-For with SYNTH_TRUSTED_PROXIES=1) download 2,000,000-row files as fast as they can
read (after a 429 they wait a second and ask again), and 40 connections ask for 1,000,000-row
files and never read (reconnecting when the server drops them), while one client asks for a
100-row permalink every 0.1 s. Prints the probes' p50/p99/max and exits non-zero when the p99
is over --probe-p99 (1 s) or a probe fails.

    .venv/bin/python bench/stress.py [--seconds 30] [--connections 50] [--rows 1000] [--workers 2] [--abuse-seconds 20]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    parser.add_argument("--abuse-seconds", type=float, default=20, help="length of the abuse mix (0 skips it)")
    parser.add_argument("--heavy", type=int, default=16, help="clients downloading 2,000,000-row files in the abuse mix")
    parser.add_argument("--stalled", type=int, default=40, help="connections that never read in the abuse mix")
    parser.add_argument("--probe-p99", type=float, default=1.0, help="the probes' p99 bound in seconds")
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


@dataclass
class Abuse:
    probes: Any
    heavy_ok: int = 0
    heavy_busy: int = 0
    heavy_bytes: int = 0
    stalled_opened: int = 0
    stalled_dropped: int = 0
    failures: list[str] = field(default_factory=list)

    def summary(self) -> str:
        p = {q: self.probes.percentile(q) * 1000 for q in (50, 99)}
        return (
            f"heavy downloads: {self.heavy_ok} finished or cut at the end, {self.heavy_busy} answered 429, {self.heavy_bytes / 1e6:,.0f} MB read\n"
            f"non-reading connections: {self.stalled_opened} opened, {self.stalled_dropped} dropped by the server\n"
            f"100-row probes: {len(self.probes.latencies)} ok, {len(self.probes.errors)} failed; "
            f"p50 {p[50]:.0f} ms, p99 {p[99]:.0f} ms, max {max(self.probes.latencies, default=0) * 1000:.0f} ms"
        )


def _heavy_client(port: int, path: str, address: str, stop: threading.Event, abuse: Abuse, lock: threading.Lock) -> None:
    """Download `path` again and again as fast as it reads; after a 429 wait a second."""
    import http.client

    from tests.gunicorn_server import HOST

    while not stop.is_set():
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        try:
            conn.request("GET", path, headers={"X-Forwarded-For": address})
            response = conn.getresponse()
            if response.status == 429:
                response.read()
                with lock:
                    abuse.heavy_busy += 1
                stop.wait(1.0)
                continue
            while not stop.is_set() and (block := response.read(1 << 16)):
                with lock:
                    abuse.heavy_bytes += len(block)
            with lock:
                abuse.heavy_ok += 1
        except (OSError, http.client.HTTPException):
            stop.wait(0.2)
        finally:
            conn.close()


def _stalled_client(port: int, path: str, address: str, stop: threading.Event, abuse: Abuse, lock: threading.Lock) -> None:
    """Ask for `path` and never read; when the server drops the connection, ask again."""
    import socket

    from tests.gunicorn_server import HOST

    while not stop.is_set():
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.settimeout(5)
            sock.connect((HOST, port))
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nX-Forwarded-For: {address}\r\n\r\n".encode())
            with lock:
                abuse.stalled_opened += 1
            while not stop.wait(0.5):  # never read the body; look for the server's close without draining it
                if _closed_by_server(sock):
                    with lock:
                        abuse.stalled_dropped += 1
                    break
        except OSError:
            stop.wait(0.2)
        finally:
            sock.close()


def _closed_by_server(sock: Any) -> bool:
    """Whether the server closed the connection (Linux TCP_INFO state: closed, or close-wait after its FIN)."""
    import socket

    try:
        return sock.getsockopt(socket.SOL_TCP, socket.TCP_INFO, 1)[0] in (7, 8)  # TCP_CLOSE, TCP_CLOSE_WAIT
    except OSError:
        return True


def abuse_mix(port: int, schema_id: str, args: argparse.Namespace) -> Abuse:
    """The probes' latencies while heavy downloads and non-reading connections are held."""
    from tests.gunicorn_server import load_run

    abuse, lock, stop = Abuse(probes=None), threading.Lock(), threading.Event()
    threads = [
        threading.Thread(target=_heavy_client, args=(port, f"/datasets/{schema_id}.csv?rows=2000000&seed={i}", f"10.1.0.{i + 1}", stop, abuse, lock), daemon=True)
        for i in range(args.heavy)
    ] + [
        threading.Thread(target=_stalled_client, args=(port, f"/datasets/{schema_id}.csv?rows=1000000&seed={i}", f"10.2.0.{i + 1}", stop, abuse, lock), daemon=True)
        for i in range(args.stalled)
    ]
    for thread in threads:
        thread.start()
    stop.wait(2.0)  # let the abuse take hold before probing
    paths = [f"/datasets/{schema_id}.csv?rows=100&seed={seed}" for seed in range(1000)]
    abuse.probes = load_run(port, paths, connections=1, seconds=args.abuse_seconds, expect_lines=101, pause=0.1)
    stop.set()
    for thread in threads:
        thread.join(timeout=40)
    return abuse


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
        with running_gunicorn(workdir, workers=args.workers, threads=args.threads, overrides={"SYNTH_TRUSTED_PROXIES": 1}) as server:
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
            abuse = abuse_mix(server.port, schema_id, args) if args.abuse_seconds > 0 else None
            if abuse is not None and set(server.worker_pids()) != set(pids):
                abuse.failures.append("a worker died or was restarted during the abuse mix")
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
    if abuse is not None:
        print(f"\nabuse mix for {args.abuse_seconds:.0f} s: {args.heavy} clients downloading 2,000,000-row files, {args.stalled} connections that never read")
        print(abuse.summary())
        failures.extend(abuse.failures)
        if abuse.probes.percentile(99) > args.probe_p99 or not abuse.probes.latencies:
            failures.append(f"100-row probe p99 {abuse.probes.percentile(99) * 1000:.0f} ms is over {args.probe_p99 * 1000:.0f} ms")
    for failure in failures:
        print(f"FAIL: {failure}")
    if failures:
        return 1
    print("OK: zero errors, no worker restarted, memory within the bound" + (", probes within the bound under abuse" if abuse else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
