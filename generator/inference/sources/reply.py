"""A model's reply → a validated schema dict: read the JSON, repair what is safe to repair (each
repair logged), and validate the rest like any schema.

A paid reply is not thrown away for one fixable field: empty strings are read as null, min and
max (start and end) swapped back, an orphan correlation dropped, expression functions matched
case-insensitively, weights fitted to their values and renormalised, out-of-range numbers clipped
into the parameter's range. Only a reply that stays invalid after repair raises SourceUnavailable.
The reply may carry a column's parameters as the strict format's [{"name", "value"}] list or, from
a server in JSON mode, as keys of the column; both are read.
"""

from __future__ import annotations

import json
import logging
import math
import re
import unicodedata
from typing import Any

from generator.column_types import NUMERIC_KINDS, ColumnType
from generator.expressions import FUNCTIONS
from generator.inference import SourceUnavailable
from generator.params import Param
from generator.registry import registry
from generator.relations import RELATION_KEYS
from generator.schema import COMMON_KEYS, MAX_COLUMN_TEXT, MAX_TITLE, DatasetSchema, SchemaError

logger = logging.getLogger(__name__)

TEXT_KEYS = ("description", "unit")  # an empty string is a value here, not a missing one
PAIRS = (("min", "max"), ("min_days", "max_days"), ("start", "end"))
MAX_CORRELATION = 0.99


def reply_json(completion: Any) -> dict[str, Any]:
    """The JSON object in a chat completion, or SourceUnavailable saying what is wrong."""
    try:
        choice = completion.choices[0]
        finish_reason, message = choice.finish_reason, choice.message
        refusal, content = getattr(message, "refusal", None), message.content
    except (AttributeError, IndexError, TypeError):
        raise SourceUnavailable("the reply is not a chat completion") from None
    if refusal:
        raise SourceUnavailable(f"the model refused: {str(refusal)[:200]!r}")
    if finish_reason == "length":
        raise SourceUnavailable("the reply was cut off (finish_reason=length)")
    if finish_reason == "content_filter":
        raise SourceUnavailable("the reply was withheld by the content filter")
    if not isinstance(content, str) or not content.strip():
        raise SourceUnavailable("the reply is empty")
    text = content.strip()
    if text.startswith("```"):  # a local model that ignores response_format may fence its JSON
        text = text.split("\n", 1)[-1].rsplit("```", 1)[0]
    try:
        data = json.loads(text)
    except ValueError:
        raise SourceUnavailable(f"the reply is not JSON: {content[:80]!r}") from None
    if not isinstance(data, dict):
        raise SourceUnavailable("the reply is not a JSON object")
    return data


def schema_from_data(data: dict[str, Any]) -> dict[str, Any]:
    """The validated schema dict made from a reply's JSON, repaired first; SourceUnavailable if
    it stays invalid."""
    columns = data.get("columns")
    if not isinstance(columns, list) or not any(isinstance(column, dict) for column in columns):
        raise SourceUnavailable("the reply has no usable column")
    notes: list[str] = []
    try:
        fixed = repair(data, notes)
    except Exception as exc:  # a bug in reading untrusted input must not fail the request
        logger.error("repairing the model's reply failed", exc_info=True)
        raise SourceUnavailable(f"unexpected {type(exc).__name__} reading the reply") from None
    for note in notes:
        logger.info("repaired the model's reply: %s", note)
    for column in fixed["columns"]:
        kind = column.get("type") if isinstance(column, dict) else None
        if registry().get(kind) is None:
            raise SourceUnavailable(f"the reply uses an unknown column type {str(kind)[:40]!r}")
    try:
        return DatasetSchema.from_dict(fixed).to_dict()
    except SchemaError as exc:
        raise SourceUnavailable(f"the reply is not a valid schema after {len(notes)} repairs: {'; '.join(exc.errors[:3])[:500]}") from None


def repair(data: dict[str, Any], notes: list[str] | None = None) -> dict[str, Any]:
    """Fix what is safe to fix in a model's schema, adding a line per repair to `notes`; leave
    the rest for validation to reject."""
    notes = [] if notes is None else notes
    fixed = {key: _blank(value, notes, key) for key, value in data.items() if key not in ("columns", "relations")}
    fixed = {key: value for key, value in fixed.items() if value is not None}
    if isinstance(fixed.get("title"), str) or "title" in data:
        fixed["title"] = str(fixed.get("title") or "").strip()[:MAX_TITLE] or "Synthetic dataset"
    if isinstance(fixed.get("series"), dict):
        fixed["series"] = {key: value for key, value in fixed["series"].items() if value is not None}
    columns = data.get("columns")
    if isinstance(columns, list):
        names: set[str] = set()
        fixed["columns"] = [_repair_column(index, column, names, notes) for index, column in enumerate(columns, start=1)]
        _place_relations(fixed["columns"], data.get("relations"), notes)
        _drop_orphan_correlations(fixed["columns"], notes)
    return fixed


def _blank(value: Any, notes: list[str], where: str) -> Any:
    """"" (or only spaces) read as null: models write it where null was meant."""
    if isinstance(value, str) and not value.strip():
        notes.append(f"{where}: empty string read as null")
        return None
    return value


def _repair_column(index: int, column: Any, names: set[str], notes: list[str]) -> Any:
    if not isinstance(column, dict):
        return column
    fixed = {key: (value if key in TEXT_KEYS else _blank(value, notes, f"column {index} {key}")) for key, value in column.items() if key != "params"}
    params = column.get("params")
    for item in params if isinstance(params, list) else []:
        if isinstance(item, dict) and isinstance(item.get("name"), str) and fixed.get(item["name"]) is None:
            fixed[item["name"]] = _blank(item.get("value"), notes, f"column {index} {item['name']}")
    fixed = {key: value for key, value in fixed.items() if value is not None}
    fixed["name"] = _unique(snake_case(fixed.get("name"), index), names)
    where = f"column {fixed['name']!r}"
    column_type = _column_type(fixed, where, notes)
    if isinstance(fixed.get("description"), str):
        fixed["description"] = fixed["description"][:MAX_COLUMN_TEXT]
    if column_type is not None:
        _drop_unknown_keys(fixed, column_type, where, notes)
        for param in column_type.params:
            if param.name in fixed:
                fixed[param.name] = _fit_param(param, fixed[param.name], f"{where} {param.name}", notes)
        _unswap(fixed, where, notes)
        _fit_weights(fixed, where, notes)
        if isinstance(fixed.get("expression"), str):
            fixed["expression"] = _function_case(fixed["expression"], where, notes)
    _fit_null_rate(fixed, where, notes)
    if fixed.get("drivers") is not None:
        fixed["drivers"] = _without_nulls(fixed["drivers"])
    return fixed


def _column_type(column: dict[str, Any], where: str, notes: list[str]) -> ColumnType | None:
    kind = column.get("type")
    if registry().get(kind) is None and isinstance(kind, str):
        match = registry().get(kind.strip().lower().replace(" ", "_").replace("-", "_"))
        if match is not None:
            notes.append(f"{where}: type {kind[:40]!r} read as {match.name}")
            column["type"] = match.name
    return registry().get(column.get("type"))


def _drop_unknown_keys(column: dict[str, Any], column_type: ColumnType, where: str, notes: list[str]) -> None:
    allowed = {*COMMON_KEYS, *RELATION_KEYS, *(p.name for p in column_type.params)}
    for key in [key for key in column if key not in allowed]:
        notes.append(f"{where}: {str(key)[:40]!r} is not a parameter of {column_type.name}; dropped")
        del column[key]


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "").rstrip("%"))
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _fit_param(param: Param, value: Any, where: str, notes: list[str]) -> Any:
    """A value in the parameter's kind and range where that is unambiguous; anything else as it
    came, for validation to name."""
    if param.kind in ("int", "number"):
        number = _number(value)
        if number is None:
            return value
        if param.kind == "int" and number.is_integer():
            number = int(number)
        if isinstance(value, str):
            notes.append(f"{where}: text {value[:20]!r} read as the number {number:g}")
        clipped = min(max(number, param.min if param.min is not None else number), param.max if param.max is not None else number)
        if clipped != number:
            notes.append(f"{where}: {number:g} clipped to {clipped:g}")
        return clipped
    if param.kind == "choice" and isinstance(value, str) and value not in param.choices:
        match = next((choice for choice in param.choices if choice.lower() == value.strip().lower()), None)
        if match is not None:
            notes.append(f"{where}: {value[:40]!r} read as {match!r}")
            return match
    if param.kind in ("string_list", "number_list") and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        notes.append(f"{where}: a single value read as a list of one")
        value = [value]
    if param.kind == "string_list" and isinstance(value, list):
        return [str(item) if isinstance(item, (int, float)) and not isinstance(item, bool) else item for item in value]
    if param.kind == "number_list" and isinstance(value, list):
        numbers = [_number(item) for item in value]
        return [n for n in numbers] if all(n is not None for n in numbers) else value
    return value


def _unswap(column: dict[str, Any], where: str, notes: list[str]) -> None:
    """Min above max (start after end) swapped: the model meant the range the other way round."""
    for low, high in PAIRS:
        a, b = column.get(low), column.get(high)
        numbers = isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool)
        texts = isinstance(a, str) and isinstance(b, str) and len(a) == len(b)  # ISO dates, datetimes or times of one form
        if (numbers or texts) and a > b:  # type: ignore[operator]  # both numbers or both strings
            column[low], column[high] = b, a
            notes.append(f"{where}: {low} {a} and {high} {b} swapped")


def _fit_weights(column: dict[str, Any], where: str, notes: list[str]) -> None:
    labels = column.get("values", column.get("classes"))
    weights = column.get("weights")
    if not isinstance(weights, list) or not weights or not all(isinstance(w, (int, float)) and not isinstance(w, bool) for w in weights):
        return
    if isinstance(labels, list) and len(weights) != len(labels):
        notes.append(f"{where}: {len(weights)} weights fitted to {len(labels)} values")
        weights = _fit(weights, len(labels))
    if any(w < 0 for w in weights):
        notes.append(f"{where}: negative weights read as 0")
        weights = [max(w, 0) for w in weights]
    total = sum(weights)
    if total <= 0:
        notes.append(f"{where}: weights all zero; dropped (values equally likely)")
        del column["weights"]
        return
    if abs(total - 1) > 1e-6:
        notes.append(f"{where}: weights summing to {total:g} renormalised to 1")
        weights = [round(w / total, 6) for w in weights]
    column["weights"] = weights


def _fit(weights: list[Any], size: int) -> list[Any]:
    # Extra weights are dropped; missing ones get the smallest given weight (models list the
    # common values first, so the forgotten tail is the rare end).
    return list(weights[:size]) + [min(weights)] * max(0, size - len(weights))


def _fit_null_rate(column: dict[str, Any], where: str, notes: list[str]) -> None:
    rate = _number(column.get("null_rate"))
    if rate is None:
        return
    fixed = min(max(rate / 100 if 1 < rate <= 100 else rate, 0.0), 1.0)
    if fixed != rate:
        notes.append(f"{where}: null_rate {rate:g} read as {fixed:g}")
    column["null_rate"] = fixed


def _function_case(expression: str, where: str, notes: list[str]) -> str:
    """ROUND(x) → round(x): the functions are lowercase, and models often write them otherwise."""
    lowered = {name.lower(): name for name in FUNCTIONS}

    def fix(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in FUNCTIONS or name.lower() not in lowered:
            return match.group(0)
        notes.append(f"{where}: function {name} read as {lowered[name.lower()]}")
        return lowered[name.lower()] + match.group(2)

    return re.sub(r"\b([A-Za-z_]\w*)(\s*\()", fix, expression)


def _drop_orphan_correlations(columns: list[Any], notes: list[str]) -> None:
    """correlation without an earlier number column to correlate with (or the other way round) dropped."""
    kinds: dict[str, str] = {}
    for column in columns:
        if not isinstance(column, dict):
            continue
        column_type = registry().get(column.get("type"))
        other, r = column.get("correlate_with"), _number(column.get("correlation"))
        if other is not None or column.get("correlation") is not None:
            usable = (isinstance(other, str) and other in kinds and kinds[other] in (*NUMERIC_KINDS, "date", "datetime")
                      and r is not None and column_type is not None and column_type.correlatable and column_type.kind in NUMERIC_KINDS)
            if not usable:
                notes.append(f"column {column.get('name')!r}: correlation with {other[:40] if isinstance(other, str) else 'no column'} dropped (needs an earlier number column and a number)")
                column.pop("correlate_with", None)
                column.pop("correlation", None)
            elif r is not None and abs(r) > MAX_CORRELATION:
                column["correlation"] = math.copysign(MAX_CORRELATION, r)
                notes.append(f"column {column.get('name')!r}: correlation {r:g} clipped to {column['correlation']:g}")
        if column_type is not None and isinstance(column.get("name"), str):
            kinds[column["name"]] = column_type.kind


def _place_relations(columns: list[Any], relations: Any, notes: list[str]) -> None:
    """Each relation of the reply's list onto its column, in the schema's own keys. A relation
    naming a column that is not there is dropped: the rest of a paid reply stays usable."""
    by_name = {c["name"]: c for c in columns if isinstance(c, dict)}
    for relation in relations if isinstance(relations, list) else []:
        if not isinstance(relation, dict) or relation.get("column") not in by_name:
            notes.append(f"relation on {str(relation.get('column') if isinstance(relation, dict) else relation)[:40]!r} dropped: no such column")
            continue
        column, kind = by_name[relation["column"]], relation.get("kind")
        others = [name for name in relation.get("others") or [] if name in by_name and name != column["name"]]
        if kind in ("at_least", "at_most", "differs_from") and others:
            column[kind] = others if len(others) > 1 else others[0]
            if kind != "differs_from" and isinstance(relation.get("gap"), list) and len(relation["gap"]) == 2:
                column["gap"] = sorted(relation["gap"])
        elif kind == "role" and isinstance(relation.get("word"), str):
            column["role"] = snake_case(relation["word"], 0)[:30]
        elif kind == "present_when" and others and relation.get("values"):
            column["present_when"] = {"column": others[0], "in": relation["values"]}
        elif kind == "distinct" and isinstance(relation.get("count"), int):
            column["distinct"] = relation["count"]
        else:
            notes.append(f"{kind} relation on {relation['column']!r} dropped: it names no usable column or value")


def _without_nulls(value: Any) -> Any:
    # Objects inside a list param (a target's drivers) come with null for their unused keys.
    if isinstance(value, list):
        return [{k: v for k, v in item.items() if v is not None} if isinstance(item, dict) else item for item in value]
    return value


def snake_case(name: Any, index: int) -> str:
    """`name` as a valid column name ("Order Date" → order_date); column_<index> if nothing is left."""
    text = str(name) if isinstance(name, (str, int, float)) else ""
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss")).encode("ascii", "ignore").decode()
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    text = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    if text and not text[0].isalpha():
        text = f"col_{text}"
    return text[:63].rstrip("_") or f"column_{index}"


def _unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate in taken:
        suffix = f"_{number}"
        candidate, number = name[: 63 - len(suffix)] + suffix, number + 1
    taken.add(candidate)
    return candidate
