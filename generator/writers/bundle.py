"""A zip of the data with its data dictionary, Frictionless datapackage.json and answer key,
streamed: the CSV entry is compressed as its chunks are made."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from typing import Any

from generator.schema import DatasetSchema
from generator.writers.binary import _Sink
from generator.writers.text import Chunks, csv_stream


def zip_stream(schema: DatasetSchema, chunks: Chunks, meta: dict[str, Any] | None = None) -> Iterator[bytes]:
    from generator.datapackage import answer_key, datapackage_build
    from generator.dictionary import dictionary_build, dictionary_markdown

    meta = meta or {}
    rows, seed = meta.get("rows", 0), meta.get("seed", 0)
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("data.csv", "w", force_zip64=True) as entry:
            for piece in csv_stream(schema, chunks):
                entry.write(piece)
                yield sink.take()
        archive.writestr("datapackage.json", json.dumps(datapackage_build(schema=schema, rows=rows, seed=seed), indent=2, ensure_ascii=False))
        archive.writestr("dictionary.md", dictionary_markdown(dictionary_build(schema=schema, rows=rows, seed=seed)))
        key = answer_key(schema)
        if key["targets"] or key["derived"] or key["correlations"]:
            archive.writestr("answer_key.json", json.dumps(key, indent=2, ensure_ascii=False))
    yield sink.take()
