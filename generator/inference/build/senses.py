"""A word's sense by the description's domain: a concept with `context` words (data/concepts)
holds only where the description names one of them; elsewhere the phrase is read again with each
of the subject's words before it ('breed' at a cattle auction is a 'cattle breed', 'port' on a
cruise a 'cruise port'). Without another sense the first one stays."""

from __future__ import annotations

import re

from generator.inference.knowledge.concepts import is_generic, lookup
from generator.inference.knowledge.model import Concept
from generator.inference.text import words


def in_context(concept: Concept, text: str) -> bool:
    """True when the concept has no context words or the description names one."""
    return not concept.context or not text or re.search(rf"(?<![a-z0-9])(?:{concept.context})(?:e?s)?(?![a-z0-9])", text) is not None


def sense(concept: Concept | None, phrase: str, subject: str, text: str) -> Concept | None:
    """The concept itself when it fits the description, else the sense the subject's words give."""
    if concept is None or in_context(concept, text):
        return concept
    for word in dict.fromkeys(words(subject)):
        other = lookup(f"{word} {phrase}")
        if other is not None and other != concept and not is_generic(other) and in_context(other, text):
            return other
    return concept
