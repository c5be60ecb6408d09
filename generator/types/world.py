"""Facts about the world from well-kept data packages: airports (airportsdata, weighted by the
busiest-airport list in data/airports.tsv) and ISO codes of countries, subdivisions, languages and
currencies (pycountry). Packages are imported on first use, never at import time."""

from __future__ import annotations

import functools
from typing import Any, ClassVar

import numpy as np
import pyarrow as pa

from generator.column_types import ColumnType
from generator.params import Param
from generator.types.follow import weighted
from generator.types.listed import record_rows, record_source, records
from generator.types.places import LOCALE_COUNTRY
from generator.types.places import WORLD_TYPES as WORLDWIDE
from generator.types.vocab import data_lines

AIRPORTS_FILE = "airports.tsv"


# Airport columns of a row whose table has an airline: a flight touches its airline's home country.
# Worldwide (the table has a country column), the row's first airport is at the
# airline's home this often, and a second one whenever the first is abroad, else half the time
# (Southwest does not fly Shanghai to San Francisco); in a locale's country, a foreign airline's
# flight has one end at home, half of them the first.
AIRLINE_TYPES = frozenset({"airline", "airline_code", "flight_number"})
HUB_SHARE, HOME_RETURN = 0.65, 0.5


@functools.cache
def _listed() -> tuple[list[Any], np.ndarray]:
    """The listed airports' airportsdata records (read once) and their weights."""
    import airportsdata

    known = airportsdata.load("IATA")
    _, *rows = data_lines(AIRPORTS_FILE)
    return [known[code] for code, _ in rows], np.array([float(weight) for _, weight in rows])


@functools.cache
def airports() -> tuple[dict[str, pa.Array], np.ndarray, np.ndarray]:
    """Each busy airport's code, name and city (airportsdata), its weight and its country."""
    facts, weights = _listed()
    fields = {
        "code": pa.array([f["iata"] for f in facts], type=pa.string()),
        "name": pa.array([f["name"] for f in facts], type=pa.string()),
        "city": pa.array([f["city"] for f in facts], type=pa.string()),
    }
    return fields, weights, np.array([f["country"] for f in facts])


@functools.cache
def _in_country(country: str, least: int = 1) -> np.ndarray | None:
    """The airports' weights kept for one country's airports (None with fewer than `least`)."""
    _, weights, countries = airports()
    here = countries == country
    return np.where(here, weights, 0.0) if here.sum() >= least else None


def airport_picks(ctx, key: str) -> np.ndarray:
    """The row's airport for one role: in the locale's country (two or more are listed for every
    locale), or any busy airport when the table has a country column; tied to the row's airline's home when the table has an airline;
    never another role's airport (or its city) in the row."""
    _, weights, countries = airports()
    rng, others = ctx.rng(key), ctx.shared_like("airport")
    country = "" if WORLDWIDE & ctx.types else LOCALE_COUNTRY.get(ctx.locale or "", "")  # a country column: the world's
    local = _in_country(country, 2) if country else None
    pool = weights if local is None else local
    picks = weighted(rng, pool, ctx.size)
    if AIRLINE_TYPES & ctx.types:
        home = records("airlines.tsv")["country"][record_rows(ctx, "airlines.tsv")]
        first_abroad = countries[others[0]] != home if others else None
        if local is None:
            at_home = rng.random(ctx.size) < (HOME_RETURN if others else HUB_SHARE)
            at_home |= first_abroad if first_abroad is not None else False
        else:
            foreign = home != country
            at_home = foreign & (countries[others[0]] == country if others else rng.random(ctx.size) < 0.5)
        for where in np.unique(home[at_home]):
            rows = at_home & (home == where)
            if (own := _in_country(str(where))) is not None:
                picks[rows] = weighted(rng, own, int(rows.sum()))
    city = _city_index()
    for other in others:  # not the same city either: nobody flies Orly to Charles de Gaulle
        for _ in range(8):
            same = city[picks] == city[other]
            if not same.any():
                break
            picks[same] = weighted(rng, pool, int(same.sum()))
        picks = np.where(city[picks] == city[other], (picks + 1) % len(weights), picks)
    return picks


@functools.cache
def _city_index() -> np.ndarray:
    """Each listed airport's city as a number (airports of one city share it)."""
    cities = airports()[0]["city"].to_pylist()
    return np.array([cities.index(c) for c in cities])


class AirportType(ColumnType):
    """One fact of the row's airport; airport columns of a row share the airport (per role)."""

    group, entity = "travel", "place"
    field: ClassVar[str] = ""

    def generate(self, params, ctx, rng):
        fields = airports()[0]
        picks = ctx.shared(f"airport:{ctx.role}", lambda c: airport_picks(c, f"airport:{c.role}"))
        return fields[self.field].take(pa.array(picks))

    def vocabulary_source(self) -> str:
        return record_source(AIRPORTS_FILE)


class AirportCodeType(AirportType):
    name, field = "airport_code", "code"
    description = "A busy airport's three-letter IATA code (LHR, ATL, ...), by passenger traffic, in the locale's country when one is set; other airport columns of the row agree"


class AirportNameType(AirportType):
    name, field = "airport_name", "name"
    description = "A busy airport's name, e.g. London Heathrow Airport"


class AirportCityType(AirportType):
    name, field = "airport_city", "city"
    description = "The city a row's airport serves"


class FlightRouteType(ColumnType):
    name, group = "flight_route", "travel"
    description = "An origin-destination pair of busy airports, e.g. LHR-JFK (never the same airport twice; within the locale's country when one is set)"

    def generate(self, params, ctx, rng):
        codes = airports()[0]["code"].to_numpy(zero_copy_only=False)
        origin = ctx.shared("airport:route_origin", lambda c: airport_picks(c, "airport:route_origin"))
        destination = ctx.shared("airport:route_destination", lambda c: airport_picks(c, "airport:route_destination"))
        return pa.array([f"{a}-{b}" for a, b in zip(codes[origin], codes[destination])], type=pa.string())

    def vocabulary_source(self) -> str:
        return record_source(AIRPORTS_FILE)


EARTH_RADIUS_KM, KM_PER_MILE = 6371.0088, 1.609344


@functools.cache
def _radians() -> np.ndarray:
    """Each listed airport's latitude and longitude in radians (airportsdata)."""
    return np.radians(np.array([[f["lat"], f["lon"]] for f in _listed()[0]], dtype=np.float64))


class FlightDistanceType(ColumnType):
    name, group, kind = "flight_distance", "travel", "integer"
    description = "The great-circle distance between the row's first two airports (origin and destination, or a route), in km or miles"
    params = (Param("units", "choice", "km", "kilometres (km) or miles (mi)", choices=("km", "mi")),)

    def generate(self, params, ctx, rng):
        ends = ctx.shared_like("airport")
        if len(ends) < 2:  # no airports in the row before it: a route of its own
            ends = [ctx.shared(f"airport:distance_{end}", lambda c, end=end: airport_picks(c, f"airport:distance_{end}")) for end in ("origin", "destination")]
        (lat1, lon1), (lat2, lon2) = _radians()[ends[0]].T, _radians()[ends[1]].T
        half = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(half))
        return np.rint(km / (KM_PER_MILE if params["units"] == "mi" else 1.0)).astype(np.int64)

    def vocabulary_source(self) -> str:
        return record_source(AIRPORTS_FILE)


class IsoType(ColumnType):
    """A value from pycountry's ISO tables, drawn uniformly or within the locale's country."""

    source = "the ISO tables of the pycountry package"

    def generate(self, params, ctx, rng):
        values = self.values(LOCALE_COUNTRY.get(ctx.locale, "US"))
        return values.take(pa.array(rng.integers(0, len(values), ctx.size)))

    def values(self, country: str) -> pa.Array:
        raise NotImplementedError


@functools.cache
def _iso(table: str, field: str, country: str = "") -> pa.Array:
    import pycountry

    if table == "subdivisions":
        items = [s for s in pycountry.subdivisions.get(country_code=country) or [] if s.parent_code is None] or list(pycountry.subdivisions.get(country_code="US"))
    elif table == "currencies":  # not funds, precious metals or testing codes (X..), nor "(Next day)" variants
        items = [c for c in pycountry.currencies if not c.alpha_3.startswith("X") and "(" not in c.name]
    else:
        items = list(getattr(pycountry, table))
    return pa.array(sorted({getattr(item, field) for item in items if getattr(item, field, None)}), type=pa.string())


class CountryAlpha3Type(IsoType):
    name, group = "country_code_alpha3", "places"
    description = "An ISO 3166-1 alpha-3 country code (FRA, JPN, ...)"

    def values(self, country):
        return _iso("countries", "alpha_3")


class SubdivisionCodeType(IsoType):
    name, group = "subdivision_code", "places"
    description = "An ISO 3166-2 code of a region of the locale's country (US-CA, FR-IDF, DE-BY, ...)"

    def values(self, country):
        return _iso("subdivisions", "code", country)


class LanguageCodeType(IsoType):
    name, group = "language_code", "basic"
    description = "A two-letter ISO 639-1 language code (en, fr, ja, ...)"

    def values(self, country):
        return _iso("languages", "alpha_2")


class CurrencyNameType(IsoType):
    name, group = "currency_name", "commerce"
    description = "An ISO 4217 currency's name (Euro, Yen, ...)"

    def values(self, country):
        return _iso("currencies", "name")


WORLD_TYPES = [AirportCodeType, AirportNameType, AirportCityType, FlightRouteType, FlightDistanceType, CountryAlpha3Type, SubdivisionCodeType, LanguageCodeType, CurrencyNameType]
