"""The model of the knowledge: concepts, domain tables, units, goals and entities, built from the
entries of the data files (see `loader`). Nothing here reads a file.

A concept's `words` is a regular expression over the singular, lowercase words of a column name
("monthly charge", "date of birth"); the longest match wins, so "email address" beats "address"
and "ip address" beats both. Most are plain words between '|': those are kept as phrases, looked
up by `phrases`, and only the others are compiled.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.inference.knowledge.phrases import literal_alternatives
from generator.inference.text import key_text


@dataclass(frozen=True)
class Concept:
    pattern: str
    type: str
    desc: str
    params: Mapping[str, Any] = field(default_factory=dict)
    unit: str = ""
    dim: str = ""
    name: str = ""
    count: bool = False  # a count, so "number of <this>" keeps this concept's range
    prio: int = 0
    null_rate: float = 0.0
    generic: bool = False  # a generic head ("... id", "... type"): its match counts for at most 6 letters
    context: str = ""  # regex: the sense holds only where the description names one of these words
    in_units: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # decimal params in a unit no factor reaches: cholesterol in mmol/L
    phrases: tuple[str, ...] = field(compare=False, repr=False, kw_only=True)  # plain words: each alternative and its singular
    regex: re.Pattern | None = field(compare=False, repr=False, kw_only=True)  # the others


@dataclass(frozen=True)
class T:
    """One template column: its names (the first is used, all are matched), and its meaning."""

    names: tuple[str, ...]
    type: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    desc: str = ""
    unit: str = ""
    null: float = 0.0


@dataclass(frozen=True)
class Domain:
    key: str
    title: str
    entity: str
    keywords: tuple[tuple[str, float], ...]
    columns: tuple[T, ...]
    famous: bool = False  # a well-known dataset: its columns are the real ones
    relations: tuple[Mapping[str, Any], ...] = ()  # what its real rows obey, on template columns (build/famous.py)


@dataclass(frozen=True)
class Unit:
    label: str  # the column's "unit" field
    suffix: str  # appended to the column name for "in <unit>"
    dim: str
    factor: float = 1.0
    default: tuple[float, float] | None = None  # a range for a column known only by its unit

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 alpha-2, as GeoNames spells it
    locale: str
    currency: str
    regex: re.Pattern  # over the lowercased description
    cased: re.Pattern | None = None  # words that count only with their capital ("Polish")


@dataclass(frozen=True)
class Currency:
    code: str  # ISO 4217: the money column's unit
    words: str  # regex: names the currency anywhere
    unit_words: str  # regex: names it only as a column's unit
    symbols: tuple[str, ...]
    per_usd: float  # rough magnitude of local prices against dollar prices
    decimals: int
    locale: str = ""  # the locale the currency implies when no country is named

    def unit(self) -> Unit:
        """The currency as a money unit: amounts convert by magnitude, named by the ISO code."""
        return Unit(self.code, self.code.lower(), "money", 1 / self.per_usd, (self.per_usd, 1000 * self.per_usd))


@dataclass(frozen=True)
class Goal:
    key: str
    column: str  # regex over the target column's words
    task: str
    rate: float  # binary: usual share of true; numeric: usual mean (0: from the column)
    drivers: tuple[tuple[str, float, str], ...]  # (column regex, effect, value regex or "")


@dataclass(frozen=True)
class Entity:
    table: str  # plural, the table's name
    columns: str  # a column list for a table the user names no columns for
    parents: tuple[str, ...] = ()  # entities whose rows this one's rows belong to
    ratio: float = 1.0  # rows against the requested rows


def concept(entry: Mapping[str, Any]) -> Concept:
    """A concept from its data entry: phrases or a regex over singular words, a registry type and its params."""
    words = entry["words"]
    plain = literal_alternatives(words)
    phrases = tuple(_with_singulars(plain)) if plain is not None else ()
    regex = None if plain is not None else concept_regex(words)
    return Concept(
        words, entry["type"], entry.get("desc", ""), dict(entry.get("params", {})), entry.get("unit", ""),
        entry.get("dim", ""), entry.get("name") or _default_name(words), entry.get("count", False),
        entry.get("prio", 0), entry.get("null", 0.0), entry.get("generic", False), entry.get("context", ""), dict(entry.get("in_units", {})), phrases=phrases, regex=regex,
    )  # fmt: skip


def template(entry: Mapping[str, Any]) -> T:
    """A template column; without a type, the concepts decide from the first name."""
    names = tuple(n.strip() for n in entry["names"].split("|"))
    return T(names, entry.get("type"), dict(entry.get("params", {})), entry.get("desc", ""), entry.get("unit", ""), entry.get("null", 0.0))


def domain(entry: Mapping[str, Any]) -> Domain:
    """keywords: {"titanic": 10, "passenger": 2, ...} (regexes over singular words)."""
    pairs = tuple((_singular_words(word), float(weight)) for word, weight in entry["keywords"].items())
    columns = tuple(template(column) for column in entry.get("columns", ()))
    return Domain(entry["key"], entry["title"], entry["entity"], pairs, columns, entry.get("famous", False), tuple(entry.get("relations", ())))


def unit(entry: Mapping[str, Any]) -> Unit:
    low, high = entry["range"]
    return Unit(entry["label"], entry["suffix"], entry["dim"], entry.get("factor", 1.0), (low, high))


def country(entry: Mapping[str, Any]) -> Country:
    cased = re.compile(rf"\b(?:{entry['cased']})\b") if entry.get("cased") else None
    return Country(entry["code"], entry["locale"], entry["currency"], _word_regex(entry["words"]), cased)


def currency(entry: Mapping[str, Any]) -> Currency:
    return Currency(entry["code"], entry["words"], entry.get("unit_words", ""), tuple(entry.get("symbols", ())),
                    float(entry["per_usd"]), int(entry["decimals"]), entry.get("locale", ""))


def _word_regex(pattern: str) -> re.Pattern:
    return re.compile(rf"(?<![\w])(?:{pattern})(?![\w])")


def goal(entry: Mapping[str, Any]) -> Goal:
    drivers = tuple((d["column"], d["effect"], d.get("value", "")) for d in entry["drivers"])
    return Goal(entry["key"], entry["column"], entry["task"], entry["rate"], drivers)


def entity(entry: Mapping[str, Any]) -> Entity:
    return Entity(entry["table"], entry["columns"], tuple(entry.get("parents", ())), entry.get("ratio", 1.0))


_PLAIN_WORDS = re.compile(r"[a-z0-9 '&/-]+")


def _singular_words(pattern: str) -> str:
    return pattern if re.search(r"[\\()\[\]?*+|]", pattern) else key_text(pattern) or pattern


def _default_name(pattern: str) -> str:
    first = pattern.split("|")[0]
    first = re.sub(r"\(\?:[^)]*\)\??|\\b|[?*+^$()\[\]\\]", "", first)
    return re.sub(r"[^a-z0-9]+", "_", first.strip().lower()).strip("_")


def _with_singulars(alternatives: list[str]) -> list[str]:
    """Each plain-word alternative also in the singular form names are matched in."""
    out = []
    for part in alternatives:
        out.append(part)
        if _PLAIN_WORDS.fullmatch(part):
            singular_form = key_text(part)
            if singular_form and singular_form != part:
                out.append(singular_form)
    return out


def concept_regex(pattern: str) -> re.Pattern:
    """The pattern's top-level alternatives (with singulars), longest first, so that the regex
    engine (which takes the first alternative that matches) prefers "ip address" to "ip"."""
    alternatives = sorted(_with_singulars(_alternatives(pattern)), key=len, reverse=True)
    return re.compile(rf"(?<![a-z0-9])(?:{'|'.join(alternatives)})(?![a-z0-9])")


def _alternatives(pattern: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for index, ch in enumerate(pattern):
        escaped = index > 0 and pattern[index - 1] == "\\"
        if ch in "([" and not escaped:
            depth += 1
        elif ch in ")]" and not escaped:
            depth -= 1
        if ch == "|" and depth == 0 and not escaped:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts
