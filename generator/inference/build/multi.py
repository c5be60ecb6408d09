"""The multi-table schema JSON from the tables the description asks for (build/structure.py
reads them): each table gets its own id first, a `reference` to each parent, the columns the
user named for it (or the data's defaults), and its rows against the request."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from generator.inference.build.columns import numbered
from generator.inference.build.structure import COLUMNS_SAID, Part
from generator.inference.text import title_case_first
from generator.schema import SchemaError
from generator.tables import MultiTableSchema


def build_tables(parts: list[Part], columns_for: Callable[[str], list[dict[str, Any]]], title: str) -> dict[str, Any] | None:
    """The multi-table schema JSON, or None when it does not validate (one table is used then)."""
    by_key = {part.key: part for part in parts}
    ordered = sorted(parts, key=lambda part: _depth(part, by_key, set()))
    ratios = _ratios(ordered, by_key)
    tables = [_table(part, by_key, columns_for, ratios[part.key]) for part in ordered]
    schema = {"version": 1, "title": title or title_case_first(" and ".join(t["name"].replace("_", " ") for t in tables)), "tables": tables}
    try:
        MultiTableSchema.from_dict(schema)
    except SchemaError:
        return None
    return schema


_RELATIONS = (("after", "min_days", "max_days"), ("at_least", "gap"), ("at_most", "gap"), ("differs_from",), ("depends_on", "cases"), ("present_when",), ("correlate_with", "correlation"))


def _without_dangling(columns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The columns without relations to columns the table no longer has (a parent's name became the key)."""
    names = {c["name"] for c in columns}
    for column in columns:
        for keys in _RELATIONS:
            named = column.get(keys[0])
            named = named.get("column") if isinstance(named, dict) else named
            if named is not None and not set([named] if isinstance(named, str) else named) <= names:
                for key in keys:
                    column.pop(key, None)
    return columns


def _depth(part: Part, by_key: Mapping[str, Part], seen: set[str]) -> int:
    parents = [by_key[p] for p in part.parents if p in by_key and p not in seen]
    return 1 + max((_depth(p, by_key, seen | {part.key}) for p in parents), default=0)


def _table(part: Part, by_key: Mapping[str, Part], columns_for: Callable[[str], list[dict[str, Any]]], ratio: float) -> dict[str, Any]:
    own = f"{part.key.replace(' ', '_')}_id"
    refs = [{"name": f"{p.replace(' ', '_')}_id", "type": "reference", "table": by_key[p].table} for p in part.parents]
    # A column named after a parent ('supplier' in products) is the reference to it, not a column of its own.
    taken = {own, "id", *(r["name"] for r in refs), *(p.replace(" ", "_") for p in part.parents)}
    columns = [_named_thing(c, part) for c in columns_for(_said(part)) if c["name"] not in taken and not _is_key(c)]
    table: dict[str, Any] = {"name": part.table, "columns": _without_dangling([{"name": own, "type": "id"}, *refs, *columns])}
    if ratio != 1.0:
        table["rows_ratio"] = ratio
    return table


def _named_thing(column: dict[str, Any], part: Part) -> dict[str, Any]:
    """A name nothing placed ('name' of a venue) names the table's thing: 'Venue 1', 'Venue 2', …"""
    if column["type"] != "catch_phrase":
        return column
    return {"name": column["name"], "type": "category", **numbered(part.key.split()[-1], 12), "description": f"Name of the {part.key}"}


def _said(part: Part) -> str:
    """The text the table's columns are read from: the user's own column list, else the defaults."""
    if COLUMNS_SAID.search(part.text):
        return part.text
    if part.known is not None:
        return f"{part.known.table.replace('_', ' ')} with {part.known.columns}"
    return f"{part.table.replace('_', ' ')} with {part.key} name"


_FAN_OUT = 5  # rows of a child table per row of its parent, when the data does not say


def _ratios(ordered: list[Part], by_key: Mapping[str, Part]) -> dict[str, float]:
    """Rows against the requested rows: the data's ratio for a thing it knows in its usual place,
    else five per parent row; scaled down so that no table is more than five times the request."""
    ratios: dict[str, float] = {}
    for part in ordered:  # parents first
        usual = part.known is not None and set(part.parents) <= set(part.known.parents)
        if usual and part.known is not None:  # usual implies known; said again for the type checker
            ratios[part.key] = part.known.ratio if part.parents or part.known.ratio < 1 else 1.0
        else:
            ratios[part.key] = max((ratios[p] for p in part.parents if p in ratios), default=1 / _FAN_OUT) * _FAN_OUT
    scale = min(1.0, _FAN_OUT / max(ratios.values()))
    return {key: round(max(0.001, value * scale), 4) for key, value in ratios.items()}


def _is_key(column: dict[str, Any]) -> bool:
    """An id the single-table reading made up for the row, or a stand-in for a parent's id."""
    return column["type"] in ("id", "uuid") or (column["name"].endswith("_id") and column["type"] in ("integer", "code"))
