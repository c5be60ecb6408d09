"""Multi-table datasets: several tables whose keys join.

    {"version": 1, "title": "Shop", "tables": [
      {"name": "customers", "columns": [{"name": "customer_id", "type": "id"}, ...]},
      {"name": "orders", "rows_ratio": 3, "columns": [
        {"name": "order_id", "type": "id"},
        {"name": "customer_id", "type": "reference", "table": "customers"}, ...]}]}

A `reference` column holds the id of a row of another table of the dataset (its first `id`
column), so every foreign key resolves. Fan-out is realistic by default: each parent row gets a
random popularity, so some customers have many orders and some none. A table has
`rows_ratio` × the requested rows, or `rows` whatever the request (a counted thing: "our 12
laundromats") (the first table is usually 1; a series table, whose rows
are entities × periods, may have up to a million per row of its parent: a `daily_sales` series of
20 stores over a year beside a `stores` table of 20 rows has rows_ratio 365). Each table's rows
come from its own seed, derived from the dataset's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.column_types import TableInfo
from generator.schema import DEFAULT_LOCALE, NAME_RE, SCHEMA_VERSION, DatasetSchema, Problem, SchemaError, SchemaJson, clean_header, header_problem
from generator.seeds import MAX_SEED, stable_hash

MAX_TABLES = 10
MAX_RATIO = 100
MAX_SERIES_RATIO = 1_000_000  # a series has many rows (periods) per row of its parent
MAX_FIXED_ROWS = 100_000  # a table of a fixed number of rows (the things a description counts)


@dataclass(frozen=True)
class Table:
    name: str
    schema: DatasetSchema
    rows_ratio: float = 1.0
    rows: int | None = None  # a fixed number of rows whatever the request ('our 12 laundromats')

    def to_dict(self) -> dict[str, Any]:
        data = {"name": self.name, **self.schema.to_dict()}
        data.pop("version", None)
        data.pop("locale", None)
        if self.rows_ratio != 1.0:
            data["rows_ratio"] = self.rows_ratio
        if self.rows is not None:
            data["rows"] = self.rows
        return data

    def references(self) -> list[tuple[str, str]]:
        """(column, parent table) for each reference column."""
        found = ((c.name, c.column_type.foreign_table(c.params)) for c in self.schema.columns)
        return [(name, parent) for name, parent in found if parent]

    def key(self) -> str | None:
        return next((c.name for c in self.schema.columns if c.column_type.key), None)


@dataclass(frozen=True)
class MultiTableSchema(SchemaJson):
    title: str
    tables: tuple[Table, ...]
    locale: str = DEFAULT_LOCALE
    version: int = SCHEMA_VERSION

    @classmethod
    def from_dict(cls, data: Any) -> MultiTableSchema:
        """Validate untrusted JSON with a "tables" list; raise SchemaError naming table and column."""
        if not isinstance(data, Mapping) or not isinstance(data.get("tables"), list) or not 1 <= len(data["tables"]) <= MAX_TABLES:
            raise SchemaError([header_problem("tables", f"must be a list of 1 to {MAX_TABLES} tables")])
        errors: list[Problem] = []
        title, locale = clean_header(data, "tables", errors)
        tables = [t for t in (_table(i, item, locale, errors) for i, item in enumerate(data["tables"], start=1)) if t]
        if not errors:
            _check_relations(tables, errors)
        if errors:
            raise SchemaError(errors)
        return cls(title, tuple(_ordered(tables)), locale)

    def to_dict(self) -> dict[str, Any]:
        return {**self.header(), "tables": [table.to_dict() for table in self.tables]}

    def with_locale(self, locale: str) -> MultiTableSchema:
        return MultiTableSchema.from_dict({**self.to_dict(), "locale": locale})

    def table(self, name: str) -> Table | None:
        return next((table for table in self.tables if table.name == name), None)

    def row_counts(self, rows: int) -> dict[str, int]:
        return {table.name: table.rows if table.rows is not None else max(1, round(rows * table.rows_ratio)) for table in self.tables}

    def table_infos(self, rows: int, seed: int) -> dict[str, TableInfo]:
        counts, infos = self.row_counts(rows), {}
        for table in self.tables:
            key_name = table.key()
            key = table.schema.column(key_name) if key_name else None
            start, step = (key.params["start"], key.params["step"]) if key else (1, 1)
            dates = tuple((c.name, c.params["start"], c.params["end"]) for c in table.schema.columns if c.params.get("keyed") == "yes")
            infos[table.name] = TableInfo(counts[table.name], start, step, table_seed(seed, table.name), dates)
        return infos


def table_seed(seed: int, table: str) -> int:
    return stable_hash(f"table:{seed}:{table}") % (MAX_SEED + 1)


def schema_from_dict(data: Any) -> DatasetSchema | MultiTableSchema:
    """One table or several: the schema JSON's two forms."""
    if isinstance(data, Mapping) and "tables" in data:
        return MultiTableSchema.from_dict(data)
    return DatasetSchema.from_dict(data)


def _table(index: int, item: Any, locale: str, errors: list[Problem]) -> Table | None:
    if not isinstance(item, Mapping) or not isinstance(item.get("name"), str) or not NAME_RE.match(item["name"]):
        errors.append(Problem("must be an object with a snake_case name and columns", place=f"table {index}"))
        return None
    name, ratio = item["name"], item.get("rows_ratio", 1.0)
    most = MAX_SERIES_RATIO if item.get("series") else MAX_RATIO
    if isinstance(ratio, bool) or not isinstance(ratio, (int, float)) or not 0.001 <= ratio <= most:
        errors.append(Problem(f"rows_ratio must be a number from 0.001 to {most:,}", field="rows_ratio", table=name, place=f"table {index} '{name}'"))
        return None
    fixed = item.get("rows")
    if fixed is not None and (isinstance(fixed, bool) or not isinstance(fixed, int) or not 1 <= fixed <= MAX_FIXED_ROWS or "rows_ratio" in item or item.get("series")):
        errors.append(Problem(f"rows must be a whole number from 1 to {MAX_FIXED_ROWS:,}, without rows_ratio, in a table that is no series", field="rows", table=name, place=f"table {index} '{name}'"))
        return None
    body = {k: v for k, v in item.items() if k not in ("name", "rows_ratio", "rows")}
    try:
        schema = DatasetSchema.from_dict({"title": name.replace("_", " ").title(), **body, "locale": locale}, allow_references=True)
    except SchemaError as exc:
        place = f"table {index} '{name}'"
        errors.extend(dataclasses.replace(p, table=name, place=f"{place}: {p.place}" if p.place else place) for p in exc.problems)
        return None
    return Table(name, schema, float(ratio), fixed)


def _reference_problem(message: str, table: str, column: str) -> Problem:
    return Problem(message, field="table", column=column, table=table, place=f"table '{table}' column '{column}'")


def _check_relations(tables: list[Table], errors: list[Problem]) -> None:
    names = [t.name for t in tables]
    if len(set(names)) != len(names):
        errors.append(header_problem("tables", "each table needs its own name"))
        return
    by_name = {t.name: t for t in tables}
    for table in tables:
        for column, parent in table.references():
            if parent not in by_name or parent == table.name:
                errors.append(_reference_problem(f"refers to {'its own table' if parent == table.name else f'an unknown table {parent!r}'}; tables: {', '.join(names)}", table.name, column))
            elif by_name[parent].key() is None:
                errors.append(_reference_problem(f"the table '{parent}' has no id column to refer to", table.name, column))
            errors.extend(_parent_date_problems(table, by_name))
    if not errors:
        try:
            _ordered(tables)
        except ValueError as exc:
            errors.append(header_problem("tables", str(exc)))


def _parent_date_problems(table: Table, by_name: Mapping[str, Table]) -> list[Problem]:
    """A date after its parent row's date ('customer_id.signup_date') names a reference column of
    its table and a keyed date or datetime of the table it refers to."""
    problems = []
    for column in table.schema.columns:
        after = column.params.get("after")
        if not isinstance(after, str) or "." not in after:
            continue
        key, parent_column = after.split(".", 1)
        referred = table.schema.column(key)
        parent = by_name.get(referred.column_type.foreign_table(referred.params) or "")  # the type checked that key is a reference
        found = next((c for c in parent.schema.columns if c.name == parent_column), None) if parent is not None else None
        if found is None or found.kind not in ("date", "datetime") or found.params.get("keyed") != "yes":
            problems.append(Problem(f"after {after!r} must name a date or datetime of the table {key} refers to, with keyed yes",
                                    field="after", column=column.name, table=table.name, place=f"table '{table.name}' column '{column.name}'"))
    return problems


def _ordered(tables: list[Table]) -> list[Table]:
    """Parents before children (the order tables are created and filled in)."""
    done: list[Table] = []
    waiting = list(tables)
    while waiting:
        ready = [t for t in waiting if all(parent in {d.name for d in done} for _, parent in t.references())]
        if not ready:
            raise ValueError("tables refer to each other in a circle: " + ", ".join(t.name for t in waiting))
        done.extend(ready)
        waiting = [t for t in waiting if t not in ready]
    return done
