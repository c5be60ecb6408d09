"""What the words around a column name say: values, ranges, rates, units, missing values, dates.

`read_hints` takes the modifier text of one column phrase (everything after its name, such as
"(month-to-month, one year, two year)" or "between 18 and 70, about 5% missing") and returns
`Hints`. It does not know the column's type; the builder decides which hints apply.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from generator.inference.knowledge.loader import knowledge
from generator.inference.read.dates import Bounds, find_dates, find_times
from generator.inference.read.units import Unit, find_scale, find_unit
from generator.inference.read.values import Value, looks_like_modifier, ratio, split_values, value_items
from generator.inference.text import ANY_NUM, NUM, parse_number


@lru_cache(maxsize=1)
def _type_re() -> re.Pattern:
    """'as an integer', 'stored as varchar': a type word (data/vocabulary.toml), longest first."""
    names = sorted(map(re.escape, knowledge().vocabulary.type_words), key=len, reverse=True)
    return re.compile(r"\b(?:as (?:an? )?|stored as (?:an? )?|type:? )?(" + "|".join(names) + r")\b")


_MISSING = r"(?:missing|null|nulls|blank|empty|n/?a|nan|not (?:provided|given|recorded|known)|left blank|unknown)"
_BOOLEAN_MARK = re.compile(r"\b(?:yes ?/ ?no|no ?/ ?yes|y ?/ ?n|true ?/ ?false|t ?/ ?f|yes or no|true or false|0 ?/ ?1|1 ?/ ?0|0 or 1|1 or 0|boolean|bool|binary|flag)\b")


@dataclass
class Hints:
    values: list[Value] = field(default_factory=list)
    lo: float | None = None
    hi: float | None = None
    percent: bool = False
    mean: float | None = None
    std: float | None = None
    decimals: int | None = None
    distribution: str | None = None
    unit: Unit | None = None
    unit_in_name: bool = False
    scale: float = 1.0
    scale_word: str = ""
    rate: float | None = None
    null_rate: float | None = None
    dates: Bounds | None = None
    times: tuple[str, str] | None = None
    boolean: bool = False
    type_hint: str = ""
    note: str = ""
    key: bool = False  # "primary key", "unique id"
    mostly: str = ""  # "mostly pending": the value most rows hold


def _groups(text: str) -> tuple[list[str], str]:
    """Bracketed groups at any depth-1 position, and the text outside them."""
    groups, outside, depth, current = [], [], 0, []
    for ch in text:
        if ch in "([{":
            if depth:
                current.append(ch)
            depth += 1
        elif ch in ")]}" and depth:
            depth -= 1
            if depth:
                current.append(ch)
            else:
                groups.append("".join(current).strip())
                current = []
                outside.append(" ; ")
        elif depth:
            current.append(ch)
        else:
            outside.append(ch)
    if current:
        groups.append("".join(current).strip())
    return [g for g in groups if g], "".join(outside)


def read_hints(text: str, today: dt.date, prefer_dim: str = "") -> Hints:
    """Everything the modifier text of one column says about its values."""
    hints = Hints()
    groups, outside = _groups(text)
    for group in groups:
        values, mods = value_items(group)
        if not hints.values and (len(values) >= 2 or (values and _single_value(group))):
            hints.values = values
        else:
            mods = [group]
        for part in mods:
            _read_modifiers(part, hints, today, prefer_dim, in_parens=True)
    _read_modifiers(outside, hints, today, prefer_dim, in_parens=False)
    return hints


def _single_value(group: str) -> bool:
    return bool(re.match(r"\s*(?:e\.?g\.?,?|i\.?e\.?,?|such as|like|for example|one of|either)\s", group, re.I)) and not looks_like_modifier(group)


_CUE = re.compile(r"(?:^|[\s:;-])(?:one of|either|such as|e\.g\.?,?|eg|i\.e\.?,?|like|for example|values?:?|options?:?|choices?:?|categories:?|can be|could be|is one of|one of:)\s+(.+)$", re.I)


def _read_modifiers(text: str, hints: Hints, today: dt.date, prefer_dim: str, in_parens: bool) -> None:
    raw = re.sub(r"^[\s;:,=]*(?:-\s)?|[\s;:,=-]*$", "", text)
    if not raw:
        return
    before = repr(hints)
    low = raw.lower()
    cue = _CUE.search(raw)
    if cue and not hints.values:
        values = split_values(cue.group(1))
        if values and not looks_like_modifier(cue.group(1)):
            hints.values = values
            low = low[: cue.start()]
    elif not hints.values:
        _slash_or_colon_values(raw, hints)
    low = _read_missing(low, hints)
    low = _read_dates(low, hints, today)
    _read_rates_and_ranges(low, hints)
    _read_shape(low, hints)
    _read_unit(low, hints, prefer_dim)
    mostly = re.search(r"\b(?:mostly|mainly|usually|largely|predominantly)\s+([a-z][\w-]*(?: [a-z][\w-]*)?)", low)
    if mostly and mostly.group(1) not in ("true", "false", "yes", "no", "missing", "null", "empty", "blank"):
        hints.mostly = mostly.group(1)
    if in_parens and not hints.note and " " in raw.strip() and repr(hints) == before:
        hints.note = raw[:200]


def _slash_or_colon_values(raw: str, hints: Hints) -> None:
    slashed = re.search(r"(?:^|\s)([^\s/()]+(?:\s?/\s?[^\s/()]+)+)\s*$", raw)
    if slashed and not re.fullmatch(r"[\d.,\s/%-]+", slashed.group(1)) and not ratio(slashed.group(1)) and not re.search(r"n ?/ ?a", slashed.group(1), re.I):
        values = split_values(slashed.group(1))
        if len(values) >= 2:
            hints.values = values
            return
    colon = re.match(r"^\s*(?:[:=-]\s*)?(.+)$", raw)
    if colon and (" or " in colon.group(1) or "|" in colon.group(1)) and not looks_like_modifier(colon.group(1)):
        values = split_values(colon.group(1))
        if 2 <= len(values) <= 30 and all(len(v.label.split()) <= 4 for v in values):
            hints.values = values


def _read_missing(low: str, hints: Hints) -> str:
    low = re.sub(r"\bnot null\b|\bnon-?null\b|\bno missing(?: values)?\b|\bnever (?:missing|null|empty|blank)\b|\brequired\b", " ", low)
    amount = rf"(?:(?:about|around|roughly|approx\w*|~|up to|some|only)\s*)?({NUM})\s*(?:%|percent)"
    match = re.search(rf"{amount}\s*(?:of (?:the |all |its |their )?[a-z]+(?: [a-z]+)? )?(?:are |is |be |as |should be |will be |to be |left )?{_MISSING}"
                      rf"|{_MISSING}\s*(?:values?\s*)?(?:in|for)?\s*(?:about|around|~|roughly)?\s*({NUM})\s*(?:%|percent)", low)
    if match:
        value = parse_number(match.group(1) or match.group(2))
        hints.null_rate = min(max(value / 100, 0.0), 0.95) if value is not None else 0.05
        return low[: match.start()] + " " + low[match.end():]
    words = [(r"mostly " + _MISSING, 0.6), (r"(?:many|lots of|a lot of) " + _MISSING, 0.2),
             (r"(?:a few|few|rarely|occasional(?:ly)?|sometimes|some|with|has|have|contains?|may be|can be|often) " + _MISSING, 0.05),
             (r"\b(?:optional|nullable|not always (?:known|given|filled))\b", 0.1), (_MISSING + r" values?", 0.05)]
    for pattern, rate in words:
        match = re.search(r"\b" + pattern + r"\b", low)
        if match:
            hints.null_rate = rate
            return low[: match.start()] + " " + low[match.end():]
    return low


def _read_dates(low: str, hints: Hints, today: dt.date) -> str:
    found = find_dates(low, today)
    if found:
        hints.dates = found[0]
        start, end = found[1]
        if not re.fullmatch(r"\s*(?:between|from)?\s*\d{4}\s*(?:-|to|and)\s*\d{4}\s*", low[start:end]):
            low = low[:start] + " " + low[end:]
    hints.times = find_times(low)
    return low


def _number(text: str | None) -> float | None:
    return parse_number(text) if text else None


def _read_rates_and_ranges(low: str, hints: Hints) -> None:
    if _read_range(low, hints):
        return
    rate = re.search(rf"({NUM})\s*(?:%|percent\b)", low)
    if rate:
        value = parse_number(rate.group(1))
        if value is not None and 0 <= value <= 100:
            hints.rate = value / 100
    one_in = re.search(rf"\b({ANY_NUM})\s+(?:in|out of)\s+({ANY_NUM})\b", low)
    if hints.rate is None and one_in and re.search(r"\bin\b", one_in.group(0)):
        top, bottom = parse_number(one_in.group(1)), parse_number(one_in.group(2))
        if top is not None and bottom and 0 < top <= bottom:
            hints.rate = top / bottom
    if hints.rate is None:
        for pattern, value in knowledge().vocabulary.rate_words:
            if re.search(pattern, low):
                hints.rate = value
                break
    _read_bounds(low, hints)


def _read_range(low: str, hints: Hints) -> bool:
    number = rf"({NUM})\s*(%|percent\b)?"
    patterns = (
        rf"\bbetween\s+{number}\s*[a-z$€£/]*\s+and\s+{number}",
        rf"\bfrom\s+{number}\s*[a-z$€£/]*\s+(?:to|through|until|up to)\s+{number}",
        rf"(?<![\w.]){number}\s*[a-z$€£/]*?\s*(?:-|to|through|thru|\.\.\.?|…)\s*{number}",
        rf"\bbetween\s+({ANY_NUM})()\s+and\s+({ANY_NUM})()",
        rf"\bfrom\s+({ANY_NUM})()\s+to\s+({ANY_NUM})()",
    )
    for pattern in patterns:
        match = re.search(pattern, low)
        if match:
            lo, hi = _number(match.group(1)), _number(match.group(3))
            if lo is None or hi is None:
                continue
            hints.lo, hints.hi = min(lo, hi), max(lo, hi)
            written = re.findall(r"\d\.(\d+)", match.group(0))
            if written and hints.decimals is None:
                hints.decimals = max(1, min(4, max(len(w) for w in written)))
            hints.percent = hints.percent or bool(match.group(2) or match.group(4))
            _read_shape(low[: match.start()] + low[match.end():], hints, numbers=True)
            return True
    return False


def _read_bounds(low: str, hints: Hints) -> None:
    number = rf"({NUM})\s*(%|percent\b)?"
    upper = re.search(rf"(?:\bup to|\bat most|\bmax(?:imum)?(?: of)?|\bno more than|\bless than|\bfewer than|\bunder|\bbelow|\bcapped at|<=?)\s*:?\s*{number}", low)
    lower = re.search(rf"(?:\bat least|\bmin(?:imum)?(?: of)?|\bno less than|\bmore than|\bgreater than|\bover|\babove|\bstarting (?:at|from)|\bfrom|>=?)\s*:?\s*{number}", low)
    out_of = re.search(rf"\bout of\s+{number}|\bscale of\s+{number}|/\s*({NUM})\b", low)
    if upper:
        hints.hi = _number(upper.group(1))
        hints.percent = hints.percent or bool(upper.group(2))
    if lower:
        hints.lo = _number(lower.group(1))
        hints.percent = hints.percent or bool(lower.group(2))
    if out_of and hints.hi is None:
        hints.hi = _number(out_of.group(1) or out_of.group(3) or out_of.group(5))
    if re.search(r"\bpositive\b|\bnon-?negative\b|\bgreater than zero\b", low) and hints.lo is None:
        hints.lo = 0.0
    _read_shape(low, hints, numbers=True)


def _read_shape(low: str, hints: Hints, numbers: bool = False) -> None:
    if numbers:
        mean = re.search(rf"\b(?:mean|average|avg|averaging|centred on|centered on|around|about|typically|median)\s*(?:of|is|=|:)?\s*({NUM})(?![\d.,]*\s*(?:%|percent))", low)
        std = re.search(rf"\b(?:std|sd|standard deviation|stdev)\s*(?:of|is|=|:)?\s*({NUM})", low)
        if mean and hints.mean is None:
            hints.mean = _number(mean.group(1))
        if std and hints.std is None:
            hints.std = _number(std.group(1))
        return
    decimals = re.search(r"\b(\d|one|two|three|four)\s*(?:decimals?|decimal places?|dp|digits after)", low)
    if decimals:
        hints.decimals = int(parse_number(decimals.group(1)) or 0)
    for pattern, name in knowledge().vocabulary.distributions:
        if re.search(pattern, low):
            hints.distribution = name
            break
    if _BOOLEAN_MARK.search(low) or re.search(r"\b[01]\s*(?:=|means|if|for|when)\s*[a-z]", low):
        hints.boolean = True
    typed = _type_re().search(low)
    if typed and not hints.type_hint:
        hints.type_hint = knowledge().vocabulary.type_words[typed.group(1)]
    if re.search(r"\bprimary key\b|\bpk\b|\bunique (?:id|identifier|key)\b|\bidentifier\b", low):
        hints.key = True


def _read_unit(low: str, hints: Hints, prefer_dim: str) -> None:
    if hints.unit is None:
        hints.unit = find_unit(low, prefer_dim)
        alone = find_unit(f"({low.strip()})", prefer_dim) if hints.unit is None and re.fullmatch(r"\s*[^\s,;]{1,12}\s*", low) else None
        if alone is not None and (len(low.strip()) > 1 or alone.dim == prefer_dim):
            hints.unit = alone  # a bracket of its own: 'birth weight (g)', 'cycle time (min)'; 'size (s)' is no seconds
        if hints.unit is not None:
            hints.unit_in_name = bool(re.search(r"(?:^|\s)(?:in|measured in|given in|expressed as|in units of)\s+\S", low))
    if hints.scale == 1.0:
        hints.scale, hints.scale_word = find_scale(low)
    if hints.rate is None and re.search(r"^\s*%\s*(?:$|of\b)|\bin %|\bin percent|\bas (?:a )?percent(?:age)?\b|\bpercent(?:age)?\b|\bpct\b", low):
        hints.percent = True
