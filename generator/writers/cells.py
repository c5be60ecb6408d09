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

from generator.arrow_text import byte_set, has_bytes, neutralise_array
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
        return fixed_point(chunk.values, chunk.nulls, decimals_of(column))
    if kind == "datetime":
        return pc.strftime(pa.array(chunk.values, mask=chunk.nulls), "%Y-%m-%dT%H:%M:%S")
    return arrow_values(column, chunk, spreadsheet=True)


# Below this many units of the last decimal, Arrow's 64-bit decimal gives the digits of its
# 128-bit one (float64 holds such a scaled value to well under one unit) and is written faster.
DECIMAL64_UNITS = 1e14


def fixed_point(values: np.ndarray, nulls: np.ndarray | None, decimals: int) -> pa.Array:
    """Float numbers as Arrow decimals of `decimals` places (printed with exactly that many)."""
    present = values if nulls is None else values[~nulls]
    small = present.size == 0 or float(np.abs(present).max()) * 10.0**decimals < DECIMAL64_UNITS
    kind = pa.decimal64(18, decimals) if small else pa.decimal128(38, decimals)
    return pa.array(values, mask=nulls).cast(kind, safe=False)


_JSON_ESCAPES = [("\\", "\\\\"), ('"', '\\"')] + [(chr(c), f"\\u{c:04x}") for c in range(32)]
_JSON_SPECIAL = byte_set(*range(32), ord('"'), ord("\\"))


def plain_text(column: Column, chunk: ColumnChunk) -> pa.Array:
    """A non-numeric column's values as strings, as the CSV writes them but not neutralised."""
    return (csv_cells(column, chunk) if column.kind == "datetime" else arrow_values(column, chunk)).cast(pa.string())


def json_escape(text: pa.Array) -> pa.Array:
    """Strings as the inside of JSON string literals: quotes, backslashes and control characters escaped."""
    if has_bytes(text, _JSON_SPECIAL):
        for plain, escaped in _JSON_ESCAPES:
            text = pc.replace_substring(text, plain, escaped)
    return text


def cell_parts(cells: pa.Array, before: str, after: str, missing: str) -> list[Any]:
    """Pieces for one column of an element-wise join: `before`, the cell, `after` around each
    value; `missing` alone where the value is missing."""
    if cells.null_count == 0:
        return [before, cells, after]
    absent = pc.is_null(cells)
    return [pc.if_else(absent, missing, before), pc.fill_null(cells, ""), pc.if_else(absent, "", after)]


def json_parts(column: Column, chunk: ColumnChunk, key: str) -> list[Any]:
    """The column's `key` and JSON literal for each row ("null" for missing): numbers with the
    CSV's digits, true/false, dates, datetimes and times as ISO strings, text as it was made (not
    neutralised)."""
    if column.kind in ("integer", "number", "boolean"):
        return cell_parts(csv_cells(column, chunk).cast(pa.string()), key, "", key + "null")
    return cell_parts(json_escape(plain_text(column, chunk)), key + '"', '"', key + "null")


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
