"""What a series reading remembers (data/series.toml [memory]): a reading a minute or an hour apart
keeps its departures for longer than a daily one; a count's rate departs from the usual by enough
that Poisson noise does not hide it."""

from __future__ import annotations

import math
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
