"""Units a description may name ("in km", "(USD)", "duration_ms") and conversion between them.

The units are data (data/units.toml). A unit belongs to a dimension and converts to that
dimension's base by `factor` (temperature by formula). A concept in the lexicon states its range in one unit; when the description asks for
another unit of the same dimension, the range is converted rather than relabelled.
"""

from __future__ import annotations

import re
from functools import lru_cache

from generator.inference.knowledge.loader import Units, data_file, knowledge
from generator.inference.knowledge.model import Unit

__all__ = ["Unit", "convert", "find_scale", "find_unit", "ratio_unit", "trailing_unit", "unit_by_label"]


def _units() -> Units:
    return knowledge().units


@lru_cache(maxsize=1)
def _strong() -> re.Pattern:
    """Every strong unit word, anywhere in the text."""
    words = "|".join(pattern for pattern, strong, _ in _units().units if strong)
    return re.compile(r"(?<![\w$€£¥/])(" + words + r")(?![\w/])")  # 'x/kg': kg is a ratio's part


# "Weak" words (m, g, c, min, ...) count only right after a number, "in" or "(", or as the last
# word of a name.
_WEAK_CONTEXT = r"(?:(?<=\bin )|(?<=\()|(?<=\d)|(?<=\d )|(?<=per )|(?<=thousands of )|(?<=millions of )|(?<=billions of ))"


def _lookup(word: str, strong_only: bool) -> Unit | None:
    for pattern, strong, unit in _units().units:
        if (strong or not strong_only) and re.fullmatch(pattern, word):
            return unit
    return None


def _strong_unit(word: str) -> Unit:
    """A unit the data names as strong (a strong pattern's match, a symbol's code): always found."""
    unit = _lookup(word, True)
    if unit is None:
        raise LookupError(f"no strong unit for {word!r} in the unit data")
    return unit


def find_unit(text: str, prefer_dim: str = "") -> Unit | None:
    """The unit named in modifier text such as 'in km', '(USD)', '20-90 kg', or None.

    When several are named, one of `prefer_dim` wins, then the first.
    """
    low = text.lower()
    found: list[tuple[int, Unit]] = []
    for match in _strong().finditer(low):
        found.append((match.start(), _strong_unit(match.group(1))))
    for pattern, strong, unit in _units().units:
        weak = None if strong else re.search(_WEAK_CONTEXT + rf"({pattern})(?![\w/])", low)
        if weak:
            found.append((weak.start(), unit))
    for symbol, code in _units().symbols.items():
        position = low.find(symbol)
        if position >= 0:
            found.append((position, _strong_unit(code)))
    if prefer_dim == "mass" and re.search(r"\bpounds?\b", low):
        found.append((-1, _strong_unit("lbs")))
    if prefer_dim == "temperature" and re.search(r"\bdeg(?:rees?)?\b", low):
        found.append((10**6, _strong_unit("celsius")))
    preferred = [item for item in found if item[1].dim == prefer_dim]
    chosen = sorted(preferred or found, key=lambda item: item[0])
    return chosen[0][1] if chosen else ratio_unit(text)


_RATIO = re.compile(r"(?:\bin\s+|\(\s*|^\s*)([a-zµμ]{1,5})\s?/\s?([a-zµμ]{1,5}[23³²]?)(?=\s*(?:\)|$|[,;.]|\s))", re.I)


def ratio_unit(text: str) -> Unit | None:
    """'in mEq/L', '(kg/ha)': a ratio of two short unit words not in the unit data, as a unit of
    its own (no range). Both sides must be units of different kinds, one of them longer than a
    letter: 'm/f' and 'y/n' are values, 'kg/lb' is a choice of unit."""
    for match in _RATIO.finditer(text):
        top, bottom = match.group(1), match.group(2)
        over, under = _unit_word(top.lower()), _unit_word(bottom.lower())
        if under is None or (max(len(top), len(bottom)) < 2 and not (over is not None and under.dim == "time")):
            continue  # 'm/f', 'y/n' are values; 'L/s', 'L/h' a flow
        if over is not None and over.dim == under.dim and max(over.factor, under.factor) < 100 * min(over.factor, under.factor):
            continue  # 'kg/lb' is a choice of unit; 'mg/kg' and 's/day' are ratios
        if over is not None or len(top) >= 2:
            return Unit(f"{top}/{bottom}", f"{top}_{bottom}".lower(), f"{top}/{bottom}".lower())
    return None


def _unit_word(word: str) -> Unit | None:
    """A unit word, also with a metric prefix ('dl', 'ml', 'µl', 'mmol'): 'dl' is litres."""
    found = _lookup(word, False)
    if found is None and len(word) >= 2 and word[0] in "dcmµμuk":
        found = _lookup(word[1:], False)
    return found


def find_scale(text: str) -> tuple[float, str]:
    """'in thousands', '(€m)', '(USD millions)' → (1000, 'thousand') and so on; (1, '') when no scale is named."""
    low = text.lower()
    for pattern, factor, word in _units().scales:
        if re.search(rf"(?:\bin |\(|^)(?:{pattern})(?=\W|$)|(?<![\w$])(?:{pattern})\s*(?:of )?(?:dollars|usd|euros|\$)", low):
            return factor, word
    for entry in data_file("units")["scale"]:
        if re.search(rf"(?:^|[\s(])(?:{_money_marks()})\s?(?:{entry['after_money']})(?=\W|$)", low):
            return entry["factor"], entry["word"]
    return 1.0, ""


@lru_cache(maxsize=1)
def _money_marks() -> str:
    """A currency's symbol or ISO code, as written before a scale ('€m', 'usd millions')."""
    marks = [re.escape(symbol) for symbol in _units().symbols] + sorted({code for code in _units().symbols.values()})
    return "|".join(marks)


def trailing_unit(name_words: list[str]) -> Unit | None:
    """A unit written as the last word of a name: duration_ms, body_mass_g, temp_c, price_usd
    (or its last two, a symbol split at its capitals: 'rating kVA' is 'rating k va')."""
    if len(name_words) < 2:
        return None
    if len(name_words) >= 3 and " " in (pair := " ".join(name_words[-2:])) and _lookup(pair, True) is not None:
        return _lookup(pair, True)
    last, before = name_words[-1], name_words[-2]
    unit = _lookup(last, True)
    if unit is None and (before in _units().measure_words or before in {"body", "bill", "flipper"}):
        unit = _lookup(last, False)
    if unit is not None and unit.dim == "time" and last in {"day", "week", "month", "year", "hour", "minute", "second"}:
        return None  # "day of the week", "birth year": a time word, not a unit
    return unit


def convert(value: float, source: Unit, target: Unit) -> float:
    """A value in `source` units expressed in `target` units (same dimension)."""
    if source.dim == "temperature":
        celsius = {"°C": value, "°F": (value - 32) * 5 / 9, "K": value - 273.15}[source.label]
        return {"°C": celsius, "°F": celsius * 9 / 5 + 32, "K": celsius + 273.15}[target.label]
    return value * source.factor / target.factor


def unit_by_label(label: str) -> Unit | None:
    return next((unit for _, _, unit in _units().units if unit.label == label), None)
