"""Columns that agree: derived expressions, ordered dates and correlated numbers."""

import numpy as np
import pytest
from scipy.stats import spearmanr

from generator.engine import CHUNK_ROWS
from generator.expressions import ExpressionError, parse
from generator.schema import DatasetSchema, SchemaError
from generator.writers.cells import rows_as_dicts

ORDERS = DatasetSchema.from_dict(
    {
        "title": "Orders",
        "columns": [
            {"name": "order_id", "type": "id"},
            {"name": "first_name", "type": "first_name"},
            {"name": "last_name", "type": "last_name"},
            {"name": "quantity", "type": "integer", "min": 1, "max": 9},
            {"name": "unit_price", "type": "price", "min": 2, "max": 80},
            {"name": "total", "type": "derived", "expression": "quantity * unit_price"},
            {"name": "order_date", "type": "date", "start": "2024-01-01", "end": "2024-12-31"},
            {"name": "ship_date", "type": "date", "after": "order_date", "min_days": 1, "max_days": 7},
            {"name": "stay", "type": "integer", "min": 1, "max": 20},
            {"name": "due_date", "type": "derived", "expression": "order_date + days(stay)"},
            {"name": "contact", "type": "derived", "expression": 'lower(concat(first_name, ".", last_name, "@example.com"))'},
            {"name": "size", "type": "derived", "expression": '"bulk" if quantity >= 5 else "single"'},
            {"name": "big", "type": "derived", "expression": "total > 100 and not quantity == 1"},
            {"name": "ratio", "type": "derived", "expression": "unit_price / (quantity - quantity)"},
        ],
    }
)


@pytest.fixture(scope="module")
def rows():
    return rows_as_dicts(ORDERS, rows=2000, seed=3)


def test_kinds_are_inferred_from_the_expression():
    kinds = {column.name: column.kind for column in ORDERS.columns}
    assert kinds["total"] == "number" and kinds["due_date"] == "date" and kinds["contact"] == "string"
    assert kinds["size"] == "string" and kinds["big"] == "boolean"
    assert ORDERS.column("total").params["kind"] == "number"


def test_derived_values_agree_with_their_inputs(rows):
    for row in rows:
        assert row["total"] == round(row["quantity"] * row["unit_price"], 2)
        assert row["contact"] == f"{row['first_name']}.{row['last_name']}@example.com".lower()
        assert row["size"] == ("bulk" if row["quantity"] >= 5 else "single")
        assert row["big"] == (row["total"] > 100 and row["quantity"] != 1)
        assert np.datetime64(row["due_date"]) - np.datetime64(row["order_date"]) == np.timedelta64(row["stay"], "D")


def test_ship_date_follows_order_date(rows):
    gaps = [(np.datetime64(r["ship_date"]) - np.datetime64(r["order_date"])).astype(int) for r in rows]
    assert min(gaps) >= 1 and max(gaps) <= 7 and len(set(gaps)) == 7


def test_division_by_zero_gives_missing_values_not_inf(rows):
    assert all(row["ratio"] is None for row in rows)


@pytest.mark.parametrize(
    "expression",
    ["__import__('os')", "quantity.__class__", "open('x')", "[quantity]", "quantity[0]", "lambda: 1", "f(quantity)", "round(quantity, ndigits=2)", "x := 1", "{quantity}"],
)
def test_expressions_outside_the_language_are_refused(expression):
    with pytest.raises(ExpressionError):
        parse(expression)


@pytest.mark.parametrize(
    "column, fragment",
    [
        ({"name": "t", "type": "derived", "expression": "qty * 2"}, "unknown column 'qty'"),
        ({"name": "t", "type": "derived", "expression": "t + 1"}, "refers to itself"),
        ({"name": "t", "type": "derived", "expression": "a + 'x'"}, "cannot apply"),
        ({"name": "t", "type": "derived", "expression": "a +"}, "not valid"),
        ({"name": "t", "type": "derived", "expression": "a", "kind": "date"}, "kind is date but the expression gives integer"),
        ({"name": "t", "type": "date", "after": "a"}, "after must name a date"),
        ({"name": "t", "type": "decimal", "correlate_with": "a", "correlation": 1.5}, "correlation a number from -0.99 to 0.99"),
        ({"name": "t", "type": "word", "correlate_with": "a", "correlation": 0.5}, "only number columns can be correlated"),
    ],
)
def test_bad_references_are_refused_naming_the_column(column, fragment):
    with pytest.raises(SchemaError) as info:
        DatasetSchema.from_dict({"title": "x", "columns": [{"name": "a", "type": "integer"}, column]})
    assert any(e.startswith("column 2 't'") and fragment in e for e in info.value.errors), info.value.errors


def test_a_circle_of_references_is_refused():
    with pytest.raises(SchemaError, match="in a circle: a → b → a"):
        DatasetSchema.from_dict(
            {"title": "x", "columns": [{"name": "a", "type": "derived", "expression": "b + 1"}, {"name": "b", "type": "derived", "expression": "a + 1"}]}
        )


def test_correlated_columns_follow_the_declared_correlation_and_keep_their_distribution():
    schema = {
        "title": "People",
        "columns": [
            {"name": "age", "type": "age"},
            {"name": "income", "type": "decimal", "min": 10000, "max": 200000, "distribution": "lognormal", "correlate_with": "age", "correlation": 0.6},
            {"name": "spend", "type": "decimal", "min": 0, "max": 100, "correlate_with": "age", "correlation": -0.4},
        ],
    }
    n = 2 * CHUNK_ROWS  # values are reordered within each chunk of rows, so compare whole chunks
    rows = rows_as_dicts(DatasetSchema.from_dict(schema), rows=n, seed=1)
    ages, incomes, spend = (np.array([r[k] for r in rows]) for k in ("age", "income", "spend"))
    assert spearmanr(ages, incomes).statistic == pytest.approx(0.6, abs=0.06)
    assert spearmanr(ages, spend).statistic == pytest.approx(-0.4, abs=0.06)
    plain = dict(schema, columns=[schema["columns"][0], {k: v for k, v in schema["columns"][1].items() if k not in ("correlate_with", "correlation")}])
    uncorrelated = np.array([r["income"] for r in rows_as_dicts(DatasetSchema.from_dict(plain), rows=n, seed=1)])
    assert sorted(incomes) == sorted(uncorrelated), "same values, only reordered"


@pytest.mark.parametrize(
    "expression, kind",
    [
        ("a ** -1", "number"), ("2 ** a", "number"), ('lower("X")', "string"), ("text(5)", "string"), ('"a" + "b"', "string"),
        ('concat("x", "y")', "string"), ('"a" == "b"', "boolean"), ("floor(1 / 0)", "integer"), ("round(a / 0)", "integer"),
        ("a ** 100", "number"), ("10 ** 10 ** 10", "number"), ("round(a, 99)", "number"), ("d + days(1e15)", "date"),
        ("d - days(a * 1000000)", "date"), ("a // 0", "integer"), ("a % 0", "integer"),
    ],
)
def test_odd_but_valid_expressions_never_crash_and_never_write_garbage(expression, kind):
    schema = DatasetSchema.from_dict(
        {"title": "x", "columns": [{"name": "a", "type": "integer", "min": -5, "max": 5}, {"name": "d", "type": "date"},
                                   {"name": "t", "type": "derived", "expression": expression}]}
    )
    assert schema.column("t").kind == kind
    rows = rows_as_dicts(schema, rows=200, seed=1)
    values = [row["t"] for row in rows]
    if kind in ("integer", "number"):
        assert all(v is None or abs(v) <= 1e15 for v in values)
    if kind == "date":
        assert all(v is None or "0001-01-01" <= v <= "9999-12-31" for v in values)
    from generator.services import dataset_build

    for fmt in ("csv", "postgresql", "parquet"):
        assert b"".join(dataset_build(schema=schema, rows=50, seed=1, fmt=fmt).chunks)


def test_numbers_too_big_for_an_expression_are_refused():
    with pytest.raises(SchemaError, match="numbers in an expression must be between"):
        DatasetSchema.from_dict({"title": "x", "columns": [{"name": "t", "type": "derived", "expression": "99999999999999999999999"}]})


def test_a_time_of_day_moved_by_minutes_is_a_time_that_wraps_past_midnight():
    schema = DatasetSchema.from_dict({"version": 1, "title": "Flights", "columns": [
        {"name": "scheduled", "type": "time", "step": 15},
        {"name": "delay", "type": "integer", "min": -20, "max": 300, "distribution": "exponential", "mean": 40},
        {"name": "actual", "type": "derived", "expression": "scheduled + minutes(delay)"},
        {"name": "early", "type": "derived", "expression": "scheduled - hours(1)"},
    ]})
    assert schema.column("actual").kind == "time" and schema.column("early").kind == "time"

    def seconds(text):
        hours, minutes, secs = map(int, text.split(":"))
        return hours * 3600 + minutes * 60 + secs

    rows = rows_as_dicts(schema, rows=2000, seed=3)
    for row in rows:
        assert seconds(row["actual"]) == (seconds(row["scheduled"]) + 60 * row["delay"]) % 86_400
        assert seconds(row["early"]) == (seconds(row["scheduled"]) - 3600) % 86_400
    assert any(seconds(row["actual"]) < seconds(row["scheduled"]) and row["delay"] > 0 for row in rows)  # some wrapped


def test_a_time_plus_a_number_is_refused():
    with pytest.raises(SchemaError, match="cannot apply add to time and integer"):
        DatasetSchema.from_dict({"version": 1, "title": "T", "columns": [
            {"name": "t", "type": "time"}, {"name": "n", "type": "integer", "min": 1, "max": 5},
            {"name": "x", "type": "derived", "expression": "t + n"}]})


def test_a_derived_value_is_missing_where_a_column_it_is_made_from_is():
    schema = DatasetSchema.from_dict({"version": 1, "title": "Loans", "columns": [
        {"name": "due_date", "type": "date", "start": "2024-01-01", "end": "2024-12-31"},
        {"name": "return_date", "type": "date", "after": "due_date", "min_days": 0, "max_days": 10, "null_rate": 0.3},
        {"name": "late_fee", "type": "derived", "expression": "round(max(return_date - due_date, 0) * 0.25, 2)"},
        {"name": "fee_text", "type": "derived", "expression": "text(late_fee)"},
    ]})
    rows = rows_as_dicts(schema, rows=20_000, seed=4)  # several chunks
    assert all((row["late_fee"] is None) == (row["return_date"] is None) for row in rows)
    assert all((row["fee_text"] is None) == (row["return_date"] is None) for row in rows)  # through two steps
    assert 0.25 < sum(row["late_fee"] is None for row in rows) / len(rows) < 0.35


def test_a_date_after_another_is_empty_past_until():
    """`until`: a later date that would fall after it has not happened yet and is written empty;
    without after, until is refused with a message naming the pairing."""
    schema = {"version": 1, "columns": [
        {"name": "opened", "type": "date", "start": "2024-01-01", "end": "2024-12-31"},
        {"name": "closed", "type": "date", "after": "opened", "min_days": 10, "max_days": 400, "until": "2024-12-31"},
    ]}
    made = rows_as_dicts(DatasetSchema.from_dict(schema), rows=2000, seed=3)
    closed = [r["closed"] for r in made if r["closed"] is not None]
    assert closed and max(closed) <= "2024-12-31" and len(closed) < 1900
    assert all(r["closed"] is None or r["closed"] >= r["opened"] for r in made)
    bad = {"version": 1, "columns": [{"name": "closed", "type": "date", "start": "2024-01-01", "end": "2024-12-31", "until": "2024-06-01"}]}
    with pytest.raises(SchemaError, match="until go with after"):
        DatasetSchema.from_dict(bad)
