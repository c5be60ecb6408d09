"""Every format read by the tool a learner uses, every cell compared with the CSV.

The CSV is the reference (its text cells, with formula text un-neutralised); each other file is
read with pandas (defaults, plus `dtype=str` for the text columns as the data dictionary
advises), DuckDB, sqlite3, a real PostgreSQL through `psql -v ON_ERROR_STOP=1` (with
standard_conforming_strings on and off) and frictionless, and each value is brought to the CSV's
text form (numbers with the column's decimals, ISO dates) before comparing.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import sqlite3
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pytest

from generator.arrow_text import FORMULA_STARTS
from generator.engine import ColumnChunk
from generator.schema import DatasetSchema
from generator.services import dataset_build
from generator.tables import MultiTableSchema
from generator.writers.sql import sql_stream

ROWS, SEED = 3000, 11
INJECTION = "x\\'); DROP TABLE reader_check; --"
SCHEMA = DatasetSchema.from_dict(
    {
        "title": "Reader Check",
        "locale": "en_US",
        "columns": [
            {"name": "id", "type": "id"},
            {"name": "name", "type": "full_name"},
            {"name": "zip", "type": "postcode"},
            {"name": "qty", "type": "integer", "min": 0, "max": 6, "null_rate": 0.1},
            {"name": "price", "type": "price", "min": 1, "max": 500},
            {"name": "income", "type": "decimal", "min": 1000, "max": 9000, "decimals": 2, "correlate_with": "price", "correlation": 0.5},
            {"name": "unit_price", "type": "derived", "expression": "price / qty"},
            {"name": "third", "type": "derived", "expression": "income / 3", "decimals": 3},
            {"name": "active", "type": "boolean", "null_rate": 0.1},
            {"name": "day", "type": "date", "start": "2020-01-01", "end": "2024-12-31"},
            {"name": "seen_at", "type": "datetime"},
            {"name": "clock", "type": "time"},
            {"name": "note", "type": "category", "null_rate": 0.1,
             "values": ["=1+1", "it's", INJECTION, "a, b", "line\nbreak", "ünïcode €", "back\\slash", "<tag>&amp;", "_x0041_"]},
        ],
    }
)
KINDS = {column.name: column.kind for column in SCHEMA.columns}
DECIMALS = {column.name: column.column_type.decimals(column.params) for column in SCHEMA.columns}
TEXT = {column.name: str for column in SCHEMA.columns if column.kind == "string"}


def download(fmt: str, schema: Any = SCHEMA, rows: int = ROWS) -> bytes:
    return b"".join(dataset_build(schema=schema, rows=rows, seed=SEED, fmt=fmt).chunks)


def canon(name: str, value: Any) -> str | None:
    """A value as the CSV writes it (None for missing)."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    kind = KINDS[name]
    if kind == "number":
        text = f"{Decimal(str(value)) if isinstance(value, str) else value:.{DECIMALS[name]}f}"
        return "0." + "0" * DECIMALS[name] if float(text) == 0 else text
    if kind == "integer":
        return str(int(value))
    if kind == "boolean" and isinstance(value, (bool, int, float, np.bool_, np.number)):
        return "true" if value else "false"  # pandas reads true/false with gaps as 1.0/0.0, sqlite as 1/0
    if kind == "boolean":
        return {"t": "true", "f": "false", "1": "true", "0": "false", "True": "true", "False": "false"}.get(str(value), str(value).lower())
    if isinstance(value, str):
        return value.replace(" ", "T") if kind == "datetime" and len(value) == 19 else value
    if kind == "date":
        return value.strftime("%Y-%m-%d")
    if kind == "datetime":
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if kind == "time":
        return value.strftime("%H:%M:%S")
    return str(value)


def unneutralised(text: str | None) -> str | None:
    return text[1:] if text and text[0] == "'" and text[1:2] and text[1] in FORMULA_STARTS else text


@pytest.fixture(scope="module")
def reference() -> list[dict[str, str | None]]:
    """The CSV's cells as text; unquoted empty cells are missing, formula text un-neutralised."""
    options = pa_csv.ConvertOptions(column_types={name: pa.string() for name in KINDS}, strings_can_be_null=True, quoted_strings_can_be_null=False)
    rows = pa_csv.read_csv(io.BytesIO(download("csv")), convert_options=options).to_pylist()
    assert len(rows) == ROWS
    return [{name: unneutralised(value) if KINDS[name] == "string" else value for name, value in row.items()} for row in rows]


def assert_same(reference: list[dict], rows: list[dict], label: str) -> None:
    assert len(rows) == len(reference), f"{label}: {len(rows)} rows, the CSV has {len(reference)}"
    wrong = [(i, name, want, canon(name, row[name])) for i, (want_row, row) in enumerate(zip(reference, rows))
             for name, want in want_row.items() if canon(name, row[name]) != want]
    assert not wrong, f"{label}: {len(wrong)} cells differ from the CSV, e.g. (row, column, CSV, file) {wrong[:5]}"


def excel_unescaped(text: str | None) -> str | None:
    return None if text is None else re.sub("_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), text)


def frame_rows(frame: pd.DataFrame) -> list[dict]:
    return [{name: (None if pd.isna(value) else value) for name, value in row.items()} for row in frame.astype(object).to_dict("records")]


def test_the_data_makes_the_comparisons_meaningful(reference):
    column = {name: [row[name] for row in reference] for name in KINDS}
    assert any(z and z.startswith("0") for z in column["zip"]), "some ZIP codes start with 0"
    assert None in column["unit_price"] and any(q == "0" for q in column["qty"]), "a division by zero leaves a cell empty"
    assert {INJECTION, "=1+1", "line\nbreak", "back\\slash"} <= set(column["note"])
    assert any(len(t.split(".")[1]) == 3 and t[-1] != "0" for t in column["third"] if t)


def test_pandas_reads_csv_json_jsonl_parquet_and_excel_alike(reference):
    readers = {
        "csv": lambda data: pd.read_csv(io.BytesIO(data), dtype=TEXT),
        "json": lambda data: pd.read_json(io.BytesIO(data), dtype=TEXT),
        "jsonl": lambda data: pd.read_json(io.BytesIO(data), lines=True, dtype=TEXT),
        "parquet": lambda data: pd.read_parquet(io.BytesIO(data)),
        "xlsx": lambda data: pd.read_excel(io.BytesIO(data), dtype=TEXT),
    }
    for fmt, read in readers.items():
        rows = frame_rows(read(download(fmt)))
        if fmt == "csv":  # pandas reads what the CSV holds: formula text keeps its apostrophe
            rows = [{name: unneutralised(value) if KINDS[name] == "string" else value for name, value in row.items()} for row in rows]
        if fmt == "xlsx":  # openpyxl leaves Excel's _xHHHH_ escapes as they are written; Excel decodes them
            rows = [{name: excel_unescaped(value) if KINDS[name] == "string" else value for name, value in row.items()} for row in rows]
        assert_same(reference, rows, f"pandas {fmt}")


def test_duckdb_reads_json_jsonl_and_parquet_alike(reference, tmp_path):
    for fmt, function in (("json", "read_json"), ("jsonl", "read_json"), ("parquet", "read_parquet")):
        path = tmp_path / f"data.{fmt}"
        path.write_bytes(download(fmt))
        result = duckdb.sql(f"SELECT * FROM {function}('{path}')")
        rows = [dict(zip(result.columns, row)) for row in result.fetchall()]
        assert_same(reference, rows, f"duckdb {fmt}")


def test_sqlite_loads_the_script_twice_with_every_cell(reference):
    script = download("sqlite").decode()
    db = sqlite3.connect(":memory:")
    db.executescript(script)
    db.executescript(script)  # DROP TABLE IF EXISTS: the script can be run again
    cursor = db.execute('SELECT * FROM "reader_check" ORDER BY "id"')
    rows = [dict(zip([d[0] for d in cursor.description], row)) for row in cursor]
    assert_same(reference, rows, "sqlite3")


def psql(server, database: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", str(server.folder), "-p", "5432", "-U", server.user, "-d", database, *args],
                          input=stdin, capture_output=True, text=True, timeout=300)


def new_database(server, conforming: str) -> str:
    name = server.new_database().rsplit("/", 1)[1]
    done = psql(server, name, "-c", f"ALTER DATABASE {name} SET standard_conforming_strings = {conforming}")
    assert done.returncode == 0, done.stderr
    return name


def postgres_rows(server, database: str, table: str) -> list[dict]:
    done = psql(server, database, "-c", f'COPY (SELECT * FROM "{table}" ORDER BY 1) TO STDOUT WITH (FORMAT csv, HEADER, FORCE_QUOTE *)')
    assert done.returncode == 0, done.stderr
    options = pa_csv.ConvertOptions(column_types={name: pa.string() for name in KINDS}, strings_can_be_null=True, quoted_strings_can_be_null=False)
    return pa_csv.read_csv(io.BytesIO(done.stdout.encode()), convert_options=options).to_pylist()


@pytest.mark.parametrize("conforming", ["on", "off"])
def test_postgresql_loads_the_script_twice_under_either_string_setting(reference, postgres_server, tmp_path, conforming):
    database = new_database(postgres_server, conforming)
    script = tmp_path / "data.sql"
    script.write_bytes(download("postgresql"))
    for _ in range(2):
        done = psql(postgres_server, database, "-f", str(script))
        assert done.returncode == 0, done.stderr
    assert_same(reference, postgres_rows(postgres_server, database, "reader_check"), f"psql (standard_conforming_strings={conforming})")


def test_without_its_setting_line_the_script_breaks_on_a_non_conforming_server(postgres_server, tmp_path):
    """Shows the check above can fail: the SET line is what keeps the backslash text literal."""
    database = new_database(postgres_server, "off")
    script = tmp_path / "data.sql"
    script.write_text(download("postgresql").decode().replace("SET standard_conforming_strings = on;\n", ""))
    done = psql(postgres_server, database, "-f", str(script))
    values = [] if done.returncode else [row["note"] for row in postgres_rows(postgres_server, database, "reader_check")]
    assert done.returncode != 0 or INJECTION not in values


def test_nul_and_control_characters_never_break_sqlite_or_postgresql(postgres_server, tmp_path):
    schema = DatasetSchema.from_dict({"title": "Odd Text", "columns": [{"name": "id", "type": "id"}, {"name": "s", "type": "category", "values": ["x"]}]})
    values = ["nul\x00inside", "bell\x07 and\x1b escape", "cr\rlf\n", "quote'\\"]
    chunk = {"id": ColumnChunk(np.arange(1, 5), None), "s": ColumnChunk(pa.array(values), None)}
    expected = [v.replace("\x00", "\ufffd") for v in values]
    db = sqlite3.connect(":memory:")
    db.executescript(b"".join(sql_stream(schema, [chunk], dialect="sqlite")).decode())
    assert [row[0] for row in db.execute('SELECT "s" FROM "odd_text" ORDER BY "id"')] == expected
    database = new_database(postgres_server, "on")
    script = tmp_path / "odd.sql"
    script.write_bytes(b"".join(sql_stream(schema, [chunk], dialect="postgresql")))
    done = psql(postgres_server, database, "-f", str(script))
    assert done.returncode == 0, done.stderr
    got = psql(postgres_server, database, "-A", "-t", "-c", "SELECT json_agg(s ORDER BY id) FROM odd_text")
    assert json.loads(got.stdout) == expected


def test_multi_table_scripts_drop_children_first_and_run_twice(postgres_server, tmp_path):
    shop = MultiTableSchema.from_dict(json.loads((Path(__file__).parent.parent / "examples" / "shop.json").read_text()))
    script = download("postgresql", schema=shop, rows=200).decode()
    drops = [line for line in script.splitlines() if line.startswith("DROP TABLE")]
    creates = [line for line in script.splitlines() if line.startswith("CREATE TABLE")]
    assert [d.split()[-1].rstrip(";") for d in drops] == [c.split()[2] for c in reversed(creates)]
    database = new_database(postgres_server, "on")
    (tmp_path / "shop.sql").write_text(script)
    for _ in range(2):
        done = psql(postgres_server, database, "-f", str(tmp_path / "shop.sql"))
        assert done.returncode == 0, done.stderr
    db = sqlite3.connect(":memory:")
    db.execute("PRAGMA foreign_keys = ON")
    sqlite_script = download("sqlite", schema=shop, rows=200).decode()
    db.executescript(sqlite_script)
    db.executescript(sqlite_script)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def package_report(data: bytes, folder: Path):
    from frictionless import Package

    zipfile.ZipFile(io.BytesIO(data)).extractall(folder)
    return json.loads((folder / "datapackage.json").read_text()), Package(str(folder / "datapackage.json")).validate()


def test_frictionless_validates_a_package_with_division_by_zero(tmp_path):
    package, report = package_report(download("zip"), tmp_path)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    fields = {field["name"]: field for field in package["resources"][0]["schema"]["fields"]}
    assert "required" not in fields["unit_price"].get("constraints", {}), "a ratio can divide by zero"
    assert fields["price"]["constraints"]["required"] is True and fields["zip"]["type"] == "string"


@pytest.mark.parametrize("example", sorted(p.name for p in (Path(__file__).parent.parent / "examples").glob("*.json")))
def test_frictionless_validates_every_example_package(example, tmp_path):
    raw = json.loads((Path(__file__).parent.parent / "examples" / example).read_text())
    schema = MultiTableSchema.from_dict(raw) if "tables" in raw else DatasetSchema.from_dict(raw)
    _, report = package_report(download("zip", schema=schema, rows=600), tmp_path)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_excel_and_parquet_hold_native_types():
    frame = pd.read_excel(io.BytesIO(download("xlsx", rows=50)))
    assert frame["day"].dtype.kind == "M" and frame["price"].dtype.kind == "f" and frame["id"].dtype.kind == "i"
    assert isinstance(frame["clock"].dropna().iloc[0], dt.time)


def test_the_preview_shows_the_csv_cells(reference):
    from generator.services import preview_build

    preview = preview_build(schema=SCHEMA, rows=ROWS, seed=SEED)
    shown = [dict(zip(preview.columns, row)) for row in preview.rows]
    want = reference[: len(shown)]
    got = [{name: unneutralised(value) if KINDS[name] == "string" else value for name, value in row.items()} for row in shown]
    assert len(shown) >= 10 and got == want


def test_parquet_holds_the_rounded_number_itself(reference):
    """Parquet's float equals the CSV's decimal text read as a float: no second rounding anywhere."""
    frame = pd.read_parquet(io.BytesIO(download("parquet")))
    for name in ("price", "income", "unit_price", "third"):
        want = [None if row[name] is None else float(row[name]) for row in reference]
        got = [None if pd.isna(value) else value for value in frame[name]]
        assert got == want, name
