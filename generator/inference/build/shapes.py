"""Columns the lexicon does not know, typed from the shape of their words and name: a person's
role holds names, '…_id' a prefixed code, '…ness' a score, 'when it was sown' a date."""

from __future__ import annotations

import re
from typing import Any

from generator.inference.build.draft import Draft
from generator.inference.build.links import agent_noun, numbered
from generator.inference.knowledge.concepts import count_concept, lookup
from generator.inference.knowledge.loader import data_file
from generator.inference.knowledge.model import Concept
from generator.inference.read.naming import Phrase
from generator.inference.text import key_text, title_case_first, words
from generator.seeds import stable_hash


def guess(phrase: Phrase) -> Draft:
    """A column the lexicon does not know: a placeholder category named after it."""
    name = phrase.name or "column"
    label = title_case_first(_plain(phrase.text)) or "Value"
    when = re.match(r"when\s+(?:it|they|he|she|the \w+)?\s*(?:was|were|is|got|had been)?\s*(\w+)", phrase.text.strip().lower())
    if when:  # 'when it was sown': the day it happened, named 'sown_date'
        return Draft(f"{when.group(1)}_date", "date", {"start": "-2y", "end": "0d"}, label, generic=True)
    if re.fullmatch(r"[a-z]+\s+(?:on|at|for)", phrase.text.strip().lower()):  # 'sold on', 'closed at', 'scheduled for': when
        moment = "datetime" if phrase.text.strip().lower().endswith("at") else "date"
        return Draft(name, moment, {"start": "-2y", "end": "0d"} if moment == "date" else {}, label, generic=True)
    heads = data_file("shapes")["quantity_heads"]
    if key_text(phrase.text).split()[-1:] in [[head] for head in heads]:  # 'capacity' counts places, not a '…ity' score
        return Draft(name, "integer", dict(heads[key_text(phrase.text).split()[-1]]), label, generic=True)
    if re.search(r"(?:ness|ity|ance|ence)$", key_text(phrase.text)):
        return Draft(name, "decimal", {"min": 0, "max": 1, "distribution": "normal", "decimals": 3}, label, generic=True)
    last = (phrase.text.split() or [""])[-1].lower()
    before = (phrase.text.split() or [""])[-2:-1]
    spans = data_file("shapes")["units_counted"]
    if re.fullmatch(r"[a-z]{3,}(?:ed|en)", last) and before and before[0].lower() in spans:  # 'days worked', 'weeks waited': how long
        return Draft(name, "decimal" if "decimals" in spans[before[0].lower()] else "integer", dict(spans[before[0].lower()]), label, unit=before[0].lower(), generic=True)
    if re.fullmatch(r"[a-z]{2,}(?:ed|en)", last) and before and re.fullmatch(r"[a-z]{3,}[^s]s", before[0].lower()):
        counted = Draft.of(count_concept(" ".join(phrase.text.split()[:-1])), name, label)  # 'customers affected': how many
        counted.generic = True
        return counted
    amount = _before_participle(name, phrase.text, label)
    if amount is not None:  # 'fee charged', 'duty paid': the amount, not whether
        return amount
    if re.fullmatch(r"[a-z]{3,}(?:ed|en)", last):  # 'hospitalized', 'vaccinated': yes/no
        return Draft(name, "boolean", {"true_rate": data_file("shapes")["yes_rates"].get(last, 0.3)}, label, generic=True)
    if re.fullmatch(r"[a-z]{3,}[^s]s", last) and len(phrase.text.split()) <= 3:  # 'viewers', 'copies': how many
        counted = Draft.of(count_concept(phrase.text), name, label)
        counted.generic = True
        return counted
    shaped = _shaped(name, label, phrase.text) or name_shaped(name, label)
    if shaped is not None:
        return shaped
    return Draft(name, "category", fallback_codes(phrase.text), label, generic=True)


def _before_participle(name: str, text: str, label: str) -> Draft | None:
    """'fee charged', 'duty paid', 'tax withheld': an amount named before what was done with it."""
    said = text.lower().split()
    if len(said) < 2 or not re.fullmatch(rf"[a-z]{{3,}}(?:ed|en)|{data_file('shapes')['participles']}", said[-1]):
        return None
    shaped = name_shaped("_".join(said[:-1]), label)
    if shaped is None or shaped.type not in ("price", "decimal", "integer"):
        return None
    shaped.name = name
    return shaped


def _shaped(name: str, label: str, text: str) -> Draft | None:
    """A person's role ('walker', 'coordinator') holds names; a numbered thing ('wall', 'gauge') numbers."""
    shapes, head = data_file("shapes"), " ".join(words(text)[-2:]).lower()

    last = head.split()[-1] if head else ""
    if head in shapes["person_roles"] or last in shapes["person_roles"]:
        return Draft(name, "full_name", {}, label, generic=True)
    if head in shapes["times"] or last in shapes["times"]:
        return Draft(name, "time", {}, label, generic=True)
    planned = re.fullmatch(rf"(?:{shapes['moment_modifiers']}) \w+(?:{shapes['event_endings']})", head)  # 'planned completion', 'actual handover'
    if head in shapes["moments"] or last in shapes["moments"] or head.split()[:1] == ["due"] or planned:  # 'due back', 'due by'
        return Draft(name, "date", {"start": "-2y", "end": "0d"}, label, generic=True)
    if agent_noun(last):  # 'musher', 'shotfirer': a doer nothing lists
        return Draft(name, "full_name", {}, label, generic=True)
    if last in shapes["numbered_units"]:
        return Draft(name, "category", numbered(last, shapes["numbered_count"]), label, generic=True)
    return None


def name_shaped(name: str, label: str) -> Draft | None:
    """'submitted_by' holds a person, 'is_…' a yes/no, '…_id' a prefixed code, '…_count' a small
    number, '…_rate' a percentage, '…_at' a moment, a measurement word a number in its range."""
    for shape in data_file("shapes")["name_shapes"]:
        if re.search(shape["name"], name):
            params = {key: value.replace("{prefix}", _prefix(name)) if isinstance(value, str) else value for key, value in shape.get("params", {}).items()}
            return Draft(name, shape["type"], params, label, generic=True)
    return None


def _prefix(name: str) -> str:
    head = next((w for w in name.split("_") if w not in ("id", "no", "nr", "ref", "code", "number", "num")), name) or "ref"
    return re.sub(r"[^A-Za-z]", "", head)[:3].upper() or "REF"


def fallback_codes(text: str) -> dict[str, Any]:
    """A few codes with a prefix from the last word ('GRA-104', 'GRA-317'), the first more common:
    what an export of an internal lookup table holds when nothing says what the values are."""
    prefix = _prefix((_plain(text).split() or ["ref"])[-1].lower())
    count, seen = data_file("shapes")["fallback_codes"], []
    for i in range(count * 4):
        code = f"{prefix}-{100 + stable_hash(f'{text}:{i}') % 900}"
        if code not in seen:
            seen.append(code)
        if len(seen) == count:
            break
    return {"values": seen, "weights": [round(1 / i**0.5, 3) for i in range(1, len(seen) + 1)]}


def _plain(text: str) -> str:
    return " ".join(words(text))



def year_of(text: str) -> Concept | None:
    """'year completed', 'year opened', 'year first lit': the calendar year a thing came about,
    not whether it did."""
    if not re.fullmatch(r"year (?:first )?(?:[a-z]{3,}(?:ed|en)|built|made|begun|lit|set up)", text.strip().lower()):
        return None
    found = lookup(text)
    return found if found is not None and found.type == "year" and found.name != "year" else lookup("year built")
