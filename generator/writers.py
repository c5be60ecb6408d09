"""Streaming writers: chunks of column values in, encoded bytes out.

Values are plain and typed: ISO dates and datetimes, `true`/`false`, numbers with their
column's decimals, empty CSV cells / JSON null for missing values. In CSV, text values are
quoted (RFC 4180), so an empty string and a missing value stay distinct; numbers, booleans,
dates and times are not. Text cells that a spreadsheet would run as a formula (starting with
= + - @ tab or CR) get a leading apostrophe; numbers are never touched.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from generator.column_types import registry
from generator.engine import ColumnChunk
from generator.pools import FORMULA_STARTS, concat
from generator.schema import Column, DatasetSchema

FORMATS = ("csv", "json")
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
_FORMULA_RE = "^[=+\\-@\t\r]"
_CSV_OPTIONS = pa_csv.WriteOptions(include_header=False, quoting_style="needed")


def neutralise(text: str) -> str:
    """Make one text cell safe to open in a spreadsheet."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def neutralise_array(values: pa.Array) -> pa.Array:
    risky = pc.match_substring_regex(values, _FORMULA_RE)
    return pc.if_else(risky, concat("'", values), values) if pc.any(risky).as_py() else values


def _masked(values: np.ndarray, nulls: np.ndarray | None, type_: pa.DataType | None = None) -> pa.Array:
    return pa.array(values, type=type_, mask=nulls)


def arrow_cells(column: Column, chunk: ColumnChunk) -> pa.Array:
    """The column as a typed Arrow array for CSV: nulls as nulls, text neutralised."""
    column_type = registry().get(column.type)
    values, nulls, kind = chunk.values, chunk.nulls, column_type.kind
    if kind == "number":
        decimals = column_type.decimals(column.params) or 0
        return _masked(values, nulls).cast(pa.decimal128(38, decimals), safe=False)
    if kind == "datetime":
        return pc.strftime(_masked(values, nulls), "%Y-%m-%dT%H:%M:%S")
    if kind == "time":
        return _masked(values.astype(np.int32), nulls, pa.time32("s"))
    if kind == "string":
        text = neutralise_array(values if isinstance(values, pa.Array) else pa.array(values, type=pa.string()))
        return text if nulls is None else pc.if_else(pa.array(nulls), pa.scalar(None, pa.string()), text)
    return _masked(values, nulls)


def python_values(column: Column, chunk: ColumnChunk) -> list[Any]:
    """The column's values as JSON-ready Python values (None for nulls)."""
    column_type = registry().get(column.type)
    values, kind = chunk.values, column_type.kind
    if kind == "number":
        values = np.round(values, column_type.decimals(column.params) or 0).tolist()
    elif kind == "date":
        values = np.datetime_as_string(values, unit="D").tolist()
    elif kind == "datetime":
        values = np.datetime_as_string(values, unit="s").tolist()
    elif kind == "time":
        values = [f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}" for s in values.tolist()]
    elif isinstance(values, pa.Array):
        values = values.to_pylist()
    else:
        values = values.tolist()
    if chunk.nulls is not None:
        values = [None if null else value for value, null in zip(values, chunk.nulls.tolist())]
    return values


def csv_stream(schema: DatasetSchema, chunks: Iterable[dict[str, ColumnChunk]]) -> Iterator[bytes]:
    """CSV bytes: the header, then one piece per chunk of rows."""
    yield (",".join(neutralise(column.name) for column in schema.columns) + "\n").encode()
    names = [column.name for column in schema.columns]
    for chunk in chunks:
        table = pa.Table.from_arrays([arrow_cells(column, chunk[column.name]) for column in schema.columns], names=names)
        buffer = io.BytesIO()
        pa_csv.write_csv(table, buffer, _CSV_OPTIONS)
        yield buffer.getvalue()


def json_stream(schema: DatasetSchema, chunks: Iterable[dict[str, ColumnChunk]], meta: dict[str, Any]) -> Iterator[bytes]:
    """A JSON object: the dataset's metadata, then "data": a list of row objects."""
    head = json.dumps(meta, ensure_ascii=False)
    yield (head[:-1] + (", " if meta else "") + '"data": [').encode()
    names = [column.name for column in schema.columns]
    first = True
    for chunk in chunks:
        columns = [python_values(column, chunk[column.name]) for column in schema.columns]
        rows = [json.dumps(dict(zip(names, row)), ensure_ascii=False) for row in zip(*columns)]
        if rows:
            yield (("\n" if first else ",\n") + ",\n".join(rows)).encode()
            first = False
    yield b"\n]}\n"
