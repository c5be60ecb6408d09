"""The description's country and currency applied to a built schema: its `locale`, and each money
column's currency (`unit`), magnitude and decimals.

A money column the description gave no currency for is in dollars by default; in a description
about Japan, or one that names yen, it becomes yen: its range is multiplied by the currency's
rough magnitude (data/locales.toml) and drawn with the currency's own decimals (none for yen).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

from generator.inference.knowledge.loader import data_file, knowledge
from generator.inference.knowledge.model import Currency
from generator.inference.read.country import find_country, find_currency, named_cities, named_city, names_dollars, outside_brackets
from generator.schema import DEFAULT_LOCALE, LOCALES
from generator.types.places import neighbourhood_cities

_AMOUNTS = ("min", "max", "mean", "std")


def localize(schema: dict[str, Any], text: str) -> dict[str, Any]:
    """The schema with the locale and currency the description names (changed in place)."""
    currencies = knowledge().currencies
    country = find_country(text)
    named = find_currency(text)
    money = [c for c in _columns(schema) if c.get("unit") in currencies]
    said_units = [currencies[c["unit"]] for c in money if c["unit"] != "USD"]
    currency = named or (currencies.get(country.currency) if country else None) or (said_units[0] if said_units else None)
    locale = country.locale if country else (currency.locale if currency else "")
    if locale in LOCALES and locale != DEFAULT_LOCALE:
        schema["locale"] = locale
    _neighbourhoods(schema, text)
    _implied_place(schema, text)
    if currency is not None:
        dollars = names_dollars(text)
        for column in money:
            own = currencies[column["unit"]]
            if own.code != currency.code and (own.code != "USD" or not dollars) and not _named(own, text):
                _convert(column, own, currency)  # a default dollar column, or 'kr' in a Danish table
            _decimals(column, currencies[column["unit"]])
    _home_prices(money, text)
    return schema


def _home_prices(money: list[dict[str, Any]], text: str) -> None:
    """A home's sale price or monthly rent at the typical values of the city the description
    names (data/home_prices.toml), in the city's currency; a column in another currency keeps its range."""
    spec, lowered = data_file("home_prices"), text.lower()
    if not re.search(rf"(?<![a-z])(?:{spec['context']})(?![a-z])", lowered):
        return
    city = next((c for c in spec["city"] if re.search(rf"(?<![a-z])(?:{c['words']})(?![a-z])", lowered)), None)
    if city is None:
        return
    for column in money:
        said = column["name"].replace("_", " ")
        kind = next((k for k in ("sale", "rent") if re.search(spec[k], said)), None)
        if kind is None or column["unit"] != city["currency"] or column["type"] not in ("integer", "decimal", "price"):
            continue
        typical = city[kind]
        column.update(min=_rounded(typical * spec["low"], True), max=_rounded(typical * spec["high"], True), mean=_rounded(typical * spec["mean"], True), distribution="lognormal")
        column.pop("std", None)
        if column["type"] != "integer":
            column.update({key: float(column[key]) for key in ("min", "max", "mean")})


def _neighbourhoods(schema: dict[str, Any], text: str) -> None:
    """Neighbourhoods of the city the description names ('listings in Paris'); in a table with
    its own city column and no city named, or in a city whose neighbourhoods are not known
    ('cafés in Leeds'), neighbourhood names that fit any city."""
    named = next((city for city in neighbourhood_cities() if re.search(rf"(?<!\w){re.escape(city)}(?!\w)", text, re.I)), None)
    elsewhere = named is None and named_city(text) is not None  # 'cafés in Leeds': a city whose neighbourhoods are not known
    for table in schema.get("tables", [schema]):
        columns = table.get("columns", [])
        has_city = any(c["type"] == "city" for c in columns)
        for column in [c for c in columns if c["type"] == "neighbourhood"]:
            if named:
                column["city"] = named
            elif has_city or elsewhere:
                column.update(type="category", **data_file("vocabulary")["any_city_neighbourhoods"])


def _implied_place(schema: dict[str, Any], text: str) -> None:
    """'customers from cities across Poland: name, email, …': a single table whose rows the
    description spreads over places gets that place's column (data/locales.toml [places]);
    'restaurants in Tokyo and Osaka: …' a city column of the cities named."""
    columns = schema.get("columns")
    if not columns or "series" in schema or "tables" in schema:
        return
    spec = data_file("locales")["places"]
    if any(c["type"] in ("city", "state", "country", "address", "street_address", "neighbourhood") or re.search(spec["taken"], c["name"].replace("_", " ")) for c in columns):
        return
    head = outside_brackets(text).partition(":")[0]
    said = re.search(spec["spread"], head.lower())
    if said is not None:
        kind = spec["kinds"][said.group("kind")]
        columns.insert(min(1, len(columns)), {"name": kind["name"], "type": kind["type"], "description": f"The {kind['name']} of the row"})
        return
    cities = list(dict.fromkeys(named_cities(head)))
    if len(cities) >= 2:
        columns.insert(min(1, len(columns)), {"name": "city", "type": "category", "values": cities, "description": "The city of the row"})


def _columns(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for table in schema.get("tables", [schema]):
        yield from table.get("columns", [])


def _named(currency: Currency, text: str) -> bool:
    """Whether the description names this currency itself (by word, code or symbol)."""
    found = find_currency(text)
    return found is not None and found.code == currency.code and currency.code != "USD"


def _convert(column: dict[str, Any], source: Currency, target: Currency) -> None:
    factor = target.per_usd / source.per_usd
    for band in [column, *(column.get("cases") or {}).values()]:  # a room type's own price band too
        for key in _AMOUNTS:
            if isinstance(band.get(key), (int, float)):
                band[key] = _rounded(band[key] * factor, integer=column["type"] == "integer")
    column["unit"] = target.code
    suffix, new = f"_{source.code.lower()}", f"_{target.code.lower()}"
    if column["name"].endswith(suffix):
        column["name"] = column["name"][: -len(suffix)] + new


def _decimals(column: dict[str, Any], currency: Currency) -> None:
    """The currency's own decimals; whole amounts get whole bounds."""
    if column["type"] in ("price", "decimal", "series_value"):
        column["decimals"] = min(column.get("decimals", 2), currency.decimals) if currency.decimals == 0 else column.get("decimals", 2)
    if currency.decimals == 0:
        for key in ("min", "max", "mean"):
            if isinstance(column.get(key), float):
                column[key] = float(round(column[key]))
        if column.get("min") == 0 and column["type"] == "price":
            column["min"] = 1.0


def _rounded(value: float, integer: bool) -> float | int:
    """Two significant digits: 7 142.86 → 7 100."""
    if value == 0 or not math.isfinite(value):
        return value
    digits = 1 - int(math.floor(math.log10(abs(value))))
    rounded = round(value, digits)
    return int(round(rounded)) if integer else float(rounded)
