"""CPU seconds the engine and writer spend on the bench's tables, on one thread, in this process.

Wall-clock figures need an idle machine; CPU seconds move much less when other work shares the
cores, so two checkouts can be compared side by side on a busy machine (run this from each, in
turn, more than once):

    .venv/bin/python bench/cpu.py [--rows 500000] [--rounds 3]

Prints, for the plain customer table as CSV and JSON, the structured table as CSV and the plain
table as messy CSV (every defect), the least CPU seconds of `--rounds` rounds (SYNTH_PIPELINE off,
so all the work is on this thread and counted once).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synthsite.settings")
    import django

    django.setup()
    from django.conf import settings

    from bench import CUSTOMERS, STRUCTURED
    from generator.schema import DatasetSchema
    from generator.services import dataset_build
    from generator.writers.messy import KNOBS

    settings.SYNTH_PIPELINE = False
    plain, structured = DatasetSchema.from_dict(CUSTOMERS), DatasetSchema.from_dict(STRUCTURED)
    cases = {
        "plain CSV": (plain, {"fmt": "csv"}),
        "plain JSON": (plain, {"fmt": "json"}),
        "structured CSV": (structured, {"fmt": "csv"}),
        "messy CSV": (plain, {"fmt": "csv", "messy": dict(KNOBS)}),
    }
    for schema, options in cases.values():  # warm: pools and vocabularies built once
        for _ in dataset_build(schema=schema, rows=20_000, seed=1, **options).chunks:
            pass
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        for name, (schema, options) in cases.items():
            start = time.process_time()
            for _ in dataset_build(schema=schema, rows=args.rows, seed=1, **options).chunks:
                pass
            best[name] = min(best.get(name, float("inf")), time.process_time() - start)
    print(f"CPU seconds for {args.rows:,} rows, least of {args.rounds} rounds, one thread:")
    for name, seconds in best.items():
        print(f"  {name:15} {seconds:.2f}")


if __name__ == "__main__":
    main()
