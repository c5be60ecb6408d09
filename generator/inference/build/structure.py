"""Several related tables from one description: "customers and their orders", "students,
courses and enrolments", "users, posts and comments tables".

Only clear multi-entity phrasing splits a description; "customers with name, email and number
of orders" stays one table. Each table gets its own id first and a `reference` to each parent
named alongside it; the columns the user names for a thing go into that thing's table."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from generator.tables import MultiTableSchema
from generator.schema import SchemaError
from generator.inference.knowledge.loader import knowledge
from generator.inference.knowledge.model import Entity
from generator.inference.text import title_case_first

_JOINER = re.compile(r",?\s+(?:and|with)\s+(?:their|its|his|her|the)\s+|,?\s+with an? separate table (?:of|for)\s+", re.I)
_LEAD = re.compile(r"^(?:(?:a|an|the|some|data(?:base)?|dataset|tables?|set|of|about|on|for|with|shop|store|school|university|hospital|clinic|library|blog|forum|bank|company|online|small|simple|related)\s+)+", re.I)
_TRAIL = re.compile(r"\s+(?:(?:related|linked|separate|joined)\s+)?(?:tables?|data|datasets?|one[- ]to[- ]many)\s*$", re.I)


def _entities() -> Mapping[str, Entity]:
    """The entities a description may name (data/tables.toml), by key."""
    return knowledge().entities


def split_tables(text: str) -> list[tuple[str, str]] | None:
    """(entity, the part of the text about it) for each table, or None for a single table."""
    text = text.strip().rstrip(".")
    if _JOINER.search(text):
        parts = [(_entity(part), part) for part in _JOINER.split(text)]
    else:
        items = [item for item in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", _TRAIL.sub("", _LEAD.sub("", text))) if item]
        parts = [(_entity(item, bare=True), "") for item in items]
    if len(parts) < 2 or any(not key for key, _ in parts) or len({key for key, _ in parts}) < len(parts):
        return None
    keys = {key for key, _ in parts}
    return parts if any(set(_entities()[key].parents) & keys for key in keys) else None


def _entity(part: str, bare: bool = False) -> str:
    """The entity a part is about: its head words, plural ('orders with date and total')."""
    head = re.split(r"\s+(?:with|having|that|who|which|including|\()|:", _LEAD.sub("", part.strip()), maxsplit=1)[0].strip().lower()
    if bare and len(head.split()) > 2:
        return ""
    for key, entity in _entities().items():
        if re.fullmatch(rf"(?:{key}|{entity.table.replace('_', ' ')}|{key}s)", head):
            return key
    return ""


def build_tables(parts: list[tuple[str, str]], columns_for: Callable[[str], list[dict[str, Any]]], title: str) -> dict[str, Any] | None:
    """The multi-table schema JSON, or None when it does not validate (one table is used then)."""
    keys = [key for key, _ in parts]
    ordered = sorted(parts, key=lambda item: _depth(item[0], keys))
    tables = [_table(key, part, keys, columns_for) for key, part in ordered]
    schema = {"version": 1, "title": title or title_case_first(" and ".join(t["name"].replace("_", " ") for t in tables)), "tables": tables}
    try:
        MultiTableSchema.from_dict(schema)
    except SchemaError:
        return None
    return schema


def _depth(key: str, keys: list[str]) -> int:
    parents = [p for p in _entities()[key].parents if p in keys]
    return 1 + max((_depth(p, keys) for p in parents), default=0)


def _table(key: str, part: str, keys: list[str], columns_for: Callable[[str], list[dict[str, Any]]]) -> dict[str, Any]:
    entity = _entities()[key]
    own = f"{key.replace(' ', '_')}_id"
    parents = [p for p in entity.parents if p in keys]
    refs = [{"name": f"{p.replace(' ', '_')}_id", "type": "reference", "table": _entities()[p].table} for p in parents]
    said = part if re.search(r"\s(?:with|having|including)\s|\(|:", part) else f"{entity.table.replace('_', ' ')} with {entity.columns}"
    taken = {own, "id", *(r["name"] for r in refs)}
    columns = [c for c in columns_for(said) if c["name"] not in taken and not _is_key(c)]
    table: dict[str, Any] = {"name": entity.table, "columns": [{"name": own, "type": "id"}, *refs, *columns]}
    ratio = entity.ratio if parents or entity.ratio < 1 else 1.0
    if ratio != 1.0:
        table["rows_ratio"] = ratio
    return table


def _is_key(column: dict[str, Any]) -> bool:
    """An id the single-table reading made up for the row, or a stand-in for a parent's id."""
    return column["type"] in ("id", "uuid") or (column["name"].endswith("_id") and column["type"] in ("integer", "code"))
