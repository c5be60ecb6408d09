"""Latin spellings of names written in other scripts, for the ASCII parts of emails and usernames
(近藤 → kondo, 김지훈 → kim, jihun): Japanese names from the romanized spellings Faker keeps
beside them, Korean ones by the Revised Romanization with the surnames' usual passport spellings, Russian,
Ukrainian, Bulgarian and Greek ones letter by letter (all in data/romanization.toml). Every other
name is returned as it is."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

TABLE = Path(__file__).parent / "data" / "romanization.toml"
HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3


def romanized(name: str, locale: str) -> str:
    if locale == "ja_JP":
        return _japanese().get(name, name)
    if locale == "ko_KR":
        return _korean(name)
    if locale in _letter_tables():
        return _by_letters(name, locale)
    return name


@functools.cache
def _table() -> dict:
    with TABLE.open("rb") as handle:
        return tomllib.load(handle)


@functools.cache
def _letter_tables() -> frozenset[str]:
    return frozenset(locale for locale, table in _table().items() if "letters" in table)


def _by_letters(name: str, locale: str) -> str:
    """Each letter (or listed pair) spelled in Latin letters, the first of each word capitalised."""
    table = _table()[locale]
    letters, pairs = table["letters"], table.get("pairs", {})
    words = []
    for word in name.split(" "):
        lower, out, at = word.lower(), [], 0
        while at < len(lower):
            pair = lower[at:at + 2]
            if pair in pairs:
                out.append(pairs[pair])
                at += 2
                continue
            out.append(letters.get(lower[at], lower[at]))
            at += 1
        words.append("".join(out).capitalize())
    return " ".join(words)


@functools.cache
def _japanese() -> dict[str, str]:
    """Each name of Faker's ja_JP person provider mapped to its romanized spelling."""
    from faker.providers.person.ja_JP import Provider

    pairs = (*Provider.first_name_female_pairs, *Provider.first_name_male_pairs, *Provider.last_name_pairs)
    return {pair[0]: pair[-1] for pair in pairs}


def _korean(name: str) -> str:
    table = _table()["ko_KR"]
    if name in table["surnames"]:
        return table["surnames"][name]
    letters = []
    for char in name:
        code = ord(char)
        if not HANGUL_FIRST <= code <= HANGUL_LAST:
            letters.append(char)
            continue
        syllable = code - HANGUL_FIRST
        letters.append(table["initials"][syllable // 588] + table["vowels"][syllable % 588 // 28] + table["finals"][syllable % 28])
    return "".join(letters)
