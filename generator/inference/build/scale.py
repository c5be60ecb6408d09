"""A row's sizes go together: the amounts a row measures of one thing (how many, how heavy, how
long, how much it cost) grow with each other, whatever the nouns (data/relate.toml `[scale]`).
A bigger delivery of olives gives more oil, more flowers picked give more dried saffron, more
interpreters a bigger invoice. Each such amount no other rule moved follows the one named before
it; rates, shares, scores, temperatures, ranks and unit prices are no size and are left alone."""

from __future__ import annotations

import re
from typing import Any

from generator.inference.build.kinds import kinds
from generator.inference.build.links import Column, can_depend, identifier, said, words
from generator.inference.read.units import unit_by_label


def scaled(columns: list[Column], patterns: dict[str, Any]) -> None:
    """Each size of the row that follows nothing follows the size named before it."""
    spec = patterns["scale"]
    chain = [c for c in columns if _size(c, spec)]
    named = {c["name"]: c for c in chain}
    for before, column in zip(chain, chain[1:]):
        whole = before.get("at_most")
        before = named.get(whole, before) if isinstance(whole, str) else before  # a part kept within its whole is sized by it: follow the whole
        if _loose(column) and can_depend(columns, column, before["name"]):
            column.update({"correlate_with": before["name"], "correlation": spec["r"]})


def _size(column: Column, spec: dict[str, Any]) -> bool:
    """How much or how many of something: a count, a mass, a volume, a length, an area, a
    duration or an amount of money (not per unit)."""
    if column["type"] not in kinds().numeric or column["type"] in spec["not_types"] or identifier(column):
        return False
    if said(spec["not_words"], words(column)) or re.search(r"\bper\b", words(column)):
        return False
    if re.search(r"\b(?:number|code|id)$", str(column.get("description", "")).lower()):  # 'room theme' read as a room number
        return False
    unit = str(column.get("unit") or "")
    if re.fullmatch(r"[A-Z]{3}", unit):
        return True  # money
    found = unit_by_label(unit) if unit else None
    if unit and found is None:
        return False
    return found is None or found.dim in spec["dims"]


def _loose(column: Column) -> bool:
    """Still drawn on its own: nothing orders, sets, derives or already moves it."""
    return column["type"] not in kinds().made and not {"after", "correlate_with", "depends_on", "expression", "drivers", "series"} & set(column)


def numbered_totals(columns: list[Column], patterns: dict[str, Any]) -> None:
    """'game 1 score', 'game 2 score', 'game 3 score' and a 'series total': the total of the
    row's numbered takings of one measure is their sum."""
    numbered: dict[str, list[Column]] = {}
    for column in columns:
        found = re.fullmatch(r"([a-z]+) \d{1,2}(?: ([a-z ]+))?", words(column))
        if found and column["type"] in kinds().numeric - {"year", "age"}:
            numbered.setdefault(f"{found.group(1)} {found.group(2) or ''}".strip(), []).append(column)
    runs = [run for run in numbered.values() if len(run) >= 2]
    for total in [c for c in columns if c["type"] in kinds().numeric and said(patterns["scale"]["totals"], words(c))]:
        run = next((r for r in runs if total not in r and all(can_depend(columns, total, c["name"]) for c in r)), None)
        if run is not None and _loose(total) and "at_least" not in total and "at_most" not in total:
            kept = {key: total[key] for key in ("name", "null_rate") if key in total} | ({"unit": run[0]["unit"]} if run[0].get("unit") else {})
            total.clear()
            total.update({**kept, "type": "derived", "expression": " + ".join(c["name"] for c in run),
                          "description": "Sum of " + ", ".join(words(c) for c in run)})
            return
