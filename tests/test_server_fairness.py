"""Real gunicorn: costly schemas are refused before they use memory (worker RSS watched), and a
client that stops reading gives its thread back after the send timeout."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from tests.gunicorn_server import CUSTOMERS, HOST, http_request, rss_kb, running_gunicorn, store_schema
from tests.test_cost import many_targets, nested_concat, paragraphs

pytestmark = pytest.mark.server

MEMORY_BUDGET = 128_000_000


def _watch(pid: int, stop: threading.Event, peaks: list[int]) -> None:
    while not stop.wait(0.02):
        try:
            peaks.append(rss_kb(pid) * 1024)
        except FileNotFoundError:
            return


def test_no_request_grows_a_worker_beyond_the_memory_budget(tmp_path):
    """Attack schemas stored before the budgets are refused on every route; the widest schema the
    budget admits is downloaded whole; the worker's resident memory never grows by more than the budget."""
    attacks = [store_schema(tmp_path, schema) for schema in (nested_concat(), many_targets(), paragraphs())]
    widest = store_schema(tmp_path, paragraphs(5))  # 5 × 1,000-character paragraphs: just within 128 MB a chunk
    ordinary = store_schema(tmp_path, CUSTOMERS)
    overrides = {"SYNTH_MAX_REQUEST_MEMORY": MEMORY_BUDGET, "SYNTH_HEAVY_PER_CLIENT": 8, "SYNTH_HEAVY_TOTAL": 8}
    with running_gunicorn(tmp_path, workers=1, threads=4, overrides=overrides) as server:
        pid = server.worker_pids()[0]
        assert server.request("GET", f"/datasets/{ordinary}.csv?rows=9000&seed=1").status == 200  # pools and imports loaded
        assert server.request("GET", f"/datasets/{widest}.csv?rows=100&seed=1").status == 200
        baseline = rss_kb(pid) * 1024
        peaks: list[int] = []
        stop = threading.Event()
        watcher = threading.Thread(target=_watch, args=(pid, stop, peaks), daemon=True)
        watcher.start()
        try:
            for schema_id in attacks:
                for path in (f"/datasets/{schema_id}.csv?rows=10000000&seed=1", f"/datasets/{schema_id}.csv?rows=100&seed=1", f"/datasets/{schema_id}"):
                    reply = server.request("GET", path, timeout=60)
                    assert reply.status == 400 and b"too costly" in reply.body, (path, reply.status)
            big = server.request("GET", f"/datasets/{widest}.csv?rows=60000&seed=2", timeout=120)
            assert big.status == 200 and big.body.count(b"\n") >= 60_001
        finally:
            stop.set()
            watcher.join(timeout=5)
        assert peaks
        growth = max(peaks) - baseline
        print(f"worker RSS: baseline {baseline / 1e6:.0f} MB, peak {max(peaks) / 1e6:.0f} MB, growth {growth / 1e6:.0f} MB (budget {MEMORY_BUDGET / 1e6:.0f} MB)")
        assert growth <= MEMORY_BUDGET


def _stalled(port: int, path: str, opened: list[socket.socket]) -> None:
    """Ask for a big file and never read it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect((HOST, port))
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
    opened.append(sock)


def test_clients_that_stop_reading_give_their_threads_back(tmp_path):
    """Two clients take both threads of the only worker with files they never read; with a 2 s
    send timeout, a 100-row permalink is answered within seconds, and the stalled sockets are closed."""
    schema_id = store_schema(tmp_path, CUSTOMERS)
    overrides = {"SYNTH_SEND_TIMEOUT": 2, "SYNTH_HEAVY_PER_CLIENT": 8, "SYNTH_HEAVY_TOTAL": 8}
    with running_gunicorn(tmp_path, workers=1, threads=2, overrides=overrides) as server:
        opened: list[socket.socket] = []
        try:
            for seed in (1, 2):
                _stalled(server.port, f"/datasets/{schema_id}.csv?rows=2000000&seed={seed}", opened)
            time.sleep(1.0)  # both threads are now blocked writing
            began = time.monotonic()
            probe = http_request(server.port, "GET", f"/datasets/{schema_id}.csv?rows=100&seed=3", timeout=30)
            took = time.monotonic() - began
            assert probe.status == 200 and probe.body.count(b"\n") == 101
            assert took < 10, took
            # a stalled request that got its thread only after the probe stalls too: give it the
            # send timeout (2 s) before reading, or reading would let it finish
            time.sleep(3.0)
            for sock in opened:  # the server gave up on them: reading drains what was sent, then ends
                sock.settimeout(15)
                total, deadline = 0, time.monotonic() + 20
                while time.monotonic() < deadline:
                    try:
                        block = sock.recv(1 << 20)
                    except ConnectionResetError:
                        break
                    if not block:
                        break
                    total += len(block)
                assert total < 150_000_000  # far from the whole 2,000,000-row file
        finally:
            for sock in opened:
                sock.close()
