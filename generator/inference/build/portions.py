"""A part that is a usual share of a whole in the same row (data/relate.toml [[portion]]): a tip is
about 16% of the bill it was left on, not a number drawn beside it."""

from __future__ import annotations

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
