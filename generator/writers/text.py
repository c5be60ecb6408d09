"""CSV, JSON and JSON Lines, streamed a chunk at a time.

In CSV, text values and datetimes are quoted (RFC 4180), so an empty string and a missing value
stay distinct; numbers, booleans, dates and times of day are not quoted.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv

from generator.arrow_text import neutralise
from generator.engine import Chunks, ColumnChunk
from generator.schema import DatasetSchema
from generator.writers.cells import csv_cells, python_values

_CSV_OPTIONS = pa_csv.WriteOptions(include_header=False, quoting_style="needed")


def csv_stream(schema: DatasetSchema, chunks: Chunks, meta: dict[str, Any] | None = None) -> Iterator[bytes]:
    """CSV bytes: the header, then one piece per chunk of rows."""
    yield (",".join(neutralise(column.name) for column in schema.columns) + "\n").encode()
    names = [column.name for column in schema.columns]
    for chunk in chunks:
        table = pa.Table.from_arrays([csv_cells(column, chunk[column.name]) for column in schema.columns], names=names)
        buffer = io.BytesIO()
        pa_csv.write_csv(table, buffer, _CSV_OPTIONS)
        yield buffer.getvalue()


def _json_rows(schema: DatasetSchema, chunk: dict[str, ColumnChunk]) -> list[str]:
    names = [column.name for column in schema.columns]
    columns = [python_values(column, chunk[column.name]) for column in schema.columns]
    return [json.dumps(dict(zip(names, row)), ensure_ascii=False) for row in zip(*columns)]


def json_stream(schema: DatasetSchema, chunks: Chunks, meta: dict[str, Any] | None = None) -> Iterator[bytes]:
    """A JSON object: the dataset's metadata, then "data": a list of row objects."""
    head = json.dumps(meta or {}, ensure_ascii=False)
    yield (head[:-1] + (", " if meta else "") + '"data": [').encode()
    first = True
    for chunk in chunks:
        rows = _json_rows(schema, chunk)
        if rows:
            yield (("\n" if first else ",\n") + ",\n".join(rows)).encode()
            first = False
    yield b"\n]}\n"


def jsonl_stream(schema: DatasetSchema, chunks: Chunks, meta: dict[str, Any] | None = None) -> Iterator[bytes]:
    """JSON Lines: one row object per line, nothing else (pandas.read_json(lines=True))."""
    for chunk in chunks:
        rows = _json_rows(schema, chunk)
        if rows:
            yield ("\n".join(rows) + "\n").encode()
