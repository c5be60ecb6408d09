"""make bench: a partitioned dataset made by 1 and then 2 local Dask workers, side by side in one run.

    .venv/bin/python bench/partitions.py [--rows 20000000] [--partitions 8] [--workers 1,2]

Each run is the real command line (`manage.py generate --schema examples/customers.json --format
parquet --partitions 8 --workers N`) in its own process, into a fresh folder. It prints the whole
process's seconds and the seconds the command reports for making the partitions (without
starting Python, Django and the cluster), rows/s, the CPU seconds of the command and its workers,
the speed-up of 2 workers over 1, and, labelled as an estimate, what 1,000,000,000 rows would take
on a 32-core host and on a 10-host cluster from the rows per CPU-second measured here.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "examples" / "customers.json"
REPORTED = re.compile(r"by (\d+) worker\(s\) in ([\d.]+) s .*starting the cluster ([\d.]+) s")
BILLION = 1_000_000_000


def run(rows: int, partitions: int, workers: int, folder: Path) -> dict[str, float]:
    out = folder / f"workers-{workers}"
    cmd = [sys.executable, "manage.py", "generate", "--schema", str(SCHEMA), "--rows", str(rows), "--seed", "1", "--format", "parquet",
           "--partitions", str(partitions), "--workers", str(workers), "--output", str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and its worker processes, once they have ended
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"the command failed ({done.returncode}):\n{done.stderr}")
    found = REPORTED.search(done.stderr)
    assert found, done.stderr
    size = sum(path.stat().st_size for path in out.glob("part-*.parquet"))
    shutil.rmtree(out)
    return {"workers": workers, "wall": wall, "cpu": cpu, "made": float(found.group(2)), "start": float(found.group(3)), "bytes": size}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"\nPartitioned Parquet: {args.rows:,} rows of the 10-column customer table as {args.partitions} partitions, "
          f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, load average {load:.1f} before the runs\n")
    with tempfile.TemporaryDirectory(prefix="synth-partitions-") as tmp:
        results = [run(args.rows, args.partitions, int(n), Path(tmp)) for n in args.workers.split(",")]
    print("| workers | whole process s | making partitions s | rows/s (making) | CPU s (all processes) | MB written | × 1 worker (making) | × 1 worker (whole process) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    base = results[0]
    for r in results:
        print(f"| {r['workers']:.0f} | {r['wall']:.2f} | {r['made']:.2f} | {args.rows / r['made']:,.0f} | {r['cpu']:.1f} | {r['bytes'] / 1e6:,.0f} | "
              f"{base['made'] / r['made']:.2f}× | {base['wall'] / r['wall']:.2f}× |")
    last = results[-1]
    per_core = args.rows / base["cpu"]  # rows per second of a busy core: CPU time does not count waiting for a core on a shared machine
    overhead = max(1.0, last["cpu"] / base["cpu"])  # extra work of running more workers (scheduling, each worker's start)
    bytes_per_row = last["bytes"] / args.rows
    print(f"\nEstimate, not measured: one busy core made {per_core:,.0f} rows/s here (rows over the CPU seconds of the 1-worker run), and "
          f"{last['workers']:.0f} workers spent {overhead:.2f}× the CPU time of 1; for 1,000,000,000 rows ({bytes_per_row * BILLION / 1e9:,.0f} GB of Parquet):")
    for label, cores in (("one 32-core host", 32), ("10 hosts of 32 cores", 320)):
        seconds = BILLION / (per_core * cores) * overhead
        print(f"- {label}: about {seconds / 60:,.1f} min plus starting the workers, with every core busy and as fast as these; "
              f"the storage must take {bytes_per_row * BILLION / 1e6 / seconds:,.0f} MB/s")
    print(f"  The wall-clock speed-up above is what the machine gave while it also ran other work (load average {os.getloadavg()[0]:.1f} after the runs).")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synthsite.settings")
    main()
