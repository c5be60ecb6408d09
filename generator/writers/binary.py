"""Parquet (streamed by row group) and Excel (built in a temporary file, then streamed)."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Iterator
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import xlsxwriter

from generator.engine import Chunks
from generator.schema import DatasetSchema
from generator.writers.archive import FIXED_TIME, Sink
from generator.writers.cells import arrow_values

EXCEL_MAX_ROWS = 1_048_575  # 1,048,576 rows per sheet, one of them the header
_EPOCH = dt.date(1970, 1, 1)
_EXCEL_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm:ss", "time": "hh:mm:ss"}


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


def xlsx_stream(schema: DatasetSchema, chunks: Chunks, meta: dict[str, Any] | None = None) -> Iterator[bytes]:
    """An .xlsx workbook: typed cells (numbers, booleans, real dates), written in constant memory.

    Text is stored as text cells, which Excel never evaluates, so it is kept as it is.
    """
    with tempfile.TemporaryFile() as handle:
        workbook = xlsxwriter.Workbook(handle, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
        workbook.set_properties({"created": FIXED_TIME})  # the same bytes on every run
        sheet = workbook.add_worksheet("data")
        sheet.write_row(0, 0, [column.name for column in schema.columns])
        for index, column in enumerate(schema.columns):
            number_format = _EXCEL_FORMATS.get(column.kind)
            if number_format:
                sheet.set_column(index, index, 20, workbook.add_format({"num_format": number_format}))
        row = 1
        for chunk in chunks:
            # constant_memory mode keeps one row at a time, so cells go in row order
            for values in zip(*(_excel_cells(column, chunk[column.name]) for column in schema.columns)):
                sheet.write_row(row, 0, values)
                row += 1
        workbook.close()
        handle.seek(0)
        while block := handle.read(1 << 20):
            yield block


def _excel_cells(column, chunk) -> list:
    """Values Excel stores natively: numbers, booleans, dates/times as serial day numbers."""
    kind, values = column.kind, chunk.values
    if kind in ("date", "datetime"):
        days = (values - np.datetime64(_EPOCH)).astype(f"timedelta64[{'D' if kind == 'date' else 's'}]").astype(np.float64)
        cells = (days / (1 if kind == "date" else 86400) + 25569.0).tolist()
    elif kind == "time":
        cells = (values / 86400.0).tolist()
    else:
        return arrow_values(column, chunk).to_pylist()
    if chunk.nulls is not None:
        cells = [None if null else cell for cell, null in zip(cells, chunk.nulls.tolist())]
    return cells
