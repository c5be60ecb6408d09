"""make bench: how long the offline inferrer takes to load its knowledge, and to infer a schema once loaded.

    .venv/bin/python bench/knowledge.py [--runs 5] [--set frozen]

Load: in each of `--runs` fresh processes, the loader module is imported, then `knowledge()` (read
and build every data file) is timed, then (after importing Django and the inferrer, not timed) the
rest of a gunicorn worker's warm-up of the inferrer (`sources.warm`: the lookups built on first use
and two descriptions). Median and range
over the processes; target: `knowledge()` ≤ 0.1 s (wall clock). Its CPU time is shown too: on a
machine shared with other work, the wall clock also counts the time spent waiting for a core. Beside it, in this process and in the same
run, the data files parsed by rtoml (what the loader uses) and by the standard library's tomllib.

Warm: after the warm-up, every description of a realism set (tests/realism/<set>.toml) inferred
once, as a new description reaches a warm worker; p50, p95 and the slowest, in aggregate only
(the frozen set's outputs are not to be read case by case). Target: p95 ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# One fresh process: the seconds to import the loader, to build the knowledge and to warm up.
LOAD = """
import json, os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synthsite.settings")
start = time.perf_counter()
from generator.inference.knowledge import loader
imported = time.perf_counter()
cpu = time.process_time()
loader.knowledge()
built, cpu = time.perf_counter(), time.process_time() - cpu
import django
django.setup()
from generator.inference.sources import warm
import generator.inference.sources.offline
ready = time.perf_counter()
warm()
print(json.dumps({"import": imported - start, "knowledge": built - imported, "cpu": cpu, "warm": time.perf_counter() - ready}))
"""


def fresh_loads(runs: int) -> list[dict[str, float]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return [json.loads(subprocess.run([sys.executable, "-c", LOAD], cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout) for _ in range(runs)]


def parsers() -> dict[str, float]:
    """Seconds to parse every data file, best of five, with each parser."""
    import rtoml

    from generator.inference.knowledge.loader import data_files

    texts = [path.read_text(encoding="utf-8") for path in data_files()]
    best = {}
    for name, parse in (("rtoml", rtoml.loads), ("tomllib", tomllib.loads)):
        took = []
        for _ in range(5):
            start = time.perf_counter()
            for text in texts:
                parse(text)
            took.append(time.perf_counter() - start)
        best[name] = min(took)
    return best


def warm_inference(set_name: str) -> tuple[list[float], list[float]]:
    """Seconds each description of the set took, inferred once each in a warm process: wall clock
    and CPU time."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synthsite.settings")
    import django

    django.setup()
    from generator.inference.sources import warm
    from generator.inference.sources.offline import infer_schema
    from tests.realism.dataset import TODAY

    warm()
    cases = tomllib.loads((ROOT / "tests" / "realism" / f"{set_name}.toml").read_text(encoding="utf-8"))["case"]
    took, cpu = [], []
    for case in cases:
        start, cpu_start = time.perf_counter(), time.process_time()
        infer_schema(case["text"], today=TODAY)
        took.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    return took, cpu


def percentile(values: list[float], p: float) -> float:
    """Nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--set", default="frozen")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    loads = fresh_loads(args.runs)
    print(f"| in {args.runs} fresh processes | median | fastest | slowest | target |")
    print("| --- | ---: | ---: | ---: | --- |")
    rows = (("import", "import the loader", ""), ("knowledge", "knowledge()", "≤ 100 ms"), ("cpu", "knowledge(), CPU time", ""), ("warm", "the rest of the inferrer's warm-up", ""))
    for key, what, target in rows:
        values = [run[key] * 1000 for run in loads]
        verdict = "" if not target else ("ok" if statistics.median(values) <= 100 else "over")
        print(f"| {what} | {statistics.median(values):.1f} ms | {min(values):.1f} ms | {max(values):.1f} ms | {target} {verdict} |")
    parsed = parsers()
    print(f"\nparsing every data file, best of 5: rtoml {parsed['rtoml'] * 1000:.1f} ms, tomllib {parsed['tomllib'] * 1000:.1f} ms ({parsed['tomllib'] / parsed['rtoml']:.1f}×)")
    wall, cpu = ([t * 1000 for t in times] for times in warm_inference(args.set))
    p95 = percentile(wall, 95)
    print(f"\n{len(wall)} descriptions of the {args.set} set, each once in a warm process: p50 {percentile(wall, 50):.1f} ms, "
          f"p95 {p95:.1f} ms, slowest {max(wall):.1f} ms (target p95 ≤ 50 ms: {'ok' if p95 <= 50 else 'over'}); "
          f"CPU time p50 {percentile(cpu, 50):.1f} ms, p95 {percentile(cpu, 95):.1f} ms")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
