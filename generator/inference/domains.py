"""The domain library: common tables (customers, orders, sensors, ...) and well-known teaching
datasets (Titanic, Iris, Telco churn, ...).

A domain is recognised by weighted keywords. It gives the columns of a description that names
none, and it is the context for the columns a description does name: "rating" in Netflix titles
is a content rating, "price" among houses is a house price, "contract" in telecom churn is
month-to-month / one year / two year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from generator.inference.text import key_text

_GENERIC_WORDS = {"name", "id", "code", "type", "value", "number", "no", "time"}
_FILLER = {"type", "kind", "the", "of", "num", "number", "no", "is", "has", "flag", "a", "an", "in", "indicator", "whether"}


@dataclass(frozen=True)
class T:
    """One template column: its names (the first is used, all are matched), and its meaning."""

    names: tuple[str, ...]
    type: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    desc: str = ""
    unit: str = ""
    null: float = 0.0


def t(names: str, type_: str | None = None, desc: str = "", /, *, unit: str = "", null: float = 0.0, **params: Any) -> T:
    """A template column; without a type, the lexicon decides from the first name."""
    return T(tuple(n.strip() for n in names.split("|")), type_, params, desc, unit, null)


@dataclass(frozen=True)
class Domain:
    key: str
    title: str
    entity: str
    keywords: tuple[tuple[str, float], ...]
    columns: tuple[T, ...]
    famous: bool = False  # a well-known dataset: its columns are the real ones


def _singular_words(pattern: str) -> str:
    return pattern if re.search(r"[\\()\[\]?*+|]", pattern) else key_text(pattern) or pattern


def domain(key: str, title: str, entity: str, keywords: str, columns: list[T], famous: bool = False) -> Domain:
    """keywords: 'titanic:10 passenger:2 ...' (regexes over singular words, '_' for a space)."""
    pairs = tuple((_singular_words(word.replace("_", " ")), float(weight)) for word, weight in (item.rsplit(":", 1) for item in keywords.split()))
    return Domain(key, title, entity, pairs, tuple(columns), famous)


@lru_cache(maxsize=1)
def _all() -> list[Domain]:
    from generator.inference.domains_common import COMMON
    from generator.inference.domains_datasets import DATASETS
    from generator.inference.domains_datasets2 import DATASETS_MORE

    return [*DATASETS, *DATASETS_MORE, *COMMON]


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[Domain, list[tuple[re.Pattern, float]]]]:
    suffix = r"(?:s|es|ed|d|ing|er|ers)?"
    return [(d, [(re.compile(rf"(?<![a-z0-9])(?:{word}){suffix}(?![a-z0-9])"), weight) for word, weight in d.keywords]) for d in _all()]


def score_domains(text: str) -> list[tuple[float, Domain]]:
    """Every domain with a positive score for `text`, best first (ties: listed first)."""
    key = key_text(text)
    scored = []
    for index, (candidate, patterns) in enumerate(_compiled()):
        score = sum(weight for pattern, weight in patterns if pattern.search(key))
        if score > 0:
            scored.append((score, -index, candidate))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [(score, candidate) for score, _, candidate in scored]


def detect(subject: str, text: str, threshold: float = 2.0) -> Domain | None:
    """The domain a description is about: keywords in the subject count double."""
    totals: dict[str, tuple[float, Domain]] = {}
    for weight, source in ((2.0, subject), (1.0, text)):
        for score, candidate in score_domains(source):
            previous = totals.get(candidate.key, (0.0, candidate))[0]
            totals[candidate.key] = (previous + weight * score, candidate)
    if not totals:
        return None
    order = {d.key: i for i, d in enumerate(_all())}
    best = max(totals.values(), key=lambda item: (item[0], -order[item[1].key]))
    return best[1] if best[0] >= threshold else None


def phrase_key(text: str) -> tuple[frozenset[str], str]:
    """A name's meaningful words (singular), and its head (last) word."""
    words = key_text(text).split()
    kept = [w for w in words if w not in _FILLER] or words
    return frozenset(kept), (kept[-1] if kept else "")


def match_template(candidate: Domain, phrase: str) -> T | None:
    """The template column a phrase names: the same words, or a subset with the same head word."""
    words, head = phrase_key(phrase)
    if not words:
        return None
    joined = "".join(sorted(words))
    partial: list[tuple[int, int, T]] = []
    for index, column in enumerate(candidate.columns):
        for name in column.names:
            other, other_head = phrase_key(name)
            if other == words or "".join(sorted(other)) == joined or key_text(name).replace(" ", "") == key_text(phrase).replace(" ", ""):
                return column
            if head and head == other_head and words < other and words - _GENERIC_WORDS:
                partial.append((abs(len(other) - len(words)), index, column))
    return min(partial, key=lambda item: item[:2])[2] if partial else None
