"""Orchestration used by the views and the CLI: schemas in, datasets out."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.text import slugify

from generator.engine import generate_chunks
from generator.inference import SourceUnavailable
from generator.inference.sources import SchemaSource, current_source, offline_source
from generator.repository import SchemaRepository
from generator.schema import DatasetSchema
from generator.writers import CONTENT_TYPES, csv_stream, json_stream

logger = logging.getLogger(__name__)


class SchemaNotFound(LookupError):
    """No stored schema has this id."""


@dataclass(frozen=True)
class SchemaResult:
    schema: DatasetSchema
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


def schema_repository() -> SchemaRepository:
    return SchemaRepository(settings.SYNTH_SCHEMA_STORE)


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
        result = _schema_from(offline_source(), description)
        notice = "The language model was unavailable, so the built-in offline inferrer made this schema."
        return SchemaResult(result.schema, result.schema_id, "offline", notice)


def _schema_from(source: SchemaSource, description: str) -> SchemaResult:
    repository = schema_repository()
    cached = repository.get_by_description(description, source.fingerprint)
    if cached is not None:
        return SchemaResult(cached.schema, cached.schema.schema_id, "cache")
    schema = DatasetSchema.from_dict(source.infer(description))
    schema_id = repository.put(schema, source=source.name, description=description, generator=source.fingerprint)
    logger.info("schema %s made by %s for a %d-character description", schema_id, source.name, len(description))
    return SchemaResult(schema, schema_id, source.name)


def schema_get(*, schema_id: str) -> DatasetSchema:
    stored = schema_repository().get(schema_id)
    if stored is None:
        raise SchemaNotFound(schema_id)
    return stored.schema


def schema_save(*, schema: DatasetSchema, source: str = "user") -> str:
    """Store a schema (e.g. one edited by a user) so its permalink works; return its id."""
    return schema_repository().put(schema, source=source)


def seed_resolve(seed: int | None) -> int:
    """The seed to use: the one asked for, or a fresh random one (reported back to the user)."""
    return secrets.randbelow(10**9) if seed is None else seed


def dataset_filename(*, schema: DatasetSchema, fmt: str) -> str:
    """A safe download name from the schema title: lowercase ASCII, digits and hyphens only."""
    return f"{slugify(schema.title)[:60].strip('-') or 'dataset'}.{fmt}"


def dataset_build(*, schema: DatasetSchema, rows: int, seed: int | None, fmt: str) -> Dataset:
    seed = seed_resolve(seed)
    chunks = generate_chunks(schema, rows=rows, seed=seed)
    if fmt == "json":
        meta = {"schema_id": schema.schema_id, "title": schema.title, "seed": seed, "rows": rows}
        pieces = json_stream(schema, chunks, meta)
    else:
        pieces = csv_stream(schema, chunks)
    return Dataset(
        chunks=pieces,
        filename=dataset_filename(schema=schema, fmt=fmt),
        content_type=CONTENT_TYPES[fmt],
        seed=seed,
        schema_id=schema.schema_id,
    )
