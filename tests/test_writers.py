import csv
import io
import json

from generator.arrow_text import neutralise
from generator.engine import generate_chunks
from generator.schema import DatasetSchema
from generator.writers import csv_stream, json_stream

TYPED = DatasetSchema.from_dict(
    {
        "title": "Typed",
        "columns": [
            {"name": "n", "type": "integer", "min": -5, "max": 5},
            {"name": "price", "type": "price", "min": 1, "max": 2},
            {"name": "flag", "type": "boolean", "null_rate": 0.3},
            {"name": "day", "type": "date", "start": "2024-01-01", "end": "2024-12-31"},
            {"name": "moment", "type": "datetime"},
            {"name": "clock", "type": "time"},
            {"name": "label", "type": "category", "values": ["=SUM(A1)", "+1", "-x", "@me", "\tTab", "plain, with comma", 'say "hi"']},
        ],
    }
)


def read_csv(schema, rows, seed=1):
    text = b"".join(csv_stream(schema, generate_chunks(schema, rows=rows, seed=seed))).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_values_are_plain_and_typed():
    rows = read_csv(TYPED, 500)
    assert list(rows[0]) == ["n", "price", "flag", "day", "moment", "clock", "label"]
    for row in rows:
        assert -5 <= int(row["n"]) <= 5
        whole, _, decimals = row["price"].partition(".")
        assert len(decimals) == 2 and 1 <= float(row["price"]) <= 2
        assert row["flag"] in ("true", "false", "")
        assert len(row["day"]) == 10 and row["day"][4] == "-"
        assert "T" in row["moment"] and len(row["moment"]) == 19
        assert len(row["clock"]) == 8 and row["clock"][2] == ":"
    assert any(row["flag"] == "" for row in rows), "null cells are empty"


def test_csv_neutralises_formula_text_but_keeps_other_text_intact():
    labels = {row["label"] for row in read_csv(TYPED, 500)}
    assert labels == {"'=SUM(A1)", "'+1", "'-x", "'@me", "'\tTab", "plain, with comma", 'say "hi"'}
    assert any(row["n"].startswith("-") for row in read_csv(TYPED, 200)), "negative numbers stay numbers"


def test_neutralise_covers_every_formula_start():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise(start + "x") == "'" + start + "x"
    assert neutralise("x=1") == "x=1"


def test_json_is_valid_typed_and_carries_the_seed():
    text = b"".join(json_stream(TYPED, generate_chunks(TYPED, rows=300, seed=4), {"seed": 4, "rows": 300}))
    data = json.loads(text)
    assert data["seed"] == 4 and len(data["data"]) == 300
    row = data["data"][0]
    assert isinstance(row["n"], int) and isinstance(row["price"], float)
    assert {type(r["flag"]) for r in data["data"]} == {bool, type(None)}
    assert row["label"] in {"=SUM(A1)", "+1", "-x", "@me", "\tTab", "plain, with comma", 'say "hi"'}


def test_json_of_zero_chunks_is_still_valid():
    assert json.loads(b"".join(json_stream(TYPED, iter([]), {"rows": 0}))) == {"rows": 0, "data": []}
