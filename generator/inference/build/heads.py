"""The head of a column phrase joined by a preposition or a participle: 'notes on the visit' are
notes, 'price of item' is a price, 'type of loan' is a loan type, 'note explaining the return' is
a note. A concept that spans the link ('date of birth', 'length of stay') keeps the whole phrase."""

from __future__ import annotations

import re
from functools import cache

from generator.inference.build.links import agent_noun, thing_names
from generator.inference.knowledge import model
from generator.inference.knowledge.concepts import best_match, count_concept, is_generic, lookup
from generator.inference.knowledge.loader import data_file
from generator.inference.knowledge.model import Concept
from generator.inference.text import key_text, singular, words

_LINK = re.compile(
    r"^(.+?)\s+(?:(of|on|about|for|from|regarding|concerning|re)|(explaining|describing|detailing|summari[sz]ing|giving|stating|listing|saying|justifying|documenting|recording))\s+(?:(?:the|a|an|their|his|her|its|each|every|this)\s+)?(.+)$",
    re.I,
)


def linked(text: str) -> Concept | None:
    """The concept of the phrase's head, or None when the phrase has no link or a concept spans it."""
    found = _LINK.match(text)
    if found is None:
        return None
    head, preposition, tail = key_text(found.group(1)), found.group(2), found.group(4)
    whole = best_match(key_text(text))
    if whole is not None and whole[1].start < len(head) < whole[1].end:
        return None  # 'date of birth', 'reason for cancellation': one concept
    if preposition == "of" and head in ("amount", "quantity", "volume", "total", "sum"):
        measured = lookup(tail)  # 'amount of rainfall' is rainfall
        return measured if measured is not None and not is_generic(measured) else None
    inverted = lookup(f"{tail} {found.group(1)}") if preposition else None
    if inverted is not None and not is_generic(inverted):
        return inverted  # 'type of loan' → loan type
    own = lookup(found.group(1))
    return own if own is not None and not is_generic(own) else None


def counts_people(text: str) -> bool:
    """'monthly active users', 'new customers', 'registered voters': a plural of people as the head
    counts them (never a yes/no or one person's name)."""
    last = text.split()[-1].lower() if text.split() else ""
    return last.endswith("s") and singular(last) != last and singular(last) in _people()


def counted(text: str) -> Concept | None:
    """'episodes' of a show, 'tracks' of an album, 'stores' of a chain: one plural word naming
    things with titles or names of their own counts them (never one title), else None."""
    said = text.split()
    found = lookup(text) if len(said) == 1 and singular(said[0].lower()) != said[0].lower() else None
    if found is None or found.type not in data_file("shapes")["titled_things"]:
        return None
    usual = data_file("shapes")["titled_counts"].get(singular(said[0].lower()))
    return _count(tuple(sorted(usual.items()))) if usual else count_concept(text)


@cache
def _count(params: tuple[tuple[str, object], ...]) -> Concept:
    return model.concept({"words": "count", "type": "integer", "count": True, "params": dict(params)})


@cache
def _people() -> frozenset[str]:
    return frozenset(data_file("shapes")["person_roles"]) | {"user", "customer", "subscriber", "member", "visitor", "player", "viewer", "follower", "student", "employee"}


def thing_name(text: str, entity: str, subject: str = "") -> Concept | None:
    """A bare 'name' or 'title' in a table of stores, ships or trails is the store's, ship's or
    trail's name (the concept '<entity> name' names, else 'Trail 1' … 'Trail 12'); in a table of
    people it is the person's name (None: the plain lookup decides). The subject's words name it
    when the entity does not: a job posting's title is a job title."""
    head = key_text(text)
    if head not in ("name", "title") or not entity:
        return None
    if head == "name" and (singular(entity.split()[-1].lower()) in _people() or agent_noun(singular(entity.split()[-1].lower()))):
        return None  # marathon runners, freelancers: a runner's name is a person's
    found = lookup(f"{entity} {head}")
    if found is not None and found.type in ("full_name", "first_name", "last_name"):
        return None
    plain = lookup(head)
    if found is None or found == plain or is_generic(found):
        found = next((c for w in dict.fromkeys(words(subject)) if (c := lookup(f"{w} {head}")) is not None
                      and c != plain and not is_generic(c) and c.type not in ("full_name", "first_name", "last_name")), found)
    if found is not None and not is_generic(found):
        return found
    params = thing_names(entity, data_file("shapes")["numbered_count"])
    return Concept("", params.pop("type"), f"Name of the {entity}", params, name="name", phrases=(), regex=None)
