"""Dates, datetimes, times, months and weekdays, drawn uniformly within a range."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import numpy as np

from generator.arrow_text import pick
from generator.column_types import ColumnType, number_text
from generator.params import Param
from generator.seeds import stable_hash
from generator.types.clock import CLOCK_PARAMS, check_clock, seconds_of_day, weighted_days

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


AFTER_PARAMS = (
    Param("after", "string", None, "another date column this one follows (ship date after order date; start/end are then unused), or "
          "in a table of several, a reference column and a date of the row it refers to (customer_id.signup_date: "
          "an order after its customer's signup, within start and end)"),
    Param("min_days", "int", None, "with after: fewest days later (default 0)", 0, 36_500),
    Param("max_days", "int", None, "with after: most days later (default 30)", 0, 36_500),
    Param("until", "date", None, "with after: the last day a value may fall on; a later one has not happened yet and is left empty (the termination date of someone still employed)"),
    Param("keyed", "choice", None, "yes: each row's date is drawn from its row number, so the rows of other tables that refer "
          "to this one can follow it (a customer's signup date, which the customer's orders come after)", choices=("yes",)),
)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def keyed_fraction(seed: int, column: str, rows: np.ndarray) -> np.ndarray:
    """A number in [0, 1) for each row number, the same whichever table or chunk asks (splitmix64)."""
    with np.errstate(over="ignore"):
        mixed = np.uint64(stable_hash(f"keyed:{seed}:{column}")) + (rows.astype(np.uint64) + np.uint64(1)) * _GOLDEN
        mixed = (mixed ^ (mixed >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        mixed = (mixed ^ (mixed >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        mixed ^= mixed >> np.uint64(31)
    return (mixed >> np.uint64(11)).astype(np.float64) * 2.0**-53


def _between(start: str, end: str, unit: Any, fraction: np.ndarray) -> np.ndarray:
    first = np.datetime64(start, unit)
    span = int((np.datetime64(end, unit) - first) // np.timedelta64(1, unit))
    return first + np.minimum((fraction * (span + 1)).astype(np.int64), span)


def _parent_key(after: str | None) -> str | None:
    """The reference column of 'customer_id.signup_date', or None for a column of the same row."""
    return after.split(".", 1)[0] if after and "." in after else None


class OrderedDates(ColumnType):
    """Dates in [start, end], or, with `after`, a random 0..max days after another date column."""

    unit = "D"

    def check(self, params):
        if (params.get("after") is None or _parent_key(params["after"])) and params["start"] > params["end"]:
            return [f"start ({params['start']}) must not be after end ({params['end']})"]
        if params.get("after") and params.get("keyed"):
            return ["keyed goes without after (a keyed date is drawn from its row number)"]
        if _parent_key(params.get("after")) and params.get("until"):
            return ["until goes with an after in the same row, not with a date of another table"]
        if params.get("after") is None:
            return ["min_days, max_days and until go with after (the date column this one follows)"] if {"min_days", "max_days"} & set(params) or params.get("until") else []
        low, high = params.get("min_days", 0), params.get("max_days", max(30, params.get("min_days", 0)))
        if low > high:
            return [f"min_days ({low}) must not be greater than max_days ({high})"]
        return []

    def dependencies(self, params):
        return [_parent_key(params["after"]) or params["after"]] if params.get("after") else []

    def describe_values(self, params, unit=""):
        if _parent_key(params.get("after")):
            key, column = params["after"].split(".", 1)
            return f"after the {column} of the row {key} refers to, from {params['start']} to {params['end']}"
        if params.get("after"):
            until = f", empty when that is after {params['until']}" if params.get("until") else ""
            return f"{number_text(params['min_days'])} to {number_text(params['max_days'])} days after {params['after']}{until}"
        return super().describe_values(params, unit)

    def describe_generation(self, params, locale):
        if _parent_key(params.get("after")):
            key, column = params["after"].split(".", 1)
            return f"A random moment between the {column} of the row {key} refers to (or {params['start']}, if later) and {params['end']}."
        if params.get("keyed"):
            return f"A random moment from {params['start']} to {params['end']}, drawn from the row's number so that other tables can follow it."
        if params.get("after"):
            return f"A random number of days after {params['after']} in the same row."
        return super().describe_generation(params, locale)

    def resolve(self, params, earlier):
        if not params.get("after"):
            return []
        if (key := _parent_key(params["after"])) is not None:
            if key not in earlier or earlier[key].type != "reference":
                return [f"after {params['after']!r} must start with a reference column of this table"]
            return []
        kind = earlier[params["after"]].kind if params["after"] in earlier else None
        if kind not in ("date", "datetime"):
            return [f"after must name a date or datetime column, and {params['after']!r} holds {kind} values"]
        params.setdefault("min_days", 0)
        params.setdefault("max_days", max(30, params["min_days"]))
        return []

    def generate(self, params, ctx, rng):
        if (key := _parent_key(params.get("after"))) is not None:
            return self._after_parent(params, key, ctx, rng)
        if params.get("keyed"):
            return _between(params["start"], params["end"], self.unit, keyed_fraction(ctx.seed, ctx.column, ctx.row_numbers()[: ctx.size]))
        if params.get("after"):
            base = ctx.values(params["after"]).astype(f"datetime64[{self.unit}]")
            per_day = 1 if self.unit == "D" else 86_400
            later = base + rng.integers(params["min_days"] * per_day, params["max_days"] * per_day, ctx.size, endpoint=True)
            if params.get("until"):  # not happened yet: NaT, which the engine writes as empty
                later = np.where(later.astype("datetime64[D]") > np.datetime64(params["until"], "D"), np.datetime64("NaT"), later)
            return later
        start = np.datetime64(params["start"], self.unit)
        span = (np.datetime64(params["end"], self.unit) - start).astype(np.int64)
        return start + rng.integers(0, span, ctx.size, endpoint=True)

    def _after_parent(self, params, key, ctx, rng):
        """After the keyed date of the row the reference refers to: within [start, end] from the day
        (or second) after that date, or min_days to max_days after it when they are given."""
        info = ctx.tables[ctx.references[key]]
        column = params["after"].split(".", 1)[1]
        _, first, last = next(date for date in info.dates if date[0] == column)
        refs = np.asarray(ctx.values(key), dtype=np.int64)
        unit = "D" if len(first) == 10 else "s"  # the parent's own values (a date or a datetime), then in this column's unit
        base = _between(first, last, unit, keyed_fraction(info.seed, column, (refs - info.id_start) // info.id_step)).astype(f"datetime64[{self.unit}]")
        per_day = 1 if self.unit == "D" else 86_400
        if "min_days" in params or "max_days" in params:
            low, high = params.get("min_days", 0), params.get("max_days", max(30, params.get("min_days", 0)))
            return base + rng.integers(low * per_day, high * per_day, ctx.size, endpoint=True)
        end = np.datetime64(params["end"], self.unit)
        low = np.maximum(base + 1, np.datetime64(params["start"], self.unit))  # after it: from the next day (or second) on
        span = np.maximum((end - low).astype(np.int64), 0)
        return low + (rng.random(ctx.size) * (span + 1)).astype(np.int64).clip(0, span)


class DateType(OrderedDates):
    name, group, kind = "date", "time", "date"
    description = "A calendar date between start and end (ISO 8601, e.g. 2024-01-31), or some days after another date column"
    params: ClassVar[tuple[Param, ...]] = (
        Param("start", "date", "2020-01-01", "earliest date"),
        Param("end", "date", "2025-12-31", "latest date"),
        *AFTER_PARAMS,
    )
    example_params = {"start": "2024-01-01", "end": "2024-12-31"}


class DateOfBirthType(DateType):
    name, group = "date_of_birth", "person"
    description = "A date of birth, for adults by default"
    params = (
        Param("start", "date", "1940-01-01", "earliest date"),
        Param("end", "date", "2006-12-31", "latest date"),
    )
    example_params = {}


class DatetimeType(OrderedDates):
    name, group, kind = "datetime", "time", "datetime"
    description = "A date and time between start and end (ISO 8601, e.g. 2024-01-31T13:45:00), at the hours a profile says, or some days after another date column"
    params = (
        Param("start", "datetime", "2024-01-01T00:00:00", "earliest moment"),
        Param("end", "datetime", "2025-12-31T23:59:59", "latest moment"),
        *AFTER_PARAMS,
        *CLOCK_PARAMS,
    )
    unit = "s"
    example_params = {"profile": "business_hours", "step": 15}

    def check(self, params):
        return super().check(params) or check_clock(params)

    def _after_parent(self, params, key, ctx, rng):
        if not (params.get("profile") or params.get("step")) or "min_days" in params or "max_days" in params:
            return super()._after_parent(params, key, ctx, rng)
        # at the hours the profile says, on a day from the parent row's date (the next midnight after it) to the end
        earliest = super()._after_parent({**params, "end": params["start"]}, key, ctx, rng)  # max(a second after the parent's date, start)
        first = (earliest + np.timedelta64(86_399, "s")).astype("datetime64[D]")
        end = np.datetime64(params["end"], "s").astype("datetime64[D]")
        span = np.maximum((end - first).astype(np.int64), 0)
        days = first + (rng.random(ctx.size) * (span + 1)).astype(np.int64).clip(0, span)
        return days.astype("datetime64[s]") + seconds_of_day(rng, ctx.size, params, 0, 86_399)

    def generate(self, params, ctx, rng):
        if params.get("after") or params.get("keyed") or not (params.get("profile") or params.get("step")):
            return super().generate(params, ctx, rng)
        start, end = (np.datetime64(params[key], "s") for key in ("start", "end"))
        first = start.astype("datetime64[D]")
        span = int((end.astype("datetime64[D]") - first).astype(np.int64))
        days = weighted_days(rng, ctx.size, first, span, params)
        moment = first.astype("datetime64[s]") + days * 86_400 + seconds_of_day(rng, ctx.size, params, 0, 86_399)
        return np.clip(moment, start, end)


class TimeType(ColumnType):
    name, group, kind = "time", "time", "time"
    description = "A time of day between start and end (HH:MM:SS), at the hours a profile says, on a grid of minutes"
    params = (
        Param("start", "time", "00:00:00", "earliest time"),
        Param("end", "time", "23:59:59", "latest time"),
        *CLOCK_PARAMS,
    )
    example_params = {"start": "11:00", "end": "22:00", "profile": "meals", "step": 15}

    def check(self, params):
        if params["start"] > params["end"]:
            return [f"start ({params['start']}) must not be after end ({params['end']})"]
        return check_clock(params)

    def generate(self, params, ctx, rng):
        lo, hi = (_seconds(dt.time.fromisoformat(params[key])) for key in ("start", "end"))
        if params.get("profile") or params.get("step"):
            return seconds_of_day(rng, ctx.size, params, lo, hi)
        return rng.integers(lo, hi, ctx.size, endpoint=True)


def _seconds(value: dt.time) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second


class MonthType(ColumnType):
    name, group = "month", "time"
    description = "A month of the year by name (January to December)"

    def generate(self, params, ctx, rng):
        return pick(MONTHS, rng.integers(0, 12, ctx.size))


class MonthNumberType(ColumnType):
    name, group, kind = "month_number", "time", "integer"
    description = "A month of the year as a number (1 to 12)"

    def generate(self, params, ctx, rng):
        return rng.integers(1, 12, ctx.size, endpoint=True)


class WeekdayType(ColumnType):
    name, group = "weekday", "time"
    description = "A day of the week (Monday to Sunday)"

    def generate(self, params, ctx, rng):
        return pick(WEEKDAYS, rng.integers(0, 7, ctx.size))


TEMPORAL_TYPES = [DateType, DateOfBirthType, DatetimeType, TimeType, MonthType, MonthNumberType, WeekdayType]
