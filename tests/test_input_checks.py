"""Bad input is refused with a 400 naming the field: expression arity and argument kinds, and
text holding NUL, other control characters or lone surrogates."""

from __future__ import annotations

import json

import pytest

from generator.expressions import ARITY, FUNCTIONS
from generator.schema import DatasetSchema, SchemaError
from generator.services import dataset_build

BASE = [{"name": "a", "type": "integer", "min": 1, "max": 9}, {"name": "d", "type": "date"}, {"name": "s", "type": "category", "values": ["x", "y"]}]


def _schema(expression: str) -> DatasetSchema:
    return DatasetSchema.from_dict({"title": "t", "columns": [*BASE, {"name": "e", "type": "derived", "expression": expression}]})


def test_every_function_has_an_arity():
    assert set(ARITY) == set(FUNCTIONS)


@pytest.mark.parametrize(
    "expression, fragment",
    [
        ("clip(a)", "calls clip() with 1; it takes 3 arguments: clip(x, low, high)"),
        ("concat()", "calls concat() with 0; it takes at least 1 argument"),
        ("abs(a, a)", "calls abs() with 2; it takes 1 argument"),
        ("round(a, 1, 2)", "it takes 1 or 2 arguments"),
        ("normal(a)", "calls normal() with 1; it takes 2 arguments"),
        ("min(a)", "calls min() with 1; it takes at least 2 arguments"),
        ("year()", "calls year() with 0; it takes 1 argument"),
        ("text(days(a))", "cannot take"),
        ("round(a, 1.5)", "not a whole number"),
        ("upper(s, s)", "calls upper() with 2; it takes 1 argument"),
    ],
)
def test_wrong_arguments_are_refused_at_validation_naming_the_column(expression, fragment):
    with pytest.raises(SchemaError) as caught:
        _schema(expression)
    problem = caught.value.problems[0]
    assert problem.column == "e" and problem.field == "expression"
    assert fragment in problem.message


@pytest.mark.parametrize("expression", ["clip(a, 2, 5)", "round(a / 3, 1)", "concat(s)", "min(a, 3, 4)", "max(a, 2)", "text(d)", "normal(a, 1)"])
def test_right_arguments_still_validate_and_generate(expression):
    schema = _schema(expression)
    body = b"".join(dataset_build(schema=schema, rows=50, seed=1, fmt="csv").chunks)
    assert body.count(b"\n") == 51


BAD_TEXT = [("\x00", "NUL"), ("\x07", "U+0007"), ("\ud800", "lone surrogate"), ("\x85", "U+0085"), ("\x7f", "U+007F")]


@pytest.mark.parametrize("char, what", BAD_TEXT)
@pytest.mark.parametrize(
    "where, field, column",
    [
        (lambda c: {"title": f"t{c}", "columns": BASE}, "title", ""),
        (lambda c: {"title": "t", "columns": [*BASE, {"name": f"z{c}", "type": "integer"}]}, "name", ""),
        (lambda c: {"title": "t", "columns": [{"name": "s", "type": "category", "values": ["ok", f"b{c}ad"]}]}, "values", "s"),
        (lambda c: {"title": "t", "columns": [{"name": "s", "type": "integer", "description": f"x{c}"}]}, "description", "s"),
        (lambda c: {"title": "t", "columns": [{"name": "s", "type": "derived", "expression": f'"{c}"'}]}, "expression", "s"),
    ],
)
def test_schema_text_with_unsafe_characters_is_refused_naming_the_field(char, what, where, field, column):
    with pytest.raises(SchemaError) as caught:
        DatasetSchema.from_dict(where(char))
    problem = caught.value.problems[0]
    assert what in problem.message
    assert problem.field == field and problem.column == column
    str(problem).encode("utf-8")  # the message itself never carries the character


def test_line_breaks_in_values_stay_allowed():
    schema = DatasetSchema.from_dict({"title": "t", "columns": [{"name": "s", "type": "category", "values": ["line\nbreak", "tab\there"]}]})
    assert schema.column("s").params["values"] == ["line\nbreak", "tab\there"]


def test_a_final_newline_in_a_column_name_is_refused():
    with pytest.raises(SchemaError, match="name"):
        DatasetSchema.from_dict({"title": "t", "columns": [{"name": "age\n", "type": "integer"}]})


def test_line_breaks_stay_allowed_in_descriptions(client):
    response = client.post("/api/schema", {"description": "customers with name\nand age\r\n\tand email"}, content_type="application/json")
    assert response.status_code == 200


@pytest.mark.parametrize("char, what", BAD_TEXT)
@pytest.mark.parametrize("path", ["/api/schema", "/generate"])
def test_a_description_with_unsafe_characters_is_a_400_naming_description(client, char, what, path):
    body = json.dumps({"description": f"customers with name{char} and age", "rows": 5})
    response = client.post(path, body, content_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["description"]
    assert what in errors["description"][0]


def test_a_nul_in_a_download_link_description_is_a_400(client):
    response = client.get("/generate", {"description": "customers with name\x00 and age"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "NUL" in response.json()["errors"]["description"][0]


@pytest.mark.parametrize("char, what", BAD_TEXT[:2])
def test_the_preview_page_form_refuses_unsafe_description_with_a_400(client, char, what):
    response = client.post("/preview", {"description": f"customers{char} with name", "rows": 5})
    assert response.status_code == 400
    assert what in response.content.decode()


def test_the_json_editor_refuses_nul_in_category_values_with_a_400(client):
    schema = {"title": "t", "columns": [{"name": "s", "type": "category", "values": ["ok", "b\u0000ad"]}]}
    response = client.post("/preview/edit", {"apply": "json", "schema_json": json.dumps(schema), "rows": 5})
    assert response.status_code == 400
    assert "column 1 &#x27;s&#x27;: values holds a NUL character" in response.content.decode()
