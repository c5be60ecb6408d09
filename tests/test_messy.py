"""Messy-data mode: every defect is logged, and the log turns the messy file back into the clean twin."""

import csv
import io
import zipfile

import pytest

from generator.options import MessyError, parse_messy
from generator.schema import DatasetSchema
from generator.services import DatasetOptionError, dataset_build
from generator.writers.messy import KNOBS

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


def bundle(messy: str, rows: int = 3000, seed: int = 7) -> dict[str, list[list[str]]]:
    data = b"".join(dataset_build(schema=SCHEMA, rows=rows, seed=seed, fmt="zip", messy=parse_messy(messy)).chunks)
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: list(csv.reader(io.StringIO(archive.read(name).decode()))) for name in ("messy.csv", "clean.csv", "defects.csv")}


def test_the_defect_log_is_exactly_the_diff_between_clean_and_messy():
    files = bundle("all")
    header, messy, clean = files["messy.csv"][0], files["messy.csv"][1:], files["clean.csv"][1:]
    defects = files["defects.csv"][1:]
    assert files["defects.csv"][0] == ["row", "column", "kind", "original", "messy"]
    assert {kind for _, _, kind, _, _ in defects} == set(KNOBS)
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
    changed = sum(a != b for a, b in zip([r for i, r in enumerate(messy) if i not in duplicate_rows], clean))
    assert changed > 100


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
