"""Messy-data mode: every defect is logged, and the log turns the messy file back into the clean twin."""

import csv
import io
import re
import zipfile

import pytest

from generator.options import DownloadOptions, MessyError, parse_messy
from generator.schema import DatasetSchema
from generator.services import DatasetOptionError, dataset_build
from generator.writers.messy import KNOBS, SERIES_KNOBS

SCHEMA = DatasetSchema.from_dict(
    {
        "title": "Patients",
        "columns": [
            {"name": "patient_id", "type": "id"},
            {"name": "name", "type": "full_name"},
            {"name": "sex", "type": "category", "values": ["Female", "Male"]},
            {"name": "age", "type": "age"},
            {"name": "weight", "type": "decimal", "min": 40, "max": 150, "decimals": 1, "unit": "kg"},
            {"name": "admitted", "type": "date"},
            {"name": "city", "type": "city"},
        ],
    }
)


def bundle(messy: str, rows: int = 3000, seed: int = 7, schema: DatasetSchema = SCHEMA, student: str = "") -> dict[str, list[list[str]]]:
    """The instructor's zip (the clean twin and the defect log are only in that one)."""
    data = b"".join(dataset_build(schema=schema, rows=rows, seed=seed, fmt="zip", messy=parse_messy(messy), student=student, answers=True).chunks)
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: list(csv.reader(io.StringIO(archive.read(name).decode()))) for name in ("messy.csv", "clean.csv", "defects.csv")}


def test_the_defect_log_is_exactly_the_diff_between_clean_and_messy():
    files = bundle("all")
    assert files["defects.csv"][0] == ["row", "column", "kind", "original", "messy"]
    assert {kind for _, _, kind, _, _ in files["defects.csv"][1:]} == set(KNOBS) - set(SERIES_KNOBS)  # a series': tests/test_series.py
    assert _repairs(files) > 100


def _repairs(files) -> int:
    """Undo every logged defect in the messy file, check that gives the clean file; the count of changed rows."""
    header, messy, clean = files["messy.csv"][0], files["messy.csv"][1:], files["clean.csv"][1:]
    defects = files["defects.csv"][1:]
    repaired = [list(row) for row in messy]
    duplicate_rows = set()
    for row, column, kind, original, value in defects:
        index = int(row) - 1
        if kind == "duplicates":
            duplicate_rows.add(index)
            assert repaired[index] == messy[int(original.split()[-1]) - 1]
            continue
        position = header.index(column)
        assert repaired[index][position] == value != original
        repaired[index][position] = original
    kept = [row for index, row in enumerate(repaired) if index not in duplicate_rows]
    assert kept == clean
    return sum(a != b for a, b in zip([r for i, r in enumerate(messy) if i not in duplicate_rows], clean))


def test_same_seed_same_defects_other_seed_other_defects():
    assert bundle("typos,missing", rows=500) == bundle("typos,missing", rows=500)
    assert bundle("typos,missing", rows=500)["defects.csv"] != bundle("typos,missing", rows=500, seed=8)["defects.csv"]


def test_only_the_asked_defects_appear_at_about_their_rate():
    defects = bundle("missing:0.1", rows=4000)["defects.csv"][1:]
    assert {kind for _, _, kind, _, _ in defects} == {"missing"}
    share = len(defects) / (4000 * len(SCHEMA.columns))
    assert share == pytest.approx(0.1, abs=0.015)


def test_dependent_missingness_follows_another_column():
    files = bundle("missing_dependent:0.2", rows=4000)
    header, clean = files["clean.csv"][0], files["clean.csv"][1:]
    blanked = [(int(row) - 1) for row, column, *_ in files["defects.csv"][1:] if column == "name"]
    driver = header.index("age")
    ages = sorted(float(row[driver]) for row in clean)
    median = ages[len(ages) // 2]
    high = sum(float(clean[i][driver]) > median for i in blanked)
    assert high > 0.65 * len(blanked)


def test_plain_csv_download_is_the_messy_file():
    data = b"".join(dataset_build(schema=SCHEMA, rows=200, seed=7, fmt="csv", messy=parse_messy("date_formats:0.5")).chunks).decode()
    dates = [row[5] for row in csv.reader(io.StringIO(data))][1:]
    assert any("/" in d or "," in d for d in dates) and any(len(d) == 10 and d[4] == "-" for d in dates)


@pytest.mark.parametrize("text, fragment", [("typo", "unknown defect 'typo'"), ("missing:2", "from 0 to 0.5"), ("missing:x", "must be a number")])
def test_bad_knobs_say_what_is_allowed(text, fragment):
    with pytest.raises(MessyError, match=fragment):
        parse_messy(text)


def test_messy_mode_only_for_csv_and_zip():
    with pytest.raises(DatasetOptionError) as info:
        dataset_build(schema=SCHEMA, rows=10, seed=1, fmt="parquet", messy={"missing": 0.1})
    assert info.value.field == "messy"


def test_the_first_rows_get_the_same_defects_whatever_the_row_count():
    small = bundle("all", rows=300)
    large = bundle("all", rows=900)
    assert large["clean.csv"][:301] == small["clean.csv"]
    first = [d for d in large["defects.csv"][1:] if int(d[0]) <= 250]
    assert first == [d for d in small["defects.csv"][1:] if int(d[0]) <= 250]


def test_a_defect_never_uncovers_a_formula():
    schema = DatasetSchema.from_dict({"title": "t", "columns": [{"name": "c", "type": "category", "values": ["=1+1", "+call", "-x"]}]})
    data = b"".join(dataset_build(schema=schema, rows=2000, seed=1, fmt="csv", messy=parse_messy("typos:0.5,casing:0.5,category_spellings:0.5")).chunks)
    cells = [row[0] for row in csv.reader(io.StringIO(data.decode()))][1:]
    assert not any(cell.lstrip().startswith(("=", "+", "-", "@")) and not cell.startswith("'") for cell in cells)


FORMULAS = DatasetSchema.from_dict(
    {
        "title": "Formulas",
        "columns": [
            {"name": "c", "type": "category", "values": ["=1+1", "+call", "-x", "@sum", "plain"]},
            {"name": "t", "type": "code", "pattern": "=??-###"},
            {"name": "amount", "type": "decimal", "min": -5000, "max": 5000, "decimals": 2, "unit": "kg"},
        ],
    }
)


def test_the_log_holds_the_text_behind_the_formula_guard_and_no_live_formula():
    files = bundle("typos:0.4,casing:0.4,category_spellings:0.4,number_formats:0.3,outliers:0.2,missing:0.05", rows=3000, schema=FORMULAS)
    assert _repairs(files) > 500  # every logged messy value is exactly the file's cell
    guarded = [d for d in files["defects.csv"][1:] if d[4].startswith("'")]
    assert guarded, "some defects change text that keeps its apostrophe"
    for name in ("messy.csv", "defects.csv"):
        for row in files[name][1:]:
            for cell in row:
                live = cell.startswith(("=", "+", "-", "@", "\t", "\r")) and not re.fullmatch(r"-[0-9]+(\.[0-9]+)?", cell)
                assert not live, (name, row)


def test_each_student_gets_defects_in_other_cells():
    first, again, other = (bundle("typos,missing,casing", rows=2000, seed=5, student=s) for s in ("s1", "s1", "s2"))
    assert first == again
    cells = [{(d[0], d[1]) for d in files["defects.csv"][1:]} for files in (first, other)]
    assert len(cells[0] & cells[1]) < 0.2 * len(cells[0])
    assert _repairs(first) > 100 and _repairs(other) > 100


def test_typos_keep_text_in_other_scripts_valid():
    schema = DatasetSchema.from_dict({"title": "t", "locale": "fr_FR", "columns": [{"name": "name", "type": "full_name"}, {"name": "city", "type": "city"}]})
    files = bundle("typos:0.5", rows=3000, schema=schema)
    assert _repairs(files) > 1000
    assert any(not d[3].isascii() for d in files["defects.csv"][1:])


def test_messy_data_has_the_row_limit_of_other_downloads(settings):
    """No cap on cells: 1M rows of 7 columns (once refused at 2M cells) are allowed."""
    assert DownloadOptions(rows=settings.SYNTH_MAX_ROWS, fmt="zip", seed=1, messy=parse_messy("all")).problem(SCHEMA) is None
    data = b"".join(dataset_build(schema=SCHEMA, rows=400_000, seed=1, fmt="csv", messy=parse_messy("all")).chunks)
    assert data.count(b"\n") > 400_000


SENSORS = DatasetSchema.from_dict({
    "title": "Sensors", "series": {"entity": "sensor", "entities": 7, "time": "time", "frequency": "hour", "start": "2024-01-01T00:00:00"},
    "columns": [
        {"name": "time", "type": "datetime"},
        {"name": "sensor", "type": "code", "pattern": "S-###"},
        {"name": "temp", "type": "series_value", "mean": 20, "noise": 0.2, "memory": 0.5, "unit": "°C", "decimals": 1},
        {"name": "load", "type": "series_value", "mean": 500, "noise": 0.2, "decimals": 1},
    ],
})  # stuck runs may start near a chunk's end; left-out rows renumber what follows


@pytest.mark.parametrize("schema", [SCHEMA, SENSORS], ids=["table", "series"])
def test_the_defects_do_not_depend_on_how_chunks_are_batched(schema, monkeypatch, settings):
    """Messy mode works on batches of up to engine.BATCH_CHUNKS chunks; each chunk gets the defects
    it gets alone (a stuck run stays in its chunk), in every messy download, with or without threads."""
    from generator import engine

    rows = 5 * engine.CHUNK_ROWS + 77  # batches of 1, 1, 2 and 2 chunks, the last one short
    knobs = {**parse_messy("all"), "stuck": 0.01, "unit_slips": 0.01, "missing_timestamps": 0.01}

    def downloads(pipeline: bool) -> list[bytes]:
        settings.SYNTH_PIPELINE = pipeline
        return [b"".join(dataset_build(schema=schema, rows=rows, seed=3, fmt=fmt, messy=knobs, answers=answers).chunks)
                for fmt, answers in (("csv", False), ("zip", True))]

    batched = downloads(pipeline=True)
    monkeypatch.setattr(engine, "BATCH_CHUNKS", 1)
    assert downloads(pipeline=False) == batched
    assert downloads(pipeline=True) == batched


def test_dates_in_other_formats_are_what_strftime_writes():
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from generator.writers.messy import _DATE_FORMATS, _date_text

    dates = pa.array(np.arange(np.datetime64("0001-01-01"), np.datetime64("9999-12-31"), 97)).cast(pa.string())
    for form in _DATE_FORMATS:
        assert _date_text(form, dates).equals(pc.strftime(pc.strptime(dates, format="%Y-%m-%d", unit="s"), format=form)), form
    assert _date_text("%b %d, %Y", pa.array(["2024-01-31"])).to_pylist() == ["Jan 31, 2024"]


def test_thousand_separators_go_before_each_three_digits_of_the_whole_part():
    import pyarrow as pa

    from generator.writers.messy import _grouped

    numbers = ["0", "999", "1000", "-1000", "1234567.5", "-12345678.125", "100000", "12", None]
    assert _grouped(pa.array(numbers)).to_pylist() == ["0", "999", "1,000", "-1,000", "1,234,567.5", "-12,345,678.125", "100,000", "12", None]
    assert _grouped(pa.array(numbers).slice(4, 2)).to_pylist() == ["1,234,567.5", "-12,345,678.125"]
