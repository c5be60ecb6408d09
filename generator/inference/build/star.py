"""A star schema said as a fact table and its dimensions: 'a fact table of ticket sales (sale date,
quantity, price) with dimension tables for concerts, venues and customers', 'star schema: a trips
fact table (distance, fare) with dimensions for cars, members and zones'. Rewritten as the
bracketed tables build/bracketed.py reads: each dimension a table, the fact table last with a
key to each (a date or time dimension is a column of the fact table)."""

from __future__ import annotations

import re
from functools import cache

from generator.inference.build.things import key_of, phrases, plural

_LIST = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+", re.I)


@cache
def _star() -> re.Pattern[str]:
    return re.compile(phrases()["star_schema"], re.I)


def star_said(text: str) -> str:
    """The text with a fact table and its dimensions said as bracketed tables, or as it was."""
    found = _star().search(text)
    if found is None:
        return text
    fact = (found.group("fact") or found.group("fact2")).strip()
    columns = [c.strip() for c in (found.group("columns") or "").split(",") if c.strip()]
    dimensions = [d.strip() for d in _LIST.split(found.group("dimensions")) if d.strip()]
    times = re.compile(phrases()["time_dimension"], re.I)
    tables = [d for d in dimensions if not times.fullmatch(d)]
    if not tables:
        return text
    keys = [key_of(d) for d in tables]
    columns = [*columns, *(d for d in dimensions if times.fullmatch(d)), *keys]
    said = ", ".join(f"{plural(key).replace('_', ' ')} ({key} name)" for key in keys)
    return f"{text[: found.start()]}{said} and {fact} ({', '.join(columns)}){text[found.end():]}"
