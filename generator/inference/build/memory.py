"""What a series reading remembers and what it moves with (data/series.toml [memory], [together]):
a reading a minute or an hour apart keeps its departures for longer than a daily one; a count's
rate departs from the usual by enough that Poisson noise does not hide it; quantities of one row
that grow with the entity's size (parcels and late deliveries, revenue and costs) move together;
a ratio of two readings ('gas per loaf') is computed from them."""

from __future__ import annotations

import math
import re
from typing import Any

from generator.inference.build.links import retype
from generator.inference.text import singular

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


def near_bound(columns: list[Column], spec: dict[str, Any]) -> None:
    """A level near its largest value (oxygen saturation 97 of 100 %) keeps its entities and its
    departures within that room: spread and noise at most `room_share` of the room left, so
    readings move instead of piling up at the bound or falling far below it."""
    share = float(spec["memory"]["room_share"])
    for column in filter(_moving, columns):
        mean, top = float(column.get("mean") or 0), column.get("max")
        if column.get("model") != "level" or top is None or mean <= 0 or float(top) <= mean:
            continue
        room = (float(top) - mean) / mean * share
        column["spread"] = round(min(float(column.get("spread", 0.3)), room), 4)
        column["noise"] = round(min(float(column.get("noise", 0.1)), room), 4)


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


def ratios(columns: list[Column]) -> None:
    """'gas per loaf' beside 'gas used' and 'loaves baked': the one divided by the other in each row
    (empty where the other is 0), so it follows both."""
    readings = [c for c in columns if _moving(c)]
    for column in columns:
        found = re.fullmatch(r"(?P<a>[a-z0-9_]+?)_per_(?P<b>[a-z]+)", column["name"])
        if found is None or column in readings:
            continue
        top = next((c for c in readings if found["a"].split("_")[-1] in c["name"].split("_")), None)
        bottom = next((c for c in readings if c is not top and any(_same_noun(w, found["b"]) for w in c["name"].split("_"))), None)
        if top is not None and bottom is not None:
            retype(column, {"type": "derived", "expression": f"round({top['name']} / {bottom['name']}, 3)", "decimals": 3}, ("name", "description", "unit"))


def _same_noun(word: str, noun: str) -> bool:
    """'loaves' and 'loaf', 'customers' and 'customer': one noun (a stem's last letter may change)."""
    one, other = singular(word), singular(noun)
    return one == other or (len(other) > 3 and abs(len(one) - len(other)) <= 1 and one[: len(other) - 1] == other[:-1])


def _shared_noun(one: Column, other: Column, rules: dict[str, Any]) -> bool:
    """Two readings that name one thing: a word of four letters or more, not the whole's word, in both."""
    whole = re.compile(rules["whole"])
    own = [set(whole.sub(" ", c["name"].replace("_", " ")).split()) for c in (one, other)]
    return any(len(w) >= 4 for w in own[0] & own[1])


_SEASONAL = ("mean", "min", "max", "spread", "daily", "peak_hour", "weekly", "yearly", "peak_day", "holiday_dates", "holiday_effect", "drivers", "event_rate", "dispersion", "trend", "growth")


def held_within(columns: list[Column], spec: dict[str, Any]) -> None:
    """'occupied beds' beside 'staffed beds', 'free spaces' beside 'total spaces': the part is a
    share of the whole in every row (never more), the share with the part's memory; a rate said
    with the part's stem ('occupancy rate') is the part over the whole in per cent."""
    rules = spec["capacity"]
    readings = [c for c in columns if _moving(c)]
    for part in readings:
        words = part["name"].replace("_", " ")
        said = next((r for r in rules["part"] if re.search(r["words"], words)), None)
        wholes = [c for c in readings if c is not part and re.search(rules["whole"], c["name"].replace("_", " "))] if said else []
        whole = next((c for c in wholes if c["name"].split("_")[-1] == part["name"].split("_")[-1]), None)
        whole = whole or next((c for c in wholes if _shared_noun(c, part, rules)), None)  # 'tank capacity' and 'fuel in tank', 'machines in fleet' and 'machines on hire'
        if said is None or whole is None or whole.get("model") == "part":
            continue
        whole.update(decimals=0, min=max(0.0, float(whole.get("min") or 0)))
        for key in _SEASONAL:
            part.pop(key, None)
        part.update(model="part", of=whole["name"], share=float(said["share"]), noise=float(rules["noise"]))
        stem = part["name"][:5]
        rate = next((c for c in columns if c is not part and c is not whole and c["name"].startswith(stem) and (c.get("unit") == "%" or re.search(r"rate|pct|percent|share", c["name"]))), None)
        if rate is not None:
            retype(rate, {"type": "derived", "expression": f"round(100 * {part['name']} / {whole['name']}, 1)", "decimals": 1}, ("name", "description", "unit"))
