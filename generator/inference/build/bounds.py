"""Numbers that bound each other in a row, found from the columns' words (data/relate.toml):
high ≥ open and close ≥ low, the ends and middle of one range, parts within their whole
(attendees ≤ capacity, defective units ≤ units inspected, a fee within the amount), funnels and a
total that is its subtotal plus what is added to it. Applied to finished column dicts, in place."""

from __future__ import annotations

import re
from typing import Any

from generator.inference.build.kinds import kinds
from generator.inference.build.links import Column, can_depend, free, identifier, retype, said, words


def named(columns: list[Column], pattern: str, types: frozenset[str] | None = None) -> Column | None:
    """The first column of `types` (numbers when not given) whose words say `pattern`."""
    wanted = kinds().numeric if types is None else types
    return next((c for c in columns if c["type"] in wanted and said(pattern, words(c))), None)


def price_bars(columns: list[Column], patterns: dict[str, Any]) -> None:
    """high ≥ open and close ≥ low in every row."""
    high, low = named(columns, r"^(?:\w+ )?high(?: price)?$"), named(columns, r"^(?:\w+ )?low(?: price)?$")
    sides = [c["name"] for c in (named(columns, r"^(?:\w+ )?open(?:ing)?(?: price)?$"), named(columns, r"^(?:\w+ )?clos(?:e|ing)(?: price)?$")) if c]
    if high and sides and free(high):
        bound(columns, high, "at_least", sides)
    if low and sides and free(low):
        bound(columns, low, "at_most", sides)
    if high and low and not sides and free(high):
        bound(columns, high, "at_least", [low["name"]])


def stem_ranges(columns: list[Column], patterns: dict[str, Any]) -> None:
    """salary to ≥ salary from, max temp ≥ min temp, max speed ≥ average speed, peak heart rate ≥
    resting heart rate: the ends (and the middle) of one range, each tier at least the one below."""
    spec = patterns["stem_range"]
    tiers = [stems(columns, spec[tier]) for tier in ("low", "middle", "high")]
    for stem in dict.fromkeys(stem for tier in tiers for stem in tier):
        chain = [c for c in (tier.get(stem) for tier in tiers) if c is not None]
        if said(spec["downward"], stem) and all(said(spec["flips"], words(c)) for c in chain):
            chain.reverse()  # a depth's bottom is deeper than its top
        for below, above in zip(chain, chain[1:]):
            if above is not below and _kind(below) == _kind(above) and orderable(above):
                bound(columns, above, "at_least", [below["name"]])


def stems(columns: list[Column], pattern: str, types: frozenset[str] | None = None) -> dict[str, Column]:
    """Columns (numbers and moments when `types` is not given) by what is left of their words once
    `pattern`'s words are taken out."""
    wanted = kinds().numeric | kinds().moments | {"time"} if types is None else types
    found: dict[str, Column] = {}
    for column in columns:
        if column["type"] in wanted:
            stem, count = re.subn(rf"\b(?:{pattern})\b", "", words(column))
            if count:
                found.setdefault(" ".join(stem.split()), column)
    return found


def _kind(column: Column) -> str:
    return "number" if column["type"] in kinds().numeric else column["type"]


def bounds(columns: list[Column], patterns: dict[str, Any]) -> None:
    """Parts never exceed their whole: attendees ≤ capacity, goals ≤ shots, discount ≤ price. Each
    part is bound to the whole that shares most of its words (home goals ≤ home shots)."""
    for rule in patterns["bound"]:
        uppers = [c for c in columns if c["type"] in kinds().numeric and said(rule["upper"], words(c))]
        for column in [c for c in columns if rule.get("counts") and uppers and c["type"] == "boolean" and re.fullmatch(rf"(?:{rule['lower']})\w*", words(c))]:
            retype(column, {"type": "integer", "min": 0, **{k: uppers[0][k] for k in ("max", "distribution") if k in uppers[0]}, "mean": round(0.6 * uppers[0].get("mean", 50)),
                            "description": f"How many {words(column)}"})  # 'capacity, booked, attended': how many booked
        capped = patterns["limit"]["limit"]
        for lower in [c for c in columns if c["type"] in kinds().numeric and said(rule["lower"], words(c)) and not said(capped, words(c))]:  # 'group size limit' is no part of 'places sold'
            upper = max((c for c in uppers if c is not lower), default=None,  # the nearest whole: 'goals' ≤ 'shots on target' (itself ≤ 'shots')
                        key=lambda c: (len(set(words(c).split()) & set(words(lower).split())), said(rule["lower"], words(c))))
            if upper is not None and (upper["type"] == "percentage") == (lower["type"] == "percentage") and _same_unit(upper, lower):  # a % is no part of an amount
                _bound_pair(columns, rule, upper, lower)


def _same_unit(one: Column, other: Column) -> bool:
    """Whether two numbers may be compared: the same unit, or one of them has none said, or both
    money (a concept's dollars beside a stated euro: the table gets one currency)."""
    units = (str(one.get("unit", "")), str(other.get("unit", "")))
    return not all(units) or units[0] == units[1] or all(re.fullmatch(r"[A-Z]{3}", unit) for unit in units)


def sums(columns: list[Column], patterns: dict[str, Any]) -> None:
    """total = subtotal + fee + tip - discount: a total beside its base and what is added to it."""
    spec = patterns["sum"]
    money = [c for c in columns if c["type"] in kinds().numeric - {"percentage", "year", "age"} and c.get("unit")]
    total = next((c for c in money if free(c) and re.fullmatch(spec["total"], words(c))), None)
    base = next((c for c in money if c is not total and re.fullmatch(spec["base"], words(c))), None)
    if total is None or base is None:
        return
    same = [c for c in money if c not in (total, base) and c["unit"] == total["unit"]]
    adds, minus = [c for c in same if said(spec["add"], words(c))], [c for c in same if said(spec["minus"], words(c)) and not said(spec["add"], words(c))]
    if adds and base["unit"] == total["unit"] and all(can_depend(columns, total, c["name"]) for c in [base, *adds, *minus]):
        expression = " + ".join(c["name"] for c in [base, *adds]) + "".join(f" - {c['name']}" for c in minus)
        retype(total, {"type": "derived", "expression": f"round({expression}, 2)",
                       "description": expression.replace("_", " ").capitalize()}, ("name", "unit", "null_rate"))


def _bound_pair(columns: list[Column], rule: dict[str, Any], upper: Column, lower: Column) -> None:
    moving, key, other = (lower, "at_most", upper) if rule.get("lower_at_most") else (upper, "at_least", lower)
    if rule.get("same_range") and free(moving) and moving["type"] == other["type"]:
        moving.update({k: other[k] for k in ("min", "max", "mean", "distribution", "unit") if k in other})
    if orderable(moving):
        bound(columns, moving, key, [other["name"]])
        if "gap" in rule and key in moving:
            moving["gap"] = list(rule["gap"])


def funnels(columns: list[Column], patterns: dict[str, Any]) -> None:
    """Each stage of a funnel at most the nearest earlier stage (clicks ≤ impressions), its mean
    the stage's usual share of the one before."""
    counts = [c for c in columns if c["type"] in kinds().numeric - {"year", "age"} | {"series_value", "boolean"} and c.get("model") != "walk"]
    for staged in funnel_stages(counts, patterns):
        for column, _ in staged[1:]:
            if column["type"] == "boolean" and staged[0][0]["type"] == "integer" and len(words(column).split()) == 1:  # 'emails sent, opened, clicked': how many opened
                retype(column, {"type": "integer", "min": 0, "max": staged[0][0].get("max", 1000), "distribution": "lognormal", "mean": 1,
                                "description": words(column).capitalize()})
        staged = [(c, share) for c, share in staged if c["type"] != "boolean"]  # a row's own yes/no steps (opened, clicked) stay yes/no
        for (earlier, _), (later, share) in reversed(list(zip(staged, staged[1:]))):
            if isinstance(earlier.get("mean"), int | float) and isinstance(later.get("mean"), int | float):
                earlier["mean"] = max(earlier["mean"], type(earlier["mean"])(round(later["mean"] / share, 1)))
            if isinstance(earlier.get("max"), int | float) and isinstance(later.get("max"), int | float):
                earlier["max"] = max(earlier["max"], later["max"], type(earlier["max"])(2.5 * earlier.get("mean", 0)))
        for (earlier, _), (later, _) in zip(staged, staged[1:]):
            if later.get("at_most") is not None and later.get("at_most") == earlier.get("at_most"):
                del later["at_most"]  # attended ≤ booked, which is ≤ capacity
            if free(later) or later["type"] == "series_value" and not {"at_least", "at_most"} & set(later):
                bound(columns, later, "at_most", [earlier["name"]])


def funnel_stages(columns: list[Column], patterns: dict[str, Any]) -> list[list[tuple[Column, float]]]:
    """For each funnel of data/relate.toml with two or more stages among `columns`: (column, share
    of the stage before it) in funnel order, the shares of skipped stages multiplied in."""
    found = []
    for funnel in patterns["funnel"]:
        staged: list[tuple[Column, float]] = []
        share = 1.0
        for stage, stage_share in zip(funnel["stages"], funnel["shares"]):
            share *= stage_share
            column = next((c for c in columns if c not in [s for s, _ in staged] and said(stage, words(c)) and (not staged or _period(c) == _period(staged[0][0]))
                           and c.get("unit") not in ("seconds", "minutes", "hours", "days", "weeks", "months", "years")), None)  # 'months since last visit' is no count of visits
            if column is not None:
                staged.append((column, share if staged else 1.0))
                share = 1.0
        if len(staged) > 1:
            found.append(staged)
    return found


def _period(column: Column) -> str:
    """The period a count is over ('visits per week': week), '' for none: orders a month are no
    stage of visits a week."""
    found = re.search(r"\b(?:per|a|each|every) (day|week|month|year)\b|\b(dai|week|month|year)ly\b", words(column))
    return (found.group(1) or found.group(2)) if found else ""


def parts(columns: list[Column], patterns: dict[str, Any]) -> None:
    """'critical violations' ≤ 'violations count': a qualified count never exceeds its total."""
    spec = patterns["parts"]
    counts = [c for c in columns if c["type"] == "integer"]
    totals = stems(counts, spec["totals"], frozenset({"integer"}))
    for part in counts:
        stem, qualified = re.subn(rf"\b(?:{spec['qualifiers']})\b", "", words(part))
        whole = totals.get(" ".join(stem.split())) if qualified else None
        whole = whole or next((c for c in counts if qualified and c is not part and words(c) == " ".join(stem.split())), None)
        whole = whole or (totals.get(words(part)) if said(spec["most"], words(totals.get(words(part)) or part)) else None)  # 'score' <= 'maximum possible score'
        if whole is not None and whole is not part and free(part):
            bound(columns, part, "at_most", [whole["name"]])
    _drawn_from(columns, spec)


def _drawn_from(columns: list[Column], spec: dict[str, Any]) -> None:
    """'defective units' ≤ 'units inspected', 'roasted weight' ≤ 'green coffee weight': a number
    that shares a word with one named as its whole, and adds a word of its own, is a part of it."""
    numbers = [c for c in columns if c["type"] in kinds().numeric - {"year", "age", "percentage"} and not identifier(c)]
    whole_word = re.compile(rf"\b(?:{spec['wholes']})\b")
    ignore = set(spec["ignore"].split("|"))
    for flag in [c for c in columns if c["type"] == "boolean" and re.fullmatch(rf"(?:\w+ )*\w+s (?:{spec['wholes']})", words(c))]:
        counted = next((c for c in numbers if c["type"] == "integer" and words(flag).split()[-2] in words(c).split()), None)
        if counted is not None:  # 'sacks ordered' beside 'damaged sacks': how many sacks were ordered
            retype(flag, {"type": "integer", "min": 0, "max": max(10, 5 * counted.get("max", 20)), "distribution": "lognormal",
                          "mean": max(5, 5 * counted.get("mean", 3)), "description": words(flag).capitalize()})
            numbers.append(flag)
    _remains(columns, numbers, spec)
    for whole in [c for c in numbers if whole_word.search(words(c))]:
        rest = set(whole_word.sub(" ", words(whole)).split()) - ignore
        for part in numbers:
            own = set(words(part).split()) - ignore
            if part is whole or whole_word.search(words(part)) or not rest & own or not own - rest or part.get("unit", "") != whole.get("unit", ""):
                continue
            if part.get("unit") and free(part) and can_depend(columns, part, whole["name"]):
                part.update({"correlate_with": whole["name"], "correlation": spec["r"]})
            if orderable(part):
                bound(columns, part, "at_most", [whole["name"]])


def _remains(columns: list[Column], numbers: list[Column], spec: dict[str, Any]) -> None:
    """'finished weight' beside 'gather weight', 'dried weight' beside 'fresh weight': what is left
    after working a thing never exceeds what it was, in the same unit, and follows it."""
    done = re.compile(rf"\b(?:{spec['remains']})\b")
    ignore = set(spec["ignore"].split("|"))
    for part in [c for c in numbers if done.search(words(c))]:
        own = set(done.sub(" ", words(part)).split()) - ignore
        whole = next((c for c in numbers if c is not part and not done.search(words(c)) and own & set(words(c).split()) and c.get("unit", "") == part.get("unit", "")), None)
        if whole is None or not can_depend(columns, part, whole["name"]):
            continue
        if free(part):
            part.update({"correlate_with": whole["name"], "correlation": spec["r"]})
        if orderable(part):
            bound(columns, part, "at_most", [whole["name"]])


def orderable(column: Column) -> bool:
    """A column that may still be kept above or below another: its own values (a number that
    follows another is still drawn, then moved into order), not ordered yet."""
    return column["type"] not in kinds().made and not {"after", "at_least", "at_most"} & set(column)


def bound(columns: list[Column], column: Column, key: str, others: list[str]) -> None:
    if all(can_depend(columns, column, name) for name in others):
        column[key] = others if len(others) > 1 else others[0]


def shares(columns: list[Column], patterns: dict[str, Any]) -> None:
    """'defect rate' = defective units / units inspected × 100: a percentage named after a part
    kept within its whole (or, with a word of filling, after the table's one such pair)."""
    spec = patterns["share"]
    pairs = [(c, w) for c in columns for w in columns if c["type"] in kinds().numeric - {"percentage"} and c.get("at_most") == w["name"] and w["type"] in kinds().numeric - {"percentage"}]
    for share in [c for c in columns if c["type"] == "percentage" and free(c)]:
        own = [w for w in re.sub(rf"\b(?:{spec['words']})\b", " ", words(share)).split() if len(w) >= 4]
        named = [(part, whole) for part, whole in pairs if _near(own, part)] or [(part, whole) for part, whole in pairs if _near(own, whole)]
        if not named and len(pairs) == 1 and said(spec["fill"], words(share)):
            named = pairs
        if len(named) != 1:
            continue
        part, whole = named[0]
        if (share.get("min", 0), share.get("max", 100)) != (0, 100) and part["type"] not in kinds().made:  # a share of its own size (loan to value 20-97%): the part is the whole's share
            retype(part, {"type": "derived", "expression": f"round({whole['name']} * {share['name']} / 100, {0 if part['type'] == 'integer' else 2})",
                          "description": f"{words(whole).capitalize()} times {words(share)}"}, ("name", "unit", "null_rate"))
        elif all(can_depend(columns, share, c["name"]) for c in named[0]):
            rest = said(spec["complement"], words(share))  # 'weight loss %': what the part lacks of the whole
            retype(share, {"type": "derived", "expression": f"round({'100 - ' if rest else ''}100 * {part['name']} / max({whole['name']}, 1), 1)", "unit": "%",
                           "description": f"{'The rest of ' if rest else ''}{words(part)} as a share of {words(whole)} (%)".capitalize()}, ("name", "null_rate"))


def _near(own: list[str], column: Column) -> bool:
    """Whether a word of `own` starts like a word of the column's ('defect' and 'defective')."""
    return any(w[:4] == v[:4] for w in own for v in words(column).split() if len(v) >= 4)
