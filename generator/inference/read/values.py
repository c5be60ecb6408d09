"""Lists of category values written in a description: '(month-to-month, one year, two year)',
'free 60%, basic 30%, pro 10%', 'Movie or TV Show', 'C = Cherbourg, Q = Queenstown', 'cash/card'."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.inference.read.units import find_scale, find_unit
from generator.inference.text import NUM, parse_number

_LEAD = re.compile(r"^\s*(?:e\.?g\.?,?|i\.?e\.?,?|eg|such as|like|for example|for instance|one of|either|values?:?|options?:?|choices?:?|categories:?|can be|could be|including|ex:)\s+", re.I)
_TRAIL = re.compile(r"(?:,?\s*(?:etc\.?|and so on|and more|\.\.\.|…)\s*)$", re.I)
_MODIFIER = re.compile(
    r"^\s*(?:in (?:the|\d)|(?:19|20)\d\d\b)"
    r"|^\s*(?:about|around|approx\w*|roughly|~|up to|at least|at most|between|from|measured in|mostly|usually|max(?:imum)?|min(?:imum)?|under|over|above|below|less than|more than|only|average|mean|std|sd|rounded|stored as|as an?|as)\s+\S"
    r"|\b(?:missing|null|nulls|blank|empty|optional|nullable|unique|primary key|foreign key|decimals?|decimal places|distributed|skew\w*|uniform\w*|only|else|otherwise|unless|except)\b"
    r"|^\s*(?:integer|int|float|decimal|string|text|boolean|bool|date|datetime|timestamp|categorical|numeric|number|percent|percentage|%|usd|eur|gbp|\$|€|£|k\$|cm|mm|m|km|kg|g|lb|lbs|ms|s|sec|seconds|min|minutes|hours|days|weeks|months|years|mph|km/h|sq ft|sqft|°c|°f|deg c|deg f|celsius|fahrenheit|bytes|kb|mb|gb|target|label|the target|target variable|output|pk|fk)\s*$"
    rf"|^\s*{NUM}\s*%?\s*(?:-|to|–|\.\.)\s*{NUM}\s*%?\s*[a-z$€£/ ]{{0,12}}$"
    r"|^\s*(?:yyyy|dd|mm|iso)\b", re.I)


_BUCKET = re.compile(r"^\s*(?:[<>]=?\s*|under\s+|over\s+)?[$€£]?\d[\d.,]*[kKmM]?\s*(?:(?:-|to)\s*[$€£]?\d[\d.,]*[kKmM]?|\+)?\s*(?:[a-z%]{0,6}|[a-z]+ ?\+?)\s*$")


@dataclass(frozen=True)
class Value:
    label: str
    weight: float | None = None
    note: str = ""


def looks_like_modifier(text: str) -> bool:
    """True for text that qualifies a column (a range, unit, rate, type) rather than naming a value."""
    if _MODIFIER.search(text) or re.fullmatch(rf"\s*(?:about|around|~)?\s*{NUM}\s*%?\s*", text) or ratio(text):
        return True
    inside = re.match(r"^\s*in\s+(.+)$", text, re.I)
    return bool(inside) and (find_unit(text) is not None or find_scale(text)[0] != 1.0)


def ratio(text: str) -> bool:
    """'g/dL', 'in mmol/L', 't/ha': a unit that is a ratio, not two values."""
    unit = find_unit(text) if re.fullmatch(r"\s*(?:in\s+)?[^\s/]{1,8}\s?/\s?[^\s/]{1,8}\s*", text) else None
    return unit is not None and "/" in unit.label


def _items(text: str) -> list[str]:
    text = _TRAIL.sub("", _LEAD.sub("", text.strip())).strip(" .:;")
    parts = [p for p in re.split(r"\s*[,;|]\s*|\s+\|\s+", text) if p.strip()]
    if not parts:
        return []
    if len(parts) == 1:
        parts = re.split(r"\s+(?:or|vs\.?|versus)\s+|\s*/\s*", parts[0])
    else:
        last = re.split(r"^(?:or|and)\s+|\s+(?:or|and)\s+", parts[-1])
        head = [re.sub(r"^(?:or|and)\s+", "", p) for p in parts[:-1]]
        parts = head + [p for p in last if p]
    return [p.strip(" '\"`.") for p in parts if p.strip(" '\"`.")]


def _weighted(item: str) -> Value:
    patterns = (
        rf"^(?P<label>.+?)\s*[:(=-]?\s*(?P<num>{NUM})\s*%\)?$",
        rf"^(?P<num>{NUM})\s*%\s*(?:are\s+|is\s+)?(?P<label>.+)$",
        r"^(?P<label>.+?)\s*[:=]\s*(?P<num>0?\.\d+|1\.0)$",
    )
    for index, pattern in enumerate(patterns):
        match = re.match(pattern, item)
        if match and not re.fullmatch(r"[\d\s.,$€£-]+", match.group("label")):
            number = parse_number(match.group("num"))
            if number is not None and number >= 0:
                weight = number if index < 2 else number * 100
                return Value(match.group("label").strip(" '\"`()"), weight)
    coded = re.match(r"^(?P<code>\w[\w<>+.$-]{0,11})\s*(?:=|:|->|\bmeans\b|\bis\b)\s*(?P<note>.+)$", item)
    if coded and not re.fullmatch(r"[\d.]+\s*%?", coded.group("note")):
        return Value(coded.group("code"), None, coded.group("note").strip())
    return Value(item)


def split_values(text: str) -> list[Value]:
    """The values a list names, each with its weight (percent or share) when one is written."""
    items = _items(text)
    if len(items) > 200 or any(len(item) > 60 for item in items):
        return []
    values, seen = [], set()
    for item in items:
        value = _weighted(item)
        if value.label and value.label.lower() not in seen:
            seen.add(value.label.lower())
            values.append(value)
    return values


def value_items(text: str) -> tuple[list[Value], list[str]]:
    """Split a bracketed group into the values it names and the modifier parts beside them."""
    parts = re.split(r"\s*;\s*", text)
    if len(parts) == 1:
        raw = [p for p in re.split(r"\s*,\s*", text) if p.strip()]
        if len(raw) >= 2 and all(_BUCKET.match(p) for p in raw):
            return split_values(text), []  # '18-24, 25-34, 45+': buckets are values
        mods = [p for p in raw if looks_like_modifier(p) and not re.fullmatch(r"\s*-?[\d.]+\s*", p)]
        if len(mods) < len(raw) - 1:  # 'VIP, R, S, A': a letter among values is a value, not seconds
            mods = [p for p in mods if not re.fullmatch(r"\s*[A-Za-z]\s*", p)]
        if mods and len(mods) < len(raw):
            rest = ", ".join(p for p in raw if p not in mods)
            return split_values(rest), mods
        return ([], [text]) if mods else (split_values(text), [])
    values: list[Value] = []
    mods = []
    for part in parts:
        if looks_like_modifier(part) or values:
            mods.append(part)
        else:
            values = split_values(part)
    return values, mods
