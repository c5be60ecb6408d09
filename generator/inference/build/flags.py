"""Yes/no features named by their shape, whatever the noun: a thing and its state ('card present',
'pets allowed', 'breakfast included') or an option taken ('express shipping', 'extended warranty',
'free parking'). A concept naming the whole phrase still wins ('paperless billing')."""

from __future__ import annotations

import functools
import re

from generator.inference.knowledge import model
from generator.inference.knowledge.concepts import best_match
from generator.inference.knowledge.loader import data_file
from generator.inference.knowledge.model import Concept
from generator.inference.text import key_text


def flag(text: str) -> Concept | None:
    """The yes/no concept the phrase's shape names (the lexicon's own when it names the whole
    phrase), or None."""
    said = text.strip().lower().replace("-", " ").split()
    if not 2 <= len(said) <= 3:
        return None
    flags = data_file("shapes")["flags"]
    rate = _state_rate(said, flags) or _option_rate(said, flags)
    if rate is None or _measure(" ".join(said[:-1])):
        return None  # 'salary offered' is the salary
    key = key_text(text)
    found = best_match(key)
    if found is not None and found[1].start == 0 and found[1].end == len(key) and found[0].type == "boolean":
        return found[0]  # the lexicon knows the whole phrase: its rate and words stand
    return _flag_concept(rate)


def _state_rate(said: list[str], flags: dict) -> float | None:
    """'card present', 'wifi available': a thing in a state; a permission holds for plurals too
    ('pets allowed'), while 'beds available' counts beds (see `columns._things_done`)."""
    last, noun = said[-1], said[-2]
    if last in flags["permissions"]:
        return float(flags["permissions"][last])
    plural = re.fullmatch(r"[a-z]{2,}[^su's]s", noun) is not None
    if last in flags["states"] and not plural:
        return float(flags["states"][last])
    return None


def _option_rate(said: list[str], flags: dict) -> float | None:
    """'express shipping', 'same day delivery': an option the row took, one noun after the option's
    word; not a measure of it ('express shipping fee') nor a count ('free throws')."""
    head = said[-1]
    option = " ".join(said[:-1])
    if option not in flags["options"] or re.fullmatch(flags["not_heads"], head) or re.fullmatch(r"[a-z]{2,}[^su's]s", head):
        return None
    return float(flags["options"][option])


def _measure(text: str) -> bool:
    found = best_match(key_text(text))
    return found is not None and not found[0].count and (bool(found[0].dim) or found[0].type in ("price", "integer", "decimal", "percentage", "date", "datetime", "time"))


@functools.lru_cache(maxsize=32)
def _flag_concept(rate: float) -> Concept:
    return model.concept({"words": "flag", "type": "boolean", "params": {"true_rate": rate}, "generic": True})
