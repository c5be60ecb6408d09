"""Types drawn from short vocabularies and tables of facts kept as data files under
generator/types/data/, each naming its source.

A list type draws one value of a table of `lists.toml` at the table's weights. A record type
reads one field of a tab-separated table of facts (airlines, stocks, celestial objects,
universities, file types): the columns of one table in a row share one draw of a record, so an
airline's name and code, a stock's ticker, company, sector and exchange, a star's name and
coordinates agree without naming each other.
"""

from __future__ import annotations

import functools
from typing import ClassVar

import numpy as np
import pyarrow as pa

from generator.column_types import ColumnType
from generator.types.follow import weighted
from generator.types.places import LOCALE_COUNTRY
from generator.types.vocab import DATA, data_lines, load_toml

# A record table's source is its first line: "# source: ...".
_SOURCE_MARK = "# source:"


class ListType(ColumnType):
    """A value from one table of lists.toml, at its weights."""

    table: ClassVar[str] = ""

    def generate(self, params, ctx, rng):
        values, weights = _list(self.table)
        return values.take(weighted(rng, weights, ctx.size))

    def vocabulary_source(self) -> str:
        return load_toml("lists.toml")[self.table]["source"]


@functools.cache
def _list(table: str) -> tuple[pa.Array, np.ndarray]:
    entry = load_toml("lists.toml")[table]
    weights = entry.get("weights") or [1.0] * len(entry["values"])
    if len(weights) != len(entry["values"]):
        raise ValueError(f"lists.toml [{table}]: {len(entry['values'])} values but {len(weights)} weights")
    return pa.array(entry["values"], type=pa.string()), np.array(weights, dtype=np.float64)


def _listed(table: str, group: str, description: str, name: str = "") -> type[ListType]:
    attrs = {"name": name or table, "group": group, "description": description, "table": table}
    return type(f"{(name or table).title().replace('_', '')}Type", (ListType,), attrs)


@functools.cache
def records(file: str) -> dict[str, np.ndarray]:
    """A table of facts: each column as an array (numbers where the column holds numbers)."""
    header, *rows = data_lines(file)
    columns: dict[str, np.ndarray] = {}
    for i, field in enumerate(header):
        values = [row[i] for row in rows]
        try:
            columns[field] = np.array([float(v) for v in values])
        except ValueError:
            columns[field] = np.array(values, dtype=object)
    return columns


# With a locale set, the share of rows a table's entries of that country take (the rest keep the
# table's weights): a German flights table flies mostly Lufthansa, Eurowings and Condor.
LOCAL_SHARE = {"airlines.tsv": 0.75}


@functools.cache
def record_weights(file: str, locale: str | None) -> np.ndarray:
    """The weights a row's record is drawn at: the file's, or tilted to the locale's country."""
    table = records(file)
    weights, share = table["weight"], LOCAL_SHARE.get(file)
    if share is None or not locale or "country" not in table:
        return weights
    local = table["country"] == LOCALE_COUNTRY.get(locale)
    if not local.any() or local.all():
        return weights
    return np.where(local, weights / weights[local].sum() * share, weights / weights[~local].sum() * (1 - share))


def record_rows(ctx, file: str, role: str = "") -> np.ndarray:
    """Each row's record of `file` (with `role`, the role's own), drawn once per chunk and shared."""
    key = f"record:{file}:{role}"
    return ctx.shared(key, lambda c: weighted(c.rng(key), record_weights(file, c.locale), c.size))


def record_source(file: str) -> str:
    first = (DATA / file).read_text(encoding="utf-8").splitlines()[0]
    return first[len(_SOURCE_MARK):].strip() if first.startswith(_SOURCE_MARK) else ""


class RecordType(ColumnType):
    """One field of a record drawn per row; every column of the same file in the row shares the draw."""

    file: ClassVar[str] = ""
    field: ClassVar[str] = ""
    places: ClassVar[int | None] = None  # decimals of a number field

    def decimals(self, params):
        return self.places

    def rows(self, ctx) -> np.ndarray:
        """The record of each row, as an index into the file's table (shared by its columns)."""
        return record_rows(ctx, self.file, ctx.role)

    def generate(self, params, ctx, rng):
        values = records(self.file)[self.field][self.rows(ctx)]
        if self.kind == "string":
            return pa.array(values.tolist(), type=pa.string())
        return values.astype(np.float64)

    def vocabulary_source(self) -> str:
        return record_source(self.file)


def _record(name: str, group: str, file: str, field: str, description: str, decimals: int | None = None) -> type[RecordType]:
    attrs = {"name": name, "group": group, "description": description, "file": file, "field": field, "kind": "string" if decimals is None else "number", "places": decimals}
    return type(f"{name.title().replace('_', '')}Type", (RecordType,), attrs)


class UniversityType(RecordType):
    name, group, file, field = "university", "education", "universities.tsv", "name"
    description = "A university of the locale's country where the list has some (real institution names), larger ones more often"

    def rows(self, ctx):
        table = records(self.file)
        local = table["country"] == LOCALE_COUNTRY.get(ctx.locale, "US")
        weights = np.where(local, table["weight"], 0.0) if local.sum() >= 3 else table["weight"]
        return weighted(ctx.rng(f"record:{self.file}:{ctx.role}"), weights, ctx.size)


class FlightNumberType(RecordType):
    name, group, file, field = "flight_number", "travel", "airlines.tsv", "code"
    description = "A flight number of the row's airline, e.g. 'BA 117' (agrees with airline and airline_code columns)"

    def generate(self, params, ctx, rng):
        codes = records(self.file)["code"][self.rows(ctx)]
        numbers = np.where(rng.random(ctx.size) < 0.7, rng.integers(1, 1000, ctx.size), rng.integers(1000, 10000, ctx.size))
        return pa.array([f"{c} {n}" for c, n in zip(codes.tolist(), numbers.tolist())], type=pa.string())


LIST_TYPES = [
    _listed("blood_type", "health", "An ABO/Rh blood group at population shares (O+ most common)"),
    _listed("symptom", "health", "A presenting symptom (cough, fever, headache, ...), common ones more often"),
    _listed("allergy", "health", "A recorded allergy (penicillin, peanuts, pollen, ...) or 'None known'"),
    _listed("medical_specialty", "health", "A hospital specialty (Cardiology, Oncology, ...)"),
    _listed("weather_condition", "places", "A weather observation (Clear, Light rain, Fog, ...) at temperate-climate shares"),
    _listed("wind_direction", "places", "A 16-point compass direction, westerlies more often"),
    _listed("marital_status", "person", "Marital status at census shares"),
    _listed("education_level", "person", "Highest education completed, at census shares"),
    _listed("employment_status", "person", "Employment status (full-time, part-time, retired, ...)"),
    _listed("honorific", "person", "A title before a name (Mr, Ms, Mrs, Dr, ...)"),
    _listed("clothing_size", "commerce", "A letter clothing size (XS to XXL), M and L most sold"),
    _listed("film_genre", "media", "A film genre (Drama, Comedy, Thriller, ...)"),
    _listed("music_genre", "media", "A music genre (Pop, Rock, Hip-Hop, ...)"),
    _listed("book_genre", "media", "A bookshop genre (Mystery, Fantasy, Biography, ...)"),
    _listed("pet_species", "animals", "A household pet species, dogs and cats most often"),
    _listed("dog_breed", "animals", "A dog breed, popular breeds more often"),
    _listed("cat_breed", "animals", "A cat breed, domestic shorthair most often"),
    _listed("fruit", "food", "A fruit sold in grocery stores"),
    _listed("vegetable", "food", "A vegetable sold in grocery stores"),
    _listed("dish", "food", "A dish on a restaurant menu (Pad Thai, Caesar Salad, ...)"),
    _listed("beverage", "food", "A café or bar drink (Latte, Lemonade, IPA, ...)"),
    _listed("grape_variety", "food", "A wine grape variety (Cabernet Sauvignon, Merlot, ...), most planted ones more often"),
    _listed("programming_language", "internet", "A programming language at developer-survey shares"),
    _listed("operating_system", "internet", "A device operating system at usage shares (Android, Windows, iOS, ...)"),
    _listed("web_browser", "internet", "A web browser at usage shares (Chrome, Safari, ...)"),
    _listed("device_type", "internet", "mobile, desktop or tablet, at web-traffic shares"),
    _listed("social_platform", "internet", "A social network (Instagram, TikTok, ...)"),
    _listed("shipping_carrier", "commerce", "A parcel carrier (UPS, FedEx, DHL, ...)"),
    _listed("order_status", "commerce", "An online order's state (delivered, shipped, cancelled, ...)"),
    _listed("payment_status", "commerce", "A payment's state (paid, pending, failed, refunded, disputed)"),
    _listed("cryptocurrency", "commerce", "A cryptocurrency symbol (BTC, ETH, ...), by market value"),
    _listed("sport", "places", "A sport (Football, Tennis, ...)", name="sport_name"),
    _listed("academic_subject", "education", "A university field of study (Computer Science, Nursing, ...)"),
    _listed("academic_degree", "education", "A degree title (BSc, MA, PhD, ...)"),
    _listed("season", "dates", "A season of the year", name="season_name"),
    _listed("ticket_priority", "company", "A help-desk priority (low, medium, high, urgent)"),
    _listed("ticket_category", "company", "A help-desk category (Billing, Technical issue, ...); ticket_text follows it"),
    _listed("sentiment_label", "text", "A sentiment label (positive, neutral, negative); post_text follows it"),
    _listed("subscription_plan", "commerce", "A subscription tier (Free, Basic, Premium, ...), free most often"),
    _listed("hobby", "person", "A pastime (Reading, Hiking, Chess, ...)"),
    _listed("tech_skill", "company", "A skill named in data and software job ads (Python, SQL, Tableau, ...)"),
    _listed("industry", "company", "An industry sector (Technology, Healthcare, ...)"),
    _listed("hotel_room_type", "places", "A hotel room category (Standard Double, Junior Suite, ...)"),
    _listed("vehicle_type", "vehicles", "A vehicle body type (SUV, Sedan, ...) at new-registration shares"),
    _listed("transmission", "vehicles", "A gearbox type (Automatic, Manual, ...)"),
    _listed("relationship", "person", "An emergency contact's relationship (Spouse, Parent, ...)"),
    _listed("language_proficiency", "education", "A CEFR language level (A1 to C2)"),
    _listed("unit_of_measure", "commerce", "A stock or order-line unit (each, box, kg, ...)"),
]

RECORD_TYPES = [
    _record("airline", "travel", "airlines.tsv", "name", "An airline, weighted by passengers carried (agrees with airline_code and flight_number columns)"),
    _record("airline_code", "travel", "airlines.tsv", "code", "An airline's two-character IATA code, e.g. BA (agrees with an airline column)"),
    FlightNumberType,
    _record("stock_ticker", "finance", "stocks.tsv", "ticker", "A stock ticker symbol, e.g. AAPL (agrees with stock_company, stock_sector and stock_exchange columns)"),
    _record("stock_company", "finance", "stocks.tsv", "company", "A listed company of the row's ticker, e.g. Apple Inc."),
    _record("stock_sector", "finance", "stocks.tsv", "sector", "The GICS sector of the row's stock"),
    _record("stock_exchange", "finance", "stocks.tsv", "exchange", "The exchange the row's stock is listed on (NASDAQ, NYSE, LSE, ...)"),
    _record("celestial_object", "science", "celestial.tsv", "name", "A bright star or Messier object (Sirius, Orion Nebula (M42), ...); coordinates in the row agree"),
    _record("celestial_object_kind", "science", "celestial.tsv", "kind", "star, galaxy, nebula or cluster, of the row's celestial object"),
    _record("right_ascension", "science", "celestial.tsv", "right_ascension", "J2000 right ascension in hours (0-24) of the row's celestial object", 3),
    _record("declination", "science", "celestial.tsv", "declination", "J2000 declination in degrees (-90 to 90) of the row's celestial object", 3),
    _record("apparent_magnitude", "science", "celestial.tsv", "magnitude", "Apparent visual magnitude of the row's celestial object (smaller is brighter)", 2),
    UniversityType,
    _record("file_extension", "internet", "file_types.tsv", "extension", "A file extension (pdf, jpg, csv, ...); a mime_type column of the row agrees"),
    _record("mime_type", "internet", "file_types.tsv", "mime_type", "The IANA media type of the row's file, e.g. application/pdf"),
]
