"""Literal phrases looked up in a key by dictionary instead of by compiling one regex per entry.

A concept or domain keyword that is plain words ("email address|e-mail") matched the way its
regex `(?<![a-z0-9])(?:…)(?![a-z0-9])` would: a phrase counts where the character before it and
the one after it are not [a-z0-9] (or the key starts or ends there). Every such stretch of the key
is looked up in a dict, so loading the knowledge compiles no regex for plain entries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_REGEX_SYNTAX = re.compile(r"[\\.^$*+?{}\[\]()]")


@dataclass(frozen=True)
class Found:
    """Where a phrase or pattern matched in a key (what `re.Match` told before)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class PhraseIndex:
    """Each phrase → the positions of the entries that list it; `longest` bounds the lookups."""

    phrases: Mapping[str, tuple[int, ...]]
    longest: int


def literal_alternatives(pattern: str) -> list[str] | None:
    """The pattern's alternatives when it is only plain text between '|', else None (a regex)."""
    if _REGEX_SYNTAX.search(pattern):
        return None
    parts = pattern.split("|")
    return None if "" in parts else parts


def index(entries: Iterable[Iterable[str]]) -> PhraseIndex:
    """The index of each entry's phrases, entries numbered from 0 in the order given."""
    found: dict[str, list[int]] = {}
    for position, phrases in enumerate(entries):
        for phrase in dict.fromkeys(phrases):
            found.setdefault(phrase, []).append(position)
    return PhraseIndex({phrase: tuple(positions) for phrase, positions in found.items()}, max(map(len, found), default=0))


def spans(key: str, longest: int) -> Iterator[tuple[int, int]]:
    """Every (start, end) of `key`, at most `longest` characters, that starts and ends where a
    regex's (?<![a-z0-9]) and (?![a-z0-9]) would let a match start and end."""
    size = len(key)
    ends = [end for end in range(1, size + 1) if end == size or key[end] not in _WORD_CHARS]
    for start in range(size):
        if start == 0 or key[start - 1] not in _WORD_CHARS:
            for end in ends:
                if end > start + longest:
                    break
                if end > start:
                    yield start, end


def lookup(table: PhraseIndex, key: str) -> Iterator[tuple[int, int, int]]:
    """(entry, start, end) for every phrase of the index found in `key`."""
    for start, end in spans(key, table.longest):
        for position in table.phrases.get(key[start:end], ()):
            yield position, start, end


def leftmost_longest(found: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The matches `finditer` gives for one entry's alternatives, from every place one of them
    matches: left to right, at each start the longest, none overlapping an earlier one."""
    taken: list[tuple[int, int]] = []
    resume = 0
    for start, end in sorted(found, key=lambda span: (span[0], -span[1])):
        if start >= resume:
            taken.append((start, end))
            resume = end
    return taken
