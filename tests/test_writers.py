import csv
import io
import json

import pyarrow as pa

from generator.arrow_text import neutralise
from generator.engine import ColumnChunk, generate_chunks
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


def test_json_is_an_array_of_typed_row_objects():
    text = b"".join(json_stream(TYPED, generate_chunks(TYPED, rows=300, seed=4), {"seed": 4, "rows": 300}))
    data = json.loads(text)
    assert isinstance(data, list) and len(data) == 300
    row = data[0]
    assert list(row) == [c.name for c in TYPED.columns]
    assert isinstance(row["n"], int) and isinstance(row["price"], float)
    assert {type(r["flag"]) for r in data} == {bool, type(None)}
    assert {r["label"] for r in data} == {"=SUM(A1)", "+1", "-x", "@me", "\tTab", "plain, with comma", 'say "hi"'}


def test_json_of_zero_chunks_is_still_valid():
    assert json.loads(b"".join(json_stream(TYPED, iter([]), {"rows": 0}))) == []


def test_json_escapes_quotes_backslashes_and_control_characters():
    values = ['a"b', "back\\slash", "nul\x00here", "bell\x07", "tab\tnew\nline", "ünï €", "\u2028sep"]
    # Built as a chunk directly: validation may refuse such values in a schema, the writer must not break on them
    schema = DatasetSchema.from_dict({"title": "Esc", "columns": [{"name": "s", "type": "category", "values": ["x"]}]})
    chunks = [{"s": ColumnChunk(pa.array(values), None)}]
    assert [row["s"] for row in json.loads(b"".join(json_stream(schema, chunks)))] == values


def test_numbers_print_the_same_digits_through_either_decimal_width():
    """Numbers printed through Arrow's 64-bit decimals (the fast path, below DECIMAL64_UNITS)
    read exactly as through its 128-bit decimals, at every number of decimals."""
    import numpy as np

    from generator.writers.cells import DECIMAL64_UNITS, fixed_point

    rng = np.random.default_rng(11)
    for decimals in range(11):
        largest = DECIMAL64_UNITS / 10.0**decimals
        values = np.round(np.concatenate([(rng.random(20_000) - 0.5) * 2 * largest * 10.0 ** -rng.integers(0, 12, 20_000), [0.0, -0.0, largest * 0.999]]), decimals)
        fast = fixed_point(values, None, decimals)
        assert fast.type == pa.decimal64(18, decimals)
        assert fast.cast(pa.string()).equals(pa.array(values).cast(pa.decimal128(38, decimals), safe=False).cast(pa.string()))
    assert fixed_point(np.array([2e14]), None, 1).type == pa.decimal128(38, 1)


def test_has_bytes_finds_each_wanted_byte_and_nothing_else():
    """The check before escaping (JSON, SQL, Excel) answers as a lookup of every byte would."""
    from generator.arrow_text import byte_set, has_bytes

    wanted = byte_set(*range(32), ord('"'), ord("\\"), 0xEF)
    for code in range(1, 128):
        assert has_bytes(pa.array(["plain", f"a{chr(code)}b"]), wanted) == (code < 32 or chr(code) in '"\\')
    assert has_bytes(pa.array(["\ufeff"]), wanted)  # UTF-8 EF BB BF
    assert not has_bytes(pa.array(["é", None]), wanted)
    assert not has_bytes(pa.array([None, None], type=pa.string()), wanted)
