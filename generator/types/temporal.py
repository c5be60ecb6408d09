"""Dates, datetimes, times, months and weekdays, drawn uniformly within a range."""

from __future__ import annotations

import datetime as dt

import numpy as np

from generator.column_types import ColumnType, Param
from generator.pools import pick

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class DateType(ColumnType):
    name, group, kind = "date", "time", "date"
    description = "A calendar date between start and end (ISO 8601, e.g. 2024-01-31)"
    params = (
        Param("start", "date", "2020-01-01", "earliest date"),
        Param("end", "date", "2025-12-31", "latest date"),
    )
    example_params = {"start": "2024-01-01", "end": "2024-12-31"}

    def check(self, params):
        if params["start"] > params["end"]:
            return [f"start ({params['start']}) must not be after end ({params['end']})"]
        return []

    def generate(self, params, ctx, rng):
        start = np.datetime64(params["start"], "D")
        days = (np.datetime64(params["end"], "D") - start).astype(np.int64)
        return start + rng.integers(0, days, ctx.size, endpoint=True)


class DateOfBirthType(DateType):
    name, group = "date_of_birth", "person"
    description = "A date of birth, for adults by default"
    params = (
        Param("start", "date", "1940-01-01", "earliest date"),
        Param("end", "date", "2006-12-31", "latest date"),
    )
    example_params = {}


class DatetimeType(ColumnType):
    name, group, kind = "datetime", "time", "datetime"
    description = "A date and time between start and end (ISO 8601, e.g. 2024-01-31T13:45:00)"
    params = (
        Param("start", "datetime", "2024-01-01T00:00:00", "earliest moment"),
        Param("end", "datetime", "2025-12-31T23:59:59", "latest moment"),
    )
    example_params = {}

    def check(self, params):
        if params["start"] > params["end"]:
            return [f"start ({params['start']}) must not be after end ({params['end']})"]
        return []

    def generate(self, params, ctx, rng):
        start = np.datetime64(params["start"], "s")
        seconds = (np.datetime64(params["end"], "s") - start).astype(np.int64)
        return start + rng.integers(0, seconds, ctx.size, endpoint=True)


class TimeType(ColumnType):
    name, group, kind = "time", "time", "time"
    description = "A time of day between start and end (HH:MM:SS)"
    params = (
        Param("start", "time", "00:00:00", "earliest time"),
        Param("end", "time", "23:59:59", "latest time"),
    )

    def check(self, params):
        if params["start"] > params["end"]:
            return [f"start ({params['start']}) must not be after end ({params['end']})"]
        return []

    def generate(self, params, ctx, rng):
        lo, hi = (_seconds(dt.time.fromisoformat(params[key])) for key in ("start", "end"))
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
