"""The schema store behind real gunicorn workers: concurrent writers on SQLite and PostgreSQL, a
killed worker, a schemas.json imported on first start, and a corrupt one left alone.

Schemas come from the offline inferrer (no OpenAI key), so every distinct description is a write
to the store from whichever worker gets the request.
"""

from __future__ import annotations

import http.client
import itertools
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from generator.inference.sources import offline_source
from generator.repository import description_key
from tests.gunicorn_server import GunicornServer, Reply, export_store, running_gunicorn, store_schema

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


def post_all(servers: list[GunicornServer], descriptions: list[str], headers=None) -> dict[str, Reply | Exception]:
    """POST /api/schema for every description at once (one thread and connection each), spread over `servers`.

    `headers(i)` gives the i-th request's extra headers.
    """
    start = threading.Barrier(len(descriptions), timeout=30)

    def post(i: int) -> Reply | Exception:
        start.wait()
        try:
            server = servers[i % len(servers)]
            return server.request("POST", "/api/schema", {"description": descriptions[i]}, timeout=60, headers=headers(i) if headers else None)
        except (OSError, http.client.HTTPException) as exc:  # a dropped connection
            return exc

    with ThreadPoolExecutor(max_workers=len(descriptions)) as pool:
        return dict(zip(descriptions, pool.map(post, range(len(descriptions))), strict=True))


def stored_id(data: dict, description: str) -> str | None:
    return data["descriptions"].get(description_key(description, offline_source().fingerprint))


def assert_all_kept(replies: dict[str, Reply | Exception], data: dict, *, already: int = 0) -> None:
    """Every reply was 200 with a new schema, and the store maps every description to that schema.

    `already`: descriptions the store held before.
    """
    failed = {d: r for d, r in replies.items() if not isinstance(r, Reply) or r.status != 200}
    assert not failed, list(failed.items())[:5]
    assert {r.json()["source"] for r in replies.values()} == {"offline"}, "every description was new"
    assert len(data["descriptions"]) == already + len(replies)
    for description, reply in replies.items():
        body = reply.json()
        assert stored_id(data, description) == body["schema_id"], description
        assert data["schemas"][body["schema_id"]]["schema"] == body["schema"]


@pytest.fixture(params=["sqlite", "postgresql"])
def database_env(request) -> dict[str, str]:
    """The server's database: its own SQLite file (no DATABASE_URL), or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return {}
    return {"DATABASE_URL": request.getfixturevalue("postgres_server").new_database()}


def test_200_concurrent_new_descriptions_on_4_workers_all_land_in_the_store(tmp_path, database_env):
    """Every answer is kept: concurrent writers never fail a write or overwrite each other's entries."""
    descriptions = distinct_descriptions(200)
    with running_gunicorn(tmp_path, workers=4, extra_env=database_env) as server:
        started = time.monotonic()
        replies = post_all([server], descriptions)
        took = time.monotonic() - started
        data = export_store(server)
        log = server.log_tail(200)
    print(f"\n200 concurrent POST /api/schema on 4 workers ({'PostgreSQL' if database_env else 'SQLite'}): {took:.1f} s")
    assert_all_kept(replies, data)
    assert "Traceback" not in log


def test_a_killed_worker_loses_no_answered_schema_and_the_store_stays_usable(tmp_path):
    """SIGKILL a worker while 200 new descriptions are being written to the SQLite store.

    Every schema a user was given is found again from the cache, gunicorn replaces the worker,
    and the store takes new writes.
    """
    descriptions = distinct_descriptions(200)
    with running_gunicorn(tmp_path, workers=4) as server:
        victim = server.worker_pids()[0]
        replies: dict = {}
        firing = threading.Thread(target=lambda: replies.update(post_all([server], descriptions)), daemon=True)
        firing.start()
        time.sleep(0.5)  # requests are in flight on every worker
        os.kill(victim, signal.SIGKILL)
        firing.join(timeout=120)
        assert not firing.is_alive()

        answered = [d for d, r in replies.items() if isinstance(r, Reply) and r.status == 200]
        others = {d: r for d, r in replies.items() if d not in answered}
        print(f"\nkilled worker {victim}: {len(answered)} of 200 answered 200, {len(others)} lost their connection")
        assert not [r for r in others.values() if isinstance(r, Reply)], "a request got an HTTP error, not just a dropped connection"
        assert answered, "no request was answered: nothing to check"

        server.wait_for_workers(4, exclude=(victim,))
        with ThreadPoolExecutor(max_workers=8) as pool:
            again = dict(zip(answered, pool.map(lambda d: server.request("POST", "/api/schema", {"description": d}), answered), strict=True))
        for description, reply in again.items():
            assert reply.status == 200 and reply.json()["source"] == "cache", description
            assert reply.json()["schema_id"] == replies[description].json()["schema_id"]
        one_more = server.request("POST", "/api/schema", {"description": distinct_descriptions(1, start=500)[0]})
        assert one_more.status == 200 and one_more.json()["source"] == "offline"
        assert len(export_store(server)["descriptions"]) >= len(answered) + 1


def test_a_schemas_json_from_before_is_imported_on_first_start_by_racing_workers(tmp_path):
    """The seed's store file is imported once, whichever of 2 workers gets there first; nothing is lost."""
    schema_ids = [store_schema(tmp_path, {"title": f"Old {i}", "columns": [{"name": "n", "type": "integer"}]}) for i in range(20)]
    before = (tmp_path / "schemas.json").read_bytes()
    with running_gunicorn(tmp_path, workers=2) as server:
        with ThreadPoolExecutor(max_workers=20) as pool:
            replies = list(pool.map(lambda i: server.request("GET", f"/datasets/{i}.csv?rows=2&seed=1"), schema_ids))
        data = export_store(server)
    assert [r.status for r in replies] == [200] * 20
    assert all(len(r.body.splitlines()) == 3 for r in replies)
    assert sorted(data["schemas"]) == sorted(schema_ids)
    assert (tmp_path / "schemas.json").read_bytes() == before, "the old file is only read"


def test_a_corrupt_schemas_json_is_logged_left_as_it_is_and_the_server_still_answers(tmp_path):
    spoiled = b'{"version": 1, "descriptions": {}, "schemas": {"abc": {"sche'  # cut off mid-write
    (tmp_path / "schemas.json").write_bytes(spoiled)
    descriptions = distinct_descriptions(20)
    with running_gunicorn(tmp_path, workers=2) as server:
        replies = post_all([server], descriptions)
        data = export_store(server)
        log = server.log_tail(400)
    assert_all_kept(replies, data)
    assert (tmp_path / "schemas.json").read_bytes() == spoiled
    assert f"schema store file {tmp_path / 'schemas.json'} was not imported: it is not valid JSON" in log
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("schemas.json")) == ["schemas.json"]


def forwarded(client: str) -> dict[str, str]:
    """The client address a reverse proxy in front of both servers would pass on."""
    return {"X-Forwarded-For": client}


def test_two_servers_on_one_postgresql_share_schemas_and_the_rate_limit(tmp_path, postgres_server):
    """Two gunicorn instances on different ports, one PostgreSQL: two hosts behind a load balancer."""
    env = {"DATABASE_URL": postgres_server.new_database()}
    settings = {"SYNTH_RATE_LIMIT": 10, "SYNTH_RATE_WINDOW": 3600, "SYNTH_TRUSTED_PROXIES": 1}
    with (
        running_gunicorn(tmp_path / "a", workers=2, extra_env=env, overrides=settings) as a,
        running_gunicorn(tmp_path / "b", workers=2, extra_env=env, overrides=settings) as b,
    ):
        assert a.port != b.port
        made = a.request("POST", "/api/schema", {"description": "gym members with name and age"}, headers=forwarded("192.0.2.1"))
        found = b.request("POST", "/api/schema", {"description": "Gym members with name and age"}, headers=forwarded("192.0.2.2"))
        assert made.status == found.status == 200
        assert (made.json()["source"], found.json()["source"]) == ("offline", "cache")
        assert found.json()["schema_id"] == made.json()["schema_id"]
        permalink = f"/datasets/{made.json()['schema_id']}.csv?rows=50&seed=3"
        assert a.request("GET", permalink).body == b.request("GET", permalink).body

        descriptions = distinct_descriptions(200)
        replies = post_all([a, b], descriptions, headers=lambda i: forwarded(f"2001:db8::{i:x}"))
        assert_all_kept(replies, export_store(b), already=1)

        with ThreadPoolExecutor(max_workers=30) as pool:
            # New descriptions each time: a cached one calls no model and is not counted.
            fresh = distinct_descriptions(30, start=200)
            limited = list(pool.map(lambda i: (i % 2, [a, b][i % 2].request("POST", "/api/schema", {"description": fresh[i]}, headers=forwarded("192.0.2.99")).status), range(30)))
    statuses = [status for _, status in limited]
    assert statuses.count(200) == 10 and statuses.count(429) == 20, "one allowance of 10 shared by both servers"
    assert {server for server, status in limited if status == 429} == {0, 1}
