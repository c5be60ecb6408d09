"""The column-type registry: the one place a column type is defined.

A column type is one subclass of `ColumnType` listed in `default_column_types.BUILTIN_TYPES`.
It declares its name, a one-line description, the group it is listed under, the kind of value
it produces (which decides how writers format it) and its parameters as `Param` objects.
Validation, the offline inferrer, the LLM prompt and the `/types` page all read these.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pyarrow as pa

if TYPE_CHECKING:
    from generator.engine import ChunkContext

VALUE_KINDS = ("string", "integer", "number", "boolean", "date", "datetime", "time")
PARAM_KINDS = ("int", "number", "string", "date", "datetime", "time", "choice", "string_list", "number_list", "drivers")
MAX_DRIVERS = 30
MAX_LIST_ITEMS = 1000
MAX_STRING_PARAM = 200


class ParamError(ValueError):
    """A parameter value that is not allowed; the message says what is."""


def _parse_date(value: Any, kind: str) -> str:
    if not isinstance(value, str):
        raise ParamError(f"must be an ISO {kind} string")
    try:
        if kind == "date":
            return dt.date.fromisoformat(value).isoformat()
        if kind == "datetime":
            return dt.datetime.fromisoformat(value).replace(tzinfo=None).isoformat(timespec="seconds")
        return dt.time.fromisoformat(value).isoformat(timespec="seconds")
    except ValueError:
        example = {"date": "2024-01-31", "datetime": "2024-01-31T13:45:00", "time": "13:45"}[kind]
        raise ParamError(f"must be an ISO {kind} such as {example}, got {value!r}") from None


def _number(value: Any, integer: bool) -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParamError(f"must be a {'whole number' if integer else 'number'}, got {value!r}")
    if not math.isfinite(value):
        raise ParamError("must be a finite number")
    if integer:
        if isinstance(value, float) and not value.is_integer():
            raise ParamError(f"must be a whole number, got {value!r}")
        return int(value)
    return float(value)


def _clean_drivers(value: Any) -> list[dict[str, Any]]:
    """A target's drivers: [{"column": name, "effect": number, "value"?: text, "class"?: text}]."""
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_DRIVERS:
        raise ParamError(f"must be a list of 1 to {MAX_DRIVERS} drivers like {{\"column\": \"tenure\", \"effect\": -1.0}}")
    drivers = []
    for index, item in enumerate(value, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("column"), str) or set(item) - {"column", "effect", "value", "class"}:
            raise ParamError(f"driver {index} must be an object with column, effect and optionally value and class")
        try:
            effect = _number(item.get("effect"), integer=False)
        except ParamError as exc:
            raise ParamError(f"driver {index} effect {exc}") from None
        if abs(effect) > 1e12:
            raise ParamError(f"driver {index} effect is too large")
        driver = {"column": item["column"], "effect": effect}
        for key in ("value", "class"):
            if key in item:
                if not isinstance(item[key], str) or not 0 < len(item[key]) <= MAX_STRING_PARAM:
                    raise ParamError(f"driver {index} {key} must be a non-empty string")
                driver[key] = item[key]
        drivers.append(driver)
    return drivers


@dataclass(frozen=True)
class Param:
    """One parameter of a column type: its kind, default, bounds and help text."""

    name: str
    kind: str
    default: Any = None
    help: str = ""
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] = ()
    required: bool = False

    def __post_init__(self) -> None:
        if self.kind not in PARAM_KINDS:
            raise ValueError(f"unknown param kind {self.kind!r}")

    def clean(self, value: Any) -> Any:
        """Return the normalised value, or raise ParamError saying what is allowed."""
        if self.kind in ("int", "number"):
            value = _number(value, self.kind == "int")
            if self.min is not None and value < self.min:
                raise ParamError(f"must be at least {self.min:g}, got {value:g}")
            if self.max is not None and value > self.max:
                raise ParamError(f"must be at most {self.max:g}, got {value:g}")
            return value
        if self.kind in ("date", "datetime", "time"):
            return _parse_date(value, self.kind)
        if self.kind == "choice":
            if value not in self.choices:
                raise ParamError(f"must be one of {', '.join(self.choices)}; got {value!r}")
            return value
        if self.kind == "drivers":
            return _clean_drivers(value)
        if self.kind == "string":
            if not isinstance(value, str):
                raise ParamError(f"must be a string, got {type(value).__name__}")
            if len(value) > MAX_STRING_PARAM:
                raise ParamError(f"must be at most {MAX_STRING_PARAM} characters")
            return value
        return self._clean_list(value)

    def _clean_list(self, value: Any) -> list:
        if not isinstance(value, list):
            raise ParamError("must be a list")
        if not value:
            raise ParamError("must not be empty")
        if len(value) > MAX_LIST_ITEMS:
            raise ParamError(f"must have at most {MAX_LIST_ITEMS} items, got {len(value)}")
        if self.kind == "number_list":
            items = [_number(item, integer=False) for item in value]
            if any(item < 0 for item in items):
                raise ParamError("must not contain negative numbers")
            return items
        if not all(isinstance(item, str) and 0 < len(item) <= MAX_STRING_PARAM for item in value):
            raise ParamError(f"must be a list of non-empty strings of at most {MAX_STRING_PARAM} characters")
        return list(value)

    def describe(self) -> str:
        """Human-readable summary for docs: kind, bounds, choices and default."""
        parts = [self.kind.replace("_", " ")]
        if self.choices:
            parts.append("one of " + ", ".join(self.choices))
        if self.min is not None or self.max is not None:
            parts.append(f"{'' if self.min is None else f'{self.min:g}'}..{'' if self.max is None else f'{self.max:g}'}")
        if self.default is not None:
            parts.append(f"default {self.default}")
        return "; ".join(parts)


class ColumnType:
    """Base class of every column type.

    Subclasses set `name`, `description`, `group`, `kind` and `params`, and implement
    `generate`, which returns `ctx.size` values for one chunk of rows: an Arrow string array for
    the "string" kind, else a numpy array (int64 for integer and time-of-day seconds, float64
    for number, bool, datetime64[D] for date, datetime64[s] for datetime).
    `check` adds rules across parameters (such as min <= max).
    """

    name: ClassVar[str]
    description: ClassVar[str]
    group: ClassVar[str]
    kind: ClassVar[str] = "string"
    params: ClassVar[tuple[Param, ...]] = ()
    example_params: ClassVar[Mapping[str, Any]] = {}
    entity: ClassVar[str] = ""  # "person" or "place": columns read off a row's shared entity, which may take a role
    reading: ClassVar[bool] = False  # a measurement of a series: empty when the series' reading drops out

    def check(self, params: Mapping[str, Any]) -> list[str]:
        return []

    def dependencies(self, params: Mapping[str, Any]) -> list[str]:
        """Other columns of the row this column's values are made from (generated first)."""
        return []

    def value_kind(self, params: Mapping[str, Any]) -> str:
        """The kind of value this column holds (fixed per type, except for derived columns)."""
        return self.kind

    def resolve(self, params: dict[str, Any], earlier: Mapping[str, Any]) -> list[str]:
        """Check references to other columns (`earlier`: name → Column, every column this one
        refers to among them); may complete `params`."""
        return []

    def decimals(self, params: Mapping[str, Any]) -> int | None:
        """Decimals to print for a number column; None for other kinds."""
        return params.get("decimals") if self.value_kind(params) == "number" else None

    def generate(self, params: Mapping[str, Any], ctx: ChunkContext, rng: np.random.Generator) -> np.ndarray | pa.Array:
        raise NotImplementedError

    def explain(self, params: Mapping[str, Any]) -> tuple[str, str] | None:
        """(values, how they are made) in words for the data dictionary, when the type says it
        better than the dictionary's reading of the parameters."""
        return None

    def planted(self, name: str, params: Mapping[str, Any], layout: Any, rows: int) -> list[dict[str, Any]]:
        """Events planted in this column of a series (`layout`: generator.series.SeriesPlan) for
        the answer key: [{"kind", "period", "entity", "size"}]."""
        return []

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


class Registry:
    """Maps type names to ColumnType instances; refuses duplicate names."""

    def __init__(self, types: list[type[ColumnType]]):
        self._types: dict[str, ColumnType] = {}
        for cls in types:
            if cls.kind not in VALUE_KINDS:
                raise ValueError(f"column type {cls.name!r} has unknown kind {cls.kind!r}")
            if cls.name in self._types:
                raise ValueError(f"column type {cls.name!r} is registered twice")
            self._types[cls.name] = cls()

    def get(self, name: str) -> ColumnType | None:
        return self._types.get(name) if isinstance(name, str) else None

    def names(self) -> list[str]:
        return list(self._types)

    def __iter__(self):
        return iter(self._types.values())

    def __len__(self) -> int:
        return len(self._types)


_registry: Registry | None = None


def registry() -> Registry:
    """The registry of built-in column types, built on first use."""
    global _registry
    if _registry is None:
        from generator.default_column_types import BUILTIN_TYPES

        _registry = Registry(BUILTIN_TYPES)
    return _registry
