"""The schema store behind real gunicorn workers: concurrent writers, a killed worker, a corrupted file.

Schemas come from the offline inferrer (no OpenAI key), so every distinct description is a write
to schemas.json from whichever worker gets the request.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator.inference.sources import offline_source
from generator.repository import description_key
from tests.gunicorn_server import GunicornServer, Reply, running_gunicorn

pytestmark = pytest.mark.server

DOMAINS = [
    "customers of an online shop", "patients at a clinic", "employees of a bank", "students in a course",
    "orders at a bakery", "members of a gym", "guests of a hotel", "books in a library",
    "passengers on flights", "tenants of an apartment block",
]  # fmt: skip
COLUMNS = ["name", "age", "email", "city", "signup date", "price", "rating", "status", "country", "phone number", "salary", "score"]


def distinct_descriptions(count: int, start: int = 0) -> list[str]:
    """`count` different descriptions: a domain and three columns each."""
    combos = itertools.product(itertools.combinations(COLUMNS, 3), DOMAINS)
    picked = list(itertools.islice(combos, start, start + count))
    assert len(picked) == count
    return [f"{domain} with {a}, {b} and {c}" for (a, b, c), domain in picked]


def post_all(server: GunicornServer, descriptions: list[str]) -> dict[str, Reply | Exception]:
    """POST /api/schema for every description at once (one thread and connection each)."""
    start = threading.Barrier(len(descriptions), timeout=30)

    def post(description: str) -> Reply | Exception:
        start.wait()
        try:
            return server.request("POST", "/api/schema", {"description": description}, timeout=60)
        except (OSError, http.client.HTTPException) as exc:  # a dropped connection
            return exc

    with ThreadPoolExecutor(max_workers=len(descriptions)) as pool:
        return dict(zip(descriptions, pool.map(post, descriptions), strict=True))


def read_store(server: GunicornServer) -> dict:
    return json.loads(server.store.read_bytes())


def temp_files(server: GunicornServer) -> list[Path]:
    return sorted(server.store.parent.glob(f".{server.store.name}.*.tmp"))


def stored_id(data: dict, description: str) -> str | None:
    return data["descriptions"].get(description_key(description, offline_source().fingerprint))


def test_200_concurrent_new_descriptions_on_4_workers_all_land_in_the_store(tmp_path):
    """Every answer is kept: without the lock, workers would overwrite each other's entries."""
    descriptions = distinct_descriptions(200)
    with running_gunicorn(tmp_path, workers=4) as server:
        started = time.monotonic()
        replies = post_all(server, descriptions)
        took = time.monotonic() - started
        data = read_store(server)
        leftovers = temp_files(server)

    failed = {d: r for d, r in replies.items() if not isinstance(r, Reply) or r.status != 200}
    assert not failed, list(failed.items())[:5]
    print(f"\n200 concurrent POST /api/schema on 4 workers: all 200 OK in {took:.1f} s; "
          f"store: {len(data['descriptions'])} descriptions, {len(data['schemas'])} schemas")  # fmt: skip
    assert {r.json()["source"] for r in replies.values()} == {"offline"}, "every description was new"
    assert len(data["descriptions"]) == 200
    for description, reply in replies.items():
        body = reply.json()
        assert stored_id(data, description) == body["schema_id"], description
        assert data["schemas"][body["schema_id"]]["schema"] == body["schema"]
    assert leftovers == []


def lock_holder(lock_path: Path) -> int | None:
    """The pid holding the flock on `lock_path`, from /proc/locks (waiting lines start with "->")."""
    try:
        inode = os.stat(lock_path).st_ino
    except FileNotFoundError:
        return None
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if len(fields) >= 6 and fields[1] == "FLOCK" and int(fields[5].rsplit(":", 1)[1]) == inode:
            return int(fields[4])
    return None


def kill_a_writer(server: GunicornServer, workers: list[int], busy: threading.Event) -> tuple[int, bool]:
    """SIGKILL the worker holding the store lock, preferably while its temp file exists.

    Returns the pid killed and whether a temp file was there at that moment.
    """
    lock_path = server.store.with_name(server.store.name + ".lock")
    first_seen = None
    deadline = time.monotonic() + 20
    while busy.is_set() and time.monotonic() < deadline:
        holder = lock_holder(lock_path)
        if holder in workers:
            first_seen = first_seen or time.monotonic()
            writing = bool(temp_files(server))
            if writing or time.monotonic() - first_seen > 0.5:
                os.kill(holder, signal.SIGKILL)
                return holder, writing
    raise AssertionError("no worker was seen holding the store lock: nothing was killed mid-write")


def test_a_worker_killed_mid_write_leaves_a_valid_store_and_loses_no_answered_schema(tmp_path):
    """SIGKILL the worker that holds the store lock while 200 new descriptions are being written.

    The store stays valid JSON (temp file + rename), the lock dies with the worker, every schema a
    user was given is found again from the cache, gunicorn replaces the worker, and the next
    write clears the dead worker's temp file.
    """
    descriptions = distinct_descriptions(200)
    with running_gunicorn(tmp_path, workers=4) as server:
        workers = server.worker_pids()
        busy = threading.Event()
        busy.set()
        replies: dict = {}

        def fire() -> None:
            try:
                replies.update(post_all(server, descriptions))
            finally:
                busy.clear()

        firing = threading.Thread(target=fire, daemon=True)
        firing.start()
        victim, during_temp_write = kill_a_writer(server, workers, busy)
        left_by_victim = temp_files(server)
        firing.join(timeout=120)
        assert not firing.is_alive()
        data = read_store(server)  # valid JSON, or this raises

        answered = [d for d, r in replies.items() if isinstance(r, Reply) and r.status == 200]
        others = {d: r for d, r in replies.items() if d not in answered}
        print(f"\nkilled worker {victim} holding the store lock ({'while its temp file existed' if during_temp_write else 'between writes'}, "
              f"{len(left_by_victim)} temp file(s) right after); "
              f"{len(answered)} of 200 answered 200, {len(others)} lost their connection; "
              f"store: {len(data['descriptions'])} descriptions")  # fmt: skip
        assert not [r for r in others.values() if isinstance(r, Reply)], "a request got an HTTP error, not just a dropped connection"
        assert answered, "no request was answered: nothing to check"
        for description in answered:
            assert stored_id(data, description) == replies[description].json()["schema_id"], description

        server.wait_for_workers(4, exclude=(victim,))  # gunicorn replaced the killed worker
        with ThreadPoolExecutor(max_workers=8) as pool:
            again = dict(zip(answered, pool.map(lambda d: server.request("POST", "/api/schema", {"description": d}), answered), strict=True))
        for description, reply in again.items():
            assert reply.status == 200 and reply.json()["source"] == "cache", description
            assert reply.json()["schema_id"] == replies[description].json()["schema_id"]

        one_more = server.request("POST", "/api/schema", {"description": distinct_descriptions(1, start=500)[0]})
        assert one_more.status == 200 and one_more.json()["source"] == "offline"
        assert temp_files(server) == []
        assert len(read_store(server)["descriptions"]) >= len(answered) + 1


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda text: text[: len(text) // 2], id="truncated-to-half"),
        pytest.param(lambda text: b"\x00\xffnot json at all" + text[:40], id="garbage"),
    ],
)
def test_a_corrupted_store_still_answers_and_is_repaired_with_the_garbage_kept_aside(tmp_path, spoil):
    """A schemas.json spoiled under a running server is repaired by the next write.

    20 concurrent requests all succeed; the first write moves the spoiled file to
    schemas.json.corrupt (byte for byte) and writes a valid store holding all 20.
    """
    before = distinct_descriptions(10)
    after = distinct_descriptions(10, start=300)
    with running_gunicorn(tmp_path, workers=2) as server:
        first = post_all(server, before)
        assert all(isinstance(r, Reply) and r.status == 200 for r in first.values())
        garbage = spoil(server.store.read_bytes())
        server.store.write_bytes(garbage)  # in place, as a full disk or a careless editor would

        replies = post_all(server, before + after)
        assert {d: getattr(r, "status", r) for d, r in replies.items()} == {d: 200 for d in before + after}, server.log_tail()
        data = read_store(server)
        corrupt = server.store.with_name(server.store.name + ".corrupt")
        assert corrupt.read_bytes() == garbage, "the spoiled file is kept aside for a person to look at"
        assert len(data["descriptions"]) == 20
        for description, reply in replies.items():
            assert stored_id(data, description) == reply.json()["schema_id"]
        for description in before:  # lost with the spoiled file, made again: the same schema
            assert replies[description].json()["schema_id"] == first[description].json()["schema_id"]
        assert server.request("POST", "/api/schema", {"description": before[0]}).json()["source"] == "cache"
        assert temp_files(server) == []
