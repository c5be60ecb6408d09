"""Tables from what the users of an app or business do, with no word 'table': 'On our carpool app
passengers request rides, drivers accept them, …', 'teachers create quizzes (…), students take
them', 'farmers post lots (…), restaurants reserve lots'. Each clause has a plural subject, a verb
and a plural object (or 'them', the object before). The subject of a new object is its parent
(passengers' rides); a later subject acting on a thing already named refers to it too (a ride's
driver), or, when the verb names an event (reserve → reservations), makes the table of that event
between the two. A sentence per thing ('ride: pickup time, …') gives its columns; a thing such a
sentence names that no clause does is the last clause's event ('students take them. attempt:
score, minutes'). Two clauses at least, and three things. And a table a verb says links two others ('timetable
entries that link a route to a stop')."""

from __future__ import annotations

import re
from functools import cache

from generator.inference.build.things import Part, key_of, part_of, phrase, phrases, plural
from generator.inference.text import singular, words


@cache
def _act() -> re.Pattern[str]:
    return re.compile(phrases()["act"], re.I)


def acted(text: str, sections: dict[str, str]) -> list[Part] | None:
    """The tables the clauses of `text` say, with the columns of `sections` (thing key → 'things:
    columns'), parents first; None when fewer than two clauses or three things are said."""
    clauses: list[re.Match[str]] = []
    for found in _act().finditer(text):  # the pattern looks ahead, so clauses may start inside a rejected one
        if _clause(found) and (not clauses or found.start() >= clauses[-1].end("what")):
            clauses.append(found)
    if len(clauses) < 2:
        return None
    parts: dict[str, Part] = {}
    last: tuple[Part, Part, bool] | None = None
    for index, clause in enumerate(clauses):
        end = clauses[index + 1].start() if index + 1 < len(clauses) else len(text)
        who = _thing(clause.group("who"), "", parts)
        what = last[1] if clause.group("what").lower() == "them" and last else _thing(clause.group("what"), text[clause.start("what") : end], parts)
        if who is None or what is None or who.key == what.key:
            return None
        event = phrases()["event_nouns"].get(_stem(clause.group("verb")))
        if what.parents and event and event not in {p.table for p in parts.values()}:
            between = Part(singular(event), event, f"{event}{_columns(text[clause.end('what') : end])}", [who.key, what.key])
            parts[between.key] = between
        elif who.key not in what.parents:
            what.parents.append(who.key)
        last = (who, what, bool(event))
    if len(parts) < 3:
        return None
    _sectioned(parts, sections, last)
    return list(parts.values())


def _clause(found: re.Match[str]) -> bool:
    verb, who, what = (found.group(name).lower() for name in ("verb", "who", "what"))
    stop_verbs, stop_things = set(phrases()["act_not_verbs"]), set(phrases()["act_not_things"])
    if verb in stop_verbs or verb.endswith(("ed", "ing")) or (verb.endswith("s") and not verb.endswith("ss")):
        return False
    return not ({who.split()[-1], what.split()[-1]} & stop_things) and singular(who.split()[-1]) != who.split()[-1]


def _thing(noun: str, said: str, parts: dict[str, Part]) -> Part | None:
    part = part_of(noun, strong=True)
    if part is None:
        return None
    if part.key in parts:
        return parts[part.key]
    part.text = f"{part.table.replace('_', ' ')}{_columns(said[len(noun):])}" if said else part.table.replace("_", " ")
    parts[part.key] = part
    return part


def _columns(rest: str) -> str:
    """' with a title and a subject' or ' (crop, kilos, …)' right after the object: its columns."""
    rest = re.sub(r"[\s,;]*(?:and|then)?\s*$", "", rest)  # up to the next clause
    found = re.match(r"\s*(?:,\s*)?(?:of\s+[^(),.;]*?)?(\([^()]*\)|\s(?:with|having|including)\s+[^.;()]*?)(?=\s*(?:[.;]|$))", rest, re.I)
    if not found:
        return ""
    said = found.group(1).strip()
    return f": {said[1:-1]}" if said.startswith("(") else f" {said}"


def _stem(verb: str) -> str:
    verb = verb.lower()
    nouns = phrases()["event_nouns"]
    return verb if verb in nouns else verb[:-1] if verb.endswith("e") and verb[:-1] in nouns else verb


def _sectioned(parts: dict[str, Part], sections: dict[str, str], last: tuple[Part, Part, bool] | None) -> None:
    for key, said in sections.items():
        found = parts.get(key) or next((p for p in parts.values() if p.key.split()[-1] == key.split()[-1]), None)
        if found is not None:
            found.text = f"{found.table.replace('_', ' ')}: {said.split(': ', 1)[-1]}"
        elif last is not None and not last[2] and re.fullmatch(r"[a-z]+", key):
            who, what, _ = last
            if who.key in what.parents:
                what.parents.remove(who.key)  # 'students take them. attempt: …': the attempts link them
            event = Part(key, said.split(":", 1)[0].replace(" ", "_"), said, [who.key, what.key])
            parts[event.key] = event


@cache
def _link() -> re.Pattern[str]:
    """'timetable entries that link a route to a stop': a table between two others (many to many)."""
    return re.compile(
        r"(?:^|[:,;]\s*(?:and\s+)?|\s+and\s+)((?:(?!and\b|or\b)[a-z][\w-]*\s+){0,2}[a-z][\w-]*s)\s+(?:that|which|to)?\s*"
        rf"(?:{phrase('link_verbs')})\s+(?:an?|each|the|one)?\s*([a-z][\w-]*)\s+(?:to|with|and)\s+(?:an?|each|the|one)?\s*([a-z][\w-]*)\b(.*)$", re.I)


def linking(text: str) -> list[Part] | None:
    """'routes, stops, and timetable entries that link a route to a stop with a scheduled
    arrival time': the two things, and a table between them with a key to each."""
    found = _link().search(text)
    if found is None:
        return None
    ends = [part_of(plural(key_of(noun)), strong=True) for noun in (found.group(2), found.group(3))]
    tokens = words(found.group(1))
    if any(end is None for end in ends) or not tokens or ends[0].key == ends[1].key:  # type: ignore[union-attr]
        return None
    first, second = ends[0], ends[1]
    assert first is not None and second is not None  # checked above
    between = Part(key_of(" ".join(tokens)), "_".join(tokens), f"{found.group(1)}{found.group(4)}".strip(), [first.key, second.key])
    return [first, second, between]
