"""Orchestration used by the views and the CLI: schemas in, datasets out."""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.text import slugify

from generator import series as series_key
from generator.chart import SeriesChart, chart_rows, series_chart
from generator.cost import cost_problem, store_problem
from generator.engine import generate_chunks, generate_tables, table_chunks
from generator.inference import SourceUnavailable, Usage
from generator.inference.sources import SchemaSource, current_source, offline_source
from generator.models import usage_add
from generator.options import DatasetOptionError as DatasetOptionError  # re-exported: the services raise it
from generator.options import DownloadOptions
from generator.registry import registry
from generator.repository import SchemaRepository
from generator.schema import DatasetSchema, SchemaError
from generator.seeds import MAX_SEED, stable_hash
from generator.tables import MultiTableSchema, schema_from_dict
from generator.writers import FORMATS
from generator.writers.cells import text_cells
from generator.writers.messy import messy_csv_stream
from generator.writers.multi import multi_sql_stream, multi_zip_stream

logger = logging.getLogger(__name__)
MODEL_UNAVAILABLE = "The language model was unavailable, so the built-in offline inferrer made this schema."


class SchemaNotFound(LookupError):
    """No stored schema has this id."""


@dataclass(frozen=True)
class SchemaResult:
    schema: DatasetSchema | MultiTableSchema
    schema_id: str
    source: str  # "cache", "openai" or "offline"
    notice: str = ""


@dataclass(frozen=True)
class Dataset:
    """A dataset ready to stream: the encoded pieces plus what the response headers say."""

    chunks: Iterator[bytes]
    filename: str
    content_type: str
    seed: int
    schema_id: str
    student: str = ""


def schema_repository() -> SchemaRepository:
    return SchemaRepository(settings.SYNTH_SCHEMA_STORE)


class ParsedSchemas:
    """Validated schemas by id, most recently used kept. Ids are hashes of the schema's content,
    so an id always means the same schema: a hit skips reading and validating the stored entry."""

    def __init__(self, size: int = 512):
        self._size = size
        self._schemas: OrderedDict[tuple[str, str], DatasetSchema | MultiTableSchema] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, schema_id: str) -> DatasetSchema | MultiTableSchema | None:
        with self._lock:
            found = self._schemas.get(self._key(schema_id))
            if found is not None:
                self._schemas.move_to_end(self._key(schema_id))
            return found

    def put(self, schema: DatasetSchema | MultiTableSchema) -> None:
        with self._lock:
            self._schemas[self._key(schema.schema_id)] = schema
            while len(self._schemas) > self._size:
                self._schemas.popitem(last=False)

    @staticmethod
    def _key(schema_id: str) -> tuple[str, str]:
        return str(settings.SYNTH_SCHEMA_STORE), schema_id  # an id is known per store


parsed_schemas = ParsedSchemas()


def schema_get_or_create(*, description: str) -> SchemaResult:
    """The cached schema for `description`, or a new one from the current source (then cached).

    When the model fails, the offline inferrer's schema is used and the result carries a notice;
    a failed call is never cached. Raises InferenceError when nothing usable can be made of the
    description.
    """
    source = current_source()
    try:
        return _schema_from(source, description)
    except SourceUnavailable as exc:
        logger.warning("schema source %s failed, using the offline inferrer: %s", source.name, exc)
        _record(exc.usage)
        usage_add("fallbacks")
        result = _schema_from(offline_source(), description)
        return SchemaResult(result.schema, result.schema_id, "offline", MODEL_UNAVAILABLE)


def schema_is_cached(*, description: str) -> bool:
    """Whether a schema for `description` is stored for the current source (so making it calls no model)."""
    description = description.strip()
    if not description or len(description) > settings.SYNTH_MAX_DESCRIPTION_CHARS:
        return False
    return schema_repository().get_by_description(description, current_source().fingerprint) is not None


def _schema_from(source: SchemaSource, description: str) -> SchemaResult:
    repository = schema_repository()
    cached = repository.get_by_description(description, source.fingerprint)
    if cached is not None:
        usage_add("cache_hits")
        parsed_schemas.put(cached.schema)
        return SchemaResult(cached.schema, cached.schema.schema_id, "cache")
    inferred = source.infer(description)
    _record(inferred.usage)
    schema = schema_admit(schema_from_dict(inferred.schema))
    schema_id = repository.put(schema, source=source.name, description=description, generator=source.fingerprint)
    parsed_schemas.put(schema)
    logger.info("schema %s made by %s for a %d-character description", schema_id, source.name, len(description))
    return SchemaResult(schema, schema_id, source.name)


def _record(usage: Usage) -> None:
    """Count what a schema source's request cost (model calls, failures, tokens) across workers."""
    for name, amount in dataclasses.asdict(usage).items():
        if amount:
            usage_add(name, amount)


def schema_get(*, schema_id: str) -> DatasetSchema | MultiTableSchema:
    """The stored schema with this id (validated once per process), or SchemaNotFound."""
    if (schema := parsed_schemas.get(schema_id)) is not None:
        return schema
    stored = schema_repository().get(schema_id)
    if stored is None:
        raise SchemaNotFound(schema_id)
    parsed_schemas.put(stored.schema)
    return stored.schema


def schema_admit(schema: DatasetSchema | MultiTableSchema) -> DatasetSchema | MultiTableSchema:
    """The schema, if it can make its first chunk of rows within the request budgets
    (generator.cost); else SchemaError naming the column that costs too much."""
    if problem := store_problem(schema):
        raise SchemaError([problem])
    return schema


def schema_save(*, schema: DatasetSchema | MultiTableSchema, source: str = "user") -> str:
    """Store a schema (e.g. one edited by a user) so its permalink works; return its id.
    Raises SchemaError when it is over the request budgets (schema_admit)."""
    schema_id = schema_repository().put(schema_admit(schema), source=source)
    parsed_schemas.put(schema)
    return schema_id


def seed_resolve(seed: int | None) -> int:
    """The seed to use: the one asked for, or a fresh random one (reported back to the user)."""
    return secrets.randbelow(10**9) if seed is None else seed


def dataset_filename(*, schema: DatasetSchema | MultiTableSchema, fmt: str, student: str = "", rows: int | None = None, seed: int | None = None) -> str:
    """A safe download name from the schema title, the rows, the seed, the student and (where two
    formats share an extension, as the SQL dialects do) the format: lowercase ASCII, digits and hyphens."""
    made = f"{rows}-rows-seed-{seed}" if rows is not None and seed is not None else ""
    dialect = fmt if FORMATS[fmt].extension != fmt else ""
    stem = "-".join(part for part in (schema.slug(), made, slugify(student)[:40], dialect) if part)
    return f"{stem}.{FORMATS[fmt].extension}"


def seed_for_student(*, seed: int, student: str) -> int:
    """A student's own seed: different for each student id, the same every time for one."""
    return stable_hash(f"student:{seed}:{student}") % (MAX_SEED + 1)


def dataset_build(
    *, schema: DatasetSchema | MultiTableSchema, rows: int, seed: int | None, fmt: str,
    student: str = "", messy: dict[str, float] | None = None, table: str = "", answers: bool = False,
) -> Dataset:
    """The dataset as a stream of `fmt` bytes (see generator.writers.FORMATS).

    With `student`, the rows come from that student's seed (same columns and planted structure,
    other rows); with `messy`, defects are injected for cleaning practice (generator.writers.messy).
    A multi-table dataset downloads whole as zip or SQL, or one `table` in any format.
    Student-safe unless `answers` (the instructor's signed link, the command line): only then does
    a zip hold the answer key, the annotated dictionary, the clean twin and the defect log.
    Raises DatasetOptionError for options that cannot be combined (DownloadOptions.problem).
    """
    if problem := DownloadOptions(rows=rows, fmt=fmt, seed=seed, student=student, messy=messy, table=table).problem(schema):
        raise problem
    seed = seed_resolve(seed)
    row_seed = seed_for_student(seed=seed, student=student) if student else seed
    if isinstance(schema, DatasetSchema) and (most := series_key.capacity(schema)) is not None:
        rows = min(rows, most)  # a series with an end stops there (the dictionary says so)
    meta: dict[str, Any] = {"schema_id": schema.schema_id, "title": schema.title, "seed": seed, "rows": rows}
    meta.update({key: value for key, value in (("student", student), ("messy", messy), ("table", table)) if value})
    if answers and fmt == "zip":  # only the zip holds documents; the other formats' bytes never depend on it
        meta["answers"] = True
    if messy:
        meta["messy_seed"] = row_seed  # a student's defects fall in other cells than the instructor's
    if isinstance(schema, MultiTableSchema):
        chunks = _multi_pieces(schema, rows=rows, seed=row_seed, fmt=fmt, messy=messy, table=table, meta=meta, recorded_seed=seed)
    else:
        write = messy_csv_stream if messy and fmt == "csv" else FORMATS[fmt].write
        chunks = write(schema, generate_chunks(schema, rows=rows, seed=row_seed, pipeline=settings.SYNTH_PIPELINE), meta)
    return Dataset(
        chunks=chunks,
        filename=dataset_filename(schema=schema, fmt=fmt, student="-".join(p for p in (table, student, "messy" if messy else "", "answers" if meta.get("answers") else "") if p), rows=rows, seed=seed),
        content_type=FORMATS[fmt].content_type,
        seed=seed,
        schema_id=schema.schema_id,
        student=student,
    )


SAMPLE_ROWS = 200


def dataset_size_estimate(*, schema: DatasetSchema | MultiTableSchema, rows: int, seed: int | None, fmt: str, **options: Any) -> int:
    """About how many bytes the download holds: the first SAMPLE_ROWS rows made in the same format
    and options, scaled to `rows` (exact up to SAMPLE_ROWS rows). The options have been checked."""
    sample_rows = min(rows, SAMPLE_ROWS)
    size = sum(map(len, dataset_build(schema=schema, rows=sample_rows, seed=seed_resolve(seed), fmt=fmt, **options).chunks))
    return size if sample_rows == rows else round(size * rows / sample_rows)


def _multi_pieces(schema: MultiTableSchema, *, rows: int, seed: int, fmt: str, messy, table: str, meta: dict, recorded_seed: int) -> Iterator[bytes]:
    """`seed` makes the rows (a student's own), `recorded_seed` is the one the documents name.
    The options have passed DownloadOptions.problem for this schema."""
    if table:
        chosen = schema.table(table)
        assert chosen is not None, table  # DownloadOptions.problem refused an unknown table
        write = messy_csv_stream if messy and fmt == "csv" else FORMATS[fmt].write
        return write(chosen.schema, table_chunks(schema, chosen, rows=rows, seed=seed, pipeline=settings.SYNTH_PIPELINE), meta)
    tables = generate_tables(schema, rows=rows, seed=seed, pipeline=settings.SYNTH_PIPELINE)
    if fmt == "zip":
        return multi_zip_stream(schema, tables, rows=rows, seed=recorded_seed, answers=bool(meta.get("answers")))
    return multi_sql_stream(schema, tables, dialect=fmt)


_warm_lock = threading.Lock()
_warmed: list[float] = []


def warm() -> float:
    """Load the inferrer's knowledge and every column type's pools and vocabularies now (once per
    process); the seconds the first call took. /healthz calls it, so it says ready only after."""
    from generator.inference.sources import warm as warm_inference

    with _warm_lock:
        if not _warmed:
            start = time.perf_counter()
            warm_inference()
            types_catalogue()
            _warmed.append(time.perf_counter() - start)
    return _warmed[0]


PREVIEW_ROWS = 20
SAMPLE_SEED = 1


@dataclass(frozen=True)
class Preview:
    """The first rows of a dataset as the CSV shows them; None is a missing value."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]
    seed: int
    total_rows: int


def schema_with_locale(*, schema: DatasetSchema | MultiTableSchema, locale: str, source: str) -> tuple[DatasetSchema | MultiTableSchema, str]:
    """The schema in `locale` (stored, so its permalink works), or unchanged when no locale is asked."""
    if not locale or locale == schema.locale:
        return schema, schema.schema_id
    localised = schema.with_locale(locale)
    return localised, schema_save(schema=localised, source=source)


def schema_edit(*, data: Any) -> SchemaResult:
    """Validate a schema edited by a user and store it so its permalink works.

    Raises SchemaError listing every problem, each naming its column as "column N 'name': ...".
    """
    schema = DatasetSchema.from_dict(data)
    return SchemaResult(schema, schema_save(schema=schema), "edited")


def _text_rows(schema: DatasetSchema, *, rows: int, seed: int) -> list[dict[str, str | None]]:
    """The first `rows` rows as the CSV writes them (None for a missing value)."""
    chunk = next(generate_chunks(schema, rows=rows, seed=seed))
    columns = {column.name: text_cells(column, chunk[column.name]) for column in schema.columns}
    return [dict(zip(columns, values)) for values in zip(*columns.values())]


def preview_build(*, schema: DatasetSchema, rows: int, seed: int | None) -> Preview:
    """The first rows of the dataset that `rows` and `seed` download (the same values).

    The engine makes a whole chunk for them; a schema stored before the budgets that cannot make
    one within them raises DatasetOptionError naming its costliest column instead.
    """
    if problem := store_problem(schema):
        raise DatasetOptionError("schema", str(problem))
    seed = seed_resolve(seed)
    data = _text_rows(schema, rows=min(rows, PREVIEW_ROWS), seed=seed)
    cells = tuple(tuple(row[column.name] for column in schema.columns) for row in data)
    return Preview(tuple(column.name for column in schema.columns), cells, seed, rows)


def series_chart_build(*, schema: DatasetSchema | MultiTableSchema, seed: int) -> SeriesChart | None:
    """A line chart of a single-table series for the preview (None for other schemas, and for a
    series whose chart would cost more than a request may)."""
    if not isinstance(schema, DatasetSchema) or (schema.series and cost_problem(schema, chart_rows(schema))):
        return None
    return series_chart(schema, seed=seed)


@dataclass(frozen=True)
class TypeSample:
    """One registry type for the /types page, with values generated by the type itself."""

    name: str
    group: str
    description: str
    params: tuple[tuple[str, str, str], ...]  # name, Param.describe(), help
    example: str  # the type's example parameters as JSON, or ""
    samples: tuple[str, ...]


@functools.cache
def relations_catalogue() -> dict[str, Any]:
    """The relation keys any column may carry and the clock profiles, for /types."""
    from generator.relations import KEY_DOCS
    from generator.types.clock import profiles

    return {"relations": KEY_DOCS, "profiles": [(name, profile["about"]) for name, profile in profiles().items()]}


def types_catalogue(samples: int = 4) -> tuple[TypeSample, ...]:
    """Every registry type with sample values made from its example columns (seed SAMPLE_SEED).

    Each type is shown by a schema of its own (with the helper columns a derived expression or
    a target refers to), so no type's samples depend on the others'.
    """
    values = {t.name: _samples(t.example_columns(), samples).get(t.name, ()) for t in registry()}
    return tuple(
        TypeSample(
            name=t.name,
            group=t.group,
            description=t.description,
            params=tuple((p.name, p.describe(), p.help) for p in t.params),
            example=json.dumps(dict(t.example_params), ensure_ascii=False) if t.example_params else "",
            samples=values[t.name],
        )
        for t in registry()
    )


def _samples(columns: list[dict[str, Any]], count: int) -> dict[str, tuple[str, ...]]:
    try:
        schema = DatasetSchema.from_dict({"title": "column types", "columns": columns})
    except SchemaError as exc:
        logger.warning("no samples for the /types page: %s", exc)
        return {}
    rows = _text_rows(schema, rows=count, seed=SAMPLE_SEED)
    return {c.name: tuple(row[c.name] or "" for row in rows) for c in schema.columns}
