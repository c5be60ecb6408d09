"""Several tables from more ways of asking for them (a request before the things, 'for each X we
record …, and each X <verb>s Ys with …', dimensions with their own columns, numbered lists with
dashes, 'Table 1: …', 'per X (…), a list of its Ys', typos), and child dates after their parent
row's date across the key."""

import datetime as dt

import pytest

from generator.inference.sources.offline import infer_schema
from generator.tables import MultiTableSchema
from tests.realism.dataset import generate
from tests.realism.rules import check

TODAY = dt.date(2025, 6, 15)

SEVERAL = [
    ("I need the data of 4 rowing clubs: the clubs (name, river) and the regattas of each club, with the date and the boats entered",
     {"clubs": [], "regattas": ["clubs"]}),
    ("need data on kennels and the dogs boarded at each one and the walks each dog gets with date and minutes",
     {"kennels": [], "dogs": ["kennels"], "walks": ["dogs"]}),
    ("a dataset about bakeries: for each bakery we record its name, town and number of ovens, and each bakery bakes loaves with a bake date, flour type and weight in grams",
     {"bakeries": [], "loaves": ["bakeries"]}),
    ("star schema with a fact table of parking sessions (minutes, fee) and dimension tables for car parks (name, spaces) and vehicles (plate, type)",
     {"car_parks": [], "vehicles": [], "parking_sessions": ["car_parks", "vehicles"]}),
    ("data for our apiary:\n1. hives - location, queen year, colony strength\n2. inspections - hive, date, frames of brood",
     {"hives": [], "inspections": ["hives"]}),
    ("Table 1: ponds (name, area in m²). Table 2: water samples (pond, sample date, ph)",
     {"ponds": [], "water_samples": ["ponds"]}),
    ("per vending machine (location, model), a list of its refills: refilled at, items added",
     {"vending_machines": [], "refills": ["vending_machines"]}),
    ("climbing gyms, each with their walls (height in m, angle), and the routes set on each wall (grade, colour)",
     {"climbing_gyms": [], "walls": ["climbing_gyms"], "routes": ["walls"]}),
    ("orchestras and there musicians and the concerts each musician plays with date and fee",
     {"orchestras": [], "musicians": ["orchestras"], "concerts": ["musicians"]}),
    ("canoes and their trips as two tables joined via the canoe number. canoes: number, colour. trips: date, hours",
     {"canoes": [], "trips": ["canoes"]}),
    ("a dog show's data: breeders (name, kennel), dogs that each breeder enters in a show (dog name, breed), judges (name, years judging) and marks that a judge gives a dog (points, remark)",
     {"breeders": [], "judges": [], "dogs": ["breeders"], "marks": ["dogs", "judges"]}),
    ("A bakery chain keeps its shops (name, town, opened on) and every delivery it sends to a shop, with the delivery date and the crates",
     {"shops": [], "deliveries": ["shops"]}),
    ("book clubs and the meetings they hold: club name, town; meeting date, book, attendees",
     {"book_clubs": [], "meetings": ["book_clubs"]}),
    ("We run a costume shop. Customers sign up with their name, phone and the date they joined. Each costume has a name, a size and a deposit. When a customer hires a costume we note the date out and the date it came back.",
     {"customers": [], "costumes": [], "hires": ["costumes", "customers"]}),
    ("We run a car park network. There are about 20 car parks, each with a name and a number of bays. Every bay has a size and an hourly price. Drivers book a bay from a start time to an end time and pay a fee.",
     {"car_parks": [], "bays": ["car_parks"], "bookings": ["bays"]}),
    ("authors (name, country) and conferences (name, city) with a link table of talks recording the talk title and the date",
     {"authors": [], "conferences": [], "talks": ["authors", "conferences"]}),
    ("dancers (name, style), competitions (city, date) and scores giving each dancer's points in a competition",
     {"dancers": [], "competitions": [], "scores": ["competitions", "dancers"]}),
    ("teachers (name, subject), workshops (title, date) and attendance, one row per teacher at a workshop with hours attended",
     {"teachers": [], "workshops": [], "attendances": ["teachers", "workshops"]}),
    ("a many-to-many between singers and choirs: singers have a name and a voice; choirs have a name and a town; a membership says which singer sings in which choir and the year joined",
     {"singers": [], "choirs": [], "memberships": ["choirs", "singers"]}),
    ("a table for ferry routes (route name, port, crossing minutes) and a table for the sailings made on each route (sailing date, passengers)",
     {"ferry_routes": [], "sailings": ["ferry_routes"]}),
]


@pytest.mark.parametrize(("description", "shape"), SEVERAL, ids=[d[:30] for d, _ in SEVERAL])
def test_several_tables_each_referring_to_its_parents(description, shape):
    multi = MultiTableSchema.from_dict(infer_schema(description, today=TODAY))
    assert {t.name: sorted(p for _, p in t.references()) for t in multi.tables} == shape


@pytest.mark.parametrize("description", [
    "a list of employees and their manager's name, department, salary and start date",
    "customers with their number of orders, their last order date and their favourite product",
    "sales of used books: title, price, the shop it was sold in, sale date, customer_id",
])
def test_other_things_named_only_as_columns_stay_one_table(description):
    assert "tables" not in infer_schema(description, today=TODAY)


def test_a_column_values_after_a_colon_in_a_tables_brackets_are_its_values():
    schema = infer_schema("hotels (name, stars) and the rooms in each hotel (room type: single, double, suite; nightly rate)", today=TODAY)
    rooms = next(t for t in schema["tables"] if t["name"] == "rooms")
    assert [c["name"] for c in rooms["columns"]][-2:] == ["room_type", "nightly_rate"]
    assert set(rooms["columns"][-2]["values"]) == {"single", "double", "suite"}


@pytest.mark.parametrize("description", [
    "patients (name, registered on) and the visits they make (visit date, reason)",
    "a database of allotment sites (name, opened on) and the plots on each site (plot number, let on)",
])
def test_a_child_rows_dates_come_after_its_parent_rows_first_date(description):
    schema = infer_schema(description, today=TODAY)
    parent, child = schema["tables"]
    data = generate(schema, rows=3000, seed=2)
    date = next(c["name"] for c in parent["columns"] if c["type"] in ("date", "datetime"))
    for later in (c["name"] for c in child["columns"] if c["type"] in ("date", "datetime")):
        outcome = check({"kind": "joined_order", "child": child["name"], "parent": parent["name"], "a": date, "b": later, "strict": False, "share": 1.0}, data)
        assert outcome.ok, outcome.detail


def test_a_parent_date_that_ends_something_is_no_date_to_follow():
    schema = infer_schema("memberships (member name, start date, end date) and the visits of each membership (visit date, minutes)", today=TODAY)
    parent, child = schema["tables"]
    assert next(c for c in child["columns"] if c["name"] == "visit_date")["after"].endswith(".start_date")
    assert "keyed" not in next(c for c in parent["columns"] if c["name"] == "end_date")


@pytest.mark.parametrize(("description", "table", "count"), [
    ("data for our 9 launderettes: launderettes (name, town) and the machines in each launderette (type, capacity in kg)", "launderettes", 9),
    ("a chain of 14 cinemas: each cinema has many screens. Screen: number, seats", "cinemas", 14),
    ("I need the data of 6 padel clubs: the clubs (name, city) and the reservations of each club (date, price)", "clubs", 6),
])
def test_a_counted_parent_has_that_many_rows_whatever_the_request(description, table, count):
    schema = infer_schema(description, today=TODAY)
    counted = next(t for t in schema["tables"] if t["name"] == table)
    assert counted["rows"] == count and "rows_ratio" not in counted
    assert MultiTableSchema.from_dict(schema).row_counts(5000)[table] == count


def test_a_year_or_a_child_count_is_no_count_of_rows():
    schema = infer_schema("customers since 2019 with name and email, each customer places orders with order date and total", today=TODAY)
    assert all("rows" not in t for t in schema["tables"])
