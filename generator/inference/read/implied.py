"""Readings a series implies rather than names (data/series.toml [implied]): 'track how full 8
grain silos are each week', 'count the boats going through 4 locks each day', '30 calves weighed
every week', 'what onions fetch in rupees at 10 mandis every day', '°C every 5 minutes in 6 tanks'.
A sentence that opens so, in a description that says how often, is said again with its reading
named ('fill level (%) of 8 grain silos each week'), so the series readers find the reading and
the things it is read from as they would in 'daily water level of 6 reservoirs'."""

from __future__ import annotations

import re
from typing import Any

from generator.inference.knowledge.loader import data_file

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def implied_readings(text: str) -> str:
    """The description with each sentence's implied reading named (unchanged unless it says how often)."""
    spec = data_file("series")
    low = text.lower()
    if not any(re.search(rule["words"], low) for rule in spec["frequency"]):
        return text
    return " ".join(_sentence(part, spec["implied"]) for part in _SENTENCE.split(text))


def _sentence(text: str, spec: dict[str, Any]) -> str:
    lead = re.match(spec["lead"], text, re.I)
    said = text[lead.end():] if lead else text
    for rule in spec["instrument"]:
        often = rf"{spec['instrument_lead']}"
        named = re.match(rf"{often}(?:{rule['words']}){spec['instrument_tail']}", said, re.I)
        if named is not None:  # 'thermometers in 8 cold rooms' → 'temperature in 8 cold rooms'
            return f"{_often(named)}{rule['name']}{said[named.end():]}"
        found = re.match(rf"{often}{spec['instrument_readings']}(?=(?:[\w-]+\s+){{1,4}}?(?:{rule['words']})\b)", said, re.I)
        if found is not None:  # 'hourly readings from 12 beehive scales' → 'hourly weight in kg from 12 beehive scales'
            return f"{_often(found)}{rule['name']} {found.group('prep')} {said[found.end():]}"
    if (count := re.match(spec["count"], said, re.I)) is not None:
        return f"number of {said[count.end():]}"
    if (how := re.match(rf"how\s+(?:many|much)\s+(?P<what>[\w-]+(?:\s+[\w-]+){{0,3}}?)\s+(?={spec['things']})", said, re.I)) is not None:
        return f"{how.group('what')} of {_without_verb(said[how.end():], spec)}"
    for rule in spec["how"]:
        if (how := re.match(rf"how\s+(?:{rule['words']})\b\s*", said, re.I)) is not None:
            return f"{rule['name']} of {_without_verb(said[how.end():], spec)}"
    for rule in spec["what"]:
        if (what := re.match(rf"what\s+(?P<thing>[\w-]+(?:\s+[\w-]+){{0,5}}?)\s+(?:{rule['words']})\b", said, re.I)) is not None:
            return f"{rule['name']} of {what.group('thing')}{said[what.end():]}"
    for rule in spec["done"]:
        if (done := re.match(rf"(?P<things>{spec['things']}\s+(?:[\w-]+\s+){{0,3}}?[\w-]+)\s+(?:{rule['words']})\b", said, re.I)) is not None:
            return f"{rule['name']} of {done.group('things')}{said[done.end():]}"
    if (span := re.match(spec["span"], said, re.I)) is not None:
        rest = said[span.end():]
        end = re.search(r"[,;:.]|$", rest)
        cut = end.start() if end else len(rest)
        return f"{rest[:cut]} over {span.group('count')} {span.group('span')}{rest[cut:]}"
    after = r"(?=\s+(?:every|each|per|at|from|in|of|for|on|across|hourly|daily|weekly|monthly|recorded|logged|measured|read)\b)"
    for rule in spec["unit"]:
        if (unit := re.match(rf"(?P<unit>{rule['words']}){after}", said, re.I)) is not None:
            return f"{rule['name']} in {unit.group('unit')}{said[unit.end():]}"
    if (unit := re.match(rf"(?P<unit>{spec['unit_of']})\s+of\s+(?P<what>[a-z][\w-]*(?:\s+[a-z][\w-]*){{0,2}}?){after}", said, re.I)) is not None:
        return f"{unit.group('what')} in {unit.group('unit')}{said[unit.end():]}"
    return text


def _often(found: re.Match) -> str:
    return f"{found.group('often')} " if found.group("often") else ""


def _without_verb(clause: str, spec: dict[str, Any]) -> str:
    """The things measured without the question's verb ('8 grain silos are each week' → '8 grain
    silos each week'): its first verb before the clause ends."""
    end = re.search(r"[,;:.]|$", clause)
    cut = end.start() if end else len(clause)
    return re.sub(rf"\s+(?:{spec['verbs']})\b", "", clause[:cut], count=1, flags=re.I) + clause[cut:]
