"""Schema store lookups with many stored schemas, on SQLite and on PostgreSQL (`make bench`).

Fills a fresh store with N schemas (default 100,000; each the 10-column customer table under its
own title, with a description each) by importing a schemas.json, as a store from before would be
on first start, then times random lookups as the app does them: by id (permalinks) and by
description (the cache), each including the query, JSON parsing and validation. SQLite is a file
configured as `make run` configures it; PostgreSQL is Debian's server, started here on a unix
socket with its default durability settings. Target: p95 ≤ 5 ms. "app CPU" is the CPU time this
process spent in a lookup (for SQLite nearly all of its work): on a busy machine, wall-clock
time far above it is time spent waiting for a core.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_MS = 5.0
GENERATOR = "offline:bench"


def seed_file(path: Path, count: int) -> list[str]:
    """A schemas.json with `count` customer schemas under distinct titles; return the ids."""
    from generator.repository import description_key
    from generator.schema import DatasetSchema

    customers = json.loads((ROOT / "examples" / "customers.json").read_text())
    ids, schemas, descriptions = [], {}, {}
    for i in range(count):
        schema = DatasetSchema.from_dict({**customers, "title": f"Customers {i}"})
        schemas[schema.schema_id] = {"created": "2026-01-01T00:00:00+00:00", "schema": schema.to_dict(), "source": "offline"}
        descriptions[description_key(f"customers number {i}", GENERATOR)] = schema.schema_id
        ids.append(schema.schema_id)
    path.write_text(json.dumps({"version": 1, "descriptions": descriptions, "schemas": schemas}, sort_keys=True))
    return ids


def timed(calls: list[Callable[[], object]]) -> tuple[list[float], list[float]]:
    """Milliseconds per call: wall clock, and this process's CPU; each call must find its schema."""
    wall, cpu = [], []
    for call in calls:
        start, start_cpu = time.perf_counter(), time.thread_time()
        found = call()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
        if found is None:
            raise SystemExit("a stored schema was not found")
    return wall, cpu


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def measure(name: str, alias: str, store: Path, ids: list[str], lookups: int) -> list[str]:
    from generator.repository import SchemaRepository

    repository = SchemaRepository(using=alias)
    start = time.perf_counter()
    result = repository.import_file(store)
    imported = time.perf_counter() - start
    assert result.schemas_added == len(ids) == repository.count(), result
    settle(alias)
    picks = random.Random(1).sample(range(len(ids)), min(3 * lookups, len(ids)))
    warm, first, second = picks[:200], picks[:lookups], picks[lookups : 2 * lookups]
    timed([lambda i=i: repository.get(ids[i]) for i in warm])  # open the connection
    by_id = timed([lambda i=i: repository.get(ids[i]) for i in first])
    by_description = timed([lambda i=i: repository.get_by_description(f"customers number {i}", GENERATOR) for i in second])
    rows = []
    for what, (took, cpu) in (("by id", by_id), ("by description", by_description)):
        p95 = percentile(took, 95)
        verdict = "ok" if p95 <= TARGET_MS else f"over the {TARGET_MS:g} ms target"
        rows.append(
            f"| {name} | {what} | {len(ids):,} | {percentile(took, 50):.2f} | {p95:.2f} | {percentile(took, 99):.2f} "
            f"| {max(took):.2f} | {percentile(cpu, 95):.2f} | {verdict} |"
        )
    print(f"{name}: imported {len(ids):,} schemas in {imported:.1f} s", flush=True)
    return rows


def settle(alias: str) -> None:
    """What a database that has been running a while has done: table statistics, a checkpoint."""
    from django.db import connections

    with connections[alias].cursor() as cursor:
        if connections[alias].vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def fill_and_measure(work: Path, args: argparse.Namespace) -> list[str]:
    from tests.postgres import add_database, running_postgres

    store = work / "schemas.json"
    ids = seed_file(store, args.schemas)
    print(f"schemas.json with {len(ids):,} schemas: {store.stat().st_size / 1e6:.0f} MB", flush=True)
    add_database("bench_sqlite", f"sqlite:///{work / 'db.sqlite3'}")
    rows = measure("SQLite", "bench_sqlite", store, ids, args.lookups)
    if not args.skip_postgresql:
        with running_postgres(fast=False) as server:
            add_database("bench_postgresql", server.url)
            rows += measure("PostgreSQL", "bench_postgresql", store, ids, args.lookups)
            from django.db import connections

            connections.close_all()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schemas", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=2_000)
    parser.add_argument("--skip-postgresql", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synthsite.settings")
    import django

    django.setup()
    work = Path(tempfile.mkdtemp(prefix="synth-store-bench-"))
    try:
        rows = fill_and_measure(work, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nschema store lookups — {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}; {args.lookups:,} random lookups each, ms (query + JSON parsing + validation)\n")  # fmt: skip
    print("| database | lookup | stored schemas | p50 | p95 | p99 | max | app CPU p95 | p95 ≤ 5 ms |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
