"""Partitioned datasets: one dataset written as many files, `part-00000.parquet` …, whose rows read
in order are the rows of the single file (README, "Datasets bigger than one machine").

A partition is a chunk-aligned range of one table's rows. The engine makes any chunk without the
ones before it (a table with series readings replays the chunks before its range), so a
partition's bytes depend only on the schema, seed, rows and its range, and partitions can be made
in any order, in any process, on any host. `partition_write` makes one (it runs on the workers:
its arguments are plain, picklable data); `documents_write` adds `_datapackage.json` and
`_dictionary.md` for the whole dataset once every partition is written, so their presence marks
a complete dataset. Names starting with `_` or `.` are skipped by pyarrow, Spark and DuckDB
when they read the folder.

Paths are fsspec URLs (a local folder, `file://…`, `s3://…` with s3fs installed on every host).
A partition is written to a hidden file beside its target and renamed when complete, so a reader
never sees half a partition.
"""

from __future__ import annotations

import functools
import json
import os
import uuid
from dataclasses import dataclass
from typing import Any

from fsspec.core import url_to_fs

from generator import series
from generator.engine import CHUNK_ROWS, chunk_count, generate_chunks, table_chunks
from generator.schema import DatasetSchema
from generator.tables import MultiTableSchema, schema_from_dict
from generator.writers import FORMATS
from generator.writers.datapackage import package_build, resource_build
from generator.writers.dictionary import dictionary_build, dictionary_markdown
from generator.writers.multi import foreign_keys, multi_dictionary_markdown

PARTITION_FORMATS = ("csv", "jsonl", "parquet")
MAX_PARTITIONS = 100_000
MAX_ROWS = 100_000_000_000  # partitioned output is written by workers, not held by one request: SYNTH_MAX_ROWS does not apply
DATAPACKAGE, DICTIONARY = "_datapackage.json", "_dictionary.md"
TEMPORARY = ".partial"  # the suffix of a partition being written
KILL_HOOK = "SYNTH_TEST_KILL_PARTITION"  # tests only: "PATH:MARKER" ends the worker's process on its first try at PATH
_MEDIA = {"csv": "text/csv", "jsonl": "application/x-ndjson", "parquet": "application/vnd.apache.parquet"}


class PartitionError(ValueError):
    """Partition options that cannot be used; `field` names the command-line option to fix."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Partition:
    """Rows `first` up to `stop` (chunks `chunks`) of `table` ("" for a one-table dataset), written at `path` under the root."""

    table: str
    chunks: range
    first: int
    stop: int
    path: str

    @property
    def rows(self) -> int:
        return self.stop - self.first


@dataclass(frozen=True)
class Job:
    """What a worker needs to write one partition: plain data, sent to any host."""

    schema_json: str
    fmt: str
    rows: int  # the dataset's requested rows (a table of a multi-table dataset has its own count)
    seed: int  # the seed the rows are made from (a student's own, for a student's variant)
    meta: dict[str, Any]
    root: str
    partition: Partition


@dataclass(frozen=True)
class PartitionPlan:
    schema: DatasetSchema | MultiTableSchema
    rows: int
    seed: int  # the seed the documents name (the instructor's, for a student's variant)
    fmt: str
    root: str
    jobs: tuple[Job, ...]
    tables: tuple[tuple[str, int], ...]  # (table name, rows) in the order written, parents first

    @property
    def total_rows(self) -> int:
        return sum(rows for _, rows in self.tables)


def partition_plan(
    *, schema: DatasetSchema | MultiTableSchema, rows: int, seed: int, row_seed: int, fmt: str, root: str,
    partitions: int | None = None, rows_per_partition: int | None = None, table: str = "", student: str = "",
) -> PartitionPlan:
    """Every partition of the dataset (or of its `table`), parents first.

    With `partitions`, each table is cut into that many chunk-aligned ranges of near-equal size (a
    table of fewer chunks into one per chunk); with `rows_per_partition`, into ranges of that many
    rows rounded up to whole chunks of CHUNK_ROWS. The rows come from `row_seed` (a student's own);
    `seed` is the one the files and documents name. Raises PartitionError naming the option.
    """
    _check_options(rows=rows, fmt=fmt, partitions=partitions, rows_per_partition=rows_per_partition)
    if isinstance(schema, DatasetSchema) and (most := series.capacity(schema)) is not None:
        rows = min(rows, most)  # a series with an end stops there, as a download does
    tables = _tables(schema, rows, table)
    schema_json, jobs = json.dumps(schema.to_dict()), []
    meta: dict[str, Any] = {"schema_id": schema.schema_id, "title": schema.title, "seed": seed, "rows": rows}
    meta.update({key: value for key, value in (("student", student), ("table", table)) if value})
    for name, count in tables:
        for index, chunks in enumerate(_ranges(chunk_count(count), partitions, rows_per_partition)):
            folder = f"{name}/" if name and isinstance(schema, MultiTableSchema) else ""
            first, stop = chunks.start * CHUNK_ROWS, min(count, chunks.stop * CHUNK_ROWS)
            part = Partition(name, chunks, first, stop, f"{folder}part-{index:05d}.{FORMATS[fmt].extension}")
            part_meta = {**meta, "partition": part.path, "first_row": first, "partition_rows": stop - first}
            jobs.append(Job(schema_json, fmt, rows, row_seed, part_meta, root_url(root), part))
    return PartitionPlan(schema, rows, seed, fmt, root_url(root), tuple(jobs), tuple(tables))


def root_url(output: str) -> str:
    """The output as workers see it: a URL as given, a local path made absolute (workers may start elsewhere)."""
    return output if "://" in output else os.path.abspath(output)


def _check_options(*, rows: int, fmt: str, partitions: int | None, rows_per_partition: int | None) -> None:
    if fmt not in PARTITION_FORMATS:
        raise PartitionError("format", f"partitioned output is {', '.join(PARTITION_FORMATS)}, not {fmt}")
    if not 1 <= rows <= MAX_ROWS:
        raise PartitionError("rows", f"must be a whole number from 1 to {MAX_ROWS:,}")
    if (partitions is None) == (rows_per_partition is None):
        raise PartitionError("partitions", "give --partitions N or --rows-per-partition N, not both")
    if partitions is not None and not 1 <= partitions <= MAX_PARTITIONS:
        raise PartitionError("partitions", f"must be a whole number from 1 to {MAX_PARTITIONS:,}")
    if rows_per_partition is not None and rows_per_partition < 1:
        raise PartitionError("rows-per-partition", "must be a whole number from 1 up")
    if rows_per_partition is not None and -(-rows // rows_per_partition) > MAX_PARTITIONS:
        raise PartitionError("rows-per-partition", f"would make more than {MAX_PARTITIONS:,} partitions; ask for more rows per partition")


def _tables(schema: DatasetSchema | MultiTableSchema, rows: int, table: str) -> list[tuple[str, int]]:
    if isinstance(schema, DatasetSchema):
        if table:
            raise PartitionError("table", "This dataset has one table; leave --table out.")
        return [("", rows)]
    counts = schema.row_counts(rows)
    if table and schema.table(table) is None:
        raise PartitionError("table", f"There is no table {table!r}; the tables are {', '.join(counts)}.")
    return [(name, count) for name, count in counts.items() if not table or name == table]


def _ranges(chunks: int, partitions: int | None, rows_per_partition: int | None) -> list[range]:
    """Consecutive ranges of chunk indices covering 0..chunks."""
    if rows_per_partition is not None:
        step = -(-rows_per_partition // CHUNK_ROWS)
        return [range(start, min(chunks, start + step)) for start in range(0, chunks, step)]
    parts = min(partitions or 1, chunks)
    cuts = [chunks * i // parts for i in range(parts + 1)]
    return [range(a, b) for a, b in zip(cuts, cuts[1:])]


@dataclass(frozen=True)
class Written:
    path: str
    rows: int
    size: int  # bytes


def partition_write(job: Job) -> Written:
    """Make and write one partition (on a worker); the file appears complete or not at all."""
    part = job.partition
    fs, root = url_to_fs(job.root)
    target = f"{root}/{part.path}"
    folder, _, name = target.rpartition("/")
    temporary = f"{folder}/.{name}.{uuid.uuid4().hex}{TEMPORARY}"
    schema, chunks = _part_chunks(job)
    size = 0
    try:
        with fs.open(temporary, "wb") as handle:
            for count, piece in enumerate(FORMATS[job.fmt].write(schema, chunks, job.meta)):
                size += handle.write(piece) or 0
                if count == 1:
                    _test_kill_hook(part.path)
        fs.mv(temporary, target)
    except BaseException:
        if fs.exists(temporary):
            fs.rm(temporary)
        raise
    return Written(part.path, part.rows, size)


def _part_chunks(job: Job) -> tuple[DatasetSchema, Any]:
    schema, part = _schema(job.schema_json), job.partition
    if isinstance(schema, MultiTableSchema):
        table = schema.table(part.table)
        assert table is not None, part.table  # the plan named it
        return table.schema, table_chunks(schema, table, rows=job.rows, seed=job.seed, chunks=part.chunks)
    return schema, generate_chunks(schema, rows=job.rows, seed=job.seed, chunks=part.chunks)


@functools.lru_cache(maxsize=8)
def _schema(schema_json: str) -> DatasetSchema | MultiTableSchema:
    """A worker validates a schema once, however many of its partitions it writes."""
    return schema_from_dict(json.loads(schema_json))


def _test_kill_hook(path: str) -> None:
    """For the tests of a lost worker: the real failure, a process ending mid-write, once per marker file."""
    hook = os.environ.get(KILL_HOOK, "")
    if not hook:
        return
    wanted, _, marker = hook.partition(":")
    if wanted == path and marker and not os.path.exists(marker):
        with open(marker, "w", encoding="utf-8") as handle:
            handle.write(path)
        os._exit(70)


def output_prepare(plan: PartitionPlan) -> None:
    """Make the output folder (and a folder per table); refuse one that holds anything already,
    so no stored file is ever replaced or mixed into the dataset."""
    fs, root = url_to_fs(plan.root)
    if fs.exists(root) and (not fs.isdir(root) or fs.ls(root, detail=False)):
        raise PartitionError("output", f"{plan.root} already exists and is not an empty folder; choose a new folder (nothing in it is changed)")
    folders = {job.partition.path.rpartition("/")[0] for job in plan.jobs}
    for folder in sorted(folders):
        fs.makedirs(f"{root}/{folder}" if folder else root, exist_ok=True)


def leftovers_remove(plan: PartitionPlan) -> list[str]:
    """Remove partial files that lost workers left behind; return their paths."""
    fs, root = url_to_fs(plan.root)
    found = [path for path in fs.find(root) if path.rpartition("/")[2].startswith(".part-") and path.endswith(TEMPORARY)]
    for path in found:
        fs.rm(path)
    return found


def documents_write(plan: PartitionPlan) -> None:
    """`_dictionary.md`, then `_datapackage.json` (last: its presence marks a complete dataset)."""
    fs, root = url_to_fs(plan.root)
    schema, paths = plan.schema, _paths(plan)
    answers = not plan.jobs[0].meta.get("student")  # the command line is the instructor's; a student's variant is student-safe
    if isinstance(schema, MultiTableSchema):
        keys = {t.name: [key for key in foreign_keys(schema, t) if key[1] in paths] for t in schema.tables}  # one --table: no keys to tables left out
        resources = [_resource(t.schema, t.name, paths[t.name], plan.fmt, keys[t.name]) for t in schema.tables if t.name in paths]
        dictionary = multi_dictionary_markdown(schema, rows=plan.rows, seed=plan.seed, answers=answers)
    else:
        resources = [_resource(schema, schema.slug(), paths[""], plan.fmt)]
        dictionary = dictionary_markdown(dictionary_build(schema=schema, rows=plan.rows, seed=plan.seed, answers=answers))
    package = package_build(schema=schema, resources=resources, rows=plan.rows, seed=plan.seed)
    package["synthsite"].update({key: value for key, value in plan.jobs[0].meta.items() if key in ("student", "table")})
    with fs.open(f"{root}/{DICTIONARY}", "w", encoding="utf-8") as handle:
        handle.write(dictionary + _partition_lines(plan))
    with fs.open(f"{root}/{DATAPACKAGE}", "w", encoding="utf-8") as handle:
        handle.write(json.dumps(package, indent=2, ensure_ascii=False) + "\n")


def _paths(plan: PartitionPlan) -> dict[str, list[str]]:
    paths: dict[str, list[str]] = {}
    for job in plan.jobs:
        paths.setdefault(job.partition.table, []).append(job.partition.path)
    return paths


def _resource(schema: DatasetSchema, name: str, paths: list[str], fmt: str, keys: list[tuple[str, str, str]] | None = None) -> dict[str, Any]:
    """A resource whose data is the partitions read in order (a Frictionless multipart path)."""
    resource = resource_build(schema=schema, name=name, path=paths[0], foreign_keys=keys or ())
    resource.update({"path": paths, "format": fmt, "mediatype": _MEDIA[fmt]})
    if fmt != "csv":
        resource.pop("encoding", None)
    return resource


def _partition_lines(plan: PartitionPlan) -> str:
    lines = ["", "## Partitions", "", f"{len(plan.jobs):,} files; read in this order they hold the rows of the single file.", "",
             "| file | first row | rows |", "| --- | ---: | ---: |"]
    lines += [f"| `{job.partition.path}` | {job.partition.first + 1:,} | {job.partition.rows:,} |" for job in plan.jobs]
    return "\n".join(lines) + "\n"
