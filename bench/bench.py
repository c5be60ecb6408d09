"""make bench: the plain Faker loop baseline beside the engine, through the CLI and over HTTP.

Runs in one go, on this machine, and prints one table. The baseline is a per-row Faker loop with
csv.writer at 100k rows, scaled to rows/s; every other line's ratio is its rows/s over that.
Through HTTP, a real gunicorn (the `make run` command line, one gthread worker so its memory
can be read) serves /datasets/<id>.csv; time to first byte, total time and the worker's peak
memory growth (VmHWM after minus VmRSS before) are measured with a streaming client.

    .venv/bin/python bench/bench.py [--sizes 100000,1000000,10000000] [--skip-http] [--skip-cli] [--series-periods 10000] [--review-rows 1000000]
                                    [--messy-sizes 1000000] [--pipeline-rows 1000000] [--format-rows 1000000]

Messy CSV (every defect) is measured beside the plain CSV in one warm worker; a cold worker's first
request beside its second; the engine and CSV writer (plain, structured and messy) with and without their
threads (SYNTH_PIPELINE) in process. The series line is a 4-column panel (shop, date, visitor count, occupancy level) of 1,000 shops
× `--series-periods` days made by the engine and the CSV writer in the bench's own process.
The formats table downloads the customer table in every format at `--format-rows` rows from one
warm worker, side by side with CSV, and the floor: pyarrow writing the same rows, already built,
as CSV; its last columns time the engine and each writer in the bench's own process (best of two
rounds), the ratio least moved by other work on the machine.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import http.client
import io
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CUSTOMERS = json.loads((ROOT / "examples" / "customers.json").read_text())


# The same table with columns that agree (derived, correlated, ordered, bounded, dependent, present
# only when, a second person) and a planted target, to show what they cost.
STRUCTURED = {
    **CUSTOMERS,
    "title": "Customers with structure",
    "columns": CUSTOMERS["columns"][:-1] + [
        {"name": "orders", "type": "integer", "min": 1, "max": 40, "correlate_with": "age", "correlation": 0.4},
        {"name": "average_order", "type": "derived", "expression": "round(lifetime_value / orders, 2)"},
        {"name": "last_order", "type": "date", "after": "signup_date", "min_days": 0, "max_days": 365},
        {"name": "largest_order", "type": "price", "min": 0, "max": 5000, "at_most": "lifetime_value"},
        {"name": "monthly_fee", "type": "price", "min": 0, "max": 60, "depends_on": "plan",
         "cases": {"free": {"min": 0, "max": 0}, "basic": {"min": 9, "max": 15}, "pro": {"min": 29, "max": 59}}},
        {"name": "cancelled_on", "type": "date", "after": "signup_date", "min_days": 30, "max_days": 900,
         "present_when": {"column": "plan", "in": ["free"]}},
        {"name": "referrer", "type": "full_name", "role": "referrer"},
        {"name": "churned", "type": "target", "rate": 0.2, "drivers": [
            {"column": "age", "effect": -0.5}, {"column": "plan", "value": "free", "effect": 1.0}, {"column": "orders", "effect": -0.8}]},
    ],
}


# A panel: 1,000 shops by day, footfall counts with weekly and yearly seasons and memory, and a
# bounded occupancy level with a trend (series entity, timestamps, AR(1) state across chunks).
SERIES = {
    "version": 1, "title": "Footfall panel",
    "series": {"entity": "shop_id", "entities": 1000, "time": "date", "frequency": "day", "start": "2000-01-01"},
    "columns": [
        {"name": "date", "type": "date"},
        {"name": "shop_id", "type": "code", "pattern": "SHOP-#####"},
        {"name": "visitors", "type": "series_value", "model": "count", "mean": 400, "spread": 0.6, "weekly": 0.3, "yearly": 0.15, "memory": 0.6},
        {"name": "occupancy", "type": "series_value", "mean": 55, "trend": 0.02, "weekly": 0.2, "noise": 0.1, "memory": 0.8, "min": 0, "max": 100, "decimals": 1},
    ],
}


def series_run(periods: int) -> dict:
    """The engine and the CSV writer in this process (no Django request), for 1,000 entities × `periods`."""
    from generator.engine import generate_chunks
    from generator.schema import DatasetSchema
    from generator.writers import csv_stream

    schema = DatasetSchema.from_dict(SERIES)
    rows = SERIES["series"]["entities"] * periods
    start, size = time.perf_counter(), 0
    for piece in csv_stream(schema, generate_chunks(schema, rows=rows, seed=1)):
        size += len(piece)
    return {"via": f"series 1,000 × {periods:,} days, in process", "rows": rows, "seconds": time.perf_counter() - start, "bytes": size, "ttfb": None, "peak_mb": None}


# Text that follows its row: product reviews whose wording follows a skewed 1-5 rating.
REVIEWS = {
    "version": 1, "title": "Product reviews",
    "columns": [
        {"name": "review_id", "type": "id"},
        {"name": "product", "type": "product"},
        {"name": "rating", "type": "rating", "min": 1, "max": 5},
        {"name": "review", "type": "review_text", "rating_column": "rating", "sentences": 3},
    ],
}


def reviews_run(rows: int) -> dict:
    """Text-heavy rows (a 3-sentence review per row) by the engine and the CSV writer in this process."""
    from generator.engine import generate_chunks
    from generator.schema import DatasetSchema
    from generator.writers import csv_stream

    schema = DatasetSchema.from_dict(REVIEWS)
    start, size = time.perf_counter(), 0
    for piece in csv_stream(schema, generate_chunks(schema, rows=rows, seed=1)):
        size += len(piece)
    return {"via": "reviews with rating (text), in process", "rows": rows, "seconds": time.perf_counter() - start, "bytes": size, "ttfb": None, "peak_mb": None}


def baseline(rows: int) -> dict:
    """The plain approach: one Faker call per cell, csv.writer per row."""
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(1)
    out = io.StringIO()
    writer = csv.writer(out)
    start = time.perf_counter()
    writer.writerow([c["name"] for c in CUSTOMERS["columns"]])
    for i in range(rows):
        first, last = fake.first_name(), fake.last_name()
        writer.writerow([
            i + 1, first, last, fake.email(), fake.random_int(18, 80), fake.country(),
            fake.date_between_dates(date_start=dt.date(2020, 1, 1), date_end=dt.date(2025, 12, 31)).isoformat(),
            f"{fake.pyfloat(min_value=0, max_value=5000, right_digits=2):.2f}",
            fake.random_element(["free", "basic", "pro"]), fake.boolean(20),
        ])
    seconds = time.perf_counter() - start
    return {"via": "faker loop", "rows": rows, "seconds": seconds, "bytes": len(out.getvalue().encode()), "ttfb": None, "peak_mb": None}


def run_cli(rows: int, store: Path, schema_file: Path) -> dict:
    out = Path(tempfile.mkstemp(suffix=".csv")[1])
    env = {**os.environ, "SYNTH_SCHEMA_STORE": str(store), "SYNTH_MAX_ROWS": str(10**8)}
    cmd = [sys.executable, "manage.py", "generate", "--schema", str(schema_file), "--rows", str(rows), "--seed", "1", "--output", str(out)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"CLI failed for {rows} rows")
    size = out.stat().st_size
    out.unlink()
    return {"via": "CLI (whole process)", "rows": rows, "seconds": seconds, "bytes": size, "ttfb": None, "peak_mb": usage.ru_maxrss / 1024}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def start_server(store: Path) -> tuple[subprocess.Popen, int, int]:
    port = free_port()
    env = {**os.environ, "SYNTH_SCHEMA_STORE": str(store), "SYNTH_MAX_ROWS": str(10**8), "SYNTH_MAX_EXCEL_CELLS": str(10**9), "SYNTH_HTTPS": "0"}
    cmd = [str(ROOT / ".venv/bin/gunicorn"), "synthsite.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
           "--worker-class", "gthread", "--threads", "4", "--timeout", "300", "--log-level", "warning"]
    server = subprocess.Popen(cmd, cwd=ROOT, env=env)
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    for _ in range(300):  # the master listens before its worker is forked
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        if children:
            return server, port, int(children[0])
        time.sleep(0.1)
    raise SystemExit("gunicorn started no worker in 30 s")


def fetch(port: int, path: str) -> tuple[float, float, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    start = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    first = response.read(1)
    ttfb = time.perf_counter() - start
    total = len(first)
    while block := response.read(1 << 20):
        total += len(block)
    seconds = time.perf_counter() - start
    conn.close()
    if response.status != 200:
        raise SystemExit(f"HTTP {response.status} for {path}")
    return seconds, ttfb, total


def run_http(sizes: list[int], store: Path, schema_id: str, structured_id: str) -> list[dict]:
    server, port, worker = start_server(store)
    try:
        results = []
        runs = [(schema_id, rows, "HTTP (warm gunicorn)") for rows in [100, *sizes]]
        runs += [(structured_id, rows, "HTTP, + derived, correlated, target") for rows in sizes if rows == 1_000_000]
        for run_id in {schema_id, structured_id}:
            fetch(port, f"/datasets/{run_id}.csv?rows=100&seed=1")  # warm: pools built once per process
        for run_id, rows, via in runs:
            before = rss_kb(worker, "VmRSS")
            seconds, ttfb, size = fetch(port, f"/datasets/{run_id}.csv?rows={rows}&seed=1")
            growth = (rss_kb(worker, "VmHWM") - before) / 1024
            results.append({"via": via, "rows": rows, "seconds": seconds, "bytes": size, "ttfb": ttfb, "peak_mb": growth})
        return results
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def _measured(port: int, worker: int, path: str, via: str, rows: int) -> dict:
    """One download over HTTP with its first byte and the worker's memory growth."""
    before = rss_kb(worker, "VmRSS")
    seconds, ttfb, size = fetch(port, path)
    growth = (rss_kb(worker, "VmHWM") - before) / 1024
    return {"via": via, "rows": rows, "seconds": seconds, "bytes": size, "ttfb": ttfb, "peak_mb": growth}


def run_http_messy(sizes: list[int], store: Path, schema_id: str) -> list[dict]:
    """Messy CSV (every defect at its default rate) beside the plain CSV of the same table, each
    size in one warm worker; the worker's memory growth shows the messy stream stays flat."""
    server, port, worker = start_server(store)
    try:
        fetch(port, f"/datasets/{schema_id}.csv?rows=100&seed=1&messy=all")  # warm
        results = []
        for rows in sizes:
            plain = _measured(port, worker, f"/datasets/{schema_id}.csv?rows={rows}&seed=1", "HTTP, plain CSV (beside messy)", rows)
            messy = _measured(port, worker, f"/datasets/{schema_id}.csv?rows={rows}&seed=1&messy=all", "HTTP, messy CSV (all defects)", rows)
            messy["via"] += f", {messy['seconds'] / plain['seconds']:.2f}× plain's time"
            results += [plain, messy]
        return results
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def run_cold_start(store: Path, schema_id: str) -> list[dict]:
    """A fresh worker's first request (booting Django, building pools and the city table) and
    its second, 1,000 rows each; timed from when the server accepts connections."""
    server, port, worker = start_server(store)
    try:
        path = f"/datasets/{schema_id}.csv?rows=1000&seed=1"
        first = _measured(port, worker, path, "HTTP, cold worker: first request", 1000)
        second = _measured(port, worker, path, "HTTP, same worker: second request", 1000)
        return [first, second]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def pipeline_runs(rows: int) -> list[dict]:
    """The engine and CSV writer with and without their threads (SYNTH_PIPELINE), CSV in process, plain and
    structured tables and the plain table as messy CSV (every defect); each run twice, alternating, and the
    faster of the two kept."""
    from generator.engine import generate_chunks
    from generator.schema import DatasetSchema
    from generator.writers import csv_stream
    from generator.writers.messy import KNOBS, messy_csv_stream

    def messy_stream(schema, chunks):
        return messy_csv_stream(schema, chunks, {"messy": dict(KNOBS), "seed": 1})

    results = []
    for name, data, write in (("plain", CUSTOMERS, csv_stream), ("structured", STRUCTURED, csv_stream), ("messy", CUSTOMERS, messy_stream)):
        schema = DatasetSchema.from_dict(data)
        for _ in write(schema, generate_chunks(schema, rows=10_000, seed=1)):  # warm the pools
            pass
        best: dict[bool, tuple[float, int]] = {}
        for pipeline in (False, True, False, True):
            start, size = time.perf_counter(), 0
            for piece in write(schema, generate_chunks(schema, rows=rows, seed=1, pipeline=pipeline)):
                size += len(piece)
            seconds = time.perf_counter() - start
            best[pipeline] = min(best.get(pipeline, (seconds, size)), (seconds, size))
        for pipeline, label in ((False, "one thread"), (True, "pipelined")):
            seconds, size = best[pipeline]
            results.append({"via": f"engine + CSV in process, {name}, {label}", "rows": rows, "seconds": seconds, "bytes": size, "ttfb": None, "peak_mb": None})
    return results


FORMAT_ORDER = ("csv", "json", "jsonl", "parquet", "sqlite", "postgresql", "xlsx", "zip")


def peak_reset(pid: int) -> None:
    """Start the worker's peak-memory mark (VmHWM) again from its current size (Linux clear_refs)."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        pass


def run_formats(store: Path, schema_id: str, rows: int) -> list[dict]:
    """Each format of the customer table at `rows` rows from one warm gunicorn worker, side by side;
    Excel at most its sheet's rows. Memory growth is the worker's peak during the request over
    its size before it."""
    server, port, worker = start_server(store)
    try:
        for fmt in FORMAT_ORDER:
            fetch(port, f"/datasets/{schema_id}.{fmt}?rows=100&seed=1")
        results = []
        for fmt in FORMAT_ORDER:
            count = min(rows, 1_048_575) if fmt == "xlsx" else rows
            peak_reset(worker)
            before = rss_kb(worker, "VmRSS")
            seconds, ttfb, size = fetch(port, f"/datasets/{schema_id}.{fmt}?rows={count}&seed=1")
            results.append({"format": fmt, "rows": count, "seconds": seconds, "bytes": size, "ttfb": ttfb, "growth_mb": (rss_kb(worker, "VmHWM") - before) / 1024})
        return results
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def formats_in_process(rows: int) -> dict[str, float]:
    """Each format's engine and writer in this process, no HTTP: the best of two rounds, formats
    taken in turn in each round, so a busy machine weighs on all of them alike."""
    from generator.engine import generate_chunks
    from generator.schema import DatasetSchema
    from generator.writers import FORMATS

    schema = DatasetSchema.from_dict(CUSTOMERS)
    best: dict[str, float] = {}
    for _ in range(2):
        for fmt in FORMAT_ORDER:
            count = min(rows, 1_048_575) if fmt == "xlsx" else rows
            start = time.perf_counter()
            for _piece in FORMATS[fmt].write(schema, generate_chunks(schema, rows=count, seed=1), {"rows": count, "seed": 1}):
                pass
            best[fmt] = min(best.get(fmt, float("inf")), time.perf_counter() - start)
    return best


def floor_run(rows: int) -> dict:
    """The floor: pyarrow writing an already-built table of the same rows as CSV (nothing generated)."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    from generator.engine import generate_chunks
    from generator.schema import DatasetSchema
    from generator.writers.cells import csv_cells

    schema = DatasetSchema.from_dict(CUSTOMERS)
    names = [column.name for column in schema.columns]
    tables = [pa.Table.from_arrays([csv_cells(c, chunk[c.name]) for c in schema.columns], names=names) for chunk in generate_chunks(schema, rows=rows, seed=1)]
    built = pa.concat_tables(tables).combine_chunks()
    out = io.BytesIO()
    start = time.perf_counter()
    pa_csv.write_csv(built, out)
    return {"format": "floor: pyarrow CSV of a built table, in process", "rows": rows, "seconds": time.perf_counter() - start, "bytes": out.tell(), "ttfb": None, "growth_mb": None}


def formats_table(results: list[dict], local: dict[str, float]) -> str:
    csv_seconds = next(r["seconds"] for r in results if r["format"] == "csv")
    lines = ["| format | rows | seconds | × CSV time | MB | MB/s | first byte | worker memory growth | in process: seconds | × CSV |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        ttfb = "" if r["ttfb"] is None else f"{r['ttfb'] * 1000:.0f} ms"
        growth = "" if r["growth_mb"] is None else f"+{max(r['growth_mb'], 0):.0f} MB"
        here = f"{local[r['format']]:.2f} | {local[r['format']] / local['csv']:.2f}" if r["format"] in local else " | "
        lines.append(f"| {r['format']} | {r['rows']:,} | {r['seconds']:.2f} | {r['seconds'] / csv_seconds:.2f} | {r['bytes'] / 1e6:.0f} | {r['bytes'] / 1e6 / r['seconds']:.0f} | {ttfb} | {growth} | {here} |")
    return "\n".join(lines)


def table(results: list[dict], base_rate: float) -> str:
    lines = ["| rows | via | seconds | rows/s | MB/s | first byte | peak memory | × baseline |", "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        rate = r["rows"] / r["seconds"]
        ttfb = "" if r["ttfb"] is None else f"{r['ttfb'] * 1000:.0f} ms"
        peak = "" if r["peak_mb"] is None else (f"+{r['peak_mb']:.0f} MB (worker)" if r["via"].startswith("HTTP") else f"{r['peak_mb']:.0f} MB (process)")
        lines.append(f"| {r['rows']:,} | {r['via']} | {r['seconds']:.2f} | {rate:,.0f} | {r['bytes'] / 1e6 / r['seconds']:.0f} | {ttfb} | {peak} | {rate / base_rate:.0f}× |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000,10000000")
    parser.add_argument("--baseline-rows", type=int, default=100_000)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-cli", action="store_true")
    parser.add_argument("--series-periods", type=int, default=10_000, help="periods of the 1,000-entity series line (0 skips it)")
    parser.add_argument("--review-rows", type=int, default=1_000_000, help="rows of the text-heavy reviews line (0 skips it)")
    parser.add_argument("--messy-sizes", default="1000000", help="row counts of the messy-beside-plain HTTP lines (empty skips them)")
    parser.add_argument("--pipeline-rows", type=int, default=1_000_000, help="rows of the pipelined vs one-thread engine lines (0 skips them)")
    parser.add_argument("--format-rows", type=int, default=1_000_000, help="rows of each format over HTTP and in process, and of the floor (0 skips them)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synthsite.settings")
    import django

    django.setup()
    from generator.repository import SchemaRepository
    from generator.schema import DatasetSchema

    work = Path(tempfile.mkdtemp(prefix="synth-bench-"))
    store, schema_file = work / "schemas.json", work / "customers.json"
    schema, structured = DatasetSchema.from_dict(CUSTOMERS), DatasetSchema.from_dict(STRUCTURED)
    schema_file.write_text(json.dumps(CUSTOMERS))
    SchemaRepository(store).put(schema, source="bench")
    SchemaRepository(store).put(structured, source="bench")

    base = baseline(args.baseline_rows)
    results = [base]
    if not args.skip_cli:
        results += [run_cli(rows, store, schema_file) for rows in sizes]
    if not args.skip_http:
        results += run_http(sizes, store, schema.schema_id, structured.schema_id)
    if not args.skip_http:
        results += run_http_messy([int(n) for n in args.messy_sizes.split(",") if n], store, schema.schema_id)
        results += run_cold_start(store, schema.schema_id)
    if args.pipeline_rows:
        results += pipeline_runs(args.pipeline_rows)
    if args.series_periods:
        results.append(series_run(args.series_periods))
    if args.review_rows:
        results.append(reviews_run(args.review_rows))
    print(f"\nsynthsite bench — {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"10-column customer table; baseline = plain Faker loop at {args.baseline_rows:,} rows, scaled by rows/s\n")
    print(table(results, base["rows"] / base["seconds"]))
    if args.format_rows:
        formats = run_formats(store, schema.schema_id, args.format_rows) + [floor_run(args.format_rows)]
        local = formats_in_process(args.format_rows)
        print("\nEach format of the customer table from one warm gunicorn worker, side by side (Excel at most 1,048,575 rows);")
        print("in process: the engine and the writer without HTTP, best of two rounds\n")
        print(formats_table(formats, local))



if __name__ == "__main__":
    main()
