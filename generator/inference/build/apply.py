"""Apply what the description says about a column (`Hints`) to the column being built (`Draft`).

The column's meaning gives defaults; the user's own words win: their values, range, unit, rate,
dates and missing share replace the defaults, converting units where the meaning has one.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from generator.inference.build.draft import DATES, INTEGER_TYPES, NUMERIC, Draft
from generator.inference.knowledge.loader import data_file
from generator.inference.read.hints import Hints
from generator.inference.read.units import Unit, convert, unit_by_label
from generator.inference.read.values import Value
from generator.registry import registry

_TRUE = {"yes", "y", "true", "t", "1", "on"}
_FALSE = {"no", "n", "false", "f", "0", "off"}
_GENDERS = {"male", "female", "m", "f"}


def apply_hints(draft: Draft, hints: Hints) -> Draft:
    """Return the draft changed as the hints say (the draft is modified in place)."""
    _type_hint(draft, hints)
    if hints.values:
        _values(draft, hints)
    elif hints.boolean and draft.type != "boolean" and not (draft.numeric() and hints.lo is not None):
        _become(draft, "boolean", true_rate=_rate(draft, hints))
    elif draft.generic and hints.rate is not None and hints.lo is None and hints.hi is None and draft.type not in DATES and not hints.percent:
        _become(draft, "boolean", true_rate=round(hints.rate, 4))  # 'adverse event (about 15%)'
    if draft.type == "boolean" and hints.rate is not None:
        draft.params["true_rate"] = round(hints.rate, 4)
    column_type = registry().get(draft.type)
    measured_in = column_type.param("units") if column_type and hints.unit is not None else None
    if measured_in is not None and hints.unit is not None and hints.unit.label in measured_in.choices:  # a flight's distance in km
        draft.params["units"], draft.unit, draft.dim = hints.unit.label, hints.unit.label, hints.unit.dim
    numeric_hints = hints.unit is not None or hints.lo is not None or hints.hi is not None
    if draft.type == "time" and hints.unit is not None and hints.unit.dim == "time":
        draft.unit = hints.unit.label  # 'freefall time (seconds)': how long (build/scope.py `_durations`), not when
    if not draft.numeric() and draft.type not in DATES | {"time", "boolean"} and not hints.values and hints.lo is not None and hints.hi is not None and hints.hi - hints.lo >= 2:
        whole = float(hints.lo).is_integer() and float(hints.hi).is_integer()
        if draft.type != "category":
            draft.description = draft.name.replace("_", " ").capitalize()  # no longer a place's or a name's
        _become(draft, "integer" if whole else "decimal", min=hints.lo, max=hints.hi)  # 'level 1 to 100', 'sea state (0-9)'
        draft.generic = True
    if draft.numeric() or (draft.generic and numeric_hints and draft.type not in DATES | {"time"}):
        _numbers(draft, hints)
    _dates(draft, hints)
    if hints.null_rate is not None:
        draft.null_rate = hints.null_rate
    if hints.note and (draft.generic or not draft.description):
        draft.description = hints.note[0].upper() + hints.note[1:]
    if hints.key and draft.type not in ("id", "uuid", "code"):
        _become(draft, "id")
    return draft


_DURATION = re.compile(r"(?:\bin|\()\s*(?:hours|hrs|minutes|mins?|seconds|secs|days|weeks|h|s)\s*(?:\)|$|,)", re.I)


def unit_said(draft: Draft, hints: Hints, text: str, modifiers: str) -> bool:
    """A unit stated for a column its words typed as text, a code, a yes/no or a time of day makes
    it a number in that unit: 'size m2' (square metres, not S/M/L), 'print time (hours)' (how
    long, not when), 'turnover (£m)' (money, not whether staff left), 'rating kVA' (no stars)."""
    if not hints.unit or hints.values or hints.boolean or draft.numeric() and draft.type != "rating" or draft.type in ("date", "datetime"):
        return False
    if draft.type == "time" and (hints.unit.dim != "time" or not _DURATION.search(modifiers)):
        return False  # 'closing time (24h)' is still a time of day
    draft.generic, draft.description = True, text.capitalize()
    span = data_file("shapes")["units_counted"].get(hints.unit.label) if draft.type == "time" else None
    if span is not None:  # how long one activity takes in that unit (data/shapes.toml)
        draft.type, draft.params, draft.unit, draft.dim, draft.generic = "decimal" if "decimals" in span else "integer", dict(span), hints.unit.label, "time", False
    elif draft.type in ("time", "rating"):
        draft.type, draft.params = "decimal", {}
    return True


def _become(draft: Draft, type_: str, **params) -> None:
    draft.type, draft.params, draft.generic = type_, dict(params), False
    if type_ not in NUMERIC or type_ == "percentage":
        draft.unit, draft.dim = "", ""  # a percentage is in its own unit (%), never the litres or hours it was


def _rate(draft: Draft, hints: Hints) -> float:
    if hints.rate is not None:
        return round(hints.rate, 4)
    return draft.params.get("true_rate", 0.5) if draft.type == "boolean" else 0.5


def _type_hint(draft: Draft, hints: Hints) -> None:
    hint = hints.type_hint
    if not hint:
        return
    if hint == "integer" and draft.type in ("decimal", "price", "percentage"):
        draft.type = "integer"
        draft.params.pop("decimals", None)
    elif hint == "integer" and not draft.numeric():
        _become(draft, "integer", min=0, max=100)
    elif hint == "decimal" and draft.type in ("integer", "age", "year", "rating"):
        params = {k: v for k, v in draft.params.items() if k in ("min", "max", "mean", "std", "distribution")}
        _become(draft, "decimal", **params, decimals=2)
    elif hint == "decimal" and not draft.numeric():
        _become(draft, "decimal", min=0, max=100, decimals=2)
    elif hint in ("boolean", "date", "datetime", "uuid") and draft.type != hint and not (hint == "date" and draft.type in DATES):
        _become(draft, hint)
    elif hint == "percentage" and draft.type != "percentage":
        _become(draft, "percentage")
    elif hint == "text" and draft.numeric():
        _become(draft, "word")


def _values(draft: Draft, hints: Hints) -> None:
    labels = [v.label for v in hints.values]
    low = [label.lower() for label in labels]
    if len(low) == 2 and set(low) <= _TRUE | _FALSE and set(low) & _TRUE and set(low) & _FALSE:
        true_rate = _true_share(hints.values) if hints.rate is None else hints.rate
        _become(draft, "boolean", true_rate=round(true_rate if true_rate is not None else _rate(draft, hints), 4))
        return
    if draft.type == "gender" and set(low) <= _GENDERS and len(set(low)) == 2:
        draft.params["style"] = "letter" if set(low) <= {"m", "f"} else "word"
        return
    if _numeric_range(draft, labels):
        return
    weights = _weights(draft, hints.values, hints.mostly)
    coded = [f"{v.label} = {v.note}" for v in hints.values if v.note]
    params = {"values": labels} | ({"weights": weights} if weights else {})
    keep_unit = draft.unit if draft.type == "category" or all(_is_number(label) for label in labels) else ""
    _become(draft, "category", **params)
    draft.unit = keep_unit
    if coded and len(coded) == len(labels):
        draft.description = (draft.description + ": " if draft.description else "") + ", ".join(coded)
        draft.description = draft.description[:300]


def _true_share(values: list[Value]) -> float | None:
    by_label = {v.label.lower(): v.weight for v in values}
    yes = next((w for label, w in by_label.items() if label in _TRUE), None)
    no = next((w for label, w in by_label.items() if label in _FALSE), None)
    if yes is not None:
        return yes / 100 if yes > 1 else yes
    if no is not None:
        return 1 - (no / 100 if no > 1 else no)
    return None


def _is_number(text: str) -> bool:
    return re.fullmatch(r"-?\d+(?:\.\d+)?", text.strip()) is not None


def _numeric_range(draft: Draft, labels: list[str]) -> bool:
    """'(1, 2, 3, 4, 5)' on a numeric column: a range, not a category."""
    if not draft.numeric() or not all(_is_number(label) for label in labels):
        return False
    numbers = sorted(float(label) for label in labels)
    whole = all(n.is_integer() for n in numbers)
    if not whole or numbers != list(range(int(numbers[0]), int(numbers[-1]) + 1)) or len(numbers) < 3:
        return False
    draft.params.update(min=int(numbers[0]), max=int(numbers[-1]))
    if draft.type not in ("rating", "year", "age"):
        draft.type = "integer"
        draft.params = {"min": int(numbers[0]), "max": int(numbers[-1]), "distribution": "uniform"}
    return True


def _weights(draft: Draft, values: list[Value], mostly: str) -> list[float] | None:
    if any(v.weight is not None for v in values):
        given = [v.weight for v in values if v.weight is not None]
        rest = max(0.0, (100 if max(given) > 1 else 1) - sum(given))
        missing = sum(v.weight is None for v in values)
        fill = rest / missing if missing and rest > 0 else (min(given) if given else 1)
        return [round(v.weight if v.weight is not None else fill, 4) or 0.0001 for v in values]
    if mostly:
        index = next((i for i, v in enumerate(values) if v.label.lower().startswith(mostly.lower())), None)
        if index is not None:
            share = 0.4 / max(len(values) - 1, 1)
            return [0.6 if i == index else round(share, 4) for i in range(len(values))]
    known = dict(zip((v.lower() for v in draft.params.get("values", [])), draft.params.get("weights") or []))
    if draft.type == "category" and known:
        matched = [known.get(v.label.lower()) for v in values]
        if sum(m is not None for m in matched) * 2 >= len(values):
            average = sum(m for m in matched if m is not None) / max(1, sum(m is not None for m in matched))
            return [m if m is not None else round(average, 4) for m in matched]
    return None


def _numbers(draft: Draft, hints: Hints) -> None:
    if draft.type not in NUMERIC:
        _become(draft, "decimal", min=0, max=100, decimals=2)
        draft.generic = True
    if hints.unit is not None:
        _unit(draft, hints.unit, hints)
    if hints.percent and draft.type not in ("percentage", "rating") and hints.unit is None and draft.dim != "money":
        _in_percent(draft)
    if hints.scale != 1.0:
        _scale(draft, hints.scale, hints.scale_word)
    _range(draft, hints)
    _shape(draft, hints)


def _in_percent(draft: Draft) -> None:
    """A percentage: a measure the concept already gives in % keeps its own range (oxygen
    saturation 85-100, about 97), anything else spreads over 0-100."""
    if draft.unit == "%" and {"min", "max"} <= set(draft.params):
        _become(draft, "percentage", **{"decimals": 1, **draft.params})
        return
    params = {k: draft.params[k] for k in ("mean", "std") if k in draft.params}
    _become(draft, "percentage", min=0, max=100, distribution="uniform", decimals=1, **params)


def _unit(draft: Draft, unit: Unit, hints: Hints) -> None:
    current = unit_by_label(draft.unit) if draft.unit else None
    if unit.dim == "percent":
        if draft.type not in ("percentage", "rating"):
            _in_percent(draft)
        return
    own = draft.params.pop("in_units", {}).get(unit.label)
    if own is not None and hints.lo is None and hints.hi is None:  # the concept's own range in that unit: cholesterol in mmol/L
        _become(draft, "decimal", **own)
        draft.unit, draft.dim = unit.label, unit.dim
        return
    foreign = current is not None and current.dim != unit.dim and unit.default is not None and hints.lo is None and hints.hi is None
    foreign = foreign and (draft.generic or hints.unit_in_name)  # 'cholesterol in mmol/L' (the concept's range is in mg/dL)
    if foreign:
        current = None  # a range in another dimension means nothing in this unit
    if current is not None and current.dim == "time" == unit.dim and unit.default and hints.lo is None and hints.hi is None \
            and isinstance(draft.params.get("max"), (int, float)) and convert(draft.params["max"], current, unit) < 1:
        lo, hi = unit.default  # a duration said in months lasts months: the concept's minutes are no range for it
        draft.params.update(min=lo, max=hi, distribution="lognormal", mean=round((max(lo, 1) * hi) ** 0.5, 1))
        draft.params.pop("std", None)
        draft.unit, current = unit.label, None
    if current is not None and current.dim == unit.dim and current.label != unit.label:
        factor_params = [k for k in ("min", "max", "mean") if isinstance(draft.params.get(k), (int, float))]
        for key in factor_params:
            draft.params[key] = convert(draft.params[key], current, unit)
        if isinstance(draft.params.get("std"), (int, float)):
            draft.params["std"] = draft.params["std"] * (convert(1, current, unit) - convert(0, current, unit))
        _fit_decimals(draft)
    elif current is None and (draft.generic or not draft.dim or foreign) and unit.default and hints.lo is None and hints.hi is None:
        if draft.generic or draft.type in ("decimal", "integer"):
            lo, hi = unit.default
            draft.params.update(min=lo, max=hi, distribution="lognormal" if unit.dim in ("money", "data", "length") else "uniform")
            draft.params.pop("mean", None)
            draft.params.pop("std", None)
            if foreign:
                _fit_decimals(draft)
    if unit.dim == "money" and draft.type in ("decimal", "integer") and draft.generic:
        draft.type = "price"
        draft.params.setdefault("decimals", 2)
    draft.unit, draft.dim = unit.label, unit.dim


def _fit_decimals(draft: Draft) -> None:
    """After a unit change, keep about three significant digits in the spread of values."""
    lo, hi = draft.params.get("min"), draft.params.get("max")
    if not isinstance(lo, (int, float)) or not isinstance(hi, (int, float)):
        return
    span = abs(hi - lo) or abs(hi) or 1
    decimals = max(0, min(6, 2 - int(math.floor(math.log10(span)))))
    if draft.type in INTEGER_TYPES and draft.type != "year" and (decimals > 0 or not float(lo).is_integer() or not float(hi).is_integer()):
        if span >= 20:
            for key in ("min", "max", "mean"):
                if isinstance(draft.params.get(key), (int, float)):
                    draft.params[key] = round(draft.params[key])
            return
        keep = {k: v for k, v in draft.params.items() if k in ("min", "max", "mean", "std", "distribution")}
        draft.type, draft.params = "decimal", {**keep, "decimals": max(1, decimals)}
    elif "decimals" in draft.params or draft.type in ("decimal", "price", "percentage"):
        draft.params["decimals"] = max(decimals, 2 if draft.type == "price" else 0)


def _scale(draft: Draft, factor: float, word: str) -> None:
    top = draft.params.get("max")
    if factor >= 1e6 and isinstance(top, (int, float)) and top / factor < 10:
        # 'revenue in millions': the scale says the things are big (companies, not orders), so the
        # numbers are typical in that unit instead of the row-sized default divided down to zero
        draft.params.update({"min": 1.0, "max": 50_000.0, **({"mean": 250.0} if "mean" in draft.params else {})})
        draft.params.pop("std", None)
    else:
        for key in ("min", "max", "mean", "std"):
            if isinstance(draft.params.get(key), (int, float)):
                draft.params[key] = draft.params[key] / factor
    _fit_decimals(draft)
    draft.unit = f"{word} {draft.unit}".strip() if word else draft.unit


def _range(draft: Draft, hints: Hints) -> None:
    lo, hi = hints.lo, hints.hi
    if lo is None and hi is None:
        return
    if draft.type == "year" and lo is not None and lo < 1000:
        return
    old_lo, old_hi = draft.params.get("min"), draft.params.get("max")
    if lo is not None:
        draft.params["min"] = lo
    if hi is not None:
        draft.params["max"] = hi
    if lo is not None and hi is None and isinstance(old_hi, (int, float)) and old_hi <= lo:
        draft.params["max"] = lo * 4 if lo > 0 else lo + 100
    if hi is not None and lo is None and isinstance(old_lo, (int, float)) and old_lo >= hi:
        draft.params["min"] = 0 if hi > 0 else hi - 100
    if draft.type == "rating" and (draft.params.get("max", 5) > 100 or draft.params.get("min", 1) < 0):
        _become(draft, "integer", min=draft.params.get("min", 0), max=draft.params.get("max", 100))
    whole = all(float(v).is_integer() for v in (draft.params.get("min", 0), draft.params.get("max", 0)))
    if draft.type in INTEGER_TYPES and not whole:
        keep = {k: v for k, v in draft.params.items() if k in ("min", "max", "mean", "std", "distribution")}
        draft.type, draft.params = "decimal", {**keep, "decimals": 2}
    if draft.type == "decimal" and draft.generic and whole and hints.decimals is None and (hi or 0) - (lo or 0) >= 5:
        draft.type = "integer"
        draft.params.pop("decimals", None)
    mean = draft.params.get("mean")
    if isinstance(mean, str) or any(isinstance(draft.params.get(k), str) for k in ("min", "max")):  # a template's year relative to today ('Y-6')
        draft.params.pop("mean", None)
        draft.params.pop("std", None)
    elif mean is not None and not draft.params.get("min", -math.inf) <= mean <= draft.params.get("max", math.inf):
        draft.params.pop("mean", None)
        draft.params.pop("std", None)


def _shape(draft: Draft, hints: Hints) -> None:
    with_distribution = draft.type in ("integer", "decimal", "percentage", "price", "age", "year")
    if hints.mean is not None and with_distribution:
        draft.params["mean"] = hints.mean
        if draft.params.get("distribution", "uniform") == "uniform":
            draft.params["distribution"] = "normal"
        lo, hi = draft.params.get("min"), draft.params.get("max")
        if isinstance(lo, (int, float)) and isinstance(hi, (int, float)) and not lo <= hints.mean <= hi:
            draft.params["min"], draft.params["max"] = min(lo, hints.mean), max(hi, hints.mean)
    if hints.std is not None and with_distribution:
        draft.params["std"] = hints.std
    if hints.distribution and with_distribution:
        draft.params["distribution"] = hints.distribution
    if hints.decimals is not None:
        if hints.decimals == 0 and draft.type == "decimal":
            draft.type = "integer"
            draft.params.pop("decimals", None)
        elif draft.type in ("decimal", "price", "percentage", "latitude", "longitude"):
            draft.params["decimals"] = hints.decimals
        elif draft.type == "integer" and hints.decimals > 0:
            draft.type, draft.params["decimals"] = "decimal", hints.decimals


def _dates(draft: Draft, hints: Hints) -> None:
    if hints.dates is not None and draft.type in DATES:
        draft.params["start"], draft.params["end"] = hints.dates
    elif hints.dates is not None and draft.type == "year":
        draft.params["min"], draft.params["max"] = hints.dates[0].year, hints.dates[1].year
    elif draft.type in DATES and hints.lo is not None and hints.hi is not None and 1800 <= hints.lo <= hints.hi <= 2200:
        draft.params["start"], draft.params["end"] = dt.date(int(hints.lo), 1, 1), dt.date(int(hints.hi), 12, 31)
    if hints.times is not None and draft.type == "time":
        draft.params["start"], draft.params["end"] = hints.times
