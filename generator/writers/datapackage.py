"""A Frictionless data package descriptor (datapackage.json) for a generated CSV, so tools that
read data packages know each column's type, meaning and constraints, and an answer key for the
planted targets.

Student-safe by default: without `answers=True` a descriptor holds no planted effects (no target
drivers or notes, no schema with them); the instructor's bundle asks for the answers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from generator.schema import Column, DatasetSchema
from synthsite import __version__


def resource_build(*, schema: DatasetSchema, name: str, path: str, foreign_keys: Sequence[tuple[str, str, str]] = (), answers: bool = False) -> dict[str, Any]:
    """One CSV resource with its Table Schema; foreign keys are (column, parent resource, parent column)."""
    table_schema: dict[str, Any] = {"fields": [_field(column, never_missing(schema, column), answers) for column in schema.columns], "missingValues": [""]}
    keys = [column.name for column in schema.columns if column.column_type.key]
    if keys:
        table_schema["primaryKey"] = keys[:1]
    if foreign_keys:
        table_schema["foreignKeys"] = [{"fields": c, "reference": {"resource": t, "fields": k}} for c, t, k in foreign_keys]
    return {"name": name, "path": path, "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": table_schema}


def datapackage_build(*, schema: DatasetSchema, rows: int, seed: int, description: str = "", path: str = "data.csv", answers: bool = False) -> dict[str, Any]:
    """The descriptor of one CSV resource."""
    resource = resource_build(schema=schema, name=schema.slug(), path=path, answers=answers)
    return package_build(schema=schema, resources=[resource], rows=rows, seed=seed, description=description, answers=answers)


def package_build(*, schema, resources: list[dict[str, Any]], rows: int, seed: int, description: str = "", answers: bool = False) -> dict[str, Any]:
    """The package; the full schema (which holds the planted effects) only with `answers`."""
    made_by = {"schema_id": schema.schema_id, "seed": seed, "rows": rows, "version": __version__}
    if answers:
        made_by["schema"] = schema.to_dict()
    return {
        "name": schema.slug(),
        "title": schema.title,
        "description": description or f"Synthetic data: {schema.title}",
        "profile": "tabular-data-package",
        "resources": resources,
        "synthsite": made_by,
    }


def never_missing(schema: DatasetSchema, column: Column) -> bool:
    """Whether every row has a value: no null rate, no presence condition, no reading that drops
    out of a series, and a type that can always make its value."""
    dropout = column.column_type.reading and bool((schema.series or {}).get("dropout"))
    return column.null_rate == 0 and "present_when" not in column.relations and not dropout and not column.column_type.may_be_missing(column.params)


def _field(column: Column, required: bool, answers: bool) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "type": column.column_type.frictionless_type(column.params)}
    if column.description and (answers or not is_planted(column)):
        field["description"] = column.description
    if column.kind == "datetime":
        field["format"] = "%Y-%m-%dT%H:%M:%S"
    constraints = _constraints(column, required)
    if constraints:
        field["constraints"] = constraints
    return field


def _constraints(column: Column, required: bool) -> dict[str, Any]:
    constraints: dict[str, Any] = {"required": True} if required else {}
    constraints.update(column.column_type.frictionless_constraints(column.params))
    if column.correlate_with:  # reordered values keep their range, but say nothing of order
        constraints.pop("minimum", None), constraints.pop("maximum", None)
    return constraints


def is_planted(column: Column) -> bool:
    """Whether the column is a planted target: its description and drivers are the answer."""
    planted = column.column_type.answer_key(column.name, column.params)
    return planted is not None and planted[0] == "targets"


def answer_key(schema: DatasetSchema) -> dict[str, Any]:
    """What was planted: each target's drivers and effects, and each derived column's formula."""
    sections: dict[str, list[dict[str, Any]]] = {"targets": [], "derived": []}
    for column in schema.columns:
        if planted := column.column_type.answer_key(column.name, column.params):
            sections[planted[0]].append(planted[1])
    correlated = [{"column": c.name, "with": c.correlate_with, "rank_correlation": c.correlation} for c in schema.columns if c.correlate_with]
    return {
        "schema_id": schema.schema_id,
        "effects_are": "log-odds per standard deviation of a numeric driver, or for the driver's value (binary and multiclass); target units per standard deviation or value (numeric)",
        **sections,
        "correlations": correlated,
    }


def has_answers(key: dict[str, Any]) -> bool:
    """Whether an answer key records anything planted (else no answer_key.json is packaged)."""
    return any(isinstance(entries, list) and entries for entries in key.values())
