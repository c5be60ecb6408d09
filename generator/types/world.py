"""Facts about the world from well-kept data packages: airports (airportsdata, weighted by the
busiest-airport list in data/airports.tsv) and ISO codes of countries, subdivisions, languages and
currencies (pycountry). Packages are imported on first use, never at import time."""

from __future__ import annotations

import functools
from typing import ClassVar

import numpy as np
import pyarrow as pa

from generator.column_types import ColumnType
from generator.types.follow import weighted
from generator.types.listed import record_source
from generator.types.places import LOCALE_COUNTRY
from generator.types.vocab import data_lines

AIRPORTS_FILE = "airports.tsv"


@functools.cache
def airports() -> tuple[dict[str, pa.Array], np.ndarray]:
    """Each busy airport's code, name and city (airportsdata), and its weight."""
    import airportsdata

    known = airportsdata.load("IATA")
    _, *rows = data_lines(AIRPORTS_FILE)
    facts = [known[code] for code, _ in rows]
    fields = {
        "code": pa.array([f["iata"] for f in facts], type=pa.string()),
        "name": pa.array([f["name"] for f in facts], type=pa.string()),
        "city": pa.array([f["city"] for f in facts], type=pa.string()),
    }
    return fields, np.array([float(weight) for _, weight in rows])


class AirportType(ColumnType):
    """One fact of the row's airport; airport columns of a row share the airport (per role)."""

    group = "travel"
    field: ClassVar[str] = ""

    def generate(self, params, ctx, rng):
        fields, weights = airports()
        picks = ctx.shared(f"airport:{ctx.role}", lambda c: weighted(c.rng(f"airport:{c.role}"), weights, c.size))
        return fields[self.field].take(pa.array(picks))

    def vocabulary_source(self) -> str:
        return record_source(AIRPORTS_FILE)


class AirportCodeType(AirportType):
    name, field = "airport_code", "code"
    description = "A busy airport's three-letter IATA code (LHR, ATL, ...), by passenger traffic; other airport columns of the row agree"


class AirportNameType(AirportType):
    name, field = "airport_name", "name"
    description = "A busy airport's name, e.g. London Heathrow Airport"


class AirportCityType(AirportType):
    name, field = "airport_city", "city"
    description = "The city a row's airport serves"


class FlightRouteType(ColumnType):
    name, group = "flight_route", "travel"
    description = "An origin-destination pair of busy airports, e.g. LHR-JFK (never the same airport twice)"

    def generate(self, params, ctx, rng):
        fields, weights = airports()
        origin = weighted(rng, weights, ctx.size)
        destination = weighted(rng, weights, ctx.size)
        same = origin == destination
        destination[same] = (destination[same] + rng.integers(1, len(weights), int(same.sum()))) % len(weights)
        codes = fields["code"].to_numpy(zero_copy_only=False)
        return pa.array([f"{a}-{b}" for a, b in zip(codes[origin], codes[destination])], type=pa.string())

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


WORLD_TYPES = [AirportCodeType, AirportNameType, AirportCityType, FlightRouteType, CountryAlpha3Type, SubdivisionCodeType, LanguageCodeType, CurrencyNameType]
