"""Flights that could be flown: airports in the locale's country, a flight touching its airline's
home, never one city to itself, and a distance that is the airports' great-circle distance."""

import math

import airportsdata
import pytest

from generator.schema import DatasetSchema
from generator.types.listed import records
from generator.writers.cells import rows_as_dicts

AIRPORTS = airportsdata.load("IATA")
AIRLINE_COUNTRY = dict(zip(records("airlines.tsv")["code"], records("airlines.tsv")["country"], strict=True))


def flights(locale=None, units="km", rows=2000, worldwide=False):
    columns = [*([{"name": "country", "type": "country"}] if worldwide else []),
        {"name": "airline", "type": "airline"},
        {"name": "airline_code", "type": "airline_code"},
        {"name": "origin", "type": "airport_code", "role": "origin"},
        {"name": "destination", "type": "airport_code", "role": "destination"},
        {"name": "destination_city", "type": "airport_city", "role": "destination"},
        {"name": "distance", "type": "flight_distance", "units": units},
    ]
    data = {"title": "Flights", "columns": columns, **({"locale": locale} if locale else {})}
    return rows_as_dicts(DatasetSchema.from_dict(data), rows=rows, seed=3)


def great_circle_km(a, b):
    (lat1, lon1), (lat2, lon2) = ((math.radians(AIRPORTS[c]["lat"]), math.radians(AIRPORTS[c]["lon"])) for c in (a, b))
    half = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(half))


@pytest.mark.parametrize("locale, worldwide", [(None, False), ("de_DE", False), ("ja_JP", False), ("en_GB", True)])
def test_every_flight_touches_its_airlines_home_and_never_flies_a_city_to_itself(locale, worldwide):
    for row in flights(locale, worldwide=worldwide):
        home = AIRLINE_COUNTRY[row["airline_code"]]
        assert home in {AIRPORTS[row["origin"]]["country"], AIRPORTS[row["destination"]]["country"]}, row
        assert AIRPORTS[row["origin"]]["city"] != AIRPORTS[row["destination"]]["city"]
        assert row["destination_city"] == AIRPORTS[row["destination"]]["city"]  # one role's columns share its airport


def test_a_locale_keeps_the_flights_in_its_country_and_flies_its_airlines_most():
    rows = flights("de_DE")
    german_airline = [AIRLINE_COUNTRY[r["airline_code"]] == "DE" for r in rows]
    assert 0.65 <= sum(german_airline) / len(rows) <= 0.85  # LOCAL_SHARE 0.75
    for row, local in zip(rows, german_airline, strict=True):
        countries = [AIRPORTS[row[end]]["country"] for end in ("origin", "destination")]
        if local:
            assert countries == ["DE", "DE"]  # a German airline's flight in a German table is domestic
        else:
            assert "DE" in countries and AIRLINE_COUNTRY[row["airline_code"]] in countries  # home to Germany, or back


def test_with_a_country_column_flights_are_worldwide_and_most_start_at_the_airlines_home():
    rows = flights(worldwide=True)
    from_home = sum(AIRPORTS[r["origin"]]["country"] == AIRLINE_COUNTRY[r["airline_code"]] for r in rows) / len(rows)
    assert 0.65 <= from_home <= 0.8  # HUB_SHARE 0.65, more where the first draw was already at home
    assert len({AIRPORTS[r["origin"]]["country"] for r in rows}) >= 20


def test_without_a_locale_flights_are_the_default_locales_domestic_ones():
    rows = flights()
    us = [AIRLINE_COUNTRY[r["airline_code"]] == "US" for r in rows]
    assert all(AIRPORTS[r["origin"]]["country"] == AIRPORTS[r["destination"]]["country"] == "US" for r, home in zip(rows, us, strict=True) if home)


@pytest.mark.parametrize("units, per_km", [("km", 1.0), ("mi", 1 / 1.609344)])
def test_the_distance_is_the_airports_great_circle_distance(units, per_km):
    rows = flights("en_US", units=units, rows=300)
    for row in rows:
        assert row["distance"] == pytest.approx(great_circle_km(row["origin"], row["destination"]) * per_km, abs=1)
    assert any(r["distance"] > 2000 * per_km for r in rows)  # coast to coast


def test_a_distance_alone_makes_its_own_route():
    schema = DatasetSchema.from_dict({"title": "Legs", "columns": [{"name": "distance", "type": "flight_distance"}]})
    values = [r["distance"] for r in rows_as_dicts(schema, rows=500, seed=1)]
    assert min(values) > 0 and max(values) > 3000
