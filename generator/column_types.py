"""The column-type base: what every column type is, and what it may use to make a chunk of rows.

A column type is one subclass of `ColumnType` listed in `generator.registry.BUILTIN_TYPES`; this
module never imports its implementations. A type declares its name, a one-line description, the
group it is listed under, the kind of value it produces (which decides how writers format it) and
its parameters as `Param` objects. Validation, the offline inferrer, the LLM prompt and the `/types` page all read these.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pyarrow as pa

from generator.params import Param
from generator.seeds import ChunkSeeds, chunk_generator

VALUE_KINDS = ("string", "integer", "number", "boolean", "date", "datetime", "time")
NUMERIC_KINDS = ("integer", "number")
_SQL_TYPES = {
    "sqlite": {"integer": "INTEGER", "number": "REAL", "boolean": "BOOLEAN", "date": "DATE", "datetime": "TIMESTAMP", "time": "TIME", "string": "TEXT"},
    "postgresql": {"integer": "BIGINT", "number": "NUMERIC", "boolean": "BOOLEAN", "date": "DATE", "datetime": "TIMESTAMP", "time": "TIME", "string": "TEXT"},
}
TEXT_DEFECTS = ("typos", "casing")
NUMBER_DEFECTS = ("outliers", "number_formats")
READING_DEFECTS = ("stuck", "unit_slips")  # a series' readings: a sensor stuck on one value, a reading in the wrong unit


def number_text(value: Any) -> str:
    """A number for prose: whole floats without ".0", thousands grouped from 10,000."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return f"{value:,}" if isinstance(value, int) and abs(value) >= 10_000 else str(value)


def percent_text(rate: float) -> str:
    text = f"{rate * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def weighted_text(values: list[str], weights: list[float] | None) -> str:
    """Values with their shares, for prose: "free (60%), basic (30%), pro (10%)"."""
    if not weights:
        return ", ".join(values) + " (equally likely)"
    total = sum(weights)
    return ", ".join(f"{value} ({percent_text(weight / total)})" for value, weight in zip(values, weights))


@dataclass(frozen=True)
class TableInfo:
    """What a reference column needs to know about the table it points to."""

    rows: int
    id_start: int
    id_step: int
    seed: int
    dates: tuple[tuple[str, str, str], ...] = ()  # (column, start, end) of each keyed date, which rows of other tables may follow


@dataclass
class ChunkContext:
    """What a column type's generator may use for one chunk of rows."""

    seed: int
    chunk_index: int
    start: int
    size: int
    locale: str
    _shared: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, Any] = field(default_factory=dict)  # name → TableInfo, for reference columns
    references: dict[str, str] = field(default_factory=dict)  # reference column → the table it refers to
    types: frozenset[str] = frozenset()  # the schema's column types (e.g. places go worldwide with a country column)
    role: str = ""  # the role of the column being made: its person or place is the role's own
    column: str = ""  # the name of the column being made
    series: Any = None  # the table's series layout (generator.series_plan.SeriesPlan), if it is one
    carry: dict[Any, Any] = field(default_factory=dict)  # state passed from chunk to chunk (chunks come in order)
    seeds: ChunkSeeds | None = None  # the dataset's generators, worked out for many chunks at once

    def for_column(self, name: str, role: str) -> ChunkContext:
        """The same chunk, seen by column `name` of `role` (sharing everything made so far)."""
        if (name, role) == (self.column, self.role):
            return self
        seen = object.__new__(ChunkContext)  # dataclasses.replace without its checks, as every chunk does it per column
        seen.__dict__.update(self.__dict__, column=name, role=role)
        return seen

    def shared_like(self, prefix: str) -> list[Any]:
        """Values shared so far whose key starts with `prefix` (the row's other roles)."""
        return [value for key, value in self._shared.items() if key.split(":")[0] == prefix]

    def rng(self, key: str) -> np.random.Generator:
        if self.seeds is not None and self.seeds.seed == self.seed:
            return self.seeds.generator(key, self.chunk_index)
        return chunk_generator(self.seed, key, self.chunk_index)

    def row_numbers(self) -> np.ndarray:
        """Zero-based index of each row of the chunk within the whole dataset."""
        return np.arange(self.start, self.start + self.size, dtype=np.int64)

    def values(self, name: str) -> Any:
        """The full-chunk values of a column generated earlier (see ColumnType.dependencies)."""
        return self.columns[name]

    def shared(self, key: str, build: Callable[[ChunkContext], Any]) -> Any:
        """A value built once per chunk and shared by columns (e.g. the row's person)."""
        if key not in self._shared:
            self._shared[key] = build(self)
        return self._shared[key]


class ColumnType:
    """Base class of every column type.

    Subclasses set `name`, `description`, `group`, `kind` and `params`, and implement
    `generate`, which returns `ctx.size` values for one chunk of rows: an Arrow string array for
    the "string" kind, else a numpy array (int64 for integer and time-of-day seconds, float64
    for number, bool, datetime64[D] for date, datetime64[s] for datetime).
    `check` adds rules across parameters (such as min <= max).

    The type is the one place that knows itself: whether it is a table's key or refers to
    another table, whether it can be correlated, which messy defects apply to it, its SQL and
    Frictionless types and constraints, what it adds to the answer key and its example columns.
    Writers, messy mode and the documents ask the type; none of them names a type.
    """

    name: ClassVar[str]
    description: ClassVar[str]
    group: ClassVar[str]
    kind: ClassVar[str] = "string"
    params: ClassVar[tuple[Param, ...]] = ()
    example_params: ClassVar[Mapping[str, Any]] = {}
    entity: ClassVar[str] = ""  # "person" or "place": columns read off a row's shared entity, which may take a role
    key: ClassVar[bool] = False  # the table's primary key: unique, one per row
    correlatable: ClassVar[bool] = True  # False when the values are made from something else
    kept_relations: ClassVar[frozenset[str]] = frozenset({"present_when"})  # relations a column that is not correlatable still takes
    text_defects: ClassVar[bool] = True  # typos and casing make sense (not in codes or addresses)
    number_defects: ClassVar[bool] = True  # outliers and number formats make sense (not in keys)
    missing_from_inputs: ClassVar[bool] = False  # missing wherever a column it is made from is (an expression over the row)
    reading: ClassVar[bool] = False  # a measurement of a series: empty when the series' reading drops out
    source: ClassVar[str] = ""  # where a vocabulary's values come from, stated in the data dictionary
    calendar_years: ClassVar[bool] = False  # its values are calendar years, which compare with a date by its year
    ordered: ClassVar[bool] = False  # its words have an order (a job title's seniority) a number can follow: see ordinal
    value_unit: ClassVar[str] = ""  # the unit every value of the type is in ('%'), when a column states none

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

    def ordinal(self, params: Mapping[str, Any], values: Any) -> np.ndarray:
        """For an `ordered` type, a number per value in its order, which a number column correlated
        with this one follows."""
        raise NotImplementedError(f"{self.name} values have no order")

    def may_be_missing(self, params: Mapping[str, Any]) -> bool:
        """Whether some values cannot be made and are left empty even at a null rate of 0."""
        return False

    def decimals(self, params: Mapping[str, Any]) -> int | None:
        """Decimals to print for a number column; None for other kinds."""
        return params.get("decimals") if self.value_kind(params) == "number" else None

    def generate(self, params: Mapping[str, Any], ctx: ChunkContext, rng: np.random.Generator) -> np.ndarray | pa.Array:
        raise NotImplementedError

    def describe_values(self, params: Mapping[str, Any], unit: str = "") -> str:
        """The column's range, values, weights or true rate in words ("" when the type decides)."""
        p, unit = params, f" {unit}" if unit else ""
        if "values" in p:
            return weighted_text(p["values"], p.get("weights"))
        if "true_rate" in p:
            return f"true in {percent_text(p['true_rate'])} of rows, else false"
        if "min" in p and "max" in p:
            text = f"{number_text(p['min'])} to {number_text(p['max'])}{unit}"
            return text + (f", {p['decimals']} decimals" if "decimals" in p else "")
        if "step" in p:
            return f"{number_text(p['start'])}, {number_text(p['start'] + p['step'])}, {number_text(p['start'] + 2 * p['step'])}, … (unique)"
        if "start" in p and "end" in p:
            return f"{p['start']} to {p['end']}"
        if "pattern" in p:
            return f"pattern {p['pattern']} (# a digit, ? a letter, * either)"
        return ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in p.items() if value is not None)

    def describe_generation(self, params: Mapping[str, Any], locale: str) -> str:
        """How the values are made, in one sentence, and where a vocabulary's values come from."""
        text = self._made(params, locale)
        source = self.vocabulary_source()
        return f"{text} Values from {source}." if source else text

    def vocabulary_source(self) -> str:
        """Where the values come from (a data file, a package, a public list), or ""."""
        return self.source

    def _made(self, params: Mapping[str, Any], locale: str) -> str:
        p = params
        if "distribution" in p:
            shape = [f"mean {number_text(p['mean'])}"] if p.get("mean") is not None else []
            shape += [f"standard deviation {number_text(p['std'])}"] if p.get("std") is not None else []
            extra = f" ({', '.join(shape)})" if shape else ""
            return f"Random draws from a {p['distribution']} distribution{extra}, kept between min and max."
        if "values" in p:
            return "Random pick from the values" + (", with the weights shown." if p.get("weights") else ", each equally likely.")
        if "true_rate" in p:
            return "Random true/false with the given chance of true."
        if "step" in p:
            return "A sequence numbering the rows."
        if ("min" in p and "max" in p) or ("start" in p and "end" in p):
            return "Random values within the range."
        if self.kind == "string":
            return f"Drawn by the {self.name} type from realistic {locale} values."
        return f"Made by the {self.name} type."

    def numeric(self, params: Mapping[str, Any]) -> bool:
        """Whether the column holds numbers (integers or decimals)."""
        return self.value_kind(params) in NUMERIC_KINDS

    def entity_values(self, params: Mapping[str, Any], ctx: ChunkContext, rng: np.random.Generator, count: int) -> np.ndarray | pa.Array | None:
        """`count` different values for a series' entities, when the type knows which a learner
        expects (the best-known cities); None: the series draws them like any rows."""
        return None

    def foreign_table(self, params: Mapping[str, Any]) -> str | None:
        """The table of a multi-table dataset whose key this column holds, or None."""
        return None

    def messy_defects(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        """The messy-mode defects (generator.writers.messy.KNOBS) that apply, in the order drawn."""
        kind, defects = self.value_kind(params), ["missing", "missing_dependent"]
        if kind == "string" and self.text_defects:
            defects.extend(TEXT_DEFECTS)
        if kind == "date":
            defects.append("date_formats")
        if self.numeric(params) and self.number_defects:
            defects.extend(NUMBER_DEFECTS)
        if self.reading:
            defects.extend(READING_DEFECTS)
        return tuple(defects)

    def sql_type(self, params: Mapping[str, Any], dialect: str) -> str:
        """The column's SQL type in `dialect` (sqlite or postgresql)."""
        return _SQL_TYPES[dialect][self.value_kind(params)]

    def frictionless_type(self, params: Mapping[str, Any]) -> str:
        """The Frictionless Table Schema field type (the value kinds share its names)."""
        return self.value_kind(params)

    def frictionless_constraints(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """Constraints of the Table Schema field beyond `required`: a numeric range by default."""
        if self.numeric(params) and "min" in params and "max" in params:
            return {"minimum": params["min"], "maximum": params["max"]}
        return {}

    def answer_key(self, name: str, params: Mapping[str, Any]) -> tuple[str, dict[str, Any]] | None:
        """(section, entry) this column adds to the answer key of planted structure, or None."""
        return None

    def planted(self, name: str, params: Mapping[str, Any], layout: Any, rows: int) -> list[dict[str, Any]]:
        """Events planted in this column of a series (`layout`: generator.series_plan.SeriesPlan)
        within its first `rows` rows, for the answer key: [{"kind", "period", "entity", "size"}]."""
        return []

    def example_columns(self) -> list[dict[str, Any]]:
        """Schema columns that show this type on the /types page: itself with example_params."""
        return [{"name": self.name, "type": self.name, **self.example_params}]

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

    def get(self, name: object) -> ColumnType | None:
        return self._types.get(name) if isinstance(name, str) else None

    def __getitem__(self, name: str) -> ColumnType:
        """The type of a name known to be registered (a validated column's); KeyError otherwise."""
        return self._types[name]

    def names(self) -> list[str]:
        return list(self._types)

    def __iter__(self):
        return iter(self._types.values())

    def __len__(self) -> int:
        return len(self._types)
