import json

import pytest

from generator.schema import MAX_COLUMNS, DatasetSchema, SchemaError


def schema(*columns, **extra):
    return DatasetSchema.from_dict({"version": 1, "title": "Customers", "columns": list(columns), **extra})


def errors_of(*columns, **extra):
    with pytest.raises(SchemaError) as info:
        schema(*columns, **extra)
    return info.value.errors


def test_a_valid_schema_is_normalised_with_defaults():
    result = schema({"name": "age", "type": "integer", "min": 18, "max": 80, "distribution": "normal"})
    column = result.to_dict()["columns"][0]
    assert column["min"] == 18 and column["max"] == 80 and column["distribution"] == "normal"
    assert column["null_rate"] == 0.0


def test_json_round_trip_keeps_the_schema_and_its_id():
    original = schema(
        {"name": "customer_id", "type": "id"},
        {"name": "plan", "type": "category", "values": ["free", "pro"], "weights": [3, 1], "null_rate": 0.1},
    )
    again = DatasetSchema.from_dict(json.loads(json.dumps(original.to_dict())))
    assert again == original
    assert again.schema_id == original.schema_id and len(original.schema_id) == 16


def test_equal_schemas_get_equal_ids_and_different_ones_differ():
    a = schema({"name": "x", "type": "integer"})
    b = DatasetSchema.from_dict({"title": "Customers", "columns": [{"type": "integer", "name": "x", "min": 0}]})
    c = schema({"name": "x", "type": "integer", "max": 5})
    assert a.schema_id == b.schema_id != c.schema_id


@pytest.mark.parametrize("bad_type", ["__class__", "seed_instance", "_get_provider", "profile", "", None, 7])
def test_rejects_unknown_types_naming_the_column(bad_type):
    errors = errors_of({"name": "age", "type": "integer"}, {"name": "evil", "type": bad_type})
    assert errors == [errors[0]] and errors[0].startswith("column 2 'evil': unknown type")


def test_rejects_unknown_keys_and_says_which_are_allowed():
    [error] = errors_of({"name": "age", "type": "integer", "minimum": 3})
    assert "column 1 'age'" in error and "'minimum'" in error and "allowed:" in error and "max" in error


@pytest.mark.parametrize(
    "column, fragment",
    [
        ({"name": "a", "type": "integer", "min": 9, "max": 1}, "min (9) must not be greater than max (1)"),
        ({"name": "a", "type": "decimal", "min": float("nan")}, "finite"),
        ({"name": "a", "type": "decimal", "max": float("inf")}, "finite"),
        ({"name": "a", "type": "category", "values": ["x", "y"], "weights": [1]}, "weights has 1 items but values has 2"),
        ({"name": "a", "type": "category"}, "values is required"),
        ({"name": "a", "type": "category", "values": ["v"] * 1_000_000}, "at most 1000 items"),
        ({"name": "a", "type": "sentence", "max_chars": 10**9}, "max_chars must be at most"),
        ({"name": "a", "type": "boolean", "null_rate": 1.5}, "null_rate must be a number from 0 to 1"),
        ({"name": "a", "type": "date", "start": "2025-01-01", "end": "2024-01-01"}, "must not be after end"),
        ({"name": "Bad Name", "type": "integer"}, "name must be snake_case"),
        ({"name": "__class__", "type": "integer"}, "name must be snake_case"),
        ({"name": "a", "type": "code", "pattern": "ABC"}, "needs at least one placeholder"),
    ],
)
def test_rejects_bad_parameters_with_a_message_naming_the_column(column, fragment):
    errors = errors_of(column)
    assert any(fragment in error for error in errors), errors
    assert all(error.startswith("column 1") for error in errors)


def test_rejects_duplicate_names():
    errors = errors_of({"name": "a", "type": "integer"}, {"name": "a", "type": "word"})
    assert errors == ["column 2 'a': the name is used by an earlier column"]


def test_rejects_too_many_columns_and_empty_tables():
    many = [{"name": f"c{i}", "type": "integer"} for i in range(10_000)]
    assert errors_of(*many) == [f"columns: at most {MAX_COLUMNS} columns are allowed, got 10000"]
    assert errors_of() == ["columns: must be a non-empty list of column objects"]


def test_rejects_a_wrong_version_unknown_locale_and_top_level_keys():
    errors = errors_of({"name": "a", "type": "integer"}, version=2, locale="xx_XX", extra=1)
    assert any(e.startswith("version:") for e in errors)
    assert any(e.startswith("locale:") for e in errors)
    assert any("unknown keys 'extra'" in e for e in errors)


def test_rejects_non_objects():
    for bad in (None, [], "schema", 3):
        with pytest.raises(SchemaError):
            DatasetSchema.from_dict(bad)


def test_problems_name_their_table_column_and_field():
    """A SchemaError's problems say where each is; `errors` keeps the same words as text."""
    from generator.schema import SchemaError
    from generator.tables import MultiTableSchema

    data = {"title": "t", "tables": [{"name": "orders", "columns": [{"name": "n", "type": "integer", "min": 5, "max": 1}, {"name": "Bad", "type": "id"}]}]}
    with pytest.raises(SchemaError) as info:
        MultiTableSchema.from_dict(data)
    problems = {(p.table, p.index, p.column, p.field) for p in info.value.problems}
    assert ("orders", 2, "Bad", "name") in problems and any(p[:3] == ("orders", 1, "n") for p in problems)
    assert info.value.errors == [str(p) for p in info.value.problems]
    assert all(e.startswith("table 1 'orders': column ") for e in info.value.errors)
