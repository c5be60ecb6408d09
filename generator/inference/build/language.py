"""Column words in the description's language (data/synonyms.toml): a description is read in
Dutch, German, French, Spanish, Italian or Portuguese when two or more different words of that
language's table appear in it that are not English words too ('woonplaats', 'kamers'; not
'age' or 'data'); each word of a column phrase is then looked up as its English word."""

from __future__ import annotations

from functools import cache, lru_cache

from generator.inference.knowledge.concepts import lookup
from generator.inference.knowledge.loader import data_file
from generator.inference.text import fold, singular, words


@cache
def _tables() -> dict[str, dict[str, str]]:
    data = data_file("synonyms")
    tables = {}
    for language, table in data.items():
        if isinstance(table, dict):  # each word as written and in the singular form descriptions are matched in
            tables[language] = {form: value for key, value in table.items() for form in (fold(key).lower(), singular(fold(key).lower()))}
    return tables


@cache
def _also_english() -> frozenset[str]:
    return frozenset(form for word in data_file("synonyms")["also_english"] for form in (word, singular(word)))


@lru_cache(maxsize=256)
def language_of(text: str) -> str:
    """The language whose own column words the description uses most (at least two), or ''."""
    said = set(words(text))
    best, hits = "", 1
    for language, table in _tables().items():
        found = sum(1 for word in (said & set(table)) - _also_english() if lookup(word) is None)
        if found > hits:
            best, hits = language, found
    return best


def in_english(phrase: str, language: str) -> str:
    """The phrase with each word of the language's table replaced by its English words."""
    table = _tables().get(language, {})
    return " ".join(table.get(word, word) for word in words(phrase))
