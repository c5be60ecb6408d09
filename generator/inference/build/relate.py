"""Relations that keep a row from contradicting itself, found from the columns' words
(data/relate.toml): end times after start times, high ≥ low, origin ≠ destination, a role per
person or place, dates present only for the rows they apply to, numbers that move together and
the hours people keep. Applied to finished column dicts, in place; a relation that would make
columns refer to each other in a circle is not added."""

from __future__ import annotations

import re
from statistics import NormalDist
from typing import Any

from generator.inference.build.arithmetic import accumulates, delays, late_fees, planned, rated, repeated, totals
from generator.inference.build.depends import groups, known_values, levels, nested, room_to_follow, set_by
from generator.inference.build.events import before, clock, event_nouns, in_order, later_events, life_events, sometimes, spans, time_pairs
from generator.inference.build.kinds import kinds
from generator.inference.build.links import Column, can_depend, free, identifier, retype, said, words
from generator.inference.build.presence import named_status, optional, presence
from generator.inference.build.races import races
from generator.inference.build.sports import sports
from generator.inference.knowledge.loader import data_file


def relate(columns: list[Column], text: str) -> None:
    """Add every relation the columns' words call for (see the module docstring)."""
    patterns = data_file("relate")
    event_nouns(columns, patterns)
    time_pairs(columns, patterns, text)
    before(columns, patterns, text)
    for step in (later_events, life_events, _price_bars, _differ, levels, known_values, groups, nested, _stem_ranges, _bounds, _funnels, _parts, _roles, presence, in_order, named_status, sometimes, _rate_totals, spans, totals, rated, planned, repeated, accumulates, delays, _grades, _follows, set_by, room_to_follow):
        step(columns, patterns)
    optional(columns, patterns, text)
    clock(columns, patterns, text)
    late_fees(columns, patterns, text)
    races(columns, patterns, text)
    sports(columns, patterns, text)


# --- bounds --------------------------------------------------------------------------------------


def _named(columns: list[Column], pattern: str, types: frozenset[str] | None = None) -> Column | None:
    """The first column of `types` (numbers when not given) whose words say `pattern`."""
    wanted = kinds().numeric if types is None else types
    return next((c for c in columns if c["type"] in wanted and said(pattern, words(c))), None)


def _price_bars(columns: list[Column], patterns: dict[str, Any]) -> None:
    """high ≥ open and close ≥ low in every row."""
    high, low = _named(columns, r"^(?:\w+ )?high(?: price)?$"), _named(columns, r"^(?:\w+ )?low(?: price)?$")
    sides = [c["name"] for c in (_named(columns, r"^(?:\w+ )?open(?:ing)?(?: price)?$"), _named(columns, r"^(?:\w+ )?clos(?:e|ing)(?: price)?$")) if c]
    if high and sides and free(high):
        _bound(columns, high, "at_least", sides)
    if low and sides and free(low):
        _bound(columns, low, "at_most", sides)
    if high and low and not sides and free(high):
        _bound(columns, high, "at_least", [low["name"]])


def _stem_ranges(columns: list[Column], patterns: dict[str, Any]) -> None:
    """salary to ≥ salary from, max temp ≥ min temp: the two ends of one range."""
    spec = patterns["stem_range"]
    highs, lows = _stems(columns, spec["high"]), _stems(columns, spec["low"])
    for stem, high in highs.items():
        low = lows.get(stem)
        if low is not None and low is not high and _kind(low) == _kind(high) and free(high):
            _bound(columns, high, "at_least", [low["name"]])


def _stems(columns: list[Column], pattern: str, types: frozenset[str] | None = None) -> dict[str, Column]:
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


def _bounds(columns: list[Column], patterns: dict[str, Any]) -> None:
    """Parts never exceed their whole: attendees ≤ capacity, goals ≤ shots, discount ≤ price. Each
    part is bound to the whole that shares most of its words (home goals ≤ home shots)."""
    for rule in patterns["bound"]:
        uppers = [c for c in columns if c["type"] in kinds().numeric and said(rule["upper"], words(c))]
        for column in [c for c in columns if rule.get("counts") and uppers and c["type"] == "boolean" and re.fullmatch(rf"(?:{rule['lower']})\w*", words(c))]:
            retype(column, {"type": "integer", "min": 0, **{k: uppers[0][k] for k in ("max", "distribution") if k in uppers[0]}, "mean": round(0.6 * uppers[0].get("mean", 50)),
                            "description": f"How many {words(column)}"})  # 'capacity, booked, attended': how many booked
        for lower in [c for c in columns if c["type"] in kinds().numeric and said(rule["lower"], words(c))]:
            upper = max((c for c in uppers if c is not lower), key=lambda c: len(set(words(c).split()) & set(words(lower).split())), default=None)
            if upper is not None and (upper["type"] == "percentage") == (lower["type"] == "percentage"):  # a % is no part of an amount
                _bound_pair(columns, rule, upper, lower)


def _bound_pair(columns: list[Column], rule: dict[str, Any], upper: Column, lower: Column) -> None:
    moving, key, other = (lower, "at_most", upper) if rule.get("lower_at_most") else (upper, "at_least", lower)
    if rule.get("same_range") and free(moving) and moving["type"] == other["type"]:
        moving.update({k: other[k] for k in ("min", "max", "mean", "distribution", "unit") if k in other})
    if free(moving):
        _bound(columns, moving, key, [other["name"]])
        if "gap" in rule and key in moving:
            moving["gap"] = list(rule["gap"])


def _funnels(columns: list[Column], patterns: dict[str, Any]) -> None:
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
                _bound(columns, later, "at_most", [earlier["name"]])


def funnel_stages(columns: list[Column], patterns: dict[str, Any]) -> list[list[tuple[Column, float]]]:
    """For each funnel of data/relate.toml with two or more stages among `columns`: (column, share
    of the stage before it) in funnel order, the shares of skipped stages multiplied in."""
    found = []
    for funnel in patterns["funnel"]:
        staged: list[tuple[Column, float]] = []
        share = 1.0
        for stage, stage_share in zip(funnel["stages"], funnel["shares"]):
            share *= stage_share
            column = next((c for c in columns if c not in [s for s, _ in staged] and said(stage, words(c))), None)
            if column is not None:
                staged.append((column, share if staged else 1.0))
                share = 1.0
        if len(staged) > 1:
            found.append(staged)
    return found


def _parts(columns: list[Column], patterns: dict[str, Any]) -> None:
    """'critical violations' ≤ 'violations count': a qualified count never exceeds its total."""
    spec = patterns["parts"]
    counts = [c for c in columns if c["type"] == "integer"]
    totals = _stems(counts, spec["totals"], frozenset({"integer"}))
    for part in counts:
        stem, qualified = re.subn(rf"\b(?:{spec['qualifiers']})\b", "", words(part))
        whole = totals.get(" ".join(stem.split())) if qualified else None
        whole = whole or next((c for c in counts if qualified and c is not part and words(c) == " ".join(stem.split())), None)
        if whole is not None and whole is not part and free(part):
            _bound(columns, part, "at_most", [whole["name"]])


def _grades(columns: list[Column], patterns: dict[str, Any]) -> None:
    """A letter grade follows the score: the grades split the score's range, best on top."""
    spec = patterns["grades"]
    numbers = kinds().numeric - {"year", "age"}
    score = _named(columns, rf"\b(?:final|total|overall|course|end of term)\b.*\b(?:{spec['score']})", numbers) or _named(columns, spec["score"], numbers)
    for grade in [c for c in columns if c["type"] == "category" and c.get("values") and set(c["values"]) <= set(spec["letters"])]:
        if score is None or not {"min", "max"} <= set(score) or len(grade["values"]) < 2 or not can_depend(columns, grade, score["name"]):
            continue
        order = sorted(grade["values"], key=spec["letters"].index)
        steps = _thresholds(score, [dict(zip(grade["values"], grade.get("weights") or [1] * len(order)))[g] for g in order])
        expression = f"'{order[-1]}'"
        for letter, threshold in reversed(list(zip(order, steps))):
            expression = f"'{letter}' if {score['name']} >= {round(threshold, 2):g} else ({expression})"
        retype(grade, {"type": "derived", "expression": expression})


def _thresholds(score: Column, weights: list[float]) -> list[float]:
    """Scores that split the rows into the grades' shares, best first (normal scores by their
    mean and spread, others evenly over the range)."""
    low, high = float(score["min"]), float(score["max"])
    shares = [sum(weights[: i + 1]) / sum(weights) for i in range(len(weights) - 1)]
    if score.get("distribution") == "normal" and score.get("mean") is not None and score.get("std"):
        spread = NormalDist(float(score["mean"]), float(score["std"]))
        return [min(high, max(low, spread.inv_cdf(1 - share))) for share in shares]
    return [high - (high - low) * share for share in shares]


def _bound(columns: list[Column], column: Column, key: str, others: list[str]) -> None:
    if all(can_depend(columns, column, name) for name in others):
        column[key] = others if len(others) > 1 else others[0]


# --- difference and roles -----------------------------------------------------------------------


def _differ(columns: list[Column], patterns: dict[str, Any]) -> None:
    """Origin ≠ destination, home ≠ away: the same stem with the two ends' words."""
    for rule in patterns["differ"]:
        labels = frozenset(c["type"] for c in columns) - kinds().numeric - kinds().moments - kinds().person - kinds().place - kinds().made - {"time", "boolean"}
        ends = [_stems(columns, rule[side], labels) for side in ("a", "b")]
        for stem, first in ends[0].items():
            second = ends[1].get(stem)
            if second is None or second is first or second["type"] != first["type"] or "differs_from" in second:
                continue
            if second["type"] == "category":
                second.update({key: first[key] for key in ("values", "weights") if key in first})
                second.pop("weights", None) if "weights" not in first else None
            if can_depend(columns, second, first["name"]):
                second["differs_from"] = first["name"]


def _roles(columns: list[Column], patterns: dict[str, Any]) -> None:
    """Two or more people (or places) named in a row: each gets its role, so they differ."""
    entity = re.compile(rf"\b(?:{patterns['roles']['entity_words']})\b")
    for family in (kinds().person, kinds().place):
        members = [c for c in columns if c["type"] in family]
        roles = {id(c): "_".join(entity.sub(" ", words(c)).split())[:30] for c in members}
        if len(set(roles.values())) < 2:
            continue
        for column in members:
            if roles[id(column)] and re.fullmatch(r"[a-z0-9_]+", roles[id(column)]):
                column["role"] = roles[id(column)]


# --- numbers that move together and hours people keep --------------------------------------------


def _rate_totals(columns: list[Column], patterns: dict[str, Any]) -> None:
    """total = daily rate × the days between the row's two dates (a rental, a stay)."""
    spec = patterns["rate_total"]
    rate = _named(columns, spec["rate"])
    end = next((c for c in columns if c["type"] == "date" and c.get("after")), None)
    total = next((c for c in columns if c["type"] in kinds().numeric and c is not rate and said(spec["total"], words(c))), None)
    if rate and end and total and total["type"] != "derived" and all(can_depend(columns, total, n) for n in (rate["name"], end["name"])):
        span = f"max({end['name']} - {end['after']}, 1)"
        retype(total, {"type": "derived", "expression": f"round({rate['name']} * {span}, 2)",
                       "description": f"{rate['name'].replace('_', ' ').capitalize()} times the days from {end['after']} to {end['name']}"}, ("name", "unit", "null_rate"))


def _numeric_made(column: Column) -> bool:
    """A column made by arithmetic ('discharge_date - admission_date': a length of stay in days),
    which a number may follow; not one made by choosing text ("'A' if score >= 80 else …")."""
    expression = column.get("expression", "") if column["type"] == "derived" else ""
    return bool(expression) and not re.search(r"['\"]|\bif\b|[<>=]", expression)


def _first_alternative(pattern: str, text: str) -> int:
    """The position in `pattern` ('a|b|c') of the first alternative found in the text."""
    return next((i for i, alternative in enumerate(pattern.split("|")) if said(alternative, text)), len(pattern))


def _follows(columns: list[Column], patterns: dict[str, Any]) -> None:
    unit_price = re.compile(rf"\bper (?:{'|'.join(u['per'] for u in patterns['unit_price'])})\b")  # a price per kg does not grow with the weight
    for rule in patterns["follows"]:
        for y in [c for c in columns if c["type"] in kinds().numeric - {"year"} and free(c) and said(rule["y"], words(c)) and not identifier(c) and not unit_price.search(words(c))]:
            xs = [c for c in columns if c is not y and (c["type"] in kinds().numeric or _numeric_made(c)) and said(rule["x"], words(c)) and not said(rule["y"], words(c)) and not identifier(c)]
            x = min(xs, key=lambda c: _first_alternative(rule["x"], words(c)), default=None)  # the rule's first word it names: floor area before rooms
            if x is not None and said(patterns["per_unit"]["counts"], words(x)) and said(patterns["per_unit"]["words"], words(y)):
                continue  # a unit price does not grow with the quantity
            if x is not None and can_depend(columns, y, x["name"]):
                y.update({"correlate_with": x["name"], "correlation": rule["r"]})
