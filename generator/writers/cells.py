"""A column chunk as typed cells: Arrow arrays for the binary and text writers, JSON literals,
Python values for scripts. Missing values are nulls. Numbers arrive rounded to their column's
decimals by the engine (generator.engine.rounded), so every format writes the same value. Text
that a spreadsheet would run as a formula (starting with = + - @ tab or CR) gets a leading
apostrophe in CSV, the format a spreadsheet opens as text; numbers are never touched."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.arrow_text import concat, neutralise_array
from generator.engine import ColumnChunk, generate_chunks
from generator.schema import Column, DatasetSchema


def decimals_of(column: Column) -> int:
    return column.column_type.decimals(column.params) or 0


def arrow_values(column: Column, chunk: ColumnChunk, *, spreadsheet: bool = False) -> pa.Array:
    """Typed Arrow array: int64, float64, bool, date32, timestamp[s], time32[s] or string; text
    neutralised when `spreadsheet`."""
    values, nulls, kind = chunk.values, chunk.nulls, column.kind
    if kind == "string":
        text = values if isinstance(values, pa.Array) else pa.array(values, type=pa.string())
        if spreadsheet:
            text = neutralise_array(text)
        return text if nulls is None else pc.if_else(pa.array(nulls), pa.scalar(None, pa.string()), text)
    if kind == "time":
        return pa.array(values.astype(np.int32), type=pa.time32("s"), mask=nulls)
    return pa.array(values, mask=nulls)


def csv_cells(column: Column, chunk: ColumnChunk) -> pa.Array:
    """The column for CSV: numbers with exactly their decimals, ISO datetimes, safe text."""
    kind = column.kind
    if kind == "number":
        return pa.array(chunk.values, mask=chunk.nulls).cast(pa.decimal128(38, decimals_of(column)), safe=False)
    if kind == "datetime":
        return pc.strftime(pa.array(chunk.values, mask=chunk.nulls), "%Y-%m-%dT%H:%M:%S")
    return arrow_values(column, chunk, spreadsheet=True)


_JSON_ESCAPES = [("\\", "\\\\"), ('"', '\\"')] + [(chr(c), f"\\u{c:04x}") for c in range(32)]
_NEEDS_ESCAPE = '["\\\\\\x00-\\x1f]'


def json_string(text: pa.Array) -> pa.Array:
    """Each string as a JSON string literal (quotes, backslashes and control characters escaped)."""
    if pc.any(pc.match_substring_regex(text, _NEEDS_ESCAPE)).as_py():
        for plain, escaped in _JSON_ESCAPES:
            text = pc.replace_substring(text, plain, escaped)
    return concat('"', text, '"')


def json_cells(column: Column, chunk: ColumnChunk) -> pa.Array:
    """The column as JSON literals, "null" for missing: numbers with the CSV's digits, true/false,
    dates, datetimes and times as ISO strings, text as it was made (not neutralised)."""
    kind = column.kind
    if kind in ("integer", "number", "boolean"):
        cells = csv_cells(column, chunk).cast(pa.string())
    else:
        text = csv_cells(column, chunk) if kind == "datetime" else arrow_values(column, chunk)
        cells = json_string(text.cast(pa.string()))
    return pc.fill_null(cells, "null")


def text_cells(column: Column, chunk: ColumnChunk) -> list[str | None]:
    """The column's cells exactly as the CSV writes them (None for missing)."""
    return csv_cells(column, chunk).cast(pa.string()).to_pylist()


def python_values(column: Column, chunk: ColumnChunk) -> list[Any]:
    """The column's values as JSON-ready Python values (None for nulls)."""
    values, kind = chunk.values, column.kind
    out: list[Any]
    if kind == "date":
        out = np.datetime_as_string(values, unit="D").tolist()
    elif kind == "datetime":
        out = np.datetime_as_string(values, unit="s").tolist()
    elif kind == "time":
        out = [f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}" for s in values.tolist()]
    elif isinstance(values, pa.Array):
        out = values.to_pylist()
    else:
        out = values.tolist()
    if chunk.nulls is not None:
        out = [None if null else value for value, null in zip(out, chunk.nulls.tolist())]
    return out


def rows_as_dicts(schema: DatasetSchema, *, rows: int, seed: int) -> list[dict[str, Any]]:
    """The rows as Python dicts (None for nulls), for tests and scripts that check values."""
    out: list[dict[str, Any]] = []
    for chunk in generate_chunks(schema, rows=rows, seed=seed):
        columns = {name: python_values(schema.column(name), col) for name, col in chunk.items()}
        out.extend(dict(zip(columns, values)) for values in zip(*columns.values()))
    return out
