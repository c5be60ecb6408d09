"""The breadth of the registry (issue 14, item 5): short vocabularies and tables of facts from data
files and data packages, each naming its source; record columns that agree in a row; identifiers
with valid check digits; /types lists every type with samples."""

import re

import airportsdata
import pycountry
import pytest

from generator.registry import registry
from generator.schema import DatasetSchema
from generator.types.identifiers import IDENTIFIER_TYPES
from generator.types.listed import LIST_TYPES, RECORD_TYPES, records
from generator.types.vocab import load_toml
from generator.types.world import WORLD_TYPES
from generator.writers.cells import rows_as_dicts

NEW = [cls.name for cls in (*LIST_TYPES, *RECORD_TYPES, *WORLD_TYPES, *IDENTIFIER_TYPES)]


def _rows(columns, rows=400, seed=5, locale="en_US"):
    return rows_as_dicts(DatasetSchema.from_dict({"title": "t", "locale": locale, "columns": columns}), rows=rows, seed=seed)


def _column(type_name, rows=400, seed=5, locale="en_US", **params):
    return [row["c"] for row in _rows([{"name": "c", "type": type_name, **params}], rows, seed, locale)]


def test_the_registry_lists_at_least_150_types_and_each_has_samples_on_the_types_page(client):
    assert len(registry()) >= 150
    page = client.get("/types").content.decode()
    for column_type in registry():
        assert f'id="type-{column_type.name}"' in page or f">{column_type.name}<" in page, column_type.name
    from generator.services import types_catalogue

    # A reference points into another table, so it has no sample in a schema of its own.
    refers = {t.name for t in registry() if t.foreign_table(t.example_params)}
    empty = [sample.name for sample in types_catalogue() if not sample.samples and sample.name not in refers]
    assert not empty and len(refers) == 1, (empty, refers)


@pytest.mark.parametrize("type_name", NEW)
def test_every_new_type_is_seeded_varied_and_names_where_a_vocabulary_comes_from(type_name):
    column_type = registry()[type_name]
    values = _column(type_name, **column_type.example_params)
    assert all(v is not None and v != "" for v in values)
    assert len(set(values)) >= 3
    assert values == _column(type_name, **column_type.example_params)
    assert values != _column(type_name, seed=6, **column_type.example_params)
    if type_name not in [cls.name for cls in IDENTIFIER_TYPES]:
        assert column_type.vocabulary_source() in column_type.describe_generation(column_type.example_params, "en_US")


def test_every_list_has_a_source_and_matching_weights():
    for table, entry in load_toml("lists.toml").items():
        assert entry["source"] and entry["values"], table
        assert len(entry.get("weights", entry["values"])) == len(entry["values"]), table
        assert len(set(entry["values"])) == len(entry["values"]), table


def test_weights_give_common_values_more_often():
    blood = _column("blood_type", rows=4000)
    assert blood.count("O+") > 5 * blood.count("AB-")


def test_columns_of_one_record_agree_in_a_row():
    stocks = records("stocks.tsv")
    by_ticker = {t: (c, s, e) for t, c, s, e in zip(stocks["ticker"], stocks["company"], stocks["sector"], stocks["exchange"])}
    rows = _rows([{"name": "t", "type": "stock_ticker"}, {"name": "c", "type": "stock_company"}, {"name": "s", "type": "stock_sector"}, {"name": "e", "type": "stock_exchange"}])
    assert all(by_ticker[r["t"]] == (r["c"], r["s"], r["e"]) for r in rows)
    rows = _rows([{"name": "a", "type": "airline"}, {"name": "code", "type": "airline_code"}, {"name": "flight", "type": "flight_number"}])
    airlines = records("airlines.tsv")
    code_of = dict(zip(airlines["name"], airlines["code"]))
    assert all(code_of[r["a"]] == r["code"] and re.fullmatch(rf"{re.escape(r['code'])} \d{{1,4}}", r["flight"]) for r in rows)
    stars = records("celestial.tsv")
    place = {n: (ra, dec) for n, ra, dec in zip(stars["name"], stars["right_ascension"], stars["declination"])}
    rows = _rows([{"name": "o", "type": "celestial_object"}, {"name": "ra", "type": "right_ascension"}, {"name": "dec", "type": "declination"}])
    assert all(place[r["o"]] == (r["ra"], r["dec"]) and 0 <= r["ra"] < 24 and -90 <= r["dec"] <= 90 for r in rows)
    rows = _rows([{"name": "x", "type": "file_extension"}, {"name": "m", "type": "mime_type"}])
    assert {r["x"]: r["m"] for r in rows}["pdf"] == "application/pdf"


def test_airports_come_from_airportsdata_and_routes_never_return_to_their_origin():
    known = airportsdata.load("IATA")
    rows = _rows([{"name": "code", "type": "airport_code"}, {"name": "name", "type": "airport_name"}, {"name": "city", "type": "airport_city"}])
    assert all(known[r["code"]]["name"] == r["name"] and known[r["code"]]["city"] == r["city"] for r in rows)
    routes = [route.split("-") for route in _column("flight_route", rows=2000)]
    assert all(a != b and a in known and b in known for a, b in routes)


def test_iso_codes_come_from_pycountry_and_regions_from_the_locale():
    assert all(pycountry.countries.get(alpha_3=v) for v in _column("country_code_alpha3"))
    assert all(v.startswith("FR-") for v in _column("subdivision_code", locale="fr_FR"))
    assert all(pycountry.languages.get(alpha_2=v) for v in _column("language_code"))


def test_universities_follow_the_locale_country():
    french = set(_column("university", locale="fr_FR"))
    table = records("universities.tsv")
    assert french <= {n for n, c in zip(table["name"], table["country"]) if c == "FR"}


def _luhn_ok(number: str) -> bool:
    digits = [int(d) for d in number][::-1]
    return sum(d if i % 2 == 0 else (2 * d - 9 if 2 * d > 9 else 2 * d) for i, d in enumerate(digits)) % 10 == 0


def _vin_ok(vin: str) -> bool:
    values = {**{str(d): d for d in range(10)}, **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9, **dict(zip("STUVWXYZ", range(2, 10)))}
    total = sum(values[c] * w for c, w in zip(vin, [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]))
    return vin[8] == ("X" if total % 11 == 10 else str(total % 11)) and not set(vin) & set("IOQ")


def test_identifiers_carry_valid_check_digits():
    assert all(sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(v)) % 11 == 0 for v in _column("isbn10"))
    assert all(sum(int(c) * w for c, w in zip(v, [3, 1] * 4)) % 10 == 0 for v in _column("ean8"))
    assert all(sum(int(c) * w for c, w in zip(v, [3, 1] * 6)) % 10 == 0 for v in _column("upc_a"))
    assert all(len(v) == 15 and _luhn_ok(v) for v in _column("imei"))
    assert all(len(v) == 17 and _vin_ok(v) for v in _column("vin"))
    assert all(re.fullmatch(r"[A-Z]{4}DE[A-Z][A-Z1-9](XXX|\d{3})", v) for v in _column("swift_bic", locale="de_DE"))
    broken = "1234567890"  # the ISBN check above fails on a wrong check digit
    assert sum((10 - i) * int(c) for i, c in enumerate(broken)) % 11 != 0
