"""The worker's memory growth while it streams a large download, in every format.

    .venv/bin/python bench/memory.py [--rows 10000000] [--formats csv,json,...]

One warm gunicorn worker (the bench's command line) serves the customer table at `--rows` rows in
each format in turn, then messy CSV (every defect); for each download it prints the seconds, the
bytes and the worker's peak memory over its size before the request (VmHWM after, the mark reset
first, minus VmRSS before). Excel stops at its sheet's 1,048,575 rows. Time is not the point here
(`bench/bench.py` compares speeds side by side); memory is, and it does not depend on the
machine's load.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import signal
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("synth_bench", ROOT / "bench" / "bench.py")
assert _spec and _spec.loader
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--formats", default=",".join(bench.FORMAT_ORDER), help="comma-separated formats, in order")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synthsite.settings")
    import django

    django.setup()
    from generator.repository import SchemaRepository
    from generator.schema import DatasetSchema

    store = Path(tempfile.mkdtemp(prefix="synth-memory-")) / "schemas.json"
    schema = DatasetSchema.from_dict(bench.CUSTOMERS)
    SchemaRepository(store).put(schema, source="bench")

    downloads = [(fmt, "") for fmt in args.formats.split(",") if fmt] + [("csv", "&messy=all"), ("zip", "&messy=all")]
    server, port, worker = bench.start_server(store)
    try:
        for fmt, extra in downloads:
            bench.fetch(port, f"/datasets/{schema.schema_id}.{fmt}?rows=100&seed=1{extra}")  # warm each writer
        print(f"{'format':<14} {'rows':>11} {'seconds':>8} {'MB sent':>9} {'worker growth':>14}")
        results = []
        for fmt, extra in downloads:
            rows = min(args.rows, 1_048_575) if fmt == "xlsx" else args.rows
            bench.peak_reset(worker)
            before = bench.rss_kb(worker, "VmRSS")
            seconds, _, size = bench.fetch(port, f"/datasets/{schema.schema_id}.{fmt}?rows={rows}&seed=1{extra}")
            growth = (bench.rss_kb(worker, "VmHWM") - before) / 1024
            label = fmt + (" messy" if extra else "")
            results.append({"format": label, "rows": rows, "seconds": round(seconds, 2), "bytes": size, "growth_mb": round(growth, 1)})
            print(f"{label:<14} {rows:>11,} {seconds:>8.2f} {size / 1e6:>9.0f} {growth:>11.0f} MB", flush=True)
        print(json.dumps(results))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
