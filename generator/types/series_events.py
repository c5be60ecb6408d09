"""Planted events of a series, with their answer key: spikes, level shifts and outages at stated
periods and entities, and random spikes at a rate.

Random spikes are placed by a counter-based hash of the row number and the column's name (not
the seed), so the answer key is the same for every seed and every student's variant, and a row's
event does not depend on how the file is cut into chunks.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import numpy as np

from generator.params import ParamError
from generator.seeds import stable_hash
from generator.series_plan import SeriesPlan

EVENT_KINDS = ("spike", "shift", "outage")
LISTED_EVENTS = 1000


EVENTS_HELP = ('planted events, each "kind period entity size": "spike 40 2 +0.8" (+80% at period 40 of entity 2), '
               '"shift 300 all -0.2" (every entity 20% lower from period 300), "outage 200 3 6" (entity 3 reads 0 for 6 periods)')


@functools.lru_cache(maxsize=64)
def parse_events(texts: tuple[str, ...]) -> tuple[dict[str, Any], ...]:
    """The events written as "kind period entity size" (an outage's last number is its length in
    periods; entity "all" is every entity); raises ParamError naming the event."""
    return tuple(_parse_event(index, text) for index, text in enumerate(texts, start=1))


def _parse_event(index: int, text: str) -> dict[str, Any]:
    words = text.split()
    if len(words) != 4 or words[0] not in EVENT_KINDS:
        raise ParamError(f'event {index} {text[:40]!r} must read "kind period entity size", kind one of {", ".join(EVENT_KINDS)}: "spike 40 2 +0.8"')
    try:
        period, entity, last = int(words[1]), None if words[2] == "all" else int(words[2]), float(words[3])
    except ValueError:
        raise ParamError(f"event {index} {text[:40]!r}: period and entity are whole numbers (entity may be all), size a number") from None
    if not 0 <= period <= 10**9 or not (entity is None or 0 <= entity < 10**5):
        raise ParamError(f"event {index}: period must be 0 or more and entity from 0 (the first entity) to 99,999")
    event = {"kind": words[0], "period": period, "entity": entity}
    if words[0] == "outage":
        if not last.is_integer() or not 1 <= last <= 10**6:
            raise ParamError(f"event {index}: an outage's last number is its length, 1 or more periods")
        return {**event, "size": -1.0, "length": int(last)}
    if not -0.95 <= last <= 20:
        raise ParamError(f"event {index}: size must be a share from -0.95 to 20 (0.5 is +50%)")
    return {**event, "size": last}


def _uniform(key: int, rows: np.ndarray) -> np.ndarray:
    """A uniform number per row from a counter-based hash (splitmix64): the same for any chunking."""
    z = rows.astype(np.uint64) + np.uint64(key)
    z = (z + np.uint64(0x9E3779B97F4A7C15)) & np.uint64(0xFFFFFFFFFFFFFFFF)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z ^= z >> np.uint64(31)
    return (z >> np.uint64(11)).astype(np.float64) / 2.0**53


def _spike_factors(name: str, params, rows: np.ndarray) -> np.ndarray:
    """Random spikes at `event_rate`: up by event_size, or down to 1 / (1 + event_size). Their
    places depend on the column's name only, so one answer key serves every seed and student."""
    u, rate, size = _uniform(stable_hash(f"events:{name}"), rows), params["event_rate"], params["event_size"]
    return np.where(u < rate / 2, 1 / (1 + size), np.where(u < rate, 1 + size, 1.0))


def event_factors(name: str, params, grid: Any) -> np.ndarray:
    """The multiplier the planted events put on each cell of the grid."""
    periods = grid.period_numbers()[:, None]
    factors = np.ones((grid.periods, grid.entities))
    if params["event_rate"]:
        factors *= _spike_factors(name, params, periods * grid.entities + np.arange(grid.entities)[None, :])
    last = grid.first + grid.periods - 1
    for event in parse_events(tuple(params.get("events") or ())):
        if event["period"] > last or (event["kind"] != "shift" and event["period"] + event.get("length", 1) <= grid.first):
            continue
        which = slice(None) if event["entity"] is None else slice(event["entity"], event["entity"] + 1)
        if event["kind"] == "shift":
            when = periods >= event["period"]
        else:
            when = (periods >= event["period"]) & (periods < event["period"] + event.get("length", 1))
        factors[:, which] *= np.where(when, 0.0 if event["kind"] == "outage" else 1 + event["size"], 1.0)
    return factors


def planted_events(name: str, params: Mapping[str, Any], layout: SeriesPlan, rows: int) -> list[dict[str, Any]]:
    """The events inside the first `rows` rows: the stated ones, then the random spikes (at most
    LISTED_EVENTS in all)."""
    found = []
    for event in parse_events(tuple(params.get("events") or ())):
        entity = event["entity"]
        if (entity is None or entity < layout.entities) and event["period"] * layout.entities + (entity or 0) < rows:
            found.append({**event, "entity": "all" if entity is None else entity})
    for begin in range(0, rows if params["event_rate"] else 0, 1 << 20):
        numbers = np.arange(begin, min(rows, begin + (1 << 20)), dtype=np.int64)
        factors = _spike_factors(name, params, numbers)
        for row in numbers[factors != 1.0][: LISTED_EVENTS - len(found)]:
            size = float(factors[row - begin]) - 1
            found.append({"kind": "spike", "period": int(row // layout.entities), "entity": int(row % layout.entities), "size": round(size, 4)})
        if len(found) >= LISTED_EVENTS:
            break
    return found[:LISTED_EVENTS]
