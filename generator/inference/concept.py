"""A concept: what a column name means (a registry type, its params, unit and description).

The lexicon modules list concepts with `C(...)`. A concept's pattern is a regular expression
over the singular, lowercase words of a column name ("monthly charge", "date of birth"); the
longest match wins, so "email address" beats "address" and "ip address" beats both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

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
    regex: re.Pattern = field(default=None, compare=False, repr=False)  # type: ignore[assignment]


def _default_name(pattern: str) -> str:
    first = pattern.split("|")[0]
    first = re.sub(r"\(\?:[^)]*\)\??|\\b|[?*+^$()\[\]\\]", "", first)
    return re.sub(r"[^a-z0-9]+", "_", first.strip().lower()).strip("_")


def C(words: str, type_: str, desc: str, /, *, unit: str = "", dim: str = "", name: str = "", count: bool = False,
      prio: int = 0, null: float = 0.0, generic: bool = False, **params: Any) -> Concept:
    """One lexicon entry: a regex over singular words, then the registry type and its params."""
    regex = re.compile(rf"(?<![a-z0-9])(?:{longest_first(_with_singulars(words))})(?![a-z0-9])")
    return Concept(words, type_, desc, dict(params), unit, dim, name or _default_name(words), count, prio, null, generic, regex)


def _with_singulars(pattern: str) -> str:
    """Each plain-word alternative also in the singular form names are matched in."""
    out = []
    for part in _alternatives(pattern):
        out.append(part)
        if re.fullmatch(r"[a-z0-9 '&/-]+", part):
            singular_form = key_text(part)
            if singular_form and singular_form != part:
                out.append(singular_form)
    return "|".join(out)


def longest_first(pattern: str) -> str:
    """The pattern's top-level alternatives, longest first, so that the regex engine (which
    takes the first alternative that matches) prefers "ip address" to "ip"."""
    return "|".join(sorted(_alternatives(pattern), key=len, reverse=True))


def _alternatives(pattern: str) -> list[str]:
    parts, depth, current = [], 0, []
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


def num(lo: float, hi: float, dist: str = "uniform", mean: float | None = None, std: float | None = None, dec: int | None = None) -> dict:
    """Range params for integer/decimal-like types."""
    out: dict[str, Any] = {"min": lo, "max": hi, "distribution": dist}
    if mean is not None:
        out["mean"] = mean
    if std is not None:
        out["std"] = std
    if dec is not None:
        out["decimals"] = dec
    return out


def cat(spec: str) -> dict:
    """'Month-to-month:55|One year:21|Two year:24' → values and weights (weights optional)."""
    values, weights = [], []
    for item in spec.split("|"):
        label, _, weight = item.rpartition(":") if re.search(r":[\d.]+$", item) else (item, "", "")
        values.append(label.strip())
        weights.append(float(weight) if weight else None)
    if all(w is None for w in weights):
        return {"values": values}
    return {"values": values, "weights": [w if w is not None else 1.0 for w in weights]}


def dates(start: str, end: str) -> dict:
    """Date bounds, absolute ('2020-01-01') or relative to today ('-3y', '+30d', '0d')."""
    return {"start": start, "end": end}


def best_match(concepts: list[Concept], key: str) -> tuple[Concept, re.Match] | None:
    """The concept naming the head of `key`: a match that ends the phrase beats one that does not
    ("order id" is an id, not an order); then the longest match; then the first listed."""
    best: tuple[tuple[int, int, int, int], Concept, re.Match] | None = None
    for order, concept in enumerate(concepts):
        for match in concept.regex.finditer(key):
            length = min(len(match.group(0)), 6) if concept.generic else len(match.group(0))
            score = (int(match.end() == len(key)), length + 4 * concept.prio, match.end(), -order)
            if best is None or score > best[0]:
                best = (score, concept, match)
    return (best[1], best[2]) if best else None
