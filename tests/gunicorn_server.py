"""Real gunicorn on loopback for the server tests and `make stress`.

`running_gunicorn(workdir, workers=4)` starts `gunicorn synthsite.wsgi` with the command line
`make run` uses (gthread workers) on 127.0.0.1 and a free port, waits until /healthz answers and
always stops it. Everything it writes lives in `workdir`: its own migrated SQLite database (so
tests never touch the repository's db.sqlite3; `extra_env={"DATABASE_URL": …}` points it at a
PostgreSQL instead), the schemas.json it imports on first start, its log. It runs the production
settings module with DEBUG off, a fresh secret key, plain HTTP (SYNTH_HTTPS=0), no .env file and
no OpenAI key, so schemas come from the offline inferrer.

The clients here use only the standard library and only ever connect to 127.0.0.1; every loop is
bounded in count and time.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"

# The bench's 10-column table without free text (one line per row), for permalink downloads under load.
CUSTOMERS = json.loads((ROOT / "examples" / "customers.json").read_text())



@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class GunicornServer:
    process: subprocess.Popen
    port: int
    workdir: Path
    store: Path
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)

    @property
    def pid(self) -> int:
        return self.process.pid

    def worker_pids(self) -> list[int]:
        """The master's live child processes: its workers."""
        try:
            children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        except FileNotFoundError:
            return []
        return [int(pid) for pid in children]

    def wait_for_workers(self, count: int, *, exclude: tuple[int, ...] = (), timeout: float = 30) -> list[int]:
        """Wait until the master has `count` workers, none of them in `exclude`; return their pids."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = self.worker_pids()
            if len(pids) == count and not set(pids) & set(exclude):
                return pids
            time.sleep(0.05)
        raise AssertionError(f"gunicorn did not reach {count} workers (has {self.worker_pids()})\n{self.log_tail()}")

    def request(self, method: str, path: str, body: Any = None, *, timeout: float = 30, headers: dict[str, str] | None = None) -> Reply:
        return http_request(self.port, method, path, body, timeout=timeout, headers=headers)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""

    def stop(self) -> None:
        """SIGTERM (graceful), then SIGKILL to the master and its workers if it hangs."""
        if self.process.poll() is not None:
            return
        workers = self.worker_pids()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            for pid in workers:
                _kill_quietly(pid)
            self.process.kill()
            self.process.wait(timeout=10)


def http_request(port: int, method: str, path: str, body: Any = None, *, timeout: float = 30, headers: dict[str, str] | None = None) -> Reply:
    """One request on a fresh connection to 127.0.0.1:`port`; a dict body is sent as JSON."""
    headers = dict(headers or {})
    if isinstance(body, dict):
        body = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        conn.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def gunicorn_command(port: int, *, workers: int, threads: int = 8, timeout: int = 120) -> list[str]:
    """`make run`'s command line (see the Makefile), bound to 127.0.0.1:`port`."""
    return [
        sys.executable, "-m", "gunicorn", "synthsite.wsgi", "--bind", f"{HOST}:{port}",
        "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
        "--timeout", str(timeout), "--access-logfile", "-",
    ]  # fmt: skip


def server_environment(workdir: Path, store: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The process environment: nothing inherited that could change settings or reach the network."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SYNTH_", "OPENAI_", "GUNICORN_"))}
    return {
        **inherited,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "synthsite.settings",
        "SYNTH_DATABASE": str(workdir / "db.sqlite3"),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "SYNTH_ENV_FILE": "/nonexistent",
        "SYNTH_HTTPS": "0",
        "SYNTH_SCHEMA_STORE": str(store),
        **(extra or {}),
    }


def prepare_workdir(workdir: Path, extra_env: dict[str, str] | None = None, overrides: dict[str, Any] | None = None) -> dict[str, str]:
    """Migrate the work directory's database; return the env (`overrides`: SYNTH_ settings)."""
    workdir.mkdir(parents=True, exist_ok=True)
    # One test client sends hundreds of requests; tests of the rate limit set their own.
    settings = {"SYNTH_RATE_LIMIT": 0, **(overrides or {})}
    env = server_environment(workdir, workdir / "schemas.json", {**{k: str(v) for k, v in settings.items()}, **(extra_env or {})})
    migrate = [sys.executable, "manage.py", "migrate", "--noinput", "--skip-checks", "--verbosity", "0"]
    subprocess.run(migrate, cwd=ROOT, env=env, check=True, timeout=60)
    return env


@contextmanager
def running_gunicorn(
    workdir: Path,
    *,
    workers: int = 2,
    threads: int = 8,
    timeout: int = 120,
    extra_env: dict[str, str] | None = None,
    overrides: dict[str, Any] | None = None,
) -> Iterator[GunicornServer]:
    """A started gunicorn whose /healthz answers and whose `workers` workers are up; always stopped.

    `overrides` are synthsite settings (SYNTH_… name → value), passed as environment variables.
    """
    env = prepare_workdir(workdir, extra_env, overrides)
    log_path = workdir / "gunicorn.log"
    for attempt in range(3):  # the free port can be taken between choosing it and binding it
        port = free_port()
        with open(log_path, "ab") as log:
            process = subprocess.Popen(
                gunicorn_command(port, workers=workers, threads=threads, timeout=timeout),
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        server = GunicornServer(process, port, workdir, workdir / "schemas.json", log_path, env)
        try:
            if _wait_healthy(server):
                server.wait_for_workers(workers)
                break
        except BaseException:
            server.stop()
            raise
        server.stop()
        if attempt == 2 or "Address already in use" not in server.log_tail():
            raise RuntimeError(f"gunicorn did not start\n{server.log_tail()}")
    try:
        yield server
    finally:
        server.stop()


def store_schema(workdir: Path, schema: dict[str, Any]) -> str:
    """Add `schema` to the work directory's schemas.json, which the server imports on first start; return its id."""
    from generator.schema import DatasetSchema

    workdir.mkdir(parents=True, exist_ok=True)
    path, parsed = workdir / "schemas.json", DatasetSchema.from_dict(schema)
    data = json.loads(path.read_text()) if path.exists() else {"version": 1, "descriptions": {}, "schemas": {}}
    data["schemas"][parsed.schema_id] = {"created": "2026-01-01T00:00:00+00:00", "schema": parsed.to_dict(), "source": "user"}
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True))
    return parsed.schema_id


def export_store(server: GunicornServer) -> dict[str, Any]:
    """The server's schema store, as `manage.py schemas export` writes it (the seed's schemas.json format)."""
    out = server.workdir / "exported.json"
    command = [sys.executable, "manage.py", "schemas", "export", str(out)]
    subprocess.run(command, cwd=ROOT, env=server.env, check=True, timeout=120, capture_output=True)
    return json.loads(out.read_bytes())


def _wait_healthy(server: GunicornServer, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        try:
            if server.request("GET", "/healthz", timeout=5).status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def _kill_quietly(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def rss_kb(pid: int) -> int:
    """Resident memory of a process, from /proc (kB)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


# -- a bounded load client -------------------------------------------------------------------------


@dataclass
class LoadResult:
    latencies: list[float]
    errors: list[str]
    seconds: float

    @property
    def requests(self) -> int:
        return len(self.latencies) + len(self.errors)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """The p-th percentile latency of the successful requests, in seconds (nearest rank)."""
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]

    def summary(self) -> str:
        ms = {p: self.percentile(p) * 1000 for p in (50, 90, 99)}
        return (
            f"{self.requests} requests, {len(self.errors)} errors in {self.seconds:.1f} s: {self.rate:.0f} req/s, "
            f"p50 {ms[50]:.0f} ms, p90 {ms[90]:.0f} ms, p99 {ms[99]:.0f} ms, max {max(self.latencies, default=0) * 1000:.0f} ms"
        )


def load_run(
    port: int, paths: list[str], *, connections: int, seconds: float, expect_lines: int | None = None, max_requests: int = 10**6,
    pause: float = 0.0,
) -> LoadResult:
    """`connections` keep-alive clients GET `paths` in turn for `seconds` (and at most `max_requests`),
    each waiting `pause` seconds between its requests.

    A request counts as an error unless it answers 200 with a complete body (and, if given,
    `expect_lines` lines). A connection that fails is reopened for the next request.
    """
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(max_requests))
    start = time.monotonic()
    deadline = start + seconds

    def client(offset: int) -> None:
        conn = None
        while time.monotonic() < deadline:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            path = paths[(offset + n) % len(paths)]
            began = time.perf_counter()
            try:
                conn = conn or http.client.HTTPConnection(HOST, port, timeout=30)
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read()
                problem = _problem(response.status, body, expect_lines)
            except (OSError, http.client.HTTPException) as exc:
                problem = f"{type(exc).__name__}: {exc}"
                if conn is not None:
                    conn.close()
                conn = None
            took = time.perf_counter() - began
            with lock:
                (errors.append(f"{path}: {problem}") if problem else latencies.append(took))
            if pause:
                time.sleep(pause)
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return LoadResult(latencies, errors, time.monotonic() - start)


def _problem(status: int, body: bytes, expect_lines: int | None) -> str:
    if status != 200:
        return f"HTTP {status}: {body[:200]!r}"
    lines = body.count(b"\n")
    if expect_lines is not None and lines != expect_lines:
        return f"{lines} lines, expected {expect_lines}"
    return ""
