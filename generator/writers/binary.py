"""Parquet, streamed by row group."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from generator.engine import Chunks
from generator.schema import DatasetSchema
from generator.writers.archive import Sink
from generator.writers.cells import arrow_values


def arrow_schema(schema: DatasetSchema) -> pa.Schema:
    types = {"integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(), "date": pa.date32(), "datetime": pa.timestamp("s"), "time": pa.time32("s"), "string": pa.string()}
    return pa.schema([pa.field(column.name, types[column.kind]) for column in schema.columns])


def parquet_stream(schema: DatasetSchema, chunks: Chunks, meta: dict[str, Any] | None = None) -> Iterator[bytes]:
    """Parquet with one row group per chunk; the footer comes last."""
    sink, target = Sink(), arrow_schema(schema)
    target = target.with_metadata({"synthsite": json.dumps(meta or {})})
    with pq.ParquetWriter(sink, target, compression="snappy") as writer:
        for chunk in chunks:
            arrays = [arrow_values(column, chunk[column.name]) for column in schema.columns]
            writer.write_table(pa.Table.from_arrays(arrays, schema=target))
            yield sink.take()
    yield sink.take()
