"""Realistic model replies (tests/fixtures/llm_replies, written in the shape GPT-4o-mini returns for
our strict json_schema) become valid schemas and data; the reply schema and prompt are sound.

The registry grows (new optional params), so each fixture is served laid out in the current reply
shape: a param it lacks is sent as null, in schema order, as the model writes unused params.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from generator.inference.sources.prompt import EXAMPLE_DESCRIPTION, MULTI_TABLE_ONLY, RELATION_REPLY, SERIES_REPLY, _example, messages, response_format, system_prompt
from generator.inference.sources.reply import repair, schema_from_data, snake_case
from generator.registry import registry
from generator.schema import COMMON_KEYS, DatasetSchema, SchemaError
from generator.series import SERIES_KEYS
from tests.fake_openai import completion
from tests.strict_rules import CURRENT, STRICTEST, size, violations

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "llm_replies").glob("*.json"))
JSON_TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "object": dict, "array": list}
COLUMN_KEYS = ("name", "type", "description", "unit", "null_rate", "params", "correlate_with", "correlation", "drivers")


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def strict_errors(value, schema: dict, path: str = "$") -> list[str]:
    """Where `value` breaks `schema`, read as OpenAI strict mode does: every key present, in order."""
    if "anyOf" in schema:
        options = [strict_errors(value, option, path) for option in schema["anyOf"]]
        return [] if any(not errors for errors in options) else [f"{path}: matches no option; closest: {min(options, key=len)}"]
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    if value is None:
        return [] if "null" in kinds else [f"{path}: null is not allowed"]
    if not any(kind != "null" and isinstance(value, JSON_TYPES[kind]) and not (isinstance(value, bool) and kind != "boolean") for kind in kinds):
        return [f"{path}: {value!r} is not {kinds}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{path}: {value!r} is not one of {schema['enum']}"]
    if isinstance(value, dict):
        if list(value) != list(schema["properties"]):
            return [f"{path}: keys {list(value)} != {list(schema['properties'])}"]
        return [e for key, sub in schema["properties"].items() for e in strict_errors(value[key], sub, f"{path}.{key}")]
    if isinstance(value, list):
        return [e for i, item in enumerate(value) for e in strict_errors(item, schema["items"], f"{path}[{i}]")]
    return []


def wire(reply: dict) -> dict:
    """A reply written as schema columns (the fixtures) in the exact shape strict mode returns:
    every key, in order, the type's parameters as a {"name", "value"} list."""
    def column(item: dict) -> dict:
        param_names = [p.name for p in registry()[item["type"]].params if p.name != "drivers"]
        drivers = item.get("drivers")
        return {
            "name": item["name"], "type": item["type"], "description": item.get("description", ""), "unit": item.get("unit") or None,
            "null_rate": item.get("null_rate", 0), "params": [{"name": n, "value": item[n]} for n in param_names if item.get(n) is not None],
            "correlate_with": item.get("correlate_with"), "correlation": item.get("correlation"),
            "drivers": [{"column": d["column"], "effect": d["effect"], "value": d.get("value"), "class": d.get("class")} for d in drivers] if drivers else None,
        }
    series = reply.get("series")
    return {"title": reply["title"], "locale": reply.get("locale"), "series": {key: series.get(key) for key in SERIES_REPLY["properties"]} if series else None,
            "columns": [column(item) for item in reply["columns"]],
            "relations": [{**{key: None for key in RELATION_REPLY["properties"]}, **relation} for relation in reply.get("relations", [])]}


def sent_format(fake_openai) -> dict:
    return fake_openai.requests[-1]["json"]["response_format"]["json_schema"]["schema"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_each_realistic_reply_becomes_a_valid_schema_and_data(path, client, fake_openai):
    case = load(path)
    fake_openai.script(completion(wire(case["reply"])))
    response = client.post("/api/schema", json.dumps({"description": case["description"]}), content_type="application/json")
    body = response.json()
    assert response.status_code == 200 and body["source"] == "openai", body
    schema = DatasetSchema.from_dict(body["schema"])
    assert [column.name for column in schema.columns] == case["expect"]["columns"]
    assert schema.locale == case["expect"]["locale"]
    data = client.get(f"/datasets/{body['schema_id']}.csv", {"rows": 50, "seed": 7})
    rows = list(csv.reader(io.StringIO(b"".join(data.streaming_content).decode("utf-8"))))
    assert rows[0] == case["expect"]["columns"] and len(rows) == 51


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_each_fixture_is_in_the_exact_shape_strict_mode_returns(path):
    assert strict_errors(wire(load(path)["reply"]), response_format()["json_schema"]["schema"]) == []


def test_there_are_a_dozen_varied_replies():
    cases = [load(path) for path in FIXTURES]
    used = {column["type"] for case in cases for column in case["reply"]["columns"]}
    assert len(cases) >= 12 and len(used) >= 30


@pytest.mark.django_db
def test_the_format_sent_keeps_the_strict_rules_of_every_target(client, fake_openai):
    """The response format on the wire: all properties required, no extra ones, within OpenAI's
    current limits and the strictest still applied (100 properties, 5 levels: Azure OpenAI)."""
    fake_openai.script(completion(wire(RIDES)))
    client.post("/api/schema", json.dumps({"description": "ride hailing trips"}), content_type="application/json")
    schema = sent_format(fake_openai)
    assert violations(schema, STRICTEST) == [] and violations(schema, CURRENT) == []
    assert size(schema)["properties"] <= 100
    assert fake_openai.requests[-1]["json"]["response_format"]["json_schema"]["strict"] is True


def test_the_rule_checker_finds_each_kind_of_break():
    wide = {"type": "object", "properties": {f"p{i}": {"type": "string"} for i in range(101)}, "required": [f"p{i}" for i in range(101)], "additionalProperties": False}
    assert any("101 properties" in problem for problem in violations(wide, STRICTEST)) and violations(wide, CURRENT) == []
    loose = {"type": "object", "properties": {"a": {"type": "string", "pattern": "^x"}, "b": {"oneOf": [{"type": "string"}]}}, "required": ["a"]}
    problems = " ".join(violations(loose, STRICTEST))
    assert "additionalProperties" in problems and "required" in problems and "'oneOf'" in problems and "'pattern'" in problems
    assert not any("pattern" in problem for problem in violations(loose, CURRENT)), "OpenAI's current rules support pattern"
    deep: dict = {"type": "string"}
    for level in range(6):
        deep = {"type": "object", "properties": {f"l{level}": deep}, "required": [f"l{level}"], "additionalProperties": False}
    assert any("6 levels" in problem for problem in violations(deep, STRICTEST)) and violations(deep, CURRENT) == []
    many = {"type": "object", "properties": {"e": {"type": "string", "enum": [f"value-{i:04d}-" + "x" * 30 for i in range(300)]}}, "required": ["e"], "additionalProperties": False}
    assert any("enum of 300" in problem for problem in violations(many, STRICTEST))


def test_the_format_does_not_grow_with_the_registry():
    """Type parameters come as a name/value list: the format names no parameter and carries no help text."""
    schema = response_format()["json_schema"]["schema"]
    assert all("description" not in node for node in _nodes(schema)), "no help text in the format (the prompt has it once)"
    assert size(schema)["properties"] < 40
    assert set(SERIES_REPLY["properties"]) == set(SERIES_KEYS)
    assert list(schema["properties"]["columns"]["items"]["properties"]) == list(COLUMN_KEYS)


def _nodes(schema: dict):
    yield schema
    for child in [*schema.get("properties", {}).values(), *schema.get("anyOf", []), *([schema["items"]] if isinstance(schema.get("items"), dict) else [])]:
        yield from _nodes(child)


def test_the_type_enum_is_the_registry():
    offered = response_format()["json_schema"]["schema"]["properties"]["columns"]["items"]["properties"]["type"]["enum"]
    single_table = [name for name in registry().names() if name not in MULTI_TABLE_ONLY]
    assert offered == single_table, "every single-table type once, nothing else"
    assert set(MULTI_TABLE_ONLY) <= set(registry().names()), "an excluded type that no longer exists"
    assert set(COMMON_KEYS) - {"name", "type"} <= set(COLUMN_KEYS)


def test_the_prompt_is_compact_and_teaches_every_type_parameter_and_function():
    """At most 2,000 tokens, counted as characters / 4 (tiktoken cannot load its encoding offline)."""
    text = system_prompt()
    assert len(text) / 4 <= 2000, f"{len(text) / 4:.0f} tokens"
    for column_type in registry():
        assert (column_type.name in text) == (column_type.name not in MULTI_TABLE_ONLY)
        for param in column_type.params if column_type.name not in MULTI_TABLE_ONLY else ():
            assert param.name in text
            assert len(param.help) < 25 or param.help not in text, "parameter help is not sent"
    for name in ("round", "clip", "days", "concat"):
        assert name in text
    for word in ("relations", "present_when", "series", "review_text", "rating_column"):
        assert word in text


def test_the_prompt_example_is_in_the_reply_format_and_valid():
    example = _example()
    assert strict_errors(example, response_format()["json_schema"]["schema"]) == []
    schema = DatasetSchema.from_dict(schema_from_data(example))
    assert schema.column("cancelled_on").relations["present_when"] == {"column": "churned", "in": [True]}
    assert EXAMPLE_DESCRIPTION in system_prompt()


def test_one_system_message_then_the_user():
    sent = messages("pets", today=dt.date(2025, 3, 1))
    assert [m["role"] for m in sent] == ["system", "user"] and sent[-1] == {"role": "user", "content": "pets"}
    assert sent[0]["content"].startswith(system_prompt()) and "2025-03-01" in sent[0]["content"]
    in_json_mode = messages("pets", today=dt.date(2025, 3, 1), json_mode=True)
    assert [m["role"] for m in in_json_mode] == ["system", "user"] and '"additionalProperties":false' in in_json_mode[0]["content"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Order Date", "order_date"), ("customerID", "customer_id"), ("  % of total ", "of_total"), ("2nd score", "col_2nd_score"), ("Größe (cm)", "grosse_cm"), ("", "column_3"), (None, "column_3")],
)
def test_names_are_made_snake_case(raw, expected):
    assert snake_case(raw, 3) == expected


def test_repair_dedupes_names_fits_weights_and_clamps_null_rates():
    reply = {"title": "T", "locale": None, "columns": [
        {"name": "Score", "type": "integer", "min": None, "max": None, "null_rate": 5},
        {"name": "score", "type": "integer", "min": 1, "max": 10, "null_rate": -0.2},
        {"name": "tier", "type": "category", "values": ["a", "b", "c"], "weights": [0.5, 0.3], "null_rate": 1.5e3},
        {"name": "tier2", "type": "category", "values": ["a"], "weights": [0.5, 0.3, 0.2], "null_rate": 0},
    ]}
    schema = DatasetSchema.from_dict(repair(reply))
    score, score_2, tier, tier2 = schema.columns
    assert (score.name, score_2.name) == ("score", "score_2")
    assert (score.params["min"], score.params["max"]) == (0, 100), "null params fall back to the defaults"
    assert (score.null_rate, score_2.null_rate, tier.null_rate) == (0.05, 0.0, 1.0)
    assert tier.params["weights"] == pytest.approx([0.5 / 1.1, 0.3 / 1.1, 0.3 / 1.1], abs=1e-6) and tier2.params["weights"] == [1.0]


def test_repair_leaves_real_errors_for_validation():
    reply = {"title": "T", "columns": [{"name": "age", "type": "age", "min": "ninety", "null_rate": 0}]}
    with pytest.raises(SchemaError, match="min"):
        DatasetSchema.from_dict(repair(reply))


RIDES = {
    "title": "Rides",
    "locale": None,
    "columns": [
        {"name": "driver", "type": "full_name", "description": "Driver"},
        {"name": "rider", "type": "full_name", "description": "Rider"},
        {"name": "status", "type": "category", "values": ["completed", "cancelled"], "weights": [0.85, 0.15], "description": "Status"},
        {"name": "picked_up_at", "type": "datetime", "description": "Pick-up"},
        {"name": "dropped_off_at", "type": "datetime", "description": "Drop-off"},
        {"name": "cancelled_at", "type": "datetime", "description": "Cancellation"},
        {"name": "car_id", "type": "code", "pattern": "CAR-###", "description": "Car"},
    ],
    "relations": [
        {"column": "driver", "kind": "role", "word": "driver"},
        {"column": "rider", "kind": "role", "word": "rider"},
        {"column": "dropped_off_at", "kind": "at_least", "others": ["picked_up_at"], "gap": [40, 5]},
        {"column": "cancelled_at", "kind": "present_when", "others": ["status"], "values": ["cancelled"]},
        {"column": "car_id", "kind": "distinct", "count": 12},
        {"column": "nowhere", "kind": "differs_from", "others": ["driver"]},
        {"column": "rider", "kind": "differs_from", "others": ["no_such_column"]},
    ],
}


def test_relations_in_the_reply_land_on_their_columns_and_hold_in_the_rows(client, fake_openai):
    """The model's relation list becomes column keys (gap sorted); relations naming missing columns are dropped."""
    fake_openai.script(completion(wire(RIDES)))
    body = client.post("/api/schema", json.dumps({"description": "ride hailing trips"}), content_type="application/json").json()
    assert body["source"] == "openai", body
    columns = {c["name"]: c for c in body["schema"]["columns"]}
    assert (columns["driver"]["role"], columns["rider"]["role"]) == ("driver", "rider") and "differs_from" not in columns["rider"]
    assert columns["dropped_off_at"]["at_least"] == ["picked_up_at"] and columns["dropped_off_at"]["gap"] == [5, 40]
    response = client.get(f"/datasets/{body['schema_id']}.json?rows=300&seed=3")
    rows = json.loads(b"".join(response.streaming_content))
    assert all(r["driver"] != r["rider"] for r in rows)
    assert all((r["cancelled_at"] is not None) == (r["status"] == "cancelled") for r in rows)
    assert len({r["car_id"] for r in rows}) == 12
    gaps = [(dt.datetime.fromisoformat(r["dropped_off_at"]) - dt.datetime.fromisoformat(r["picked_up_at"])).total_seconds() / 60 for r in rows]
    assert 5 <= min(gaps) and max(gaps) <= 40
