"""The built-in offline inferrer: contract, behaviours a user notices, odd input."""

import datetime as dt
import re

import pytest

from generator.inference import InferenceError
from generator.inference.knowledge.concepts import lexicon
from generator.inference.knowledge.domains import all_domains
from generator.inference.sources.offline import infer_schema
from generator.registry import registry
from generator.schema import DatasetSchema
from generator.writers.cells import rows_as_dicts
from tests.test_inference_cases import NAMED, UNNAMED
from tests.test_inference_heldout import NAMED as HELDOUT_NAMED
from tests.test_inference_heldout import UNNAMED as HELDOUT_UNNAMED

TODAY = dt.date(2025, 6, 15)
ALL_DESCRIPTIONS = [c.description for c in NAMED + UNNAMED + HELDOUT_NAMED + HELDOUT_UNNAMED]


def infer(description):
    return infer_schema(description, today=TODAY)


def columns(description):
    return {c["name"]: c for c in infer(description)["columns"]}


def names(description):
    return [c["name"] for c in infer(description)["columns"]]


# Contract


@pytest.mark.parametrize("description", ALL_DESCRIPTIONS, ids=[d[:40] for d in ALL_DESCRIPTIONS])
def test_every_schema_validates_against_the_registry(description):
    schema = infer(description)
    DatasetSchema.from_dict(schema)
    assert 0 < len(schema["title"]) <= 200 and schema["version"] == 1
    assert all(c.get("description") for c in schema["columns"]), "every column says what it means"


def test_same_description_and_day_give_the_same_schema():
    for description in ALL_DESCRIPTIONS[:40]:
        assert infer(description) == infer(description)


def test_relative_dates_follow_the_day_passed_in():
    later = infer_schema("orders with order date in the last two years", today=dt.date(2030, 1, 1))
    order_date = next(c for c in later["columns"] if c["name"] == "order_date")
    assert order_date["start"] == "2028-01-01" and order_date["end"] == "2030-01-01"


def test_every_type_the_lexicon_and_domains_use_is_registered():
    known = set(registry().names())
    used = {concept.type for concept in lexicon()}
    used |= {column.type for domain in all_domains() for column in domain.columns if column.type}
    assert used <= known, used - known


def test_every_domain_gives_a_valid_table_of_several_columns():
    assert len(all_domains()) >= 25
    for domain in all_domains():
        schema = infer(domain.title)
        DatasetSchema.from_dict(schema)
        assert len(schema["columns"]) >= (2 if domain.famous else 4), domain.key


def test_the_schema_generates_rows():
    schema = DatasetSchema.from_dict(infer("Titanic passengers"))
    rows = rows_as_dicts(schema, rows=50, seed=7)
    assert len(rows) == 50 and set(rows[0]) == {c.name for c in schema.columns}


# Finding the named columns


def test_names_every_column_in_order_with_clean_names():
    assert names(
        "customers with customer id, gender, tenure in months, contract type (month-to-month, one year, two year), "
        "monthly charges and whether they churned"
    ) == ["customer_id", "gender", "tenure_months", "contract_type", "monthly_charges", "churned"]


@pytest.mark.parametrize(
    "description",
    [
        "name, age; email\ncity",
        "Columns: name, age, email, city",
        "a table with name, age, email and city",
        "people including name, age, email, city",
        "- name\n- age\n- email\n- city",
        "1. name\n2. age\n3. email\n4. city",
        "fields name, age, email, city",
        "People. Each person has a name, an age, an email and a city.",
    ],
)
def test_lists_in_any_common_form_are_read(description):
    assert names(description)[-4:] == ["name", "age", "email", "city"]


def test_camel_and_snake_case_names_are_cleaned():
    assert names("PassengerId, MonthlyCharges, total_charges, customerID") == ["passenger_id", "monthly_charges", "total_charges", "customer_id"]


def test_whether_phrases_become_booleans_with_clean_names():
    cols = columns("users with whether they churned, whether they have a partner, whether they are a senior citizen, is_active")
    assert {n: c["type"] for n, c in cols.items()} == {"churned": "boolean", "has_partner": "boolean", "is_senior_citizen": "boolean", "is_active": "boolean"}


def test_enumerated_columns_are_expanded():
    assert names("features V1 to V5 and label")[:5] == ["v1", "v2", "v3", "v4", "v5"]


# Reading what the words say


def test_a_parenthesised_list_becomes_the_category_values():
    plan = columns("accounts with plan (free, basic, pro)")["plan"]
    assert plan["type"] == "category" and plan["values"] == ["free", "basic", "pro"]


@pytest.mark.parametrize("phrase", ["status one of open, pending or closed", "status (open/pending/closed)", "status: open, pending or closed", "status open/pending/closed"])
def test_other_ways_of_listing_values(phrase):
    status = columns(f"tickets with id, {phrase}")["status"]
    assert status["values"] == ["open", "pending", "closed"]


def test_values_written_after_the_name_with_or():
    cols = columns("loans with loan status approved or rejected, type Movie or TV Show, whether or not they smoke")
    assert cols["loan_status"]["values"] == ["approved", "rejected"] and cols["type"]["values"] == ["Movie", "TV Show"]
    assert cols["smoke"]["type"] == "boolean"


def test_a_table_written_like_sql_is_read():
    cols = columns("CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL, age INT, score float)")
    assert [(n, c["type"]) for n, c in cols.items()] == [("id", "id"), ("email", "email"), ("age", "age"), ("score", "decimal")]
    assert "null_rate" not in cols["email"]


def test_percentages_in_a_list_become_weights():
    plan = columns("users with plan (free 60%, basic 30%, pro 10%)")["plan"]
    assert plan["weights"] == [60, 30, 10]


@pytest.mark.parametrize(
    "phrase, low, high",
    [("age between 18 and 70", 18, 70), ("score from 1 to 4", 1, 4), ("score 0-100", 0, 100), ("amount up to 500", None, 500), ("visits at least 3", 3, None)],
)
def test_ranges_are_read(phrase, low, high):
    column = infer(f"records with {phrase}")["columns"][-1]
    assert (low is None or column["min"] == low) and (high is None or column["max"] == high)


def test_a_rate_sets_how_often_a_boolean_is_true():
    assert columns("transactions with is_fraud (true in about 2% of rows)")["is_fraud"]["true_rate"] == 0.02
    assert columns("customers with churn flag, about 26% churn")["churn"]["true_rate"] == 0.26


def test_missing_values_are_read():
    cols = columns("people with income (about 5% missing) and phone with some missing values")
    assert cols["income"]["null_rate"] == 0.05 and 0 < cols["phone"]["null_rate"] < 0.2


@pytest.mark.parametrize(
    "phrase, start, end",
    [("in the last two years", "2023-06-15", "2025-06-15"), ("since 2020", "2020-01-01", "2025-06-15"), ("in 2023", "2023-01-01", "2023-12-31"),
     ("over three years", "2022-06-15", "2025-06-15"), ("between March and June 2024", "2024-03-01", "2024-06-30"),
     ("during one school year", "2024-09-01", "2025-06-15"), ("for 18 months", "2023-12-15", "2025-06-15")],
)
def test_dates_are_bounded_relative_to_today(phrase, start, end):
    signup = columns(f"users with signup date {phrase}")["signup_date"]
    assert (signup["start"], signup["end"]) == (start, end)


def test_units_convert_the_range_and_are_recorded():
    cols = columns("athletes with height in m, weight in pounds, and 5k time in minutes")
    assert cols["height_m"]["unit"] == "m" and 1.3 < cols["height_m"]["max"] < 2.2
    assert cols["weight_lb"]["unit"] == "lb" and cols["weight_lb"]["max"] > 200
    tenure = columns("customers with tenure in years")["tenure_years"]
    assert tenure["unit"] == "years" and tenure["max"] <= 10


def test_in_thousands_scales_money():
    income = infer("people with annual income in thousands of dollars")["columns"][-1]
    assert income["name"].startswith("annual_income") and income["max"] < 1000 and "thousand" in income["unit"]


def test_discharge_dates_follow_admission_in_every_row():
    schema = infer("hospital stays with admission date in 2024 and discharge date")
    cols = {c["name"]: c for c in schema["columns"]}
    assert cols["admission_date"]["start"] == "2024-01-01" and cols["discharge_date"]["after"] == "admission_date"
    rows = rows_as_dicts(DatasetSchema.from_dict(schema), rows=2000, seed=3)
    assert all(row["discharge_date"] >= row["admission_date"] for row in rows)


def test_later_sentences_qualify_columns():
    cols = columns("Bookings with booking id, hotel and whether it was cancelled. About 37% of bookings are cancelled. Ages are irrelevant.")
    assert cols["is_cancelled"]["true_rate"] == 0.37


# Defaults from meaning


def test_defaults_from_the_column_meaning():
    cols = columns("orders with order id, customer id, price, quantity, rating, latitude, longitude, http status, salary, email, phone, city, country")
    assert cols["order_id"]["type"] == "id" and cols["customer_id"]["type"] == "integer"
    assert cols["price"]["type"] == "price" and cols["price"]["min"] > 0
    assert cols["quantity"]["type"] == "integer" and 1 <= cols["quantity"]["min"] and cols["quantity"]["max"] <= 20
    assert cols["rating"]["type"] == "rating" and (cols["rating"]["min"], cols["rating"]["max"]) == (1, 5)
    assert cols["latitude"]["type"] == "latitude" and cols["longitude"]["type"] == "longitude"
    assert cols["http_status"]["type"] == "http_status"
    assert cols["salary"]["distribution"] == "lognormal" and cols["salary"]["min"] >= 10000
    assert [cols[n]["type"] for n in ("email", "phone", "city", "country")] == ["email", "phone", "city", "country"]


def test_age_depends_on_who_the_rows_are():
    assert columns("children with name and age")["age"]["max"] <= 18
    assert columns("employees with name and age")["age"]["min"] >= 16


def test_well_known_datasets_get_their_real_value_shapes():
    titanic = columns("titanic passengers: survived, pclass, embarked")
    assert 0.3 < titanic["survived"]["rate"] < 0.45 and titanic["embarked"]["values"] == ["S", "C", "Q"]
    iris = columns("iris: petal length, species")
    assert iris["petal_length"]["unit"] == "cm" and iris["petal_length"]["max"] < 10


# Descriptions that name no columns


@pytest.mark.parametrize("description", ["a dataset about employees of a company", "sales data for a coffee shop chain", "something about widgets", "restaurant data"])
def test_a_description_naming_no_columns_gets_a_table(description):
    assert 6 <= len(infer(description)["columns"]) <= 40


def test_one_or_two_named_columns_get_an_id_first_when_rows_are_things():
    assert names("customers with their email") == ["customer_id", "email"]
    assert names("US cities with population") == ["city", "population"]


def test_title_is_short_and_human():
    assert infer("A dataset of Titanic passengers. Columns: name, age")["title"] == "Titanic passengers"
    assert len(infer("x" * 5000)["title"]) <= 81


# Odd input


@pytest.mark.parametrize("description", ["", "   ", "\n\t", "...", "!!! ??? ---", "(),;:", "))))(((("])
def test_empty_or_punctuation_only_input_is_refused_with_a_message(description):
    with pytest.raises(InferenceError, match="describe"):
        infer(description)


@pytest.mark.parametrize(
    "description",
    [
        "🦄🦄🦄",
        "用户数据：姓名，年龄，城市，邮箱",
        "Kunden mit Name, Alter, E-Mail und Stadt",
        "x" * 5000,
        "name, " * 1000,
        "a",
        "1234",
        "SELECT * FROM users; DROP TABLE users;",
        "<script>alert(1)</script>",
        "name (((((",
        "age between and",
        "__class__, __init__, seed_instance",
        "column with a very " + "long " * 100 + "name",
        "données clients : nom, âge, ville, prix",
    ],
)
def test_odd_input_never_crashes_and_still_validates(description):
    schema = infer(description)
    DatasetSchema.from_dict(schema)
    assert schema["columns"]


def test_chinese_column_words_are_understood():
    assert [c["type"] for c in infer("用户数据：姓名，年龄，城市，邮箱")["columns"]] == ["full_name", "age", "city", "email"]


def test_long_repetitive_input_is_read_quickly():
    import time

    started = time.monotonic()
    infer(", ".join(f"column number {i} with value between {i} and {i * 10}" for i in range(300)))
    infer("like " + "a, " * 3000 + "b")
    assert time.monotonic() - started < 10


def test_many_columns_are_capped_and_names_stay_unique():
    schema = infer(", ".join(f"col{i}" for i in range(300)))
    assert len(schema["columns"]) <= 200
    all_names = [c["name"] for c in schema["columns"]]
    assert len(all_names) == len(set(all_names)) and all(re.fullmatch(r"[a-z][a-z0-9_]{0,62}", n) for n in all_names)


def test_unsafe_names_are_made_safe():
    schema = infer("__class__, __init__, 1st place, $$$ price")
    assert all(re.fullmatch(r"[a-z][a-z0-9_]{0,62}", c["name"]) for c in schema["columns"])


def test_numbers_differ_between_the_groups_of_a_category():
    """Milk yield by breed, salary by department: each group has its own level, and the data
    has an effect size a learner can find (eta squared)."""
    import io

    import pandas as pd

    from generator.engine import generate_chunks
    from generator.schema import DatasetSchema
    from generator.writers import csv_stream

    for text, number, group in [
        ("dairy cows: breed (Holstein, Jersey, Brown Swiss), daily milk yield in litres", "daily_milk_yield_l", "breed"),
        ("staff list: name, department (Sales, Engineering, Support, Finance), salary", "salary", "department"),
    ]:
        schema = DatasetSchema.from_dict(infer_schema(text, today=TODAY))
        assert schema.column(number).relations.get("depends_on") == group
        df = pd.read_csv(io.BytesIO(b"".join(csv_stream(schema, generate_chunks(schema, rows=3000, seed=1)))))
        means = df.groupby(group)[number].mean()
        between = ((means - df[number].mean()) ** 2 * df.groupby(group).size()).sum()
        assert between / ((df[number] - df[number].mean()) ** 2).sum() > 0.05
    assert "depends_on" not in columns("customers: name, gender, salary")["salary"]


@pytest.mark.parametrize("phrase, kind", [
    ("customer's note explaining the return", "sentence"), ("notes on the visit", "sentence"), ("price of item", "price"),
    ("amount of rainfall in mm", "decimal"), ("amount of loan", "integer"), ("date of birth", "date_of_birth"),
])
def test_a_phrase_joined_by_a_preposition_is_typed_by_its_head(phrase, kind):
    column = infer(f"returns: return id, {phrase}")["columns"][-1]
    assert column["type"] == kind, column


def test_a_total_is_the_unit_price_times_what_it_prices():
    cols = columns("cattle sales: lot number, head count, average weight in kg, price per kg, total price")
    assert cols["total_price"]["type"] == "derived"
    assert all(name in cols["total_price"]["expression"] for name in ("price_per_kg", "average_weight_kg", "head_count"))
    assert "correlate_with" not in cols["price_per_kg"]  # a price per kg does not grow with the weight
    pay = columns("timesheets: employee, hours worked, rate per hour, total pay")["total_pay"]
    assert pay["type"] == "derived" and "hours_worked" in pay["expression"] and "rate_per_hour" in pay["expression"]


def test_a_measured_value_is_its_nominal_one_give_or_take():
    measured = columns("shaft inspections: part serial, nominal diameter mm, measured diameter mm")["measured_diameter_mm"]
    assert measured["type"] == "derived" and measured["expression"].startswith("round(nominal_diameter_mm * (1 + normal(0, 0.002))")


def test_a_plural_of_people_is_a_count_and_since_an_event_runs_to_today():
    assert columns("mobile apps: app name, category, monthly active users, paying users")["monthly_active_users"]["type"] == "integer"
    schema = infer("monthly active users and churn rate (%) for a mobile app since its launch in January 2021")
    assert schema["series"]["frequency"] == "month" and schema["series"]["end"] == "2025-06-15"


@pytest.mark.parametrize("description, kind", [
    ("products: name, price", "product_name"), ("companies: name, industry", "company"),
    ("customers: name, email", "full_name"), ("employees: name, salary", "full_name"),
])
def test_a_bare_name_is_the_name_of_what_a_row_is(description, kind):
    assert columns(description)["name"]["type"] == kind


def test_a_bare_name_of_a_thing_nothing_names_is_numbered_never_a_persons():
    trail = columns("hiking trails: name, length in km, difficulty")["name"]
    assert trail["type"] == "category" and trail["values"][:2] == ["Trail 1", "Trail 2"]


def test_air_quality_readings_are_named_and_carbon_monoxide_is_a_concentration():
    for description in ("hourly air quality PM2.5 for 8 cities in India", "air quality readings: city, date, pm2.5, pm10, no2, co, o3"):
        cols = columns(description)
        assert "pm2_5" in cols and not any(name.startswith("column_") for name in cols), description
        assert cols["co"]["unit"] == "mg/m³" and cols["co"]["type"] in ("decimal", "series_value"), description
