"""Streaming writers: chunks of column values in, encoded text out.

Values are plain and typed: ISO dates and datetimes, `true`/`false`, numbers with their
column's decimals, empty CSV cells / JSON null for missing values. Text cells that a
spreadsheet would run as a formula (starting with = + - @ tab or CR) get a leading
apostrophe; numbers are never touched.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from generator.column_types import registry
from generator.engine import ColumnChunk
from generator.pools import FORMULA_STARTS
from generator.schema import Column, DatasetSchema

FORMATS = ("csv", "json")
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def neutralise(text: str) -> str:
    """Make a text cell safe to open in a spreadsheet."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _format_time(seconds: np.ndarray) -> list[str]:
    return [f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}" for s in seconds.tolist()]


def text_cells(column: Column, chunk: ColumnChunk) -> list[str]:
    """The column's values as CSV cell text ('' for nulls)."""
    column_type = registry().get(column.type)
    values, kind = chunk.values, column_type.kind
    if kind == "integer":
        cells = values.astype(np.int64).astype(str).tolist()
    elif kind == "number":
        decimals = column_type.decimals(column.params) or 0
        cells = [f"{v:.{decimals}f}" for v in values.tolist()]
    elif kind == "boolean":
        cells = np.where(values, "true", "false").tolist()
    elif kind == "date":
        cells = np.datetime_as_string(values, unit="D").tolist()
    elif kind == "datetime":
        cells = np.datetime_as_string(values, unit="s").tolist()
    elif kind == "time":
        cells = _format_time(values)
    else:
        cells = [neutralise(str(v)) for v in values.tolist()]
    if chunk.nulls is not None:
        cells = ["" if null else cell for cell, null in zip(cells, chunk.nulls.tolist())]
    return cells


def python_values(column: Column, chunk: ColumnChunk) -> list[Any]:
    """The column's values as JSON-ready Python values (None for nulls)."""
    kind = registry().get(column.type).kind
    if kind in ("integer", "boolean"):
        values = chunk.values.tolist()
    elif kind == "number":
        values = [float(cell) for cell in text_cells(column, ColumnChunk(chunk.values, None))]
    elif kind == "string":
        values = [str(v) for v in chunk.values.tolist()]
    else:
        values = text_cells(column, ColumnChunk(chunk.values, None))
    if chunk.nulls is not None:
        values = [None if null else value for value, null in zip(values, chunk.nulls.tolist())]
    return values


def csv_stream(schema: DatasetSchema, chunks: Iterable[dict[str, ColumnChunk]]) -> Iterator[str]:
    """CSV text: the header, then one piece per chunk of rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise(column.name) for column in schema.columns])
    yield _drain(buffer)
    for chunk in chunks:
        writer.writerows(zip(*(text_cells(column, chunk[column.name]) for column in schema.columns)))
        yield _drain(buffer)


def json_stream(schema: DatasetSchema, chunks: Iterable[dict[str, ColumnChunk]], meta: dict[str, Any]) -> Iterator[str]:
    """A JSON object: the dataset's metadata, then "data": a list of row objects."""
    head = json.dumps(meta, ensure_ascii=False)
    yield head[:-1] + ', "data": ['
    names = [json.dumps(column.name) for column in schema.columns]
    first = True
    for chunk in chunks:
        columns = [
            [json.dumps(value, ensure_ascii=False) for value in python_values(column, chunk[column.name])]
            for column in schema.columns
        ]
        rows = ("{" + ", ".join(f"{n}: {v}" for n, v in zip(names, row)) + "}" for row in zip(*columns))
        body = ",\n".join(rows)
        if body:
            yield ("\n" if first else ",\n") + body
            first = False
    yield "\n]}\n"


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
