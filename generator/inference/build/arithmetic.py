"""Numbers of a row that are arithmetic of other numbers (data/relate.toml): a total is a price
per unit times the quantity it prices, an amount charged at a rate is the rate's share of what it
is charged on, a measured value is its nominal one give or take a little, and what a machine has
done grows with its age (a car's mileage with the years since its model year)."""

from __future__ import annotations

import math
import re
from typing import Any

from generator.inference.build.kinds import kinds
from generator.inference.build.links import Column, can_depend, free, identifier, retype, said, words


def totals(columns: list[Column], patterns: dict[str, Any]) -> None:
    """total price = price per kg × average weight × head count; pay = hourly rate × hours."""
    spec, numbers = patterns["totals"], [c for c in columns if c["type"] in kinds().numeric | {"derived"} and not identifier(c)]
    for rule in patterns["unit_price"]:
        price = next((c for c in numbers if re.search(rf"\bper (?:{rule['per']})\b|\b(?:{rule['per']}) (?:price|rate)\b", words(c))), None)
        if price is None:
            continue
        quantity = next((c for c in numbers if c is not price and c["type"] != "derived" and said(rule["quantity"], words(c)) and not said(spec["total"], words(c))), None)
        total = next((c for c in numbers if c not in (price, quantity) and c["type"] != "derived" and re.search(spec["total"], words(c))), None)
        if quantity is None or total is None:
            continue
        factors = [price, quantity]
        if said(spec["average"], words(quantity)):
            factors += [c for c in numbers if c not in (price, quantity, total) and c["type"] == "integer" and said(spec["counts"], words(c))][:1]
        if all(can_depend(columns, total, c["name"]) for c in factors):
            expression = " * ".join(c["name"] for c in factors)
            retype(total, {"type": "derived", "expression": f"round({expression}, 2)",
                           "description": " × ".join(c["name"].replace("_", " ") for c in factors).capitalize()}, ("name", "unit", "null_rate"))
            return


def rated(columns: list[Column], patterns: dict[str, Any]) -> None:
    """'duty rate %' and 'duty paid' beside a 'declared value': the duty is the rate's share of the
    value (a tax, a commission, a tip at its rate)."""
    spec = patterns["rated"]
    numbers = [c for c in columns if c["type"] in kinds().numeric - {"year", "age"} and not identifier(c)]
    for rate in [c for c in numbers if c["type"] == "percentage" and said(spec["rate"], words(c))]:
        stem = re.sub(rf"\b(?:{spec['rate']})\b", "", words(rate)).split()
        amount = next((c for c in numbers if c is not rate and c["type"] != "percentage" and stem
                       and re.sub(rf"\b(?:{spec['amount']})\b", "", words(c)).split() == stem), None)
        base = next((c for c in numbers if c not in (rate, amount) and c["type"] != "percentage" and said(spec["base"], words(c))), None)
        if amount is None or base is None or not all(can_depend(columns, amount, c["name"]) for c in (rate, base)):
            continue
        retype(amount, {"type": "derived", "expression": f"round({base['name']} * {rate['name']} / 100, 2)",
                        "description": f"{rate['name'].replace('_', ' ').capitalize()} of {base['name'].replace('_', ' ')}"}, ("name", "unit", "null_rate"))


def repeated(columns: list[Column], patterns: dict[str, Any]) -> None:
    """'baseline weight' and 'week 12 weight', 'score before' and 'score after': one measure of the
    same thing taken again follows the first taking."""
    spec = patterns["repeated"]
    numbers = [c for c in columns if c["type"] in kinds().numeric - {"year", "age"} and not identifier(c)]
    stems = {id(c): " ".join(re.sub(rf"\b(?:{spec['points']})\b", " ", words(c)).split()) for c in numbers}
    for index, later in enumerate(numbers):
        first = next((c for c in numbers[:index] if stems[id(c)] == stems[id(later)] != words(later) and stems[id(c)]), None)
        if first is not None and free(later) and can_depend(columns, later, first["name"]):
            later.update({"correlate_with": first["name"], "correlation": spec["r"]})


def planned(columns: list[Column], patterns: dict[str, Any]) -> None:
    """measured diameter ≈ nominal diameter; actual cost = budgeted cost give or take 5%."""
    spec = patterns["planned"]
    numbers = [c for c in columns if c["type"] in kinds().numeric - {"year", "age"} and not identifier(c)]
    for actual in [c for c in numbers if said(spec["actual"], words(c))]:
        stem = re.sub(rf"\b(?:{spec['actual']})\b", "", words(actual)).split()
        plans = [c for c in numbers if c is not actual and said(spec["planned"], words(c))]
        stems = {id(c): re.sub(rf"\b(?:{spec['planned']})\b", "", words(c)).split() for c in plans}
        plan = next((c for c in plans if stems[id(c)] == stem), None) or next((c for c in plans if not stems[id(c)]), None)  # 'actual cost' ≈ 'budget'

        if plan is None or not can_depend(columns, actual, plan["name"]):
            continue
        noise = spec["close_noise"] if said(spec["close"], words(actual)) else spec["noise"]
        decimals = int(actual.get("decimals", plan.get("decimals", 2)) or 0) + (2 if noise < 0.01 else 0)
        retype(actual, {"type": "derived", "expression": f"round({plan['name']} * (1 + normal(0, {noise})), {decimals})",
                        "description": f"{plan['name'].replace('_', ' ').capitalize()} give or take about {noise:.1%}"}, ("name", "unit", "null_rate"))


def accumulates(columns: list[Column], patterns: dict[str, Any]) -> None:
    """mileage ≈ a year's driving × the years since the model year (or the car's age), so a
    new car has done little and an old one a lot."""
    for rule in patterns["accumulates"]:
        usage = next((c for c in columns if c["type"] in ("integer", "decimal") and said(rule["usage"], words(c)) and not identifier(c)), None)
        since = next((c for c in columns if c["type"] in ("year", "age", "integer") and c is not usage and said(rule["since"], words(c))), None)
        if usage is None or since is None or not can_depend(columns, usage, since["name"]):
            continue
        per_year = rule["per_year"].get(usage.get("unit") or "km", rule["per_year"]["km"])
        years = f"({since['max']} - {since['name']} + uniform(0.2, 1))" if since["type"] == "year" else f"({since['name']} + uniform(0.2, 1))"
        retype(usage, {"type": "derived", "expression": f"round(max({years} * normal({per_year}, {per_year * rule['spread']}), 0), 0)", "kind": "integer", "decimals": 0,
                       "description": f"{usage['name'].replace('_', ' ').capitalize()}: about {per_year:,} a year since {since['name'].replace('_', ' ')}"}, ("name", "unit", "null_rate"))


def delays(columns: list[Column], patterns: dict[str, Any]) -> None:
    """actual departure = scheduled departure + the delay in minutes, so the row's three agree."""
    spec = patterns["delays"]
    delay = next((c for c in columns if c["type"] in ("integer", "decimal") and said(spec["delay"], words(c)) and not identifier(c)), None)
    if delay is None:
        return
    moments = [c for c in columns if c["type"] in ("time", "datetime")]
    for actual in [c for c in moments if said(spec["actual"], words(c))]:
        stem = re.sub(rf"\b(?:{spec['actual']})\b", "", words(actual)).split()
        plan = next((c for c in moments if c is not actual and c["type"] == actual["type"] and said(spec["planned"], words(c))
                     and re.sub(rf"\b(?:{spec['planned']})\b", "", words(c)).split() == stem), None)
        if plan is None or not all(can_depend(columns, actual, c["name"]) for c in (plan, delay)):
            continue
        if any(word in words(delay).split() for word in spec["stages"].split("|")) and not set(stem) & set(words(delay).split()):
            continue  # an arrival delay does not move the departure
        unit = "hours" if said(spec["hours"], f"{words(delay)} {delay.get('unit', '')}") else "minutes"
        retype(actual, {"type": "derived", "expression": f"{plan['name']} + {unit}({delay['name']})", "kind": actual["type"],
                        "description": f"{plan['name'].replace('_', ' ').capitalize()} plus the {delay['name'].replace('_', ' ')}"}, ("name", "null_rate"))
        return


def lasting(columns: list[Column], patterns: dict[str, Any]) -> None:
    """end time = start time + the duration in minutes (or hours, or seconds), when a row has all three: a
    ride, a call, a session whose length and clock times agree."""
    spec = patterns["lasting"]
    ends = [c for c in columns if (c["type"] in ("time", "datetime") and c.get("at_least") or c["type"] == "datetime" and c.get("after")) and said(spec["end"], words(c))]
    for end in ends:
        start = next((c for c in columns if c["name"] == (end.get("at_least") or end.get("after")) and c["type"] == end["type"] and said(spec["start"], words(c))), None)
        length = next((c for c in columns if c["type"] in ("integer", "decimal") and said(spec["duration"], f"{words(c)} {c.get('unit', '')}")
                       and not said(patterns["delays"]["delay"], words(c)) and not identifier(c)), None)  # a delay moves a planned moment (delays)
        if start is None or length is None or not can_depend(columns, end, length["name"]):
            continue
        said_unit = f"{words(length)} {length.get('unit', '')}"
        per_minute = 1 / 60 if said(spec["hours"], said_unit) else 60 if said(spec["seconds"], said_unit) else 1
        offset = (f"hours({length['name']})" if per_minute < 1 else f"minutes({length['name']} / 60)" if per_minute > 1 else f"minutes({length['name']})")
        if isinstance(end.get("gap"), list) and length["type"] == "integer" and "min" in length:  # the pair's usual gap: a car park's stays last 5 min to a day
            low, high = (end["gap"][0] * per_minute, end["gap"][1] * per_minute)
            length.update(min=max(1, round(low)), max=max(2, round(high)))
            length.pop("mean", None) if length.get("distribution") == "uniform" else length.update(mean=max(1, round(math.sqrt(max(low, 1) * high))))
        retype(end, {"type": "derived", "expression": f"{start['name']} + {offset}", "kind": end["type"],
                     "description": f"{start['name'].replace('_', ' ').capitalize()} plus the {length['name'].replace('_', ' ')}"}, ("name", "null_rate"))
        return


def late_fees(columns: list[Column], patterns: dict[str, Any], text: str) -> None:
    """late fee = the days a loan came back after its due date × a fee per day; none when on time."""
    for rule in patterns["late_fee"]:
        if rule.get("context") and not re.search(rf"(?<![a-z])(?:{rule['context']})(?![a-z])", text):
            continue
        fee = next((c for c in columns if c["type"] in kinds().numeric and said(rule["fee"], words(c)) and not identifier(c)), None)
        dates = [c for c in columns if c["type"] == "date"]
        due = next((c for c in dates if said(rule["due"], words(c))), None)
        done = next((c for c in dates if c is not due and said(rule["done"], words(c))), None)
        if fee is None or due is None or done is None or not all(can_depend(columns, fee, c["name"]) for c in (due, done)):
            continue
        retype(fee, {"type": "derived", "expression": f"round(max({done['name']} - {due['name']}, 0) * {rule['per_day']}, 2)", "kind": "number", "decimals": 2,
                     "description": f"{rule['per_day']:g} for each day {done['name'].replace('_', ' ')} is after {due['name'].replace('_', ' ')}"}, ("name", "unit"))
        return
