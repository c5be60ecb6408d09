"""Arrow string helpers shared by the column types and the writers.

Text that a spreadsheet would run as a formula starts with one of FORMULA_STARTS; `neutralise`
gives it a leading apostrophe for the formats a spreadsheet opens.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_RE = "^[=+\\-@\t\r]"
_FORMULA_BYTES = np.zeros(256, dtype=bool)
_FORMULA_BYTES[np.frombuffer("".join(FORMULA_STARTS).encode(), dtype=np.uint8)] = True


def pick(values, indices: np.ndarray) -> pa.Array:
    """values[indices] as an Arrow string array (values: a list or Arrow array of strings)."""
    array = values if isinstance(values, pa.Array) else _strings(tuple(values))
    return array.take(indices)


@functools.lru_cache(maxsize=1024)
def _strings(values: tuple[str, ...]) -> pa.Array:
    return pa.array(values, type=pa.string())


def concat(*parts) -> pa.Array:
    """Element-wise concatenation of Arrow string arrays and plain strings (neighbouring plain
    strings are joined first, so the join has fewer pieces to walk)."""
    merged: list = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif not (isinstance(part, str) and part == ""):
            merged.append(part)
    return pc.binary_join_element_wise(*merged, "")


def neutralise(text: str) -> str:
    """Make one text cell safe to open in a spreadsheet."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def formula_like(values: pa.Array) -> np.ndarray:
    """Per cell, whether the text starts like a formula (False for missing cells), read from the
    first byte of each cell of the UTF-8 data (every formula start is one ASCII byte)."""
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        return pc.fill_null(pc.match_substring_regex(values, _FORMULA_RE), False).to_numpy(zero_copy_only=False)
    _, offsets_buffer, data_buffer = values.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64 if pa.types.is_large_string(values.type) else np.int32)
    offsets = offsets[values.offset : values.offset + len(values) + 1]
    starts, filled = offsets[:-1], np.greater(offsets[1:], offsets[:-1])
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None and data_buffer.size else np.zeros(1, dtype=np.uint8)
    # an empty cell reads the byte after it (or the last one), and is then not risky
    risky = _FORMULA_BYTES[data[np.minimum(starts, len(data) - 1)]] & filled
    if values.null_count:
        risky &= values.is_valid().to_numpy(zero_copy_only=False)
    return risky


def neutralise_array(values: pa.Array) -> pa.Array:
    risky = formula_like(values)
    return pc.if_else(pa.array(risky), concat("'", values), values) if risky.any() else values


def joined(text: pa.Array) -> bytes:
    """A string array's values one after another (it has no nulls), straight from its data buffer."""
    if len(text) == 0:
        return b""
    width = np.int64 if pa.types.is_large_string(text.type) else np.int32
    offsets = np.frombuffer(text.buffers()[1], dtype=width, count=len(text) + 1, offset=text.offset * np.dtype(width).itemsize)
    return text.buffers()[2][int(offsets[0]) : int(offsets[-1])].to_pybytes()


@dataclass(frozen=True)
class ByteSet:
    """Bytes to look for, as inclusive runs of byte values (control characters are one run)."""

    runs: tuple[tuple[int, int], ...]


def byte_set(*codes: int) -> ByteSet:
    """The bytes `codes`, for has_bytes."""
    runs: list[tuple[int, int]] = []
    for code in sorted(set(codes)):
        if runs and runs[-1][1] == code - 1:
            runs[-1] = (runs[-1][0], code)
        else:
            runs.append((code, code))
    return ByteSet(tuple(runs))


def has_bytes(text: pa.Array, wanted: ByteSet) -> bool:
    """Whether any string holds a byte of `wanted` (a byte_set): a fast check before a rare
    rewrite (bytes of the buffer outside the array's slice may answer yes, never a wrong no).
    One comparison pass over the bytes per run (a few times faster than a table lookup per byte)."""
    data = text.buffers()[2]
    if data is None or text.null_count == len(text):
        return False
    data = np.frombuffer(data, dtype=np.uint8)
    for low, high in wanted.runs:
        if low == high:
            found = data == low
        else:
            found = (data <= high) if low == 0 else (data >= low) & (data <= high)
        if found.any():
            return True
    return False
