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

import collections
import dataclasses
import itertools
import queue
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator import relations as rel
from generator import series
from generator.column_types import ChunkContext, TableInfo
from generator.schema import Column, DatasetSchema
from generator.seeds import ChunkSeeds
from generator.tables import MultiTableSchema, Table

CHUNK_ROWS = 8192


@dataclass(frozen=True)
class ColumnChunk:
    """One column's values for a chunk; `nulls` marks missing cells (or is None)."""

    values: np.ndarray
    nulls: np.ndarray | None


def generate_chunks(
    schema: DatasetSchema, *, rows: int, seed: int, tables: dict[str, TableInfo] | None = None, pipeline: bool = False,
    chunks: range | None = None,
) -> Iterator[dict[str, ColumnChunk]]:
    """Yield the dataset as chunks: {column name: ColumnChunk}, in schema order.

    Columns are made in generation order (a column after those it refers to) but yielded in
    schema order. With `pipeline`, the next chunk is made on a second thread while the caller
    writes this one (see `pipelined`); the chunks are the same either way. `chunks` (a range of
    chunk indices) yields only those chunks of the `rows`-row dataset, each the same as in the
    whole: most tables make them directly; in a table with series readings, whose state passes
    from chunk to chunk, the readings (and what they are made from) of the chunks before them are
    made first, to carry their state.
    """
    if pipeline and not schema.series and not any(column.column_type.reading for column in schema.columns):
        # no state passes from chunk to chunk: each chunk is made on its own, two at a time
        wanted = range(chunk_count(rows)) if chunks is None else chunks
        return Ahead(_Maker(schema, rows, seed, tables), range(wanted.start, min(wanted.stop, chunk_count(rows))))
    made = _chunks(schema, rows=rows, seed=seed, tables=tables, chunks=chunks)
    return pipelined(made) if pipeline else made


class _Maker:
    """Makes chunk i of one dataset; the chunks of a table without series state are independent."""

    def __init__(self, schema: DatasetSchema, rows: int, seed: int, tables: dict[str, TableInfo] | None):
        self.schema, self.rows, self.seed, self.tables = schema, rows, seed, tables or {}
        self.order = schema.generation_order()
        # the columns whose missing cells a column takes on (a derived value's inputs), found once, not per chunk
        self.inputs = {c.name: tuple(c.dependencies()) for c in self.order if c.column_type.missing_from_inputs}
        self.present = frozenset(column.type for column in schema.columns)
        self.layout = series.plan(schema, tables)
        self.seeds = ChunkSeeds(seed, range(chunk_count(rows)))
        self.references = {c.name: parent for c in schema.columns if (parent := c.column_type.foreign_table(c.params))}

    def context(self, chunk_index: int, carry: dict[Any, Any]) -> ChunkContext:
        return ChunkContext(seed=self.seed, chunk_index=chunk_index, start=chunk_index * CHUNK_ROWS, size=CHUNK_ROWS, locale=self.schema.locale,
                            tables=self.tables, types=self.present, series=self.layout, carry=carry, seeds=self.seeds, references=self.references)

    def __call__(self, chunk_index: int, carry: dict[Any, Any] | None = None) -> dict[str, ColumnChunk]:
        ctx = self.context(chunk_index, {} if carry is None else carry)
        return _chunk(self.schema, self.order, self.inputs, _make(self.order, ctx), ctx, keep=min(CHUNK_ROWS, self.rows - ctx.start))


def _chunks(schema: DatasetSchema, *, rows: int, seed: int, tables: dict[str, TableInfo] | None, chunks: range | None) -> Iterator[dict[str, ColumnChunk]]:
    wanted = range(chunk_count(rows)) if chunks is None else chunks
    maker = _Maker(schema, rows, seed, tables)
    replay = _carried(schema, maker.order)
    carry: dict[Any, Any] = {}
    for chunk_index in range(wanted.start if not replay else 0, min(wanted.stop, chunk_count(rows))):
        if chunk_index < wanted.start:
            _make(replay, maker.context(chunk_index, carry))
        else:
            yield maker(chunk_index, carry)


def _carried(schema: DatasetSchema, order: list[Column]) -> list[Column]:
    """The series readings, whose state passes from chunk to chunk, and the columns they are made from."""
    needed: set[str] = set()
    waiting = [column.name for column in schema.columns if column.column_type.reading]
    while waiting:
        name = waiting.pop()
        if name not in needed:
            needed.add(name)
            waiting.extend(schema.column(name).dependencies())
    return [column for column in order if column.name in needed]


def chunk_count(rows: int) -> int:
    """How many chunks make `rows` rows (the last one may be short)."""
    return -(-rows // CHUNK_ROWS)


def _make(order: list[Column], ctx: ChunkContext) -> dict[str, np.ndarray]:
    """Make the columns into ctx.columns, in order; return the cells each could not make (see derived)."""
    missing: dict[str, np.ndarray] = {}
    for column in order:
        values = _column_values(column, ctx)
        if isinstance(values, np.ma.MaskedArray):
            missing[column.name] = np.ma.getmaskarray(values)
            values = values.data
        if column.correlate_with:
            groups = ctx.values(column.relations["depends_on"]) if column.relations.get("depends_on") else None
            other = next(c for c in order if c.name == column.correlate_with)
            followed = ctx.values(other.name)
            if other.column_type.ordered:  # words in order: a job title by its seniority
                followed = other.column_type.ordinal(other.params, followed)
            values = correlate(values, followed, column.correlation, ctx.rng(f"correlate:{column.name}"), groups)
        ctx.columns[column.name] = rounded(column, _related(column, values, ctx))
    return missing


def _chunk(schema: DatasetSchema, order: list[Column], inputs: dict[str, tuple[str, ...]], missing: dict[str, np.ndarray], ctx: ChunkContext, *, keep: int) -> dict[str, ColumnChunk]:
    """The chunk's columns in schema order, with their missing cells. A derived value is missing
    where a column it is made from is (no late fee for a book not yet returned)."""
    nulls_of: dict[str, np.ndarray | None] = {}
    for column in order:
        nulls = _nulls(column, ctx.columns[column.name], ctx)
        if column.name in missing:
            nulls = missing[column.name] if nulls is None else nulls | missing[column.name]
        for source in inputs.get(column.name, ()):
            if (inherited := nulls_of.get(source)) is not None:
                nulls = inherited if nulls is None else nulls | inherited
        nulls_of[column.name] = nulls
    return {column.name: ColumnChunk(ctx.columns[column.name][:keep], None if (nulls := nulls_of[column.name]) is None else nulls[:keep])
            for column in schema.columns}


def _column_values(column: Column, ctx: ChunkContext) -> Any:
    """One column's values for the chunk, drawn by its type (per case of `depends_on`, or from a
    pool of `distinct` values when the schema asks)."""
    column_type, relations = column.column_type, column.relations
    ctx = ctx.for_column(column.name, relations.get("role", ""))
    if (keys := series.column_values(column, ctx)) is not None:  # a series' entity and time
        return keys
    rng = ctx.rng(f"column:{column.name}")
    if "distinct" in relations:
        return _distinct(column, ctx, rng)
    cases = [(value, mask) for value, mask in rel.case_masks(ctx.values(relations["depends_on"]), relations["cases"]) if mask.any()] if "depends_on" in relations else []
    # The column's own values are made only for rows no case covers (the cases' values never depend on them).
    values = None if cases and np.logical_or.reduce([mask for _, mask in cases]).all() else column_type.generate(column.params, ctx, rng)
    for value, mask in cases:
        params = rel.merge_case(column.params, relations["cases"][value])
        case = column_type.generate(params, ctx, ctx.rng(f"case:{column.name}:{value}"))
        values = case if values is None else pc_where(mask, case, values)
    return values


DISTINCT_POOL_CHUNK = 2**32  # a chunk index no real chunk has: the pool is the same for every chunk


def _distinct(column: Column, ctx: ChunkContext, rng: np.random.Generator) -> Any:
    count = column.relations["distinct"]
    size = count + count // 4 + 8
    pool_ctx = dataclasses.replace(ctx, chunk_index=DISTINCT_POOL_CHUNK, start=0, size=size, _shared={}, columns={})
    made = column.column_type.generate(column.params, pool_ctx, pool_ctx.rng(f"distinct:{column.name}"))
    if isinstance(made, np.ndarray):
        _, first = np.unique(made, return_index=True)
        pool = made[np.sort(first)[:count]]
    else:
        pool = made.unique()[:count]
    index = rel.distinct_indices(ctx.row_numbers(), len(pool), rng)
    return pool.take(pa.array(index)) if isinstance(pool, pa.Array) else pool[index]


def _related(column: Column, values: Any, ctx: ChunkContext) -> Any:
    """Values moved into order with the columns they follow and made to differ from others."""
    relations = column.relations
    if relations.get("at_least") or relations.get("at_most"):
        low, high = (column.params.get(key) if isinstance(column.params.get(key), (int, float)) else None for key in ("min", "max"))
        step = 60 * (column.params.get("step") or 0)
        values = rel.order(values, relations, column.kind, ctx, ctx.rng(f"order:{column.name}"), (low, high), step)
    if relations.get("differs_from"):
        values = rel.differ(values, [ctx.values(name) for name in relations["differs_from"]], ctx.rng(f"differ:{column.name}"))
    return values


def rounded(column: Column, values: Any) -> Any:
    """A number column's values rounded to its decimals: the one place numbers are rounded, so
    every format and the columns that refer to it see the same value."""
    decimals = column.column_type.decimals(column.params)
    if decimals is None or not isinstance(values, np.ndarray) or values.dtype.kind != "f":
        return values
    return np.round(values, decimals)


def pc_where(mask: np.ndarray, chosen: Any, other: Any) -> Any:
    """Row by row, `chosen` where mask is true, else `other` (numpy or Arrow arrays alike)."""
    if isinstance(chosen, pa.Array) or isinstance(other, pa.Array):
        return pc.if_else(pa.array(mask), chosen, other)
    return np.where(mask, chosen, other)


def _nulls(column, values, ctx: ChunkContext) -> np.ndarray | None:
    nulls = ctx.rng(f"nulls:{column.name}").random(CHUNK_ROWS) < column.null_rate if column.null_rate > 0 else None
    if "present_when" in column.relations:
        when = column.relations["present_when"]
        absent = ~rel.present(ctx.values(when["column"]), when["in"])
        nulls = absent if nulls is None else nulls | absent
    if (dropped := series.dropouts(column, ctx)) is not None:
        nulls = dropped if nulls is None else nulls | dropped
    if isinstance(values, np.ndarray) and values.dtype.kind in "fM":
        bad = np.isnat(values) if values.dtype.kind == "M" else ~np.isfinite(values)  # a date not reached yet; a ratio divided by zero
        if bad.any():
            nulls = bad if nulls is None else nulls | bad
    return nulls


def correlate(values: np.ndarray, other: np.ndarray, r: float, rng: np.random.Generator, groups: Any = None) -> np.ndarray:
    """Reorder `values` so their ranks follow `other` with rank correlation close to r.

    The column keeps exactly the values (and so the distribution) it was generated with. With
    `groups` (the values of the column's depends_on), values move only within their group, so a
    room type's price band survives the price following the floor area.
    """
    other = other.astype("datetime64[s]").astype(np.float64) if other.dtype.kind == "M" else other.astype(np.float64)
    spread = other.std() or 1.0
    score = r * (other - other.mean()) / spread + np.sqrt(1 - r * r) * rng.standard_normal(len(values))
    result = np.empty_like(values)
    if groups is None:
        result[_stable_order(score)] = np.sort(values, kind="stable")
        return result
    codes = np.unique(np.asarray(groups).astype(str), return_inverse=True)[1]
    result[np.lexsort((score, codes))] = values[np.lexsort((values, codes))]
    return result


def _stable_order(score: np.ndarray) -> np.ndarray:
    """np.argsort(score, kind="stable"): any sort gives that order when no two scores are equal
    (and none is NaN), and numpy's default sort is the faster one."""
    order = np.argsort(score)
    ranked = score[order]
    if np.isnan(ranked[-1:]).any() or (ranked[1:] == ranked[:-1]).any():
        return np.argsort(score, kind="stable")
    return order


Chunks = Iterable[dict[str, ColumnChunk]]


def table_chunks(schema: MultiTableSchema, table: Table, *, rows: int, seed: int, pipeline: bool = False, chunks: range | None = None) -> Chunks:
    """One table's rows (or its `chunks`): its own row count and seed, references resolving into the other tables."""
    infos = schema.table_infos(rows, seed)
    return generate_chunks(table.schema, rows=infos[table.name].rows, seed=infos[table.name].seed, tables=infos, pipeline=pipeline, chunks=chunks)


def generate_tables(schema: MultiTableSchema, *, rows: int, seed: int, pipeline: bool = False) -> list[tuple[Table, Chunks]]:
    """Every table with its chunks, parents first; each table's chunks are made as they are read."""
    return [(table, table_chunks(schema, table, rows=rows, seed=seed, pipeline=pipeline)) for table in schema.tables]


T = TypeVar("T")
PIPELINE_DEPTH = 1  # chunks made ahead of the one being written: memory holds at most depth + 2
AHEAD_WORKERS = 2  # threads making independent chunks
AHEAD_CHUNKS = 4  # independent chunks begun ahead of the reader: memory holds at most this many + 1


class Ahead(Iterator[T]):
    """make(i) for each index, in order, made on `workers` threads at most `ahead` items ahead of the caller.

    For chunks that do not depend on each other: while the caller writes and sends one, the next
    ones are made on the other threads (numpy and Arrow release the GIL in their kernels, so two
    cores share the work). More items are begun than there are threads, so both threads keep
    working while the caller takes its time over one item (a slow send). An error in `make` is
    raised here; closing the iterator early (a client that went away) drops the chunks not begun
    and waits for those being made. Before the first item is read, `then` adds a step made on the
    same threads (a writer's work on each chunk).
    """

    def __init__(self, make: Callable[[int], T], indices: range, workers: int = AHEAD_WORKERS, ahead: int = AHEAD_CHUNKS):
        self.make, self.indices, self.workers, self.ahead = make, indices, workers, max(ahead, workers)
        self._items: Generator[T, None, None] | None = None

    def then(self, step: Callable[[int, T], Any]) -> Ahead[Any]:
        """These items passed through step(position, item) on the making threads (position counts from 0)."""
        assert self._items is None, "then() goes before the first item is read"
        make, start = self.make, self.indices.start
        return Ahead(lambda index: step(index - start, make(index)), self.indices, self.workers, self.ahead)

    def batched(self) -> Ahead[tuple[int, list[T]]]:
        """These items in consecutive batches (see batches), each with its first item's position,
        a whole batch made on one thread."""
        assert self._items is None, "batched() goes before the first item is read"
        make, start = self.make, self.indices.start
        bounds = list(_batch_bounds(len(self.indices)))
        # a batch holds up to BATCH_CHUNKS chunks, so no more batches are begun than there are threads
        return Ahead(lambda number: (bounds[number].start, [make(start + position) for position in bounds[number]]), range(len(bounds)), self.workers, self.workers)

    def __next__(self) -> T:
        if self._items is None:
            self._items = _ahead(self.make, self.indices, self.workers, self.ahead)
        return next(self._items)

    def close(self) -> None:
        if self._items is not None:
            self._items.close()


def _ahead(make: Callable[[int], T], indices: range, workers: int, ahead: int) -> Generator[T, None, None]:
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="synth-chunks")
    waiting = iter(indices)
    made = collections.deque(pool.submit(make, index) for index in itertools.islice(waiting, ahead))
    try:
        while made:
            item = made.popleft().result()
            if (index := next(waiting, None)) is not None:
                made.append(pool.submit(make, index))
            yield item
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def each_chunk(chunks: Iterable[T], step: Callable[[int, T], Any]) -> Iterator[Any]:
    """step(position, chunk) for each chunk in order: on the threads that make the chunks when they
    are made ahead independently (see Ahead), else here, one after another."""
    if isinstance(chunks, Ahead):
        return chunks.then(step)
    return (step(position, chunk) for position, chunk in enumerate(chunks))


BATCH_CHUNKS = 4  # most chunks a batch holds (see batches): 32,768 rows, a few MB of text per thread


def each_batch(chunks: Iterable[T], step: Callable[[int, list[T]], Any]) -> Iterator[Any]:
    """step(position, batch) for consecutive batches of chunks (see batches; position: the
    batch's first chunk's, counting from 0), on the threads that make the chunks when they are
    made ahead independently, as each_chunk does. For a writer whose cost is mostly per call
    (many small Arrow and numpy operations per chunk), not per row."""
    if isinstance(chunks, Ahead):
        return chunks.batched().then(lambda number, batch: step(*batch))
    return (step(first, batch) for first, batch in batches(chunks))


def batches(chunks: Iterable[T]) -> Iterator[tuple[int, list[T]]]:
    """(first position, chunks) in batches of 1, 1, 2, then BATCH_CHUNKS chunks: the first bytes
    leave after one chunk, and later batches hold a bounded number of rows."""
    items, first = iter(chunks), 0
    for size in _batch_sizes():
        batch = list(itertools.islice(items, size))
        if not batch:
            return
        yield first, batch
        first += len(batch)


def _batch_sizes() -> Iterator[int]:
    yield 1
    size = 1
    while True:
        yield size
        size = min(2 * size, BATCH_CHUNKS)


def _batch_bounds(count: int) -> Iterator[range]:
    """The positions of each batch of `count` chunks, as batches() groups them."""
    first = 0
    for size in _batch_sizes():
        if first >= count:
            return
        yield range(first, min(first + size, count))
        first += size


def merge_chunks(chunks: list[dict[str, ColumnChunk]]) -> dict[str, ColumnChunk]:
    """Consecutive chunks as one, column by column (the rows one after another)."""
    if len(chunks) == 1:
        return chunks[0]
    merged = {}
    for name, first in chunks[0].items():
        parts = [chunk[name] for chunk in chunks]
        if isinstance(first.values, pa.Array):
            values: Any = pa.concat_arrays([part.values for part in parts])
        else:
            values = np.concatenate([part.values for part in parts])
        nulls = None
        if any(part.nulls is not None for part in parts):
            nulls = np.concatenate([np.zeros(len(part.values), dtype=bool) if part.nulls is None else part.nulls for part in parts])
        merged[name] = ColumnChunk(values, nulls)
    return merged


_POLL_SECONDS = 0.1


class _Failed:
    def __init__(self, error: BaseException):
        self.error = error


_DONE = object()


def pipelined(items: Iterator[T], depth: int = PIPELINE_DEPTH) -> Iterator[T]:
    """`items`, made on a second thread at most `depth` ahead of the caller.

    numpy and Arrow release the GIL in their kernels, so while the caller writes and sends a
    chunk (Arrow's CSV writer runs without the GIL) parts of the next one are made on the other
    core; the Python parts of both threads still take turns. The thread starts at the first item asked for,
    an error in it is raised here, and closing the iterator early (a client that went away)
    stops it after the item it is making.
    """
    handoff: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def offer(item: Any) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=_POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not offer(item):
                    return
            offer(_DONE)
        except BaseException as error:  # noqa: BLE001 - handed to the consumer, which raises it
            offer(_Failed(error))
        finally:
            close = getattr(items, "close", None)
            if close is not None and stop.is_set():
                close()

    worker = threading.Thread(target=produce, name="synth-chunks", daemon=True)
    worker.start()
    try:
        while (item := handoff.get()) is not _DONE:
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        stop.set()
        worker.join()
