"""CSV, JSON and JSON Lines, streamed a chunk at a time.

In CSV, text values and datetimes are quoted (RFC 4180), so an empty string and a missing value
stay distinct; numbers, booleans, dates and times of day are not quoted.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv

from generator.arrow_text import concat, joined, neutralise
from generator.engine import CHUNK_ROWS, Chunks, ColumnChunk, each_chunk
from generator.schema import DatasetSchema
from generator.writers.cells import csv_cells, json_parts

# One batch per chunk; written to an Arrow buffer (not a Python file, which Arrow's writer would
# call back into, taking the GIL, once per batch), so the whole write runs beside the other thread.
_CSV_OPTIONS = pa_csv.WriteOptions(include_header=False, quoting_style="needed", batch_size=CHUNK_ROWS)


def csv_stream(schema: DatasetSchema, chunks: Chunks, meta: dict[str, Any] | None = None) -> Iterator[bytes]:
    """CSV bytes: the header, then one piece per chunk of rows (written on the threads that make
    the chunks, when they are made ahead: generator.engine.each_chunk)."""
    yield (",".join(neutralise(column.name) for column in schema.columns) + "\n").encode()
    yield from each_chunk(chunks, functools.partial(_csv_rows, schema))


def _csv_rows(schema: DatasetSchema, position: int, chunk: dict[str, ColumnChunk]) -> bytes:
    table = pa.Table.from_arrays([csv_cells(column, chunk[column.name]) for column in schema.columns], names=[column.name for column in schema.columns])
    sink = pa.BufferOutputStream()
    pa_csv.write_csv(table, sink, _CSV_OPTIONS)
    return sink.getvalue().to_pybytes()


def _json_rows(schema: DatasetSchema, chunk: dict[str, ColumnChunk], *, before: str = "", after: str = "") -> bytes:
    """The chunk's rows as JSON objects, each between `before` and `after`, built column-wise."""
    parts: list[Any] = []
    for index, column in enumerate(schema.columns):
        parts += json_parts(column, chunk[column.name], ("{" if index == 0 else ",") + json.dumps(column.name, ensure_ascii=False) + ":")
    if not parts:
        return b""
    return joined(concat(before, *parts, "}" + after))


def json_stream(schema: DatasetSchema, chunks: Chunks, meta: dict[str, Any] | None = None) -> Iterator[bytes]:
    """A JSON array of row objects (pandas.read_json and DuckDB read it as a table); the seed and
    schema id are in the response headers and the data dictionary."""
    first = True
    for rows in each_chunk(chunks, lambda position, chunk: _json_rows(schema, chunk, before=",\n")):
        if rows:
            yield b"[\n" + rows[2:] if first else rows
            first = False
    yield b"[\n]\n" if first else b"\n]\n"


def jsonl_stream(schema: DatasetSchema, chunks: Chunks, meta: dict[str, Any] | None = None) -> Iterator[bytes]:
    """JSON Lines: one row object per line, nothing else (pandas.read_json(lines=True))."""
    for rows in each_chunk(chunks, lambda position, chunk: _json_rows(schema, chunk, after="\n")):
        if rows:
            yield rows
