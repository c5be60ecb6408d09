"""What the model is asked: the versioned prompt, a worked example and the reply's JSON schema.

The reply format is small and fixed (36 object properties, three levels of objects), so it
stays within the strictest structured-output limits (100 properties, 5 levels, Azure OpenAI and
the older OpenAI rules) however many column types the registry gains: a column's type parameters
come as a list of {"name", "value"} pairs, and the registry validates them after parsing
(`reply.schema_from_data`). Everything about the types is read from the registry, so a new type
reaches the model without editing this module; each parameter's help is not sent at all (names,
choices and the rules below are what the model needs), so no text is sent twice.

Change PROMPT_VERSION whenever the wording, the example or the reply schema change: it is part
of the cache key, so schemas made by an older prompt are not served as if the new one had made them.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from typing import Any

from openai.types.chat import ChatCompletionMessageParam
from openai.types.shared_params import ResponseFormatJSONSchema

from generator.column_types import ColumnType
from generator.expressions import FUNCTIONS
from generator.params import Param
from generator.registry import registry
from generator.schema import LOCALES
from generator.series_plan import FREQUENCIES

PROMPT_VERSION = 11  # part of the cache key: bump when the prompt or the reply format changes (6: a smaller example; 7: series_value moves_with, coupling; 8: date keyed, until; 9: car_year, fuel_type model_column; 10: job_title experience_column; 11: diagnosis specialty_column)
REPLY_SCHEMA_NAME = "dataset_schema"
# Types a single-table schema rejects (a reference needs the other tables of a multi-table one).
MULTI_TABLE_ONLY = frozenset({"reference"})
RELATION_KINDS = ("at_least", "at_most", "differs_from", "role", "present_when", "distinct")


def strict_object(properties: dict[str, Any]) -> dict[str, Any]:
    """A JSON Schema object for a model's strict structured output: every property is required
    (optional ones are nullable instead) and no others are allowed."""
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def _nullable(json_type: str, **extra: Any) -> dict[str, Any]:
    return {"type": [json_type, "null"], **extra}


PARAM_REPLY = strict_object({
    "name": {"type": "string"},
    "value": {"anyOf": [
        {"type": "string"}, {"type": "number"}, {"type": "boolean"},
        {"type": "array", "items": {"type": ["string", "number"]}}, {"type": "null"},
    ]},
})
DRIVER_REPLY = strict_object({
    "column": {"type": "string"},
    "effect": {"type": "number"},
    "value": _nullable("string"),
    "class": _nullable("string"),
})
RELATION_REPLY = strict_object({
    "column": {"type": "string"},
    "kind": {"type": "string", "enum": list(RELATION_KINDS)},
    "others": _nullable("array", items={"type": "string"}),
    "gap": _nullable("array", items={"type": "number"}),
    "values": _nullable("array", items={"type": ["string", "number", "boolean"]}),
    "word": _nullable("string"),
    "count": _nullable("integer"),
})
SERIES_REPLY = strict_object({
    "entity": {"type": "string"},
    "entities": {"type": "integer"},
    "time": {"type": "string"},
    "frequency": {"type": "string", "enum": list(FREQUENCIES)},
    "start": _nullable("string"),
    "end": _nullable("string"),
    "closed_weekdays": _nullable("array", items={"type": "integer"}),
    "holidays": _nullable("array", items={"type": "string"}),
    "dropout": _nullable("number"),
    "jitter": _nullable("integer"),
})

RULES = """\
You design the columns of a synthetic dataset for data-science learners from a plain-English
description; a program generates realistic rows from your reply.

1. Keep every column the description names, in its order; add none. If it names none, choose 5-8
columns a real dataset of that kind has, starting with an id.
2. name: short unique snake_case. description: one line. title: short.
3. type: the most specific one below (email not word, price for money).
4. params: only those you set, as {{"name", "value"}}; the rest keep defaults. Realistic min/max;
distribution normal for measurements, lognormal for incomes, prices and durations, poisson for
counts. category: values ["free","basic","pro"], weights [0.6,0.3,0.1] summing to 1. ISO dates (YYYY-MM-DD),
datetimes and times; the period described, else recent, until today.
5. unit: USD, kg, minutes, % or null. null_rate: 0 unless missing values are mentioned (then 0.05-0.2).
6. locale: only when people or addresses are in one country (de_DE: Germany), else null.
7. Only when the description implies it, a column builds on earlier ones:
derived: params expression (quantity * unit_price, order_date + days(3)) and kind; operators
+ - * / // % **, comparisons, and/or/not, "a if c else b"; functions only {functions}.
target: an outcome to predict; drivers: effect -10 to 10 of a column (value: a category's
value; class: a multiclass target's class). date after: another date, min_days..max_days later.
correlate_with + correlation (-0.99 to 0.99): moves with an earlier number column.
8. relations ([] if none): at_least/at_most, others, gap [smallest, largest] in days (minutes for
datetimes): end after start, high >= open, discount <= price. differs_from: origin != destination.
role, word: one person's or place's columns share a role; two roles are two people (driver,
rider). present_when, others [deciding column], values: cancelled_at only when cancelled.
distinct, count: "12 sensors" gives exactly 12 sensor ids.
9. series (else null): entities measured at regular times, e.g. daily sales of 20 stores:
{{"entity": "store_id", "entities": 20, "time": "date", "frequency": "day", ...}}, end for "during 2023"; readings are
series_value columns (model level, count, walk for prices, open/high/low of the walk, part: clicks of visitors).
10. review/ticket/post/email_text follow a label column: rating_column,
category_column, sentiment_column or spam_column.

Types by group: name(params); distribution: {distributions}.
{catalogue}
"""

EXAMPLE_DESCRIPTION = "app subscribers: signup and cancellation dates, churned"


def _example() -> dict[str, Any]:
    """The worked example in the exact reply format (kept small: tokens are paid on every call)."""
    def column(name: str, kind: str, text: str, unit: str | None = None, **params: Any) -> dict[str, Any]:
        return {"name": name, "type": kind, "description": text, "unit": unit, "null_rate": 0, "params": [{"name": k, "value": v} for k, v in params.items()],
                "correlate_with": None, "correlation": None, "drivers": None}
    return {"title": "App subscribers", "locale": None, "series": None, "columns": [
        column("signup_date", "date", "Signup day", start="2023-01-01", end="2024-12-31"),
        column("cancelled_on", "date", "Cancellation day"),
        column("churned", "boolean", "Cancelled", true_rate=0.18),
    ], "relations": [
        {"column": "cancelled_on", "kind": "at_least", "others": ["signup_date"], "gap": [1, 365], "values": None, "word": None, "count": None},
        {"column": "cancelled_on", "kind": "present_when", "others": ["churned"], "gap": None, "values": [True], "word": None, "count": None},
    ]}


def offered_types() -> list[ColumnType]:
    """The registry's types that a (single-table) reply may use."""
    return [column_type for column_type in registry() if column_type.name not in MULTI_TABLE_ONLY]


def _param_text(param: Param) -> str:
    return f"{param.name}={'|'.join(param.choices)}" if param.choices and param.name != "distribution" else param.name


def _shared_params() -> tuple[str, ...]:
    """The run of leading parameters (at least 3, shared by 3 or more types) whose one mention
    saves the most: written once in the prompt, as "range"."""
    runs: dict[tuple[str, ...], int] = {}
    for column_type in offered_types():
        names = tuple(p.name for p in column_type.params)
        for end in range(3, len(names) + 1):
            runs[names[:end]] = runs.get(names[:end], 0) + 1
    common = [run for run, count in runs.items() if count >= 3]
    return max(common, key=lambda run: (len(run) - 1) * runs[run], default=())


def catalogue() -> str:
    """One line per group of the registry: each type with its parameters."""
    shared, groups = _shared_params(), dict[str, list[str]]()
    for column_type in offered_types():
        params = [_param_text(p) for p in column_type.params]
        if shared and tuple(p.name for p in column_type.params[: len(shared)]) == shared:
            params[: len(shared)] = ["range"]
        text = f"{column_type.name}({', '.join(params)})" if params else column_type.name
        groups.setdefault(column_type.group, []).append(text)
    lines = "\n".join(f"- {group}: {'; '.join(names)}" for group, names in groups.items())
    return (f"range = {', '.join(shared)}\n" if shared else "") + lines


def _distributions() -> str:
    choices = next(p.choices for t in offered_types() for p in t.params if p.name == "distribution")
    return "/".join(choices)


@cache
def system_prompt() -> str:
    """The rules, the catalogue of types from the registry, and the worked example."""
    rules = RULES.format(functions=", ".join(FUNCTIONS), distributions=_distributions(), catalogue=catalogue())
    return f"{rules}\nExample. Description: {EXAMPLE_DESCRIPTION}\nReply: {json.dumps(_example(), ensure_ascii=False, separators=(',', ':'))}\n"


def json_mode_instructions() -> str:
    """For a server without json_schema support: the reply's JSON Schema, to follow by hand."""
    schema = response_format()["json_schema"]["schema"]
    return "Reply with one JSON object only, no prose, valid against this JSON Schema:\n" + json.dumps(schema, separators=(",", ":"))


def messages(description: str, *, today: dt.date, json_mode: bool = False) -> list[ChatCompletionMessageParam]:
    """One system message (Llama-2/Mistral chat templates accept no second one), then the user's.
    The long part never changes and comes first, so the API can cache it; the date goes last."""
    extra = f"\n{json_mode_instructions()}" if json_mode else ""
    return [
        {"role": "system", "content": f"{system_prompt()}{extra}\nToday is {today.isoformat()}."},
        {"role": "user", "content": description},
    ]


@cache
def response_format() -> ResponseFormatJSONSchema:
    """The strict json_schema response format; its size does not depend on the registry's size."""
    column = strict_object({
        "name": {"type": "string"},
        "type": {"type": "string", "enum": [t.name for t in offered_types()]},
        "description": {"type": "string"},
        "unit": _nullable("string"),
        "null_rate": _nullable("number"),
        "params": {"type": "array", "items": PARAM_REPLY},
        "correlate_with": _nullable("string"),
        "correlation": _nullable("number"),
        "drivers": _nullable("array", items=DRIVER_REPLY),
    })
    root = strict_object({
        "title": {"type": "string"},
        "locale": {"anyOf": [{"type": "string", "enum": list(LOCALES)}, {"type": "null"}]},
        "series": {"anyOf": [SERIES_REPLY, {"type": "null"}]},
        "columns": {"type": "array", "items": column},
        "relations": {"type": "array", "items": RELATION_REPLY},
    })
    return {"type": "json_schema", "json_schema": {"name": REPLY_SCHEMA_NAME, "strict": True, "schema": root}}
