"""A generated dataset as the realism rules see it: tables of named columns of Python values, and
column lookup by `|`-separated substring patterns (optionally `table.column`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

ROWS, SEED = 2000, 1
TODAY = dt.date(2025, 6, 15)  # fixed, so relative windows ("last month") give the same schema every run
EPOCH = dt.datetime(1970, 1, 1)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?")
_TIME = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
TEMPORAL = ("date", "datetime", "time")


@dataclass
class Column:
    table: str
    name: str
    values: list[Any]
    spec: dict[str, Any] = field(default_factory=dict)  # the column's schema entry

    @cached_property
    def kind(self) -> str:
        """What the values are: number, boolean, date, datetime, time, text or empty."""
        sample = next((v for v in self.values if v is not None), None)
        if sample is None:
            return "empty"
        if isinstance(sample, bool):
            return "boolean"
        if isinstance(sample, (int, float)):
            return "number"
        text = str(sample)
        for kind, pattern in (("date", _DATE), ("datetime", _DATETIME), ("time", _TIME)):
            if pattern.match(text):
                return kind
        return "number" if all(_NUMBER.match(str(v)) for v in self.values if v is not None) else "text"

    @cached_property
    def present(self) -> np.ndarray:
        return np.array([v is not None for v in self.values], dtype=bool)

    @cached_property
    def numbers(self) -> np.ndarray:
        """Floats (NaN for missing): seconds since 1970 for dates and datetimes, seconds since
        midnight for times, 0/1 for booleans."""
        return np.array([to_number(v, self.kind) for v in self.values], dtype=float)

    @cached_property
    def texts(self) -> list[str | None]:
        return [None if v is None else str(v) for v in self.values]


def to_number(value: Any, kind: str) -> float:
    if value is None:
        return float("nan")
    try:
        if kind == "number" or kind == "boolean":
            return float(value)
        if kind in ("date", "datetime"):
            parsed = dt.datetime.fromisoformat(str(value).replace(" ", "T"))
            return (parsed.replace(tzinfo=None) - EPOCH).total_seconds()
        if kind == "time":
            parts = [int(p) for p in str(value).split(":")] + [0]
            return parts[0] * 3600 + parts[1] * 60 + parts[2]
        return float(str(value).replace(",", ""))
    except (TypeError, ValueError):
        return float("nan")


def _plain(text: str) -> str:
    return re.sub(r"[\s_\-]", "", text.lower())


def matches(pattern: str, name: str) -> bool:
    """The pattern occurs in the name from the start of a word (underscores in it optional):
    'age' matches 'age_years' and 'applicant_age' but not 'average' or 'mileage'."""
    if not pattern:
        return True
    words = [re.escape(w) for w in re.split(r"[\s_\-]+", pattern.lower()) if w]
    return re.search(r"(?:^|[_\s\-])" + r"[_\s\-]?".join(words), name.lower()) is not None


@dataclass
class Dataset:
    schema: dict[str, Any]
    tables: dict[str, dict[str, Column]]  # a single table is stored under ""

    def columns(self) -> list[Column]:
        return [column for table in self.tables.values() for column in table.values()]

    def find(self, pattern: str, *, near: str | None = None, exclude: tuple[Column, ...] = ()) -> Column | None:
        """The column a pattern names: alternatives in order; within one, an exact name first,
        then a name starting with it, then any name containing it; a column of table `near` first."""
        for alternative in pattern.split("|"):
            table_part, _, column_part = alternative.rpartition(".")
            found = self._candidates(table_part, column_part, exclude)
            if found:
                return min(found, key=lambda c: (c.table != near, closeness(c.name, column_part)))
        return None

    def _candidates(self, table_part: str, column_part: str, exclude: tuple[Column, ...]) -> list[Column]:
        return [column for column in self.columns()
                if matches(table_part, column.table) and matches(column_part, column.name)
                and all(column is not other for other in exclude)]

    def table_of(self, pattern: str, exclude: str | None = None) -> str | None:
        """The table a pattern names (`|`-separated alternatives in order; within one, the closest,
        then shortest name), other than `exclude`."""
        for alternative in pattern.split("|"):
            found = [name for name in self.tables if name and name != exclude and matches(alternative, name)]
            if found:
                return min(found, key=lambda name: (closeness(name, alternative), len(name)))
        return None


def closeness(name: str, wanted: str) -> int:
    plain, want = _plain(name), _plain(wanted)
    return 0 if plain == want else 1 if plain.startswith(want) else 2


def schema_kind(schema: dict[str, Any]) -> str:
    """series when the schema or a table has a "series" key; multi when it has tables; else single."""
    tables = schema.get("tables") or []
    if "series" in schema or any(isinstance(t, dict) and "series" in t for t in tables):
        return "series"
    return "multi" if "tables" in schema else "single"


def generate(schema: dict[str, Any], rows: int = ROWS, seed: int = SEED) -> Dataset:
    """Validate and generate the schema the way the app does (several tables: rows passed to each
    table's chunks with its rows_ratio)."""
    from generator.engine import table_chunks
    from generator.tables import MultiTableSchema, schema_from_dict
    from generator.writers import python_values

    parsed = schema_from_dict(schema)
    if isinstance(parsed, MultiTableSchema):
        specs = {t["name"]: t["columns"] for t in schema["tables"]}
        tables = {t.name: _collect(t.name, t.schema, table_chunks(parsed, t, rows=rows, seed=seed), specs[t.name], python_values)
                  for t in parsed.tables}
    else:
        from generator.engine import generate_chunks
        from generator.series import capacity

        rows = min(rows, capacity(parsed) or rows)  # a series with an end stops there, as downloads do (services.dataset_build)
        tables = {"": _collect("", parsed, generate_chunks(parsed, rows=rows, seed=seed), schema["columns"], python_values)}
    return Dataset(schema, tables)


def _collect(table: str, parsed: Any, chunks: Any, specs: list[dict[str, Any]], python_values: Any) -> dict[str, Column]:
    by_name = {spec["name"]: spec for spec in specs}
    columns = {spec["name"]: Column(table, spec["name"], [], by_name[spec["name"]]) for spec in specs}
    for chunk in chunks:
        for name, values in chunk.items():
            columns[name].values.extend(python_values(parsed.column(name), values))
    return columns
