"""What a request costs, known before any row is made.

Each column gets a bound on the bytes one of its values takes as text (from its kind and
parameters: value lists, text lengths, sentences, a derived expression's joined text) and an
estimate of the work one row needs (targets by drivers and classes, expressions by their parts,
generated text by its sentences); the constants are in `data/cost.toml`. A request of `rows` rows
is refused, naming the column that weighs most, when

- its output (rows × bytes per row) is over SYNTH_MAX_REQUEST_BYTES,
- its CPU time (rows × work per row) is over SYNTH_MAX_REQUEST_SECONDS, or
- one chunk of rows (generator.engine makes CHUNK_ROWS at a time, whatever is asked) is over
  SYNTH_MAX_REQUEST_MEMORY.

A schema must at least make its first chunk within the budgets: that is checked when it is
stored, so a stored schema can always be previewed and its page shown.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import threading
import tomllib
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from generator import expressions
from generator.engine import CHUNK_ROWS
from generator.schema import Column, ColumnPlace, DatasetSchema, Problem
from generator.tables import MultiTableSchema

DATA = Path(__file__).resolve().parent / "data" / "cost.toml"


@functools.cache
def constants() -> dict[str, Any]:
    with DATA.open("rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True)
class ColumnCost:
    """One column's share of a row: `bytes` as text (bound), `work` in units (estimate)."""

    column: Column
    place: ColumnPlace
    table: str
    bytes: float
    work: float
    why: str  # what makes the column costly, in words ("" for an ordinary column)


@dataclass(frozen=True)
class TableCost:
    rows: int
    columns: tuple[ColumnCost, ...]

    @property
    def row_bytes(self) -> float:
        return sum(c.bytes for c in self.columns)

    @property
    def row_work(self) -> float:
        return sum(c.work for c in self.columns)


_recent: OrderedDict[tuple[int, str], tuple[DatasetSchema, tuple[ColumnCost, ...]]] = OrderedDict()
_recent_lock = threading.Lock()
RECENT = 256


def column_costs(schema: DatasetSchema, table: str = "") -> tuple[ColumnCost, ...]:
    """Every column's cost, in schema order (derived text is bounded from the columns it joins).

    Kept for the schemas used last (services keep parsed schemas too), so a request that checks
    several budgets works them out once; the entry holds its schema, so its id is not reused."""
    key = (id(schema), table)
    with _recent_lock:
        found = _recent.get(key)
        if found is not None and found[0] is schema:
            _recent.move_to_end(key)
            return found[1]
    costs = _column_costs(schema, table)
    with _recent_lock:
        _recent[key] = (schema, costs)
        while len(_recent) > RECENT:
            _recent.popitem(last=False)
    return costs


def _column_costs(schema: DatasetSchema, table: str) -> tuple[ColumnCost, ...]:
    places = {column.name: ColumnPlace(index, column.name) for index, column in enumerate(schema.columns, start=1)}
    widths: dict[str, float] = {}
    found: dict[str, ColumnCost] = {}
    for column in schema.generation_order():
        value, work, why = _column_cost(column, widths)
        widths[column.name] = value
        overhead = constants()["bytes"]["per_cell"] + constants()["bytes"]["per_name"] * len(column.name)
        found[column.name] = ColumnCost(column, places[column.name], table, value + overhead, work, why)
    return tuple(found[column.name] for column in schema.columns)


def _column_cost(column: Column, widths: Mapping[str, float]) -> tuple[float, float, str]:
    c, params, kind = constants(), column.params, column.kind
    size, work = c["bytes"], 1.0 + c["work"]["relation"] * (len(column.relations) + bool(column.correlate_with))
    value, why = float(size.get(kind, size["string"])), ""
    if isinstance(params.get("expression"), str):
        work += c["work"]["expression_node"] * expressions.parts(params["expression"])
        if kind == "string":
            value = expressions.text_bytes(params["expression"], dict(widths))
            work += c["work"]["text_byte"] * value
            why = "its expression joins text"
    elif kind == "string":
        value, work, why = _text_cost(column, value, work)
    if isinstance(params.get("drivers"), list):
        work, why = _target_work(params, work)
    if params.get("weather"):
        work += c["work"]["snow_depth" if params["weather"] == "snow_depth" else "weather"]
        why = why or f"its {params['weather'].replace('_', ' ')} is the weather of each day"
    return value, work, why


def _text_cost(column: Column, value: float, work: float) -> tuple[float, float, str]:
    """A text column: its longest listed value, its length limit or its sentences."""
    c, params, why = constants(), column.params, ""
    listed = [v for key in ("values", "classes") for v in (params.get(key) or []) if isinstance(v, str)]
    for case in (column.relations.get("cases") or {}).values():
        listed += [v for v in (case.get("values") or []) if isinstance(v, str)] if isinstance(case, Mapping) else []
    if listed:
        value = float(max(len(v.encode("utf-8")) for v in listed))
    if isinstance(params.get("pattern"), str):
        value = float(len(params["pattern"].encode("utf-8")))
    if isinstance(params.get("max_chars"), int):
        value = params["max_chars"] * c["bytes"]["per_char"]
        work += c["work"]["per_100_chars"] * params["max_chars"] / 100
        why = f"its text may run to {params['max_chars']:,} characters"
    if isinstance(params.get("sentences"), int):
        value = params["sentences"] * c["bytes"]["per_sentence"]
        work += c["work"]["per_sentence"] * params["sentences"]
        why = f"it writes {params['sentences']} sentences a row"
    return value, work, why


def _target_work(params: Mapping[str, Any], work: float) -> tuple[float, str]:
    c = constants()["work"]
    drivers = len(params["drivers"])
    if params.get("task") == "multiclass":
        classes = len(params.get("classes") or ())
        work += c["multiclass"] + c["multiclass_class_squared"] * classes**2 + c["target_driver"] * drivers * classes
        return work, f"{classes} classes and {drivers} drivers"
    work += c["target_binary"] * (params.get("task") != "numeric") + c["target_driver"] * drivers
    return work, f"made from {drivers} driver columns"


def request_costs(schema: DatasetSchema | MultiTableSchema, rows: int, table: str = "") -> list[TableCost]:
    """The tables a request of `rows` rows makes (one `table` of a multi-table schema, when asked)."""
    if isinstance(schema, DatasetSchema):
        return [TableCost(rows, column_costs(schema))]
    counts = schema.row_counts(rows)
    chosen = [t for t in schema.tables if not table or t.name == table]
    return [TableCost(counts[t.name], column_costs(t.schema, t.name)) for t in chosen]


@dataclass(frozen=True)
class Budgets:
    bytes: float
    seconds: float
    memory: float

    @classmethod
    def configured(cls) -> Budgets:
        return cls(settings.SYNTH_MAX_REQUEST_BYTES, settings.SYNTH_MAX_REQUEST_SECONDS, settings.SYNTH_MAX_REQUEST_MEMORY)


def request_seconds(tables: list[TableCost]) -> float:
    """Estimated CPU seconds to make the tables (whole chunks: the engine makes no less)."""
    made = [math.ceil(t.rows / CHUNK_ROWS) * CHUNK_ROWS for t in tables]
    return sum(rows * t.row_work for rows, t in zip(made, tables)) * constants()["seconds_per_unit"]


def request_weight(schema: DatasetSchema | MultiTableSchema, rows: int, *, table: str = "") -> tuple[float, float]:
    """(estimated CPU seconds, bound on bytes) of a request: what decides whether it is heavy."""
    tables = request_costs(schema, rows, table)
    return request_seconds(tables), sum(t.rows * t.row_bytes for t in tables)


def cost_problem(schema: DatasetSchema | MultiTableSchema, rows: int, *, table: str = "", first_chunk: bool = False) -> Problem | None:
    """The first budget a request of `rows` rows breaks, naming the column that weighs most; None
    when it fits. The problem's `field` is the column's ("rows" is the input to change). With
    `first_chunk`, the time budget is SYNTH_MAX_PREVIEW_SECONDS (what one page view may cost)."""
    tables, budgets = request_costs(schema, rows, table), Budgets.configured()
    setting = "SYNTH_MAX_REQUEST_SECONDS"
    if first_chunk and settings.SYNTH_MAX_PREVIEW_SECONDS < budgets.seconds:
        budgets, setting = dataclasses.replace(budgets, seconds=settings.SYNTH_MAX_PREVIEW_SECONDS), "SYNTH_MAX_PREVIEW_SECONDS"
    memory = max(CHUNK_ROWS * t.row_bytes * constants()["memory_factor"] for t in tables)
    if memory > budgets.memory:
        heaviest = _heaviest(tables, "bytes")
        return _problem(heaviest, f"its values can take {_size(heaviest.bytes)} each, so the {CHUNK_ROWS:,} rows made at a time need about {_size(memory)} of memory, over the {_size(budgets.memory)} a request may use (SYNTH_MAX_REQUEST_MEMORY)")
    output = sum(t.rows * t.row_bytes for t in tables)
    if output > budgets.bytes:
        heaviest = _heaviest(tables, "bytes")
        most = _most_rows(rows, output, budgets.bytes)
        return _problem(heaviest, f"{rows:,} rows would come to up to {_size(output)}, over the {_size(budgets.bytes)} a download may be (SYNTH_MAX_REQUEST_BYTES); this column's values take up to {_size(heaviest.bytes)} each. Ask for at most {most:,} rows or make the column smaller")
    seconds = request_seconds(tables)
    if seconds > budgets.seconds:
        heaviest = _heaviest(tables, "work")
        most = _most_rows(rows, seconds, budgets.seconds)
        if first_chunk:
            return _problem(heaviest, f"the {CHUNK_ROWS:,} rows made at a time (for a preview, a page or any download) would take about {_duration(seconds)}, over the {_duration(budgets.seconds)} a page may take ({setting}); this column costs the most: simplify it")
        return _problem(heaviest, f"{rows:,} rows would take about {_duration(seconds)} to make, over the {_duration(budgets.seconds)} a request may take ({setting}); this column costs the most. Ask for at most {most:,} rows or simplify the column")
    return None


def store_problem(schema: DatasetSchema | MultiTableSchema) -> Problem | None:
    """Whether the schema can make its first chunk within the budgets (checked before storing and
    before a page of it is shown: every preview, page and download makes at least one chunk)."""
    return cost_problem(schema, CHUNK_ROWS, first_chunk=True)


def _heaviest(tables: list[TableCost], what: str) -> ColumnCost:
    return max((c for t in tables for c in t.columns), key=lambda c: getattr(c, what))


def _problem(cost: ColumnCost, message: str) -> Problem:
    why = f" ({cost.why})" if cost.why else ""
    problem = cost.place(f"too costly{why}: {message}.")
    return Problem(problem.message, field=problem.field, column=problem.column, index=problem.index, table=cost.table,
                   place=f"table '{cost.table}' {problem.place}" if cost.table else problem.place)  # fmt: skip


def _most_rows(rows: int, cost: float, budget: float) -> int:
    return max(1, int(rows * budget / cost))


def _size(count: float) -> str:
    if not count < 1e15:  # a joined text that doubles with every column: no point in the figure
        return "more than 1,000 TB"
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if count >= scale:
            return f"{count / scale:,.1f} {unit}"
    return f"{count:,.0f} bytes"


def _duration(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:,.1f} hours"
    return f"{seconds / 60:,.1f} minutes" if seconds >= 120 else f"{seconds:,.0f} seconds"
