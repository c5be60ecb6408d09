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
    dimensions = [d.strip() for d in _LIST.split(_masked(found.group("dimensions"))) if d.strip()]
    dimensions = [_unmasked(d, found.group("dimensions")) for d in dimensions]
    times = re.compile(phrases()["time_dimension"], re.I)
    tables = [d for d in dimensions if not times.fullmatch(d)]
    if not tables:
        return text
    keys = [key_of(d.split("(")[0]) for d in tables]
    columns = [*columns, *(d for d in dimensions if times.fullmatch(d)), *keys]
    said = ", ".join(f"{plural(key).replace('_', ' ')} ({_own_columns(table) or f'{key} name'})" for key, table in zip(keys, tables))
    before = re.sub(phrases()["star_lead"], "", text[: found.start()], flags=re.I)
    return f"{before}{said} and {fact} ({', '.join(columns)}){text[found.end():]}"


def _masked(text: str) -> str:
    """The text with what is inside brackets blanked out (same length), so a list splits outside them."""
    return re.sub(r"\([^()]*\)", lambda m: "(" + "\x00" * (len(m.group()) - 2) + ")", text)


def _unmasked(piece: str, text: str) -> str:
    """A piece of the masked text, with its brackets' words back."""
    start = _masked(text).find(piece)
    return text[start : start + len(piece)] if start >= 0 else piece


def _own_columns(dimension: str) -> str:
    """'petrol stations (name, brand)': the dimension's own columns."""
    found = re.search(r"\(([^()]*)\)", dimension)
    return found.group(1).strip() if found else ""
