"""Relations between the columns of one row: end dates that follow their start dates, and
columns whose value the others decide (total = quantity * unit_price, bmi from weight and height,
length of stay from admission and discharge). Applied to finished column dicts, in place; a
column keeps the name and position the user gave it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from generator.inference.build.events import event_between, follow, gap_after
from generator.inference.knowledge.loader import data_file, knowledge

Column = dict[str, Any]
NUMERIC = {"integer", "decimal", "percentage", "price", "age", "rating", "year"}
KEEP = ("name", "description", "unit", "null_rate")

def _words(column: Column) -> str:
    return column["name"].replace("_", " ")


def order_dates(columns: list[Column], text: str = "") -> None:
    """An end date is drawn some days after its start date (data/relations.toml), so every row is
    in order; a pair with a context applies when the description's words match it."""
    dated = [c for c in columns if c["type"] in ("date", "datetime") and "after" not in c]
    low_text, patterns = text.lower(), data_file("relate")
    for index, column in enumerate(dated):
        for end_pattern, start_pattern, low, high, context in knowledge().date_pairs:
            if not re.search(end_pattern, _words(column)) or (context and not re.search(context, low_text)):
                continue
            start = next((c for c in reversed(dated[:index]) if re.search(start_pattern, _words(c))), None)
            last = event_between(columns, start, column, patterns) if start is not None else None
            if last is not None:  # ordered, packed, shipped: shipped follows packed
                follow(column, last, gap_after(column, last, patterns) or [low, high])
                break
            if start is not None:
                _follow(column, start["name"], low, high)
                break


def _follow(end: Column, start: str, low: int, high: int) -> None:
    end.pop("start", None)
    end.pop("end", None)
    end.update({"after": start, "min_days": low, "max_days": high})


def derive(columns: list[Column]) -> None:
    """Turn a column the others obviously decide into a derived one (only when every input exists)."""
    for index, column in enumerate(columns):
        if column["type"] in ("id", "uuid", "target", "derived", "reference"):
            continue
        others = [c for c in columns if c is not column]
        for rule in _RULES:
            expression = rule(column, others)
            if expression:
                columns[index] = _derived(column, expression)
                break


def _derived(column: Column, expression: str) -> Column:
    kept = {key: column[key] for key in KEEP if key in column}
    return {**kept, "type": "derived", "expression": expression, "description": _describe(column, expression)}


def _describe(column: Column, expression: str) -> str:
    said = column.get("description") or column["name"].replace("_", " ").capitalize()
    return f"{said} (computed: {expression})"[:300]


def _find(others: list[Column], pattern: str, types: set[str] = NUMERIC) -> Column | None:
    return next((c for c in others if c["type"] in types and re.search(pattern, _words(c))), None)


def _total(column: Column, others: list[Column]) -> str:
    if not re.fullmatch(r"(?:order |line |sale |sales |invoice |transaction )?(?:total|amount|revenue|subtotal|sub total|total amount|total price|total cost|line total|sales amount|total sales)", _words(column)):
        return ""
    if _given_numbers(column):
        return ""
    quantity = _find(others, r"^(?:quantity|qty|units|units sold|number of items|items|count)$", {"integer"})
    price = _find(others, r"^(?:unit price|price|price per unit|item price|unit cost|price each)$")
    if not (quantity and price):
        return ""
    gross = f"{quantity['name']} * {price['name']}"
    discount = _find(others, data_file("relations")["discount"])  # what the row's discount takes off
    if discount is not None and discount["type"] == "percentage":
        return f"round({gross} * (1 - {discount['name']} / 100), 2)"
    if discount is not None and discount["type"] == "price":
        return f"round(max({gross} - {discount['name']}, 0), 2)"
    return f"round({gross}, 2)"


def _given_numbers(column: Column) -> bool:
    """The user gave the column its own range ('total from 10 to 500'): keep it as they said."""
    return "(" in column.get("description", "") or bool(re.search(r"\d", column.get("description", "")))


def _profit(column: Column, others: list[Column]) -> str:
    if not re.fullmatch(r"(?:gross |net )?(?:profit|margin)", _words(column)):
        return ""
    revenue, cost = _find(others, r"^(?:revenue|sales|sales amount|total sales)$"), _find(others, r"^(?:cost|costs|total cost)$")
    return f"round({revenue['name']} - {cost['name']}, 2)" if revenue and cost else ""


def _bmi(column: Column, others: list[Column]) -> str:
    if not re.fullmatch(r"bmi|body mass index", _words(column)):
        return ""
    weight, height = _find(others, r"^weight(?: kg)?$"), _find(others, r"^height(?: cm| m)?$")
    if not weight or not height or weight.get("unit", "kg") not in ("kg", ""):
        return ""
    metres = height["name"] if height.get("unit") == "m" or height.get("max", 300) < 3 else f"({height['name']} / 100)"
    return f"round({weight['name']} / ({metres} * {metres}), 1)"


def _total_charges(column: Column, others: list[Column]) -> str:
    if not re.fullmatch(r"total charges?|total billed|lifetime value|total spend", _words(column)):
        return ""
    monthly, tenure = _find(others, r"^monthly (?:charges?|bill|fee)$"), _find(others, r"^tenure(?: months| in months)?$|^months$")
    return f"round({monthly['name']} * {tenure['name']}, 2)" if monthly and tenure else ""


def _age_group(column: Column, others: list[Column]) -> str:
    if not re.fullmatch(r"age (?:group|band|bracket|range|category)", _words(column)):
        return ""
    age = _find(others, r"^age$")
    if not age:
        return ""
    return f"'under 25' if {age['name']} < 25 else ('25-44' if {age['name']} < 45 else ('45-64' if {age['name']} < 65 else '65+'))"


def _stay(column: Column, others: list[Column]) -> str:
    if not re.fullmatch(r"(?:length of stay|los|stay length|days stayed|duration|duration days|stay days|nights|number of nights|days to ship|delivery days)", _words(column)):
        return ""
    for end_pattern, start_pattern, _, _, _ in knowledge().date_pairs:
        end = _find(others, end_pattern, {"date"})
        start = _find(others, start_pattern, {"date"}) if end else None
        if end and start and start is not end:
            end, start = (start, end) if start.get("after") == end["name"] else (end, start)  # a hotel's departure follows its arrival
            return f"{end['name']} - {start['name']}"
    return ""


_RULES: list[Callable[[Column, list[Column]], str]] = [_total, _profit, _bmi, _total_charges, _age_group, _stay]
