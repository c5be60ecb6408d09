"""What the model is asked: the versioned prompt, worked examples and the reply's JSON schema.

Everything about the column types is read from the registry, so a new type reaches the model
without editing this module. Change PROMPT_VERSION whenever the wording, the examples or the
reply schema change: it is part of the cache key, so schemas made by an older prompt are not
served as if the new one had made them.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from typing import Any

from openai.types.chat import ChatCompletionMessageParam
from openai.types.shared_params import ResponseFormatJSONSchema

from generator.column_types import NUMERIC_KINDS, ColumnType
from generator.params import Param, strict_object
from generator.registry import registry
from generator.schema import COMMON_KEYS, LOCALES

PROMPT_VERSION = 2
REPLY_SCHEMA_NAME = "dataset_schema"
# Types a single-table schema rejects (a reference needs the other tables of a multi-table one).
MULTI_TABLE_ONLY = frozenset({"reference"})
# Column keys beyond name/type/description/unit/null_rate, offered to number columns only.
NUMERIC_COLUMN_KEYS = {
    "correlate_with": {"type": ["string", "null"], "description": "An earlier number column this one moves with, or null"},
    "correlation": {"type": ["number", "null"], "description": "Correlation with correlate_with, -0.99 to 0.99, or null"},
}

# Relations between columns come as one list beside the columns (one small object shape instead of
# seven more keys in every column shape); `llm.repair` moves each onto its column.
RELATION_KINDS = ("at_least", "at_most", "differs_from", "role", "present_when", "distinct")
RELATION_REPLY = strict_object({
    "column": {"type": "string", "description": "The column the relation is on"},
    "kind": {"type": "string", "enum": list(RELATION_KINDS)},
    "others": {"type": ["array", "null"], "items": {"type": "string"}, "description": "at_least/at_most/differs_from: the columns it is compared with; present_when: the one column deciding"},
    "gap": {"type": ["array", "null"], "items": {"type": "number"}, "description": "at_least/at_most: [smallest, largest] distance (days for dates, minutes for datetimes and times), or null"},
    "values": {"type": ["array", "null"], "items": {"type": ["string", "number", "boolean"]}, "description": "present_when: the values of the deciding column for which this column has a value"},
    "word": {"type": ["string", "null"], "description": "role: the person's or place's role, e.g. driver, rider, origin"},
    "count": {"type": ["integer", "null"], "description": "distinct: exactly how many different values"},
})

RULES = """\
You design the column schema of a synthetic dataset for data-science learners. The user describes
a dataset in plain English; you answer with its title and columns. A program then generates
realistic rows from your schema, so every choice you make shows up in the learners' data.

Rules:
1. Keep every column the description names, in the order it names them, and add none it does
   not ask for. Only when it names no columns at all (e.g. "a dataset of hotel bookings"),
   choose 5 to 8 columns a real dataset of that kind would have, starting with an id.
2. Column names are short snake_case: lowercase letters, digits and _, starting with a letter
   ("Order Date" becomes order_date). Never repeat a name.
3. Pick the most specific type: email, not word; price for money amounts; age for ages;
   date_of_birth for birthdays; category for any fixed set of labels. Read each type's params.
4. Make values realistic for the domain: plausible min and max, the right distribution
   (normal for measurements such as height or blood pressure, lognormal for incomes, prices and
   durations, poisson for counts), whole numbers where the real value is whole.
5. For category columns list the real-world values and weights that reflect real frequencies
   (weights in the same order as values, one per value, summing to 1).
6. Put the unit of measure in `unit` (USD, kg, cm, minutes, °C, %) and leave it "" when none.
7. null_rate is the share of empty cells. Keep it 0 unless the description mentions missing,
   optional, incomplete or null values; then use a small share such as 0.05 to 0.2 on the
   columns it concerns.
8. Dates: ISO format, YYYY-MM-DD for dates and YYYY-MM-DDTHH:MM:SS for datetimes. Use the
   period the description gives; otherwise a recent one ending no later than today.
9. title: a short human title for the dataset. description of each column: one line saying
   what the value means to a learner.
10. Set every parameter you do not need to null; its default then applies. Set locale only when
   the description places the people or addresses in a country (e.g. de_DE for Germany);
   otherwise null.
11. Columns may build on earlier ones: derived for simple arithmetic over earlier column names
   (total = quantity * unit_price), target for an outcome a learner is meant to predict (with
   drivers naming earlier columns), after for a date that follows another date column, and
   correlate_with + correlation for a number that moves with an earlier number column. Use
   them only when the description implies the relationship; otherwise leave them null.
12. Rows must not contradict themselves. List in `relations` what a real table of this kind
   obeys: at_least (an end time after its start, by a gap; high >= open and close; max >= min),
   at_most (low <= open and close; a discount <= the price; attendees <= capacity),
   differs_from (origin != destination, home team != away team), role (each person or place
   column of a row gets its role word, so the driver and the rider are different people and the
   driver's name and email belong together), present_when (a cancellation date only when status
   is cancelled) and distinct (a named count: "12 sensors" gives exactly 12 sensor ids). An empty
   list when nothing applies.
"""

EXAMPLES: list[tuple[str, dict[str, Any]]] = [
    (
        "customers of a subscription app: customer id, full name, email, age, plan (free, basic or pro), monthly spend in dollars, signup date and whether they churned",
        {"title": "Subscription app customers", "columns": [
            {"name": "customer_id", "type": "id", "description": "Unique customer number"},
            {"name": "full_name", "type": "full_name", "description": "Customer's name"},
            {"name": "email", "type": "email", "description": "Customer's email address"},
            {"name": "age", "type": "age", "min": 18, "max": 75, "mean": 34, "std": 11, "distribution": "normal", "unit": "years", "description": "Age at signup"},
            {"name": "plan", "type": "category", "values": ["free", "basic", "pro"], "weights": [0.6, 0.3, 0.1], "description": "Subscription plan"},
            {"name": "monthly_spend", "type": "price", "min": 0.99, "max": 49.99, "distribution": "lognormal", "mean": 9.5, "unit": "USD", "description": "Average amount billed per month"},
            {"name": "signup_date", "type": "date", "start": "2022-01-01", "end": "2024-12-31", "description": "Day the account was created"},
            {"name": "churned", "type": "boolean", "true_rate": 0.18, "description": "Whether the customer cancelled"},
        ]},
    ),
    (
        "emergency room visits with visit id, arrival time, patient age, triage level 1-5, wait time in minutes (some missing), systolic blood pressure and whether the patient was admitted",
        {"title": "Emergency room visits", "columns": [
            {"name": "visit_id", "type": "code", "pattern": "ER-######", "description": "Visit reference"},
            {"name": "arrival_time", "type": "datetime", "start": "2024-01-01T00:00:00", "end": "2024-12-31T23:59:59", "description": "When the patient arrived"},
            {"name": "patient_age", "type": "integer", "min": 0, "max": 100, "distribution": "normal", "mean": 45, "std": 22, "unit": "years", "description": "Age of the patient"},
            {"name": "triage_level", "type": "category", "values": ["1", "2", "3", "4", "5"], "weights": [0.03, 0.17, 0.45, 0.28, 0.07], "description": "Urgency, 1 most urgent"},
            {"name": "wait_time", "type": "integer", "min": 0, "max": 480, "distribution": "lognormal", "mean": 55, "unit": "minutes", "null_rate": 0.08, "description": "Minutes from arrival to first assessment; missing when not recorded"},
            {"name": "systolic_bp", "type": "integer", "min": 80, "max": 200, "distribution": "normal", "mean": 125, "std": 18, "unit": "mmHg", "description": "Systolic blood pressure at triage"},
            {"name": "admitted", "type": "boolean", "true_rate": 0.22, "description": "Whether the patient was admitted to a ward"},
        ]},
    ),
    (
        "orders from a German online shop",
        {"title": "German online shop orders", "locale": "de_DE", "columns": [
            {"name": "order_id", "type": "id", "start": 100001, "description": "Order number"},
            {"name": "order_date", "type": "date", "start": "2024-01-01", "end": "2024-12-31", "description": "Day the order was placed"},
            {"name": "customer_name", "type": "full_name", "description": "Name of the buyer"},
            {"name": "city", "type": "city", "description": "Delivery city"},
            {"name": "product_category", "type": "product_category", "description": "Category of the main item"},
            {"name": "quantity", "type": "integer", "min": 1, "max": 10, "distribution": "poisson", "mean": 2, "description": "Items in the order"},
            {"name": "total", "type": "price", "min": 5, "max": 800, "distribution": "lognormal", "mean": 65, "unit": "EUR", "description": "Order total including VAT"},
            {"name": "payment_method", "type": "payment_method", "description": "How the order was paid"},
        ]},
    ),
]


@cache
def system_prompt() -> str:
    """The rules, the catalogue of types from the registry, and the worked examples."""
    catalogue = "\n".join(_type_line(column_type) for column_type in offered_types())
    examples = "\n\n".join(
        f"Description: {description}\nSchema: {json.dumps(schema, ensure_ascii=False)}" for description, schema in EXAMPLES
    )
    return (
        f"{RULES}\nColumn types (name: meaning; params):\n{catalogue}\n\n"
        f"Worked examples (parameters left out here are null in your reply):\n\n{examples}\n"
    )


def messages(description: str, *, today: dt.date) -> list[ChatCompletionMessageParam]:
    # The long system prompt comes first and never changes, so the API can cache it; the date
    # goes in a second, short message.
    return [
        {"role": "system", "content": system_prompt()},
        {"role": "system", "content": f"Today is {today.isoformat()}."},
        {"role": "user", "content": description},
    ]


def _type_line(column_type: ColumnType) -> str:
    params = "; ".join(_param_text(param) for param in column_type.params)
    return f"- {column_type.name}: {column_type.description}" + (f"; params: {params}" if params else "")


def _param_text(param: Param) -> str:
    parts = [param.kind.replace("_", " ")]
    if param.choices:
        parts.append("one of " + "/".join(param.choices))
    if param.min is not None and param.max is not None and max(abs(param.min), abs(param.max)) < 1e15:
        parts.append(f"{param.min:g} to {param.max:g}")
    parts.append("required" if param.required else "optional" if param.default is None else f"default {param.default}")
    return f"{param.name} ({', '.join(parts)}): {param.help}"


def offered_types() -> list[ColumnType]:
    """The registry's types that a (single-table) reply may use."""
    return [column_type for column_type in registry() if column_type.name not in MULTI_TABLE_ONLY]


@cache
def response_format() -> ResponseFormatJSONSchema:
    """The strict json_schema response format: one column shape per group of types sharing params."""
    groups: dict[tuple, list[ColumnType]] = {}
    for column_type in offered_types():
        numeric = column_type.kind in NUMERIC_KINDS
        signature = (numeric, *((p.name, p.kind, p.choices, p.required) for p in column_type.params))
        groups.setdefault(signature, []).append(column_type)
    column_shapes = [_column_shape(types) for types in groups.values()]
    root = strict_object({
        "title": {"type": "string", "description": "Short human title of the dataset"},
        "locale": {"anyOf": [{"type": "string", "enum": list(LOCALES)}, {"type": "null"}],
                   "description": "Country locale for names and addresses, or null"},
        "columns": {"type": "array", "items": {"anyOf": column_shapes}},
        "relations": {"type": "array", "items": RELATION_REPLY, "description": "Relations between the columns (rule 12)"},
    })
    return {"type": "json_schema", "json_schema": {"name": REPLY_SCHEMA_NAME, "strict": True, "schema": root}}


def _column_shape(types: list[ColumnType]) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "name": {"type": "string", "description": "snake_case column name"},
        "type": {"type": "string", "enum": [t.name for t in types]},
        "description": {"type": "string", "description": "One line: what the value means"},
        "unit": {"type": "string", "description": "Unit of measure, or empty"},
    }
    properties.update(types[0].reply_properties())
    if types[0].kind in NUMERIC_KINDS:
        properties.update({key: schema for key, schema in NUMERIC_COLUMN_KEYS.items() if key in COMMON_KEYS})
    properties["null_rate"] = {"type": "number", "description": "Share of empty cells, 0 to 1; 0 unless missing values are asked for"}
    return strict_object(properties)
