"""A table that is a series: entities measured at regular times (README, "Time series and panels").

A schema (or one table of a multi-table schema) may carry

    "series": {"entity": "store_id", "entities": 20, "time": "date", "frequency": "day",
               "start": "2024-01-01", "closed_weekdays": [6], "holidays": ["2024-12-25"],
               "dropout": 0.01}

Rows are ordered by time, then entity: row i is period i // entities of entity i % entities. So
the first k rows of a larger file are the file of k rows, and the rows asked for decide the span
(rows = entities × periods). The entity column holds exactly `entities` values, one per entity
(a reference column's entity k is the k-th row of its table); the time column holds the
period's timestamp. Closed weekdays (0 = Monday … 6 = Sunday) and holidays are left out of the
calendar: no rows on those days. `dropout` is the share of readings missing: the row stays (entity
and time) and its readings (series_value columns) are empty, so the grid stays regular.

This module checks the key (generator.schema places its problems on the `series` field) and gives
the engine the entity and time columns and the dropouts; the layout itself, `SeriesPlan`, is in the
ground module generator.series_plan, where series_value columns read it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from generator.series_plan import FREQUENCIES, WEEKDAYS, SeriesPlan

MAX_ENTITIES = 100_000
MAX_HOLIDAYS = 1000
MAX_DROPOUT = 0.5
SERIES_KEYS = ("entity", "entities", "time", "frequency", "start", "end", "closed_weekdays", "holidays", "dropout", "jitter")
ENTITY_POOL_CHUNK = 2**32 + 1  # a chunk index no real chunk has: the entities are the same in every chunk




# --- validation ---------------------------------------------------------------------------------


def clean(raw: Any, columns: Sequence[Any]) -> tuple[dict[str, Any] | None, list[str]]:
    """The series key checked against the (resolved) columns, normalised with its defaults, and
    its problems in words ("frequency must be …"; the schema places them on its `series` field)."""
    errors: list[str] = []
    if raw is None:
        return None, errors
    if not isinstance(raw, Mapping):
        errors.append('must be an object such as {"entity": "store_id", "entities": 20, "time": "date", "frequency": "day"}')
        return None, errors
    by_name = {column.name: column for column in columns}
    unknown = sorted(str(key)[:40] for key in raw if key not in SERIES_KEYS)
    if unknown:
        errors.append(f"unknown keys {', '.join(map(repr, unknown))}; allowed: {', '.join(SERIES_KEYS)}")
    spec: dict[str, Any] = {"entity": raw.get("entity"), "time": raw.get("time")}
    spec["entities"] = _entities(raw.get("entities"), errors)
    _check_entity(by_name, spec, errors)
    time_column = _check_time(by_name, spec, errors)
    spec["frequency"] = _frequency(raw.get("frequency"), time_column, errors)
    spec["start"] = _start(raw.get("start"), time_column, errors)
    spec.update(_gaps(raw, spec["frequency"], spec["start"], errors))
    spec["jitter"] = _jitter(raw.get("jitter", 0), time_column, spec["frequency"], errors)
    if raw.get("end") is not None:
        spec["end"] = _end(raw["end"], spec["start"], errors)
    return (None if errors else spec), errors


def _moment(value: Any) -> dt.datetime | None:
    """An ISO date or datetime as a datetime, or None."""
    try:
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _end(value: Any, start: str, errors: list[str]) -> str:
    """The last moment of the window (a date means its whole day); rows stop there."""
    moment = _moment(value)
    if moment is None:
        errors.append(f"end must be an ISO date or datetime such as 2024-12-31; got {str(value)[:40]!r}")
        return ""
    if isinstance(value, str) and len(value) == 10:
        moment = moment.replace(hour=23, minute=59, second=59)
    if moment < dt.datetime.fromisoformat(start):
        errors.append(f"end ({value}) must not be before start ({start[:10]})")
    return moment.replace(tzinfo=None).isoformat(timespec="seconds")


def _jitter(value: Any, time_column: Any, frequency: str, errors: list[str]) -> int:
    """Seconds a reading may arrive after its period starts (0: exactly on the grid)."""
    if not value:
        return 0
    unit, step = FREQUENCIES[frequency]
    longest = step // 2 if unit == "s" else 43_200
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= longest:
        errors.append(f"jitter must be a whole number of seconds from 0 to {longest:,} (half a {frequency.replace('_', ' ')} at most), e.g. 20")
        return 0
    if time_column is not None and time_column.kind != "datetime":
        errors.append(f"jitter moves timestamps by seconds, and time {time_column.name!r} holds dates: make it a datetime column")
    return value


def _entities(value: Any, errors: list[str]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ENTITIES:
        errors.append(f"entities must be a whole number from 1 to {MAX_ENTITIES:,} (how many stores, sensors, stocks…)")
        return 1
    return value


def _check_entity(by_name: Mapping[str, Any], spec: dict[str, Any], errors: list[str]) -> None:
    name = spec["entity"]
    column = by_name.get(name) if isinstance(name, str) else None
    if column is None:
        errors.append(f"entity must name a column of the table; got {str(name)[:64]!r}; columns: {', '.join(by_name)}")
        return
    is_reference = column.column_type.foreign_table(column.params) is not None
    if column.kind not in ("string", "integer") or (column.dependencies() and not is_reference) or column.column_type.reading:
        errors.append(f"entity {name!r} must be a column of ids, codes, names or categories (its {column.type} values cannot be one per entity)")
    elif column.null_rate or set(column.relations) - {"role"}:
        errors.append(f"entity {name!r} is one value per entity: leave out its null_rate and relations (distinct is implied)")
    elif "values" in column.params and spec["entities"] > len(column.params["values"]):
        errors.append(f"entities ({spec['entities']}) is more than the {len(column.params['values'])} values of {name!r}")


def _check_time(by_name: Mapping[str, Any], spec: dict[str, Any], errors: list[str]) -> Any:
    name = spec["time"]
    column = by_name.get(name) if isinstance(name, str) else None
    if column is None or name == spec["entity"]:
        errors.append(f"time must name a date or datetime column other than the entity; got {str(name)[:64]!r}")
        return None
    if column.kind not in ("date", "datetime") or column.dependencies() or column.null_rate or column.relations:
        errors.append(f"time {name!r} must be a plain date or datetime column without null_rate or relations (it holds {column.kind} values)")
        return None
    return column


def _frequency(value: Any, time_column: Any, errors: list[str]) -> str:
    if value not in FREQUENCIES:
        errors.append(f"frequency must be one of {', '.join(FREQUENCIES)}; got {str(value)[:40]!r}")
        return "day"
    if time_column is not None and time_column.kind == "date" and FREQUENCIES[value][0] == "s":
        errors.append(f"frequency {value} needs a datetime time column; {time_column.name!r} holds dates")
    return value


def _start(value: Any, time_column: Any, errors: list[str]) -> str:
    if value is None:
        value = time_column.params.get("start", "2024-01-01") if time_column is not None else "2024-01-01"
    moment = _moment(value)
    if moment is None:
        errors.append(f"start must be an ISO date or datetime such as 2024-01-01; got {str(value)[:40]!r}")
        return "2024-01-01T00:00:00"
    if time_column is not None and time_column.kind == "date" and moment.time() != dt.time():
        errors.append("start has a time of day, and the time column holds dates")
    return moment.replace(tzinfo=None).isoformat(timespec="seconds")


def _gaps(raw: Mapping[str, Any], frequency: str, start: str, errors: list[str]) -> dict[str, Any]:
    closed, holidays, dropout = raw.get("closed_weekdays", []), raw.get("holidays", []), raw.get("dropout", 0.0)
    if not isinstance(closed, list) or not all(isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6 for d in closed) or len(set(closed)) > 5:
        errors.append("closed_weekdays must be a list of weekdays 0 (Monday) to 6 (Sunday), leaving at least two open, e.g. [6] for Sundays")
        closed = []
    if not isinstance(holidays, list) or len(holidays) > MAX_HOLIDAYS or not all(_is_date(h) for h in holidays):
        errors.append(f"holidays must be a list of at most {MAX_HOLIDAYS} ISO dates such as 2024-12-25")
        holidays = []
    if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not 0 <= dropout <= MAX_DROPOUT:
        errors.append(f"dropout must be a share of readings from 0 to {MAX_DROPOUT}, e.g. 0.02")
        dropout = 0.0
    if (closed or holidays) and FREQUENCIES[frequency][0] != "s" and frequency not in ("day", "business_day"):
        errors.append(f"closed_weekdays and holidays go with daily or finer frequencies, not {frequency}")
    elif (closed or holidays) and FREQUENCIES[frequency][0] == "s" and not start.endswith("T00:00:00"):
        errors.append("with closed_weekdays or holidays, a start finer than a day must be at midnight")
    return {"closed_weekdays": sorted(set(closed)), "holidays": sorted(set(holidays)), "dropout": float(dropout)}


def _is_date(value: Any) -> bool:
    try:
        return isinstance(value, str) and dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


# --- the engine's hooks -------------------------------------------------------------------------


def plan(schema: Any, tables: Mapping[str, Any] | None = None) -> SeriesPlan | None:
    """The layout of a table's rows (None for a table that is not a series). A reference
    entity has at most as many entities as its table has rows."""
    spec = schema.series
    if not spec:
        return None
    entity, entities = schema.column(spec["entity"]), spec["entities"]
    parent = entity.column_type.foreign_table(entity.params)
    if parent and tables and parent in tables:
        entities = max(1, min(entities, tables[parent].rows))
    fields = {key: spec.get(key, 0) for key in ("entity", "time", "frequency", "start", "dropout", "jitter")}
    fields["end"] = spec.get("end", "")
    return SeriesPlan(entities=entities, closed_weekdays=tuple(spec["closed_weekdays"]), holidays=tuple(spec["holidays"]), **fields)


def column_values(column: Any, ctx: Any) -> Any:
    """The entity's or the time column's values for the chunk (None for other columns)."""
    layout = ctx.series
    if layout is None or column.name not in (layout.entity, layout.time):
        return None
    rows = ctx.row_numbers()
    if column.name == layout.time:
        moments = layout.times(layout.period_of(rows))
        if column.kind == "date":
            return moments.astype("datetime64[D]")
        if layout.jitter:
            moments = moments + ctx.rng("series:jitter").integers(0, layout.jitter + 1, len(rows)).astype("timedelta64[s]")
        return moments
    pool = ctx.carry.get(("entities", column.name))
    if pool is None:
        pool = ctx.carry[("entities", column.name)] = _entity_pool(column, ctx, layout.entities)
    index = layout.entity_of(rows)
    return pool.take(pa.array(index)) if isinstance(pool, pa.Array) else pool[index]


def _entity_pool(column: Any, ctx: Any, count: int) -> Any:
    """`count` different values of the entity column, the same in every chunk."""
    if table := column.column_type.foreign_table(column.params):
        parent = ctx.tables[table]
        return parent.id_start + np.arange(count, dtype=np.int64) * parent.id_step
    if "values" in column.params:  # a category's entities are its values, in the order listed
        return pa.array(column.params["values"][:count])
    column_type, size = column.column_type, count + count // 4 + 8
    known = column_type.entity_values(column.params, ctx, ctx.rng(f"entities:{column.name}"), count)
    if known is not None:
        return known
    for attempt in range(3):
        pool_ctx = dataclasses.replace(ctx, chunk_index=ENTITY_POOL_CHUNK + attempt, start=0, size=size, _shared={}, columns={})
        pool = _unique(column_type.generate(column.params, pool_ctx, pool_ctx.rng(f"entities:{column.name}")))
        if len(pool) >= count:
            return pool[:count]
        size *= 4
    return _numbered(pool, count)


def _unique(values: Any) -> Any:
    """The values without repeats, in the order first seen."""
    if isinstance(values, pa.Array):
        return values.unique()
    _, first = np.unique(values, return_index=True)
    return values[np.sort(first)]


def _numbered(pool: Any, count: int) -> Any:
    """A pool too small for `count` entities, extended with numbered copies of its values."""
    if isinstance(pool, pa.Array):
        texts = pool.to_pylist()
        return pa.array(texts + [f"{texts[k % len(texts)]} {k // len(texts) + 1}" for k in range(len(texts), count)])
    return np.concatenate([pool, pool.max() + 1 + np.arange(count - len(pool), dtype=pool.dtype)])


def dropouts(column: Any, ctx: Any) -> np.ndarray | None:
    """Rows whose reading dropped out (the same rows for every reading column of the table)."""
    layout = ctx.series
    if layout is None or not layout.dropout or not column.column_type.reading:
        return None
    return ctx.shared("series:dropout", lambda c: c.rng("series:dropout").random(c.size) < layout.dropout)


# --- the data dictionary ------------------------------------------------------------------------


def _when(moment: np.datetime64) -> str:
    day = moment.astype("datetime64[D]")
    return str(day) if moment == day else str(moment)


def span(layout: SeriesPlan, rows: int) -> tuple[int, str, str]:
    """(periods, first time, last time) of a file of `rows` rows."""
    periods = max(1, -(-rows // layout.entities))
    first, last = layout.times(np.array([0, periods - 1]))
    return periods, _when(first), _when(last)


def capacity(schema: Any) -> int | None:
    """The most rows a series with an `end` holds (entities × the periods up to the end), or None."""
    layout = plan(schema) if getattr(schema, "series", None) else None
    if layout is None or not layout.end:
        return None
    return layout.entities * layout.periods_until_end()


TEST_SHARE = 0.2  # the zip's test.csv: the last fifth of the periods


def split(layout: SeriesPlan, rows: int) -> tuple[int, str] | None:
    """Where the zip's time-ordered train/test split falls: (first test row, its time), or None
    for a file too short to split (fewer than five periods)."""
    periods = -(-rows // layout.entities)
    if periods < 5:
        return None
    first_test = periods - max(1, int(periods * TEST_SHARE))
    return first_test * layout.entities, _when(layout.times(np.array([first_test]))[0])


def describe(layout: SeriesPlan, rows: int) -> str:
    """The series' layout in words, for the data dictionary."""
    periods, first, last = span(layout, rows)
    text = (f"A series: {layout.entities:,} entities ({layout.entity}) × {periods:,} periods of {layout.time} "
            f"({layout.frequency.replace('_', ' ')}, pandas frequency {layout.pandas_freq()}) from {first} to {last}; "
            f"row i is period i // {layout.entities:,} of entity i % {layout.entities:,}.")
    if layout.closed_weekdays or layout.holidays:
        days = ", ".join(WEEKDAYS[d] for d in layout.closed_weekdays)
        text += f" Closed (no rows): {days or 'no weekday'}" + (f" and {len(layout.holidays)} holidays." if layout.holidays else ".")
    if layout.end:
        text += f" The series ends at {layout.end.replace('T', ' ')}: at most {layout.entities * layout.periods_until_end():,} rows, however many are asked for."
    if layout.jitter:
        text += (f" Each timestamp is up to {layout.jitter:,} seconds after its period's start (readings arrive late); "
                 f"floor it to the frequency ({layout.pandas_freq()}) to get the regular grid back.")
    if (cut := split(layout, rows)) is not None:
        text += (f" For forecasting practice the zip download also splits the rows in time: train.csv holds the periods before "
                 f"{cut[1]} (rows 1–{cut[0]:,}), test.csv the periods from {cut[1]} on (the last {TEST_SHARE:.0%}).")
    if layout.dropout:
        text += f" About {layout.dropout:.1%} of readings dropped out: their rows keep entity and time, the readings are empty."
    return text


def key_columns(layout: SeriesPlan, rows: int) -> dict[str, tuple[str, str]]:
    """The entity's and the time column's (values, how they are made), for the data dictionary."""
    periods, first, last = span(layout, rows)
    return {
        layout.entity: (f"{layout.entities:,} different values, one per entity", "One value per entity, repeated in the same order every period."),
        layout.time: (f"{first} to {last}, every {layout.frequency.replace('_', ' ')}", "The period's timestamp: every entity has a row at each period."),
    }


def planted_events(columns: Sequence[Any], layout: SeriesPlan, rows: int) -> list[dict[str, Any]]:
    """Every column's planted events inside `rows`, with their timestamps: the answer key."""
    events = []
    for column in columns:
        for event in column.column_type.planted(column.name, column.params, layout, rows):
            when = _when(layout.times(np.array([event["period"]]))[0])
            entity = 0 if event["entity"] == "all" else event["entity"]
            events.append({"column": column.name, **event, "time": when, "row": event["period"] * layout.entities + entity + 1})
    return sorted(events, key=lambda e: (e["period"], -1 if e["entity"] == "all" else e["entity"], e["column"]))
