"""A zip of the data with its data dictionary and Frictionless datapackage.json, streamed: the CSV
entry is compressed as its chunks are made.

Student-safe by default: the zip holds the data (messy.csv in messy mode) and documents without
planted effects. With `meta["answers"]` (the instructor's signed link, or the command line) it is
the instructor's answer key: answer_key.json, the annotated dictionary, and in messy mode
clean.csv (the clean twin, which datapackage.json describes) and defects.csv (the log).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from typing import Any

from generator import series
from generator.engine import Chunks, ColumnChunk
from generator.schema import DatasetSchema
from generator.writers.archive import Sink, data_entry, zip_entry
from generator.writers.datapackage import answer_key, datapackage_build, has_answers
from generator.writers.dictionary import dictionary_build, dictionary_markdown
from generator.writers.messy import messy_parts
from generator.writers.text import csv_stream


def zip_stream(schema: DatasetSchema, chunks: Chunks, meta: dict[str, Any] | None = None) -> Iterator[bytes]:
    meta = meta or {}
    sink = Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if meta.get("messy"):
            yield from _messy_entries(archive, sink, schema, chunks, meta, twins=bool(meta.get("answers")))
        elif (layout := series.plan(schema)) is not None and (cut := series.split(layout, meta.get("rows", 0))) is not None:
            yield from _series_entries(archive, sink, schema, chunks, cut[0])
        else:
            with archive.open(data_entry("data.csv"), "w", force_zip64=True) as entry:
                for piece in csv_stream(schema, chunks):
                    entry.write(piece)
                    yield sink.take()
        data_path = ("clean.csv" if meta.get("answers") else "messy.csv") if meta.get("messy") else "data.csv"
        _write_documents(archive, schema, meta, data_path=data_path)
    yield sink.take()


def _series_entries(archive: zipfile.ZipFile, sink: Sink, schema: DatasetSchema, chunks: Chunks, first_test: int) -> Iterator[bytes]:
    """data.csv, and beside it train.csv and test.csv: the rows before and from `first_test`
    (a period boundary, so every entity has the same periods in each)."""
    header = next(csv_stream(schema, iter(())))
    with tempfile.SpooledTemporaryFile(max_size=32 << 20) as train, tempfile.SpooledTemporaryFile(max_size=32 << 20) as test:
        train.write(header)
        test.write(header)
        start = 0
        with archive.open(data_entry("data.csv"), "w", force_zip64=True) as entry:
            entry.write(header)
            for chunk in chunks:
                size = len(next(iter(chunk.values())).values)
                cut = min(max(first_test - start, 0), size)
                for handle, part in ((train, _rows(chunk, 0, cut)), (test, _rows(chunk, cut, size))):
                    if part is not None:
                        body = b"".join(csv_stream(schema, iter([part]))).removeprefix(header)
                        handle.write(body)
                        entry.write(body)  # a chunk's CSV is its parts' CSV one after the other
                start += size
                yield sink.take()
        yield from _copied(archive, sink, (("train.csv", train), ("test.csv", test)))


def _rows(chunk: dict[str, ColumnChunk], begin: int, end: int) -> dict[str, ColumnChunk] | None:
    """Rows begin … end - 1 of a chunk (None when that is none)."""
    if begin >= end:
        return None
    return {name: ColumnChunk(part.values[begin:end], None if part.nulls is None else part.nulls[begin:end]) for name, part in chunk.items()}


def _messy_entries(archive: zipfile.ZipFile, sink: Sink, schema, chunks, meta, *, twins: bool) -> Iterator[bytes]:
    """messy.csv, then (for the instructor, `twins`) the clean twin and the defect log."""
    with tempfile.SpooledTemporaryFile(max_size=32 << 20) as clean, tempfile.SpooledTemporaryFile(max_size=32 << 20) as defects:
        with archive.open(data_entry("messy.csv"), "w", force_zip64=True) as entry:
            for messy_piece, clean_piece, defect_piece in messy_parts(schema, chunks, meta):
                entry.write(messy_piece)
                clean.write(clean_piece)
                defects.write(defect_piece)
                yield sink.take()
        if twins:
            yield from _copied(archive, sink, (("clean.csv", clean), ("defects.csv", defects)))


def _copied(archive: zipfile.ZipFile, sink: Sink, files: tuple[tuple[str, Any], ...]) -> Iterator[bytes]:
    """Temporary files written beside the streamed entry, copied into the zip after it."""
    for name, handle in files:
        handle.seek(0)
        with archive.open(data_entry(name), "w", force_zip64=True) as entry:
            shutil.copyfileobj(handle, entry)
        yield sink.take()


def _write_documents(archive: zipfile.ZipFile, schema: DatasetSchema, meta: dict[str, Any], *, data_path: str) -> None:
    rows, seed, answers = meta.get("rows", 0), meta.get("seed", 0), bool(meta.get("answers"))
    package = datapackage_build(schema=schema, rows=rows, seed=seed, path=data_path, answers=answers)
    package["synthsite"].update({key: meta[key] for key in ("student", "messy") if key in meta})
    archive.writestr(zip_entry("datapackage.json"), json.dumps(package, indent=2, ensure_ascii=False))
    archive.writestr(zip_entry("dictionary.md"), dictionary_markdown(dictionary_build(schema=schema, rows=rows, seed=seed, answers=answers)))
    key = answer_key(schema)
    if answers and has_answers(key):
        archive.writestr(zip_entry("answer_key.json"), json.dumps(key, indent=2, ensure_ascii=False))
