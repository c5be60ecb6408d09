"""A word's sense by the description's domain: a concept with `context` words (data/concepts)
holds only where the description names one of them; elsewhere the phrase is read again with each
of the subject's words before it ('breed' at a cattle auction is a 'cattle breed', 'port' on a
cruise a 'cruise port'). Without another sense the first one stays."""

from __future__ import annotations

import re

from generator.inference.knowledge.concepts import best_match, is_generic, lookup, senses_of
from generator.inference.knowledge.loader import data_file
from generator.inference.knowledge.model import Concept
from generator.inference.text import key_text, words


def in_context(concept: Concept, text: str) -> bool:
    """True when the concept has no context words or the description names one."""
    return not concept.context or not text or re.search(rf"(?<![a-z0-9])(?:{concept.context})(?:e?s)?(?![a-z0-9])", text) is not None


def sense(concept: Concept | None, phrase: str, subject: str, text: str) -> Concept | None:
    """The concept itself when it fits the description, else the sense the subject's words give;
    a bare generic head ('category', 'reason') takes the subject's sense first when there is one
    ('expense claims: category' is an expense category)."""
    if concept is None:
        return None
    domain = domain_sense(concept, phrase, text)
    if domain is not None:
        return domain  # the sense of the description's domain: 'species' at a vet's, 'reason' of an expense claim
    others = [c for c in senses_of(phrase) if c != concept]
    bare = phrase.strip().lower() in data_file("vocabulary")["subject_heads"]
    if in_context(concept, text) and not bare:
        return concept
    said = list(dict.fromkeys(words(subject)))
    for word in reversed(said) if bare else said:  # a bare head takes the subject's head noun first: 'credit card transactions' → a transaction amount
        other = lookup(f"{word} {phrase}")
        if bare and other == concept and in_context(concept, text):
            return concept  # the subject's head noun confirms the plain sense: a transaction's amount
        if other is not None and other != concept and not is_generic(other) and in_context(other, text):
            return other
    if not in_context(concept, text):  # no sense of its own here: the plain one
        return next((c for c in others if not c.context), concept)
    return concept


def compound_sense(concept: Concept | None, phrase: str, entity: str) -> Concept | None:
    """The concept the row's own noun and the phrase name together, word for word, when the
    lexicon lists that compound as another kind of column (a countries table's 'capital' is a
    'country capital', not money raised), else None. A compound of the same type only sizes the
    number ('session duration' of a web visit), which the sizing by context does better."""
    key = key_text(f"{entity} {phrase}") if entity else ""
    found = best_match(key) if key else None
    if found is None or found[1].start != 0 or found[1].end != len(key) or is_generic(found[0]):
        return None
    return found[0] if concept is None or found[0].type != concept.type else None


def domain_sense(concept: Concept, phrase: str, text: str) -> Concept | None:
    """Another sense of the phrase that belongs to the description's domain, where the concept
    itself does not ('payment method' at a coffee shop's counter), else None."""
    if concept.context and in_context(concept, text):
        return None
    return next((c for c in senses_of(phrase) if c != concept and c.context and in_context(c, text)), None)
