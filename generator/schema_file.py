"""The portable schemas.json format: the seed's schema store file, read for import, written for export.

    {"descriptions": {"<description key>": "<schema_id>"},
     "schemas": {"<schema_id>": {"created": "<ISO time>", "schema": {...}, "source": "offline"}},
     "version": 1}

Written with sorted keys, as the seed wrote it, and atomically (temp file, fsync, rename), so an
export never leaves half a file. Only generator.repository uses this module.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.schema import canonical_json

logger = logging.getLogger(__name__)
VERSION = 1
MAX_ID = 64  # the longest schema id, description key and source the database holds


class StoreFileError(ValueError):
    """The file cannot be read, or is not a schemas.json."""


@dataclass(frozen=True)
class StoreData:
    schemas: list[tuple[str, str, str, dt.datetime]]  # id, canonical JSON, source, created
    descriptions: list[tuple[str, str]]  # description key, schema id


class StoreFileUnreadable(StoreFileError):
    """The file is there but cannot be read (permissions, an I/O error, a folder): never a miss."""


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise StoreFileError(f"it does not exist ({exc.strerror or exc})") from exc
    except OSError as exc:
        raise StoreFileUnreadable(f"it cannot be read ({exc.strerror or exc})") from exc


def parse(raw: bytes) -> StoreData:
    """The entries of a schemas.json; entries that could never be served are logged and left out."""
    try:
        data = json.loads(raw)  # undecodable bytes raise a ValueError too
    except ValueError as exc:
        raise StoreFileError(f"it is not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("schemas"), dict) or not isinstance(data.get("descriptions"), dict):
        raise StoreFileError('it is not a schemas.json object with "schemas" and "descriptions"')
    schemas = [row for row in (_schema_row(i, e) for i, e in data["schemas"].items()) if row]
    descriptions = [(k, v) for k, v in data["descriptions"].items() if _short(k) and _short(v)]
    skipped = len(data["schemas"]) - len(schemas) + len(data["descriptions"]) - len(descriptions)
    if skipped:
        logger.warning("schema store import: %d entries without a schema object or with overlong ids were skipped", skipped)
    return StoreData(schemas, descriptions)


def entry(schema: Any, source: str, created: dt.datetime) -> dict[str, Any]:
    """One schema's entry in the file."""
    return {"created": created.astimezone(dt.UTC).isoformat(), "schema": schema, "source": source}


def write(path: Path, descriptions: Iterable[tuple[str, str]], schemas: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """Write a schemas.json beside `path` and rename it into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for piece in _pieces(descriptions, schemas):
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _pieces(descriptions: Iterable[tuple[str, str]], schemas: Iterable[tuple[str, dict[str, Any]]]) -> Iterator[str]:
    """The text of `json.dump(data, sort_keys=True, ensure_ascii=False)`, one entry at a time."""
    yield '{"descriptions": {'
    yield ", ".join(f"{_text(key)}: {_text(schema_id)}" for key, schema_id in descriptions)
    yield '}, "schemas": {'
    for n, (schema_id, item) in enumerate(schemas):
        yield f"{', ' if n else ''}{_text(schema_id)}: {_text(item)}"
    yield f'}}, "version": {VERSION}}}'


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _schema_row(schema_id: Any, item: Any) -> tuple[str, str, str, dt.datetime] | None:
    if not _short(schema_id) or not isinstance(item, dict) or not isinstance(item.get("schema"), dict):
        return None
    source = str(item.get("source", "cache"))[:MAX_ID]
    return schema_id, canonical_json(item["schema"]), source, _created(item.get("created"))


def _created(value: Any) -> dt.datetime:
    try:
        created = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        created = None
    if created is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    return created if created.tzinfo else created.replace(tzinfo=dt.UTC)


def _short(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_ID


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
