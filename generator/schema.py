"""DatasetSchema and Column: the versioned JSON schema, its validation and canonical id.

A schema from a user or a model is untrusted: `DatasetSchema.from_dict` accepts only registered
types, known keys and in-range parameters, and raises `SchemaError` listing every problem with
the column it belongs to. A valid schema is normalised: every parameter is present, defaults
filled in, so the JSON alone decides the data.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, cast

from django.utils.text import slugify

from generator import relations as rel
from generator import series as series_key
from generator.column_types import NUMERIC_KINDS, ColumnType
from generator.params import ParamError
from generator.registry import registry
from generator.textcheck import json_problem, text_problem

SCHEMA_VERSION = 1
MAX_COLUMNS = 200
MAX_TITLE = 200
MAX_COLUMN_TEXT = 300
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}\Z")  # \Z: "$" would let a final newline through
COMMON_KEYS = ("name", "type", "null_rate", "description", "unit", "correlate_with", "correlation")
LOCALES = ("en_US", "en_GB", "en_CA", "en_AU", "en_IN", "de_DE", "fr_FR", "es_ES", "es_MX", "it_IT", "nl_NL", "pt_BR", "pt_PT", "pl_PL", "sv_SE", "ja_JP",
           "ko_KR", "de_CH", "fr_CH", "de_AT", "es_AR", "es_CO", "es_CL", "da_DK", "fi_FI", "cs_CZ")
DEFAULT_LOCALE = "en_US"
LOCALE_NAMES = {
    "en_US": "English (United States)",
    "en_GB": "English (United Kingdom)",
    "en_CA": "English (Canada)",
    "en_AU": "English (Australia)",
    "en_IN": "English (India)",
    "de_DE": "German (Germany)",
    "fr_FR": "French (France)",
    "es_ES": "Spanish (Spain)",
    "es_MX": "Spanish (Mexico)",
    "it_IT": "Italian (Italy)",
    "nl_NL": "Dutch (Netherlands)",
    "pt_BR": "Portuguese (Brazil)",
    "pt_PT": "Portuguese (Portugal)",
    "pl_PL": "Polish (Poland)",
    "sv_SE": "Swedish (Sweden)",
    "ja_JP": "Japanese (Japan)",
    "ko_KR": "Korean (South Korea)",
    "de_CH": "German (Switzerland)",
    "fr_CH": "French (Switzerland)",
    "de_AT": "German (Austria)",
    "es_AR": "Spanish (Argentina)",
    "es_CO": "Spanish (Colombia)",
    "es_CL": "Spanish (Chile)",
    "da_DK": "Danish (Denmark)",
    "fi_FI": "Finnish (Finland)",
    "cs_CZ": "Czech (Czechia)",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a schema: where it is (table, column, field) and what, in words.

    `place` is where, as the text says it ("column 2 'age'", "table 1 'orders': column 2 'age'",
    "title"); `str(problem)` is "place: message". `index` is the column's position, from 1.
    """

    message: str
    field: str = ""
    column: str = ""
    index: int | None = None
    table: str = ""
    place: str = ""

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message

    def as_dict(self) -> dict[str, Any]:
        return {"table": self.table, "column": self.column, "field": self.field, "message": self.message, "text": str(self)}


class SchemaError(ValueError):
    """A schema that cannot be used. `problems` names the table, column and field of each;
    `errors` is the same as text, one line per problem."""

    def __init__(self, problems: Sequence[Problem | str]):
        self.problems = [problem if isinstance(problem, Problem) else Problem(problem) for problem in problems]
        self.errors = [str(problem) for problem in self.problems]
        super().__init__("; ".join(self.errors))


def header_problem(field: str, message: str) -> Problem:
    """A problem with the schema as a whole or one of its header keys (title, version, locale, …)."""
    return Problem(message, field="" if field == "schema" else field, place=field)


@dataclass(frozen=True)
class ColumnPlace:
    """Where a column is, for its problems: `place("min must be …", "min")`."""

    index: int
    name: str = ""

    def __call__(self, message: str, field: str = "") -> Problem:
        place = f"column {self.index} '{self.name}'" if self.name else f"column {self.index}"
        return Problem(message, field=field, column=self.name, index=self.index, place=place)


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    params: Mapping[str, Any] = field(default_factory=dict)
    null_rate: float = 0.0
    description: str = ""
    unit: str = ""
    correlate_with: str = ""
    correlation: float = 0.0
    relations: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "type": self.type, **self.params, "null_rate": self.null_rate}
        if self.description:
            data["description"] = self.description
        if self.unit:
            data["unit"] = self.unit
        if self.correlate_with:
            data["correlate_with"], data["correlation"] = self.correlate_with, self.correlation
        data.update(self.relations)
        return data

    @property
    def column_type(self) -> ColumnType:
        return registry()[self.type]

    @property
    def kind(self) -> str:
        return self.column_type.value_kind(self.params)

    def dependencies(self) -> list[str]:
        found = self.column_type.dependencies(self.params)
        found = [*found, self.correlate_with] if self.correlate_with else found
        return [*found, *(name for name in rel.references(self.relations) if name not in found)]


class SchemaJson:
    """What both schema forms share: the JSON header, canonical JSON and the id hashed from it."""

    title: str
    locale: str
    version: int

    def to_dict(self) -> dict[str, Any]:
        raise NotImplementedError

    def header(self) -> dict[str, Any]:
        data: dict[str, Any] = {"version": self.version, "title": self.title}
        if self.locale != DEFAULT_LOCALE:
            data["locale"] = self.locale
        return data

    def canonical_json(self) -> str:
        return canonical_json(self.to_dict())

    def slug(self, separator: str = "-", limit: int = 60) -> str:
        """The title as lowercase ASCII words joined by `separator`: for file, package and table names."""
        return slugify(self.title).replace("-", separator)[:limit].strip(separator) or "dataset"

    @property
    def schema_id(self) -> str:
        return schema_id_of(self.to_dict())


@dataclass(frozen=True)
class DatasetSchema(SchemaJson):
    title: str
    columns: tuple[Column, ...]
    locale: str = DEFAULT_LOCALE
    version: int = SCHEMA_VERSION
    series: Mapping[str, Any] | None = None  # the table is a series (generator.series)

    @classmethod
    def from_dict(cls, data: Any, *, allow_references: bool = False) -> DatasetSchema:
        """Validate untrusted JSON data and return a normalised schema, or raise SchemaError.

        `reference` columns are only allowed in a table of a multi-table schema (generator.tables).
        """
        if not isinstance(data, Mapping):
            raise SchemaError([header_problem("schema", "must be a JSON object with 'title' and 'columns'")])
        errors: list[Problem] = []
        title, locale = clean_header(data, "columns", errors, extra=("series",))
        columns = _clean_columns(data.get("columns"), errors)
        if not allow_references:
            errors.extend(
                ColumnPlace(i, c.name)("a reference column belongs in a table of a multi-table schema (one with \"tables\")", "type")
                for i, c in enumerate(columns, start=1) if c.column_type.foreign_table(c.params)
            )
        if not errors:
            columns = _resolve_references(columns, errors)
        spec = None
        if not errors:
            spec, problems = series_key.clean(data.get("series"), columns)
            errors.extend(header_problem("series", problem) for problem in problems)
        if errors:
            raise SchemaError(errors)
        return cls(title=title, columns=tuple(columns), locale=locale, series=MappingProxyType(spec) if spec else None)

    def to_dict(self) -> dict[str, Any]:
        data = {**self.header(), "columns": [column.to_dict() for column in self.columns]}
        if self.series:
            data["series"] = dict(self.series)
        return data

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    def generation_order(self) -> list[Column]:
        """Columns ordered so each comes after the columns it is made from."""
        return [self.column(name) for name in _topological([c for c in self.columns])]

    def with_locale(self, locale: str) -> DatasetSchema:
        return DatasetSchema.from_dict({**self.to_dict(), "locale": locale})


def canonical_json(data: Mapping) -> str:
    """JSON with sorted keys and fixed separators: equal schemas give equal text."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def schema_id_of(data: Mapping) -> str:
    """Hash of the canonical JSON: equal schemas get equal ids."""
    return hashlib.sha256(canonical_json(data).encode()).hexdigest()[:16]


def clean_header(data: Mapping, body: str, errors: list[Problem], extra: tuple[str, ...] = ()) -> tuple[str, str]:
    """Check the keys, version, title and locale of a schema whose `body` is columns or tables
    (and the `extra` keys it may have)."""
    unknown = sorted(set(data) - {"version", "title", body, "locale", *extra})
    if unknown:
        errors.append(header_problem("schema", f"unknown keys {', '.join(map(repr, unknown))}; allowed: {', '.join(('version', 'title', body, 'locale', *extra))}"))
    if data.get("version", SCHEMA_VERSION) != SCHEMA_VERSION:
        errors.append(header_problem("version", f"must be {SCHEMA_VERSION}, got {data.get('version')!r}"))
    title = data.get("title", "dataset")
    if not isinstance(title, str) or not title.strip() or len(title) > MAX_TITLE:
        errors.append(header_problem("title", f"must be one line of text of at most {MAX_TITLE} characters"))
        title = "dataset"
    elif found := text_problem(title):
        errors.append(header_problem("title", f"must be one line of text: it {found}"))
        title = "dataset"
    for key in extra:
        if found := json_problem(data.get(key), line_breaks=True):
            errors.append(header_problem(key, found))
    locale = data.get("locale", DEFAULT_LOCALE)
    if locale not in LOCALES:
        errors.append(header_problem("locale", f"must be one of {', '.join(LOCALES)}; got {locale!r}"))
    return title.strip(), locale


def _clean_columns(raw: Any, errors: list[Problem]) -> list[Column]:
    if not isinstance(raw, list) or not raw:
        errors.append(header_problem("columns", "must be a non-empty list of column objects"))
        return []
    if len(raw) > MAX_COLUMNS:
        errors.append(header_problem("columns", f"at most {MAX_COLUMNS} columns are allowed, got {len(raw)}"))
        return []
    columns, seen = [], set()
    for index, item in enumerate(raw, start=1):
        column = _clean_column(index, item, errors)
        if column is None:
            continue
        if column.name in seen:
            errors.append(ColumnPlace(index, column.name)("the name is used by an earlier column", "name"))
            continue
        seen.add(column.name)
        columns.append(column)
    return columns


def _place(index: int, item: Mapping) -> ColumnPlace:
    name = item.get("name")
    return ColumnPlace(index, name if isinstance(name, str) and len(name) <= 64 else "")


def _field_in(message: str, column_type: ColumnType) -> str:
    """The parameter a type's own message is about: its first word, when that names one."""
    word = message.split(" ", 1)[0]
    return word if column_type.param(word) is not None or word in COMMON_KEYS or word in rel.RELATION_KEYS else ""


def _clean_column(index: int, item: Any, errors: list[Problem]) -> Column | None:
    if not isinstance(item, Mapping):
        errors.append(ColumnPlace(index)("must be an object with 'name' and 'type'"))
        return None
    # Line breaks are text like any other in values and descriptions (quoted in every format); names are checked by NAME_RE.
    unsafe = [(str(key)[:40], found) for key, value in item.items() if (found := text_problem(str(key)) or json_problem(value, line_breaks=True))]
    if unsafe:
        key, found = unsafe[0]
        name = item.get("name")
        place = ColumnPlace(index) if not isinstance(name, str) or text_problem(name) else _place(index, item)  # never echo the character
        errors.append(place(f"{key if not text_problem(key) else 'a key'} {found}", key if not text_problem(key) else ""))
        return None
    label, before = _place(index, item), len(errors)
    name = item.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name) or name.startswith("_"):
        errors.append(label("name must be snake_case: a lowercase letter, then letters, digits or _ (at most 63)", "name"))
    column_type = registry().get(item.get("type"))
    if column_type is None:
        shown = item.get("type") if isinstance(item.get("type"), str) else type(item.get("type")).__name__
        errors.append(label(f"unknown type {str(shown)[:40]!r}; see /types for the allowed types", "type"))
        return None
    allowed = set(COMMON_KEYS) | set(rel.RELATION_KEYS) | {p.name for p in column_type.params}
    unknown = sorted(str(key)[:40] for key in item if key not in allowed)
    if unknown:
        errors.append(label(f"unknown keys {', '.join(map(repr, unknown))} for type {column_type.name}; allowed: {', '.join(sorted(allowed))}"))
    params = {}
    for param in column_type.params:
        if param.name not in item or item[param.name] is None:
            if param.required:
                errors.append(label(f"{param.name} is required for type {column_type.name}", param.name))
            elif param.default is not None:
                params[param.name] = param.default
            continue
        try:
            params[param.name] = param.clean(item[param.name])
        except ParamError as exc:
            errors.append(label(f"{param.name} {exc}", param.name))
    null_rate = _clean_null_rate(label, item.get("null_rate", 0.0), errors)
    texts = {key: item.get(key, "") for key in ("description", "unit")}
    for key, value in texts.items():
        if not isinstance(value, str) or len(value) > MAX_COLUMN_TEXT:
            errors.append(label(f"{key} must be a string of at most {MAX_COLUMN_TEXT} characters", key))
    correlate_with, correlation = _clean_correlation(label, item, column_type, params if len(errors) == before else None, errors)
    relations = rel.clean(label, item, column_type, errors)
    if len(errors) == before:
        errors.extend(label(message, _field_in(message, column_type)) for message in column_type.check(params))
    if len(errors) != before:
        return None
    return Column(cast(str, name), column_type.name, params, null_rate, texts["description"].strip(), texts["unit"].strip(), correlate_with, correlation, MappingProxyType(relations))


def _clean_correlation(label: ColumnPlace, item: Mapping, column_type: ColumnType, params: dict | None, errors: list[Problem]) -> tuple[str, float]:
    other, r = item.get("correlate_with"), item.get("correlation")
    if other is None and r is None:
        return "", 0.0
    if not isinstance(other, str) or isinstance(r, bool) or not isinstance(r, (int, float)) or not -0.99 <= r <= 0.99:
        errors.append(label("correlate_with needs a column name and correlation a number from -0.99 to 0.99", "correlate_with"))
        return "", 0.0
    if not column_type.correlatable:
        errors.append(label(f"a {column_type.name} column cannot be correlated; correlate the columns it is made from", "correlate_with"))
    elif params is not None and not column_type.numeric(params):
        errors.append(label(f"only number columns can be correlated, and this one holds {column_type.value_kind(params)} values", "correlate_with"))
    return other, float(r)


def _resolve_references(columns: list[Column], errors: list[Problem]) -> list[Column]:
    """Check references between columns (unknown names, cycles, kinds) in generation order."""
    by_name = {column.name: column for column in columns}
    labels = {column.name: ColumnPlace(index, column.name) for index, column in enumerate(columns, start=1)}
    for column in columns:
        for other in column.dependencies():
            if other not in by_name or other == column.name:
                errors.append(labels[column.name](f"refers to {'itself' if other == column.name else f'an unknown column {other!r}'}; it can use: {', '.join(n for n in by_name if n != column.name)}"))
    if errors:
        return columns
    try:
        order = _topological(columns)
    except ValueError as exc:
        errors.append(header_problem("columns", str(exc)))
        return columns
    done: dict[str, Column] = {}
    for name in order:
        column = by_name[name]
        params = dict(column.params)
        # Generation order puts every column this one refers to before it, so `done` has them.
        problems = column.column_type.resolve(params, done)
        if column.relations and not problems:
            problems = rel.resolve(column.kind, column.relations, done, lambda override, c=column, p=params: _case_problems(c, p, override), years=column.column_type.calendar_years)
        errors.extend(labels[name](problem, _field_in(problem, column.column_type)) for problem in problems)
        if column.correlate_with and (column.correlate_with not in done or not _orderable(done[column.correlate_with])):
            errors.append(labels[name]("correlate_with must name a number or date column, or one whose words have an order (a job_title's seniority)", "correlate_with"))
        by_name[name] = column = dataclasses.replace(column, params=MappingProxyType(params))
        done[name] = column
    return [by_name[column.name] for column in columns]


def _orderable(column: Column) -> bool:
    return column.kind in NUMERIC_KINDS + ("date", "datetime") or column.column_type.ordered


def _case_problems(column: Column, params: Mapping[str, Any], override: dict[str, Any]) -> list[str]:
    """Clean a case's parameters in place; its problems, if any."""
    column_type, problems = column.column_type, []
    for key, value in list(override.items()):
        param = column_type.param(key)
        assert param is not None, key  # relations.clean keeps only this type's parameter names
        try:
            override[key] = param.clean(value)
        except ParamError as exc:
            problems.append(f"{key} {exc}")
    return problems or column_type.check(rel.merge_case(params, override))


def _topological(columns: list[Column]) -> list[str]:
    deps = {column.name: column.dependencies() for column in columns}
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            raise ValueError("columns refer to each other in a circle: " + " → ".join(path[path.index(name):] + [name]))
        state[name] = 1
        for other in deps.get(name, []):
            visit(other, path + [name])
        state[name] = 2
        order.append(name)

    for column in columns:
        visit(column.name, [])
    return order


def _clean_null_rate(label: ColumnPlace, value: Any, errors: list[Problem]) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        errors.append(label(f"null_rate must be a number from 0 to 1, got {value!r}", "null_rate"))
        return 0.0
    return float(value)
