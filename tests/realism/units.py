"""The units measure: every unit a description states for one of its columns, and whether the
generated column honours it.

A unit is read from the description text alone (never from a case's own fields), so the measure
applies unchanged to every set. It is stated where a column's words are followed by "in <unit>"
("length in mm", "revenue in thousands of dollars", "fuel use in litres per 100 km"), by a unit in
brackets ("weight (kg)", "rent (€/month)", "turnover (£m)"), by a unit symbol or abbreviation
written bare ("temperature °F", "speed mph", "humidity %", "distance, km"), as the first word of a
name ("hours worked", "kWh used per month") or as the suffix of a snake_case name
("duration_ms"). The column is the generated one the words name (matched as the scorer matches
named columns). It honours the unit when (a) it says the unit: its schema `unit` (or another text
parameter), its name's suffix, a currency column beside it, or values written with it; a scale
("in thousands", "£m") said too; and (b) its values are plausible for what is measured in that
unit: converted to the dimension's base unit, 95% of them within the bounds the knowledge
(units.toml) gives for the column's head noun and context, or the dimension's broad bounds.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from tests.realism import vocab
from tests.realism.dataset import Column, Dataset, closeness, matches

DATA = Path(__file__).with_name("units.toml")
SHARE = 0.95  # of a column's values that must be plausible
STOP = frozenset("a an the each every its their his her our your of and or with plus to for per at in on by from as its".split())
CUT = re.compile(r"[,;:(\[\])]|—|–(?=\s)|\s-\s|\.\s|\b(?:and|with|plus|or|including|includes|include|has|have|having|from)\b")
NEUTRAL = frozenset("""average mean median current total max maximum min minimum starting start final initial end
estimated measured recorded actual typical peak body gross net self reported""".split())
PREPOSITIONS = ("per", "of", "at", "in", "on", "for", "from", "after", "before", "over", "since", "during", "under", "to")
_BOUNDARY = re.compile(r"\s*(?:$|[,;:.)!?]|(?:and|or|&|plus|with|per|for|each|by|from|at|on|to|as|over|when|where|recorded|measured|logged)\b)")
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_RANGE = re.compile(r"^(?:in\s+)?(?:[~≈<>]\s*)?-?[\d.,]+\s*(?:[a-z%°€£$¥₹]{0,3})\s*(?:-|–|to)\s*-?[\d.,]+\s*")
_PARTICIPLE = re.compile(r"^(?:\w+ed|\w+en|spent|slept|lost|won|run|left|remaining|late|overdue|early|since|until|to|of|per)$")
_TIME_OF = re.compile(r"^of\s+(?:the|week|month|year|day|birth|arrival|departure)\b")
_RATE = re.compile(r"(?:\s*/\s*|\s+(?:per|a|an)\s+)(100\s?km|sq\.? ?(?:ft|m)|square (?:foot|metre|meter)|[a-zµ²³0-9]{1,12})(?![\w/])")
RATE_WORDS = frozenset("""second sec s minute min hour hr h day d week wk month mo year yr night person head capita visit
trip unit item serving portion bottle game match shift student member employee household hectare ha acre km kg g l litre liter
lb m m² m2 m³ m3 km² sqm sqft annum session lesson class night guest room seat passenger kwh mwh gallon mile bird fish
animal cow tree plant kilo""".split())


@dataclass(frozen=True)
class Unit:
    label: str
    dim: str
    factor: float
    offset: float
    marks: tuple[str, ...]
    only_with: frozenset[str]


@dataclass(frozen=True)
class Scale:
    factor: float
    marks: tuple[str, ...]


@dataclass(frozen=True)
class Stated:
    """A unit the description states for one column."""

    phrase: str  # the column's words in the description
    written: str  # the unit as written
    unit: Unit | None  # None: a scale alone ("population in thousands")
    scale: Scale | None
    per: str = ""  # a rate's period or base ("kWh per month": month)
    at: int = 0  # where the unit starts in the description

    @property
    def label(self) -> str:
        scale = f"×{self.scale.factor:g} " if self.scale else ""
        return f"{scale}{self.unit.label if self.unit else ''}{'/' + self.per if self.per else ''}".strip()


@dataclass(frozen=True)
class Verdict:
    stated: Stated
    ok: bool
    detail: str


@dataclass(frozen=True)
class Knowledge:
    units: tuple[tuple[re.Pattern, re.Pattern | None, Unit], ...]  # (notation, how it may stand bare, unit)
    scales_before: tuple[tuple[re.Pattern, Scale], ...]
    scales_after: tuple[tuple[re.Pattern, Scale], ...]
    quantities: tuple[dict[str, Any], ...]
    defaults: dict[str, tuple[float, float]]
    base: dict[str, str]


@cache
def knowledge() -> Knowledge:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    units = []
    for entry in data["unit"]:
        unit = Unit(entry["label"], entry["dim"], float(entry["factor"]), float(entry.get("offset", 0.0)),
                    tuple(entry["marks"]), frozenset(entry.get("only_with", ())))
        bare = re.compile("|".join(entry["bare"])) if entry.get("bare") else None
        units += [(re.compile(notation), bare, unit) for notation in entry["notations"]]
    before, after = [], []
    for entry in data["scale"]:
        scale = Scale(float(entry["factor"]), tuple(entry["marks"]))
        before += [(re.compile(p + r"(?![a-z])\s*"), scale) for p in entry["before"]]
        after += [(re.compile(r"\s*" + p + r"(?![a-z])"), scale) for p in entry["after"]]
    defaults = {dim: (float(lo), float(hi)) for dim, (lo, hi) in data["default"].items()}
    return Knowledge(tuple(units), tuple(before), tuple(after), tuple(data["quantity"]), defaults, data["base"])


# ---------------------------------------------------------------------------- reading the text

def _unit_at(low: str, pos: int, phrase: str, bare: bool) -> tuple[int, Unit] | None:
    words = set(re.findall(r"[a-z]+", phrase))
    for pattern, bare_forms, unit in knowledge().units:
        if bare and bare_forms is None:
            continue
        found = pattern.match(low, pos)
        if not found or found.end() == pos or (unit.only_with and not unit.only_with & words):
            continue
        if bare and not (bare_forms and bare_forms.fullmatch(found.group())):
            continue
        if found.end() < len(low) and (low[found.end()].isalnum() and not _scale_follows(low, found.end(), unit)):
            continue
        return found.end(), unit
    return None


def _scale_follows(low: str, pos: int, unit: Unit) -> bool:
    return unit.dim == "money" and any(p.match(low, pos) for p, _ in knowledge().scales_after)


def read_expression(low: str, pos: int, phrase: str, *, bare: bool = False) -> tuple[int, Stated] | None:
    """A unit expression at `pos`: [scale] unit [scale] [per X], or a scale alone; its end."""
    start, scale = pos, None
    for pattern, candidate in knowledge().scales_before:
        found = pattern.match(low, pos)
        if found and not bare:
            pos, scale = found.end(), candidate
            break
    found_unit = _unit_at(low, pos, phrase, bare)
    if found_unit is None:
        if scale is None:
            return None
        end = pos if low[pos - 1] != " " else pos - 1
        return end, Stated(phrase, low[start:end], None, scale, at=start)
    end, unit = found_unit
    if unit.dim == "money" and scale is None:
        for pattern, candidate in knowledge().scales_after:
            after = pattern.match(low, end)
            if after and (after.end() == len(low) or not low[after.end()].isalnum()):
                end, scale = after.end(), candidate
                break
    per = ""
    rate = _RATE.match(low, end)
    if rate and (rate.group(1) in RATE_WORDS or re.fullmatch(r"100\s?km|sq.*|square.*", rate.group(1))):
        end, per = rate.end(), rate.group(1)
    if end < len(low) and (low[end].isalnum() or low[end] == "/"):
        return None
    return end, Stated(phrase, low[start:end], unit, scale, per, start)


def _phrase_before(low: str, pos: int) -> str:
    head = low[:pos]
    cuts = list(CUT.finditer(head))
    head = head[cuts[-1].end():] if cuts else head
    head = re.sub(r"\b\d[\d.,]*\s*(?:[a-zµ°%²³]{1,2}\b)?", " ", head)  # "average 500 m split": no quantity in a name
    words = [w for w in re.findall(r"[a-z0-9][a-z0-9'.²³]*", head) if not re.fullmatch(r"[\d.,]+", w)]
    while words and words[0] in STOP:
        words.pop(0)
    return " ".join(words[-5:])


def _in_form(low: str) -> list[Stated]:
    found = []
    for match in re.finditer(r"\bin\s+(?:the\s+)?", low):
        phrase = _phrase_before(low, match.start())
        read = read_expression(low, match.end(), phrase)
        if read and phrase and _BOUNDARY.match(low, read[0]):
            found.append(read[1])
    return found


def _paren_form(low: str) -> list[Stated]:
    found = []
    for match in re.finditer(r"\(([^()]{1,40})\)", low):
        inside = match.group(1)
        lead = _RANGE.match(inside)
        offset = match.start(1) + (lead.end() if lead else (3 if inside.startswith("in ") else 0))
        inner = low[: match.end(1)]
        phrase = _phrase_before(low, match.start())
        read = read_expression(inner, offset, phrase)
        if read is None or not phrase:
            continue
        rest = low[read[0]: match.end(1)].strip()
        single_letter = len(read[1].written.strip()) == 1 and read[1].written.strip().isalpha()
        if rest == "" or (rest[0] in ",;" and inside.count(",") <= 1 and not single_letter):
            found.append(read[1])
    return found


def _bare_form(low: str) -> list[Stated]:
    found = []
    for match in re.finditer(r"(?<=[a-z0-9'²³])(\s*,\s*|\s+)(?=[^\s])", low):
        before = re.findall(r"[\w'%]+$", low[: match.start()])
        if not before or before[0] in STOP or re.fullmatch(r"[\d.,]+", before[0]):
            continue
        phrase = _phrase_before(low, match.start())  # "distance, km" too: the unit alone after the column's name
        read = read_expression(low, match.end(), phrase, bare=True)
        if read and "," in match.group(1) and read[1].written.isalpha() and len(read[1].written) > 4:
            continue  # "name, hectares, crop": a word after a comma is a column; "distance, km" an abbreviation
        if read and phrase and _BOUNDARY.match(low, read[0]):
            found.append(read[1])
    return found


def _lead_form(low: str) -> list[Stated]:
    found = []
    for match in re.finditer(r"(?:^|[,;:(]|\band\b|\bwith\b|\bplus\b)\s*(?:the\s+|total\s+|number of\s+)?(?=[a-z])", low):
        read = read_expression(low, match.end(), "")
        if read is None or read[1].unit is None or not read[1].written.isalpha() or len(read[1].written) < 3 or read[1].per:
            continue
        if read[1].unit.dim == "time" and not read[1].written.endswith("s"):
            continue  # "year built", "month opened": a date, not a duration
        rest = low[read[0]:]
        following = re.match(r"\s+([a-z]+)(?:\s+([a-z]+))?", rest)
        if not following or not _PARTICIPLE.match(following.group(1)) or _TIME_OF.match(rest.strip()):
            continue
        phrase = f"{read[1].written} {following.group(1)}" + (f" {following.group(2)}" if following.group(1) in ("of", "per", "to", "since", "until") and following.group(2) else "")
        found.append(Stated(phrase, read[1].written, read[1].unit, None, at=read[1].at))
    return found


def _snake_form(low: str) -> list[Stated]:
    found = []
    for match in re.finditer(r"\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b", low):
        *words, last = match.group(1).split("_")
        if len(last) < 2:
            continue
        read = read_expression(last, 0, " ".join(words))
        if read and read[0] == len(last) and read[1].unit is not None:
            found.append(Stated(" ".join(words), last, read[1].unit, read[1].scale, at=match.start() + len(match.group(1)) - len(last)))
    return found


def stated_units(text: str) -> list[Stated]:
    """Every unit the description states for a column, in the order written (one per place)."""
    low = text.lower().replace("º", "°").replace("\u00a0", " ")
    seen: dict[int, Stated] = {}
    for form in (_in_form, _paren_form, _bare_form, _lead_form, _snake_form):
        for stated in form(low):
            if stated.phrase and stated.at not in seen and not _overlaps(stated, seen.values()):
                seen[stated.at] = stated
    return [seen[at] for at in sorted(seen)]


def _overlaps(stated: Stated, others: Any) -> bool:
    end = stated.at + len(stated.written)
    return any(other.at < end and stated.at < other.at + len(other.written) for other in others)


# ---------------------------------------------------------------------------- judging a column

def find_column(stated: Stated, data: Dataset) -> Column | None:
    """The generated column the phrase names: the whole phrase, then the words before a
    preposition and their endings ('price per gram': price), then shorter endings of the whole;
    never a unit word alone."""
    words = re.findall(r"[a-z0-9]+", stated.phrase)
    cut = next((i for i, word in enumerate(words) if word in PREPOSITIONS and i), len(words))
    tries = [words, *(words[i:cut] for i in range(cut)), *(words[i:] for i in range(1, len(words)))]
    for attempt in tries:
        if not attempt or attempt[0] in STOP or all(w in STOP or _is_unit_word(w) for w in attempt):
            continue
        found = [c for c in data.columns() if matches(" ".join(attempt), c.name)]
        if found:  # numbers first (a reading, not its date), then the closest name
            return min(found, key=lambda c: (c.kind in ("date", "datetime", "time", "boolean"), closeness(c.name, " ".join(attempt))))
    if stated.unit is not None:  # 'what onions fetch in rupees': a reading named for what it measures, the one number in that unit
        marks = stated.unit.marks
        carrying = [c for c in data.columns() if c.kind == "number" and any(_says(m, str(c.spec.get("unit", "")).lower()) for m in marks)]
        if len(carrying) == 1:
            return carrying[0]
    return None


def _is_unit_word(word: str) -> bool:
    return any(p.fullmatch(word) for p, _, _ in knowledge().units)


def _says(mark: str, text: str) -> bool:
    mark = mark.lower()
    if not mark.strip():
        return False
    if re.sub(r"\s", "", text) == re.sub(r"\s", "", mark):
        return True
    return re.search(r"(?<![a-z0-9])" + re.escape(mark) + r"(?:e?s)?(?![a-z0-9])", text) is not None


def _name_says(mark: str, name: str) -> bool:
    form = re.sub(r"[^a-z0-9]+", "_", mark.lower()).strip("_")
    return bool(form) and re.search(rf"(?:^|_){re.escape(form)}(?:e?s)?(?:_|$)", name.lower()) is not None


def _texts(column: Column) -> list[str]:
    return [str(v).lower() for k, v in column.spec.items() if k not in ("name", "type") and isinstance(v, str)]


def _formatted(column: Column, marks: tuple[str, ...]) -> bool:
    present = [t for t in column.texts[:400] if t is not None]
    return column.kind == "text" and bool(present) and any(
        sum(_says(m, t.lower()) or m in t.lower() for t in present) >= 0.9 * len(present) for m in marks if not m.isalpha() or len(m) > 1)


def says_unit(column: Column, stated: Stated, data: Dataset) -> tuple[bool, str]:
    """(a): the column says the unit and the scale."""
    texts = _texts(column)
    said = ""
    if stated.unit is not None:
        marks = stated.unit.marks
        if any(_says(m, t) for m in marks for t in texts):
            said = "unit"
        elif any(_name_says(m, column.name) for m in marks):
            said = "name"
        elif _formatted(column, marks):
            said = "values"
        elif stated.unit.dim == "money" and any("currency" in other.name and vocab.mostly_code(other.texts, stated.unit.label)
                                                for other in data.tables[column.table].values()):
            said = "currency column"
        if not said:
            return False, f"says no {stated.unit.label} (unit {column.spec.get('unit', '-')!r})"
    if stated.scale is not None:
        marks = stated.scale.marks
        if not (any(_says(m, t) for m in marks for t in texts) or any(_name_says(m, column.name) for m in marks)):
            return False, f"says no scale ×{stated.scale.factor:g} (unit {column.spec.get('unit', '-')!r})"
        said = (said + " and scale").strip()
    return True, f"says it ({said})"


def plausible_range(stated: Stated, text: str) -> tuple[float, float, str]:
    """Bounds in the base unit: the most specific quantity entry whose words the phrase has."""
    assert stated.unit is not None
    kn = knowledge()
    phrase = f"{stated.phrase} {stated.per}"
    words = _with_singulars(re.findall(r"[a-z0-9.²]+", phrase))
    text_words = _with_singulars(re.findall(r"[a-z0-9.²]+", text.lower()))
    best: tuple[tuple[int, int], dict[str, Any]] | None = None
    for entry in kn.quantities:
        if entry["dim"] != stated.unit.dim or not any((w in words) if " " not in w else (w in phrase) for w in entry["words"]):
            continue
        context = entry.get("context")
        rank = (1, 0)
        if context:
            in_text = sum((c in text_words) if " " not in c else (c in text.lower()) for c in context)
            if any((c in words) if " " not in c else (c in phrase) for c in context):
                rank = (3, in_text)
            elif entry.get("context_text") and set(re.findall(r"[a-z0-9.²]+", stated.phrase)) - STOP <= {*entry["words"], *NEUTRAL} and in_text:
                rank = (2, in_text)  # the bare measure ("weight") of what the description is about, by how much it says so
            else:
                continue
        if best is None or rank > best[0]:
            best = (rank, entry)
    if best is not None:
        lo, hi = best[1]["range"]
        return float(lo), float(hi), best[1]["what"]
    lo, hi = kn.defaults[stated.unit.dim]
    return lo, hi, f"any {stated.unit.dim}"


def _with_singulars(words: list[str]) -> set[str]:
    return {*words, *(w[:-1] for w in words if w.endswith("s")), *(w[:-2] for w in words if w.endswith("es"))}


def _numbers(column: Column) -> np.ndarray | None:
    if column.kind == "number":
        values = column.numbers
        return values[~np.isnan(values)]
    if column.kind != "text":
        return None
    parsed = []
    for text in column.texts:
        if text is None:
            continue
        found = _NUMBER.search(text)
        if found is None:
            return None
        parsed.append(float(found.group().replace(",", "")))
    return np.array(parsed, dtype=float)


def judge(stated: Stated, data: Dataset, text: str) -> Verdict:
    column = find_column(stated, data)
    where = f"{stated.phrase!r} in {stated.label}"
    if column is None:
        return Verdict(stated, False, f"{where}: no column")
    said, how = says_unit(column, stated, data)
    values = _numbers(column)
    if values is None or values.size == 0:
        return Verdict(stated, False, f"{where} -> {column.name}: {how}; values are no numbers")
    if stated.unit is None:
        return Verdict(stated, said, f"{where} -> {column.name}: {how}")
    lo, hi, what = plausible_range(stated, text)
    scale = stated.scale.factor if stated.scale else 1.0
    base = (values * scale + stated.unit.offset) * stated.unit.factor
    share = float(np.mean((base >= lo) & (base <= hi)))
    unit = knowledge().base.get(stated.unit.dim, "")
    ok = said and share >= SHARE
    values_say = (f"{share:.0%} within {lo:g}-{hi:g} {unit} ({what}); median {np.median(values):g}")
    return Verdict(stated, ok, f"{where} -> {column.name}: {how}; {values_say}")


def judge_all(text: str, data: Dataset) -> list[Verdict]:
    return [judge(stated, data, text) for stated in stated_units(text)]
