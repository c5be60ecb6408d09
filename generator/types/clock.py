"""Clock times people keep: hours of the day and days of the week weighted by a profile
(`data/clock.toml`), on a grid of minutes where people schedule."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

import numpy as np

from generator.params import Param

DATA = Path(__file__).parent / "data" / "clock.toml"
CLOCK_PARAMS = (
    Param("profile", "string", None, "when in the day and week values fall: a profile name from /types (business_hours, meals, commute, …); unset: uniform"),
    Param("step", "int", None, "minutes: values fall on this grid (5, 15 or 30 where people schedule)", 1, 720),
)


@functools.lru_cache(maxsize=1)
def profiles() -> dict[str, dict[str, Any]]:
    """name → {"about", "hours": 24 weights, "weekdays": 7 weights (Monday first)}."""
    with DATA.open("rb") as handle:
        return tomllib.load(handle)


def check_clock(params: dict[str, Any]) -> list[str]:
    name = params.get("profile")
    if name is not None and name not in profiles():
        return [f"profile must be one of {', '.join(profiles())}; got {name!r}"]
    return []


def seconds_of_day(rng: np.random.Generator, size: int, params: dict[str, Any], lo: int, hi: int) -> np.ndarray:
    """Seconds after midnight in [lo, hi]: hours drawn by the profile's weights (uniform without
    one), a uniform moment within the hour, then floored onto the `step` grid."""
    hours = np.asarray(profiles()[params.get("profile") or "uniform"]["hours"], dtype=np.float64)
    starts = np.arange(24) * 3600
    weights = hours * np.clip(np.minimum(starts + 3600, hi + 1) - np.maximum(starts, lo), 0, None)
    if weights.sum() <= 0:  # the profile is closed throughout [lo, hi]: fall back to uniform
        weights = np.clip(np.minimum(starts + 3600, hi + 1) - np.maximum(starts, lo), 0, None).astype(np.float64)
    hour = np.searchsorted(np.cumsum(weights) / weights.sum(), rng.random(size), side="right").clip(0, 23)
    seconds = np.clip(starts[hour] + rng.integers(0, 3600, size), lo, hi)
    step = 60 * (params.get("step") or 0)
    if step:
        seconds = np.clip(seconds // step * step, -(-lo // step) * step, hi)
    return seconds.astype(np.int64)


def weighted_days(rng: np.random.Generator, size: int, first: np.datetime64, span: int, params: dict[str, Any]) -> np.ndarray:
    """Days in [first, first + span], each weekday as often as the profile says."""
    weights = np.asarray(profiles()[params.get("profile") or "uniform"]["weekdays"], dtype=np.float64)
    accept = weights / weights.max()
    days = rng.integers(0, span, size, endpoint=True)
    pending = np.arange(size)
    for _ in range(8):  # rejection sampling: a day is kept with its weekday's weight
        weekday = (first.astype("datetime64[D]").astype(np.int64) + days[pending] + 3) % 7  # 1970-01-01 was a Thursday
        pending = pending[rng.random(len(pending)) >= accept[weekday]]
        if not len(pending):
            break
        days[pending] = rng.integers(0, span, len(pending), endpoint=True)
    return days
