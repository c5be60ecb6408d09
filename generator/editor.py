"""The schema editor on the preview page: a schema as flat form fields, and posted fields back to
schema JSON. All validation is DatasetSchema.from_dict's; this module only converts, and puts
each of its problems (which name their column and field) beside the row and input the user sees.

Fields of row i: col-i-name, col-i-type, col-i-was (the type the row was shown with),
col-i-null_rate, col-i-remove, col-i-p-<param>, and the column's other keys (description, unit,
correlate_with, correlation) kept as hidden col-i-<key> fields. new-name and new-type add a
column; `columns` is the number of rows shown. A parameter holding structured data (a target's
drivers) is edited as JSON text.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.column_types import ColumnType
from generator.params import Param
from generator.registry import registry
from generator.schema import MAX_COLUMNS, Problem, SchemaError

_INPUT_TYPES = {"int": "number", "number": "number", "date": "date", "datetime": "datetime-local", "time": "time"}
_LIST_KINDS = ("string_list", "number_list")
KEPT_KEYS = ("description", "unit", "correlate_with", "correlation", "relations")
RELATION_KEYS = ("at_least", "at_most", "gap", "differs_from", "role", "depends_on", "cases", "present_when", "distinct")


@dataclass(frozen=True)
class ParamInput:
    """One parameter's input in a column row."""

    name: str
    label: str
    input_type: str  # number, date, datetime-local, time, text or select
    value: str
    help: str
    choices: tuple[str, ...] = ()
    step: str = ""
    invalid: bool = False
    optional: bool = False  # no default: empty means "not used"
    overridden: str = ""  # why the value is unused (another parameter of the column decides it)
    rows: tuple[dict[str, str], ...] = ()  # a list of drivers, one row each (column, value, class, effect)


@dataclass(frozen=True)
class EditorRow:
    index: int
    name: str
    type: str
    null_rate: str
    description: str
    unit: str
    meaning: str
    params: tuple[ParamInput, ...]
    kept: tuple[tuple[str, str], ...] = ()  # the other column keys, carried as hidden fields
    errors: tuple[str, ...] = ()
    invalid: frozenset[str] = field(default_factory=frozenset)

    @property
    def prefix(self) -> str:
        """The start of this row's input names."""
        return f"col-{self.index}-"


def value_text(value: Any) -> str:
    """A parameter value as the text of its input."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return ", ".join(_quoted(value_text(item)) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _quoted(item: str) -> str:
    return '"' + item.replace('"', '""') + '"' if any(c in item for c in ',"') or item != item.strip() else item


def raw_from_schema(schema: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The columns of valid schema JSON as the text the editor shows."""
    raw = []
    for column in schema.get("columns", []):
        column_type = registry().get(column["type"])
        params = {p.name: value_text(column.get(p.name)) for p in column_type.params} if column_type else {}
        kept = {key: value_text(column.get(key)) for key in KEPT_KEYS}
        relations = {key: column[key] for key in RELATION_KEYS if key in column}
        kept["relations"] = json.dumps(relations, ensure_ascii=False) if relations else ""
        raw.append({"name": column["name"], "type": column["type"], "null_rate": value_text(column.get("null_rate", 0.0)), **kept, "params": params})
    return raw


def raw_from_post(data: Mapping[str, str]) -> list[dict[str, Any]]:
    """The columns the user kept and added, as posted text."""
    try:
        count = min(int(data.get("columns", "0")), MAX_COLUMNS)
    except ValueError:
        count = 0
    raw = [_posted_column(data, f"col-{i}-") for i in range(count) if not data.get(f"col-{i}-remove")]
    renames = {shown: column["name"] for i, column in enumerate(_posted_column(data, f"col-{i}-") for i in range(count))
               if (shown := _snake(data.get(f"col-{i}-named", ""))) and shown != column["name"]}
    if renames:
        raw = [_renamed(column, renames) for column in raw]
    new_name, new_type = data.get("new-name", "").strip(), data.get("new-type", "").strip()
    if new_name or new_type:
        params = {**_starting_params(registry().get(new_type)), **{key[6:]: value.strip() for key, value in data.items() if key.startswith("new-p-")}}
        raw.append({"name": _snake(new_name), "type": new_type, "null_rate": "", **dict.fromkeys(KEPT_KEYS, ""), "params": params})
    return raw


def _starting_params(column_type: ColumnType | None) -> dict[str, str]:
    """What a new column of this type starts with: the type's example for each parameter that has no
    default but is required (a category's values), so the first preview shows them and no error."""
    if column_type is None:
        return {}
    examples = column_type.example_params
    return {p.name: value_text(examples[p.name]) for p in column_type.params if p.required and p.default is None and p.name in examples}


def type_params() -> list[tuple[str, tuple[ParamInput, ...]]]:
    """Every type's parameter inputs with their starting values, for the page to show the moment a
    type is picked."""
    return [(t.name, tuple(_param_input(p, _starting_params(t), False) for p in t.params)) for t in registry()]


@functools.cache
def _overrides() -> dict[str, dict[str, Any]]:
    with (Path(__file__).parent / "data" / "editor.toml").open("rb") as handle:
        return tomllib.load(handle)["overrides"]


def _overridden(name: str, values: dict[str, str]) -> str:
    """Why parameter `name` is unused given the row's other values ("" when it is used)."""
    for deciding, rule in _overrides().items():
        if values.get(deciding, "").strip() and name in rule["unused"]:
            return str(rule["note"])
    return ""


def _renamed(column: dict[str, Any], renames: dict[str, str]) -> dict[str, Any]:
    """A column whose references follow the columns renamed on the page (`renames`: shown → new):
    relations, correlate_with, a date's `after`, a text's `…_column`, drivers and expressions."""
    def name(value: Any) -> Any:
        if isinstance(value, list):
            return [name(item) for item in value]
        return renames.get(value, value) if isinstance(value, str) else value

    kept = {key: name(column.get(key, "")) for key in ("correlate_with",)}
    relations = column.get("relations", "")
    if relations:
        found = _json_or_none(relations)
        if isinstance(found, dict):
            found = {key: ({**value, "column": name(value.get("column"))} if key == "present_when" and isinstance(value, dict) else value if key == "cases" else name(value)) for key, value in found.items()}
            relations = json.dumps(found, ensure_ascii=False)
    params = {}
    for key, text in column["params"].items():
        if key == "expression":
            text = re.sub(r"\b[a-z][a-z0-9_]*\b", lambda m: renames.get(m.group(0), m.group(0)), text)
        elif key == "drivers" and isinstance(drivers := _json_or_none(text), list):
            text = json.dumps([{**d, "column": name(d.get("column"))} if isinstance(d, dict) else d for d in drivers], ensure_ascii=False)
        elif key == "after" or key.endswith("_column") or key == "of":
            text = name(text)
        params[key] = text
    return {**column, **kept, "relations": relations, "params": params}


def _json_or_none(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


DRIVER_FIELDS = ("column", "value", "class", "effect")


def _with_driver_rows(data: Mapping[str, str], prefix: str) -> Mapping[str, str]:
    """The posted fields with driver rows ({prefix}p-<param>-<k>-column, -value, -class, -effect)
    joined into the parameter's JSON text; a row without a column is left out (the blank one to add)."""
    found: dict[str, dict[int, dict[str, str]]] = {}
    for key, text in data.items():
        match = re.fullmatch(re.escape(prefix) + r"p-([a-z_]+)-(\d{1,3})-(column|value|class|effect)", key)
        if match:
            found.setdefault(match[1], {}).setdefault(int(match[2]), {})[match[3]] = text.strip()
    if not found:
        return data
    joined = {key: data.get(key, "") for key in data}  # a QueryDict: each field's (last) value
    for param, rows in found.items():
        drivers = [_driver(row) for _, row in sorted(rows.items()) if row.get("column")]
        joined[f"{prefix}p-{param}"] = json.dumps(drivers, ensure_ascii=False) if drivers else ""
    return joined


def _driver(row: dict[str, str]) -> dict[str, Any]:
    driver: dict[str, Any] = {"column": _snake(row["column"])}
    driver.update({key: row[key] for key in ("value", "class") if row.get(key)})
    driver["effect"] = _number(row.get("effect", ""))
    return driver


def _driver_rows(text: str) -> tuple[dict[str, str], ...]:
    """A drivers parameter's JSON text as rows of inputs, plus a blank row to add one."""
    found = _json_or_none(text) if text else []
    drivers = [d for d in found if isinstance(d, dict)] if isinstance(found, list) else []
    rows = [{key: value_text(d.get(key)) for key in DRIVER_FIELDS} for d in drivers]
    return tuple([*rows, dict.fromkeys(DRIVER_FIELDS, "")])


def _posted_column(data: Mapping[str, str], prefix: str) -> dict[str, Any]:
    data = _with_driver_rows(data, prefix)
    type_name, was = data.get(prefix + "type", "").strip(), data.get(prefix + "was", "").strip()
    return {
        "name": _snake(data.get(prefix + "name", "")),
        "type": type_name,
        "null_rate": data.get(prefix + "null_rate", "").strip(),
        **{key: data.get(prefix + key, "").strip() for key in KEPT_KEYS},
        "params": _carried_params(data, prefix, registry().get(type_name), registry().get(was)),
    }


def _carried_params(data: Mapping[str, str], prefix: str, new: ColumnType | None, old: ColumnType | None) -> dict[str, str]:
    """The posted parameters that mean the same for the row's (possibly changed) type."""
    if new is None:
        return {}
    carried = {}
    for param in new.params:
        key = f"{prefix}p-{param.name}"
        if key not in data:
            continue
        before = old.param(param.name) if old is not None else None
        if old is new or (before is not None and _family(before.kind) == _family(param.kind)):
            carried[param.name] = data[key].strip()
    return carried


def _family(kind: str) -> str:
    return "number" if kind in ("int", "number") else kind


def _snake(name: str) -> str:
    """Forgive spaces, hyphens and capitals in a typed column name: "Monthly charges" → monthly_charges."""
    return re.sub(r"[\s\-]+", "_", name.strip()).lower()


def schema_from_raw(raw: list[dict[str, Any]], *, title: str, locale: str) -> dict[str, Any]:
    """Schema JSON for from_dict: typed values where the text reads as one, else the text itself,
    so from_dict's message names what is wrong."""
    columns = []
    for column in raw:
        item: dict[str, Any] = {"name": column["name"], "type": column["type"]}
        column_type = registry().get(column["type"])
        for param in column_type.params if column_type else ():
            text = column["params"].get(param.name, "")
            if text != "":
                item[param.name] = _typed(param, text)
        item["null_rate"] = _number(column["null_rate"]) if column["null_rate"] else 0.0
        for key in KEPT_KEYS:
            if column.get(key) and key == "relations":
                item.update(_relations(column[key]))
            elif column.get(key):
                item[key] = _number(column[key]) if key == "correlation" else column[key]
        columns.append(item)
    schema: dict[str, Any] = {"version": 1, "title": title or "dataset", "columns": columns}
    if locale:
        schema["locale"] = locale
    return schema


def _relations(text: str) -> dict[str, Any]:
    """A column's relations carried through the form as JSON (edited in the schema JSON box)."""
    found = json_parse(text)
    return {key: value for key, value in found.items() if key in RELATION_KEYS} if isinstance(found, dict) else {}


def _typed(param: Param, text: str) -> Any:
    if param.kind in ("int", "number"):
        return _number(text)
    if param.kind in _LIST_KINDS:
        items = [item.strip() for item in next(csv.reader([text], skipinitialspace=True), []) if item.strip()]
        return [_number(item) for item in items] if param.kind == "number_list" else items
    if param.kind not in ("date", "datetime", "time", "choice", "string"):
        try:  # structured parameters (a target's drivers) are JSON text
            return json.loads(text)
        except ValueError:
            return text
    return text


def _number(text: str) -> Any:
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return text


def json_parse(text: str) -> Any:
    """The advanced box's text as JSON, or SchemaError saying where it stops being JSON."""
    try:
        return json.loads(text)
    except ValueError as exc:
        detail = f"line {exc.lineno}, column {exc.colno}: {exc.msg}" if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise SchemaError([f"schema: not valid JSON ({detail})"]) from None


def split_problems(problems: list[Problem], count: int) -> tuple[dict[int, list[Problem]], list[str]]:
    """from_dict's problems by row (0-based), and the text of the ones about the whole schema."""
    by_row: dict[int, list[Problem]] = {}
    general = []
    for problem in problems:
        if problem.index is not None and not problem.table and 1 <= problem.index <= count:
            by_row.setdefault(problem.index - 1, []).append(problem)
        else:
            general.append(str(problem))
    return by_row, general


def editor_rows(raw: list[dict[str, Any]], problems: dict[int, list[Problem]] | None = None) -> list[EditorRow]:
    problems = problems or {}
    return [_row(index, column, problems.get(index, [])) for index, column in enumerate(raw)]


def _shown(problem: Problem, column: dict[str, Any]) -> str:
    return "choose a type for this column" if problem.field == "type" and not column["type"] else problem.message


def _row(index: int, column: dict[str, Any], problems: list[Problem]) -> EditorRow:
    column_type = registry().get(column["type"])
    invalid = frozenset(problem.field for problem in problems)
    params = tuple(_param_input(p, column["params"], p.name in invalid, _overridden(p.name, column["params"])) for p in column_type.params) if column_type else ()
    meaning = column["description"] or (column_type.description if column_type else "")
    return EditorRow(
        index=index,
        name=column["name"],
        type=column["type"],
        null_rate=column["null_rate"] or "0",
        description=column["description"],
        unit=column["unit"],
        meaning=meaning,
        params=params,
        kept=tuple((key, column.get(key, "")) for key in KEPT_KEYS),
        errors=tuple(_shown(problem, column) for problem in problems),
        invalid=invalid,
    )


def _param_input(param: Param, values: dict[str, str], invalid: bool, overridden: str = "") -> ParamInput:
    value = values[param.name] if param.name in values else value_text(param.default)
    input_type = "select" if param.kind == "choice" else _INPUT_TYPES.get(param.kind, "text")
    help_text = param.help + ("; comma-separated" if param.kind in _LIST_KINDS else "")
    choices = param.choices if param.default is not None or param.required else ("", *param.choices)
    if param.kind == "datetime" and len(value) == 16:
        value += ":00"
    step = {"int": "1", "number": "any", "datetime": "1", "time": "1"}.get(param.kind, "")
    label = param.name.replace("_", " ")
    optional = param.default is None and not param.required
    rows = _driver_rows(value) if param.kind == "drivers" and (value == "" or isinstance(_json_or_none(value), list)) else ()
    return ParamInput(param.name, label, "rows" if rows else input_type, value, help_text, choices, step, invalid, optional, overridden, rows)


def type_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The registry's types by group, for the type select."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for column_type in registry():
        groups.setdefault(column_type.group, []).append((column_type.name, column_type.description))
    return list(groups.items())
