"""The shape of the table from the way a description is phrased, whatever its domain: several
related tables (with the parents each refers to), a series of entities over time, or one plain
table that merely holds words such as 'daily', 'log' or another thing's id."""

import datetime as dt
import re

import pytest

from generator.inference.sources.offline import infer_schema
from generator.tables import MultiTableSchema

TODAY = dt.date(2025, 6, 15)


def infer(description):
    return infer_schema(description, today=TODAY)


SEVERAL = [
    # a participle ends a thing's name and says what it belongs to
    ("libraries registered in a city (name, address) and books held by each library (title, author)",
     {"libraries": [], "books": ["libraries"]}),
    ("a chess federation: clubs, players based at a club, and tournaments organised by each club",
     {"clubs": [], "players": ["clubs"], "tournaments": ["clubs"]}),
    # bracketed things: a snake_case name, 'plus their', 'X with their Y (…)'
    ("farmers_markets (market_id, name, city) and stalls (stall_id, market_id, vendor, weekly fee)",
     {"farmers_markets": [], "stalls": ["farmers_markets"]}),
    ("a list of lighthouses (name, height in m) plus their keepers (name, start year)",
     {"lighthouses": [], "keepers": ["lighthouses"]}),
    ("cookbooks with their recipes (title, servings) and reviews of each cookbook (stars, review date)",
     {"cookbooks": [], "recipes": ["cookbooks"], "reviews": ["cookbooks"]}),
    ("authors (name, country), publishers (name, city) and contracts, where each contract has one author and one publisher, an advance and a signing date",
     {"authors": [], "publishers": [], "contracts": ["authors", "publishers"]}),
    # a fact table and its dimensions
    ("a fact table of rentals (rental date, fee) with dimension tables for films, stores and customers",
     {"films": [], "stores": [], "customers": [], "rentals": ["customers", "films", "stores"]}),
    # framed lists, 'between a X and a Y', collectives, 'each having many'
    ("a database for a bike repair shop with customers, bikes and repair jobs",
     {"customers": [], "bikes": ["customers"], "repair_jobs": ["bikes"]}),
    ("relational dataset with museums and exhibitions", {"museums": [], "exhibitions": ["museums"]}),
    ("coaches, athletes and training sessions between a coach and an athlete (date, minutes)",
     {"coaches": [], "athletes": [], "training_sessions": ["athletes", "coaches"]}),
    ("a toy library wants two tables: its toy collection (name, age range) and the loans in which a family borrows a toy (loan date, days)",
     {"toys": [], "loans": ["toys"]}),
    ("marinas, each having many berths; berths have a length in metres and a monthly fee",
     {"marinas": [], "berths": ["marinas"]}),
    ("a list of bakeries plus their products with price", {"bakeries": [], "products": ["bakeries"]}),
    # a sentence per thing: 'Each X has …', '…, and a Y has …', 'Xs have …', 'Ys say which X … which Z',
    # the first after a colon, a bullet per thing, sections after a sentence that only frames them
    ("We lend out canoes. Each canoe has a colour and a length in metres. Paddlers hire canoes for trips, and a trip has a date, hours and a fee.",
     {"canoes": [], "trips": ["canoes"]}),
    ("Farmers have a name and a region. Markets have a town and a weekday. Stalls say which farmer sold at which market, and the takings.",
     {"farmers": [], "markets": [], "stalls": ["farmers", "markets"]}),
    ("tool rentals as header and lines: the header has rental number, customer and date; each line has tool, days and price",
     {"headers": [], "lines": ["headers"]}),
    ("Tables:\n- kennels: name, town\n- dogs: kennel, breed, age\n- walks: dog, date, minutes",
     {"kennels": [], "dogs": ["kennels"], "walks": ["dogs"]}),
    ("a choir where singers are placed in voice sections. section: name, conductor. singer: name, voice, section",
     {"sections": [], "singers": ["sections"]}),
    # a table's role said around the thing it holds
    ("a lookup table of blood groups (code, rarity) and a donors table that uses it (donor name, blood group, last donation)",
     {"blood_groups": [], "donors": ["blood_groups"]}),
    ("parent/child tables: regattas are the parent (name, venue, date), races the child (race number, boat class, start time)",
     {"regattas": [], "races": ["regattas"]}),
    ("master data and movements for a chain of depots: master data for the depots (name, region) and movements (depot, item, quantity, moved at)",
     {"depots": [], "movements": ["depots"]}),
    # participles, a list owned by the subject before it, a bare first thing, a thing named on another
    ("campaigns (client, budget), adverts within each campaign (headline, channel) and clicks recorded against an advert (clicked at, cost)",
     {"campaigns": [], "adverts": ["campaigns"], "clicks": ["adverts"]}),
    ("zoos with their enclosures (area in m², climate) and the animals living in each enclosure (species, age)",
     {"zoos": [], "enclosures": ["zoos"], "animals": ["enclosures"]}),
    ("the counties of a state, the towns that lie in them (name, population) and the schools each town runs (name, pupils)",
     {"counties": [], "towns": ["counties"], "schools": ["towns"]}),
    ("a forum: boards, the threads on each board (title, author) and replies to threads (author, text)",
     {"boards": [], "threads": ["boards"], "replies": ["threads"]}),
    ("stadiums(name, city), home_teams(name, stadium), fixtures(home_teams, kickoff, attendance)",
     {"stadiums": [], "home_teams": ["stadiums"], "fixtures": ["home_teams"]}),
    # a thing between two others: named in its name, or 'a … table between them recording …'
    ("ferries (name, capacity), ports (name, country) and sailings of a ferry from a port (departed at, passengers)",
     {"ferries": [], "ports": [], "sailings": ["ferries", "ports"]}),
    ("authors and journals with a submissions table between them recording submitted on and decision",
     {"authors": [], "journals": [], "submissions": ["authors", "journals"]}),
    ("pianos (make, year), halls (name, city), and recitals that put a piano in a hall (date, pianist)",
     {"pianos": [], "halls": [], "recitals": ["halls", "pianos"]}),
]


@pytest.mark.parametrize(("description", "shape"), SEVERAL, ids=[d[:30] for d, _ in SEVERAL])
def test_several_tables_each_referring_to_its_parents(description, shape):
    schema = infer(description)
    multi = MultiTableSchema.from_dict(schema)
    assert {t.name: sorted(p for _, p in t.references()) for t in multi.tables} == shape


def test_a_bill_for_the_fixed_part_and_the_key_to_each_one_named():
    """'each contract has one author': the contract's key to its author, not a column 'one_author'."""
    schema = infer("authors (name, country), publishers (name, city) and contracts, where each contract has one author and one publisher, an advance and a signing date")
    contracts = next(t for t in schema["tables"] if t["name"] == "contracts")
    names = [c["name"] for c in contracts["columns"]]
    assert "author_id" in names and "publisher_id" in names and not any(n.startswith("one_") for n in names)


SERIES = [
    ("quarterly figures for 15 airlines: passengers, load factor and revenue", "airline", 15, "quarter"),
    ("a herd of 40 cows surveyed every year from 2015 to 2024: weight and milk yield", "cow", 40, "year"),
    ("readings from 40 soil moisture sensors over the past year", "sensor", 40, "hour"),
    ("daily visitors to 4 aquariums in 2024", "aquarium", 4, "day"),
    ("weekly closing values of the FTSE 100, DAX and Nikkei 225 indices since 2021", None, 3, "week"),
    ("traffic counts per 15 minutes at 12 intersections", "intersection", 12, "15min"),
    ("a panel dataset of 50 countries from 2000 to 2020 with GDP, inflation and unemployment", "country", 50, "year"),
    ("year-by-year population of 25 towns since 1990", "town", 25, "year"),
    # a frequency said only by the first reading, with the things counted or named and a span
    ("monthly vacancy rate for 30 office towers from 2016 to 2024", "tower", 30, "month"),
    ("yearly apple harvest in tonnes for 12 Austrian orchards, 2001 to 2023", "orchard", 12, "year"),
    ("weekly bread price in Madrid, Valencia, Bilbao and Zaragoza since 2019", "city", 4, "week"),
    ("hourly air temperature at Gatwick, Stansted and Luton airports during May 2024", "airport", 3, "hour"),
    # frequencies said other ways, and how the readings are taken as no column of their own
    ("wind speed at 6 offshore turbines, logged at the top of every hour during March 2025", "turbine", 6, "hour"),
    ("gas drawn by 25 bakeries each quarter-hour for two days", "bakery", 25, "15min"),
    ("month-end balances of 120 credit card accounts from 2021 to 2024", "account", 120, "month"),
    ("lunches served at 4 school kitchens each school day in 2024", "kitchen", 4, "business_day"),
]


@pytest.mark.parametrize("description", [
    "water levels at 10 cattle troughs, checked twice a day during July 2024",
    "noise in dB at 5 building sites, measured at the start of every hour",
])
def test_how_readings_are_taken_is_no_column(description):
    schema = infer(description)
    assert "series" in schema and not [c["name"] for c in schema["columns"] if re.search(r"checked|measured|twice|start", c["name"])]


@pytest.mark.parametrize(("description", "entity", "count", "frequency"), SERIES, ids=[s[0][:30] for s in SERIES])
def test_a_series_of_entities_over_time(description, entity, count, frequency):
    series = infer(description)["series"]
    assert (series["entities"], series["frequency"]) == (count, frequency)
    if entity:
        assert series["entity"] == entity


def test_named_indices_are_the_entities_and_not_columns():
    schema = infer("weekly closing values of the FTSE 100, DAX and Nikkei 225 indices since 2021")
    entity = next(c for c in schema["columns"] if c["name"] == schema["series"]["entity"])
    assert entity["values"] == ["FTSE 100", "DAX", "Nikkei 225"]
    assert [c["name"] for c in schema["columns"] if c["type"] == "series_value"] == ["closing_values"]


@pytest.mark.parametrize("description", [
    "stores and their weekly sales over 2023", "parking garages and their hourly occupancy",
    "kiosks (name, town) and the number of ice creams each kiosk sells per day in 2023",
    "a registry of river gauges (gauge id, river, installed on) and the water level in cm that each gauge records every hour",
])
def test_things_and_their_readings_over_time_are_a_table_and_its_series(description):
    """The readings are a table of their own, a series keyed to the things, over many of them."""
    schema = infer(description)
    parent, child = schema["tables"]
    series = child["series"]
    assert series["entity"] == f"{parent['name'][:-1]}_id" and series["entities"] > 1
    assert [c["name"] for c in child["columns"] if c["type"] == "series_value"]


@pytest.mark.parametrize("description", [
    "monthly electricity bills: account number, billing month, kWh used, amount due",
    "daily delivery rounds: driver, van, parcels loaded, parcels delivered",
    "freelancers with name, skill and daily rate in USD",
    "purchase orders: order id, supplier id, buyer, order date, total amount",
    "an access log from a web server: timestamp, IP address, status code",
    "Our club wants a members table for the season. Each member has a name, a joining date and a membership fee.",
    "the weekly menu of a canteen: dish, price, vegan (yes/no)",
    "members of a swimming club in Norway: name, age group, monthly fee in NOK, joined on, swims last month",
])
def test_words_that_could_mislead_leave_one_plain_table(description):
    schema = infer(description)
    assert "tables" not in schema and "series" not in schema


def test_each_with_its_names_a_column():
    """'chess openings, each with its inventor, …': 'each with its' is no part of the first name."""
    names = [c["name"] for c in infer("a table of chess openings, each with its inventor, first move and popularity %")["columns"]]
    assert names[0] == "inventor" and not any(n.startswith("each") for n in names)


def test_how_often_a_series_is_read_is_no_table_of_its_own():
    """'every 15 minutes, with each site's number of spaces' says when the readings are taken:
    one series of the sites, not a table of parking spaces and a table of minutes."""
    schema = infer("free parking spaces at 12 park-and-ride sites, every 15 minutes, with each site's number of spaces")
    assert "tables" not in schema and schema["series"]["entities"] == 12
