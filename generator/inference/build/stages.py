"""Numbers of one thing kept in order by the shape of their names (data/relate.toml [limit] and
[stages]), for nouns no pattern knows: a limit bounds every number of what it limits (test load ≤
design load, broken wires found ≤ broken wires allowed), the highest of a thing bounds its other
takings and the lowest is below them (launch altitude ≤ max altitude), and counts of one plural
noun said with what was done to them are stages of one flow in the order named (eggs taken ≥ eggs
fertilised, words attempted ≥ words spelled correctly). Applied to finished column dicts, in place."""

from __future__ import annotations

import re
from typing import Any

from generator.inference.build.bounds import bound, orderable
from generator.inference.build.kinds import kinds
from generator.inference.build.links import Column, identifier, retype, words
from generator.inference.knowledge.loader import data_file


def limits(columns: list[Column], patterns: dict[str, Any]) -> None:
    """A limit, then the highest and the lowest of a thing, each bounding the other numbers whose
    words hold all of its own (once the limit's or the end's word and units are left out)."""
    spec, ignore = patterns["limit"], set(patterns["parts"]["ignore"].split("|"))
    numbers = [c for c in columns if c["type"] in kinds().numeric and not identifier(c)]
    marked = re.compile(rf"\b(?:{spec['limit']}|{spec['highest']}|{spec['lowest']})\b")
    for word, key in ((spec["limit"], "at_most"), (spec["highest"], "at_most"), (spec["lowest"], "at_least")):
        for end in [c for c in numbers if re.search(rf"\b(?:{word})\b", words(c))]:
            stem = set(marked.sub(" ", words(end)).split()) - ignore
            for other in numbers:
                if other is end or not stem or not stem <= set(words(other).split()) or not _alike(end, other):
                    continue
                if key == "at_most" and re.search(rf"\b(?:{spec['limit']})\b", words(other)) or marked.search(words(other)) and word != spec["limit"]:
                    continue  # a limit is bounded by no other; the highest bounds only unmarked takings
                if orderable(other):
                    bound(columns, other, key, [end["name"]])


def _alike(one: Column, other: Column) -> bool:
    """Two numbers that may be compared: both shares or neither, in one unit (or one unsaid)."""
    same_unit = not (one.get("unit") and other.get("unit")) or one["unit"] == other["unit"]
    return same_unit and (one["type"] == "percentage") == (other["type"] == "percentage")


def stages(columns: list[Column], patterns: dict[str, Any]) -> None:
    """Counts of one plural noun, each said with what was done to them or how they ended up, are
    stages of one flow: each at most the one named before it, and a kind of the noun ('cracked
    eggs') at most the first. Opposite pairs (scored and conceded, sent and received) are two
    flows, not stages."""
    spec = patterns["stages"]
    done = rf"{spec['done']}|{data_file('shapes')['participles']}"
    opposite = [set(pair.split("|")) for pair in spec["opposites"]]
    counts = [c for c in columns if c["type"] in ("integer", "decimal") and not identifier(c)]  # eggs laid, hours booked
    _counted_kinds(columns, counts, patterns)
    exits = data_file("wholes")["exits"]["words"]
    for noun in dict.fromkeys(w for c in counts for w in words(c).split() if re.fullmatch(spec["plural"], w)):
        staged = [c for c in counts if words(c).split()[0] == noun and _qualifier(c, noun)]
        measures = [c for c in columns if c["type"] in kinds().numeric and (words(c).endswith(f" in {noun}") or c.get("unit") == noun) and c not in staged]
        kinds_of = [c for c in counts if words(c).split()[-1] == noun and words(c).split()[0] != noun and c not in measures]  # 'cracked eggs': a kind, within the first stage
        if measures:  # 'book length in pages' holds the pages read, 'leave entitlement (days)' the days taken and booked
            for part in [c for c in staged if orderable(c)]:
                bound(columns, part, "at_most", [measures[0]["name"]])
            continue
        if not staged or not re.fullmatch(done, _qualifier(staged[0], noun).split()[0]) or len(staged) + len(kinds_of) < 2:
            continue
        for later in [*staged[1:], *kinds_of]:
            index = staged.index(later) if later in staged else len(staged)
            flowing = [c for c in staged[:index] if not re.search(rf"\b(?:{exits})\b", _qualifier(c, noun))]
            leaves = later not in staged or re.search(rf"\b(?:{exits})\b", _qualifier(later, noun))
            earlier = staged[0] if leaves or not flowing else flowing[-1]  # what left the flow left its first stage
            said = set(_qualifier(earlier, noun).split()) | set(_qualifier(later, noun).split())
            if any(len(said & pair) == 2 for pair in opposite):
                break
            if orderable(later):
                bound(columns, later, "at_most", [earlier["name"]])


def _qualifier(column: Column, noun: str) -> str:
    return " ".join(w for w in words(column).split() if w != noun)


def _counted_kinds(columns: list[Column], counts: list[Column], patterns: dict[str, Any]) -> None:
    """'mature eggs' beside 'eggs retrieved': a kind of a counted plural noun that no type placed
    (made-up codes) is counted too, like the noun it narrows."""
    codes = patterns["event_noun"]["codes"]
    for column in [c for c in columns if c["type"] == "category" and c.get("values") and all(re.match(codes, str(v)) for v in c["values"])]:
        noun = words(column).split()[-1]
        like = next((c for c in counts if noun in words(c).split()[:1]), None)
        if like is not None and len(words(column).split()) == 2 and re.fullmatch(patterns["stages"]["plural"], noun):
            retype(column, {k: like[k] for k in ("type", "min", "max", "distribution", "mean") if k in like})
            counts.append(column)
    counts.sort(key=columns.index)
