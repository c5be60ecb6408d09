"""The domain library: common tables (customers, orders, sensors, ...) and well-known teaching
datasets (Titanic, Iris, Telco churn, ...), from the data files under data/domains/.

A domain is recognised by weighted keywords. It gives the columns of a description that names
none, and it is the context for the columns a description does name: "rating" in Netflix titles
is a content rating, "price" among houses is a house price, "contract" in telecom churn is
month-to-month / one year / two year.
"""

from __future__ import annotations

import re
from functools import lru_cache

from generator.inference.knowledge import phrases
from generator.inference.knowledge.loader import knowledge
from generator.inference.knowledge.model import Domain, T
from generator.inference.knowledge.phrases import PhraseIndex
from generator.inference.text import key_text


def all_domains() -> tuple[Domain, ...]:
    """Every domain, in load order."""
    return knowledge().domains


_SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "ers")  # a keyword also counts with one of these
_PLAIN = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")


@lru_cache(maxsize=1)
def _keywords() -> tuple[tuple[tuple[int, float], ...], PhraseIndex, tuple[tuple[int, re.Pattern], ...]]:
    """Every domain keyword as (domain position, weight); the plain ones' index; the others compiled."""
    keywords = tuple((position, weight) for position, d in enumerate(all_domains()) for _, weight in d.keywords)
    words = [word for d in all_domains() for word, _ in d.keywords]
    table = phrases.index((word,) if _PLAIN.fullmatch(word) else () for word in words)
    suffix = "(?:" + "|".join(_SUFFIXES) + ")?"
    patterns = tuple((i, re.compile(rf"(?<![a-z0-9])(?:{word}){suffix}(?![a-z0-9])")) for i, word in enumerate(words) if not _PLAIN.fullmatch(word))
    return keywords, table, patterns


def keyword_hits(key: str) -> set[int]:
    """The positions (in `_keywords()`) of the keywords found in `key`, each with or without a
    suffix, as `(?<![a-z0-9])(?:word)(?:s|es|…)?(?![a-z0-9])` would find it."""
    _, table, patterns = _keywords()
    hits: set[int] = set()
    for start, end in phrases.spans(key, table.longest + max(map(len, _SUFFIXES))):
        text = key[start:end]
        hits.update(table.phrases.get(text, ()))
        for suffix in _SUFFIXES:
            if text.endswith(suffix):
                hits.update(table.phrases.get(text[: -len(suffix)], ()))
    hits.update(i for i, pattern in patterns if pattern.search(key))
    return hits


def score_domains(text: str) -> list[tuple[float, Domain]]:
    """Every domain with a positive score for `text`, best first (ties: listed first)."""
    keywords, domains = _keywords()[0], all_domains()
    totals: dict[int, float] = {}
    for hit in sorted(keyword_hits(key_text(text))):
        position, weight = keywords[hit]
        totals[position] = totals.get(position, 0.0) + weight
    scored = sorted(((score, -position) for position, score in totals.items() if score > 0), reverse=True)
    return [(score, domains[-negative]) for score, negative in scored]


def detect(subject: str, text: str, threshold: float = 2.0) -> Domain | None:
    """The domain a description is about: keywords in the subject count double."""
    totals: dict[str, tuple[float, Domain]] = {}
    for weight, source in ((2.0, subject), (1.0, text)):
        for score, candidate in score_domains(source):
            previous = totals.get(candidate.key, (0.0, candidate))[0]
            totals[candidate.key] = (previous + weight * score, candidate)
    if not totals:
        return None
    order = {d.key: i for i, d in enumerate(all_domains())}
    best = max(totals.values(), key=lambda item: (item[0], -order[item[1].key]))
    return best[1] if best[0] >= threshold else None


def phrase_key(text: str) -> tuple[frozenset[str], str]:
    """A name's meaningful words (singular), and its head (last) word."""
    words = key_text(text).split()
    filler = knowledge().vocabulary.template_filler
    negated = words[:1] == ["no"] and len(words) > 1  # 'no claims' is none of them, not a claim number
    kept = [w for w in words if w not in filler] or words
    kept = ["no", *kept] if negated else kept
    return frozenset(kept), (kept[-1] if kept else "")


def match_template(candidate: Domain, phrase: str) -> T | None:
    """The template column a phrase names: the same words, or a subset with the same head word."""
    words, head = phrase_key(phrase)
    if not words:
        return None
    joined = "".join(sorted(words))
    generic = knowledge().vocabulary.template_generic
    partial: list[tuple[int, int, T]] = []
    for index, column in enumerate(candidate.columns):
        for name in column.names:
            other, other_head = phrase_key(name)
            if other == words or "".join(sorted(other)) == joined or key_text(name).replace(" ", "") == key_text(phrase).replace(" ", ""):
                return column
            if head and head == other_head and words < other and words - generic:
                partial.append((abs(len(other) - len(words)), index, column))
    return min(partial, key=lambda item: item[:2])[2] if partial else None
