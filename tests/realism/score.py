"""Score the offline inferrer and the generator on a realism description set.

    python -m tests.realism.score [frozen|tuning|tuning2|…] [--verbose] [--units]   (any description set tests/realism/<name>.toml)

Per description: the table kind, the named columns kept, and which rules hold; then the totals,
with the units the descriptions state and how many of them the generated columns honour
(units.py). `--units` lists every stated unit and its verdict (tunable sets only).
An error while inferring or generating a description fails all of its rules and units and is reported.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tomllib
import traceback
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
AUTO_RULES = ({"kind": "no_placeholder"},)  # applied to every description


@dataclass
class CaseResult:
    id: str
    kind_expected: str
    kind_got: str | None
    columns_kept: int
    columns_named: int
    rules: list[tuple[dict[str, Any], bool, str]] = field(default_factory=list)
    units: list[tuple[str, bool, str]] = field(default_factory=list)  # (unit as stated, honoured, why)
    error: str | None = None


@dataclass
class Totals:
    kind_accuracy: float
    columns_kept: float
    rules_holding: float
    by_kind: dict[str, tuple[int, int]]
    units_right: float | None = None  # None: the set states no unit
    units_counts: tuple[int, int] = (0, 0)


def load(name: str) -> list[dict[str, Any]]:
    return tomllib.loads((HERE / f"{name}.toml").read_text(encoding="utf-8"))["case"]


def run_case(case: dict[str, Any]) -> CaseResult:
    from generator.inference.sources.offline import infer_schema
    from tests.realism.dataset import TODAY, generate, schema_kind
    from tests.realism.rules import check
    from tests.realism.units import judge_all, stated_units

    rules = [*case["rules"], *AUTO_RULES]
    result = CaseResult(case["id"], case["kind"], None, 0, len(case["columns"]))
    try:
        schema = infer_schema(case["text"], today=TODAY)
        result.kind_got = schema_kind(schema)
        data = generate(schema)
    except Exception as error:  # noqa: BLE001 - one bad description must not stop the run
        result.error = "".join(traceback.format_exception_only(error)).strip()
        result.rules = [(rule, False, "not generated") for rule in rules]
        result.units = [(f"{s.phrase} in {s.label}", False, "not generated") for s in stated_units(case["text"])]
        return result
    result.columns_kept = sum(data.find(pattern) is not None for pattern in case["columns"])
    for rule in rules:
        outcome = check(rule, data)
        result.rules.append((rule, outcome.ok, outcome.detail))
    result.units = [(f"{v.stated.phrase} in {v.stated.label}", v.ok, v.detail) for v in judge_all(case["text"], data)]
    return result


def totals(results: list[CaseResult]) -> Totals:
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for result in results:
        for rule, ok, _ in result.rules:
            by_kind[rule["kind"]][0] += ok
            by_kind[rule["kind"]][1] += 1
    held = sum(h for h, _ in by_kind.values())
    count = sum(n for _, n in by_kind.values())
    units_held = sum(ok for r in results for _, ok, _ in r.units)
    units_count = sum(len(r.units) for r in results)
    return Totals(
        kind_accuracy=sum(r.kind_got == r.kind_expected for r in results) / len(results),
        columns_kept=sum(r.columns_kept for r in results) / max(1, sum(r.columns_named for r in results)),
        rules_holding=held / max(1, count),
        by_kind={kind: (h, n) for kind, (h, n) in sorted(by_kind.items())},
        units_right=units_held / units_count if units_count else None,
        units_counts=(units_held, units_count),
    )


def score(name: str) -> tuple[list[CaseResult], Totals]:
    results = [run_case(case) for case in load(name)]
    return results, totals(results)


def report(results: list[CaseResult], summary: Totals, verbose: bool, units: bool = False) -> str:
    lines = []
    for r in results:
        held = sum(ok for _, ok, _ in r.rules)
        units_held = sum(ok for _, ok, _ in r.units)
        lines.append(f"{r.id:32} kind {r.kind_got or '-':6} (want {r.kind_expected:6}) columns {r.columns_kept}/{r.columns_named}"
                     f"  rules {held}/{len(r.rules)}" + (f"  units {units_held}/{len(r.units)}" if r.units else "")
                     + (f"  ERROR {r.error}" if r.error else ""))
        for rule, ok, detail in r.rules if verbose else []:
            lines.append(f"    {'ok  ' if ok else 'FAIL'} {rule['kind']:14} {detail}")
        for _, ok, detail in r.units if units else []:
            lines.append(f"    {'ok  ' if ok else 'FAIL'} unit           {detail}")
    held, count = summary.units_counts
    units_line = f"{summary.units_right:.1%} ({held}/{count})" if summary.units_right is not None else "- (no unit stated)"
    lines += ["", f"kind accuracy        {summary.kind_accuracy:.1%}",
              f"named columns kept   {summary.columns_kept:.1%}",
              f"rules holding        {summary.rules_holding:.1%}",
              f"units right          {units_line}", "per rule kind:"]
    lines += [f"  {kind:14} {h:3}/{n:<3} {h / n:.0%}" for kind, (h, n) in summary.by_kind.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sets = sorted(path.stem for path in HERE.glob("*.toml") if path.stem not in ("floors", "lexicon"))
    parser.add_argument("set", nargs="?", default="frozen", choices=sets)
    parser.add_argument("--verbose", action="store_true", help="show every rule and why it holds or fails")
    parser.add_argument("--units", action="store_true", help="show every unit the descriptions state and its verdict (tunable sets only)")
    args = parser.parse_args(argv)
    if args.set == "frozen" and args.units:
        parser.error("the frozen set's units are scored in aggregate only: no --units on it")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synthsite.settings")
    os.environ.pop("OPENAI_API_KEY", None)  # the offline inferrer only
    import django

    django.setup()
    started = time.perf_counter()
    results, summary = score(args.set)
    print(report(results, summary, args.verbose, args.units))
    print(f"\n{len(results)} descriptions in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
