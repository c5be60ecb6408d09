"""Several related tables from one description, from the ways people say it: "customers and their
orders", "students, courses and enrolments", "a table of bakeries and a table of their products",
"landlords, each with many flats (address, rent)", "teams with a list of players", "leagues, teams
and players: each league has many teams and each team has many players with position".

The nouns decide the tables. A thing data/tables.toml knows brings its parents and default
columns; any other plural noun becomes a table when the phrasing says how it belongs to another
("their", "each ... has many", "with a list of", "a table of"), or names its columns. Only clear
multi-entity phrasing splits a description; "customers with name, email and number of orders"
stays one table. Each table gets its own id first and a `reference` to each parent; the columns
the user names for a thing go into that thing's table."""

from __future__ import annotations

import re
from functools import cache

from generator.inference.build.acts import acted, linking
from generator.inference.build.bracketed import bracketed_tables
from generator.inference.build.lists import listed_tables, wanted_tables
from generator.inference.build.plainly import said_plainly
from generator.inference.build.sections import named_parents, section_clauses, section_of, section_tables, split_sections, with_sections
from generator.inference.build.series import series_said
from generator.inference.build.things import COLUMNS_SAID, Part, head_end, key_of, lead, part_of, phrase, phrases, plural, thing_part
from generator.inference.knowledge.concepts import lookup
from generator.inference.text import words

__all__ = ["COLUMNS_SAID", "Part", "split_tables"]

_JOINER = re.compile(r",?\s+(?:and|with|plus|as well as|along with|together with)\s+(?:their|its|his|her)\s+|,?\s+with an? separate table (?:of|for)\s+", re.I)


@cache
def _table_of() -> re.Pattern[str]:
    """'a table of bakeries and a table of their products', 'a sensor registry (…) plus a table of readings'."""
    return re.compile(rf"(?:^|,?\s+(?:(?:{phrase('table_joiners')})\s+)?)(?:a|one|another|an other)\s+(?:separate\s+)?table\s+(?:of|for|with)\s+(?:(their|its)\s+)?", re.I)


@cache
def _each() -> re.Pattern[str]:
    """'..., each league has many teams', 'one rep manages many'."""
    modal = r"(?:can|may|will|could|might)"
    return re.compile(
        rf"(?:^|[:;,.]?\s+(?:and\s+|where\s+|in which\s+)?|[:;.]\s*)(?:each|every|one|an?)\s+([a-z][\w-]*(?: (?!{modal}\b)[a-z][\w-]*)?)\s+(?:{modal}\s+)?"
        rf"(?:(?:{phrase('has_verbs')})(?:\s+(?:{phrase('particles')}))?\s+(?:{phrase('many')})\s+|(?:{phrases()['each_verb']})\s+(?=[a-z][\w-]*s\s*(?:with\b|having\b|including\b|\()))", re.I)


_WITH_MANY = re.compile(r",?\s+(?:each\s+)?(?:with|having|has|have|of which has)\s+(?:many|several|multiple|one or more|zero or more|a list of|lists of|a set of)\s+", re.I)
_TRAIL = re.compile(r"\s+(?:(?:related|linked|separate|joined)\s+)?(?:tables?|data|datasets?|one[- ]to[- ]many)\s*$", re.I)


def split_tables(text: str) -> list[Part] | None:
    """The tables a description asks for, parents first, or None for a single table."""
    plain = said_plainly(text.strip().rstrip(".")).strip()
    asked = re.match(r"[^.?!():]+\?\s", plain)  # 'Could you help me with …? I'd like …': the question sets the scene
    return (asked and _after_the_scene(plain)) or acted(*split_sections(plain)) or _split(plain) or _column_groups(plain) or _after_the_scene(plain)


def _after_the_scene(plain: str) -> list[Part] | None:
    """The tables a later sentence says, those before only setting the scene ('… for my SQL
    class? I'd like the owners (…), their dogs (…) and …'), without the wish starting it."""
    for end in re.finditer(phrases()["sentence_end"], plain, re.I):
        rest = re.sub(phrases()["wish"], "", plain[end.end() :], count=1, flags=re.I).strip()
        parts = _split(rest) or _column_groups(rest) if rest else None
        if parts is not None:
            return parts
    return None


def _no_times(parts: list[Part] | None, head: str) -> list[Part] | None:
    """A series' listed parts without the one saying how often ('every 15 minutes, with each
    site's spaces' is when, not a table); None when one table is left."""
    if parts is None or not series_said(head):
        return parts
    kept = [part for part in parts if not re.match(phrases()["frequency_item"], part.text.strip(), re.I)]
    return kept if len(kept) >= 2 else None


def _split(plain: str) -> list[Part] | None:
    text, sections = split_sections(plain)
    if not text and sections:  # 'Customers: name, email. Orders: date, total.' — the sections are the tables
        return section_tables(sections)
    wanted = wanted_tables(text)
    head, clauses = _each_clauses(text)
    if clauses and not sections and series_said(head) and part_of(head, strong=True) is None:
        return None  # 'electricity use per building per month …, for a campus with 15 buildings': a series of the buildings
    listed = _no_times(listed_tables(head, None), head)  # 'teams, players on each team (…) and matches between two teams'
    if listed is None and (linked := linking(text)) is not None:
        return linked
    clauses += [(parent, child) for parent, child in section_clauses(sections, clauses)]
    parts = listed or (_by_phrasing(head, sure=bool(clauses or sections or wanted)) if head else [])
    if wanted and (parts is None or len(parts) + len(clauses) < wanted):  # 'three tables: members, trainers, and sessions with …'
        parts = listed_tables(head, wanted) or parts
    if parts is None and clauses:
        topic = sections and re.search(rf"^{re.escape(head)}\s*:", plain, re.I)  # 'wholesale flowers: for every florist shop we record …'
        parts = [part for part in [None if topic else part_of(head, strong=True)] if part is not None]
    if parts is None and len(sections) >= 2:  # 'a cooking school where chefs teach classes … chef: name. class: title, chef.'
        return section_tables(sections)
    if parts is None:
        return None
    by_key = {part.key: part for part in parts}
    for parent, child in clauses:
        _attach(parts, by_key, parent, child)
    with_sections(parts, sections)  # 'Policy: start date, …' names a table's columns even where no clause says how it belongs
    for part in parts:  # 'a piece has the member who made it, …': a column naming another table is a key to it
        if part.parents and any(section_of(part, {key: ""}) for key in sections):  # a child already; a topic listing the tables gets no keys
            part.parents += [key for key in named_parents(part, parts) if key != part.key and key not in part.parents and part.key not in by_key[key].parents]
    if len(parts) < 2 or len(by_key) < len(parts):
        return None
    keys = set(by_key)
    for part in parts:
        known = [p for p in (part.known.parents if part.known else ()) if p in keys and p != part.key]
        part.parents = list(dict.fromkeys([*part.parents, *known]))
    if not any(part.parents for part in parts) and (len(parts) == wanted or _listed_tables(head, parts) or _framed(head)):
        for previous, part in zip(parts, parts[1:]):
            part.parents.append(previous.key)  # 'farms, fields and harvests': each belongs to the one before
    if not any(part.parents for part in parts):
        return None
    return parts


def _column_groups(text: str) -> list[Part] | None:
    """'stand-up comedians and the gigs they play: comedian name, home city; gig venue, gig date':
    the things before a colon, then one group of columns for each, in the same order, each naming
    its thing."""
    head, colon, rest = text.partition(":")
    groups = [group.strip() for group in rest.split(";") if group.strip()]
    if not colon or len(groups) < 2 or "(" in head or "(" in rest:
        return None
    parts = split_tables(head)
    if parts is None or len(parts) != len(groups) or not all(_names_its_thing(p, g) for p, g in zip(parts, groups)):
        return None  # each group names its own thing ('comedian name', 'gig venue'): else the groups are something else
    for part, group in zip(parts, groups):
        part.text = f"{part.table.replace('_', ' ')}: {group}"
    return parts


def _names_its_thing(part: Part, group: str) -> bool:
    """A group of columns that names its thing ('gig venue' for the gigs, 'fault time' for the fault events)."""
    return any(re.search(rf"\b{re.escape(noun)}", group, re.I) for noun in {part.key.split()[-1], *part.nouns} if len(noun) > 2)


def _listed_tables(head: str, parts: list[Part]) -> bool:
    """A bare list of things none of the data knows, three or more or called tables, none of
    them a measurement ('heights and weights' are columns)."""
    if any(part.known or part.text != part.text.strip() for part in parts) or not (len(parts) >= 3 or _TRAIL.search(head)):
        return False
    concepts = [lookup(part.key) for part in parts]
    return not any(c is not None and c.type not in ("category", "full_name", "word") for c in concepts)


def _each_clauses(text: str) -> tuple[str, list[tuple[str, str]]]:
    """'..., each league has many teams and each team has many players with position' → the
    text before the first clause and (parent, child text) for each clause."""
    found = list(_each().finditer(text))
    if not found:
        return text, []
    clauses = []
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        child = re.sub(r"[,;.]?\s*(?:and)?\s*$", "", text[match.end():end].strip())
        clauses.append((key_of(match.group(1)), child))
    return text[: found[0].start()].strip(" ,;:"), clauses


def _by_phrasing(text: str, sure: bool = False) -> list[Part] | None:
    """Parts from 'a table of X and a table of Y', 'X and their Y', 'X, each with many Y' or a
    bare list 'X, Y and Z'; parents from the phrasing (the later thing belongs to the earlier)."""
    listed = bracketed_tables(text)
    if listed is not None:
        return listed
    if _table_of().search(text):
        pieces = _table_of().split(text)  # [before, their?, piece, their?, piece, ...]
        first = _table_of().search(text)
        joined = first is not None and re.match(rf"\s*(?:,|(?:{phrase('table_joiners')})\s)", first.group(), re.I)
        framing = first is not None and first.start() > 0 and not joined  # 'Our insurer wants a table of claims': no table of wants
        return _named_first(_chained([c for c in [*([] if framing else pieces[:1]), *pieces[2::2]] if c.strip()], strong=True, own=True))
    if _JOINER.search(text):
        return _chained(_JOINER.split(text), strong=sure)  # 'customers and their ages' is one table, unless a clause says how they relate
    many = _WITH_MANY.search(text)
    if many and many.start() > 0:
        return _chained([text[: many.start()], text[many.end():]], strong=True)
    return _bare_list(text)


def _measured_thing(chunk: str) -> Part | None:
    """'stores and their weekly sales over 2023': what is measured over time for each of the
    things before is a table of its own (a series keyed to them)."""
    if not series_said(chunk):
        return None
    return thing_part(head_end().split(lead().sub("", chunk.strip()), maxsplit=1)[0], chunk.strip())


def _named_first(parts: list[Part] | None) -> list[Part] | None:
    """'the deliveries of heating oil to farms: … and a separate table of the farms: …': a later
    table the one before names before its columns is that one's parent, not its child."""
    for previous, part in zip(parts or [], (parts or [])[1:]):
        head = COLUMNS_SAID.split(previous.text, maxsplit=1)[0].lower()
        if part.parents == [previous.key] and re.search(rf"\b(?:{re.escape(part.table.replace('_', ' '))}|{re.escape(part.key)})\b", head):
            part.parents, previous.parents = [], [*previous.parents, part.key]
    return parts


def _chained(chunks: list[str], strong: bool, own: bool = False) -> list[Part] | None:
    chunks = [chunks[0], *(piece for chunk in chunks[1:] for piece in _listed(chunk))]
    later = [part_of(chunk, strong or bool(COLUMNS_SAID.search(chunk))) or _measured_thing(chunk) for chunk in chunks[1:]]
    if not chunks or any(part is None for part in later):
        return None
    first = part_of(chunks[0], strong=True)  # 'X and their Y (...)': Y's columns make X a table too
    if first is None and own and COLUMNS_SAID.search(chunks[0]):  # 'the sheet music in our library (title, …) and a table of …'
        first = thing_part(head_end().split(lead().sub("", chunks[0].strip()), maxsplit=1)[0], chunks[0].strip())
    if first is None:
        return None
    parts = [first, *(part for part in later if part is not None)]  # none is None (checked above)
    for previous, part in zip(parts, parts[1:]):
        if not (part.known and any(p in {q.key for q in parts} for p in part.known.parents)):
            part.parents.append(previous.key)  # 'their' / 'each with many': it belongs to the one before
    return parts


def _listed(chunk: str) -> list[str]:
    """'car insurance policies and claims' after 'their': two things, when the chunk as a whole
    names none and each piece names one."""
    pieces = [p for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", chunk.strip()) if p]
    if len(pieces) < 2 or COLUMNS_SAID.search(chunk) or part_of(chunk, strong=False) is not None:
        return [chunk]
    return pieces if all(part_of(p, strong=True) is not None for p in pieces) else [chunk]


def _framed(text: str) -> re.Match[str] | None:
    """Words that say the description asks for related tables ('a relational dataset', 'a
    normalised schema', 'a database for a …', 'one-to-many')."""
    return re.search(phrases()["framed_tables"], text, re.I)


def _bare_list(text: str) -> list[Part] | None:
    """'students, courses and enrolments', 'leagues, teams and players' (parents from the data
    or from 'each ... has many' clauses); after a colon, the list the subject names ('e-commerce
    schema: customers, orders and order lines')."""
    listed = text.rsplit(":", 1)[-1].strip()
    framed = _framed(text)
    if framed is not None and ":" not in text and (said := re.search(r"\s(?:with|of)\s+", text[framed.end() :])):
        listed = text[framed.end() + said.end() :]  # 'a database for a bike repair shop with customers, bikes and repair jobs'
    stripped = _TRAIL.sub("", lead().sub("", listed))
    items = [item for item in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", stripped) if item]
    if len(items) < 2 or any(len(words(item)) > (3 if framed else 2) for item in items):
        return None
    parts = [part_of(item, strong=True) for item in items]
    return None if any(part is None for part in parts) else parts  # type: ignore[return-value]


def _attach(parts: list[Part], by_key: dict[str, Part], parent: str, child_text: str) -> None:
    """An 'each X has many Y (...)' clause: Y belongs to X and takes the columns named there."""
    head = head_end().split(lead().sub("", child_text.strip()), maxsplit=1)[0]
    child = part_of(child_text, strong=True) or (thing_part(head, child_text) if head.endswith("s") else None)  # 'has many sales'
    if child is None:
        return
    if parent not in by_key:  # 'each gym has many members': the gym is named only here
        by_key[parent] = Part(parent, plural(parent))
        parts.insert(0, by_key[parent])
    if child.key in by_key:
        found = by_key[child.key]
        if COLUMNS_SAID.search(child_text):
            _columns_to_parent(found, by_key.get(parent))
            found.text = child_text
    else:
        found = by_key[child.key] = child
        parts.append(child)
    if parent not in found.parents and parent != found.key:
        found.parents.append(parent)


def _columns_to_parent(child: Part, parent: Part | None) -> None:
    """'students and their exam results: id, name, gpa; each student has many exam results with
    course, score': the clause names the results' columns, so the list before it was the students'."""
    said = child.text.split(": ", 1)
    if parent is None or len(said) < 2 or COLUMNS_SAID.search(parent.text):
        return
    parent.text = f"{parent.table.replace('_', ' ')}: {said[1]}"
