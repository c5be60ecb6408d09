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

from generator.inference.sources.llm import repair, snake_case
from generator.inference.sources.prompt import EXAMPLES, MULTI_TABLE_ONLY, NUMERIC_COLUMN_KEYS, RELATION_REPLY, messages, response_format, system_prompt
from generator.registry import registry
from generator.schema import COMMON_KEYS, DatasetSchema, SchemaError
from tests.fake_openai import completion

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "llm_replies").glob("*.json"))
UNSUPPORTED_IN_STRICT = {"minimum", "maximum", "minLength", "maxLength", "pattern", "format", "minItems", "maxItems", "oneOf", "allOf", "default", "$ref"}
JSON_TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "object": dict, "array": list}


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


def column_shapes() -> list[dict]:
    return response_format()["json_schema"]["schema"]["properties"]["columns"]["items"]["anyOf"]


def strict_shape(reply: dict) -> dict:
    """`reply` with every key of the current reply schema, in its order (missing ones null)."""
    def lay_out(column: dict) -> dict:
        shape = next(s for s in column_shapes() if column["type"] in s["properties"]["type"]["enum"])
        return {**{key: column.get(key) for key in shape["properties"]}, **column}
    return {"title": reply["title"], "locale": reply["locale"], "columns": [lay_out(column) for column in reply["columns"]],
            "relations": [{**{key: None for key in RELATION_REPLY["properties"]}, **relation} for relation in reply.get("relations", [])]}


def walk(schema: dict):
    """Every schema node: the node, its properties' schemas, its items and its anyOf options."""
    yield schema
    children = [*schema.get("properties", {}).values(), *schema.get("anyOf", [])]
    if "items" in schema:
        children.append(schema["items"])
    for child in children:
        yield from walk(child)


@pytest.mark.django_db
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_each_realistic_reply_becomes_a_valid_schema_and_data(path, client, fake_openai):
    case = load(path)
    fake_openai.script(completion(strict_shape(case["reply"])))
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
    assert strict_errors(strict_shape(load(path)["reply"]), response_format()["json_schema"]["schema"]) == []


def test_there_are_a_dozen_varied_replies():
    cases = [load(path) for path in FIXTURES]
    used = {column["type"] for case in cases for column in case["reply"]["columns"]}
    assert len(cases) >= 12 and len(used) >= 30


def test_the_reply_schema_is_valid_for_strict_mode():
    root = response_format()["json_schema"]["schema"]
    assert root["type"] == "object"
    for node in walk(root):
        assert not UNSUPPORTED_IN_STRICT & set(node), node
        if node.get("type") == "object":
            assert node["additionalProperties"] is False and node["required"] == list(node["properties"])
    objects = [node for node in walk(root) if node.get("type") == "object"]
    assert sum(len(node["properties"]) for node in objects) < 5000


def test_the_type_enum_is_the_registry_and_params_mirror_it():
    shapes = column_shapes()
    offered = [name for shape in shapes for name in shape["properties"]["type"]["enum"]]
    single_table = [name for name in registry().names() if name not in MULTI_TABLE_ONLY]
    assert sorted(offered) == sorted(single_table), "every single-table type once, nothing else"
    assert set(MULTI_TABLE_ONLY) <= set(registry().names()), "an excluded type that no longer exists"
    for shape in shapes:
        for name in shape["properties"]["type"]["enum"]:
            params = [p.name for p in registry().get(name).params]
            common = ("name", "type", "description", "unit", "null_rate", *NUMERIC_COLUMN_KEYS)
            assert [key for key in shape["properties"] if key not in common] == params
    offered_keys = {key for shape in shapes for key in shape["properties"]}
    assert set(COMMON_KEYS) <= offered_keys, "every column key the schema accepts is offered"
    category = next(shape for shape in shapes if "category" in shape["properties"]["type"]["enum"])
    assert category["properties"]["values"]["type"] == "array", "a required param is not nullable"
    assert category["properties"]["weights"]["type"] == ["array", "null"]


def test_the_prompt_teaches_every_type_and_its_examples_are_valid():
    text = system_prompt()
    assert all((f"- {name}:" in text) == (name not in MULTI_TABLE_ONLY) for name in registry().names())
    for _, example in EXAMPLES:
        DatasetSchema.from_dict(example)
    import datetime as dt

    sent = messages("pets", today=dt.date(2025, 3, 1))
    assert sent[0]["content"] == text and "2025-03-01" in sent[1]["content"] and sent[-1] == {"role": "user", "content": "pets"}


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
    assert tier.params["weights"] == [0.5, 0.3, 0.3] and tier2.params["weights"] == [0.5]


def test_repair_leaves_real_errors_for_validation():
    reply = {"title": "T", "columns": [{"name": "age", "type": "age", "min": 90, "max": 18, "null_rate": 0}]}
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
    fake_openai.script(completion(strict_shape(RIDES)))
    body = client.post("/api/schema", json.dumps({"description": "ride hailing trips"}), content_type="application/json").json()
    assert body["source"] == "openai", body
    columns = {c["name"]: c for c in body["schema"]["columns"]}
    assert (columns["driver"]["role"], columns["rider"]["role"]) == ("driver", "rider") and "differs_from" not in columns["rider"]
    assert columns["dropped_off_at"]["at_least"] == ["picked_up_at"] and columns["dropped_off_at"]["gap"] == [5, 40]
    response = client.get(f"/datasets/{body['schema_id']}.json?rows=300&seed=3")
    rows = json.loads(b"".join(response.streaming_content))
    rows = rows["data"] if isinstance(rows, dict) else rows
    assert all(r["driver"] != r["rider"] for r in rows)
    assert all((r["cancelled_at"] is not None) == (r["status"] == "cancelled") for r in rows)
    assert len({r["car_id"] for r in rows}) == 12
    gaps = [(dt.datetime.fromisoformat(r["dropped_off_at"]) - dt.datetime.fromisoformat(r["picked_up_at"])).total_seconds() / 60 for r in rows]
    assert 5 <= min(gaps) and max(gaps) <= 40


def test_the_prompt_teaches_relations():
    assert "relations" in system_prompt() and "present_when" in system_prompt()
