"""Real gunicorn under load: slow downloads do not hold up other users, and cached downloads stay error-free.

The long version is `make stress` (bench/stress.py); these runs take a few seconds each.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest

from tests.gunicorn_server import CUSTOMERS, HOST, http_request, load_run, rss_kb, running_gunicorn, store_schema

pytestmark = pytest.mark.server

SLOW_SECONDS = 4.0  # how long the slow client keeps its download open
SLOW_RATE = 4096  # bytes per second it reads


def _slow_download(port: int, path: str, started: threading.Event, state: dict) -> None:
    """Read `path` at about SLOW_RATE bytes/s for SLOW_SECONDS, then hang up mid-file."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # A small receive buffer so the kernel cannot soak up the file on the client's behalf.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.settimeout(10)
        sock.connect((HOST, port))
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
        begin = time.monotonic()
        received = bytearray()
        while time.monotonic() - begin < SLOW_SECONDS:
            block = sock.recv(1024)
            if not block:
                break
            received += block
            started.set()
            time.sleep(1024 / SLOW_RATE)
        state["closed_at"] = time.monotonic()
        state["received"] = bytes(received)
    started.set()


def _timed_get(port: int, path: str, results: list, index: int, t0: float) -> None:
    try:
        reply = http_request(port, "GET", path, timeout=20)
        results[index] = (path, reply.status, reply.body, time.monotonic() - t0)
    except OSError as exc:
        results[index] = (path, repr(exc), b"", time.monotonic() - t0)


def test_a_slow_download_does_not_hold_up_twenty_other_users(tmp_path):
    """One client reads a 2-million-row file at 4 KB/s; 20 others still get their files at once.

    One gthread worker with 4 threads: the slow client ties up one thread, the others share the
    rest. With a sync worker (or a thread pool the slow client could exhaust) the 20 would wait
    until the slow client hung up, and this test would fail.
    """
    schema_id = store_schema(tmp_path, CUSTOMERS)
    with running_gunicorn(tmp_path, workers=1, threads=4) as server:
        assert server.request("GET", f"/datasets/{schema_id}.csv?rows=1000&seed=0").status == 200  # warm the worker
        slow, started = {}, threading.Event()
        slow_thread = threading.Thread(
            target=_slow_download, args=(server.port, f"/datasets/{schema_id}.csv?rows=2000000&seed=1", started, slow), daemon=True
        )
        slow_thread.start()
        assert started.wait(timeout=10), "the large download never started"

        paths = [f"/datasets/{schema_id}.csv?rows=1000&seed={i}" for i in range(10)] + ["/healthz"] * 10
        results: list = [None] * len(paths)
        t0 = time.monotonic()
        others = [threading.Thread(target=_timed_get, args=(server.port, p, results, i, t0), daemon=True) for i, p in enumerate(paths)]
        for thread in others:
            thread.start()
        for thread in others:
            thread.join(timeout=30)
        all_done_at = time.monotonic()
        slow_thread.join(timeout=SLOW_SECONDS + 15)

    assert slow["received"].startswith(b"HTTP/1.1 200"), slow["received"][:200]
    print(f"\nslow client: {len(slow['received']):,} bytes in {slow['closed_at'] - t0:.1f} s, then hung up")
    print("other clients finished after (s):", " ".join(f"{r[3]:.2f}" for r in results if r))
    for path, status, body, _ in results:
        assert status == 200, (path, status)
        if path.startswith("/datasets/"):
            assert body.count(b"\n") == 1001, path
    assert all_done_at < slow["closed_at"], "the other users had to wait for the slow client to hang up"
    assert max(r[3] for r in results) < 3.0, "the other users were served, but slowly"
    assert len(slow["received"]) < 200_000, "the slow client was not slow: the test would prove nothing"


def test_cached_downloads_under_load_have_no_errors(tmp_path):
    """A few seconds of 1,000-row permalink downloads at 20 connections: every one complete."""
    schema_id = store_schema(tmp_path, CUSTOMERS)
    paths = [f"/datasets/{schema_id}.csv?rows=1000&seed={seed}" for seed in range(100)]
    with running_gunicorn(tmp_path, workers=2) as server:
        warm = load_run(server.port, paths, connections=8, seconds=10, expect_lines=1001, max_requests=40)
        assert not warm.errors, warm.errors[:5]
        before = {pid: rss_kb(pid) for pid in server.worker_pids()}
        result = load_run(server.port, paths, connections=20, seconds=4, expect_lines=1001, max_requests=20_000)
        after = {pid: rss_kb(pid) for pid in server.worker_pids()}

    print(f"\nload, 2 gthread workers, 20 connections: {result.summary()}")
    print("worker RSS:", ", ".join(f"{pid}: {before[pid] / 1024:.0f} → {after.get(pid, 0) / 1024:.0f} MB" for pid in before))
    assert not result.errors, result.errors[:5]
    assert result.requests >= 20, "hardly any requests completed: the server is stuck"
    assert result.percentile(99) < 10, "a cached 1,000-row download took over 10 s"
    assert set(after) == set(before), "a worker died or was restarted under load"


def test_each_worker_loads_the_inference_knowledge_at_start_not_on_its_first_request(tmp_path):
    with running_gunicorn(tmp_path, workers=2, threads=2) as server:
        deadline = time.monotonic() + 30
        while server.log_path.read_text().count("inference knowledge loaded in") < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.log_path.read_text().count("inference knowledge loaded in") == 2, server.log_tail()
        reply = server.request("POST", "/api/schema", {"description": "patients with age, blood pressure and diagnosis"})
        assert reply.status == 200 and reply.json()["source"] == "offline"
