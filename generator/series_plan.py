"""Where each row of a series sits: its entity, its period and the period's timestamp.

The ground under the series feature: `SeriesPlan` is what the engine lays a series table out by
(generator.series checks the schema's `series` key and makes the plan) and what series_value
columns read (generator.types.series_value). It imports nothing of the project.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

# frequency → (unit, step): seconds, days or months per period
FREQUENCIES = {
    "minute": ("s", 60), "5min": ("s", 300), "10min": ("s", 600), "15min": ("s", 900), "30min": ("s", 1800), "hour": ("s", 3600),
    "day": ("D", 1), "business_day": ("D", 1), "week": ("D", 7),
    "month": ("M", 1), "quarter": ("M", 3), "year": ("M", 12),
}
DAY_SECONDS = 86_400
YEAR_DAYS = 365.25
WEEKDAY_ABBR = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_ABBR = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


@dataclass(frozen=True)
class SeriesPlan:
    """Where each row of a series sits: its period, its entity and the period's timestamp."""

    entity: str
    time: str
    entities: int
    frequency: str
    start: str
    closed_weekdays: tuple[int, ...] = ()
    holidays: tuple[str, ...] = ()
    dropout: float = 0.0
    jitter: int = 0  # seconds a timestamp may fall after its period's start
    end: str = ""  # the window's last moment (ISO): no periods after it

    def periods_until_end(self) -> int:
        """How many periods start at or before `end` (all of them when there is no end)."""
        if not self.end:
            return 2**62
        end, start = np.datetime64(self.end, "s"), np.datetime64(self.start, "s")
        unit, step = FREQUENCIES[self.frequency]
        seconds = step * 31 * DAY_SECONDS if unit == "M" else (step if unit == "s" else step * DAY_SECONDS)
        high = int((end - start).astype(np.int64) // (seconds // 31 if unit == "M" else seconds)) + 2  # an upper bound
        low = 0
        while low < high:  # the first period after the end (times only grow)
            middle = (low + high) // 2
            if self.times(np.array([middle]))[0] <= end:
                low = middle + 1
            else:
                high = middle
        return low

    def period_of(self, rows: np.ndarray) -> np.ndarray:
        return rows // self.entities

    def entity_of(self, rows: np.ndarray) -> np.ndarray:
        return rows % self.entities

    @property
    def closed(self) -> tuple[int, ...]:
        extra = (5, 6) if self.frequency == "business_day" else ()
        return tuple(sorted(set(self.closed_weekdays) | set(extra)))

    def _weekmask(self) -> str:
        return "".join("0" if day in self.closed else "1" for day in range(7))

    def times(self, periods: np.ndarray) -> np.ndarray:
        """The timestamp (datetime64[s]) of each period: the start of the minute, hour, day,
        week, month, quarter or year; closed days and holidays are skipped."""
        unit, step = FREQUENCIES[self.frequency]
        start = np.datetime64(self.start, "s")
        if unit == "M":
            return (np.datetime64(self.start, "M") + periods * step).astype("datetime64[D]").astype("datetime64[s]")
        per_day = DAY_SECONDS // step if unit == "s" else 1
        step_seconds = step if unit == "s" else step * DAY_SECONDS
        if not (self.closed or self.holidays):
            return start + periods * step_seconds
        weekmask, holidays = self._weekmask(), list(self.holidays)
        first = np.busday_offset(start.astype("datetime64[D]"), 0, roll="forward", weekmask=weekmask, holidays=holidays)
        days = np.busday_offset(first, periods // per_day, roll="forward", weekmask=weekmask, holidays=holidays).astype("datetime64[s]")
        time_of_day = start - start.astype("datetime64[D]").astype("datetime64[s]")
        return days + (periods % per_day) * step if unit == "s" else days + time_of_day

    def years_per_period(self) -> float:
        """The length of one period in years (for growth, drift and volatility per period)."""
        unit, step = FREQUENCIES[self.frequency]
        if unit == "M":
            return step / 12
        days = step / DAY_SECONDS if unit == "s" else step
        return days / YEAR_DAYS * 7 / (7 - len(self.closed))  # closed days stretch the calendar between periods

    def pandas_freq(self) -> str:
        """The pandas frequency of one entity's timestamps (for `asfreq`)."""
        start = dt.datetime.fromisoformat(self.start)
        month = MONTH_ABBR[(start.month - 1) % (FREQUENCIES[self.frequency][1] if self.frequency == "quarter" else 12)]
        return {"minute": "min", "5min": "5min", "10min": "10min", "15min": "15min", "30min": "30min", "hour": "h", "day": "D", "business_day": "B",
                "week": f"W-{WEEKDAY_ABBR[start.weekday()]}", "month": "MS", "quarter": f"QS-{month}", "year": f"YS-{MONTH_ABBR[start.month - 1]}"}[self.frequency]
