"""Arrow string helpers shared by the column types and the writers.

Text that a spreadsheet would run as a formula starts with one of FORMULA_STARTS; `neutralise`
gives it a leading apostrophe for the formats a spreadsheet opens.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_RE = "^[=+\\-@\t\r]"


def pick(values, indices: np.ndarray) -> pa.Array:
    """values[indices] as an Arrow string array (values: a list or Arrow array of strings)."""
    array = values if isinstance(values, pa.Array) else pa.array(list(values), type=pa.string())
    return array.take(indices)


def concat(*parts) -> pa.Array:
    """Element-wise concatenation of Arrow string arrays and plain strings."""
    return pc.binary_join_element_wise(*parts, "")


def neutralise(text: str) -> str:
    """Make one text cell safe to open in a spreadsheet."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def neutralise_array(values: pa.Array) -> pa.Array:
    risky = pc.match_substring_regex(values, _FORMULA_RE)
    return pc.if_else(risky, concat("'", values), values) if pc.any(risky).as_py() else values
