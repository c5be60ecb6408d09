"""The one reader of the data files under generator/inference/data/.

`knowledge()` reads every file once per process, on first use (gunicorn workers call it at start,
see gunicorn.conf.py), and returns the built model. Nothing is read at import time.

Concept and domain files load in name order: among equal matches the earlier entry wins.

The files are parsed with rtoml (TOML in Rust, about 7× faster here than the standard library's
tomllib); tests/test_inference_knowledge.py checks that tomllib reads every file to the same data,
so the files stay plain TOML 1.0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import rtoml

from generator.inference.knowledge import model
from generator.inference.knowledge.model import Concept, Country, Currency, Domain, Entity, Goal, Unit

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Units:
    units: tuple[tuple[str, bool, Unit], ...]  # (words, strong, unit): weak words need a context
    scales: tuple[tuple[str, float, str], ...]  # (words, factor, word)
    measure_words: frozenset[str]
    symbols: Mapping[str, str]


@dataclass(frozen=True)
class Vocabulary:
    type_words: Mapping[str, str]
    distributions: tuple[tuple[str, str], ...]
    rate_words: tuple[tuple[str, float], ...]
    age_contexts: tuple[tuple[str, tuple[int, int, int]], ...]
    compounds: tuple[str, ...]
    pair_words: str  # regex alternatives
    large_count_words: frozenset[str]
    small_count: Concept
    large_count: Concept
    person_words: frozenset[str]
    template_filler: frozenset[str]
    template_generic: frozenset[str]
    cjk: Mapping[str, str]


@dataclass(frozen=True)
class Knowledge:
    concepts: tuple[Concept, ...]
    domains: tuple[Domain, ...]
    units: Units
    goals: tuple[Goal, ...]
    famous_goals: Mapping[str, str]  # domain key → goal key
    date_pairs: tuple[tuple[str, str, int, int, str], ...]  # (end words, start words, min days, max days, context words or "")
    entities: Mapping[str, Entity]
    countries: tuple[Country, ...]
    currencies: Mapping[str, Currency]  # by ISO code
    foreign_sizes: Mapping[str, int]
    vocabulary: Vocabulary


def data_files() -> list[Path]:
    """Every data file, in load order."""
    return sorted(DATA.rglob("*.toml"))


def read(path: Path) -> dict[str, Any]:
    """One data file; a syntax error names the file."""
    try:
        return rtoml.loads(path.read_text(encoding="utf-8"))
    except rtoml.TomlParsingError as error:
        raise ValueError(f"{path.relative_to(DATA)}: {error}") from error


def _entries(folder: str, table: str) -> list[tuple[Path, dict[str, Any]]]:
    """(file, entry) for every `[[table]]` entry of the files in `folder`, in load order."""
    return [(path, entry) for path in sorted((DATA / folder).glob("*.toml")) for entry in read(path).get(table, [])]


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    """The knowledge, read and built once per process."""
    targets, tables, locales = read(DATA / "targets.toml"), read(DATA / "tables.toml"), read(DATA / "locales.toml")
    currencies = {entry["code"]: model.currency(entry) for entry in locales["currency"]}
    return Knowledge(
        concepts=tuple(model.concept(entry) for _, entry in _entries("concepts", "concept")),
        domains=tuple(model.domain(entry) for _, entry in _entries("domains", "domain")),
        units=_units(read(DATA / "units.toml"), tuple(currencies.values())),
        goals=tuple(model.goal(entry) for entry in targets["goal"]),
        famous_goals=dict(targets["famous"]),
        date_pairs=tuple((p["end"], p["start"], p["min_days"], p["max_days"], p.get("context", "")) for p in read(DATA / "relations.toml")["date_pair"]),
        entities={entry["key"]: model.entity(entry) for entry in tables["entity"]},
        countries=tuple(model.country(entry) for entry in locales["country"]),
        currencies=currencies,
        foreign_sizes=dict(tables["foreign_sizes"]),
        vocabulary=_vocabulary(read(DATA / "vocabulary.toml")),
    )


@cache
def data_file(name: str) -> dict[str, Any]:
    """A data file read whole, once per process (`name` without .toml, e.g. "relate")."""
    return read(DATA / f"{name}.toml")


def _units(data: dict[str, Any], currencies: tuple[Currency, ...]) -> Units:
    units = tuple((entry["words"], not entry.get("weak", False), model.unit(entry)) for entry in data["unit"])
    money = tuple((f"{c.words}|{c.code.lower()}", True, c.unit()) for c in currencies)
    weak = tuple((c.unit_words, False, c.unit()) for c in currencies if c.unit_words)
    symbols = {symbol: c.code.lower() for c in currencies for symbol in c.symbols}
    scales = tuple((entry["words"], entry["factor"], entry["word"]) for entry in data["scale"])
    return Units(units + money + weak, scales, frozenset(data["words"]["measures"]), symbols)


def _vocabulary(data: dict[str, Any]) -> Vocabulary:
    counts, names, lists = data["counts"], data["names"], data["lists"]
    return Vocabulary(
        type_words=dict(data["type_words"]),
        distributions=tuple((entry["words"], entry["name"]) for entry in data["distribution"]),
        rate_words=tuple((entry["words"], entry["rate"]) for entry in data["rate_word"]),
        age_contexts=tuple((entry["words"], (entry["min"], entry["max"], entry["mean"])) for entry in data["age_context"]),
        compounds=tuple(lists["compounds"]),
        pair_words="|".join(lists["pair_words"]),
        large_count_words=frozenset(counts["large_words"]),
        small_count=model.concept({"words": "count", "count": True, **counts["small"]}),
        large_count=model.concept({"words": "count", "count": True, **counts["large"]}),
        person_words=frozenset(names["person_words"]),
        template_filler=frozenset(names["template_filler"]),
        template_generic=frozenset(names["template_generic"]),
        cjk=dict(data["cjk"]),
    )
