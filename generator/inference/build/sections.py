"""Sentences that each give one table's columns ('Policy: start date, end date. Claim: claim date,
amount.', 'Each patient: name, …'): found, matched to the tables a description names, and read as
tables of their own when nothing else names them (build/structure.py uses them)."""

from __future__ import annotations

import re
from functools import cache

from generator.inference.build.things import Part, key_of, part_of, phrase, plural


@cache
def section_pattern() -> re.Pattern[str]:
    """'Policy: start date, end date. Claim: claim date, amount.', 'Each patient: name, …' — a sentence per table."""
    return re.compile(rf"(?:^|(?<=[.;:])\s+)(?:(?:{phrase('section_lead')})\s+)?([A-Za-z][a-z]+(?: [a-z]+)?)\s*:\s+([^.;:]+?)(?=\s*(?:[.;]|$))", re.I)


def split_sections(text: str) -> tuple[str, dict[str, str]]:
    """The text without its 'Thing: columns.' sentences (two or more, or one after a sentence
    naming the tables), and those sentences by the thing's key."""
    found = list(section_pattern().finditer(text))
    if not found or (len(found) < 2 and found[0].start() == 0):  # 'customers: name, email' alone is one table's column list
        return text, {}
    if any(re.fullmatch(phrase("not_sections"), m.group(1), re.I) for m in found):  # 'Note: salaries in USD' is a remark
        return text, {}
    if found[0].start() == 0 and not all(part_of(plural(key_of(m.group(1))), strong=True) for m in found):
        return text, {}
    sections = {key_of(m.group(1)): f"{plural(key_of(m.group(1)))}: {m.group(2).strip()}" for m in found}
    rest = section_pattern().sub("", text).strip(" .;")
    return rest, sections


def with_sections(parts: list[Part], sections: dict[str, str]) -> list[Part]:
    for part in parts:
        key = section_of(part, sections)
        if key is not None:
            part.text = f"{part.table.replace('_', ' ')}: {sections[key].split(': ', 1)[1]}"
    return parts


def section_of(part: Part, sections: dict[str, str]) -> str | None:
    """The section about a table, matched by its nouns: 'Usage: month, data in GB' is about the
    monthly usage records, 'Deal: …' about the deals."""
    if part.key in sections:
        return part.key
    nouns = set(part.nouns) | set(part.key.split())
    return next((key for key in sections if set(key.split()) <= nouns or key.split()[-1] == part.key.split()[-1]), None)


def section_tables(sections: dict[str, str]) -> list[Part] | None:
    """Tables from sentences alone: parents from the data, else the one before (unless a later
    one names an earlier one's key)."""
    parts = [part for part in (part_of(text, strong=True) for text in sections.values()) if part is not None]
    if len(parts) < 2 or len({p.key for p in parts}) < len(parts):
        return None
    keys = {part.key for part in parts}
    for index, part in enumerate(parts):
        known = [p for p in (part.known.parents if part.known else ()) if p in keys and p != part.key]
        part.parents = known or named_parents(part, parts[:index]) or _keys_named(part, [p for p in parts[index + 1 :] if not named_parents(p, [part])])
    if not any(part.parents for part in parts):
        for previous, part in zip(parts, parts[1:]):
            part.parents.append(previous.key)
    return parts


def named_parents(part: Part, before: list[Part]) -> list[str]:
    """The earlier tables a table's columns name ('class: title, date, chef, price' belongs to the chefs)."""
    said = part.text.split(": ", 1)[-1].lower().replace("_", " ")
    counted = [other.key for other in before if re.search(rf"\b(?:number|count) of {re.escape(part.table.replace('_', ' '))}\b", other.text, re.I)]  # 'stations: name and a number of lockers'
    return counted + [other.key for other in before if re.search(rf"\b(?:{re.escape(other.key)}s?|{re.escape(other.table.replace('_', ' '))})\b", said)]



def _keys_named(part: Part, later: list[Part]) -> list[str]:
    """'Every rental records the canoe, the customer, …. Canoes have …; customers have …': later
    tables a table's columns name one of (in the singular: a key to one row) are its parents; a
    list of them in the plural ('archive: seasons, the concerts …') names tables, not keys."""
    said = part.text.split(": ", 1)[-1].lower().replace("_", " ")
    items = [re.sub(r"^(?:the|an?)\s+", "", item.strip()) for item in re.split(r",|\band\b", said) if item.strip()]
    if all(item in {other.key for other in later} for item in items):  # 'Entities: greenhouse, bed, harvest' names the tables
        return []
    if any(re.search(rf"\b(?:{re.escape(plural(other.key).replace('_', ' '))}|{re.escape(other.table.replace('_', ' '))})\b", said) for other in later):
        return []
    return [other.key for other in later if re.search(rf"\b{re.escape(other.key)}\b(?!s)", said)]


def section_clauses(sections: dict[str, str], clauses: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each section's columns go to its table: as the child text of the clause that names it
    ('one customer can hold many policies'), or as a clause of its own under the table before."""
    out: list[tuple[str, str]] = []
    for index, (key, text) in enumerate(clauses):
        child = part_of(text, strong=True)
        found = section_of(child, sections) if child is not None else None
        if found is not None:
            clauses[index] = (key, sections.pop(found))
    named = {p.split()[-1] for p, _ in clauses}
    keys = [key for key in sections if key.split()[-1] not in named]  # 'Donor: name, email' after 'each donor can make many …': the donors' own
    for key in keys:
        parent = next((p for p, t in clauses + out if part_of(t, strong=True) and part_of(t, strong=True).key != key), None)  # type: ignore[union-attr]
        if parent is not None:
            out.append((parent, sections[key]))
    return out
