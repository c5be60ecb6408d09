"""Multi-table datasets: keys that join, realistic fan-out, zip and SQL with foreign keys."""

import csv
import datetime as dt
import io
import json
import sqlite3
import zipfile
from collections import Counter

import pytest

from generator.schema import SchemaError
from generator.services import DatasetOptionError, dataset_build, schema_get, schema_save
from generator.tables import MultiTableSchema, schema_from_dict

SHOP = {
    "version": 1,
    "title": "Shoe shop",
    "tables": [
        {"name": "orders", "rows_ratio": 3, "columns": [
            {"name": "order_id", "type": "id", "start": 1000},
            {"name": "customer_id", "type": "reference", "table": "customers"},
            {"name": "order_date", "type": "date"},
            {"name": "total", "type": "price"},
        ]},
        {"name": "customers", "columns": [
            {"name": "customer_id", "type": "id"},
            {"name": "name", "type": "full_name"},
        ]},
    ],
}
SCHEMA = MultiTableSchema.from_dict(SHOP)


def read_zip(rows=400, seed=3):
    archive = zipfile.ZipFile(io.BytesIO(b"".join(dataset_build(schema=SCHEMA, rows=rows, seed=seed, fmt="zip").chunks)))
    return archive, {name: list(csv.DictReader(io.StringIO(archive.read(name).decode()))) for name in archive.namelist() if name.endswith(".csv")}


def test_tables_are_ordered_parents_first_and_sized_by_their_ratio():
    assert [t.name for t in SCHEMA.tables] == ["customers", "orders"]
    assert SCHEMA.row_counts(400) == {"customers": 400, "orders": 1200}


def test_every_foreign_key_resolves_with_realistic_fan_out():
    _, tables = read_zip()
    customers = {row["customer_id"] for row in tables["customers.csv"]}
    orders = tables["orders.csv"]
    assert len(orders) == 1200 and all(row["customer_id"] in customers for row in orders)
    per_customer = Counter(row["customer_id"] for row in orders)
    without = len(customers) - len(per_customer)
    assert without > 20, "some customers have no orders"
    assert max(per_customer.values()) >= 10, "some customers have many"


def test_zip_has_a_valid_data_package_with_foreign_keys_and_a_dictionary(tmp_path):
    from frictionless import Package

    archive, _ = read_zip()
    assert sorted(archive.namelist()) == ["customers.csv", "datapackage.json", "dictionary.md", "orders.csv"]
    archive.extractall(tmp_path)
    package = json.loads((tmp_path / "datapackage.json").read_text())
    orders = next(r for r in package["resources"] if r["name"] == "orders")
    assert orders["schema"]["foreignKeys"] == [{"fields": "customer_id", "reference": {"resource": "customers", "fields": "customer_id"}}]
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note"])[:5]
    assert "orders.customer_id → customers.customer_id" in archive.read("dictionary.md").decode()


def test_the_data_package_check_catches_a_dangling_key(tmp_path):
    from frictionless import Package

    archive, tables = read_zip()
    archive.extractall(tmp_path)
    text = (tmp_path / "orders.csv").read_text().splitlines()
    first = text[1].split(",")
    first[1] = "999999"
    text[1] = ",".join(first)
    (tmp_path / "orders.csv").write_text("\n".join(text) + "\n")
    assert not Package(str(tmp_path / "datapackage.json")).validate().valid


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_sql_creates_foreign_keys_that_hold(dialect):
    """(The PostgreSQL script also runs in a real PostgreSQL in tests/test_readers.py; here its
    statements after the setting line, which SQLite does not know, load into SQLite.)"""
    script = b"".join(dataset_build(schema=SCHEMA, rows=200, seed=1, fmt=dialect).chunks).decode()
    assert 'FOREIGN KEY ("customer_id") REFERENCES "customers" ("customer_id")' in script
    script = script.replace("SET standard_conforming_strings = on;\n", "")
    db = sqlite3.connect(":memory:")
    db.execute("PRAGMA foreign_keys = ON")
    db.executescript(script)
    assert db.execute('SELECT COUNT(*) FROM "orders"').fetchone() == (600,)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    joined = db.execute('SELECT COUNT(*) FROM "orders" o JOIN "customers" c ON o.customer_id = c.customer_id').fetchone()
    assert joined == (600,)


def test_one_table_at_a_time_in_any_format_matches_the_zip():
    _, tables = read_zip(rows=50)
    single = b"".join(dataset_build(schema=SCHEMA, rows=50, seed=3, fmt="csv", table="orders").chunks).decode()
    assert list(csv.DictReader(io.StringIO(single))) == tables["orders.csv"]
    data = json.loads(b"".join(dataset_build(schema=SCHEMA, rows=50, seed=3, fmt="json", table="customers").chunks))
    assert len(data) == 50 and set(data[0]) == set(tables["customers.csv"][0])


def test_whole_dataset_needs_zip_or_sql_and_unknown_tables_are_named():
    with pytest.raises(DatasetOptionError, match="downloads whole as zip or SQL"):
        dataset_build(schema=SCHEMA, rows=5, seed=1, fmt="csv")
    with pytest.raises(DatasetOptionError, match="the tables are customers, orders"):
        list(dataset_build(schema=SCHEMA, rows=5, seed=1, fmt="csv", table="invoices").chunks)


def test_the_store_round_trips_a_multi_table_schema():
    schema_id = schema_save(schema=SCHEMA)
    assert schema_get(schema_id=schema_id) == SCHEMA and schema_id == SCHEMA.schema_id
    assert schema_from_dict(json.loads(SCHEMA.canonical_json())) == SCHEMA


@pytest.mark.parametrize(
    "change, fragment",
    [
        (lambda s: s["tables"][0]["columns"][1].update(table="clients"), "unknown table 'clients'"),
        (lambda s: s["tables"][1]["columns"].pop(0), "has no id column to refer to"),
        (lambda s: s["tables"][1]["columns"].append({"name": "fav", "type": "reference", "table": "orders"}), "in a circle"),
        (lambda s: s["tables"][0].update(rows_ratio=1000), "rows_ratio must be a number from 0.001 to 100"),
        (lambda s: s["tables"][0]["columns"].append({"name": "x", "type": "nope"}), "table 1 'orders': column 5 'x': unknown type"),
    ],
)
def test_bad_multi_table_schemas_are_refused_naming_table_and_column(change, fragment):
    data = json.loads(json.dumps(SHOP))
    change(data)
    with pytest.raises(SchemaError) as info:
        MultiTableSchema.from_dict(data)
    assert any(fragment in e for e in info.value.errors), info.value.errors


def test_a_reference_outside_a_multi_table_schema_is_refused():
    from generator.schema import DatasetSchema

    with pytest.raises(SchemaError, match="belongs in a table of a multi-table schema"):
        DatasetSchema.from_dict({"title": "x", "columns": [{"name": "c", "type": "reference", "table": "t"}]})


def test_the_row_limit_counts_every_table(settings):
    settings.SYNTH_MAX_ROWS = 1000
    with pytest.raises(DatasetOptionError, match="would hold 1,200 rows in all"):
        list(dataset_build(schema=SCHEMA, rows=300, seed=1, fmt="zip").chunks)


def test_a_students_zip_names_the_instructors_seed():
    data = b"".join(dataset_build(schema=SCHEMA, rows=20, seed=77, fmt="zip", student="ana").chunks)
    package = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("datapackage.json"))
    assert package["synthsite"]["seed"] == 77


def _signups_and_orders(order: dict) -> dict:
    shop = json.loads(json.dumps(SHOP))
    shop["tables"][1]["columns"].append({"name": "signup_date", "type": "date", "start": "2020-01-01", "end": "2024-12-31", "keyed": "yes"})
    shop["tables"][0]["columns"].append({"name": "ordered_at", "type": "datetime", "start": "2022-01-01T00:00:00", "end": "2025-06-30T23:59:59", **order})
    return shop


@pytest.mark.parametrize("order", [
    {"after": "customer_id.signup_date"},
    {"after": "customer_id.signup_date", "profile": "business_hours", "step": 15},
    {"after": "customer_id.signup_date", "min_days": 1, "max_days": 90},
])
def test_a_child_date_follows_its_parent_rows_keyed_date_in_every_chunk(order):
    """An order after its customer's signup: joined on the key, across chunk boundaries (3 × 1,500
    customers' orders in chunks of 8,192), within the order's own window unless it gives a gap."""
    schema = MultiTableSchema.from_dict(_signups_and_orders(order))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(dataset_build(schema=schema, rows=6000, seed=5, fmt="zip").chunks)))
    read = {name: list(csv.DictReader(io.StringIO(archive.read(name).decode()))) for name in ("customers.csv", "orders.csv")}
    signups = {row["customer_id"]: row["signup_date"] for row in read["customers.csv"]}
    orders = read["orders.csv"]
    assert len(orders) == 18000 and len(set(signups.values())) > 1000
    gaps = [(dt.datetime.fromisoformat(row["ordered_at"]) - dt.datetime.fromisoformat(signups[row["customer_id"]])).days for row in orders]
    assert min(gaps) >= 0
    if "max_days" in order:
        assert max(gaps) <= 90 and min(gaps) >= 1
    else:
        assert all("2022-01-01" <= row["ordered_at"] for row in orders if signups[row["customer_id"]] < "2022-01-01")
        assert max(row["ordered_at"] for row in orders) <= "2025-06-30T23:59:59"


def test_a_keyed_date_is_the_same_whichever_rows_are_asked_for():
    """The parent's keyed dates depend on the row only: the first k rows of a larger table are the same."""
    schema = MultiTableSchema.from_dict(_signups_and_orders({"after": "customer_id.signup_date"}))
    small, large = (dataset_build(schema=schema, rows=rows, seed=5, fmt="csv", table="customers") for rows in (50, 9000))
    first = b"".join(small.chunks).decode().splitlines()
    assert b"".join(large.chunks).decode().splitlines()[: len(first)] == first


@pytest.mark.parametrize(("change", "fragment"), [
    ({"after": "total.signup_date"}, "must start with a reference column"),
    ({"after": "customer_id.name"}, "with keyed yes"),
    ({"after": "customer_id.birthday"}, "with keyed yes"),
])
def test_a_date_after_a_parent_date_must_name_a_reference_and_a_keyed_date(change, fragment):
    with pytest.raises(SchemaError) as raised:
        MultiTableSchema.from_dict(_signups_and_orders(change))
    assert fragment in str(raised.value) and "ordered_at" in str(raised.value)


def test_a_date_follows_no_keyed_parent_date_unless_the_parent_says_keyed():
    shop = _signups_and_orders({"after": "customer_id.signup_date"})
    del shop["tables"][1]["columns"][-1]["keyed"]
    with pytest.raises(SchemaError, match="with keyed yes"):
        MultiTableSchema.from_dict(shop)


def test_a_table_of_a_fixed_number_of_rows_keeps_it_whatever_the_request():
    """'our 12 laundromats': the counted table has its 12 rows at any size, and its children refer to them all."""
    shop = json.loads(json.dumps(SHOP))
    shop["tables"][1]["rows"] = 12
    schema = MultiTableSchema.from_dict(shop)
    assert schema.row_counts(10) == {"customers": 12, "orders": 30} and schema.row_counts(5000)["customers"] == 12
    assert MultiTableSchema.from_dict(schema.to_dict()) == schema and schema.to_dict()["tables"][0]["rows"] == 12
    archive = zipfile.ZipFile(io.BytesIO(b"".join(dataset_build(schema=schema, rows=3000, seed=1, fmt="zip").chunks)))
    orders = list(csv.DictReader(io.StringIO(archive.read("orders.csv").decode())))
    assert len(orders) == 9000 and {row["customer_id"] for row in orders} == {str(i) for i in range(1, 13)}


@pytest.mark.parametrize("rows", [0, 2.5, True, "12", 100_001])
def test_a_fixed_number_of_rows_must_be_a_whole_number_in_range(rows):
    shop = json.loads(json.dumps(SHOP))
    shop["tables"][1]["rows"] = rows
    with pytest.raises(SchemaError, match="rows must be a whole number") as raised:
        MultiTableSchema.from_dict(shop)
    assert raised.value.problems[0].table == "customers"


def test_a_fixed_number_of_rows_goes_without_a_ratio():
    shop = json.loads(json.dumps(SHOP))
    shop["tables"][0]["rows"] = 50
    with pytest.raises(SchemaError, match="without rows_ratio"):
        MultiTableSchema.from_dict(shop)
