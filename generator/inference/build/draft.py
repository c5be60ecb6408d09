"""A column being built, and how it becomes schema JSON.

Lexicon and template params may hold relative dates ('-3y', '+30d', '0d') and years ('Y-90',
'Y'); `Draft.to_column` resolves them against `today`, so the same description and the same
day give the same schema.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

from generator.inference.knowledge.model import Concept
from generator.inference.text import title_case_first
from generator.registry import registry

NUMERIC = {"integer", "decimal", "percentage", "price", "age", "rating", "year", "latitude", "longitude"}
DATES = {"date", "date_of_birth", "datetime"}
INTEGER_TYPES = {"integer", "age", "rating", "year"}


@dataclass
class Draft:
    name: str
    type: str
    params: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    unit: str = ""
    null_rate: float = 0.0
    dim: str = ""
    generic: bool = False  # came from a generic head or a guess, not a known concept

    @classmethod
    def of(cls, concept: Concept, name: str, phrase: str) -> Draft:
        params = {key: list(value) if isinstance(value, list) else value for key, value in concept.params.items()}
        if concept.in_units:
            params["in_units"] = {unit: dict(own) for unit, own in concept.in_units.items()}  # read by a unit the description states
        description = concept.desc or title_case_first(phrase.strip() or name.replace("_", " "))
        return cls(name, concept.type, params, description, concept.unit, concept.null_rate, concept.dim)

    def numeric(self) -> bool:
        return self.type in NUMERIC

    def to_column(self, today: dt.date) -> dict[str, Any]:
        column: dict[str, Any] = {"name": self.name, "type": self.type}
        column_type = registry().get(self.type)
        allowed = {p.name for p in column_type.params} if column_type else set()
        for key, value in self.params.items():
            if key in allowed and value is not None:
                column[key] = resolve(key, value, self.type, today)
        _tidy_numbers(column, column_type)
        if self.null_rate:
            column["null_rate"] = round(min(max(self.null_rate, 0.0), 1.0), 4)
        if self.description:
            column["description"] = self.description[:300]
        if self.unit:
            column["unit"] = self.unit[:60]
        return column


def resolve(key: str, value: Any, type_: str, today: dt.date) -> Any:
    """A param value as the schema holds it: relative dates ("-3y") and years ("Y-18") from today."""
    if isinstance(value, str) and type_ == "year" and re.fullmatch(r"Y([+-]\d+)?", value):
        return today.year + int(value[1:] or 0)
    if isinstance(value, str) and re.fullmatch(r"[+-]?\d+[dmy]", value):
        day = shift(today, value)
        if type_ == "datetime":
            return f"{day.isoformat()}T{'23:59:59' if key == 'end' else '00:00:00'}"
        return day.isoformat()
    if isinstance(value, dt.date):
        if type_ == "datetime":
            return f"{value.isoformat()}T{'23:59:59' if key == 'end' else '00:00:00'}"
        return value.isoformat()
    return value


def shift(today: dt.date, offset: str) -> dt.date:
    """today moved by '-3y', '+30d', '-6m'."""
    amount, unit = int(offset[:-1]), offset[-1]
    if unit == "d":
        return today + dt.timedelta(days=amount)
    months = amount * (12 if unit == "y" else 1)
    year, month = divmod(today.month - 1 + months, 12)
    day = min(today.day, 28) if today.day > 28 else today.day
    return dt.date(today.year + year, month + 1, day)


def _tidy_numbers(column: dict[str, Any], column_type: Any) -> None:
    """Keep numbers inside the type's bounds, integers whole and min <= mean <= max."""
    if column_type is None:
        return
    for key in ("min", "max", "mean", "std"):
        param = column_type.param(key)
        if key not in column or param is None:
            continue
        value = column[key]
        if param.min is not None:
            value = max(value, param.min)
        if param.max is not None:
            value = min(value, param.max)
        column[key] = int(round(value)) if param.kind == "int" else _round(value)
    if "min" in column and "max" in column and column["min"] > column["max"]:
        column["min"], column["max"] = column["max"], column["min"]
    mean = column.get("mean")
    if mean is not None and not column.get("min", -math.inf) <= mean <= column.get("max", math.inf):
        column.pop("mean", None)
        column.pop("std", None)


def _round(value: float) -> float:
    if value == 0 or not math.isfinite(value):
        return float(value)
    digits = max(0, 6 - int(math.floor(math.log10(abs(value)))))
    return float(round(value, digits))
