"""Look a column phrase up in the concepts: the concept it names, with counts handled apart."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from generator.inference.knowledge.loader import knowledge
from generator.inference.knowledge.model import Concept
from generator.inference.text import key_text


def lexicon() -> tuple[Concept, ...]:
    """Every concept, in load order."""
    return knowledge().concepts


def best_match(concepts: Sequence[Concept], key: str) -> tuple[Concept, re.Match] | None:
    """The concept naming the head of `key`: a match that ends the phrase beats one that does not
    ("order id" is an id, not an order); then the longest match; then the first listed."""
    best: tuple[tuple[int, int, int, int], Concept, re.Match] | None = None
    for order, concept in enumerate(concepts):
        for match in concept.regex.finditer(key):
            length = min(len(match.group(0)), 6) if concept.generic else len(match.group(0))
            score = (int(match.end() == len(key)), length + 4 * concept.prio, match.end(), -order)
            if best is None or score > best[0]:
                best = (score, concept, match)
    return (best[1], best[2]) if best else None


@lru_cache(maxsize=4096)
def lookup(text: str) -> Concept | None:
    """The concept a phrase names, or None."""
    key = key_text(text)
    if not key:
        return None
    found = best_match(lexicon(), key)
    return found[0] if found else None


def lookup_any(names: tuple[str, ...]) -> Concept | None:
    """The most specific concept any of these names gives ('content rating' beats 'rating')."""
    best: tuple[int, Concept] | None = None
    for name in names:
        found = best_match(lexicon(), key_text(name))
        if found is not None:
            score = len(found[1].group(0)) + 4 * found[0].prio
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
