"""SchemaRepository: the schema store, in the database every worker and app server shares.

Two tables (generator.models): `SchemaRecord` (id = hash of the canonical JSON, the canonical
JSON, the source that made it, created, last used) and `DescriptionKey` (description key →
schema id). The database is SQLite by default and PostgreSQL when DATABASE_URL says so; this
module is the one place that knows how schemas are stored.

A description key is a hash of the normalised description plus the generator that made the
schema (source, model and prompt version), so a key never serves another generator's schema.
Schemas are also found by their own id, for permalinks.

Every write is one transaction of `INSERT … ON CONFLICT` statements, so concurrent workers and
servers lose no entries and a crash leaves the old or the new state. A stored entry that no
longer validates is logged and ignored, never served, and never deleted.

The portable format is the seed's schemas.json (generator.schema_file): `import_file` and
`export_file` (`manage.py schemas import|export FILE`). The schemas.json a repository is given
(SYNTH_SCHEMA_STORE) is imported the first time a process uses the store; the file is only read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from generator import schema_file
from generator.models import DescriptionKey, SchemaFileImport, SchemaRecord
from generator.schema import DatasetSchema, SchemaError
from generator.tables import MultiTableSchema, schema_from_dict

logger = logging.getLogger(__name__)
# `last_used` is refreshed at most once a day, so that reading a schema is rarely a write.
LAST_USED_RESOLUTION = dt.timedelta(days=1)
BATCH = 500

# (database alias, file) pairs whose schemas.json this process has already imported or skipped.
_imported: set[tuple[str, str]] = set()
# The same pairs whose file exists but could not be read, with the reason (retried on each use).
_unreadable: dict[tuple[str, str], str] = {}
_import_lock = threading.Lock()


def description_key(description: str, generator: str) -> str:
    """Hash of the description (case and whitespace folded) and the generator's fingerprint."""
    normalised = " ".join(description.lower().split())
    return hashlib.sha256(f"{generator}\x00{normalised}".encode()).hexdigest()[:32]


class StoreUnavailable(RuntimeError):
    """The store cannot be read or written right now (the view answers 503). Nothing was changed;
    the message says what failed, never what the store holds."""


class StoreReadOnly(StoreUnavailable):
    """The store can be read but not written: saved schemas are served, new ones cannot be saved."""


READ_ONLY_MARKS = ("readonly", "read-only", "read only")  # SQLite's and PostgreSQL's words for it


def _unavailable(exc: DatabaseError, doing: str) -> StoreUnavailable:
    reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    if doing == "write" and any(mark in reason.lower() for mark in READ_ONLY_MARKS):
        return StoreReadOnly(
            f"The schema store is read-only ({reason}): saved schemas and their links still work, "
            "but a new or changed schema cannot be saved until the store is writable again."
        )
    return StoreUnavailable(f"The schema store cannot be {'read' if doing == 'read' else 'written'} right now ({reason}). Nothing was changed; try again in a minute.")


@dataclass(frozen=True)
class StoredSchema:
    schema: DatasetSchema | MultiTableSchema
    source: str


@dataclass(frozen=True)
class ImportResult:
    """What one import did: entries read from the file, and how many of them were new."""

    schemas_read: int
    schemas_added: int
    descriptions_read: int
    descriptions_added: int


class SchemaRepository:
    """The schema store. `path`: a schemas.json imported on first use; `using`: the database alias."""

    def __init__(self, path: Path | str | None = None, *, using: str = "default"):
        self.path = Path(path) if path is not None else None
        self.using = using

    def get_by_description(self, description: str, generator: str) -> StoredSchema | None:
        """The schema stored for this description and generator, or None (a miss).

        Raises StoreUnavailable when the store cannot be read: a read error is never a miss.
        """
        self._import_on_first_use()
        key = description_key(description, generator)
        return self._stored(self._read(lambda: self._records().filter(description_keys__key=key).first()))

    def get(self, schema_id: str) -> StoredSchema | None:
        """The schema with this id, or None; raises StoreUnavailable when the store cannot be read
        (or the configured schemas.json, which may hold it, cannot be read yet)."""
        self._import_on_first_use()
        found = self._stored(self._read(lambda: self._records().filter(pk=schema_id).first()))
        if found is None and (problem := _unreadable.get(self._import_key())):
            raise StoreUnavailable(f"The schema store file cannot be read ({problem}), and this schema may be in it. Nothing was changed; ask the site's administrator.")
        return found

    def _read(self, query: Callable[[], SchemaRecord | None]) -> SchemaRecord | None:
        try:
            return query()
        except DatabaseError as exc:
            logger.error("schema store: read failed: %s", exc)
            raise _unavailable(exc, "read") from exc

    def put(self, schema: DatasetSchema | MultiTableSchema, *, source: str, description: str | None = None, generator: str | None = None) -> str:
        """Store `schema` (and map the description to it, if given); return its schema_id.

        A schema already stored keeps its source and created time; a description key points to
        the schema last stored for it.
        """
        self._import_on_first_use()
        schema_id = schema.schema_id
        now = timezone.now()
        record = SchemaRecord(id=schema_id, canonical_json=schema.canonical_json(), source=source, created=now.replace(microsecond=0), last_used=now)
        try:
            with transaction.atomic(using=self.using):
                self._records().bulk_create([record], update_conflicts=True, unique_fields=[self._records().model._meta.pk.name], update_fields=["last_used"])
                if description is not None and generator is not None:
                    key = DescriptionKey(key=description_key(description, generator), schema_id=schema_id)
                    self._keys().bulk_create([key], update_conflicts=True, unique_fields=["key"], update_fields=["schema"])
        except DatabaseError as exc:  # the transaction rolled back: nothing half-written
            logger.error("schema store: write of %s failed: %s", schema_id, exc)
            raise _unavailable(exc, "write") from exc
        return schema_id

    def count(self) -> int:
        self._import_on_first_use()
        return self._records().count()

    def import_file(self, path: Path | str) -> ImportResult:
        """Add the entries of a schemas.json; entries already stored are kept as they are.

        Raises schema_file.StoreFileError when the file cannot be read or is not a schemas.json.
        """
        self._import_on_first_use()
        path = Path(path)
        result = self._import_bytes(path, schema_file.read_bytes(path))
        assert result is not None  # only an import `once` can find nothing to do
        return result

    def export_file(self, path: Path | str) -> tuple[int, int]:
        """Write every schema and description key as a schemas.json; return (schemas, descriptions)."""
        self._import_on_first_use()
        keys = sorted(self._keys().values_list("key", "schema_id").iterator(chunk_size=BATCH * 4))
        ids = sorted(self._records().values_list("pk", flat=True).iterator(chunk_size=BATCH * 4))
        schema_file.write(Path(path), keys, self._export_entries(ids))
        return len(ids), len(keys)

    # -- reading ------------------------------------------------------------------------------

    def _records(self) -> QuerySet[SchemaRecord]:
        return SchemaRecord.objects.using(self.using)

    def _keys(self) -> QuerySet[DescriptionKey]:
        return DescriptionKey.objects.using(self.using)

    def _stored(self, record: SchemaRecord | None) -> StoredSchema | None:
        if record is None:
            return None
        try:
            schema = schema_from_dict(json.loads(record.canonical_json))
        except (ValueError, SchemaError) as exc:
            logger.warning("schema store: entry %s is invalid and ignored: %s", record.id, exc)
            return None
        self._touch(record)
        return StoredSchema(schema, record.source)

    def _touch(self, record: SchemaRecord) -> None:
        """Refresh `last_used`, at most once per LAST_USED_RESOLUTION; never fails a read."""
        now = timezone.now()
        if now - record.last_used < LAST_USED_RESOLUTION:
            return
        try:
            with transaction.atomic(using=self.using):
                self._records().filter(pk=record.pk, last_used__lt=now - LAST_USED_RESOLUTION).update(last_used=now)
        except DatabaseError as exc:
            logger.warning("schema store: last use of %s not recorded: %s", record.id, exc)

    def _export_entries(self, ids: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
        for start in range(0, len(ids), BATCH):
            batch = self._records().in_bulk(ids[start : start + BATCH])
            for schema_id in ids[start : start + BATCH]:
                record = batch.get(schema_id)
                if record is not None:  # removed since the ids were read
                    yield schema_id, schema_file.entry(json.loads(record.canonical_json), record.source, record.created)

    # -- importing ----------------------------------------------------------------------------

    def _import_key(self) -> tuple[str, str]:
        return self.using, str(self.path)

    def _import_on_first_use(self) -> None:
        if self.path is None or self._import_key() in _imported:
            return
        with _import_lock:
            if self._import_key() in _imported:
                return
            try:
                self._import_configured_file()
            except DatabaseError as exc:  # e.g. another process held the write lock all along
                logger.warning("schema store file %s not imported yet (%s); trying again on the next use", self.path, exc)
                return
            except schema_file.StoreFileUnreadable as exc:  # not a miss: tried again on the next use
                if self._import_key() not in _unreadable:
                    logger.error("schema store file %s was not imported: %s. It is left as it is and read again on the next use.", self.path, exc)
                _unreadable[self._import_key()] = str(exc)
                return
            _unreadable.pop(self._import_key(), None)
            _imported.add(self._import_key())

    def _import_configured_file(self) -> None:
        """Import SYNTH_SCHEMA_STORE once per file content. Only a missing file counts as empty; a
        file that cannot be read raises StoreFileUnreadable; a corrupt one is logged, never changed."""
        assert self.path is not None
        if not self.path.exists() and not self.path.is_symlink():
            return
        try:
            raw = schema_file.read_bytes(self.path)
            if self._imported_before(raw):
                return
            result = self._import_bytes(self.path, raw, once=True)
        except schema_file.StoreFileUnreadable:
            raise
        except schema_file.StoreFileError as exc:
            logger.error(
                "schema store file %s was not imported: %s. The file is left as it is; after fixing it, "
                "run `python manage.py schemas import %s`.",
                self.path, exc, self.path,
            )  # fmt: skip
            return
        if result is None:  # another process imported it meanwhile
            return
        logger.info(
            "imported schema store file %s: %d schemas (%d new), %d descriptions (%d new)",
            self.path, result.schemas_read, result.schemas_added, result.descriptions_read, result.descriptions_added,
        )  # fmt: skip

    def _imported_before(self, raw: bytes) -> bool:
        return SchemaFileImport.objects.using(self.using).filter(pk=hashlib.sha256(raw).hexdigest()).exists()

    def _import_bytes(self, path: Path, raw: bytes, *, once: bool = False) -> ImportResult | None:
        """Import a file's entries; with `once`, nothing (None) when these bytes were imported before."""
        data = schema_file.parse(raw)
        with transaction.atomic(using=self.using):  # on SQLite this waits for the write lock first
            if once and self._imported_before(raw):
                return None
            result = self._add(data)
            self._record_import(path, raw, result)
        return result

    def _add(self, data: schema_file.StoreData) -> ImportResult:
        schemas_before, keys_before = self._records().count(), self._keys().count()
        now = timezone.now()  # an imported schema's last use is unknown: count it from the import
        records = [SchemaRecord(id=i, canonical_json=j, source=s, created=c, last_used=now) for i, j, s, c in data.schemas]
        self._records().bulk_create(records, batch_size=BATCH, ignore_conflicts=True)
        known = self._known_ids({schema_id for _, schema_id in data.descriptions})
        keys = [DescriptionKey(key=k, schema_id=i) for k, i in data.descriptions if i in known]
        if len(keys) < len(data.descriptions):
            logger.warning("schema store import: %d descriptions name no schema and were skipped", len(data.descriptions) - len(keys))
        self._keys().bulk_create(keys, batch_size=BATCH, ignore_conflicts=True)
        return ImportResult(len(records), self._records().count() - schemas_before, len(data.descriptions), self._keys().count() - keys_before)

    def _known_ids(self, ids: set[str]) -> set[str]:
        ordered = sorted(ids)
        known: set[str] = set()
        for start in range(0, len(ordered), BATCH):
            known.update(self._records().filter(pk__in=ordered[start : start + BATCH]).values_list("pk", flat=True))
        return known

    def _record_import(self, path: Path, raw: bytes, result: ImportResult) -> None:
        record = SchemaFileImport(
            sha256=hashlib.sha256(raw).hexdigest(), path=str(path.resolve()), imported=timezone.now(),
            schemas=result.schemas_read, descriptions=result.descriptions_read,
        )  # fmt: skip
        SchemaFileImport.objects.using(self.using).bulk_create([record], ignore_conflicts=True)
