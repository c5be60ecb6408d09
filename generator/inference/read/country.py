"""The country and the currency a description names: "French customers", "orders in India",
"Gehaltsliste", "total in ¥", "prices in euros" (data/locales.toml), or where nothing there is
named, a big city's country ("cafés in Leeds").

Text in brackets is not read: "language (English, French, Spanish)" lists values, it does not
place the table. A description that names two countries equally often names none.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from generator.inference.knowledge.loader import knowledge
from generator.inference.knowledge.model import Country, Currency
from generator.types.places import big_city_countries

_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}")
_DOLLARS = re.compile(r"\$|\b(?:usd|dollars?|bucks)\b", re.I)


def outside_brackets(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, _BRACKETS.sub(" ", text)
    return text


def find_country(text: str) -> Country | None:
    """The country the description is about, or None (none named, or several equally)."""
    plain = outside_brackets(text)
    low = plain.lower()
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for country in knowledge().countries:
        hits = [m.start() for m in country.regex.finditer(low)]
        hits += [m.start() for m in country.cased.finditer(plain)] if country.cased else []
        if hits:
            counts[country.code] += len(hits)
            first[country.code] = min(hits)
    if not counts:
        return _city_country(plain)
    ranked = counts.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return next(c for c in knowledge().countries if c.code == ranked[0][0])


_AT_A_PLACE = re.compile(r"\b(?:in|from|at|across|around|near|of|for)\s+((?:[A-Z][\w'-]+)(?:[ -][A-Z][\w'-]+)?)")


def named_city(text: str, anywhere: bool = False) -> str | None:
    """A city of 100,000 people or more the description places the table in ('cafés in Leeds',
    'customers from Lyon'): a capitalised name after a preposition; in a country some locale is
    of, unless `anywhere` ('weather in Oslo')."""
    cities = big_city_countries(ours=not anywhere)
    for match in _AT_A_PLACE.finditer(outside_brackets(text)):
        for name in (match.group(1), match.group(1).split()[0].split("-")[0]):
            if name in cities:
                return name
    return None


def named_cities(text: str) -> list[str]:
    """Every big city (100,000 people or more, anywhere) named with its capital in the text, in order."""
    cities = big_city_countries(ours=False)
    found = []
    for match in re.finditer(r"\b[A-Z][\w'-]+(?:[ -][A-Z][\w'-]+)?", outside_brackets(text)):
        for name in (match.group(0), match.group(0).split()[0]):
            if name in cities:
                found.append(name)
                break
    return found


def _city_country(text: str) -> Country | None:
    city = named_city(text)
    code = big_city_countries()[city] if city else None
    return next((c for c in knowledge().countries if c.code == code), None) if code else None


@lru_cache(maxsize=1)
def _currency_regex() -> re.Pattern:
    """Every currency's words and ISO code, each in a group named by the code."""
    parts = [rf"(?P<{c.code}>{c.words}|{c.code.lower()})" for c in knowledge().currencies.values()]
    return re.compile(r"(?<![\w$])(?:" + "|".join(parts) + r")(?![\w])")


def find_currency(text: str) -> Currency | None:
    """The first currency the description names by word, code or symbol (not by a word that is
    a currency only as a column's unit, such as 'pounds' or 'won')."""
    low = text.lower()
    found: list[tuple[int, int, str]] = []
    for match in _currency_regex().finditer(low):
        found.append((match.start(), 0, match.lastgroup or ""))
    for currency in knowledge().currencies.values():
        for symbol in currency.symbols:
            position = low.find(symbol)
            if position >= 0:
                found.append((position, -len(symbol), currency.code))  # 'r$' before its '$'
    if not found:
        return None
    return knowledge().currencies[min(found)[2]]


def names_dollars(text: str) -> bool:
    """Whether the description itself speaks of dollars (then a dollar column is meant)."""
    return bool(_DOLLARS.search(re.sub(r"\b(?:[a-z]{1,2}\$|r\$)", " ", text.lower())))
