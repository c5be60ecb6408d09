"""What a series reading remembers and what it moves with (data/series.toml [memory], [together]):
a reading a minute or an hour apart keeps its departures for longer than a daily one; a count's
rate departs from the usual by enough that Poisson noise does not hide it; quantities of one row
that grow with the entity's size (parcels and late deliveries, revenue and costs) move together."""

from __future__ import annotations

import math
import re
from typing import Any

Column = dict[str, Any]
_MOVING = ("level", "count")


def _moving(column: Column) -> bool:
    return column["type"] == "series_value" and column.get("model") in _MOVING and not column.get("weather")


def remembered(columns: list[Column], frequency: str, spec: dict[str, Any]) -> None:
    """Memory at least the frequency's floor; a count's noise at least what keeps its rate's
    departures above the Poisson noise of its mean."""
    rules = spec["memory"]
    floor = float(rules["floor"].get(frequency, 0.0))
    for column in filter(_moving, columns):
        if floor and column.get("memory") is not None:
            column["memory"] = max(float(column["memory"]), floor)
        if column.get("model") == "count" and float(column.get("mean") or 0) > 0:
            needed = math.sqrt(float(rules["count_signal"]) / float(column["mean"]))
            column["noise"] = round(max(float(column.get("noise", 0.1)), min(needed, float(rules["count_noise_max"]))), 3)


def together(columns: list[Column], spec: dict[str, Any]) -> None:
    """Each quantity of the row that grows with the entity's size moves with the first such one
    (an entity big in one is big in the other, and a busy period is busy for both). Rates,
    shares, averages, temperatures and prices do not grow with size; a driver and what it drives
    are already tied."""
    rules = spec["together"]
    drivers = {d["column"] for c in columns for d in c.get("drivers") or ()}
    sized = [c for c in columns if _moving(c) and c["name"] not in drivers and not _intensive(c, rules)]
    for column in sized[1:]:
        column.update(moves_with=sized[0]["name"], coupling=float(rules["coupling"]))


def _intensive(column: Column, rules: dict[str, Any]) -> bool:
    words = column["name"].replace("_", " ")
    unit = str(column.get("unit", "")).lower()
    return bool(re.search(rules["intensive"], words) or re.fullmatch(rules["intensive_units"], unit) or column.get("max") == 100)
