"""The download formats. Each is a function (schema, chunks, meta) → an iterator of bytes,
streamed as chunks of rows are made; a format with a row limit says so up front."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from generator.schema import DatasetSchema
from generator.writers.binary import parquet_stream
from generator.writers.bundle import zip_stream
from generator.writers.cells import python_values
from generator.writers.sql import sql_stream
from generator.writers.text import Chunks, csv_stream, json_stream, jsonl_stream
from generator.writers.xlsx import EXCEL_MAX_ROWS, xlsx_stream

__all__ = ["FORMATS", "Format", "python_values", "csv_stream", "json_stream"]


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    content_type: str
    label: str
    write: Callable[[DatasetSchema, Chunks, dict[str, Any]], Iterator[bytes]]
    max_rows: int | None = None
    max_cells_setting: str | None = None  # the setting that caps rows × columns, if any
    messy: bool = False  # messy data comes in this format (with the clean twin and log in a zip)
    several_tables: bool = False  # a multi-table dataset downloads whole in this format


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("csv", "csv", "text/csv; charset=utf-8", "CSV", csv_stream, messy=True),
        Format("json", "json", "application/json", "JSON", json_stream),
        Format("jsonl", "jsonl", "application/x-ndjson", "JSON Lines", jsonl_stream),
        Format("parquet", "parquet", "application/vnd.apache.parquet", "Parquet", parquet_stream),
        Format("xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel", xlsx_stream, EXCEL_MAX_ROWS, "SYNTH_MAX_EXCEL_CELLS"),
        Format("sqlite", "sql", "application/sql; charset=utf-8", "SQL (SQLite)", partial(sql_stream, dialect="sqlite"), several_tables=True),
        Format("postgresql", "sql", "application/sql; charset=utf-8", "SQL (PostgreSQL)", partial(sql_stream, dialect="postgresql"), several_tables=True),
        Format("zip", "zip", "application/zip", "Zip (CSV + dictionary + datapackage.json)", zip_stream, messy=True, several_tables=True),
    )
}
