"""Several tables said as things with their columns in brackets: 'suppliers (name, country),
products (sku, name, supplier) and purchase orders (product, quantity)', 'shipping_lines (id,
name) and vessels (id, shipping_line_id, …)', 'a list of volcanoes (…) plus their recorded
eruptions (…)', 'recipes with their ingredients (…) and user ratings of each recipe (…)'."""

from __future__ import annotations

import re

from generator.inference.build.things import Part, key_of, lead, part_of, phrase, phrases, thing_part

_NAMED_COLUMNS = re.compile(r"\b([a-z][a-z0-9_' -]{1,60}?)\s*\(([^()]{3,})\)", re.I)
_POSSESSIVE_JOIN = re.compile(r",?\s+(?:and|with)\s+(?:their|its|his|her)\s+", re.I)


def bracketed_tables(text: str) -> list[Part] | None:
    """Two or more things, each with its columns in brackets. A thing belongs to what its name
    says it belongs to ('ratings of each recipe'), to the thing before a 'their' ('recipes with
    their ingredients'), to the things its columns name, or else to the one before it."""
    found = list(_NAMED_COLUMNS.finditer(text))
    between = [text[a.end() : b.start()] for a, b in zip(found, found[1:])]
    gap = rf"\s*(?:[,;.]|,?\s*(?:{phrase('table_joiners')}))?\s*"  # 'wells (…). water tests (…)': a sentence each
    if len(found) < 2 or any(not re.fullmatch(gap, between_two, re.I) for between_two in between):
        return None
    # 'results: runner (name, age), race (city, date)': singular things with their columns, when they are all the list says
    whole = re.search(r"(?:^|:)\s*$", text[: found[0].start()]) is not None and re.fullmatch(r"[\s.;]*", text[found[-1].end() :]) is not None
    read = [_things(m.group(1), m.group(2), whole) for m in found]
    if any(r is None for r in read):
        return None
    chosen = [part for parts in read if parts is not None for part in parts]
    names = [m.group(1).lower() for m, parts in zip(found, read) if parts is not None for _ in parts]
    keys = [p.key for p in chosen]
    if len(set(keys)) < len(keys):
        return None
    for part in chosen:
        part.parents = [key for key in part.parents if key in keys and key != part.key]  # 'children registered at a clinic': no clinics table
    for index, part in enumerate(chosen[1:], start=1):
        said = part.text.lower().split(": ", 1)[-1]
        about = re.split(r"\s+(?:of|over|between|for|on|at|in|to|from|that|which|who)\s+", names[index], maxsplit=1)[1:]  # 'passes of a satellite over a ground station'
        named = [q.key for q in chosen[:index] if re.search(rf"\b{re.escape(q.key)}s?\b|(?<![a-z]){re.escape(q.table)}(?![a-z])", f"{said} {' '.join(about)}")]
        part.parents.extend(key for key in named if key not in part.parents)
    if not any(part.parents for part in chosen):  # no column names another thing: each belongs to the one before
        for previous, part in zip(chosen, chosen[1:]):
            part.parents.append(previous.key)
    return _with_bare_first(text[: found[0].start()], found[0].group(1), chosen)


def _with_bare_first(before: str, first: str, chosen: list[Part]) -> list[Part]:
    """'the departments of a university, the professors who belong to them (…) and …': a thing
    listed without columns before the first bracketed one, which refers back to it."""
    bare = re.search(r"(?:^|[:;]\s*)([^,:;()]+?),\s*$", before)
    owner = part_of(re.split(r"\s+of\s+", bare.group(1))[0], strong=True) if bare and re.search(r"\b(?:them|it|those|these)\b", first, re.I) else None
    if owner is None or owner.key in {part.key for part in chosen}:
        return chosen
    chosen[0].parents = [owner.key, *chosen[0].parents]
    return [owner, *chosen]


def _things(said: str, columns: str, whole: bool) -> list[Part] | None:
    """The table (or, with a 'their', the two tables) one bracketed name says; None when it names no table."""
    name = said.split(":")[-1].strip()
    name = re.sub(rf"^(?:(?:{phrase('table_joiners')}|or)\s+)?(?:(?:{phrase('possessive')})\s+)?", "", name, flags=re.I)
    owner = _owner(name)
    relative = re.match(phrases()["relative"], lead().sub("", name).strip(), re.I)
    if relative is not None and not _POSSESSIVE_JOIN.search(name):  # 'the plays it stages (…)': the plays
        name, owner = relative.group("noun"), key_of(relative.group("parent")) if relative.group("parent") else owner
    pieces = _POSSESSIVE_JOIN.split(lead().sub("", name))
    if len(pieces) > 2:
        return None
    # 'fields on each farm', 'soil samples taken in each field': the thing is what comes first
    noun = re.split(rf"\s+(?:{phrase('name_ends')}|{phrases()['participle']})\b", pieces[-1], maxsplit=1)[0]
    part = part_of(f"{noun}: {columns}", strong=True) or (thing_part(noun, f"{noun}: {columns}") if whole and "," in columns else None)
    if part is None:
        return None
    if re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+", noun.strip()):
        part.table = noun.strip()  # 'farmers_markets (market_id, …)': the user's own table name
    if owner:
        part.parents.append(owner)
    if len(pieces) == 1:
        return [part]
    first = part_of(pieces[0], strong=True)  # 'recipes with their ingredients (…)': the recipes, and their ingredients
    if first is None:
        return None
    part.parents.append(first.key)
    return [first, part]


def _owner(name: str) -> str | None:
    """What a thing's name says it belongs to: 'user ratings of each recipe' → recipe."""
    article = r"(?:each|every|a given|its|their|one|an?|the)"
    found = re.search(rf"\s(?:{phrase('belongs')}|(?:{phrases()['participle']})\s+{article})\s+([a-z][\w-]*)\b", name, re.I)
    return key_of(found.group(1)) if found else None
