"""The cost model: requests whose rows × cost is over a budget are refused before any row is made,
with a 400 naming the column; stored schemas must make their first chunk within the budgets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cost import column_costs, cost_problem, store_problem
from generator.repository import SchemaRepository
from generator.schema import DatasetSchema, SchemaError
from generator.services import dataset_build, schema_admit, schema_save

ROOT = Path(__file__).resolve().parent.parent
CUSTOMERS = json.loads((ROOT / "examples" / "customers.json").read_text())


def nested_concat(depth: int = 24) -> dict:
    """The attack: each derived column joins the one before to itself, doubling its length."""
    columns = [{"name": "c0", "type": "category", "values": ["abcdefgh"]}]
    columns += [{"name": f"c{i}", "type": "derived", "expression": f"concat(c{i - 1}, c{i - 1})"} for i in range(1, depth + 1)]
    return {"title": "amplify", "columns": columns}


def many_targets(count: int = 199, classes: int = 50) -> dict:
    columns = [{"name": "a", "type": "integer", "min": 0, "max": 100}]
    labels = [f"k{i}" for i in range(classes)]
    drivers = [{"column": "a", "effect": 0.5, "class": labels[i % classes]} for i in range(30)]
    columns += [{"name": f"t{i}", "type": "target", "task": "multiclass", "classes": labels, "drivers": drivers} for i in range(count)]
    return {"title": "targets", "columns": columns}


def paragraphs(count: int = 200) -> dict:
    return {"title": "text", "columns": [{"name": f"p{i}", "type": "paragraph"} for i in range(count)]}


def test_ten_million_rows_of_ten_ordinary_columns_pass():
    schema = DatasetSchema.from_dict(CUSTOMERS)
    assert len(schema.columns) == 10
    assert cost_problem(schema, 10_000_000) is None
    assert store_problem(schema) is None


def test_the_nested_concat_attack_is_refused_when_stored_naming_the_column():
    schema = DatasetSchema.from_dict(nested_concat())  # valid as a schema: the cost is what is refused
    assert len(json.dumps(nested_concat())) < 1800
    with pytest.raises(SchemaError) as caught:
        schema_admit(schema)
    problem = caught.value.problems[0]
    assert problem.column == "c24"
    assert "its expression joins text" in problem.message and "SYNTH_MAX_REQUEST_MEMORY" in problem.message
    assert "column 25 'c24': too costly" in str(problem)


def test_a_short_chain_of_joined_text_is_fine():
    schema = DatasetSchema.from_dict(nested_concat(depth=3))
    assert store_problem(schema) is None
    body = b"".join(dataset_build(schema=schema, rows=10, seed=1, fmt="csv").chunks)
    assert b"abcdefgh" * 8 in body


def test_the_bound_on_joined_text_holds_for_the_values_made():
    schema = DatasetSchema.from_dict({"title": "t", "columns": [
        {"name": "first", "type": "first_name"}, {"name": "last", "type": "last_name"}, {"name": "n", "type": "integer", "min": -10**9, "max": 10**9},
        {"name": "email", "type": "derived", "expression": 'lower(concat(first, ".", last, text(n), "@example.com"))'},
        {"name": "tag", "type": "derived", "expression": 'upper(first) + "-" + ("big" if n > 0 else "small")'},
    ]})  # fmt: skip
    bounds = {c.column.name: c.bytes for c in column_costs(schema)}
    from generator.engine import generate_chunks
    from generator.writers.cells import text_cells

    for chunk in generate_chunks(schema, rows=2000, seed=3):
        for name in ("email", "tag"):
            longest = max(len((v or "").encode()) for v in text_cells(schema.column(name), chunk[name]))
            assert 0 < longest <= bounds[name]


def test_199_targets_are_refused_at_ten_million_rows_naming_a_target():
    schema = DatasetSchema.from_dict(many_targets())
    problem = cost_problem(schema, 10_000_000)
    assert problem is not None
    assert problem.column.startswith("t") and "50 classes and 30 drivers" in problem.message
    assert "SYNTH_MAX_REQUEST_SECONDS" in problem.message and "Ask for at most" in problem.message


def test_200_paragraph_columns_are_refused_naming_a_column():
    schema = DatasetSchema.from_dict(paragraphs())
    problem = store_problem(schema)
    assert problem is not None and problem.column.startswith("p")
    assert "1,000 characters" in problem.message


def test_budgets_are_settings(settings):
    schema = DatasetSchema.from_dict(CUSTOMERS)
    settings.SYNTH_MAX_REQUEST_BYTES = 10_000_000
    problem = cost_problem(schema, 100_000)
    assert problem is not None and "SYNTH_MAX_REQUEST_BYTES" in problem.message
    settings.SYNTH_MAX_REQUEST_BYTES, settings.SYNTH_MAX_REQUEST_SECONDS = 32_000_000_000, 1
    assert "SYNTH_MAX_REQUEST_SECONDS" in cost_problem(schema, 10_000_000).message
    assert cost_problem(schema, 1000) is None


# -- through the views ----------------------------------------------------------------------------------


def test_199_targets_are_refused_when_stored_a_page_of_them_would_take_minutes():
    with pytest.raises(SchemaError) as caught:
        schema_admit(DatasetSchema.from_dict(many_targets()))
    problem = caught.value.problems[0]
    assert problem.column.startswith("t") and "SYNTH_MAX_PREVIEW_SECONDS" in problem.message


def test_a_permalink_over_the_budget_is_a_400_naming_rows_and_the_column(client):
    schema = DatasetSchema.from_dict(many_targets(count=20, classes=5))
    schema_id = schema_save(schema=schema)  # one chunk fits: it is stored
    response = client.get(f"/datasets/{schema_id}.csv", {"rows": 10_000_000, "seed": 1})
    assert response.status_code == 400
    message = response.json()["errors"]["rows"][0]
    assert "column 2 't0': too costly" in message


def test_the_editor_refuses_the_attack_naming_the_column(client):
    response = client.post("/preview/edit", {"apply": "json", "schema_json": json.dumps(nested_concat()), "rows": 5})
    assert response.status_code == 400
    assert "column 25 &#x27;c24&#x27;: too costly" in response.content.decode()


def test_a_stored_schema_over_the_budget_from_before_is_refused_on_its_page_not_made(client):
    schema = DatasetSchema.from_dict(paragraphs())
    schema_id = SchemaRepository().put(schema, source="user")  # stored before budgets existed
    page = client.get(f"/datasets/{schema_id}")
    link = client.get(f"/datasets/{schema_id}.csv", {"rows": 10})
    assert page.status_code == 400 and b"too costly" in page.content
    assert link.status_code == 400 and "too costly" in link.json()["errors"]["rows"][0]
