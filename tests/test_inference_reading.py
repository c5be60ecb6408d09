"""Reading a description the inferrer has not seen: modifiers and framing set off by commas,
introducers anywhere in a sentence, ratio units, prediction phrasing and named windows."""

import datetime as dt

import pytest

from generator.inference.build.targets import split_goal
from generator.inference.read.dates import find_dates
from generator.inference.read.hints import read_hints
from generator.inference.read.segments import parse_description
from generator.inference.read.units import find_unit
from generator.inference.read.values import value_items
from generator.inference.sources.offline import infer_schema

TODAY = dt.date(2025, 6, 15)


def infer(description):
    return infer_schema(description, today=TODAY)


def by_name(schema):
    return {c["name"]: c for c in schema["columns"]}


# Comma-separated modifiers: a unit joins the item before, a window, count or place frames the table


def test_a_unit_after_a_comma_qualifies_the_column_before_it():
    parsed = parse_description("station, date, diesel price, in euros per litre")
    assert parsed.items == ["station", "date", "diesel price in euros per litre"]


@pytest.mark.parametrize("framing", ["for the last 5 years", "during 2024", "at 25 petrol stations", "in Germany", "across all branches"])
def test_a_window_count_or_place_after_a_comma_is_a_note_not_a_column(framing):
    parsed = parse_description(f"store, date, units sold, {framing}")
    assert parsed.items == ["store", "date", "units sold"]
    assert parsed.notes == [framing]


@pytest.mark.parametrize("item", ["in stock", "from address", "at risk"])
def test_a_column_that_starts_with_a_preposition_stays_a_column(item):
    assert parse_description(f"product, price, {item}").items == ["product", "price", item]


def test_a_series_keeps_its_entity_count_and_window_when_they_follow_commas():
    schema = infer("end-of-day water level in 6 reservoirs, in % of capacity, for the last 5 years")
    series = schema["series"]
    assert (series["entities"], series["frequency"]) == (6, "day")
    assert by_name(schema)["date"]["start"] == "2020-06-15"
    assert "in" not in by_name(schema) and "for" not in by_name(schema)


def test_diesel_prices_at_stations_during_a_year_in_euros_are_a_series():
    schema = infer("daily average diesel price at 25 petrol stations in Germany during 2024, in euros per litre")
    assert schema["series"]["entities"] == 25
    assert schema["series"]["end"] == "2024-12-31"
    price = next(c for c in schema["columns"] if "price" in c["name"])
    assert price["unit"] == "EUR"


# Framing clauses


def test_a_colon_after_a_place_with_a_comma_introduces_the_columns():
    parsed = parse_description("minor hockey registrations in Ontario, Canada: player first name, last name, birth date, city")
    assert parsed.subject == "minor hockey registrations in Ontario, Canada"
    assert parsed.items == ["player first name", "last name", "birth date", "city"]


def test_a_colon_after_a_column_and_values_is_not_an_introducer():
    parsed = parse_description("id, status: open, pending, closed")
    assert parsed.items[0] == "id"
    assert parsed.subject == ""


def test_one_row_per_thing_says_what_a_row_is_and_is_not_a_column():
    parsed = parse_description("Blood test results from a GP practice, one row per test: the patient's id, sex and age, the test date")
    assert parsed.subject == "Blood test results from a GP practice"
    assert parsed.items == ["the patient's id", "sex", "age", "the test date"]
    assert parsed.entity_hint == "test"
    names = by_name(infer("Blood test results, one row per test: the patient's id, sex, age, the test date"))
    assert "one_row_per_test" not in names and "patient_id" in names


@pytest.mark.parametrize("sentence", [
    "Every rental agreement records the customer, the car class, the daily rate and the total charge.",
    "For each rental agreement I'd like the customer, the car class, the daily rate and the total charge.",
])
def test_each_or_every_thing_followed_by_a_verb_introduces_the_columns(sentence):
    parsed = parse_description(sentence)
    assert parsed.items == ["the customer", "the car class", "the daily rate", "the total charge"]
    assert parsed.entity_hint == "agreement"


def test_a_second_when_clause_shares_the_head_of_the_first():
    parsed = parse_description("car, the odometer reading when it went out and when it came back, the daily rate")
    assert parsed.items == ["car", "the odometer reading when it went out", "the odometer reading when it came back", "the daily rate"]


def test_a_known_first_word_and_another_share_a_plural_noun():
    assert parse_description("customer, pick-up and return dates, total").items == ["customer", "pick-up date", "return date", "total"]


def test_when_it_was_done_names_the_moment_it_was_done():
    issued = by_name(infer("For each ticket I'd like the ticket number, when it was issued, the street and the fine"))["issued_at"]
    assert issued["type"] == "datetime"


# Ratio units and letters in value lists


@pytest.mark.parametrize("text, label", [("in g/dL", "g/dL"), ("in mmol/L", "mmol/L"), ("in min/km", "min/km"), ("(t/ha)", "t/ha"), ("in mEq/L", "mEq/L")])
def test_a_ratio_of_unit_words_is_one_unit(text, label):
    assert find_unit(text).label == label


@pytest.mark.parametrize("text", ["(M/F)", "(y/n)", "(cash/card)", "in kg/lb"])
def test_a_slash_between_values_or_alternatives_is_not_a_ratio_unit(text):
    assert find_unit(text) is None


def test_a_ratio_unit_is_not_split_into_values():
    hints = read_hints("in g/dL", TODAY)
    assert hints.values == [] and hints.unit.label == "g/dL"


def test_a_single_letter_among_values_stays_a_value():
    values, mods = value_items("VIP, R, S, A")
    assert [v.label for v in values] == ["VIP", "R", "S", "A"] and mods == []


def test_lab_results_in_ratio_units_get_that_units_range():
    columns = by_name(infer("blood tests: patient id, haemoglobin in g/dL, total cholesterol in mmol/L, fasting glucose in mmol/L"))
    assert columns["haemoglobin_g_dl"]["unit"] == "g/dL" and 5 <= columns["haemoglobin_g_dl"]["min"] < columns["haemoglobin_g_dl"]["max"] <= 20
    for name, (low, high) in {"total_cholesterol_mmol_l": (4.5, 6.0), "fasting_glucose_mmol_l": (4.5, 7.0)}.items():
        assert columns[name]["unit"] == "mmol/L" and columns[name]["type"] == "decimal"
        assert 2 <= columns[name]["min"] < columns[name]["max"] <= 15 and low <= columns[name]["mean"] <= high  # the substance's own range


def test_a_pace_in_minutes_per_km_is_a_pace():
    pace = by_name(infer("runs: athlete, distance in km, average pace in min/km"))["average_pace_min_km"]
    assert pace["unit"] == "min/km" and 2.5 <= pace["min"] < pace["max"] <= 12


def test_a_unit_stated_for_a_column_after_a_frequency_is_not_taken_from_every_n_minutes():
    columns = by_name(infer("ICU vitals panel: heart rate, systolic and diastolic blood pressure for 12 patients every 5 minutes"))
    pressure = next(c for name, c in columns.items() if "diastolic" in name)
    assert pressure.get("mean", 80) < 120


# Prediction phrasing


@pytest.mark.parametrize("text, rest, wanted", [
    ("predict the sale price of a house from living area, bedrooms and lot size",
     "sale price of a house, living area, bedrooms and lot size", "sale price of a house from living area, bedrooms and lot size"),
    ("dataset to predict wheat yield (t/ha) from rainfall in mm, soil type and sowing date. One row per field.",
     "dataset: wheat yield (t/ha), rainfall in mm, soil type and sowing date. One row per field.",
     "wheat yield (t/ha) from rainfall in mm, soil type and sowing date"),
    ("Will a student be admitted? predict admission from GRE score, TOEFL score and GPA",
     "Will a student be admitted? admission, GRE score, TOEFL score and GPA", "admission from GRE score, TOEFL score and GPA"),
    ("customers with tenure and monthly charges, for predicting churn", "customers with tenure and monthly charges", "churn"),
])
def test_predict_x_from_a_b_keeps_x_and_its_drivers_as_columns(text, rest, wanted):
    assert split_goal(text) == (rest, wanted)


def test_every_driver_named_after_from_drives_the_target():
    columns = by_name(infer("dataset to predict wheat yield (t/ha) from rainfall in mm, average temperature, nitrogen fertiliser in kg per hectare"))
    target = columns["wheat_yield"]
    assert target["type"] == "target" and target["unit"] == "t/ha"
    assert [d["column"] for d in target["drivers"]] == ["rainfall_mm", "average_temperature", "nitrogen_fertiliser_kg"]


def test_the_predicted_thing_is_the_target_and_the_named_drivers_stay():
    columns = by_name(infer("predict the sale price of a house from living area in square feet, bedrooms, bathrooms, year built and neighbourhood"))
    targets = [name for name, c in columns.items() if c["type"] == "target"]
    assert targets == ["house_sale_price"]
    assert {"living_area_sqft", "bedrooms", "bathrooms", "year_built", "neighbourhood"} <= set(columns)


def test_a_predicted_outcome_typed_as_a_date_becomes_a_yes_no_target():
    columns = by_name(infer("predict admission from GRE score (260-340), TOEFL score (0-120) and undergraduate GPA out of 4"))
    assert columns["admission"]["type"] == "target" and columns["admission"]["task"] == "binary"
    assert columns["undergraduate_gpa"]["type"] != "target"


# Windows


@pytest.mark.parametrize("text, start, end", [
    ("in the autumn term 2024", "2024-09-01", "2024-12-20"),
    ("during the spring term of 2023", "2023-01-04", "2023-03-31"),
    ("fall semester 2022", "2022-08-20", "2022-12-20"),
    ("orders last month", "2025-05-01", "2025-05-31"),
    ("sales last year", "2024-01-01", "2024-12-31"),
    ("in the past month", "2025-05-15", "2025-06-15"),
    ("sales in q3 2024", "2024-07-01", "2024-09-30"),
    ("from 2010 q1 to 2024 q4", "2010-01-01", "2024-12-31"),
    ("between q2 2019 and q1 2021", "2019-04-01", "2021-03-31"),
    ("output in the third quarter of 2023", "2023-07-01", "2023-09-30"),
    ("lunches during the 2022-23 school year", "2022-09-01", "2023-06-30"),
    ("grades in the 2019/2020 academic year", "2019-09-01", "2020-06-30"),
])
def test_terms_and_calendar_periods_are_windows(text, start, end):
    (low, high), _ = find_dates(text, TODAY)
    assert (low.isoformat(), high.isoformat()) == (start, end)


def test_a_term_named_in_the_subject_bounds_the_dates():
    columns = by_name(infer("attendance register for a primary school in the autumn term 2024: pupil, date, mark (present, absent, late)"))
    assert (columns["date"]["start"], columns["date"]["end"]) == ("2024-09-01", "2024-12-20")


def test_hourly_counts_at_one_shop_last_month_are_a_series_in_that_month():
    schema = infer("number of pizza delivery orders per hour at one shop last month")
    assert schema["series"]["frequency"] == "hour" and schema["series"]["end"] == "2025-05-31"
    time = by_name(schema)[schema["series"]["time"]]
    assert time["start"] == "2025-05-01T00:00:00"
