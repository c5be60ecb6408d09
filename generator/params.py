"""Column-type parameters: their kinds, bounds and help, and how an untrusted value is cleaned."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

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
