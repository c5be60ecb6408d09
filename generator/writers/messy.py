"""Messy-data mode for cleaning practice: defects injected into the CSV text, each one logged.

Knobs (each with a rate, the share of cells or rows it touches):

    missing             cells blanked completely at random
    missing_dependent   cells blanked more often where another numeric column is high
    duplicates          rows repeated right after themselves
    typos               a letter dropped, doubled or swapped in text
    casing              text in the wrong case or with stray spaces
    category_spellings  category values spelled inconsistently (case, spaces, abbreviations)
    date_formats        dates written in other formats (31/01/2024, Jan 31 2024, ...)
    outliers            numbers multiplied far out of their range
    number_formats      numbers stored with thousand separators, currency signs or units

The log has one line per defect: the row in the messy file, the column, the kind, the original
(clean) value and the messy value. Same schema, rows, seed and knobs → same defects.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from generator.arrow_text import neutralise
from generator.engine import CHUNK_ROWS, Chunks
from generator.schema import DatasetSchema
from generator.seeds import stable_hash
from generator.writers.cells import csv_cells

KNOBS = {
    "missing": 0.05, "missing_dependent": 0.05, "duplicates": 0.02, "typos": 0.03, "casing": 0.03,
    "category_spellings": 0.05, "date_formats": 0.1, "outliers": 0.01, "number_formats": 0.05,
}
MAX_CELLS = 2_000_000  # cells are changed one by one in Python: this keeps a download under ~20 s
_DATE_FORMATS = ("%d/%m/%Y", "%m-%d-%Y", "%b %d, %Y", "%Y/%m/%d", "%d %B %Y")


@dataclass(frozen=True)
class Defect:
    """One injected defect; `row` counts data rows of the messy file from 1."""

    row: int
    column: str
    kind: str
    original: str
    messy: str
    source_row: int | None = None  # for a duplicated row: the row it repeats

    def as_row(self) -> list[str]:
        original = f"duplicate of row {self.source_row}" if self.kind == "duplicates" else self.original
        return [str(self.row), self.column, self.kind, original, self.messy]


@dataclass(frozen=True)
class MessyChunk:
    clean: list[list[str]]
    messy: list[list[str]]
    defects: list[Defect]


def messy_chunks(schema: DatasetSchema, chunks: Chunks, options: dict[str, float], seed: int) -> Iterator[MessyChunk]:
    """The chunks as CSV cell text, clean and messy, with the defects that turned one into the other.

    Every (chunk, column, knob) draws from its own generator, a full chunk's worth at a time, so
    the first k rows get the same defects whatever the row count.
    """
    written = 0
    for index, chunk in enumerate(chunks):
        columns = [["" if v is None else str(v) for v in csv_cells(c, chunk[c.name]).cast("string").to_pylist()] for c in schema.columns]
        clean = [list(row) for row in zip(*columns)]
        messy = [list(row) for row in clean]
        draws = functools.partial(_rng, seed, index)
        defects = _cells(schema, chunk, messy, options, draws)
        _protect_text(schema, messy)
        messy, defects = _duplicates(messy, defects, options.get("duplicates", 0), draws("*", "duplicates"))
        first = written + 1
        defects = [replace(d, row=d.row + first, source_row=None if d.source_row is None else d.source_row + first) for d in defects]
        written += len(messy)
        yield MessyChunk(clean, messy, defects)


def _rng(seed: int, chunk: int, column: str, knob: str) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, stable_hash(f"messy:{column}:{knob}"), chunk]))


def _protect_text(schema: DatasetSchema, rows: list[list[str]]) -> None:
    """A defect may drop the apostrophe that keeps a text cell from running as a formula."""
    text = [i for i, column in enumerate(schema.columns) if column.kind == "string"]
    for row in rows:
        for i in text:
            row[i] = neutralise(row[i])


def _cells(schema, chunk, rows: list[list[str]], options: dict[str, float], draws) -> list[Defect]:
    defects: list[Defect] = []
    touched: set[tuple[int, int]] = set()  # one defect per cell, so each logs its clean value
    dependent = _dependent_weights(schema, chunk, len(rows))
    for position, column in enumerate(schema.columns):
        for kind in column.column_type.messy_defects(column.params):
            rate = options.get(kind, 0)
            if not rate:
                continue
            rng = draws(column.name, kind)
            chance = rate * dependent[position] if kind == "missing_dependent" else np.full(len(rows), rate)
            for row in np.flatnonzero(rng.random(CHUNK_ROWS)[: len(rows)] < chance).tolist():
                original = rows[row][position]
                if original == "" or (row, position) in touched:
                    continue
                changed = _defect(kind, original, column, rng)
                if changed != original:
                    touched.add((row, position))
                    rows[row][position] = changed
                    defects.append(Defect(row, column.name, kind, original, changed))
    return sorted(defects, key=lambda d: d.row)


def _dependent_weights(schema, chunk, size: int) -> list[np.ndarray]:
    """Per column: a weight (0 to 2) that rises steeply with where the row's value of the first
    other ranged number column lies in its range, so rows with high values go missing more often.
    It depends only on the row's own value, so the first k rows are the same whatever the count."""
    numeric = [c for c in schema.columns if c.column_type.numeric(c.params) and "min" in c.params and "max" in c.params]
    weights = []
    for column in schema.columns:
        driver = next((c for c in numeric if c.name != column.name), None)
        if driver is None or driver.params["max"] == driver.params["min"]:
            weights.append(np.ones(size))
            continue
        low, high = driver.params["min"], driver.params["max"]
        position = np.clip((chunk[driver.name].values[:size] - low) / (high - low), 0, 1)
        weights.append(2 / (1 + np.exp(-5 * (2 * position - 1))))
    return weights


def _defect(kind: str, text: str, column, rng) -> str:  # noqa: C901 - one branch per knob
    if kind in ("missing", "missing_dependent"):
        return ""
    if kind == "typos" and len(text) > 2:
        at = int(rng.integers(0, len(text) - 1))
        how = int(rng.integers(0, 3))
        return text[:at] + text[at + 1 :] if how == 0 else text[:at] + text[at] + text[at:] if how == 1 else text[:at] + text[at + 1] + text[at] + text[at + 2 :]
    if kind == "casing":
        return [text.upper(), text.lower(), f" {text}", f"{text}  ", text.replace(" ", "  ")][int(rng.integers(0, 5))]
    if kind == "category_spellings":
        return [text.lower(), text.upper(), f"{text} ", text[:3] + "." if len(text) > 4 else text.lower(), text.title()][int(rng.integers(0, 5))]
    if kind == "date_formats":
        return dt.date.fromisoformat(text).strftime(_DATE_FORMATS[int(rng.integers(0, len(_DATE_FORMATS)))])
    if kind == "outliers":
        factor = [10, 100, -1][int(rng.integers(0, 3))]
        return _scaled(text, factor)
    if kind == "number_formats":
        return _formatted(text, column, int(rng.integers(0, 3)))
    return text


def _scaled(text: str, factor: int) -> str:
    decimals = len(text.partition(".")[2])
    return f"{float(text) * factor:.{decimals}f}"


def _formatted(text: str, column, how: int) -> str:
    decimals = len(text.partition(".")[2])
    grouped = f"{float(text):,.{decimals}f}"
    if how == 0:
        return grouped
    if how == 1:
        return ("$" if column.unit in ("", "USD", "dollars") else "") + grouped
    return f"{text} {column.unit or 'units'}"


def _duplicates(rows: list[list[str]], defects: list[Defect], rate: float, rng) -> tuple[list[list[str]], list[Defect]]:
    """Repeat some rows right after themselves; renumber the cell defects to the new rows."""
    if not rate:
        return rows, defects
    repeat = rng.random(CHUNK_ROWS)[: len(rows)] < rate
    out: list[Any] = []
    numbering: list[int] = []
    for index, row in enumerate(rows):
        numbering.append(len(out))
        out.append(row)
        if repeat[index]:
            out.append(list(row))
    moved = [replace(d, row=numbering[d.row]) for d in defects]
    copies = [Defect(numbering[i] + 1, "*", "duplicates", "", "", source_row=numbering[i]) for i in np.flatnonzero(repeat).tolist()]
    return out, sorted(moved + copies, key=lambda d: (d.row, d.column))


DEFECT_COLUMNS = ["row", "column", "kind", "original", "messy"]


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()


def messy_parts(schema: DatasetSchema, chunks: Chunks, meta: dict[str, Any]) -> Iterator[tuple[bytes, bytes, bytes]]:
    """(messy CSV, clean CSV, defect log CSV) pieces; the first piece of each is its header."""
    header = [column.name for column in schema.columns]
    yield _csv([header]), _csv([header]), _csv([DEFECT_COLUMNS])
    for part in messy_chunks(schema, chunks, meta["messy"], meta["seed"]):
        yield _csv(part.messy), _csv(part.clean), _csv([d.as_row() for d in part.defects])


def messy_csv_stream(schema: DatasetSchema, chunks: Chunks, meta: dict[str, Any]) -> Iterator[bytes]:
    for messy, _, _ in messy_parts(schema, chunks, meta):
        yield messy
