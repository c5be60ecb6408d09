"""SchemaRepository: the schemas.json store shared by every worker.

Layout of the file:

    {"version": 1,
     "descriptions": {"<description key>": "<schema_id>"},
     "schemas": {"<schema_id>": {"schema": {...}, "source": "offline", "created": "..."}}}

A description key is a hash of the normalised description plus the generator that made the
schema (source, model and prompt version), so a key never serves another generator's schema.
Schemas are also found by their own id, for permalinks.

Writes take an exclusive lock on a separate lock file, re-read the store, apply the change and
replace the file atomically (temp file, fsync, rename), so concurrent workers lose no entries
and a crash leaves the old or the new file, never half of one. A missing or corrupt store reads
as empty; a corrupt file is logged, kept aside as `<name>.corrupt` and rewritten on the next put.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.schema import DatasetSchema, SchemaError
from generator.tables import MultiTableSchema, schema_from_dict

logger = logging.getLogger(__name__)
STORE_VERSION = 1


def description_key(description: str, generator: str) -> str:
    """Hash of the description (case and whitespace folded) and the generator's fingerprint."""
    normalised = " ".join(description.lower().split())
    return hashlib.sha256(f"{generator}\x00{normalised}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class StoredSchema:
    schema: DatasetSchema | MultiTableSchema
    source: str


class SchemaRepository:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")

    def get_by_description(self, description: str, generator: str) -> StoredSchema | None:
        data = self._read()
        schema_id = data["descriptions"].get(description_key(description, generator))
        return self._entry(data, schema_id) if schema_id else None

    def get(self, schema_id: str) -> StoredSchema | None:
        return self._entry(self._read(), schema_id)

    def put(self, schema: DatasetSchema | MultiTableSchema, *, source: str, description: str | None = None, generator: str | None = None) -> str:
        """Store `schema` (and map the description to it, if given); return its schema_id."""
        schema_id = schema.schema_id
        with self._locked():
            self._remove_stale_temp_files()
            data = self._read()
            data["schemas"].setdefault(
                schema_id,
                {"schema": schema.to_dict(), "source": source, "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")},
            )
            if description is not None and generator is not None:
                data["descriptions"][description_key(description, generator)] = schema_id
            self._write(data)
        return schema_id

    def count(self) -> int:
        return len(self._read()["schemas"])

    def _entry(self, data: dict[str, Any], schema_id: str) -> StoredSchema | None:
        entry = data["schemas"].get(schema_id)
        if not isinstance(entry, dict):
            return None
        try:
            return StoredSchema(schema_from_dict(entry.get("schema")), str(entry.get("source", "cache")))
        except SchemaError as exc:
            logger.warning("schema store %s: entry %s is invalid and ignored: %s", self.path, schema_id, exc)
            return None

    def _read(self) -> dict[str, Any]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return _empty()
        except OSError as exc:
            logger.error("schema store %s cannot be read (%s); treating it as empty", self.path, exc)
            return _empty()
        try:
            data = json.loads(raw)  # undecodable bytes raise a ValueError too, handled as corruption
            if not isinstance(data, dict) or not isinstance(data.get("schemas"), dict) or not isinstance(data.get("descriptions"), dict):
                raise ValueError("not a schema store object")
        except ValueError as exc:
            logger.warning("schema store %s is corrupt (%s); treating it as empty and repairing on the next write", self.path, exc)
            return _empty(corrupt=True)
        return data

    def _write(self, data: dict[str, Any]) -> None:
        if data.pop("_corrupt", False) and self.path.exists():
            os.replace(self.path, self.path.with_name(self.path.name + ".corrupt"))
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, sort_keys=True)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _remove_stale_temp_files(self) -> None:
        # Temp files are only written under the lock, so any found while holding it were left by
        # a worker that died mid-write.
        for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            stale.unlink(missing_ok=True)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def _empty(corrupt: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {"version": STORE_VERSION, "descriptions": {}, "schemas": {}}
    if corrupt:
        data["_corrupt"] = True
    return data
