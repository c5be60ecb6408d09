"""The things a description's tables hold: which table a piece of text is about ('monthly usage
records' → the usage_records table of usage records), and the phrasing patterns of
data/structure.toml, compiled once per process."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from generator.inference.knowledge.loader import data_file, knowledge
from generator.inference.knowledge.model import Entity
from generator.inference.text import VES_PLURALS, singular, words

COLUMNS_SAID = re.compile(r"\s(?:with|having|including)\s|\(|:")


@dataclass
class Part:
    """One table: its entity key (singular), table name, what the text says about it, its
    parents, the parents it refers to twice ('matches between two teams') and its head words."""

    key: str
    table: str
    text: str = ""
    parents: list[str] = field(default_factory=list)
    known: Entity | None = None
    pairs: list[str] = field(default_factory=list)
    nouns: tuple[str, ...] = ()


def entities() -> Mapping[str, Entity]:
    """The entities a description may name (data/tables.toml), by key."""
    return knowledge().entities


def phrase(name: str) -> str:
    """A data/structure.toml word list as regex alternatives."""
    return "|".join(_data()[name])


def phrases() -> dict[str, Any]:
    """data/structure.toml, read once."""
    return _data()


@cache
def _data() -> dict[str, Any]:
    return data_file("structure")


@cache
def head_end() -> re.Pattern[str]:
    """Where a thing's name ends: its columns, a clause, or words saying what it belongs to."""
    linking = "|".join(verb for verb in _data()["link_verbs"] if verb.endswith("ing"))  # 'football matches' is a thing
    participle = _data()["participle"]  # 'drivers based at a depot': the drivers
    return re.compile(rf"\s+(?:with|having|that|who|which|including|in|from|at|across|near|for|where|whose|on|to|per|between|belonging|over|during|since|until|throughout|{linking}|{participle})\b|\s*[(:]", re.I)


@cache
def lead() -> re.Pattern[str]:
    """Words before the things a description lists ('a shop database with …')."""
    return re.compile(rf"^(?:(?:{phrase('lead_words')})\s+)+", re.I)


def part_of(chunk: str, strong: bool) -> Part | None:
    """The table a piece of text is about: a known entity, or (when `strong`) any plural noun."""
    head = head_end().split(lead().sub("", chunk.strip()), maxsplit=1)[0].strip().lower()
    head = re.sub(rf"^(?:(?:{phrase('collective_of')})\s+of\s+)+", "", head)  # 'fleets of vans' are vans
    tokens = words(head)
    if len(tokens) > 1 and re.fullmatch(phrase("particle_plurals"), tokens[-1]) and re.search(r"\w-\w+$", head):
        tokens = [*tokens[:-2], f"{tokens[-2]}{tokens[-1]}"]  # 'check-ins' are checkins, not 'ins'

    if len(tokens) > 1 and re.fullmatch(phrases()["trailing_participle"], tokens[-1]) and singular(tokens[-2]) != tokens[-2]:
        tokens = tokens[:-1]  # 'nights logged (…)': the nights
    tokens = _of_stuff(tokens)
    if not tokens or len(tokens) > 4 or re.match(rf"(?:{phrase('measure_of')})\s+of\b", head):  # 'their number of orders' is a column
        return None
    if len(tokens) > 1 and re.fullmatch(phrase("collective"), tokens[-1]) and singular(tokens[-2]) == tokens[-2]:
        tokens = [*tokens[:-2], plural(tokens[-2])]  # 'a sensor registry' is a table of sensors
    nouns = tuple(singular(t) for t in tokens)
    for size in (2, 1):
        key = " ".join(nouns[-size:])
        entity = entities().get(key) or next((e for k, e in entities().items() if e.table == "_".join(tokens[-size:])), None)
        if entity is not None:
            key = next(k for k, e in entities().items() if e is entity)
            return Part(key, entity.table, chunk.strip(), known=entity, nouns=nouns)
    last = tokens[-1]
    if not strong or singular(last) == last or len(last) < 3:
        return None
    return Part(singular(last), _table_name(tokens), chunk.strip(), nouns=nouns)


_ARTICLES = {"a", "an", "the", "each", "every", "its", "their", "his", "her", "one", "our", "my", "this", "that"}


def _of_stuff(tokens: list[str]) -> list[str]:
    """'deliveries of heating oil', 'loads of gravel': a plural before 'of' and a singular after it
    with no article (what they are of, not whose) names the plural's table."""
    at = tokens.index("of") if "of" in tokens else 0
    after = tokens[at + 1 :]
    if at == 0 or not after or after[0] in _ARTICLES or singular(tokens[at - 1]) == tokens[at - 1] or singular(after[-1]) != after[-1]:
        return tokens
    if re.fullmatch(phrase("collective_of"), tokens[at - 1]) or any(re.fullmatch(phrase("describing"), t) for t in after):
        return tokens
    return tokens[:at]


def thing_part(noun: str, text: str) -> Part | None:
    """A table for a noun the phrasing says is a thing of its own even when it is not a plural
    ('the daily sales of each store': sales), read with `text`."""
    tokens = words(lead().sub("", noun.strip()).lower())
    if not tokens or len(tokens) > 3 or len(tokens[-1]) < 3:
        return None
    named = tokens if tokens[-1].endswith("s") else [*tokens[:-1], plural(tokens[-1])]  # a table is named in the plural: 'race' → races
    return part_of(noun, strong=True) or Part(singular(tokens[-1]), _table_name(named), text, nouns=tuple(singular(t) for t in tokens))


def _table_name(tokens: list[str]) -> str:
    """'usage records' → usage_records; 'monthly records' → records (a word that describes the
    rows does not name them)."""
    before = tokens[-2] if len(tokens) > 1 else ""
    describing = re.compile(rf"(?:{phrase('describing')})", re.I)
    if not before or describing.fullmatch(before) or not re.fullmatch(r"[a-z]{3,}", before) or singular(before) != before:
        return tokens[-1]
    return f"{before}_{tokens[-1]}"


def plural(key: str) -> str:
    name = key.replace(" ", "_")
    last = name.rsplit("_", 1)[-1]
    if last in VES_PLURALS:  # 'loaf' → 'loaves'
        return name[: -len(last)] + VES_PLURALS[last]
    if re.search(r"[^aeiou]y$", name):
        return name[:-1] + "ies"
    return name + ("es" if re.search(r"(?:s|x|z|ch|sh)$", name) else "s")


def key_of(noun: str) -> str:
    return " ".join(singular(w) for w in words(noun))
