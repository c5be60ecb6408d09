"""Two columns a pair of qualifiers names on one noun ('first and last visit', 'arrival &
departure') are one kind of thing: when one is a moment (a date, a datetime, a time of day) and
the other was typed as a yes/no, a text or a placeholder, the other becomes that moment too
('first visit' had been a yes/no beside the date 'last visit')."""

from __future__ import annotations

import re
from functools import lru_cache

from generator.inference.build.kinds import kinds
from generator.inference.build.links import Column, can_depend, retype, words
from generator.inference.knowledge.loader import data_file, knowledge

_LOOSE = ("boolean", "text", "category", "code")  # a type a moment's twin may have been given by its qualifier alone


@lru_cache(maxsize=1)
def _qualifier() -> tuple[re.Pattern, re.Pattern]:
    trailing = "|".join(data_file("vocabulary")["pairs"]["trailing"])
    return re.compile(rf"^({knowledge().vocabulary.pair_words})(?:\s|$)", re.I), re.compile(rf"^(.+?)\s+({trailing})$", re.I)


def _split(column: Column) -> tuple[str, str] | None:
    """(qualifier, noun): 'first visit' → ('first', 'visit'), 'valid until' → ('until', 'valid')."""
    said = words(column)
    leading, trailing = _qualifier()
    if match := trailing.match(said):
        return match.group(2).lower(), match.group(1)
    match = leading.match(said)
    return (match.group(1).lower(), said[match.end():].strip()) if match else None


def twins(columns: list[Column]) -> None:
    moments = kinds().moments | {"time"}
    split = {id(c): _split(c) for c in columns}
    for column in columns:
        own = split[id(column)]
        if own is None or column["type"] not in _LOOSE or column["type"] == "category" and not column.get("values"):
            continue
        twin = next((c for c in columns if c is not column and c["type"] in moments and (other := split[id(c)]) and other[1] == own[1] and other[0] != own[0]), None)
        if twin is not None:
            retype(column, {"type": twin["type"]})
    _in_order(columns, split)
    _counted_whole(columns)


def _counted_whole(columns: list[Column]) -> None:
    """'places' beside 'places booked', 'seats' beside 'seats sold': the bare plural counts the
    same things as its counted twin (it had been a city), so it is a count too."""
    counts = [c for c in columns if c["type"] == "integer"]
    for column in columns:
        plural = words(column)
        if column["type"] in kinds().numeric or " " in plural or not plural.endswith("s"):
            continue
        twin = next((c for c in counts if words(c).startswith(f"{plural} ") and len(words(c).split()) == 2), None)
        if twin is not None:
            retype(column, {k: twin[k] for k in ("type", "min", "max", "distribution", "mean") if k in twin})


def _in_order(columns: list[Column], split: dict[int, tuple[str, str] | None]) -> None:
    """The later twin of an ordered pair of dates follows the earlier ('last visit' after 'first
    visit', 'return flight date' after 'outbound flight date'); times and datetimes are
    build/events.py's, with their gaps in minutes."""
    dated = {id(c): (c, said) for c in columns if c["type"] == "date" and (said := split[id(c)]) and "at_least" not in c}
    for pair in data_file("vocabulary")["pairs"]["ordered"]:
        first, last = pair.split("|")
        for later, (word, noun) in dated.values():
            if word != last:
                continue
            earlier = next((c for c, said in dated.values() if said == (first, noun)), None)
            if earlier is not None and later.get("after") != earlier["name"] and can_depend(columns, later, earlier["name"]):
                later["after"] = earlier["name"]
