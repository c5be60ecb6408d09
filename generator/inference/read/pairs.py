"""Paired qualifiers that share one noun, written out as one column phrase each: 'lowest and
highest bid (EUR)' → 'lowest bid (EUR), highest bid (EUR)'; 'min/max depth', 'planned vs actual
cost', 'before-and-after weight', 'check-in/out dates', 'the departure and arrival times',
'timestamps (start, end)', 'height x width in cm'. The qualifiers and the nouns are data
(data/vocabulary.toml: lists.pair_words and [pairs])."""

from __future__ import annotations

import re
from functools import lru_cache

from generator.inference.knowledge.loader import data_file, knowledge


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    data = data_file("vocabulary")["pairs"]
    pairs = knowledge().vocabulary.pair_words
    stop = "|".join(data["not_nouns"])
    noun = rf"(?!(?:{stop})\b)[a-z][\w-]*"
    # a pair starts a column phrase, after nothing but a few leading words ('daily maximum and
    # minimum temperature'): 'date of birth and marital status', 'express shipping and gift wrap'
    # and 'actual arrival and arrival delay' share no noun
    lead = "".join(rf"|(?<=\b{word}\s)" for word in data["lead"])
    start = rf"(?:^|(?<=[,;:(\n—–])|(?<=[,;:(]\s)|(?<=\s-\s){lead})"
    return {
        "joined": re.compile(rf"\b({pairs})-and-({pairs})\b", re.I),
        "versus": re.compile(rf"\b({pairs})\s+(?:vs\.?|versus)\s+({pairs})\b", re.I),
        "stem": re.compile(rf"\b([a-z]+)-({'|'.join(data['particles'])})\s*/\s*({'|'.join(data['particles'])})\b", re.I),
        "pair": re.compile(rf"{start}\b(?:(?:the|both)\s+)?({pairs})(?:\s+(?:and|&|or)\s+|\s*[/&]\s*)(?:the\s+)?({pairs}|[a-z][a-z-]+)\s+({noun}(?:\s+{noun})?)(?=\s*(?:[,;(\n]|$|\s(?:in|per|of|at|for|on|and|&)\s))((?:(?!\s(?:and|&)\s)[^,;\n])*)", re.I),
        "bracket": re.compile(rf"\b({noun})\s*\(\s*((?:{'|'.join(data['bracket_words'])})(?:\s*(?:,|/|and|&)\s*(?:{'|'.join(data['bracket_words'])}))+)\s*\)", re.I),
        "dimension": re.compile(rf"\b((?:{'|'.join(data['dimension_words'])})(?:\s*(?:x|×|\*|by)\s*(?:{'|'.join(data['dimension_words'])}))+)\b([^,;\n]*)", re.I),
    }


def _plural(word: str) -> str:
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + ("es" if re.search(r"(?:s|x|ch|sh)$", word) else "s")


@lru_cache(maxsize=1)
def _words() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    data = data_file("vocabulary")["pairs"]
    singulars = {_plural(word): word for word in data["singular_nouns"]}
    return singulars, frozenset(data["clock_words"]), frozenset(data["clock_nouns"])


def _noun(noun: str, first: str, second: str) -> str:
    """The shared noun as one column has it: singular where each row has one ('times' → 'time'),
    'hours' of an opening and a closing as times of day."""
    singulars, clock_words, clock_nouns = _words()
    words = noun.split()
    last = words[-1].lower()
    if last in clock_nouns and first.lower() in clock_words and second.lower() in clock_words:
        words[-1] = "time"
    elif last in singulars:
        words[-1] = singulars[last]
    return " ".join(words)


def _pair(match: re.Match) -> str:
    first, second, noun, rest = match.group(1), match.group(2), match.group(3), match.group(4)
    noun = _noun(noun, first, second)
    return f"{first} {noun}{rest}, {second} {noun}{rest}"


def _bracket(match: re.Match) -> str:
    qualifiers = re.split(r"\s*(?:,|/|and|&)\s*", match.group(2))
    noun = _noun(match.group(1), qualifiers[0], qualifiers[-1])
    return ", ".join(f"{qualifier} {noun}" for qualifier in qualifiers)


def _dimension(match: re.Match) -> str:
    return ", ".join(f"{word}{match.group(2)}" for word in re.split(r"\s*(?:x|×|\*|by)\s*", match.group(1)))


def expand_pairs(text: str) -> str:
    patterns = _patterns()
    text = patterns["joined"].sub(r"\1 and \2", text)
    text = patterns["versus"].sub(r"\1 and \2", text)
    text = patterns["stem"].sub(r"\1-\2 and \1-\3", text)
    text = patterns["pair"].sub(_pair, text)
    text = patterns["bracket"].sub(_bracket, text)
    return patterns["dimension"].sub(_dimension, text)
