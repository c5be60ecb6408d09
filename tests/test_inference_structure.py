"""The offline inferrer uses the engine's structure: ordered dates, derived columns, planted
targets a model can find, and several related tables whose keys join."""

import datetime as dt
import io
import zipfile

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from generator.inference.sources.offline import infer_schema
from generator.schema import DatasetSchema
from generator.services import dataset_build
from generator.tables import MultiTableSchema
from generator.writers.cells import rows_as_dicts

TODAY = dt.date(2025, 6, 15)
CHURN = ("telecom customers with tenure in months, contract type (month-to-month, one year, two year), monthly charges, "
         "support calls and whether they churned — about 26% churn, for predicting churn")


def infer(description):
    return infer_schema(description, today=TODAY)


def by_name(schema):
    return {c["name"]: c for c in schema["columns"]}


def generate(description, rows, seed=7):
    return rows_as_dicts(DatasetSchema.from_dict(infer(description)), rows=rows, seed=seed)


# Ordered dates and derived columns


@pytest.mark.parametrize(("description", "start", "end"), [
    ("hospital admissions with patient id, admission date, discharge date and diagnosis", "admission_date", "discharge_date"),
    ("orders with order id, order date, ship date and delivery date", "order_date", "ship_date"),
    ("orders with order id, order date, ship date and delivery date", "ship_date", "delivery_date"),
    ("hotel bookings with guest name, check-in date and check-out date", "check_in_date", "check_out_date"),
    ("projects with name, start date and end date", "start_date", "end_date"),
])
def test_end_dates_follow_their_start_dates_in_every_row(description, start, end):
    rows = generate(description, 3000)
    assert all(row[end] >= row[start] for row in rows if row[start] and row[end])
    assert any(row[end] > row[start] for row in rows)


def test_a_total_is_quantity_times_unit_price_in_every_row():
    schema = infer("sales with sale id, product, quantity, unit price and total")
    assert [c["name"] for c in schema["columns"]][-1] == "total" and by_name(schema)["total"]["type"] == "derived"
    for row in generate("sales with sale id, product, quantity, unit price and total", 500):
        assert row["total"] == pytest.approx(row["quantity"] * row["unit_price"], abs=0.006)


def test_a_discount_comes_off_the_total_and_a_percentage_is_no_part_of_a_price():
    description = "orders with product, quantity, unit price, discount and total"
    cols = by_name(infer(description))
    assert cols["discount"]["type"] == "percentage" and "at_most" not in cols["discount"]
    for row in generate(description, 500):
        assert row["total"] == pytest.approx(row["quantity"] * row["unit_price"] * (1 - row["discount"] / 100), abs=0.006)
    for row in generate("orders with quantity, unit price, discount amount and total", 500):
        assert row["total"] == pytest.approx(max(row["quantity"] * row["unit_price"] - row["discount_amount"], 0), abs=0.006)


def test_length_of_stay_is_the_days_between_admission_and_discharge():
    rows = generate("hospital stays with admission date, discharge date and length of stay", 500)
    assert all(row["length_of_stay"] == (dt.date.fromisoformat(row["discharge_date"]) - dt.date.fromisoformat(row["admission_date"])).days for row in rows)


def test_an_actual_time_is_the_scheduled_time_plus_the_delay():
    description = "flights with airline, origin, destination, scheduled departure, actual departure, delay in minutes and cancelled"
    assert by_name(infer(description))["actual_departure"]["expression"] == "scheduled_departure + minutes(delay_minutes)"
    both = by_name(infer("flights with scheduled departure, actual departure, scheduled arrival, actual arrival and arrival delay in minutes"))
    assert both["actual_arrival"]["type"] == "derived" and both["actual_departure"]["type"] != "derived"  # an arrival delay moves the arrival
    for row in generate(description, 500):
        scheduled, actual = (dt.datetime.strptime(row[c], "%H:%M:%S") for c in ("scheduled_departure", "actual_departure"))
        assert (actual - scheduled).total_seconds() // 60 % 1440 == row["delay_minutes"] % 1440


def test_a_marathons_finish_times_are_hours_and_its_pace_is_time_over_distance():
    cols = by_name(infer("marathon results with bib number, name, age, finish time and pace"))
    assert cols["finish_time"]["unit"] == "minutes" and 240 <= cols["finish_time"]["mean"] <= 290
    for row in generate("marathon results with bib number, name, age, finish time and pace", 300):
        assert row["pace"] == pytest.approx(row["finish_time"] / 42.195, abs=0.006)
    assert 100 <= by_name(infer("half marathon results: runner, chip time, pace"))["chip_time"]["mean"] <= 150


def test_a_cars_mileage_grows_with_the_years_since_its_model_year():
    rows = generate("used cars for sale with make, model, year, mileage in km, fuel type and price", 3000)
    years = np.array([row["year"] for row in rows], dtype=float)
    mileage = np.array([row["mileage_km"] for row in rows], dtype=float)
    assert years.min() <= TODAY.year - 12 and years.max() == TODAY.year  # model years of used cars, not the last six years
    assert mileage.min() >= 0 and np.corrcoef(years, mileage)[0, 1] < -0.7
    newest = mileage[years == TODAY.year]
    assert newest.size and np.median(newest) < 20000  # a new car has done little


@pytest.mark.parametrize(("description", "column", "inputs"), [
    ("patients with weight in kg, height in cm and bmi", "bmi", {"weight_kg", "height_cm"}),
    ("telecom customers with tenure in months, monthly charges and total charges", "total_charges", {"monthly_charges", "tenure_months"}),
    ("company divisions with revenue, cost and profit", "profit", {"revenue", "cost"}),
    ("people with name, age and age group", "age_group", {"age"}),
])
def test_obvious_relations_become_derived_columns(description, column, inputs):
    cols = by_name(infer(description))
    assert cols[column]["type"] == "derived" and all(name in cols[column]["expression"] for name in inputs)
    DatasetSchema.from_dict(infer(description))


def test_a_total_with_its_own_range_or_without_a_price_stays_plain():
    assert by_name(infer("orders with quantity and total"))["total"]["type"] != "derived"
    assert "derived" not in {c["type"] for c in infer("customers with name, email and tenure")["columns"]}


# Planted targets

TARGETS = [
    (CHURN, "churned", "binary", {"tenure_months": -1, "contract_type": 1}),
    ("Titanic passengers with name, sex, age, passenger class, fare and whether they survived", "survived", "binary", {"sex": 1, "age": -1, "passenger_class": 1}),
    ("loan applications with credit score, annual income, debt to income ratio, loan amount and whether the loan was approved, to predict approval",
     "is_approved", "binary", {"credit_score": 1, "annual_income": 1, "debt_to_income_ratio": -1}),
    ("census data with age, education, hours per week, capital gain and income bracket (<=50K, >50K) for predicting the income bracket",
     "income_bracket", "multiclass", {"age": 1, "hours_per_week": 1}),
    ("house sales with square footage, bedrooms, bathrooms, year built and sale price, to predict house prices", "sale_price", "numeric", {"bedrooms": 1}),
    ("patients with pregnancies, glucose, blood pressure, bmi, age and diabetes outcome, to predict diabetes", "diabetes_outcome", "binary", {"glucose": 1, "bmi": 1, "age": 1}),
    ("card transactions with amount, merchant category, is online and is fraud, for fraud detection. target: is fraud", "is_fraud", "binary", {"amount": 1}),
    ("students with study hours, attendance rate, previous score, absences and whether they passed the exam — to predict passing", "passed", "binary", {"attendance_rate": 1, "absences": -1}),
    ("credit card clients with credit limit, age, utilisation, income and whether they defaulted, for predicting default", "defaulted", "binary", {"utilisation": 1, "income": -1}),
    ("employees with age, monthly income, years at company, job satisfaction, over time and attrition, to predict attrition", "attrition", "binary", {"monthly_income": -1, "years_at_company": -1}),
]


@pytest.mark.parametrize(("description", "target", "task", "signs"), TARGETS, ids=[t[1] for t in TARGETS])
def test_prediction_phrasing_plants_a_target_with_sensible_drivers(description, target, task, signs):
    schema = infer(description)
    DatasetSchema.from_dict(schema)
    cols = by_name(schema)
    column = next(c for name, c in cols.items() if name.startswith(target) or target in name)
    assert column["type"] == "target" and column["task"] == task, column
    effects = {d["column"]: d["effect"] for d in column["drivers"]}
    assert 2 <= len(effects) <= 5 and set(effects) <= set(cols) - {column["name"]}
    for name, sign in signs.items():
        assert np.sign(effects[name]) == sign, (name, effects)
    assert "planted" in column["description"]


def test_a_stated_rate_is_kept():
    assert by_name(infer(CHURN))["churned"]["rate"] == 0.26


@pytest.mark.parametrize("description", [
    "customers with name, email, tenure in months and whether they are active",
    "houses with area, bedrooms and price",
    "employees with name, department, salary and hire date",
])
def test_descriptions_that_ask_for_no_prediction_get_no_target(description):
    assert "target" not in {c["type"] for c in infer(description)["columns"]}


@pytest.fixture(scope="module")
def churn_rows():
    schema = infer(CHURN)
    return schema, rows_as_dicts(DatasetSchema.from_dict(schema), rows=20_000, seed=11)


def test_a_model_trained_on_the_described_churn_data_finds_the_planted_effects(churn_rows):
    schema, rows = churn_rows
    target = by_name(schema)["churned"]
    names, x = [], []
    for driver in target["drivers"]:
        values = np.array([r[driver["column"]] == driver["value"] if "value" in driver else r[driver["column"]] for r in rows], dtype=float)
        x.append(values if "value" in driver else (values - values.mean()) / values.std())
        names.append(driver)
    x, y = np.column_stack(x), np.array([r["churned"] for r in rows])
    model = LogisticRegression(max_iter=1000).fit(x[:15_000], y[:15_000])
    assert roc_auc_score(y[15_000:], model.predict_proba(x[15_000:])[:, 1]) >= 0.7
    for driver, coef in zip(names, model.coef_[0]):
        assert np.sign(coef) == np.sign(driver["effect"]), (driver, coef)
    assert abs(y.mean() - 0.26) < 4 * np.sqrt(0.26 * 0.74 / len(y))


# Several tables

MULTI = [
    ("customers with name and email and their orders with order date and total", {"customers": [], "orders": ["customers"]}),
    ("students, courses and enrolments", {"students": [], "courses": [], "enrolments": ["students", "courses"]}),
    ("authors and their books", {"authors": [], "books": ["authors"]}),
    ("patients and their visits", {"patients": [], "visits": ["patients"]}),
    ("users, posts and comments tables", {"users": [], "posts": ["users"], "comments": ["posts", "users"]}),
    ("a shop with customers, products and orders", {"customers": [], "products": [], "orders": ["customers", "products"]}),
]


@pytest.mark.parametrize(("description", "shape"), MULTI, ids=[m[0][:30] for m in MULTI])
def test_related_things_become_tables_whose_keys_join(description, shape):
    schema = infer(description)
    multi = MultiTableSchema.from_dict(schema)
    assert {t.name: sorted(p for _, p in t.references()) for t in multi.tables} == {k: sorted(v) for k, v in shape.items()}
    assert all(t.schema.columns[0].type == "id" for t in multi.tables)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(dataset_build(schema=multi, rows=200, seed=5, fmt="zip").chunks)))
    csvs = {name.rsplit("/", 1)[-1][:-4]: archive.read(name).decode().splitlines() for name in archive.namelist() if name.endswith(".csv")}
    for table in multi.tables:
        header = csvs[table.name][0].split(",")
        for column, parent in table.references():
            keys = {line.split(",")[0] for line in csvs[parent][1:]}
            index = header.index(column)
            assert {line.split(",")[index] for line in csvs[table.name][1:]} <= keys


def test_the_columns_named_for_each_thing_go_into_its_table():
    multi = MultiTableSchema.from_dict(infer("customers with name and email and their orders with order date and total"))
    assert [c.name for c in multi.table("customers").schema.columns] == ["customer_id", "name", "email"]
    assert [c.name for c in multi.table("orders").schema.columns] == ["order_id", "customer_id", "order_date", "total"]
    assert multi.table("orders").rows_ratio > 1


@pytest.mark.parametrize("description", [
    "customers with name, email and number of orders",
    "orders with customer name, order date and total",
    "a list of students and their exam results",
    "employees with name, department and salary",
])
def test_single_things_stay_one_table(description):
    schema = infer(description)
    assert "tables" not in schema and DatasetSchema.from_dict(schema)


def test_an_end_time_is_the_start_plus_the_length_in_its_unit():
    rentals = "bike rentals: rental id, start station, end station, start time, end time, duration minutes, member type"
    assert by_name(infer(rentals))["end_time"]["expression"] == "start_time + minutes(duration_minutes)"
    for row in generate(rentals, 300):
        start, end = (dt.datetime.strptime(row[c], "%H:%M:%S") for c in ("start_time", "end_time"))
        assert (end - start).total_seconds() // 60 % 1440 == row["duration_minutes"] % 1440
    calls = by_name(infer("phone calls: caller, start time, end time, duration in seconds"))
    assert calls["end_time"]["expression"] == "start_time + minutes(duration_seconds / 60)"


def test_one_persons_scores_in_several_subjects_go_together_but_two_sides_do_not():
    import numpy as np

    exams = "students exam results: student name, math score, reading score, writing score"
    rows = generate(exams, 2000)
    math, reading = np.array([r["math_score"] for r in rows]), np.array([r["reading_score"] for r in rows])
    assert np.corrcoef(math, reading)[0, 1] > 0.65
    assert "correlate_with" not in by_name(infer("football matches with home team, away team, home score, away score"))["away_score"]


@pytest.mark.parametrize("description", ["Name, Age, Email, Country", "Kunden mit Name, Alter, E-Mail und Stadt", "school kids: name, age, grade level, favorite subject"])
def test_a_bare_name_beside_a_persons_columns_is_the_persons_name(description):
    assert by_name(infer(description))["name"]["type"] == "full_name"
    assert by_name(infer("list of countries: name, capital, population"))["name"]["type"] == "country"
