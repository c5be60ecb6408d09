"""Parts kept within the wholes they belong to, for nouns no pattern names (data/wholes.toml): counts
of one plural noun typed alike ('children enrolled' beside 'children attending'), a part within the
nearest whole of its kind ('amount redeemed' within 'initial value', 'fuel in tank' within 'tank
capacity', 'spent' within 'budget approved') and caps the description states as numbers ('max 12
paddlers per group', '24-seat classrooms'). Applied to finished column dicts, in place."""

from __future__ import annotations

import re
from typing import Any

from generator.inference.build.bounds import bound, orderable
from generator.inference.build.kinds import kinds
from generator.inference.build.links import Column, identifier, retype, said, words
from generator.inference.knowledge.loader import data_file

_GENERIC_COUNT = {"type": "integer", "min": 0, "max": 20, "distribution": "poisson", "mean": 3.0}
_RELATIONS = ("name", "description", "null_rate", "at_most", "at_least", "gap", "correlate_with", "correlation", "depends_on", "cases",
              "present_when", "distinct", "moves_with", "coupling", "part", "differs_from", "role", "after", "min_days", "max_days")


def families(columns: list[Column], patterns: dict[str, Any]) -> None:
    """Counts of one plural noun are counts alike: a member typed as text, a code, a yes/no or a
    moment ('children enrolled' a yes/no beside 'children attending', 'days remaining' a date beside
    'days taken') becomes a count like its counted sibling; a yes/no naming a plural and what
    happened to it in a table of counts ('users active', 'copies returned unsold') is counted too."""
    spec, roles = data_file("wholes")["family"], data_file("wholes")["roles"]
    counts = [c for c in columns if c["type"] in kinds().numeric - {"percentage", "year", "age"} | {"series_value"} and not identifier(c) and c.get("unit") != "%"]
    members = [c for c in columns if re.fullmatch(spec["from_types"], c["type"]) and not identifier(c) and "present_when" not in c
               and not (c["type"] in kinds().moments and re.search(rf"\b(?:{spec['moment_words']})$", words(c)))]  # 'cocoons spun on' is a date
    nouns = {id(c): family_noun(c, spec) or "" for c in [*members, *counts]}
    for column in [c for c in members if nouns[id(c)]]:
        noun = nouns[id(column)]
        told = said(f"{roles['part']}|{roles['whole']}", _rest(column, noun))
        sibling = next((c for c in counts if nouns.get(id(c)) == noun), None)
        kin = [c for c in members if c is not column and nouns[id(c)] == noun and said(f"{roles['part']}|{roles['whole']}", _rest(c, noun))]
        if sibling is None and not (told and (kin or column["type"] == "boolean" and len(counts) >= 2)):
            continue
        template = sibling or _nearest_count(columns, column, counts)
        drawn = {k: v for k, v in template.items() if k not in _RELATIONS}
        if sibling is None and isinstance(drawn.get("mean"), int | float):
            drawn["mean"] = max(1.0, round(0.5 * float(drawn["mean"]), 1))
        retype(column, {**drawn, "description": words(column).capitalize()}, ("name", "null_rate"))
        counts.append(column)
        nouns[id(column)] = noun


def family_noun(column: Column, spec: dict[str, Any]) -> str | None:
    """The plural noun a column counts, said first ('children enrolled') or last ('parking bays'),
    with words of its own beside it."""
    said_words = words(column).split()
    if len(said_words) < 2:
        return None
    for noun in (said_words[0], said_words[-1]):
        if re.fullmatch(spec["plural"], noun) and not re.fullmatch(spec["not_nouns"], noun):
            return noun
    return None


def _rest(column: Column, noun: str) -> str:
    return " ".join(w for w in words(column).split() if w != noun)


def _nearest_count(columns: list[Column], column: Column, counts: list[Column]) -> Column:
    """The count (a series' reading in a series) named nearest before the column (else after it),
    or a small count."""
    integers = [c for c in counts if c["type"] == "integer"] or [c for c in counts if c["type"] == "series_value"]
    before = [c for c in integers if columns.index(c) < columns.index(column)]
    return before[-1] if before else integers[0] if integers else _GENERIC_COUNT


def wholes(columns: list[Column], patterns: dict[str, Any]) -> None:
    """A part not kept within anything yet is kept within the nearest whole of its kind: one named
    only as a whole before it, else any whole before it, else a whole named after it."""
    roles = data_file("wholes")["roles"]
    numbers = [c for c in columns if c["type"] in kinds().numeric - {"percentage", "year", "age"} | {"series_value"} and not identifier(c) and c.get("unit") != "%"]
    is_whole = {id(c): said(roles["whole"], words(c)) for c in numbers}
    is_part = {id(c): said(roles["part"], words(c)) for c in numbers}
    for part in [c for c in numbers if is_part[id(c)] and _open(c)]:
        alike = [c for c in numbers if c is not part and is_whole[id(c)] and _alike(c, part)]
        before = [c for c in alike if columns.index(c) < columns.index(part)]
        whole = next((c for c in reversed(before) if not is_part[id(c)]), None) or (before[-1] if before else None)
        whole = whole or next((c for c in alike if not is_part[id(c)]), None)
        if whole is not None and not (whole.get("at_most") == part["name"] or part["name"] in (whole.get("at_most") or ())):
            bound(columns, part, "at_most", [whole["name"]])


def _open(column: Column) -> bool:
    """A number not kept within anything yet (a series' reading too, kept within another reading)."""
    return orderable(column) or column["type"] == "series_value" and not {"at_least", "at_most"} & set(column)


def _money(column: Column) -> bool:
    return column["type"] == "price" or bool(re.fullmatch(r"[A-Z]{3}", str(column.get("unit", ""))))


def _alike(one: Column, other: Column) -> bool:
    """Two numbers one may bound: money with money (any currency: the table gets one), counts with
    counts (in one unit when both say one), other numbers in one unit (or both in none); money and a number that is neither a count
    nor in a unit of its own ('initial value') may go together."""
    if _money(one) and _money(other):
        return True
    if _money(one) != _money(other):
        plain = other if _money(one) else one
        return plain["type"] != "integer" and not plain.get("unit")
    units = (one.get("unit", ""), other.get("unit", ""))
    if one["type"] == other["type"] == "integer":  # counts: 'lorries parked' within 'parking bays' (in cars)
        return not all(units) or units[0] == units[1]
    return units[0] == units[1]


def cap_spans(text: str) -> list[tuple[int, int, int, str]]:
    """Caps the text states as numbers: (start, end, number, noun) for 'max 12 paddlers per group',
    'a capacity of 60 jumpers', 'up to 6 players', '24-seat classrooms', 'a hall that seats 300'."""
    spec = data_file("wholes")["caps"]
    found = []
    for match in re.finditer(rf"\b(?:{spec['before']})\s+(\d[\d,]*)\s+([a-z-]+)", text, re.I):
        found.append((match.start(), match.end(), int(match.group(1).replace(",", "")), match.group(2).lower()))
    for match in re.finditer(rf"\b(\d[\d,]*)-(?:{spec['room']})\b", text, re.I):
        found.append((match.start(), match.end(), int(match.group(1).replace(",", "")), "seat"))
    for match in re.finditer(r"\b(?:seats|sleeps|holds|fits)\s+(\d[\d,]*)\b(?!\s*[a-z%])", text, re.I):
        found.append((match.start(), match.end(), int(match.group(1).replace(",", "")), "seat"))
    return found


def is_cap(text: str, start: int) -> bool:
    """Whether a number said at `start` of the text is a cap, not how many things there are."""
    return any(begin <= start < end for begin, end, _, _ in cap_spans(text))


def caps(columns: list[Column], patterns: dict[str, Any], text: str) -> None:
    """The counts of a capped noun (for seats, beds and places: the counts of what fills them) never
    exceed the stated number."""
    spec = data_file("wholes")["caps"]
    counts = [c for c in columns if c["type"] == "integer" and not identifier(c) and not c.get("unit")]
    for _, _, number, noun in cap_spans(text):
        stem = re.sub(r"(?:es|s)$", "", noun)
        room = noun == "seat" or re.fullmatch(spec["room"], noun)
        for column in counts:
            if not (said(spec["occupants"], words(column)) if room else re.search(rf"\b{re.escape(stem)}", words(column))):
                continue
            if column.get("distinct") == number:
                del column["distinct"]
            if column.get("max", number + 1) > number and number >= 1:
                column.update({"max": number, "min": min(column.get("min", 0), number)})
                if column.get("mean", 0) > 0.8 * number or column.get("distribution") == "poisson" and column.get("mean", 0) < 0.3 * number:
                    column["mean"] = round(0.7 * number, 1)
