"""What a description implies without naming it: a series' reading said by a question, a verb, a
participle, a span, a unit or an instrument; a clock time said by an activity; a country said by a
region, and the place column a description spreads its rows over. Fresh phrasings, none from the
realism sets."""

import datetime as dt

import pytest

from generator.inference.read.implied import implied_readings
from generator.inference.sources.offline import infer_schema

TODAY = dt.date(2025, 6, 15)


def infer(description):
    return infer_schema(description, today=TODAY)


def readings(schema):
    return {c["name"]: c for c in schema["columns"] if c["type"] == "series_value"}


@pytest.mark.parametrize("description, entity, reading", [
    ("monitor how crowded 6 food halls are every 30 minutes", "hall", "occupancy"),
    ("how fast the wind blows at 4 hilltop masts every 10 minutes", "mast", "speed"),
    ("how warm 9 greenhouses get, hourly during April 2025", "greenhouse", "temperature"),
    ("count the cyclists crossing 3 bridges every 15 minutes in May 2025", "bridge", "cyclists"),
    ("how much milk each of 40 goats gives per day during 2024", "goat", "milk"),
    ("how many parcels 12 lockers receive each day", "locker", "parcels"),
    ("20 lambs weighed weekly since March 2025", "lamb", "weight"),
    ("what a tonne of scrap copper fetches at 5 yards, every week since 2022", "yard", "price"),
    ("two years of gas use for 25 bakeries, one value a day", "bakery", "gas_use"),
    ("kWh every half hour from 25 classrooms", "classroom", "energy"),
    ("deg F every minute inside 3 smokers at a barbecue restaurant", "smoker", "temperature"),
    ("litres of diesel per day burnt by 8 generators on a building site", "generator", "diesel"),
    ("thermometers in 8 wine cellars, every 10 minutes", "cellar", "temperature"),
    ("rain gauges at 15 vineyards, daily since 2020", "vineyard", "rainfall"),
    ("hourly readings from 12 silo scales", "scale", "weight"),
    ("turnstiles at 4 stadium gates every 5 minutes during a match day", "gate", "entries"),
])
def test_an_implied_reading_is_named_for_what_it_measures(description, entity, reading):
    schema = infer(description)
    assert schema["series"]["entity"] == entity
    assert reading in readings(schema), (description, list(readings(schema)))


@pytest.mark.parametrize("description", [
    "customers: name, how much they spent, when they joined",     # no frequency: not a series
    "river gauge levels in cm every 15 minutes at 4 gauges",      # the reading is named already
    "hourly wind speed at 3 airports",
])
def test_descriptions_that_name_their_reading_are_not_rewritten(description):
    assert implied_readings(description) == description


@pytest.mark.parametrize("description, column, profile", [
    ("a guesthouse's breakfast log: room number, when the guests sat down to breakfast, covers", "guests_sat_down_to_breakfast_at", "breakfast"),
    ("a comedy club's line-up: comedian, date, when the set starts, tickets sold", "set_start_time", "night_shows"),
    ("cocktail bars in Soho: bar, night, last call, takings", "last_call", "closing_time"),
    ("a sunrise yoga class register: teacher, date, start time, people attending", "start_time", "early_morning"),
    ("ice cream van sales: van, flavour, time of sale, price", "time_of_sale", "opening_hours"),
])
def test_an_activity_sets_the_hours_of_its_time(description, column, profile):
    found = {c["name"]: c for c in infer(description)["columns"]}
    assert found[column]["type"] in ("time", "datetime")
    assert found[column].get("profile") == profile


@pytest.mark.parametrize("description, locale", [
    ("Provençal lavender farms: farm, village, owner, hectares, price per kg", "fr_FR"),
    ("Sicilian lemon growers: grower name, town, tonnes picked, price per kilo", "it_IT"),
    ("tapas bars in Catalonia: bar, town, owner, price of a caña", "es_ES"),
    ("Hokkaido ski lodges: lodge, owner, beds, nightly rate", "ja_JP"),
])
def test_a_region_places_the_table_in_its_country(description, locale):
    assert infer(description).get("locale") == locale


@pytest.mark.parametrize("description, name, kind", [
    ("shoppers from 4 Mexican states: name, age, basket value", "state", "state"),
    ("members of a chess club network across Dutch towns: member, rating, joined", "town", "city"),
    ("cafés in Lisbon and Porto: café, owner, seats, price of an espresso", "city", "category"),
])
def test_rows_spread_over_places_get_the_place_column(description, name, kind):
    found = {c["name"]: c for c in infer(description)["columns"]}
    assert found[name]["type"] == kind
    if kind == "category":
        assert found[name]["values"] == ["Lisbon", "Porto"]


@pytest.mark.parametrize("description", [
    "a dataset of countries: name, population, gdp",          # the rows are the places
    "GDP of 30 countries from 2000: country, gdp",
    "customers: name, email, city, total spent",              # a city column already
])
def test_no_place_column_is_added_where_the_rows_are_places_or_have_one(description):
    names = [c["name"] for c in infer(description)["columns"]]
    assert names.count("city") + names.count("country") + names.count("town") <= 1


def test_a_price_band_per_room_type_is_converted_with_its_currency():
    price = next(c for c in infer("stays at guesthouses in Jeonju: guest, room, nights, price")["columns"] if c["name"] == "price")
    assert price["unit"] == "KRW"
    for band in price.get("cases", {}).values():
        assert band["min"] >= 500  # won, not the dollars the band was first drawn in
