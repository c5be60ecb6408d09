"""The rate-limit counts on a SQLite file and on a real PostgreSQL server (the `store_db` fixture)."""

import threading

from django.db import connections

from generator.ratelimit import hit


def test_the_window_resets(store_db):
    assert [hit("198.51.100.1", limit=1, window=10, now=t, using=store_db) for t in (100.0, 101.0)] == [0, 9]
    assert hit("198.51.100.1", limit=1, window=10, now=110.0, using=store_db) == 0


def test_clients_are_counted_apart(store_db):
    assert [hit(client, limit=1, window=60, now=0.0, using=store_db) for client in ("192.0.2.1", "192.0.2.2", "192.0.2.1")] == [0, 0, 60]


def test_concurrent_requests_are_each_counted_once(store_db):
    """8 threads on their own connections send 25 requests each at once: exactly `limit` get through."""
    start = threading.Barrier(8, timeout=30)
    allowed: list[bool] = []
    failures: list[Exception] = []

    def client() -> None:
        try:
            start.wait()
            for _ in range(25):
                allowed.append(hit("203.0.113.5", limit=70, window=3600, now=7200.0, using=store_db) == 0)
        except Exception as exc:  # a failed count is what this test looks for
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert len(allowed) == 200 and allowed.count(True) == 70
    assert hit("203.0.113.5", limit=200, window=3600, now=7200.0, using=store_db) != 0, "the 201st request is over a limit of 200"
