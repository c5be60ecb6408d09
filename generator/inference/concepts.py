"""Look a column phrase up in the lexicon: the concept it names, with counts handled apart."""

from __future__ import annotations

from functools import lru_cache

from generator.inference.concept import C, Concept, best_match, num
from generator.inference.lexicon_business import BUSINESS
from generator.inference.lexicon_generic import GENERIC
from generator.inference.lexicon_media import MEDIA
from generator.inference.lexicon_people import PEOPLE
from generator.inference.lexicon_world import WORLD
from generator.inference.text import key_text

LEXICON: list[Concept] = [*PEOPLE, *BUSINESS, *WORLD, *MEDIA, *GENERIC]

_LARGE = {
    "follower", "like", "view", "download", "stream", "play", "install", "comment", "share", "impression", "click",
    "visitor", "employee", "page", "word", "user", "subscriber", "vote", "review", "rating", "sale", "transaction",
    "order", "purchase", "customer", "visit", "session", "message", "email", "tweet", "post", "signup", "lead",
    "request", "hit", "event", "login", "search", "listen", "citation", "reader", "viewer", "member", "call", "unit",
    "ticket", "step", "mile", "kilometer", "km", "calorie", "dollar", "point", "record", "row", "byte", "character",
}
_SMALL_COUNT = C(r"count", "integer", "", count=True, **num(0, 20, "poisson", 3))
_LARGE_COUNT = C(r"count", "integer", "", count=True, **num(0, 5000, "lognormal", 120))


@lru_cache(maxsize=4096)
def lookup(text: str) -> Concept | None:
    """The lexicon concept a phrase names, or None."""
    key = key_text(text)
    if not key:
        return None
    found = best_match(LEXICON, key)
    return found[0] if found else None


def lookup_any(names: tuple[str, ...]) -> Concept | None:
    """The most specific concept any of these names gives ('content rating' beats 'rating')."""
    best: tuple[int, Concept] | None = None
    for name in names:
        found = best_match(LEXICON, key_text(name))
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
    words = set(key_text(target).split())
    return _LARGE_COUNT if words & _LARGE else _SMALL_COUNT


def is_generic(concept: Concept | None) -> bool:
    """True for a generic head (… id, … type, … count) rather than a specific concept."""
    return concept is None or concept.generic
