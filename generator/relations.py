"""Relations between the columns of a row: what keeps a row from contradicting itself.

Any column may carry these keys beside its type's parameters (README, "Rows that hold together"):

- `at_least` / `at_most`: a column name or a list of names. The value is never below the
  largest (never above the smallest) of theirs: high ≥ open and close, a maximum salary ≥ the
  minimum, an end time after a start time. With `gap: [lo, hi]` the value is that far from the
  bound (days for dates, minutes for datetimes and times, the column's own unit for numbers);
  without it, rows that break the order are reflected past the bound.
- `differs_from`: a name or list of names; the value is never equal to theirs in the same row
  (origin ≠ destination, home ≠ away team).
- `role`: for a person's or a place's columns (names, emails, cities, …). Columns with the same
  role belong to one person or place; each role in a row is a different one (driver and rider).
- `depends_on` + `cases`: the column's parameters per value of a category (or boolean) column
  (`{"Engineering": {"min": 90000, "max": 180000}}`, `{"Toyota": {"values": ["Corolla", …]}}`);
  rows with another value use the column's own parameters.
- `present_when`: `{"column": name, "in": [values]}`; the value is missing unless the row's
  `column` holds one of the values (a cancellation date only for cancelled bookings).
- `distinct`: exactly this many different values in the column (12 sensors, 40 households),
  each appearing once among the first rows and then a few often and many rarely.

Every relation is checked when the schema is validated, with problems naming the column, and
applied column-wise to whole chunks, so the same schema, rows and seed give the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

RELATION_KEYS = ("at_least", "at_most", "gap", "differs_from", "role", "depends_on", "cases", "present_when", "distinct")
MAX_CASES = 50
MAX_DISTINCT = 10_000
MAX_GAP = 1e12
ROLE_MAX = 30
ORDERED_KINDS = {"integer": "number", "number": "number", "date": "date", "datetime": "date", "time": "time"}
GAP_UNITS = {"integer": "", "number": "", "date": "days", "datetime": "minutes", "time": "minutes"}


KEY_DOCS = (
    ("at_least", "a column name or list", "never below the largest of theirs: high ≥ open and close, max_salary ≥ min_salary, end after start", '{"name": "high", "type": "decimal", "at_least": ["open", "close"]}'),
    ("at_most", "a column name or list", "never above the smallest of theirs: low ≤ open and close, discount ≤ price", '{"name": "low", "type": "decimal", "at_most": ["open", "close"]}'),
    ("gap", "[smallest, largest]", "with at_least (or at_most): how far from the bound, in days for dates, minutes for datetimes and times, the column's unit for numbers", '{"name": "check_out", "type": "date", "at_least": "check_in", "gap": [1, 14]}'),
    ("differs_from", "a column name or list", "never equal to theirs in the same row: origin ≠ destination, home ≠ away team", '{"name": "away_team", "type": "category", "values": ["…"], "differs_from": "home_team"}'),
    ("role", "a word", "for a person's or a place's columns: columns of one role are one person or place, and each role in a row is a different one", '{"name": "rider_name", "type": "full_name", "role": "rider"}'),
    ("depends_on + cases", "a column name; value → parameters", "the column's own parameters per value of a category or boolean column: a department's salary band, a make's models", '{"name": "salary", "type": "integer", "depends_on": "department", "cases": {"Engineering": {"min": 90000, "max": 180000}}}'),
    ("present_when", '{"column": name, "in": [values]}', "missing unless the row's column holds one of the values: a cancellation date only for cancelled bookings", '{"name": "cancelled_on", "type": "date", "present_when": {"column": "status", "in": ["cancelled"]}}'),
    ("distinct", "a whole number", "exactly this many different values, repeated over the rows (12 sensors, 40 households)", '{"name": "sensor_id", "type": "code", "distinct": 12}'),
)


def clean(label: Any, item: Mapping[str, Any], column_type: Any, errors: list[Any]) -> dict[str, Any]:
    """The column's relation keys, checked on their own (`resolve` checks them against the
    columns they name); problems are added to `errors` prefixed with `label`."""
    found: dict[str, Any] = {}
    before = len(errors)
    for key in ("at_least", "at_most", "differs_from"):
        if key in item and item[key] is not None:
            found[key] = _names(label, key, item[key], errors)
    if item.get("gap") is not None:
        found["gap"] = _gap(label, item["gap"], errors)
        if "at_least" not in item and "at_most" not in item:
            errors.append(label("gap goes with at_least or at_most (the column the gap is measured from)", "gap"))
    if item.get("role") is not None:
        found["role"] = _role(label, item["role"], column_type, errors)
    if item.get("depends_on") is not None or item.get("cases") is not None:
        found.update(_cases(label, item, column_type, errors))
    if item.get("present_when") is not None:
        found["present_when"] = _present_when(label, item["present_when"], errors)
    if item.get("distinct") is not None:
        found["distinct"] = _distinct(label, item["distinct"], column_type, errors)
        if "depends_on" in found:
            errors.append(label("distinct and depends_on cannot be combined", "distinct"))
    if found and not column_type.correlatable and not column_type.key and set(found) - column_type.kept_relations:  # made from other columns
        errors.append(label(f"a {column_type.name} column is made from other columns; put the relation on those", ""))
    return found if len(errors) == before else {}


def _names(label: Any, key: str, value: Any, errors: list[Any]) -> list[str]:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not 1 <= len(names) <= 10 or not all(isinstance(n, str) and 0 < len(n) <= 64 for n in names):
        errors.append(label(f"{key} must be a column name or a list of 1 to 10 column names", key))
        return []
    return list(dict.fromkeys(names))


def _gap(label: Any, value: Any, errors: list[Any]) -> list[float]:
    if (not isinstance(value, list) or len(value) != 2 or any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in value)
            or not 0 <= value[0] <= value[1] <= MAX_GAP):
        errors.append(label("gap must be [smallest, largest] with 0 ≤ smallest ≤ largest, e.g. [1, 14]", "gap"))
        return [0.0, 0.0]
    return [float(value[0]), float(value[1])]


def _role(label: Any, value: Any, column_type: Any, errors: list[Any]) -> str:
    if not isinstance(value, str) or not value.replace("_", "").isalnum() or not 0 < len(value) <= ROLE_MAX:
        errors.append(label("role must be a short word such as driver, rider, origin or destination", "role"))
        return ""
    if not column_type.entity:
        errors.append(label(f"role is for a person's or a place's columns (names, emails, cities, …), not {column_type.name}", "role"))
    return value


def _present_when(label: Any, value: Any, errors: list[Any]) -> dict[str, Any]:
    if (not isinstance(value, Mapping) or set(value) != {"column", "in"} or not isinstance(value["column"], str)
            or not isinstance(value["in"], list) or not 1 <= len(value["in"]) <= MAX_CASES
            or not all(isinstance(v, (str, bool, int, float)) for v in value["in"])):
        errors.append(label("present_when must be {\"column\": name, \"in\": [values]}, e.g. {\"column\": \"status\", \"in\": [\"cancelled\"]}", "present_when"))
        return {}
    return {"column": value["column"], "in": list(value["in"])}


def _distinct(label: Any, value: Any, column_type: Any, errors: list[Any]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DISTINCT:
        errors.append(label(f"distinct must be a whole number from 1 to {MAX_DISTINCT:,}", "distinct"))
        return 1
    if column_type.entity:
        errors.append(label("distinct does not apply to a person's or a place's columns; give the row an id column with distinct instead", "distinct"))
    return value


def _cases(label: Any, item: Mapping[str, Any], column_type: Any, errors: list[Any]) -> dict[str, Any]:
    column, cases = item.get("depends_on"), item.get("cases")
    if not isinstance(column, str) or not isinstance(cases, Mapping) or not 1 <= len(cases) <= MAX_CASES:
        errors.append(label(f"depends_on names a column and cases maps 1 to {MAX_CASES} of its values to this column's parameters", "depends_on"))
        return {}
    allowed = {p.name for p in column_type.params}
    cleaned: dict[str, dict[str, Any]] = {}
    for value, override in cases.items():
        if not isinstance(override, Mapping) or not override or set(override) - allowed:
            errors.append(label(f"case {str(value)[:40]!r} must set some of {', '.join(sorted(allowed)) or 'no parameters'}", "cases"))
            continue
        cleaned[str(value)] = dict(override)
    return {"depends_on": column, "cases": cleaned}


def merge_case(params: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """A case's parameters: the column's own, with the case's on top (new values drop old weights)."""
    merged = {**params, **override}
    if "values" in override and "weights" not in override:
        merged.pop("weights", None)
    return merged


def references(relations: Mapping[str, Any]) -> list[str]:
    """The columns the relations name: they are generated first."""
    names = [*relations.get("at_least", ()), *relations.get("at_most", ()), *relations.get("differs_from", ())]
    if "depends_on" in relations:
        names.append(relations["depends_on"])
    if "present_when" in relations:
        names.append(relations["present_when"]["column"])
    return list(dict.fromkeys(names))


def resolve(kind: str, relations: Mapping[str, Any], earlier: Mapping[str, Any], clean_case, *, years: bool = False) -> list[str]:
    """Check the relations against the columns they name (`earlier`: name → Column, all of
    them generated before this one). `clean_case(override)` validates a case's parameters.
    A column of calendar `years` also compares with a date or datetime, by its year."""
    problems = []
    for key in ("at_least", "at_most"):
        for name in relations.get(key, ()):
            other = earlier[name].kind
            by_year = years and ORDERED_KINDS.get(other) == "date"  # a release year never after the date a film was added
            if not by_year and (kind not in ORDERED_KINDS or ORDERED_KINDS.get(other) != ORDERED_KINDS[kind]):
                problems.append(f"{key} compares like with like (numbers, dates, or times of day; a year with a date by its year); this column holds {kind} values and {name!r} {other} values")
    for name in relations.get("differs_from", ()):
        if earlier[name].kind != kind:
            problems.append(f"differs_from compares values of one kind; this column holds {kind} values and {name!r} {earlier[name].kind} values")
    if "depends_on" in relations:
        other = earlier[relations["depends_on"]].kind
        if other not in ("string", "boolean", "integer"):
            problems.append(f"depends_on must name a category, text, boolean or whole-number column; {relations['depends_on']!r} holds {other} values")
        for value, override in relations["cases"].items():
            problems.extend(f"case {value!r}: {problem}" for problem in clean_case(override))
    return problems


def describe(relations: Mapping[str, Any], kind: str) -> list[str]:
    """The relations in words, for the data dictionary."""
    unit = GAP_UNITS.get(kind, "")
    gap = relations.get("gap")
    gap_text = f" by {gap[0]:g} to {gap[1]:g}{' ' + unit if unit else ''}" if gap else ""
    words = []
    if relations.get("at_least"):
        words.append(f"Never below {_join(relations['at_least'])}{gap_text}.")
    if relations.get("at_most"):
        words.append(f"Never above {_join(relations['at_most'])}{gap_text if not relations.get('at_least') else ''}.")
    if relations.get("differs_from"):
        words.append(f"Always differs from {_join(relations['differs_from'])} in the same row.")
    if relations.get("role"):
        words.append(f"Belongs to the row's {relations['role']} (a different person or place from the row's other roles).")
    if relations.get("depends_on"):
        words.append(f"Depends on {relations['depends_on']}: its own values or range for {_join(list(relations['cases']))}.")
    if relations.get("present_when"):
        when = relations["present_when"]
        words.append(f"Present only when {when['column']} is {_join([str(v) for v in when['in']], 'or')}; missing otherwise.")
    if relations.get("distinct"):
        words.append(f"Exactly {relations['distinct']:,} different values, each repeated over the rows.")
    return words


def _join(names: list[str], word: str = "and") -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {word} " + names[-1]


# --- applying relations to a chunk -------------------------------------------------------------


def order(values: np.ndarray, relations: Mapping[str, Any], kind: str, ctx: Any, rng: np.random.Generator, limits: tuple[Any, Any], step: int = 0) -> np.ndarray:
    """Values moved so they are never below `at_least` nor above `at_most` (at_least wins),
    kept on a grid of `step` seconds (times and datetimes) where the column has one."""
    own, gap = _comparable(values, kind, values.dtype), relations.get("gap")
    scale = 60 if kind in ("datetime", "time") else 1
    if relations.get("at_most"):
        bound = np.min([_comparable(ctx.values(n), kind, values.dtype) for n in relations["at_most"]], axis=0)
        own = _place(own, bound, -1, None if relations.get("at_least") else gap, scale, rng, limits[0])
    if relations.get("at_least"):
        bound = np.max([_comparable(ctx.values(n), kind, values.dtype) for n in relations["at_least"]], axis=0)
        own = _place(own, bound, 1, gap, scale, rng, limits[1])
    if step and kind in ("time", "datetime"):
        own = -(-own // step) * step if relations.get("at_least") else own // step * step
    if kind == "time":
        return np.clip(own, 0, 86_399).astype(np.int64)
    if kind == "integer":
        return (np.ceil(own) if relations.get("at_least") else np.floor(own)).astype(np.int64)
    return own.astype(values.dtype)


def _comparable(values: np.ndarray, kind: str, unit: np.dtype) -> np.ndarray:
    """Numbers as floats; dates and datetimes as whole days or seconds in the column's own unit
    (or, to a column of years, as the calendar year)."""
    if kind in ("integer", "number") and values.dtype.kind == "M":
        return values.astype("datetime64[Y]").astype(np.float64) + 1970
    if kind in ("date", "datetime"):
        return values.astype(unit).astype(np.int64)
    return values.astype(np.int64) if kind == "time" else values.astype(np.float64)


def _place(own, bound, sign: int, gap, scale: int, rng, limit: float | None):
    if gap is not None:
        lo, hi = gap[0] * scale, gap[1] * scale
        step = rng.integers(round(lo), round(hi), len(own), endpoint=True) if own.dtype.kind == "i" else rng.uniform(lo, hi, len(own))
        return bound + sign * step
    wrong = (own < bound) if sign > 0 else (own > bound)
    reach = np.abs(bound - own)
    if limit is not None:  # stay within the column's own range where the bound allows
        reach = np.minimum(reach, np.clip(sign * (limit - bound), 0, None))
    moved = bound + sign * reach * rng.random(len(own))
    if own.dtype.kind == "i":
        moved = np.rint(moved).astype(np.int64)
    return np.where(wrong, moved, own)


def differ(values: Any, others: list[Any], rng: np.random.Generator) -> Any:
    """Rows equal to any of `others` take another row's value (the column keeps its mix of values)."""
    size = len(values)
    source = np.arange(size)
    for _ in range(16):
        current = _take(values, source)
        same = np.zeros(size, dtype=bool)
        for other in others:
            same |= _equal(current, other)
        if not same.any():
            return current
        source[same] = rng.integers(0, size, int(same.sum()))
    return current


def _take(values: Any, index: np.ndarray) -> Any:
    return values.take(pa.array(index)) if isinstance(values, (pa.Array, pa.ChunkedArray)) else values[index]


def _equal(a: Any, b: Any) -> np.ndarray:
    if isinstance(a, (pa.Array, pa.ChunkedArray)) or isinstance(b, (pa.Array, pa.ChunkedArray)):
        return pc.fill_null(pc.equal(pa.array(a) if isinstance(a, np.ndarray) else a, pa.array(b) if isinstance(b, np.ndarray) else b), False).to_numpy(zero_copy_only=False)
    return np.asarray(a == b)


def case_masks(depends: Any, cases: Mapping[str, Any]) -> list[tuple[str, np.ndarray]]:
    """For each case value, the rows whose `depends` value matches it (bools as true/false)."""
    if isinstance(depends, (pa.Array, pa.ChunkedArray)):
        strings = depends
    elif depends.dtype == bool:
        strings = pa.array(np.where(depends, "true", "false"))
    else:
        strings = pa.array(depends).cast(pa.string())
    return [(value, pc.fill_null(pc.equal(strings, value), False).to_numpy(zero_copy_only=False)) for value in cases]


def present(condition: Any, allowed: list[Any]) -> np.ndarray:
    """Rows whose `condition` column holds one of `allowed`."""
    if isinstance(condition, (pa.Array, pa.ChunkedArray)):
        return pc.fill_null(pc.is_in(condition, value_set=pa.array([str(v) for v in allowed])), False).to_numpy(zero_copy_only=False)
    if condition.dtype == bool:
        return np.isin(condition, [v for v in allowed if isinstance(v, bool)] or [str(v).lower() == "true" for v in allowed])
    return np.isin(condition, [v for v in allowed if not isinstance(v, (bool, str))])


def distinct_indices(rows: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """Which of `count` entities each row belongs to: every entity once in the first `count`
    rows (a fixed shuffle, so a prefix of the file agrees with the whole), then a few entities
    often and many rarely."""
    head = rows < count
    out = np.empty(len(rows), dtype=np.int64)
    out[head] = rows[head]  # the pool itself is shuffled, so row i < count is entity i
    weights = 1.0 / np.arange(1, count + 1) ** 0.6
    cumulative = np.cumsum(weights) / weights.sum()
    out[~head] = np.searchsorted(cumulative, rng.random(int((~head).sum())), side="right").clip(0, count - 1)
    return out
