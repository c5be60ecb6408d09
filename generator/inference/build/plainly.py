"""Plain ways of saying how several tables relate, rewritten to the phrasings build/structure.py
reads: 'each X belongs to a Y', 'a foreign key from X to Y', 'authors → books → reviews', 'per
warehouse robot (…), a list of its faults', a star schema, and the rewrites of
data/structure.toml [[plainly]]."""

from __future__ import annotations

import re
from functools import cache

from generator.inference.build.code import code_said
from generator.inference.build.star import star_said
from generator.inference.build.things import key_of, phrase, phrases, plural

# Plain ways of saying how tables relate, rewritten to the phrasings below
_PLAINLY = (
    (re.compile(r"\b(?:an?|the)\s+((?:[a-z]+\s)?[a-z]+s)\s+table\b", re.I), lambda m: f"a table of {m.group(1)}"),
    (re.compile(r"\b([a-z]+)\s+and\s+(?:the|their)\s+([a-z]+)\s+(?:that|which)\s+belongs?\s+to\s+(?:them|it|each(?: one)?)\b,?", re.I),
     lambda m: f"{m.group(1)} and their {m.group(2)}"),
    (re.compile(r"\b(?:each|every|an?)\s+([a-z]+)\s+(?:belongs to|is part of|is linked to|refers to|is assigned to|is owned by)\s+(?:an?|one|the)\s+([a-z]+)", re.I),
     lambda m: f"each {m.group(2)} has many {plural(m.group(1))}"),
    (re.compile(r"\bwith\s+a\s+foreign\s+key\s+from\s+([a-z]+)\s+to\s+([a-z]+)", re.I),
     lambda m: f"each {key_of(m.group(2))} has many {m.group(1)}"),
)


def said_plainly(text: str) -> str:
    """The text with the plain ways of saying how tables relate rewritten to the phrasings
    build/structure.py reads, and a request before them ('I need the data of …') left out."""
    text = code_said(text)  # 'CREATE TABLE jumps (…)', JSON, 'members.csv has …': a sentence per table
    text = re.sub(phrases()["request"], "", text, count=1, flags=re.I)  # 'I need the data of 6 padel clubs: …'
    text = re.sub(phrases()["owner_frame"], "", text, count=1, flags=re.I)  # 'A meal-kit company keeps its customers (…)'
    text = star_said(_dimensions_named(text))
    text = _passive().sub(lambda m: f"each {m.group(3)} has many {plural(key_of(m.group(2))) if m.group(1) else m.group(2)}", text)
    for pattern, said in _plainly():
        text = pattern.sub(said, text)
    for pattern, rewrite in _PLAINLY:
        text = pattern.sub(rewrite, text)
    text = re.sub(phrases()["many_and_has"], r"\1 with ", text, flags=re.I)
    text = _events(re.sub(phrases()["things_with"], lambda m: f" {m.group('there') or m.group('who')}: ", text, flags=re.I))
    text = re.sub(phrases()["per_list"], lambda m: f"{plural(key_of(m.group(1))).replace('_', ' ')} {m.group(2)} and their ", text, flags=re.I)
    return _arrows().sub(_chain, text)


def _dimensions_named(text: str) -> str:
    """'… with a zone dimension (…) and a vehicle type dimension (…)' → '… with dimension tables for
    zone (…) and vehicle type (…)'."""
    found = list(re.finditer(phrases()["dimension_named"], text, re.I))
    if not found:
        return text
    out, at = [], 0
    for index, match in enumerate(found):
        out += [text[at : match.start()], f" with dimension tables for {match.group(1)} " if index == 0 else f" and {match.group(1)} "]
        at = match.end()
    return "".join([*out, text[at:]])


@cache
def _plainly() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(rule["pattern"], re.I), rule["rewrite"]) for rule in phrases()["plainly"]]


@cache
def _passive() -> re.Pattern[str]:
    """'every tour is led by a guide', 'tickets are sold for a tour': the thing after the
    participle has many of the one before."""
    subject = r"(?:(each|every|an?|the)\s+)?(?!(?:it|this|that|which|who|what|there|they|he|she)\b)([a-z]{3,})"
    return re.compile(rf"\b{subject}\s+(?:is|are)\s+(?:{phrases()['participle']})\s+(?:an?|one|the|each)\s+([a-z]{{3,}})\b", re.I)


@cache
def _arrows() -> re.Pattern[str]:
    arrow = phrases()["arrows"]
    return re.compile(rf"\b[a-z][\w' -]*?(?:{arrow}[a-z][\w' -]*?)+(?=\s*(?:[.;:,]|$))", re.I)


def _chain(found: re.Match[str]) -> str:
    """'authors → books → reviews' → 'authors, each author has many books, each book has many reviews';
    'our 5 regions → the shops in each region → the sales at each shop' names each thing by its head."""
    said = re.split(phrases()["arrows"], found.group())
    before, first = _thing_of(said[0], first=True)
    things = [first, *(_thing_of(thing)[1] for thing in said[1:])]
    return before + ", ".join([things[0], *(f"each {key_of(a.split()[-1])} has many {b}" for a, b in zip(things, things[1:]))])



def _thing_of(said: str, first: bool = False) -> tuple[str, str]:
    """The words before a chain's first thing, and the thing without its article and what it belongs to."""
    head = re.split(rf"\s+(?:{phrase('belongs')})\b", said.strip(), maxsplit=1, flags=re.I)[0]
    found = re.search(r"((?:\d+\s+)?(?:[a-z][\w-]*\s+)?[a-z][\w-]*)$", head, re.I) if first else None
    before = head[: found.start()] if found else ""
    thing = found.group(1) if found else head
    return before, re.sub(r"^(?:(?:the|an?|our|my|all)\s+)+", "", thing, flags=re.I)


def _events(text: str) -> str:
    """'When a member borrows a tool we note the date out and …', 'Commuters rent a locker from a
    start date to an end date': a sentence naming the event's table, its two things and its columns."""
    for pattern in (phrases()["event_when"], phrases()["event_plural"]):
        text = re.sub(pattern, _event, text, flags=re.I)
    return text


def _event(found: re.Match[str]) -> str:
    verb = found.group("verb").lower()
    stem = verb[:-1] if verb.endswith("e") else verb  # 'watches' → watch, 'hires' → hire
    table = phrases()["event_nouns"].get(verb) or phrases()["event_nouns"].get(stem) or f"{stem}ings"
    rest = found.group("rest")
    for pattern, said in phrases()["event_columns"]:
        rest = re.sub(pattern, said, rest, flags=re.I)
    return f" {table}: {key_of(found.group('who'))}, {key_of(found.group('what'))}, {rest.strip()}"
