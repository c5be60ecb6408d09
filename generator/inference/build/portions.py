"""A part that is a usual share of a whole in the same row (data/relate.toml [[portion]]): a tip is
about 16% of the bill it was left on, not a number drawn beside it; and the years of a working
life, each a share of the one it fits in ([careers]): no one has been 7 years at a company at 21."""

from __future__ import annotations

import re
from typing import Any

from generator.inference.build.links import Column, can_depend, retype, said, words


def portions(columns: list[Column], patterns: dict[str, Any]) -> None:
    """Make each part the rules name a share of its whole (the first whole the rule names)."""
    money = [c for c in columns if c["type"] in ("price", "decimal", "integer") and "expression" not in c]
    for rule in patterns["portion"]:
        for part in [c for c in money if said(rule["part"], words(c))]:
            whole = next((c for c in money if c is not part and said(rule["whole"], words(c)) and not said(rule["part"], words(c))), None)
            if whole is None or not can_depend(columns, part, whole["name"]):
                continue
            low, high = rule["share"]
            share = f"min(max(normal({(low + high) / 2:g}, {(high - low) / 4:g}), {rule['least']:g}), {high:g})"
            retype(part, {"type": "derived", "expression": f"round({whole['name']} * {share}, 2)",
                          "description": f"{rule['says']} ({low:.0%} to {high:.0%} of {whole['name'].replace('_', ' ')})"}, ("name", "unit", "null_rate"))


def careers(columns: list[Column], patterns: dict[str, Any]) -> None:
    """Each span of a working life the columns name is a share of the next wider one named (the
    widest of the person's adult years, when there is an age): round(wider × u^k), u uniform, k
    set so the mean share is the levels' ratio of shares."""
    spec = patterns["careers"]
    numbers = [c for c in columns if c["type"] in ("integer", "decimal", "price") and "expression" not in c]
    age = next((c for c in columns if c["type"] in ("integer", "age") and "expression" not in c and re.search(spec["age"], words(c))), None)
    wider, wider_share = (f"max({age['name']} - {spec['start_age']}, 0)", 1.0) if age else (None, 1.0)
    wider_column = age["name"] if age else None  # the column the wider span is made from
    said_wider = f"the years since age {spec['start_age']}"
    for level in spec["levels"]:
        column = next((c for c in numbers if c is not age and said(level["words"], words(c))), None)
        if column is None:
            continue
        if wider is None or wider_column is None or not can_depend(columns, column, wider_column):
            wider = wider_column = column["name"]  # the widest named keeps its own draw
            wider_share, said_wider = level["share"], words(column)
            continue
        exponent = wider_share / level["share"] - 1  # u^k has mean 1 / (k + 1)
        retype(column, {"type": "derived", "expression": f"round({wider} * uniform(0, 1) ** {exponent:.2f})", "unit": "years",
                        "description": f"{words(column).capitalize()}: part of {said_wider}"}, ("name", "null_rate"))
        wider = wider_column = column["name"]
        wider_share, said_wider = level["share"], words(column)


def stated_rates(columns: list[Column], patterns: dict[str, Any], text: str) -> None:
    """'tax 5%': the tax is 5% of the row's amount (a base column, or the product a derived total
    is made of), and that total then includes it (data/relate.toml [stated_rate])."""
    spec, base_words = patterns["stated_rate"], patterns["sum"]["base"]
    money = [c for c in columns if c["type"] in ("price", "decimal", "integer") and "expression" not in c]
    for part in [c for c in money if re.fullmatch(rf"(?:{spec['part']})(?: amount)?", words(c))]:
        said_words = re.escape(words(part).removesuffix(" amount"))
        rate = re.search(rf"\b{said_words}\s*(?:\(|of |at |rate of |rate )?\s*(\d{{1,2}}(?:\.\d+)?)\s*%|(\d{{1,2}}(?:\.\d+)?)\s*%\s*{said_words}\b", text, re.I)
        if rate is None:
            continue
        share = float(rate.group(1) or rate.group(2)) / 100
        base = next((c for c in columns if c is not part and re.fullmatch(base_words, words(c))), None)
        product = next(((c, m.group(1)) for c in columns if c.get("type") == "derived" and re.fullmatch(patterns["sum"]["total"], words(c))
                        and (m := re.fullmatch(r"round\((\w+ \* \w+), 2\)", c.get("expression", "")))), None)
        total = product[0] if product else None
        amount = base["name"] if base else product[1] if product else None
        if amount is None or not all(can_depend(columns, part, name) for name in re.findall(r"\w+", amount)):
            continue
        retype(part, {"type": "derived", "expression": f"round({amount} * {share:g}, 2)",
                      "description": f"{words(part).capitalize()}: {share * 100:g}% of {amount.replace('_', ' ')}"}, ("name", "unit", "null_rate"))
        if total is not None and base is None and can_depend(columns, total, part["name"]):
            sign = "-" if re.search(spec["minus"], words(part)) else "+"
            total.update({"expression": f"round({amount} {sign} {part['name']}, 2)", "description": f"{amount.replace('_', ' ')} {sign} {words(part)}".capitalize()})
