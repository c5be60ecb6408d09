"""A part said as a share of its whole in one column phrase names two columns (data/wholes.toml
[phrases]): 'goals scored from how many attempts' → 'goals scored, attempts', 'pages read of the
book's length' → 'pages read, book length', 'points scored out of the maximum points' → 'points
scored, maximum points'. A number after 'out of' is a cap, not a column, and is left alone."""

from __future__ import annotations

import re
from functools import cache

from generator.inference.knowledge.loader import data_file


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    spec = data_file("wholes")["phrases"]
    part = rf"((?:[a-z][a-z-]*\s+){{1,3}}(?!(?:{spec['phrasal']})\b)(?:[a-z-]+(?:ed|en)|{data_file('shapes')['participles']}))\b"
    how_many = re.compile(rf"\b{part}\s+{spec['how_many']}\s+([a-z][a-z-]*(?:\s+[a-z][a-z-]*)?)(?=\s*(?:[,;.)\n]|$|\s+and\s))", re.I)
    of_whole = re.compile(rf"\b{part}\s+{spec['of_whole']}\s+(?:([a-z][a-z-]*)['’]s\s+)?(?!(?:{spec['not_whole']})\b)([a-z][a-z-]*(?:\s+[a-z][a-z-]*)?)(?=\s*(?:[,;.)\n]|$|\s+and\s))", re.I)
    return how_many, of_whole


def _whole(match: re.Match) -> str:
    owner, whole = (match.group(2), match.group(3)) if match.lastindex == 3 else (None, match.group(2))
    return f"{match.group(1)}, {owner + ' ' if owner else ''}{whole}"


def expand_wholes(text: str) -> str:
    how_many, of_whole = _patterns()
    return of_whole.sub(_whole, how_many.sub(_whole, text))
