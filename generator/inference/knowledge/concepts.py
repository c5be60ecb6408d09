"""Look a column phrase up in the concepts: the concept it names, with counts handled apart."""

from __future__ import annotations

import re
from functools import lru_cache

from generator.inference.knowledge import phrases
from generator.inference.knowledge.loader import knowledge
from generator.inference.knowledge.model import Concept
from generator.inference.knowledge.phrases import Found, PhraseIndex
from generator.inference.text import key_text


def lexicon() -> tuple[Concept, ...]:
    """Every concept, in load order."""
    return knowledge().concepts


@lru_cache(maxsize=1)
def _index() -> tuple[PhraseIndex, tuple[tuple[int, re.Pattern], ...]]:
    """The plain concepts' phrases, and the concepts that are regexes with their positions."""
    concepts = lexicon()
    return phrases.index(c.phrases for c in concepts), tuple((i, c.regex) for i, c in enumerate(concepts) if c.regex is not None)


def matches(key: str) -> list[tuple[int, int, int]]:
    """(concept position, start, end) of every match in `key` (singular words, as `key_text`
    gives), as each concept's regex would find them with finditer."""
    table, patterns = _index()
    by_concept: dict[int, list[tuple[int, int]]] = {}
    for position, start, end in phrases.lookup(table, key):
        by_concept.setdefault(position, []).append((start, end))
    found = [(position, start, end) for position, spans in by_concept.items() for start, end in phrases.leftmost_longest(spans)]
    for position, regex in patterns:
        found += [(position, match.start(), match.end()) for match in regex.finditer(key)]
    return found


def best_match(key: str) -> tuple[Concept, Found] | None:
    """The concept naming the head of `key`: a match that ends the phrase beats one that does not
    ("order id" is an id, not an order); then the longest match; then the first listed."""
    concepts = lexicon()
    best: tuple[tuple[int, int, int, int], int, int, int] | None = None
    for order, start, end in matches(key):
        concept = concepts[order]
        length = min(end - start, 6) if concept.generic else end - start
        score = (int(end == len(key)), length + 4 * concept.prio, end, -order)
        if best is None or score > best[0]:
            best = (score, order, start, end)
    if best is None:
        return None
    _, order, start, end = best
    return concepts[order], Found(key[start:end], start, end)


@lru_cache(maxsize=4096)
def senses_of(text: str) -> tuple[Concept, ...]:
    """Every concept naming the same words as the best match of a phrase, best first: the senses
    a word has in different domains ('species' of an iris, of a pet)."""
    key = key_text(text)
    found = best_match(key) if key else None
    if found is None:
        return ()
    concepts = lexicon()
    same = sorted((-concepts[o].prio, o) for o, start, end in matches(key) if (start, end) == (found[1].start, found[1].end))
    return tuple(concepts[o] for o in dict.fromkeys(o for _, o in same))


@lru_cache(maxsize=4096)
def lookup(text: str) -> Concept | None:
    """The concept a phrase names, or None."""
    key = key_text(text)
    if not key:
        return None
    found = best_match(key)
    return found[0] if found else None


def lookup_any(names: tuple[str, ...]) -> Concept | None:
    """The most specific concept any of these names gives ('content rating' beats 'rating')."""
    best: tuple[int, Concept] | None = None
    for name in names:
        found = best_match(key_text(name))
        if found is not None:
            score = len(found[1].text) + 4 * found[0].prio
            if best is None or score > best[0]:
                best = (score, found[0])
    return best[1] if best else None


def count_concept(target: str) -> Concept:
    """What 'number of <target>' means: the target's own count range, or a small or large count."""
    found = lookup(target)
    if found is not None and found.count:
        return found
    vocabulary = knowledge().vocabulary
    words = set(key_text(target).split())
    return vocabulary.large_count if words & vocabulary.large_count_words else vocabulary.small_count


def is_generic(concept: Concept | None) -> bool:
    """True for a generic head (… id, … type, … count) rather than a specific concept."""
    return concept is None or concept.generic
