"""How big a measure is, by what it belongs to (data/magnitudes.toml): the weight of a parcel, a
steer or a person; revenue of a web session or of a company; a heart rate at rest or during a run.
Consulted after the concept gives the column its meaning and before the description's own words
(a stated range or unit) are applied, so those still win and a stated unit converts the range."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from generator.inference.build.draft import DATES, Draft
from generator.inference.build.sizes import thing_sized
from generator.inference.knowledge.concepts import is_generic, lookup
from generator.inference.knowledge.loader import data_file, knowledge
from generator.inference.knowledge.model import Concept
from generator.inference.read.units import trailing_unit, unit_by_label
from generator.inference.text import key_text, words

Entry = tuple[re.Pattern, re.Pattern | None, dict[str, Any]]
_PER = re.compile(r"^(?:weekly|monthly|daily|yearly|annual) | (?:per|a|each|every) (?:day|week|month|year)$")  # visits per week name visits


@cache
def _entries() -> tuple[Entry, ...]:
    out = []
    for entry in data_file("magnitudes")["magnitude"]:
        measure = re.compile(rf"(?:^|\s)(?:{entry['measure']})$")
        owner = re.compile(rf"(?<![a-z0-9])(?:{entry['owner']})(?:e?s)?(?![a-z0-9])") if entry.get("owner") else None
        out.append((measure, owner, entry))
    return tuple(out)


def magnitude(phrase: str, scopes: Sequence[str], concept: Concept | None = None) -> dict[str, Any] | None:
    """The entry for the measure `phrase` names, owned by the narrowest of `scopes` (the phrase,
    the subject, the description) that names an owner; None when no entry fits. With a specific
    `concept` the measure's own words must name that concept ('membership duration' is a
    tenure, not the duration a gym's sessions last)."""
    done = re.sub(rf"\s+(?:[a-z]{{3,}}(?:ed|en)|{data_file('shapes')['participles']})$", "", key_text(phrase))  # 'fare paid' is the fare
    bare, stated = _unit_dropped(key_text(phrase))
    forms = [form for form in dict.fromkeys((key_text(phrase), " ".join(words(phrase)), done, bare)) if form]
    candidates = []
    for measure, owner, entry in _entries():
        if stated and entry.get("unit") and getattr(unit_by_label(entry["unit"]), "dim", stated) != stated:
            continue  # 'lift capacity kg' is no battery's capacity in kWh
        said = [found.group(0).strip() for found in (measure.search(form) for form in forms) if found]
        if entry.get("unless") and any(re.search(rf"\b(?:{entry['unless']})", scope) for scope in (key_text(phrase), *scopes[:1])):
            continue  # 'driver age', or an age in a table of car insurance customers, is a person's
        named = lookup(bare) if stated and bare else concept  # 'pour temperature °C' means what 'pour temperature' does
        if said and (is_generic(concept) or _bare_count(concept) or (stated and is_generic(named))
                     or any(lookup(text) in (concept, named) or lookup(_PER.sub("", text)) in (concept, named) for text in said)):
            candidates.append((owner, entry, max(map(len, said))))
    owned = max((length for owner, _, length in candidates if owner is not None), default=0)
    for owner, entry, length in candidates:
        if owner is None and length > owned:
            return entry  # more specific words than any owned entry: 'resting heart rate'
    for scope in (key_text(phrase), *scopes):
        for owner, entry, _ in candidates:
            if owner is not None and owner.search(scope):
                return entry
    return next((entry for owner, entry, _ in candidates if owner is None), None)  # wherever it belongs


def sized(draft: Draft, phrase: str, scopes: Sequence[str], concept: Concept | None = None, loose: bool = False) -> None:
    """Give a numeric or unplaced column the range of what it measures, for what it belongs to;
    `loose`: its concept is another domain's sense ('size' of clothes in a table of flats)."""
    if draft.type in DATES or not (draft.numeric() or draft.generic or loose):
        return
    entry = magnitude(phrase, scopes, None if draft.generic or loose else concept)
    if entry is None:
        thing_sized(draft, _unit_dropped(key_text(phrase))[0] or phrase, scopes[0] if scopes else "")
        return
    unit = unit_by_label(entry.get("unit", ""))
    draft.type = entry["type"]
    draft.params = dict(entry["params"])
    draft.unit = entry.get("unit", "")
    draft.dim = unit.dim if unit is not None else ""
    draft.description = entry.get("desc") or draft.description
    draft.generic = False


def _unit_dropped(text: str) -> tuple[str, str]:
    """'fridge temperature °C', 'pipe diameter mm': a unit written bare after the name hides no
    measure; the name without it, and the unit's dimension."""
    bare = re.sub(r"\s+deg(?:rees?)?(?:\s+[cf])?$", "", text)  # '°C' reads 'deg c', or 'deg' once its 'c' is taken as the unit
    if bare != text:
        return bare, "temperature"
    parts = text.split()
    unit = trailing_unit(parts)
    if unit is None:
        return "", ""
    two = len(parts) >= 3 and trailing_unit(parts[-2:]) is None  # 'rating k va': the unit took two words
    return " ".join(parts[: -2 if two else -1]), unit.dim


def _bare_count(concept: Concept | None) -> bool:
    """'how many' with nothing known of what is counted: sized by what it counts."""
    return concept is not None and concept.count and concept.pattern == "count"


def aged(draft: Draft, scopes: Sequence[str]) -> None:
    """An age or birth date in the range of whose it is (data/vocabulary.toml age_context): the
    column's own words first ('ewe age', 'dog's age'), then who the rows are."""
    for scope in scopes:
        for pattern, (lo, hi, mean) in knowledge().vocabulary.age_contexts:
            if re.search(pattern, scope.lower()):
                if draft.type == "date_of_birth":
                    draft.params.update(start=f"-{hi}y", end=f"-{lo}y")
                else:
                    draft.params.update(min=lo, max=hi, mean=mean, std=round((hi - lo) / 5, 1), distribution="normal")
                return
