"""Seeded, chunked row generation.

Rows are made a chunk of `CHUNK_ROWS` at a time, column by column. Every random draw comes from
a numpy generator seeded by (seed, a stable key, chunk index), so:

- the same schema, rows and seed give the same values in any process, after any restart;
- chunk boundaries never depend on the row count, so the first k rows of a larger request are
  the rows of a request for k rows;
- a column's values depend on its own name, not on its position, so adding or removing another
  column leaves it unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from generator.column_types import ChunkContext, TableInfo
from generator.registry import registry
from generator.schema import DatasetSchema
from generator.tables import MultiTableSchema, Table

CHUNK_ROWS = 8192


@dataclass(frozen=True)
class ColumnChunk:
    """One column's values for a chunk; `nulls` marks missing cells (or is None)."""

    values: np.ndarray
    nulls: np.ndarray | None


def generate_chunks(schema: DatasetSchema, *, rows: int, seed: int, tables: dict[str, TableInfo] | None = None) -> Iterator[dict[str, ColumnChunk]]:
    """Yield the dataset as chunks: {column name: ColumnChunk}, in schema order.

    Columns are made in generation order (a column after those it refers to) but yielded in
    schema order.
    """
    types, order = registry(), schema.generation_order()
    present = frozenset(column.type for column in schema.columns)
    for chunk_index, start in enumerate(range(0, rows, CHUNK_ROWS)):
        ctx = ChunkContext(seed=seed, chunk_index=chunk_index, start=start, size=CHUNK_ROWS, locale=schema.locale, tables=tables or {}, types=present)
        keep = min(CHUNK_ROWS, rows - start)
        missing: dict[str, np.ndarray] = {}
        for column in order:
            values = types.get(column.type).generate(column.params, ctx, ctx.rng(f"column:{column.name}"))
            if isinstance(values, np.ma.MaskedArray):  # values the type could not make (see derived)
                missing[column.name] = np.ma.getmaskarray(values)
                values = values.data
            if column.correlate_with:
                values = correlate(values, ctx.values(column.correlate_with), column.correlation, ctx.rng(f"correlate:{column.name}"))
            ctx.columns[column.name] = values
        chunk = {}
        for column in schema.columns:
            values = ctx.columns[column.name]
            nulls = _nulls(column, values, ctx)
            if column.name in missing:
                nulls = missing[column.name] if nulls is None else nulls | missing[column.name]
            chunk[column.name] = ColumnChunk(values[:keep], None if nulls is None else nulls[:keep])
        yield chunk


def _nulls(column, values, ctx: ChunkContext) -> np.ndarray | None:
    nulls = ctx.rng(f"nulls:{column.name}").random(CHUNK_ROWS) < column.null_rate if column.null_rate > 0 else None
    if isinstance(values, np.ndarray) and values.dtype.kind == "f":
        bad = ~np.isfinite(values)  # e.g. a derived ratio divided by zero
        if bad.any():
            nulls = bad if nulls is None else nulls | bad
    return nulls


def correlate(values: np.ndarray, other: np.ndarray, r: float, rng: np.random.Generator) -> np.ndarray:
    """Reorder `values` so their ranks follow `other` with rank correlation close to r.

    The column keeps exactly the values (and so the distribution) it was generated with.
    """
    other = other.astype("datetime64[s]").astype(np.float64) if other.dtype.kind == "M" else other.astype(np.float64)
    spread = other.std() or 1.0
    score = r * (other - other.mean()) / spread + np.sqrt(1 - r * r) * rng.standard_normal(len(values))
    result = np.empty_like(values)
    result[np.argsort(score, kind="stable")] = np.sort(values, kind="stable")
    return result


Chunks = Iterable[dict[str, ColumnChunk]]


def table_chunks(schema: MultiTableSchema, table: Table, *, rows: int, seed: int) -> Chunks:
    """One table's rows: its own row count and seed, references resolving into the other tables."""
    infos = schema.table_infos(rows, seed)
    return generate_chunks(table.schema, rows=infos[table.name].rows, seed=infos[table.name].seed, tables=infos)


def generate_tables(schema: MultiTableSchema, *, rows: int, seed: int) -> list[tuple[Table, Chunks]]:
    """Every table with its chunks, parents first; each table's chunks are made as they are read."""
    return [(table, table_chunks(schema, table, rows=rows, seed=seed)) for table in schema.tables]
