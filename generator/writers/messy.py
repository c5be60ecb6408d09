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
    stuck               a series' reading stuck: the entity's previous value repeated for 2-6 periods
    unit_slips          a series' reading in the wrong unit (×1000, ÷1000, or °F in a °C column)
    missing_timestamps  a series' rows left out (a reading that never arrived), logged where they were

The log has one line per defect: the row in the messy file, the column, the kind, the original
(clean) value and the messy value exactly as the messy file holds it. Same schema, rows, seed and
knobs → same defects.

Everything is done a whole column of a batch of chunks at a time (generator.engine.each_batch),
with numpy masks and Arrow string kernels: each (chunk, column, knob) draws its choices as
full-chunk arrays from its own generator, so the first k rows get the same defects whatever the
row count, and a batch gets the defects its chunks would get one by one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator import series
from generator.arrow_text import concat, formula_like, joined, neutralise_array
from generator.engine import CHUNK_ROWS, Chunks, ColumnChunk, batches, each_batch, merge_chunks
from generator.schema import Column, DatasetSchema
from generator.seeds import stable_hash
from generator.writers.cells import csv_cells, decimals_of, fixed_point

KNOBS = {
    "missing": 0.05, "missing_dependent": 0.05, "duplicates": 0.02, "typos": 0.03, "casing": 0.03,
    "category_spellings": 0.05, "date_formats": 0.1, "outliers": 0.01, "number_formats": 0.05,
    "stuck": 0.005, "unit_slips": 0.003, "missing_timestamps": 0.01,
}
SERIES_KNOBS = ("stuck", "unit_slips", "missing_timestamps")  # only a series' readings and rows have these
_DATE_FORMATS = ("%d/%m/%Y", "%m-%d-%Y", "%b %d, %Y", "%Y/%m/%d", "%d %B %Y")
_PLAIN_NUMBER = "^-?[0-9]+(\\.[0-9]+)?$"
DEFECT_COLUMNS = ["row", "column", "kind", "original", "messy"]


@dataclass(frozen=True)
class MessyChunk:
    """One chunk: the clean and messy cells as CSV text columns (None for empty) and its log."""

    clean: list[pa.Array]
    messy: list[pa.Array]
    defects: list[pa.Array]  # DEFECT_COLUMNS; `row` counts data rows of the messy file from 1


def messy_chunks(schema: DatasetSchema, chunks: Chunks, options: dict[str, float], seed: int, *, log: bool = True) -> Iterator[MessyChunk]:
    """The chunks as CSV cell text, clean and messy, with the defects that turned one into the
    other (an empty log unless `log`)."""
    written = clean_written = 0
    layout = series.plan(schema)
    for first, batch in batches(chunks):
        chunk, draws = merge_chunks(batch), _Draws(seed, first, [_rows(part) for part in batch])
        clean = _clean_cells(schema, chunk)
        found = _Log([], [], [], [], []) if log else None
        messy = _cells(schema, chunk, clean, options, draws, found, layout.entities if layout else 0)
        if layout is not None:
            messy, draws = _left_out(messy, found, options.get("missing_timestamps", 0), draws, clean_written)
        messy = _duplicates(messy, found, options.get("duplicates", 0), draws("*", "duplicates"))
        yield MessyChunk(clean, messy, _log_columns(schema, found, written) if found is not None else [])
        written += len(messy[0]) if messy else 0
        clean_written += len(clean[0]) if clean else 0


def _messy_text(schema: DatasetSchema, options: dict[str, float], seed: int, first: int, batch: list[dict[str, ColumnChunk]]) -> bytes:
    """A batch of chunks of a messy file without its log, from the batch alone (no state from the
    chunks before it; not for a series, whose left-out rows count the rows before), as messy_chunks makes it."""
    chunk, draws = merge_chunks(batch), _Draws(seed, first, [_rows(part) for part in batch])
    lines = _lines(_cells(schema, chunk, _clean_cells(schema, chunk), options, draws, None))
    repeat = _repeats(len(lines), options.get("duplicates", 0), draws("*", "duplicates"))
    return joined(lines) if repeat is None else _joined_repeating(lines, repeat)


def _joined_repeating(lines: pa.Array, repeat: np.ndarray) -> bytes:
    """The lines one after another, each line marked in `repeat` twice over, cut from the data
    buffer (no copy of the lines first)."""
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32, count=len(lines) + 1, offset=lines.offset * 4)
    rows = np.flatnonzero(repeat)
    # pieces: up to the end of each repeated line, then that line again; then the rest
    starts = np.concatenate([offsets[:1], np.column_stack([offsets[rows], offsets[rows + 1]]).ravel()])
    ends = np.concatenate([np.column_stack([offsets[rows + 1], offsets[rows + 1]]).ravel(), offsets[-1:]])
    data = memoryview(lines.buffers()[2])
    return b"".join([data[start:end] for start, end in zip(starts.tolist(), ends.tolist())])


def _clean_cells(schema: DatasetSchema, chunk: dict[str, ColumnChunk]) -> list[pa.Array]:
    """The chunk's cells as the CSV writes them, as text (None for missing)."""
    return [csv_cells(column, chunk[column.name]).cast(pa.string()) for column in schema.columns]


@functools.lru_cache(maxsize=4096)
def _key(column: str, knob: str) -> int:
    return stable_hash(f"messy:{column}:{knob}")


def _rng(seed: int, chunk: int, column: str, knob: str) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, _key(column, knob), chunk]))


def _rows(chunk: dict[str, ColumnChunk]) -> int:
    return len(next(iter(chunk.values())).values) if chunk else 0


class _Draws:
    """A batch's random draws: for each (column, knob), a _Stream over the batch's chunks."""

    def __init__(self, seed: int, first: int, sizes: list[int]):
        self.seed, self.first, self.sizes = seed, first, sizes

    def __call__(self, column: str, knob: str) -> _Stream:
        return _Stream([_rng(self.seed, self.first + number, column, knob) for number in range(len(self.sizes))], self.sizes)

    def resized(self, sizes: list[int]) -> _Draws:
        """The same chunks holding `sizes` rows now (after some were left out)."""
        return _Draws(self.seed, self.first, sizes)

    def chunk_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Per row of the batch, where its chunk starts and ends (past its last row)."""
        ends = np.cumsum(self.sizes)
        return np.repeat(ends - self.sizes, self.sizes), np.repeat(ends, self.sizes)


class _Stream:
    """One (column, knob)'s draws in a batch: each draw is a full chunk's array from each chunk's
    own generator, cut to that chunk's rows, the chunks' parts one after another."""

    def __init__(self, rngs: list[np.random.Generator], sizes: list[int]):
        self._rngs, self._sizes = rngs, sizes

    def random(self) -> np.ndarray:
        return self._joined([rng.random(CHUNK_ROWS) for rng in self._rngs])

    def integers(self, low: int, high: int) -> np.ndarray:
        return self._joined([rng.integers(low, high, CHUNK_ROWS) for rng in self._rngs])

    def _joined(self, parts: list[np.ndarray]) -> np.ndarray:
        if len(parts) == 1:
            return parts[0][: self._sizes[0]]
        return np.concatenate([part[:size] for part, size in zip(parts, self._sizes)])


@dataclass
class _Log:
    """The defects of a chunk so far: parallel lists of pieces, one per (column, knob)."""

    rows: list[np.ndarray]
    positions: list[np.ndarray]  # the column's place in the schema; -1 for a duplicated row
    kinds: list[pa.Array]
    originals: list[pa.Array]
    values: list[pa.Array]

    def add(self, rows: np.ndarray, position: int, kind: str, original: pa.Array | None, value: pa.Array) -> None:
        assert original is not None
        self.rows.append(rows)
        self.positions.append(np.full(len(rows), position))
        self.kinds.append(pa.repeat(kind, len(rows)) if len(rows) else pa.array([], type=pa.string()))
        self.originals.append(original)
        self.values.append(value)


def _cells(schema: DatasetSchema, chunk: dict[str, ColumnChunk], clean: list[pa.Array], options: dict[str, float], draws: _Draws, log: _Log | None,
           entities: int = 0) -> list[pa.Array]:
    """The messy columns; each defect is added to `log` (unless None: a file without its log)."""
    dependent = _dependent_weights(schema, chunk, len(clean[0]))
    messy = []
    for position, column in enumerate(schema.columns):
        text = clean[position]
        # one defect per cell, so each logs its clean value (and reads it from `text`, which
        # free cells still hold); empty cells have nothing to spoil
        free = _filled(text)
        rows_changed, values_changed = [], []
        for kind in column.column_type.messy_defects(column.params):
            if not options.get(kind, 0):
                continue
            rng = draws(column.name, kind)
            chance = options[kind] * dependent[position] if kind == "missing_dependent" else options[kind]
            rows = np.flatnonzero((rng.random() < chance) & free)
            if kind == "stuck":
                rows, original, changed = _stuck(text, rows, free, rng, entities, draws)
            else:
                rows, original, changed = _knob(kind, column, text, rows, rng, log is not None)
            if not len(rows):
                continue
            free[rows] = False
            rows_changed.append(rows)
            values_changed.append(changed)
            if log is not None:
                log.add(rows, position, kind, original, changed)
        messy.append(_replace(text, rows_changed, values_changed) if rows_changed else text)
    return messy


def _knob(kind: str, column: Column, text: pa.Array, rows: np.ndarray, rng: _Stream, originals: bool) -> tuple[np.ndarray, pa.Array | None, pa.Array]:
    """(rows changed, their clean text (when `originals` or needed), their messy text)."""
    if kind in ("missing", "missing_dependent"):  # a filled cell blanked always changes
        return rows, text.take(rows) if originals else None, pa.nulls(len(rows), pa.string())
    original = text.take(rows)
    changed = _safe(column, _defect(kind, original, column, _Choices(rng, rows)))
    differs = ~pc.fill_null(pc.equal(changed, original), False).to_numpy(zero_copy_only=False)
    return rows[differs], original.filter(differs), changed.filter(differs)


class _Choices:
    """A knob's further draws for the rows it picked: full-chunk arrays, then those rows."""

    def __init__(self, rng: _Stream, rows: np.ndarray):
        self._rng, self._rows = rng, rows

    def integers(self, high: int) -> np.ndarray:
        return self._rng.integers(0, high)[self._rows]

    def uniform(self) -> np.ndarray:
        return self._rng.random()[self._rows]


def _filled(text: pa.Array) -> np.ndarray:
    """Per cell, whether it holds some text (not missing, not empty), from the offsets."""
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int32)[text.offset : text.offset + len(text) + 1]
    filled = np.diff(offsets) > 0
    if text.null_count:
        filled &= text.is_valid().to_numpy(zero_copy_only=False)
    return filled


def _replace(text: pa.Array, rows: list[np.ndarray], changed: list[pa.Array]) -> pa.Array:
    """`text` with the cells at `rows` (disjoint) set to `changed`: cells left missing by clearing
    their validity bits (no text copied), the others in one take."""
    blank = [where for where, values in zip(rows, changed) if values.null_count == len(values)]
    if blank:
        text = _blanked(text, np.concatenate(blank))
        rows, changed = [where for where, values in zip(rows, changed) if values.null_count < len(values)], [values for values in changed if values.null_count < len(values)]
    if not rows:
        return text
    index = np.arange(len(text))
    index[np.concatenate(rows)] = len(text) + np.arange(sum(len(r) for r in rows))
    return pa.concat_arrays([text, *changed]).take(pa.array(index))


def _blanked(text: pa.Array, rows: np.ndarray) -> pa.Array:
    """`text` with the cells at `rows` missing: the same offsets and data, a new validity bitmap."""
    valid = np.zeros(text.offset + len(text), dtype=bool)
    valid[text.offset :] = text.is_valid().to_numpy(zero_copy_only=False) if text.null_count else True
    valid[text.offset + rows] = False
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little").tobytes())
    return pa.Array.from_buffers(text.type, len(text), [bitmap, *text.buffers()[1:]], offset=text.offset)


def _by_variant(text: pa.Array, variant: np.ndarray, makers: list[Callable[[pa.Array], pa.Array]]) -> pa.Array:
    """Each cell made by the maker its variant names; each maker runs only on its own cells."""
    places = [np.flatnonzero(variant == number) for number in range(len(makers))]
    parts = [make(text.take(pa.array(where))) for make, where in zip(makers, places)]
    inverse = np.empty(len(text), dtype=np.int64)
    inverse[np.concatenate(places)] = np.arange(len(text))
    return pa.concat_arrays([part.cast(pa.string()) for part in parts]).take(pa.array(inverse))


def _safe(column: Column, text: pa.Array) -> pa.Array:
    """Cells as the messy file holds them: a defect may take away the apostrophe that keeps
    text from running as a formula, or turn a number into text that starts like one."""
    return neutralise_array(text) if column.kind == "string" else _neutralised(text)


def _dependent_weights(schema: DatasetSchema, chunk: dict[str, ColumnChunk], size: int) -> list[np.ndarray]:
    """Per column: a weight (0 to 2) that rises steeply with where the row's value of the first
    other ranged number column lies in its range, so rows with high values go missing more often.
    It depends only on the row's own value, so the first k rows are the same whatever the count."""
    numeric = [c for c in schema.columns if c.column_type.numeric(c.params) and "min" in c.params and "max" in c.params]
    by_driver: dict[str, np.ndarray] = {}
    weights = []
    for column in schema.columns:
        driver = next((c for c in numeric if c.name != column.name), None)
        if driver is None or driver.params["max"] == driver.params["min"]:
            weights.append(np.ones(size))
            continue
        if driver.name not in by_driver:
            low, high = driver.params["min"], driver.params["max"]
            position = np.clip((chunk[driver.name].values[:size] - low) / (high - low), 0, 1)
            by_driver[driver.name] = 2 / (1 + np.exp(-5 * (2 * position - 1)))
        weights.append(by_driver[driver.name])
    return weights


def _defect(kind: str, text: pa.Array, column: Column, choices: _Choices) -> pa.Array:
    """`kind` applied to every cell of `text` (cells the knob picked; missing is done by the caller)."""
    if kind == "typos":
        return _typos(text, choices.uniform(), choices.integers(3))
    if kind in _VARIANTS:
        makers = _VARIANTS[kind](column)
        return _by_variant(text, choices.integers(len(makers)), makers)
    if kind == "outliers":
        factor = np.array([10, 100, -1])[choices.integers(3)]
        return _number_text(pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False) * factor, column)
    if kind == "unit_slips":
        values = pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False)
        if column.unit in ("°C", "C", "celsius"):  # a reading sent in Fahrenheit
            return _number_text(values * 9 / 5 + 32, column)
        smaller = choices.integers(2) == 1  # in the larger unit (W sent as kW): three more decimals keep the value
        return pc.if_else(pa.array(smaller), _number_text(values / 1000, column, 3), _number_text(values * 1000, column))
    return text


def _stuck(text: pa.Array, starts: np.ndarray, free: np.ndarray, rng: _Stream, entities: int, draws: _Draws) -> tuple[np.ndarray, pa.Array, pa.Array]:
    """A reading stuck: from each start, the entity's value of the period before repeats for 2-6
    periods (rows `entities` apart in a series, within the start's chunk); only cells still free
    and filled change."""
    if not entities or not len(starts):
        return starts[:0], text.take(starts[:0]), text.take(starts[:0])
    length = rng.integers(2, 7)[starts]
    low, high = (bound[starts][:, None] for bound in draws.chunk_bounds())
    rows = (starts[:, None] + entities * np.arange(6)[None, :])
    source = np.broadcast_to((starts - entities)[:, None], rows.shape)
    keep = (np.arange(6)[None, :] < length[:, None]) & (rows < high) & (source >= low)
    rows, source = rows[keep], source[keep]
    unique, first = np.unique(rows, return_index=True)
    rows, source = unique, source[first]
    keep = free[rows] & free[source]
    rows, source = rows[keep], source[keep]
    original, changed = text.take(rows), text.take(source)
    differs = ~pc.fill_null(pc.equal(changed, original), False).to_numpy(zero_copy_only=False)
    return rows[differs], original.filter(differs), changed.filter(differs)


def _casings(column: Column) -> list[Callable[[pa.Array], pa.Array]]:
    return [pc.utf8_upper, pc.utf8_lower, lambda t: concat(" ", t), lambda t: concat(t, "  "), lambda t: pc.replace_substring(t, " ", "  ")]


def _spellings(column: Column) -> list[Callable[[pa.Array], pa.Array]]:
    def short(t: pa.Array) -> pa.Array:
        return pc.if_else(pc.greater(pc.utf8_length(t), 4), concat(pc.utf8_slice_codeunits(t, 0, 3), "."), pc.utf8_lower(t))

    return [pc.utf8_lower, pc.utf8_upper, lambda t: concat(t, " "), short, pc.utf8_title]


def _date_formats(column: Column) -> list[Callable[[pa.Array], pa.Array]]:
    return [functools.partial(_date_text, form) for form in _DATE_FORMATS]


def _date_text(form: str, text: pa.Array) -> pa.Array:
    """ISO dates (YYYY-MM-DD) written in `form` (strftime's %d %m %Y %b %B and other text), from
    the ISO text's own digits: what strftime writes, without parsing a date per cell."""
    parts: dict[str, pa.Array] = {}

    def part(code: str) -> pa.Array:
        if code not in parts:
            if code in ("%b", "%B"):
                parts[code] = _month_names(code).take(pc.subtract(pc.cast(part("%m"), pa.int8()), 1))
            else:
                start, stop = _ISO_PLACES[code]
                parts[code] = pc.utf8_slice_codeunits(text, start, stop)
        return parts[code]

    return concat(*(part(piece) if piece.startswith("%") else piece for piece in re.split("(%[dmYbB])", form) if piece))


_ISO_PLACES = {"%Y": (0, -6), "%m": (-5, -3), "%d": (-2, None)}  # counted from the end, so any year's digits fit


@functools.lru_cache(maxsize=2)
def _month_names(code: str) -> pa.Array:
    """The twelve months as strftime writes them (%b: Jan, %B: January; Arrow's C locale)."""
    first_days = pa.array([np.datetime64(f"2000-{month:02d}-01", "s") for month in range(1, 13)])
    return pc.strftime(first_days, format=code)


def _number_formats(column: Column) -> list[Callable[[pa.Array], pa.Array]]:
    dollars = column.unit in ("", "USD", "dollars")
    return [_grouped, lambda t: concat("$", _grouped(t)) if dollars else _grouped(t), lambda t: concat(t, f" {column.unit or 'units'}")]


_VARIANTS: dict[str, Callable[[Column], list[Callable[[pa.Array], pa.Array]]]] = {
    "casing": _casings, "category_spellings": _spellings, "date_formats": _date_formats, "number_formats": _number_formats,
}


def _typos(text: pa.Array, where: np.ndarray, how: np.ndarray) -> pa.Array:
    """A letter dropped (how 0), doubled (1) or swapped with the next (2) at a random place in
    each cell of three or more bytes, built on the UTF-8 bytes at once. Only ASCII letters are
    touched (so every result is valid UTF-8); a cell whose chosen place is not one keeps its text."""
    text = pa.concat_arrays([text]) if text.offset else text
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int32)[: len(text) + 1]
    data = np.frombuffer(text.buffers()[2], dtype=np.uint8) if len(text) and offsets[-1] else np.zeros(1, np.uint8)
    starts, lengths = offsets[:-1], np.diff(offsets)
    at = (where * np.maximum(lengths - 1, 0)).astype(np.int64)
    last = max(len(data) - 1, 0)
    ascii_here = data[np.minimum(starts + at, last)] < 128
    ascii_next = data[np.minimum(starts + at + 1, last)] < 128
    applies = (lengths > 2) & ascii_here & ((how != 2) | ascii_next)
    how = np.where(applies, how, 3)
    new_lengths = lengths + np.select([how == 0, how == 1], [-1, 1], 0)
    new_offsets = np.concatenate([[0], np.cumsum(new_lengths)]).astype(np.int32)
    row = np.repeat(np.arange(len(text)), new_lengths)
    place = np.arange(new_offsets[-1]) - new_offsets[:-1][row]
    at_row, how_row = at[row], how[row]
    shift = np.select(
        [how_row == 0, how_row == 1, how_row == 2],
        [(place >= at_row).astype(np.int64), -(place > at_row).astype(np.int64), (place == at_row).astype(np.int64) - (place == at_row + 1)],
        0,
    )
    body = data[starts[row] + place + shift]
    return pa.StringArray.from_buffers(len(text), pa.py_buffer(new_offsets), pa.py_buffer(body.tobytes()))


def _number_text(values: np.ndarray, column: Column, extra: int = 0) -> pa.Array:
    """Numbers written as the CSV writes the column: exactly its decimals (plus `extra`)."""
    decimals = (decimals_of(column) if column.kind == "number" else 0) + extra
    return fixed_point(np.round(values, decimals), None, decimals).cast(pa.string())


def _grouped(text: pa.Array) -> pa.Array:
    """1234567.5 → 1,234,567.5: a comma before each three digits of the digits a cell starts
    with (after a minus sign), built on the UTF-8 bytes at once."""
    text = pa.concat_arrays([text]) if text.offset else text
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int32)[: len(text) + 1].astype(np.int64)
    data = np.frombuffer(text.buffers()[2], dtype=np.uint8) if len(text) and offsets[-1] else np.zeros(0, np.uint8)
    starts, lengths = offsets[:-1], np.diff(offsets)
    sign = ((lengths > 0) & (data[np.minimum(starts, max(len(data) - 1, 0))] == ord("-")) if len(data) else np.zeros(len(text), bool)).astype(np.int64)
    other = np.append(np.flatnonzero((data < ord("0")) | (data > ord("9"))), len(data))  # bytes that are not digits
    digits = np.minimum(other[np.searchsorted(other, starts + sign)], offsets[1:]) - starts - sign
    commas = np.maximum(digits - 1, 0) // 3
    new_offsets = np.concatenate([[0], np.cumsum(lengths + commas)])
    row = np.repeat(np.arange(len(text)), lengths)
    place = np.arange(len(data)) - starts[row]  # each byte's place in its cell
    digit = place - sign[row]  # its place among the leading digits
    within = (digit >= 0) & (digit < digits[row])
    shift = np.where(within, commas[row] - (digits[row] - 1 - digit) // 3, np.where(digit < 0, 0, commas[row]))
    body = np.full(new_offsets[-1], ord(","), dtype=np.uint8)
    body[new_offsets[:-1][row] + place + shift] = data
    return pa.StringArray.from_buffers(len(text), pa.py_buffer(new_offsets.astype(np.int32)), pa.py_buffer(body.tobytes()), text.buffers()[0], text.null_count)


def _left_out(messy: list[pa.Array], log: _Log | None, rate: float, draws: _Draws, clean_written: int) -> tuple[list[pa.Array], _Draws]:
    """Leave some rows of a series out (readings that never arrived). The log names each at the
    messy row that now stands in its place, with the clean file's row it was; cell defects of a
    left-out row go with it, the others are renumbered. The draws follow the rows kept."""
    size = len(messy[0]) if messy else 0
    if not rate or not size:
        return messy, draws
    gone = draws("*", "missing_timestamps").random() < rate
    if not gone.any():
        return messy, draws
    kept = np.flatnonzero(~gone)
    if log is not None:
        place: np.ndarray = np.cumsum(~gone) - ~gone  # each row's index among the kept rows (a left-out row: the next kept one)
        for index, rows in enumerate(log.rows):
            stays = ~gone[rows]
            log.rows[index], log.positions[index] = place[rows[stays]], log.positions[index][stays]
            log.kinds[index], log.originals[index], log.values[index] = (log.kinds[index].filter(stays), log.originals[index].filter(stays),
                                                                         log.values[index].filter(stays))
        dropped = np.flatnonzero(gone)
        was = concat("row ", pc.cast(pa.array(dropped + clean_written + 1), pa.string()), " of clean.csv")
        log.add(place[dropped], -1, "missing_timestamps", was, pa.nulls(len(dropped), pa.string()))
    kept_per_chunk = np.add.reduceat(~gone, np.cumsum([0, *draws.sizes[:-1]])).tolist()
    return [column.take(pa.array(kept)) for column in messy], draws.resized(kept_per_chunk)


def _duplicates(messy: list[pa.Array], log: _Log | None, rate: float, rng: _Stream) -> list[pa.Array]:
    """Repeat some rows right after themselves; renumber the cell defects in `log` to the new rows."""
    size = len(messy[0]) if messy else 0
    repeat = _repeats(size, rate, rng)
    if repeat is None:
        return messy
    order = pa.array(np.repeat(np.arange(size), 1 + repeat))
    if log is not None:
        # a row's place in the messy chunk, and past its end the next chunk's first row (where a
        # series' left-out last row is logged)
        numbering = np.arange(size + 1) + np.concatenate([[0], np.cumsum(repeat)])
        log.rows = [numbering[rows] for rows in log.rows]
        copies = numbering[np.flatnonzero(repeat)]
        log.add(copies + 1, -1, "duplicates", pa.array(copies.astype(np.int64)), pa.nulls(len(copies), pa.string()))
    return [column.take(order) for column in messy]


def _repeats(size: int, rate: float, rng: _Stream) -> np.ndarray | None:
    """Which of `size` rows are repeated right after themselves (None: none can be)."""
    if not rate or not size:
        return None
    return rng.random() < rate


def _log_columns(schema: DatasetSchema, log: _Log, written: int) -> list[pa.Array]:
    """The chunk's log in DEFECT_COLUMNS order, sorted by row then column; rows count from
    `written` + 1, and a duplicate's original names the row it repeats."""
    if not log.rows:
        return [pa.array([], type=pa.string()) for _ in DEFECT_COLUMNS]
    rows, positions = np.concatenate(log.rows), np.concatenate(log.positions)
    originals = [
        concat("duplicate of row ", pc.cast(pc.add(original, written + 1), pa.string())) if original.type == pa.int64() else original
        for original in log.originals
    ]
    order = pa.array(np.lexsort((positions, rows)))
    names = np.array(["*", *(column.name for column in schema.columns)], dtype=object)
    columns = [
        pa.array((rows + written + 1).astype(np.int64)).cast(pa.string()),
        pa.array(names[positions + 1], type=pa.string()),
        pa.concat_arrays(log.kinds),
        _neutralised(pa.concat_arrays(originals)),
        _neutralised(pa.concat_arrays(log.values)),
    ]
    return [column.take(order) for column in columns]


def _neutralised(text: pa.Array) -> pa.Array:
    """Text that starts like a formula gets a leading apostrophe, as in the CSV; a plain
    number (-12.5) is left as it is."""
    risky = formula_like(text)
    if not risky.any():
        return text
    risky[risky] = ~pc.match_substring_regex(text.filter(pa.array(risky)), _PLAIN_NUMBER).to_numpy(zero_copy_only=False)
    return pc.if_else(pa.array(risky), concat("'", text), text)


def _csv(columns: list[pa.Array]) -> bytes:
    """Rows of text cells with minimal quoting (as a hand-made file would be); None is empty."""
    if not columns or not len(columns[0]):
        return b""
    return joined(_lines(columns))


def _lines(columns: list[pa.Array]) -> pa.Array:
    """Each row as one CSV line, with its line break."""
    cells = [_quoted(column) for column in columns]
    cells[-1] = concat(pc.fill_null(cells[-1], ""), "\n")
    return pc.binary_join_element_wise(*cells, ",", options=pc.JoinOptions(null_handling="replace", null_replacement=""))


def _quoted(text: pa.Array) -> pa.Array:
    """Cells holding a quote, comma or line break in quotes (inner quotes doubled); found from
    where those bytes lie in the UTF-8 data (most columns have none, which a byte search over
    the data tells at memory speed)."""
    data = text.buffers()[2]
    if data is None:
        return text
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int32)[text.offset : text.offset + len(text) + 1]
    window = data[int(offsets[0]) : int(offsets[-1])].to_pybytes()  # this slice's bytes
    if not any(byte in window for byte in _CSV_SPECIAL):
        return text
    cells = np.frombuffer(window, dtype=np.uint8)
    special = np.flatnonzero((cells == ord('"')) | (cells == ord(",")) | (cells == ord("\n")) | (cells == ord("\r"))) + offsets[0]
    rows = np.unique(np.searchsorted(offsets, special, side="right") - 1)  # the cell each byte is in
    return _replace(text, [rows], [concat('"', pc.replace_substring(text.take(pa.array(rows)), '"', '""'), '"')])


_CSV_SPECIAL = (b'"', b",", b"\n", b"\r")


def _header(names: list[str]) -> bytes:
    return _csv([pa.array([name], type=pa.string()) for name in names])


def messy_parts(schema: DatasetSchema, chunks: Chunks, meta: dict[str, Any]) -> Iterator[tuple[bytes, bytes, bytes]]:
    """(messy CSV, clean CSV, defect log CSV) pieces; the first piece of each is its header.
    The defects are drawn from `messy_seed` (a student's own seed) when the meta has one."""
    header = _header([column.name for column in schema.columns])
    yield header, header, _header(DEFECT_COLUMNS)
    for part in messy_chunks(schema, chunks, meta["messy"], meta.get("messy_seed", meta["seed"])):
        yield _csv(part.messy), _csv(part.clean), _csv(part.defects)


def messy_csv_stream(schema: DatasetSchema, chunks: Chunks, meta: dict[str, Any]) -> Iterator[bytes]:
    """The messy file alone (a student's download); each batch's defects are made on the threads
    that make the chunks, when those are made ahead (generator.engine.each_batch)."""
    yield _header([column.name for column in schema.columns])
    seed = meta.get("messy_seed", meta["seed"])
    if series.plan(schema) is not None:
        for part in messy_chunks(schema, chunks, meta["messy"], seed, log=False):
            yield _csv(part.messy)
        return
    yield from each_batch(chunks, functools.partial(_messy_text, schema, meta["messy"], seed))
