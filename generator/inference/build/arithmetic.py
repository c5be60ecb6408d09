"""Numbers of a row that are arithmetic of other numbers (data/relate.toml): a total is a price
per unit times the quantity it prices, and a measured value is its nominal one give or take a
little."""

from __future__ import annotations

import re
from typing import Any

from generator.inference.build.kinds import kinds
from generator.inference.build.links import Column, can_depend, identifier, retype, said, words


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


def planned(columns: list[Column], patterns: dict[str, Any]) -> None:
    """measured diameter ≈ nominal diameter; actual cost = budgeted cost give or take 5%."""
    spec = patterns["planned"]
    numbers = [c for c in columns if c["type"] in kinds().numeric - {"year", "age"} and not identifier(c)]
    for actual in [c for c in numbers if said(spec["actual"], words(c))]:
        stem = re.sub(rf"\b(?:{spec['actual']})\b", "", words(actual)).split()
        plan = next((c for c in numbers if c is not actual and said(spec["planned"], words(c))
                     and re.sub(rf"\b(?:{spec['planned']})\b", "", words(c)).split() == stem), None)
        if plan is None or not can_depend(columns, actual, plan["name"]):
            continue
        noise = spec["close_noise"] if said(spec["close"], words(actual)) else spec["noise"]
        decimals = int(actual.get("decimals", plan.get("decimals", 2)) or 0) + (2 if noise < 0.01 else 0)
        retype(actual, {"type": "derived", "expression": f"round({plan['name']} * (1 + normal(0, {noise})), {decimals})",
                        "description": f"{plan['name'].replace('_', ' ').capitalize()} give or take about {noise:.1%}"}, ("name", "unit", "null_rate"))
