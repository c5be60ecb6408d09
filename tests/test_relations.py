"""Relations between columns: every generated row obeys them, across chunks and seeds."""

import datetime as dt

import numpy as np
import pytest

from generator.engine import CHUNK_ROWS
from generator.registry import registry
from generator.schema import DatasetSchema, SchemaError
from generator.writers.cells import rows_as_dicts
from generator.writers.dictionary import generation_text

ROWS = 2 * CHUNK_ROWS + 123  # crosses two chunk boundaries
SEEDS = (1, 7, 2026)


def schema(*columns, locale="en_US"):
    return DatasetSchema.from_dict({"title": "t", "locale": locale, "columns": list(columns)})


def generated(*columns, seed=1, rows=ROWS):
    return rows_as_dicts(schema(*columns), rows=rows, seed=seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_high_and_low_bound_open_and_close_in_every_row(seed):
    rows = generated(
        {"name": "open", "type": "decimal", "min": 10, "max": 100},
        {"name": "close", "type": "decimal", "min": 10, "max": 100},
        {"name": "high", "type": "decimal", "min": 10, "max": 100, "at_least": ["open", "close"]},
        {"name": "low", "type": "decimal", "min": 10, "max": 100, "at_most": ["open", "close"]},
        seed=seed,
    )
    assert all(r["low"] <= min(r["open"], r["close"]) and r["high"] >= max(r["open"], r["close"]) for r in rows)
    assert all(10 <= r["low"] and r["high"] <= 100 for r in rows), "reflected values stay in the column's own range"
    on_edge = np.mean([r["high"] in (100, max(r["open"], r["close"])) for r in rows])
    assert on_edge < 0.02, "high is spread, not piled on its bound or the column's maximum"


@pytest.mark.parametrize("seed", SEEDS)
def test_check_out_falls_in_its_gap_after_check_in(seed):
    rows = generated(
        {"name": "check_in", "type": "date", "start": "2024-01-01", "end": "2024-12-31"},
        {"name": "check_out", "type": "date", "at_least": "check_in", "gap": [1, 14]},
        seed=seed,
    )
    nights = [(dt.date.fromisoformat(r["check_out"]) - dt.date.fromisoformat(r["check_in"])).days for r in rows]
    assert min(nights) == 1 and max(nights) == 14


def test_end_time_follows_start_time_on_a_quarter_hour_grid():
    rows = generated(
        {"name": "starts", "type": "time", "start": "08:00", "end": "16:00", "profile": "school", "step": 15},
        {"name": "ends", "type": "time", "at_least": "starts", "gap": [45, 90], "step": 15},
    )
    for row in rows:
        start, end = (dt.time.fromisoformat(row[key]) for key in ("starts", "ends"))
        gap = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        assert 45 <= gap <= 105 and end.minute % 15 == 0 and end.second == 0 and start.minute % 15 == 0


def test_maximum_salary_is_never_below_minimum_for_whole_numbers():
    rows = generated(
        {"name": "salary_min", "type": "integer", "min": 30000, "max": 120000},
        {"name": "salary_max", "type": "integer", "min": 30000, "max": 120000, "at_least": "salary_min"},
    )
    assert all(r["salary_max"] >= r["salary_min"] for r in rows)


@pytest.mark.parametrize("seed", SEEDS)
def test_away_team_never_equals_home_team(seed):
    teams = {"type": "category", "values": ["Lions", "Tigers", "Bears"]}
    rows = generated({"name": "home", **teams}, {"name": "away", **teams, "differs_from": "home"}, seed=seed)
    assert all(r["home"] != r["away"] for r in rows)
    assert {r["away"] for r in rows} == {"Lions", "Tigers", "Bears"}


@pytest.mark.parametrize("seed", SEEDS)
def test_roles_are_different_people_whose_own_columns_agree(seed):
    rows = generated(
        {"name": "driver_name", "type": "full_name", "role": "driver"},
        {"name": "driver_email", "type": "email", "role": "driver"},
        {"name": "rider_name", "type": "full_name", "role": "rider"},
        {"name": "rider_first", "type": "first_name", "role": "rider"},
        seed=seed,
    )
    assert all(r["driver_name"] != r["rider_name"] for r in rows)
    assert all(r["rider_name"].startswith(r["rider_first"] + " ") for r in rows)
    surname_in_email = [r["driver_name"].split()[-1].lower()[:3] in r["driver_email"] for r in rows]
    assert np.mean(surname_in_email) > 0.9, "the driver's email is made from the driver's name"


def test_origin_and_destination_are_different_cities_with_their_own_countries():
    rows = generated(
        {"name": "origin", "type": "city", "role": "origin"},
        {"name": "origin_country", "type": "country", "role": "origin"},
        {"name": "destination", "type": "city", "role": "destination"},
        {"name": "destination_country", "type": "country", "role": "destination"},
    )
    assert all(r["origin"] != r["destination"] for r in rows)
    assert len({r["origin_country"] for r in rows}) > 5, "a country column sends places worldwide"


def test_salary_band_depends_on_department_and_model_on_make():
    rows = generated(
        {"name": "department", "type": "category", "values": ["Engineering", "Sales", "Support"]},
        {"name": "salary", "type": "integer", "min": 30000, "max": 60000, "depends_on": "department",
         "cases": {"Engineering": {"min": 90000, "max": 180000}, "Sales": {"min": 50000, "max": 90000}}},
        {"name": "make", "type": "category", "values": ["Toyota", "Ford"]},
        {"name": "model", "type": "category", "values": ["Other"], "depends_on": "make",
         "cases": {"Toyota": {"values": ["Corolla", "Camry"]}, "Ford": {"values": ["F-150", "Focus"], "weights": [3, 1]}}},
    )
    bands = {"Engineering": (90000, 180000), "Sales": (50000, 90000), "Support": (30000, 60000)}
    assert all(bands[r["department"]][0] <= r["salary"] <= bands[r["department"]][1] for r in rows)
    models = {"Toyota": {"Corolla", "Camry"}, "Ford": {"F-150", "Focus"}}
    assert all(r["model"] in models[r["make"]] for r in rows)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_band_by_category_survives_following_another_number(seed):
    rows = generated(
        {"name": "floor_area", "type": "integer", "min": 20, "max": 200},
        {"name": "room_type", "type": "category", "values": ["Shared room", "Private room", "Entire home"]},
        {"name": "price", "type": "integer", "min": 20, "max": 400, "depends_on": "room_type", "correlate_with": "floor_area", "correlation": 0.8,
         "cases": {"Shared room": {"min": 20, "max": 60}, "Private room": {"min": 50, "max": 120}, "Entire home": {"min": 110, "max": 400}}},
        seed=seed,
    )
    bands = {"Shared room": (20, 60), "Private room": (50, 120), "Entire home": (110, 400)}
    assert all(bands[r["room_type"]][0] <= r["price"] <= bands[r["room_type"]][1] for r in rows)
    homes = [r for r in rows if r["room_type"] == "Entire home"]
    assert np.corrcoef(np.argsort(np.argsort([r["floor_area"] for r in homes])), np.argsort(np.argsort([r["price"] for r in homes])))[0, 1] > 0.6


def test_cancellation_date_only_for_cancelled_bookings():
    rows = generated(
        {"name": "status", "type": "category", "values": ["confirmed", "cancelled", "no-show"], "weights": [0.8, 0.15, 0.05]},
        {"name": "cancelled_on", "type": "date", "present_when": {"column": "status", "in": ["cancelled"]}},
        {"name": "delivered", "type": "boolean", "true_rate": 0.7},
        {"name": "delivered_on", "type": "date", "present_when": {"column": "delivered", "in": [True]}},
    )
    assert all((r["cancelled_on"] is not None) == (r["status"] == "cancelled") for r in rows)
    assert all((r["delivered_on"] is not None) == r["delivered"] for r in rows)


@pytest.mark.parametrize("count", [1, 12, 500])
def test_distinct_gives_exactly_that_many_entities(count):
    rows = generated({"name": "sensor_id", "type": "code", "pattern": "SN-####", "distinct": count})
    assert len({r["sensor_id"] for r in rows}) == count


def test_distinct_ids_repeat_unevenly_and_a_prefix_agrees_with_the_whole():
    column = {"name": "household_id", "type": "id", "distinct": 40}
    whole, prefix = generated(column), generated(column, rows=30)
    assert whole[:30] == prefix
    counts = np.bincount([r["household_id"] for r in whole])
    assert counts.max() > 3 * np.median(counts[counts > 0]), "a few households have many rows"


def test_datetime_profile_keeps_business_hours_on_working_days():
    rows = generated({"name": "opened_at", "type": "datetime", "start": "2024-01-01T00:00:00", "end": "2024-12-31T23:59:59", "profile": "business_hours", "step": 5})
    moments = [dt.datetime.fromisoformat(r["opened_at"]) for r in rows]
    assert np.mean([8 <= m.hour < 18 for m in moments]) > 0.9
    assert np.mean([m.weekday() < 5 for m in moments]) > 0.95
    assert all(m.minute % 5 == 0 and m.second == 0 for m in moments)


def test_relations_leave_bytes_of_schemas_without_them_alone():
    plain = {"name": "a", "type": "integer", "min": 1, "max": 9}
    assert "at_least" not in schema(plain).to_dict()["columns"][0]
    assert schema(plain).schema_id == DatasetSchema.from_dict({"title": "t", "columns": [plain]}).schema_id


@pytest.mark.parametrize("column, message", [
    ({"name": "b", "type": "decimal", "at_least": "nope"}, "column 2 'b': refers to an unknown column 'nope'"),
    ({"name": "b", "type": "word", "at_least": "a"}, "column 2 'b': at_least compares like with like"),
    ({"name": "b", "type": "integer", "gap": [1, 2]}, "column 2 'b': gap goes with at_least or at_most"),
    ({"name": "b", "type": "integer", "at_least": "a", "gap": [5, 1]}, "column 2 'b': gap must be [smallest, largest]"),
    ({"name": "b", "type": "integer", "role": "driver"}, "column 2 'b': role is for a person's or a place's columns"),
    ({"name": "b", "type": "full_name", "distinct": 3}, "column 2 'b': distinct does not apply to a person's or a place's columns"),
    ({"name": "b", "type": "integer", "distinct": 0}, "column 2 'b': distinct must be a whole number from 1 to 10,000"),
    ({"name": "b", "type": "integer", "depends_on": "a", "cases": {"1": {"colour": 3}}}, "column 2 'b': case '1' must set some of"),
    ({"name": "b", "type": "integer", "depends_on": "a", "cases": {"1": {"min": 50, "max": 10}}}, "column 2 'b': case '1': min (50) must not be greater than max (10)"),
    ({"name": "b", "type": "date", "present_when": {"column": "a"}}, "column 2 'b': present_when must be"),
    ({"name": "b", "type": "derived", "expression": "a + 1", "at_least": "a"}, "column 2 'b': a derived column is made from other columns"),
])
def test_bad_relations_are_refused_naming_the_column(column, message):
    with pytest.raises(SchemaError) as caught:
        schema({"name": "a", "type": "integer", "min": 1, "max": 9}, column)
    assert any(error.startswith(message) for error in caught.value.errors), caught.value.errors


def test_a_year_is_never_after_the_date_it_is_compared_with_and_only_a_year_compares_with_a_date():
    added = {"name": "added", "type": "date", "start": "2016-01-01", "end": "2025-06-01"}
    released = {"name": "released", "type": "year", "min": 1950, "max": 2025, "distribution": "normal", "mean": 2014, "std": 8, "at_most": "added"}
    rows = rows_as_dicts(schema(added, released), rows=3000, seed=3)
    assert all(row["released"] <= int(row["added"][:4]) for row in rows)
    assert sum(row["released"] == int(row["added"][:4]) for row in rows) < 0.25 * len(rows), "only the years that were after move"
    assert len({row["released"] for row in rows}) > 30
    with pytest.raises(SchemaError, match="at_most compares like with like"):
        schema(added, {"name": "count", "type": "integer", "min": 1, "max": 9, "at_most": "added"})


def test_unknown_clock_profile_is_refused_with_the_allowed_ones():
    with pytest.raises(SchemaError, match="profile must be one of uniform, daytime, business_hours"):
        schema({"name": "t", "type": "time", "profile": "brunch"})


def test_the_dictionary_states_each_relation_in_words():
    s = schema(
        {"name": "status", "type": "category", "values": ["ok", "cancelled"]},
        {"name": "start", "type": "date"},
        {"name": "end", "type": "date", "at_least": "start", "gap": [1, 5], "present_when": {"column": "status", "in": ["cancelled"]}},
    )
    text = generation_text(s.column("end"), registry().get("date"), "en_US")
    assert "Never below start by 1 to 5 days." in text
    assert "Present only when status is cancelled; missing otherwise." in text


def test_types_page_lists_relations_and_profiles(client):
    page = client.get("/types").content.decode()
    for key in ("at_least", "differs_from", "present_when", "depends_on + cases", "distinct", "business_hours"):
        assert f"<code>{key}</code>" in page
