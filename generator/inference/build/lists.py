"""Tables listed one after another, each saying what it belongs to: 'teams, players on each team
(gamertag, role) and matches between two teams with map and score', 'three tables: members,
trainers, and sessions with session date'. An item's columns end the list ('… with map, score
and winner' all belong to the matches), and 'N tables' says how many items there are."""

from __future__ import annotations

import difflib
import re
from functools import cache

from generator.inference.build.series import series_said
from generator.inference.build.things import Part, head_end, key_of, lead, part_of, phrase, phrases, plural, thing_part
from generator.inference.text import singular, words

_SEPARATOR = re.compile(r",\s*(?:and\s+)?|\s+and\s+", re.I)
_COLUMNS = re.compile(r"\s(?:with|having|including)\s|:", re.I)
_BETWEEN = re.compile(r"\bbetween\s+(?:an?|the|one|each)\s+[a-z][\w-]*\s+and\b", re.I)
_TABLE_OF = re.compile(r"^(?:(?:an?|one|another|the)\s+)?(?:separate\s+)?tables?\s+(?:of|for|with)\s+", re.I)
_COLUMNS_NEXT = re.compile(r"(?:with|having|including)\s", re.I)
_FUNCTION = {"of", "for", "in", "on", "at", "to", "from", "with", "per", "and", "the", "by", "each", "every"}  # no part of a thing's name
_NEXT_THING = re.compile(r"(?:the|an?|their|its)\s+[a-z]", re.I)


@cache
def _qualifier() -> re.Pattern[str]:
    """'players on each team', 'matches between two teams', 'sessions linking a member to a trainer'."""
    article = r"(?:an?|each|every|the|one)?\s*"
    return re.compile(
        rf"^(?P<noun>.+?)\s+(?:(?:that|which|who)\s+)?(?:(?:{phrase('pair')})\s+(?P<pair>[a-z][\w-]*)"
        rf"|(?:{phrase('link_verbs')})\s+{article}(?P<one>[a-z][\w-]*)\s+(?:to|with|and)\s+{article}(?P<two>[a-z][\w-]*)"
        rf"|(?:{phrase('belongs')}|(?:{phrases()['participle']})\s+{article})\s+(?P<parent>[a-z][\w-]*))\b(?P<rest>.*)$", re.I | re.S)


def wanted_tables(text: str) -> int | None:
    """'gym database with three tables: …' → 3."""
    found = re.search(phrases()["table_count"], text, re.I)
    if found is None:
        return None
    count = found.group(1).lower()
    number = int(count) if count.isdigit() else phrases()["numbers"].get(count)
    return number if number and 2 <= number <= 10 else None


def listed_tables(text: str, wanted: int | None) -> list[Part] | None:
    """The tables of a list whose items say what they belong to (or, with `wanted`, a list of
    exactly that many things), parents first as listed; None when the text is no such list. The
    list may follow its subject's 'with' ('a vet clinic with owners, their pets and visits for
    each pet (…)')."""
    whole = lead().sub("", text)
    text = lead().sub("", _after_colon(text))  # 'bank with customers, their accounts and …'
    subject = re.match(r"(?:[a-z][\w-]*\s+){1,4}?with\s+(?=\S)", text, re.I)
    found = _listed(text, wanted)
    if found is None and subject is not None and (found := _listed(text[subject.end() :], wanted)) is not None:
        found = _with_owner(text[: subject.end()], text[subject.end() :], found)
    if found is None and whole != text and "(" in whole.split(":", 1)[0]:  # '… buoys (…) and the observations each buoy records: wave height, …'
        found = _listed(whole, wanted)
    return found


def _listed(text: str, wanted: int | None) -> list[Part] | None:
    items = _items(text, wanted)
    read = [_read(item) for item in items]
    if len(items) < 2 or (wanted and len(items) != wanted) or any(r is None for r in read):
        return None
    parts = _own_keys([r[0] for r in read if r is not None])
    keys = [part.key for part in parts]
    if len(set(keys)) < len(keys):
        return None
    said = False
    for index, (part, (_, parents, possessive)) in enumerate(zip(parts, (r for r in read if r is not None))):
        parents = keys[max(0, index - 2) : index] if parents == [_THEM] and index >= 2 else _referent(index, parents, keys, items)  # 'enrolments between them'
        named = [key for key in (_nearest(parent, keys) for parent in parents) if key in keys and key != part.key]
        named = list(dict.fromkeys([*named, *_named_in(items[index], keys, part.key)]))  # 'comments on cards (…)': the cards'; 'scores that a judge gives an entry': both
        said |= bool(named)
        part.parents = named or ([keys[index - 1]] if possessive and index else [])
        bracket = re.fullmatch(r"[^()]*\b(?:that|which|who)\b[^()]*\(([^()]+)\)\s*", part.text)
        if bracket:  # 'berth bookings that put a boat in a berth (arrival date, …)': the bookings' columns
            part.text = f"{part.table.replace('_', ' ')}: {bracket.group(1)}"
    if not said and not wanted:
        return None
    return parts


def _own_keys(parts: list[Part]) -> list[Part]:
    """'volunteers, skills and volunteer skills between them': a later thing whose key an earlier
    one has takes its two last words as its key (the junction of volunteers and skills)."""
    seen: set[str] = set()
    for part in parts:
        if part.key in seen and len(part.nouns) > 1 and part.nouns[-2] not in _FUNCTION and " ".join(part.nouns[-2:]) not in seen:
            part.key = " ".join(part.nouns[-2:])
        seen.add(part.key)
    return parts


def _nearest(key: str, keys: list[str]) -> str:
    """The listed key a parent's name means, allowing for a misspelling ('each family' after
    'famillies'): the key itself, else one that differs from it by a letter or two."""
    if key in keys:
        return key
    close = difflib.get_close_matches(key, keys, n=1, cutoff=0.85)
    return close[0] if close else key


def _named_in(item: str, keys: list[str], own: str) -> list[str]:
    """The other listed things an item's name says it is about ('comments on cards', 'bookings
    that put a boat in a berth')."""
    head, _, inside = item.lower().partition("(")
    named = [key for key in keys if key != own and re.search(rf"(?:^|[\s_(,]){re.escape(key.replace(' ', '_'))}(?:s|'s)?\b|\b{re.escape(key)}(?:s|'s)?\b", inside)]  # '(each pigeon's speed, …)': a column naming another thing
    before = r"(?:on|in|of|for|to|at|from|about|under|over|into|between|(?:that|which|who)\s+[a-z]+|(?<=\s)[a-z]{2,}[^s\W]s(?=\s+(?:an?|the|each|every|one)\s))\s+(?:(?:the|their|its|an?|each|every|one)\s+)?"
    return list(dict.fromkeys([*named, *(key for key in keys if key != own and re.search(rf"\b{before}{re.escape(key)}s?\b", head))]))


def _with_owner(subject: str, listed: str, parts: list[Part]) -> list[Part]:
    """'public aquariums with their tanks (…) and the fish living in each tank (…)': a list that
    starts with 'their' belongs to the subject before 'with', which is a table too."""
    owner = part_of(re.sub(r"\s+with\s*$", "", subject), strong=True) if re.match(rf"(?:{phrase('possessive')})\s", listed, re.I) else None
    if owner is None or owner.key in {part.key for part in parts}:
        return parts
    parts[0].parents = parts[0].parents or [owner.key]
    return [owner, *parts]


def _after_colon(text: str) -> str:
    """'esports tournament: teams, players …' → the list after the subject; so too after a first
    sentence that only names what the tables are for ('Normalised tables for a hotel chain. …')."""
    depth, cut = 0, -1
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and (char == ":" or (char == "." and text[index + 1 : index + 2] == " " and re.search(phrases()["naming_sentence"], text[:index], re.I))):
            cut = index
            break
    return text[cut + 1 :].strip()


def _items(text: str, wanted: int | None) -> list[str]:
    """The list's items, split at commas and 'and' outside brackets, until an item names its
    columns ('with …') or the wanted number is reached: the rest is the last item's, unless a
    comma and a determiner start another thing after the columns ('…, the shows in the catalogue
    with genre')."""
    masked = re.sub(r"\([^()]*\)", lambda m: "(" + "x" * (len(m.group()) - 2) + ")", text)
    masked = _BETWEEN.sub(lambda m: m.group()[:-3] + "___", masked)  # 'lessons between a tutor and a pupil' is one item
    items: list[str] = []
    start = 0
    for separator in _SEPARATOR.finditer(masked):
        if separator.start() < start:
            continue
        item = masked[start : separator.start()]
        if wanted and len(items) == wanted - 1:
            break
        if _COLUMNS_NEXT.match(masked, separator.end()):
            break  # 'the reservations of each club, with the date, …': the rest is this item's columns
        if _COLUMNS.search(item) and not (separator.group().startswith(",") and _NEXT_THING.match(masked, separator.end()) and _plural_next(masked[separator.end() :])):
            continue  # 'subscribers with their plan and signup date, the shows …': a comma and a determiner start the next thing
        items.append(text[start : separator.start()].strip())
        start = separator.end()
    rest = text[start:].strip(" .;")
    return [*items, rest] if rest else items


def _plural_next(rest: str) -> bool:
    """Whether the words after a comma and a determiner name things ('the shows in the catalogue'),
    not one more column of the item before ('…with the motion, the debate date and the winner')."""
    if re.match(r"an?\s", rest, re.I):  # 'and a watch history that links …' is a thing of its own, ', a price and stock' a column
        return bool(re.match(r"an?\s+(?:[\w-]+\s+){1,3}?(?:that|which|who|with|having|linking|listing|recording|\()", rest, re.I))
    head = re.split(r"\s+(?:of|they|we|it|each|every)\b", head_end().split(_SEPARATOR.split(rest, maxsplit=1)[0], maxsplit=1)[0], maxsplit=1, flags=re.I)[0]
    last = words(head.lower())[-1:] or [""]
    return singular(last[0]) != last[0]


_THEM = "<the two before>"


def _read(item: str) -> tuple[Part, list[str], bool] | None:
    """An item's table, the keys of what it says it belongs to, and whether it starts with
    'their' (it belongs to the item before)."""
    item = _TABLE_OF.sub("", item)  # 'a table for the kites entered at each festival (…)': the kites
    possessive = re.match(rf"(?:(?:each|all|both)\s+(?:with|having|has|have)\s+)?(?:{phrase('possessive')})\s+", item, re.I)  # 'recycling centres, each with their containers (…)'
    item = item[possessive.end() :] if possessive else item
    between = re.search(phrases()["between_them"], item, re.I)
    if between is not None:
        part = part_of(item[: between.start()] + item[between.end() :], strong=True)
        return (part, [_THEM], False) if part else None
    relative = re.match(phrases()["relative"], item, re.I)
    if relative is not None:
        return _relative(relative)
    found = _qualifier().match(item)
    if found is None or len(found.group("noun").split()) > 4:
        part = part_of(item, strong=True) or (thing_part(item.split("(")[0], item) if re.search(r"\(.+,|\(.+\)\s*$", item) else None)  # 'attendance (bags collected)'
        return (part, [], bool(possessive)) if part else None
    said = f"{found.group('noun')} {found.group('rest').lstrip(' ,;')}".strip()
    part = part_of(said, strong=True)
    if part is None and found.group("parent") and (part := thing_part(found.group("noun"), item)) is not None:
        part.text = item  # 'the daily sales of each store during 2024': the sales, read as they were said
    if part is None:
        return None
    if found.group("pair"):
        parents = [key_of(found.group("pair"))]
        part.pairs = list(parents)
    else:
        parents = [key_of(found.group(name)) for name in ("one", "two", "parent") if found.group(name)]
        parents = [_ONE if re.fullmatch(phrase("back_words"), parent) else parent for parent in parents]  # 'the families registered at each one'

    return part, parents, bool(possessive)


def _relative(found: re.Match[str]) -> tuple[Part, list[str], bool] | None:
    """'the pets they own (species, breed)', 'the van each one drives', 'the visits each pet makes
    to the vet (…)': the thing, with the columns in its brackets or after 'with'."""
    noun, rest = found.group("noun"), found.group("rest")
    noun = noun if singular(noun.split()[-1]) != noun.split()[-1] else plural(key_of(noun)).replace("_", " ")
    columns = re.search(r"\(.*|\bwith\b.*|:.*", rest)
    part = part_of(f"{noun} {columns.group() if columns else ''}".strip(), strong=True)
    if part is None:
        return None
    if not columns and series_said(rest):  # 'the number of coffees each café sells per day in 2024': a series of coffees per day for each café
        said = f"{found.group('noun')}{found.group('unit') or ''}{rest}"
        part.text = f"{said} for each {found.group('parent')}" if found.group("parent") else said
    parent, pronoun = found.group("parent"), found.group("pronoun")
    if parent:
        return part, [key_of(parent)], False
    return part, [_ONES if pronoun in ("they", "we", "you") else _ONE], False


_ONE, _ONES = "<the one before>", "<the ones before>"


def _referent(index: int, parents: list[str], keys: list[str], items: list[str]) -> list[str]:
    """What 'each one drives' or 'they make' refers to: the item before, for 'they' the nearest
    one said in the plural ('delivery drivers, the van each one drives and every delivery they
    make': the deliveries are the drivers')."""
    if parents not in ([_ONE], [_ONES]) or index == 0:
        return parents
    for before in range(index - 1, -1, -1):
        said = re.match(phrases()["relative"], items[before], re.I)
        noun = (said.group("noun") if said else items[before]).split("(")[0].split()
        if parents == [_ONE] or not noun or singular(noun[-1].lower()) != noun[-1].lower():
            return [keys[before]]
    return [keys[index - 1]]
