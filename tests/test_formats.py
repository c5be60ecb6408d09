"""Every format round-trips: the reader each learner uses gets the same rows, columns and types."""

import datetime as dt
import io
import json
import sqlite3

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from generator.schema import DatasetSchema
from generator.services import dataset_build
from generator.writers import FORMATS
from generator.writers.cells import rows_as_dicts

SCHEMA = DatasetSchema.from_dict(
    {
        "title": "Typed Things",
        "columns": [
            {"name": "id", "type": "id"},
            {"name": "name", "type": "full_name"},
            {"name": "count", "type": "integer", "min": -5, "max": 500, "null_rate": 0.2},
            {"name": "price", "type": "price", "null_rate": 0.1},
            {"name": "active", "type": "boolean", "null_rate": 0.2},
            {"name": "day", "type": "date", "null_rate": 0.1},
            {"name": "seen_at", "type": "datetime"},
            {"name": "clock", "type": "time"},
            {"name": "note", "type": "category", "values": ["=1+1", "it's", 'say "hi"', "a, b", "line\nbreak", "ünïcode"], "null_rate": 0.1},
        ],
    }
)
ROWS = 300


def download(fmt: str, rows: int = ROWS) -> bytes:
    return b"".join(dataset_build(schema=SCHEMA, rows=rows, seed=5, fmt=fmt).chunks)


@pytest.fixture(scope="module")
def expected():
    return rows_as_dicts(SCHEMA, rows=ROWS, seed=5)


def test_csv_round_trips_through_pyarrow_with_types(expected):
    # Unquoted empty cells are nulls; quoted "" would be an empty string.
    options = pa_csv.ConvertOptions(strings_can_be_null=True, quoted_strings_can_be_null=False)
    table = pa_csv.read_csv(io.BytesIO(download("csv")), convert_options=options)
    assert table.column_names == [c.name for c in SCHEMA.columns] and table.num_rows == ROWS
    assert table.schema.field("count").type == pa.int64()
    assert table.schema.field("active").type == pa.bool_()
    assert table.schema.field("day").type == pa.date32()
    assert pa.types.is_timestamp(table.schema.field("seen_at").type)
    got = table.to_pylist()
    for row, want in zip(got, expected):
        assert row["count"] == want["count"] and row["active"] == want["active"]
        assert (row["day"].isoformat() if row["day"] else None) == want["day"]
        assert row["note"] == ("'=1+1" if want["note"] == "=1+1" else want["note"])


def test_json_and_json_lines_round_trip_through_pandas(expected):
    assert json.loads(download("json")) == expected
    frame = pd.read_json(io.BytesIO(download("json")), dtype=False)
    assert list(frame.columns) == [c.name for c in SCHEMA.columns] and len(frame) == ROWS
    frame = pd.read_json(io.BytesIO(download("jsonl")), lines=True, dtype=False)
    assert list(frame.columns) == [c.name for c in SCHEMA.columns] and len(frame) == ROWS
    assert [json.loads(line) for line in download("jsonl").decode().splitlines()] == expected


def test_parquet_round_trips_with_native_types(expected):
    table = pq.read_table(io.BytesIO(download("parquet")))
    types = {field.name: field.type for field in table.schema}
    assert types["count"] == pa.int64() and types["price"] == pa.float64() and types["active"] == pa.bool_()
    assert types["day"] == pa.date32() and pa.types.is_timestamp(types["seen_at"]) and pa.types.is_time(types["clock"])
    for row, want in zip(table.to_pylist(), expected):
        assert row["count"] == want["count"] and row["price"] == want["price"] and row["active"] == want["active"]
        assert (row["day"].isoformat() if row["day"] else None) == want["day"]
        assert row["seen_at"].isoformat() == want["seen_at"] and row["clock"].isoformat() == want["clock"]
        assert row["note"] == want["note"]


def test_parquet_of_many_chunks_is_one_valid_file():
    data = download("parquet", rows=20_000)
    assert pq.ParquetFile(io.BytesIO(data)).metadata.num_rows == 20_000


def test_excel_round_trips_with_real_dates_and_booleans(expected):
    sheet = openpyxl.load_workbook(io.BytesIO(download("xlsx")), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [c.name for c in SCHEMA.columns] and len(rows) == ROWS + 1
    for row, want in zip(rows[1:], expected):
        got = dict(zip(rows[0], row))
        assert got["count"] == want["count"] and got["active"] == want["active"] and got["note"] == want["note"]
        assert (got["day"].date().isoformat() if got["day"] else None) == want["day"]
        assert isinstance(got["seen_at"], dt.datetime) and got["seen_at"].isoformat() == want["seen_at"]


def test_excel_refuses_more_rows_than_a_sheet_holds():
    with pytest.raises(ValueError, match="at most 1,048,575 rows"):
        dataset_build(schema=SCHEMA, rows=FORMATS["xlsx"].max_rows + 1, seed=1, fmt="xlsx")


def test_sqlite_script_loads_with_types_and_nulls(expected):
    """(The PostgreSQL script is loaded into a real PostgreSQL in tests/test_readers.py.)"""
    script = download("sqlite").decode()
    assert script.count("CREATE TABLE") == 1 and '"id" ' in script and "PRIMARY KEY" in script
    db = sqlite3.connect(":memory:", detect_types=sqlite3.PARSE_DECLTYPES)
    db.executescript(script)
    cursor = db.execute('SELECT * FROM "typed_things" ORDER BY "id"')
    names = [d[0] for d in cursor.description]
    got = [dict(zip(names, row)) for row in cursor]
    assert len(got) == ROWS
    for row, want in zip(got, expected):
        assert row["count"] == want["count"] and row["note"] == want["note"]
        assert row["active"] == (None if want["active"] is None else int(want["active"]))
        assert row["day"] == (dt.date.fromisoformat(want["day"]) if want["day"] else None)


def test_postgresql_script_uses_postgres_types():
    head = download("postgresql", rows=3).decode()
    assert '"count" BIGINT' in head and '"price" NUMERIC,' in head and '"active" BOOLEAN' in head
    assert '"day" DATE' in head and '"seen_at" TIMESTAMP' in head


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_is_deterministic(fmt):
    assert download(fmt, rows=50) == download(fmt, rows=50)


def test_zip_bundle_holds_data_dictionary_and_a_valid_data_package(tmp_path):
    import zipfile

    from frictionless import Package

    archive = zipfile.ZipFile(io.BytesIO(download("zip")))
    assert sorted(archive.namelist()) == ["data.csv", "datapackage.json", "dictionary.md"]
    assert archive.read("data.csv") == download("csv")
    assert "| count |" in archive.read("dictionary.md").decode() or "count" in archive.read("dictionary.md").decode()
    archive.extractall(tmp_path)
    package = json.loads((tmp_path / "datapackage.json").read_text())
    assert package["synthsite"]["seed"] == 5 and package["synthsite"]["rows"] == ROWS
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    rows = Package(str(tmp_path / "datapackage.json")).get_resource(package["resources"][0]["name"]).read_rows()
    assert len(rows) == ROWS and isinstance(rows[0]["day"], (dt.date, type(None))) and isinstance(rows[0]["active"], (bool, type(None)))


def test_data_package_validation_catches_a_broken_file(tmp_path):
    import zipfile

    from frictionless import Package

    zipfile.ZipFile(io.BytesIO(download("zip"))).extractall(tmp_path)
    data = (tmp_path / "data.csv").read_text().splitlines()
    data[3] = data[3].replace(",", ",not-a-number,", 1)
    (tmp_path / "data.csv").write_text("\n".join(data) + "\n")
    assert not Package(str(tmp_path / "datapackage.json")).validate().valid


def test_sql_scripts_make_only_the_id_column_a_primary_key():
    """A product follows its category and repeats, so it is no key: the script loads."""
    schema = DatasetSchema.from_dict({"title": "Orders", "columns": [
        {"name": "id", "type": "id"}, {"name": "product", "type": "product"}, {"name": "make", "type": "car_make"}]})
    script = b"".join(dataset_build(schema=schema, rows=200, seed=3, fmt="sqlite").chunks).decode()
    assert script.count("PRIMARY KEY") == 1 and '"id" INTEGER PRIMARY KEY' in script
    db = sqlite3.connect(":memory:")
    db.executescript(script)
    assert db.execute('SELECT COUNT(*) FROM "orders"').fetchone() == (200,)
