"""Counts of things named by a plural and what was done to them: 'sheep shorn', 'singers present',
'lambs born alive', 'skeins used' (data/shapes.toml `participles`, `counted_states`, `made_counts`)."""

from __future__ import annotations

import re
from dataclasses import replace

from generator.inference.knowledge.concepts import count_concept, lookup
from generator.inference.knowledge.loader import data_file
from generator.inference.knowledge.model import Concept


def things_done(text: str) -> Concept | None:
    """'sheep shorn', 'singers present', 'mourners attending': a plural noun and a participle or a
    state counts them ('piglets born alive': a participle before the state); 'hours worked',
    'litres used' keep their unit, 'rock broken' is not counted. What the row's own work makes,
    uses or has at hand ('bars cut', 'skeins used', 'players present') is at least one."""
    shapes = data_file("shapes")
    text = re.sub(rf"(\s(?:{shapes['participles']}|[a-z]{{3,}}(?:ed|en)))\s+(?:in\s+)?total$", r"\1", text, flags=re.I)  # 'piglets born total'
    done = re.match(rf"^(.+?)\s+((?:[a-z]{{3,}}(?:ed|en|ing)|{shapes['participles']}|{shapes['counted_states']}))$", text, re.I)
    if done is None:
        return None
    noun = re.sub(rf"\s+(?:{shapes['participles']})$", "", done.group(1), flags=re.I)
    last = noun.split()[-1].lower()
    if not (re.fullmatch(r"[a-z]{2,}[^su's]s", last) or last in shapes["invariant_plurals"]) or last in shapes["units_counted"]:
        return None
    head = lookup(noun)
    if head is not None and (head.dim or head.type in ("date", "datetime", "time", "price")):
        return head
    return made_count(count_concept(noun), text)


def made_count(counted: Concept, text: str) -> Concept:
    """A count of what the row's own work makes, uses or has at hand ('bars cut', 'skeins used',
    'players present', 'pups born') starts at one: a row without any would not be recorded."""
    made = data_file("shapes")["made_counts"]
    if counted.count and counted.params.get("min") == 0 and re.search(rf"\s(?:{made})$", text, re.I):
        return replace(counted, params={**counted.params, "min": 1})
    return counted
