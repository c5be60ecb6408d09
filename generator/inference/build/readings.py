"""What a series measures (data/series.toml): the readings' models, levels and seasons, the
measured thing a description names ('hourly electricity demand in MW'), the ends of a period's
range, what moves a reading (holidays, other columns of the row), and the gaps a description asks
for (closed days, dropouts, late timestamps, planted spikes). build/series.py lays the
table out and calls these."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from generator.inference.build.bounds import funnel_stages
from generator.inference.build.links import retype
from generator.inference.knowledge.loader import data_file
from generator.inference.read.country import find_currency
from generator.registry import registry
from generator.series_plan import FREQUENCIES

Column = dict[str, Any]
SUB_DAILY = ("minute", "5min", "10min", "15min", "30min", "hour")
NUMERIC = {"integer", "decimal", "price", "percentage", "rating"}
KEPT = ("name", "description", "unit")
_OF_COUNT = re.compile(r"^(?:(?:a|an|the)\s+)?(?:total\s+)?(?:number|count|amount|volume|level|quantity)\s+of\s+")  # 'number of check-ins' measures check-ins
_MEASURE = re.compile(r"^(?:(?:a|an|the)\s+)?(?:(?:hourly|daily|weekly|monthly|quarterly|yearly|annual|minute-by-minute)\s+)?([a-z][a-z -]{2,40}?)\s*(?:\bin\s+([a-z%$€£¥]{1,6})\b)?\s*(?:\(([^),]{1,12})\))?(?:\s+(?:for|by|per|of|at|across|in|inside|within|outside|near|from|to|over|during|since|throughout)\b|\s+[a-z]{2,}ing\s+(?:(?:through|past|into|across|over|along|under|at|in|on|to|from|by)\s+)?(?:\d|an?\b|the\b)|\s*$)")  # 'walkers passing 4 counters', 'boats going through 4 locks'


def moved(columns: list[Column], low: str, spec: dict[str, Any], daily: bool) -> None:
    """Holidays and other columns of the row that move a reading's level (data/series.toml)."""
    for column in columns:
        if column.get("model") not in ("level", "count") or column.get("weather"):
            continue
        words = column["name"].replace("_", " ")
        holiday = next((h for h in spec["holiday"] if re.search(h["words"], words)), None) if daily else None
        if daily and holiday is None and len([c for c in columns if c.get("model") in ("level", "count")]) == 1:
            holiday = next((h for h in spec["holiday"] if re.search(rf"\b(?:{h['words']})", low)), None)
        if holiday is not None:
            column.update(holiday_dates=list(holiday["dates"]), holiday_effect=holiday["effect"])
        drivers = []
        for rule in spec["driver"]:
            if not re.search(rule["reading"], words):
                continue
            for cause in columns:
                cause_words = cause["name"].replace("_", " ")
                if cause is column or cause.get("model") in ("open", "high", "low", "walk") or not re.search(rf"\b(?:{rule['cause']})", cause_words):
                    continue
                if cause["type"] == "boolean" and "reference" not in rule:
                    drivers.append({"column": cause["name"], "effect": rule["effect"]})
                elif "reference" in rule and (cause["type"] in NUMERIC or cause.get("model") == "level"):
                    drivers.append({"column": cause["name"], "effect": rule["effect"], "value": str(rule["reference"])})
        if drivers:
            column["drivers"] = list({d["column"]: d for d in drivers}.values())


_ENDS = {"min": -1, "minimum": -1, "low": -1, "lowest": -1, "max": 1, "maximum": 1, "high": 1, "highest": 1}


def range_readings(columns: list[Column]) -> None:
    """'min temperature', 'max temperature' beside 'temperature': the ends of a period's range sit
    below and above its reading (or above the min when there is no plain reading), never crossed."""
    levels = {c["name"].replace("_", " "): c for c in columns if c.get("model") in ("level", "count") and not c.get("weather")}
    for name, column in list(levels.items()):
        words = name.split()
        end = next((w for w in words if w in _ENDS), None)
        stem = " ".join(w for w in words if w not in _ENDS)
        base = levels.get(stem) or next((c for n, c in levels.items() if n != name and _ENDS.get(n.split()[0]) == -1 and " ".join(n.split()[1:]) == stem), None)
        if end is None or base is None or base is column or (base.get("model") == "derived"):
            continue
        spread = max(abs(float(base.get("mean", 10))) * max(float(base.get("noise", 0.1)), 0.05) * 3, 0.5)
        sign = "+" if _ENDS[end] > 0 else "-"
        decimals = int(base.get("decimals", 1))
        retype(column, {"type": "derived", "expression": f"round({base['name']} {sign} uniform({spread / 6:.3g}, {spread:.3g}), {decimals})"}, KEPT)


def gapped_pairs(columns: list[Column]) -> None:
    """'systolic' and 'diastolic blood pressure' read together: a pair data/relate.toml bounds by a
    gap (its [[bound]] entries with `gap`) keeps it in every row, the lower one that gap below
    the upper's reading, so it keeps the upper's memory and never crosses it."""
    levels = [c for c in columns if c.get("model") == "level" and not c.get("weather")]
    for rule in data_file("relate")["bound"]:
        if "gap" not in rule:
            continue
        upper = next((c for c in levels if re.search(rule["upper"], c["name"].replace("_", " "))), None)
        lower = next((c for c in levels if c is not upper and re.search(rule["lower"], c["name"].replace("_", " "))), None)
        if upper is None or lower is None or upper.get("unit") != lower.get("unit"):
            continue
        low, high = rule["gap"]
        decimals = int(upper.get("decimals", 0))
        retype(lower, {"type": "derived", "expression": f"round({upper['name']} - uniform({low}, {high}), {decimals})"}, KEPT)


def reading(column: Column, columns: list[Column], low: str, spec: dict[str, Any]) -> None:
    """A numeric column as a series reading: its model by its words, seasons by what it measures."""
    if column["type"] not in NUMERIC:
        return
    words = column["name"].replace("_", " ")
    rule = next(r for r in spec["reading"] if re.search(r["words"], words))
    if rule["model"] == "count" and (column["type"] == "price" or re.fullmatch(r"[A-Z]{3}", column.get("unit", ""))):
        rule = spec["reading"][-1]  # sales in dollars are an amount, not a count
    params: dict[str, Any] = {"model": rule["model"], **rule.get("params", {})}
    if rule["model"] == "walk" and (assets := assets_named(low, spec)):
        logs = [math.log(a["price"]) for a in assets]
        centre = sum(logs) / len(logs)
        params.update(mean=round(math.exp(centre), 6), spread=round((sum((x - centre) ** 2 for x in logs) / len(logs)) ** 0.5, 3),
                      volatility=max(a["volatility"] for a in assets), decimals=max(a["decimals"] for a in assets), trend=0.0)
        column["unit"] = assets[0].get("unit", column.get("unit", ""))
    if rule["model"] in ("open", "high", "low"):
        close = next((c["name"] for c in columns if c.get("model") == "walk"), None)
        if close is None:
            rule, params = spec["reading"][-1], dict(spec["reading"][-1]["params"], model="level")
        else:
            params = {"model": rule["model"], "of": close}
    if params["model"] in ("level", "count"):
        params.update({k: v for k, v in _level(column).items() if "mean" not in rule.get("params", {}) or k not in ("mean", "min", "max")})
        if "least" in rule and float(params.get("mean") or 0) < rule["least"]:
            params.update(mean=float(rule["level"]), min=0.0)  # a place's passengers in a period, not one booking's
        season = next((s["params"] for s in spec["season"] if re.search(s["words"], words)), None)
        season = season or next((s["params"] for s in spec["season"] if re.search(rf"\b(?:{s['words']})", low)), {})
        params.update(season)
    if "unit" in rule:
        column["unit"] = rule["unit"]
    bounds = ("at_most",) if params["model"] == "count" else ()  # clicks ≤ visitors: made a part below
    retype(column, {"type": "series_value", **params}, KEPT + bounds)


def parts(columns: list[Column]) -> None:
    """A count kept at most another count (clicks ≤ visitors, see build/relate.py) is a part of it:
    a share of the whole's count in each row. Series values carry no other order."""
    counts = {c["name"]: c for c in columns if c["type"] == "series_value" and c.get("model") in ("count", "part")}
    shares = {id(column): share for staged in funnel_stages(list(counts.values()), data_file("relate")) for column, share in staged}
    for column in list(counts.values()):
        whole = counts.get(column.pop("at_most", None) or "")
        if whole is not None and column.get("model") == "count":
            share = shares.get(id(column)) or min(0.9, max(0.01, float(column.get("mean") or 1) / float(whole.get("mean") or 1)))
            column.update(model="part", of=whole["name"], share=round(share, 3))
            for key in ("mean", "min", "max", "dispersion", "daily", "peak_hour", "weekly", "yearly", "peak_day", "holiday_dates", "holiday_effect", "drivers", "event_rate"):
                column.pop(key, None)


def running_totals(columns: list[Column], spec: dict[str, Any]) -> None:
    """'total cases' beside 'new cases': the running total of the new ones per entity."""
    readings = [c for c in columns if c["type"] == "series_value" and c.get("model") in ("level", "count", "part")]
    for total in [c for c in readings if re.search(spec["running_total"], c["name"].replace("_", " "))]:
        stem = re.sub(spec["running_total"], " ", total["name"].replace("_", " ")).split()
        added = next((c for c in readings if c is not total and not re.search(spec["running_total"], c["name"].replace("_", " "))
                      and re.sub(spec["running_new"], " ", c["name"].replace("_", " ")).split() == stem), None)
        if added is None or not stem:
            continue
        start = float(total.get("mean") or 0)
        for key in [k for k in total if k not in ("name", "type", "description", "unit", "null_rate")]:
            total.pop(key)
        total.update(model="total", of=added["name"], mean=start)
        added.pop("at_most", None)  # the total holds every new one: nothing to bound


def per_unit(columns: list[Column], spec: dict[str, Any]) -> None:
    """'revenue and number of transactions': the money is the count times an amount per unit."""
    readings = [c for c in columns if c["type"] == "series_value"]
    money = next((c for c in readings if c.get("model") == "level" and re.search(spec["per_unit_money"], c["name"].replace("_", " "))), None)
    count = next((c for c in readings if c.get("model") == "count" and re.search(spec["per_unit_count"], c["name"].replace("_", " "))), None)
    if money is None or count is None or not money.get("mean") or not count.get("mean"):
        return
    said = count["name"].replace("_", " ")
    each = next((float(e["amount"]) for e in spec["per_unit_each"] if re.search(e["count"], said)), float(money["mean"]) / float(count["mean"]))
    decimals = int(money.get("decimals", 2))
    expression = f"round({count['name']} * uniform({each * 0.95:.4g}, {each * 1.05:.4g}), {decimals})"
    basket = next((c for c in readings if c is not money and re.search(spec["per_unit_amount"], c["name"].replace("_", " "))), None)
    if basket is not None:  # 'revenue, number of customers and average basket': the basket is the amount per customer
        expression = f"round({count['name']} * {basket['name']}, {decimals})"
    retype(money, {"type": "derived", "expression": expression}, KEPT)


def assets_named(low: str, spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The assets whose prices the description names (data/series.toml [[asset]])."""
    return [asset for asset in spec["asset"] if re.search(asset["words"], low)]


def _level(column: Column) -> dict[str, Any]:
    """The reading's typical level and bounds, from the range the column had."""
    low, high = column.get("min"), column.get("max")
    found: dict[str, Any] = {}
    if isinstance(low, (int, float)) and isinstance(high, (int, float)) and high > low:
        found["mean"] = float(column.get("mean") or (low + high) / 2)
        if column["type"] == "percentage" or low >= 0:
            found["min"] = float(low)
        if column["type"] == "percentage":
            found["max"] = float(high)
    if column["type"] == "integer":
        found["decimals"] = 0
    elif "decimals" in column:
        found["decimals"] = column["decimals"]
    return found


def measured(columns: list[Column], low: str, spec: dict[str, Any], typer: Callable[[str], Column | None], keep: bool) -> None:
    """'hourly electricity demand in MW for 3 regional grids': a series of that one reading; the
    columns a domain filled in around it give way (`keep`: the columns the description listed
    stay, and the reading joins them unless one of them already is it)."""
    said = _OF_COUNT.sub("", _frequency_free(low, spec))
    found = _MEASURE.match(said)
    if found is None:
        return
    phrase = " ".join(re.sub(r"\b(?:of|the|a|an|total)\b", " ", found.group(1)).split())
    if re.search(r"\band\b|,", phrase):  # 'ice cream sales and temperature': the columns are named already
        return
    name = re.sub(r"[^a-z0-9]+", "_", phrase).strip("_")[:40]
    if keep and (not re.search(spec["series"]["measured"], phrase) or any(phrase.split()[-1] in c["name"].split("_") for c in columns if c["type"] != "id")):
        return
    money = rf"{spec['per_unit_money']}|\bsales\b"
    if keep and re.search(money, phrase) and any(re.search(money, c["name"].replace("_", " ")) for c in columns):
        return  # 'daily sales … with revenue': the revenue is the sales
    later = re.match(r"[^()]*?\(([^(),]{1,12})\)", re.split(r"\s(?:for|at|across|from|during|since|over)\s", said[found.end(1):])[0])
    unit = found.group(2) or found.group(3) or (later.group(1) if later else "")  # 'share of renewables in electricity generation (%)'
    typed = typer(f"{phrase} in {unit}" if unit else phrase)
    if typed is not None and _measurement(typed, unit):
        typed["name"] = name
        columns[:] = [*columns, typed] if keep else [typed]
        return
    reading: Column = {"name": name, "type": "decimal", "description": found.group(1).strip().capitalize(), "min": 0, "max": 100 if "%" in unit else 10_000, "mean": 6 if "%" in unit else 500}
    if unit:
        reading["unit"] = unit.strip()
    if "%" in unit:
        reading["type"] = "percentage"
    columns[:] = [*columns, reading] if keep else [reading]


def _measurement(typed: Column, unit: str) -> bool:
    """A typed phrase that measures something in the unit given ('levels' typed as floors does not)."""
    if typed["type"] not in NUMERIC or not (typed.get("unit") or typed["type"] in ("percentage", "price")):
        return False
    said = str(typed.get("unit") or getattr(registry().get(typed["type"]), "value_unit", ""))  # a percentage is in % even before it says so
    currency = find_currency(unit) if unit else None  # 'takings in yen' is in JPY
    return not unit or said.lower() == unit.strip().lower() or (currency is not None and currency.code == said)


def _frequency_free(low: str, spec: dict[str, Any]) -> str:
    """The description without how-often phrases ('calls received every 30 minutes at …')."""
    for rule in spec["frequency"]:
        if rule["frequency"] != "business_day":  # 'closing prices' says how often and what is measured
            low = re.sub(rf"\s*(?:{rule['words']})", "", low)
    return low.strip()


def says_gap(column: Column, spec: dict[str, Any]) -> bool:
    """A column phrase that is really a gap of the series ('closed on Sundays', 'sensor dropouts')."""
    words = column["name"].replace("_", " ")
    rules = [r for r in spec["gap"] if column["type"] != "boolean" or "event_rate" not in r]  # an anomaly flag stays
    return any(re.search(r["words"], words) for r in rules)


def gaps(series: dict[str, Any], time: Column, columns: list[Column], low: str, spec: dict[str, Any]) -> None:
    """Closed days, dropouts, late timestamps and planted spikes the description asks for."""
    for rule in spec["gap"]:
        if not re.search(rule["words"], low):
            continue
        if "closed_weekdays" in rule and series["frequency"] in ("day", *SUB_DAILY):
            series["closed_weekdays"] = sorted(set(series.get("closed_weekdays", [])) | set(rule["closed_weekdays"]))
        if "dropout" in rule:
            series["dropout"] = rule["dropout"]
        unit, step = FREQUENCIES[series["frequency"]]
        if "jitter" in rule and time["type"] == "datetime" and unit == "s":
            series["jitter"] = max(1, int(step * rule["jitter"]))
        if "event_rate" in rule:
            for column in columns:
                if column.get("model") in ("level", "count", "walk"):
                    column["event_rate"] = rule["event_rate"]
                    break
