"""How big a thing is, whatever the measure is called (data/sizes.toml): a length, height, width,
diameter or depth and a weight take the size of the thing they belong to. The thing is the noun
before the head ('implant length', 'train weight'), or, when only qualifiers stand before it
('average live weight', 'total depth'), the thing the rows are about ('snail farm batches').
Consulted when no magnitudes.toml entry names the measure; a unit the description states still
converts the range."""

from __future__ import annotations

import math
import re
from functools import cache
from typing import Any

from generator.inference.build.draft import Draft
from generator.inference.knowledge.loader import data_file

Thing = tuple[re.Pattern, dict[str, Any]]


@cache
def _spec() -> tuple[dict[str, re.Pattern], re.Pattern, tuple[Thing, ...], tuple[re.Pattern, re.Pattern]]:
    data = data_file("sizes")
    heads = {dim: re.compile(rf"(?:{data['heads'][dim]})") for dim in ("length", "radius", "mass")}
    qualifiers = re.compile(rf"(?:{''.join(data['heads']['qualifiers'].split())})")
    things = tuple((re.compile(rf"(?<![a-z0-9-])(?:{thing['words']})(?![a-z0-9-])"), thing) for thing in data["thing"])
    people = re.compile(rf"\s*(?:{data['heads']['people']})\b"), re.compile(rf"(?:^|\s)(?:{data['heads']['likeness']})\s*$")
    return heads, qualifiers, things, people


def thing_sized(draft: Draft, phrase: str, subject: str) -> bool:
    """Give a length or weight the size of its thing; False when the phrase names no such measure
    or no thing of known size owns it."""
    if draft.dim not in ("", "length", "mass"):
        return False  # 'session length' in minutes is no size
    heads, qualifiers, things, people = _spec()
    parts = re.sub(r"[^a-z0-9 -]", " ", phrase.lower()).split()
    if not parts:
        return False
    dim = next((name for name, head in heads.items() if head.fullmatch(parts[-1])), None)
    if dim is None:
        return False
    if re.search(rf"\b(?:{data_file('sizes')['heads']['likeness']})\b", subject.lower()):
        return False  # a model railway's trains, a toy shop's cars: scaled down
    before = " ".join(parts[:-1])
    thing = _thing(before, things, people)
    if thing is None:
        if any(not qualifiers.fullmatch(word) for word in parts[:-1]):
            return False  # 'ring width', 'class height': another noun's size, not the subject's
        thing = _thing(subject.lower(), things, people)
    size = thing and thing.get("mass" if dim == "mass" else "length")
    if not size:
        return False
    lo, hi = (v * (0.5 if dim == "radius" else 1.0) for v in size)
    decimals = max(0, min(6, 2 - math.floor(math.log10(lo))))
    draft.type, draft.generic, draft.description = "decimal", False, phrase[:1].upper() + phrase[1:]
    draft.params = {"min": lo, "max": hi, "distribution": "lognormal", "mean": round(math.sqrt(lo * hi), decimals + 1), "decimals": decimals}
    draft.unit, draft.dim = ("kg", "mass") if dim == "mass" else ("m", "length")
    return True


def thing_named(text: str, having: str) -> dict[str, Any] | None:
    """The thing named last in `text` that has `having` ('length', 'mass', 'grows') known."""
    _, _, things, people = _spec()
    return _thing(text.lower(), tuple(t for t in things if having in t[1]), people)


def _thing(text: str, things: tuple[Thing, ...], people: tuple[re.Pattern, re.Pattern]) -> dict[str, Any] | None:
    """The thing of known size named last in `text`, unless a person noun follows it ('bus drivers')
    or a likeness's word comes before it ('model train')."""
    found = [(match.start(), thing) for pattern, thing in things for match in pattern.finditer(text)
             if not people[0].match(text[match.end():]) and not people[1].search(text[: match.start()])]
    return max(found, key=lambda item: item[0])[1] if found else None
