"""Relations that keep a row from contradicting itself, found from the columns' words
(data/relate.toml): end times after start times, bounds (build/bounds.py), origin ≠ destination, a role per
person or place, dates present only for the rows they apply to, numbers that move together and
the hours people keep. Applied to finished column dicts, in place; a relation that would make
columns refer to each other in a circle is not added."""

from __future__ import annotations

import re
from statistics import NormalDist
from typing import Any

from generator.inference.build.arithmetic import accumulates, delays, lasting, late_fees, planned, rated, repeated, totals
from generator.inference.build.bounds import bounds, funnels, named, parts, price_bars, shares, stem_ranges, stems, sums
from generator.inference.build.depends import branches, car_facts, diagnoses_by_ward, groups, known_values, levels, listed_sets, nested, pay_by_title, room_to_follow, set_by
from generator.inference.build.events import before, clock, event_ages, event_nouns, in_order, later_events, life_events, made_years, previous_first, sometimes, spans, time_pairs
from generator.inference.build.growth import grown
from generator.inference.build.kinds import kinds
from generator.inference.build.links import Column, can_depend, free, identifier, retype, said, words
from generator.inference.build.portions import careers, portions, stated_rates
from generator.inference.build.presence import flagged, named_status, optional, presence
from generator.inference.build.races import races
from generator.inference.build.scale import numbered_totals, scaled
from generator.inference.build.sports import sports
from generator.inference.build.stages import limits, stages
from generator.inference.build.twins import twins
from generator.inference.build.wholes import caps, families, wholes
from generator.inference.knowledge.loader import data_file


def relate(columns: list[Column], text: str, goal: str | None = None) -> None:
    """Add every relation the columns' words call for (see the module docstring); `goal` is what
    the description asks to predict."""
    patterns = data_file("relate")
    _passes(columns, patterns["grades"], goal)
    families(columns, patterns)
    caps(columns, patterns, text)
    twins(columns)
    event_nouns(columns, patterns)
    time_pairs(columns, patterns, text)
    before(columns, patterns, text)
    for step in (later_events, life_events, price_bars, _differ, levels, known_values, groups, nested, stem_ranges, sums, bounds, funnels, parts, limits, stages, wholes, shares, _roles, presence, previous_first, in_order, named_status, flagged, sometimes, _rate_totals, spans, totals, rated, planned, repeated, _ages, event_ages, accumulates, delays, lasting, _grades, _follows, _siblings, portions, careers, set_by, room_to_follow, numbered_totals, scaled, made_years):
        step(columns, patterns)
    listed_sets(columns, patterns, text)
    grown(columns, text)
    _grade_ages(columns, patterns, text)
    optional(columns, patterns, text)
    clock(columns, patterns, text)
    late_fees(columns, patterns, text)
    races(columns, patterns, text)
    sports(columns, patterns, text)
    _not_yet(columns)
    car_facts(columns, patterns, text)
    pay_by_title(columns, patterns, text)
    diagnoses_by_ward(columns, patterns, text)
    stated_rates(columns, patterns, text)
    branches(columns, patterns, text)


def _not_yet(columns: list[Column]) -> None:
    """A date that only some rows have (a termination, a resolution) is empty where it would fall
    after the day the row's first date runs to (today): it has not happened yet. Not one a status
    governs (`present_when`): a delivered parcel has its delivery date."""
    ends = {c["name"]: c["end"] for c in columns if c["type"] == "date" and c.get("end") and not c.get("after")}
    for column in columns:
        if column["type"] == "date" and column.get("after") in ends and column.get("null_rate", 0) > 0 and "present_when" not in column:
            column["until"] = ends[column["after"]]


# --- grades -------------------------------------------------------------------------------------


def _grades(columns: list[Column], patterns: dict[str, Any]) -> None:
    """A letter grade follows the score: the grades split the score's range, best on top. An
    earlier grade ('previous grade') came before the score and does not follow it."""
    spec = patterns["grades"]
    score = _score(columns, spec)
    for grade in [c for c in columns if c["type"] == "category" and c.get("values") and set(c["values"]) <= set(spec["letters"]) and not _earlier(c)]:
        if score is None or not {"min", "max"} <= set(score) or len(grade["values"]) < 2 or not can_depend(columns, grade, score["name"]):
            continue
        order = sorted(grade["values"], key=spec["letters"].index)
        steps = _thresholds(score, [dict(zip(grade["values"], grade.get("weights") or [1] * len(order)))[g] for g in order])
        expression = f"'{order[-1]}'"
        for letter, threshold in reversed(list(zip(order, steps))):
            expression = f"'{letter}' if {score['name']} >= {round(threshold, 2):g} else ({expression})"
        retype(grade, {"type": "derived", "expression": expression})


def _earlier(column: Column) -> bool:
    """A taking before the row's own ('previous grade', 'prior score')."""
    return re.search(rf"\b(?:{data_file('shapes')['earlier_things']})\b", words(column)) is not None


def _score(columns: list[Column], spec: dict[str, Any]) -> Column | None:
    """The row's score now (a final one first), not an earlier one ('previous score')."""
    now = [c for c in columns if not _earlier(c)]
    numbers = kinds().numeric - {"year", "age"}
    return named(now, rf"\b(?:final|total|overall|course|end of term)\b.*\b(?:{spec['score']})", numbers) or named(now, spec["score"], numbers)


def _passes(columns: list[Column], spec: dict[str, Any], goal: str | None) -> None:
    """A pass beside the score is the score at or above the mark that passes the pass's share
    (not an earlier pass, and not when the pass is what the learner is to predict)."""
    score = _score(columns, spec)
    if score is None or not {"min", "max"} <= set(score) or goal and said(spec["pass"], goal.lower()):
        return
    for passed in [c for c in columns if c["type"] == "boolean" and said(spec["pass"], words(c)) and not _earlier(c)]:
        if can_depend(columns, passed, score["name"]):
            rate = float(passed.get("true_rate", 0.7))
            mark = round(_thresholds(score, [rate, 1 - rate])[0])
            retype(passed, {"type": "derived", "expression": f"{score['name']} >= {mark:g}", "description": f"Whether {score['name'].replace('_', ' ')} reached the pass mark of {mark:g}"})


def _thresholds(score: Column, weights: list[float]) -> list[float]:
    """Scores that split the rows into the grades' shares, best first (normal scores by their
    mean and spread, others evenly over the range)."""
    low, high = float(score["min"]), float(score["max"])
    shares = [sum(weights[: i + 1]) / sum(weights) for i in range(len(weights) - 1)]
    if score.get("distribution") == "normal" and score.get("mean") is not None and score.get("std"):
        spread = NormalDist(float(score["mean"]), float(score["std"]))
        return [min(high, max(low, spread.inv_cdf(1 - share))) for share in shares]
    return [high - (high - low) * share for share in shares]


# --- difference and roles -----------------------------------------------------------------------


def _differ(columns: list[Column], patterns: dict[str, Any]) -> None:
    """Origin ≠ destination, home ≠ away: the same stem with the two ends' words."""
    for rule in patterns["differ"]:
        labels = frozenset(c["type"] for c in columns) - kinds().numeric - kinds().moments - kinds().person - kinds().place - kinds().made - {"time", "boolean"}
        ends = [stems(columns, rule[side], labels) for side in ("a", "b")]
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
    longest_first = sorted(patterns["roles"]["entity_words"].split("|"), key=len, reverse=True)  # 'country code' before 'country'
    entity = re.compile(rf"\b(?:{'|'.join(longest_first)})\b")
    for family in (kinds().person, kinds().place):
        members = [c for c in columns if c["type"] in family and c["type"] not in patterns["roles"]["of_the_row"]]
        roles = {id(c): "_".join(entity.sub(" ", words(c)).split())[:30] for c in members}
        named = set(roles.values()) - {""}
        unnamed_person = any(not roles[id(c)] and c["type"] in patterns["roles"]["naming_types"] for c in members)
        if len(named) + unnamed_person < 2:
            continue  # one person: the runner's name and the gender are the runner's
        for column in members:
            if roles[id(column)] and re.fullmatch(r"[a-z0-9_]+", roles[id(column)]):
                column["role"] = roles[id(column)]


# --- numbers that move together and hours people keep --------------------------------------------


def _rate_totals(columns: list[Column], patterns: dict[str, Any]) -> None:
    """total = daily rate × the days between the row's two dates (a rental, a stay)."""
    spec = patterns["rate_total"]
    rate = named(columns, spec["rate"])
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


def _ages(columns: list[Column], patterns: dict[str, Any]) -> None:
    """A car's age beside its first registration year, a building's beside the year it was built:
    the years since then (the year's latest value is this year)."""
    spec = patterns["age_from_year"]
    year = next((c for c in columns if c["type"] == "year" and isinstance(c.get("max"), int) and said(spec["year"], words(c)) and not said(spec["not_year"], words(c))), None)
    age = next((c for c in columns if c["type"] == "integer" and free(c) and re.search(spec["age"], words(c))), None)
    if year is not None and age is not None and can_depend(columns, age, year["name"]):
        retype(age, {"type": "derived", "expression": f"{year['max']} - {year['name']}", "description": f"Years since {words(year)}"}, ("name", "unit", "null_rate"))


def _grade_ages(columns: list[Column], patterns: dict[str, Any], text: str) -> None:
    """A pupil's age beside the school grade they are in: the grade's age, a year either way."""
    spec = patterns["age_from_grade"]
    if not re.search(rf"\b(?:{spec['context']})", text, re.I):
        return  # a pay grade or a grade of coffee says nothing of age
    grade = next((c for c in columns if c["type"] == "integer" and re.fullmatch(spec["grade"], words(c)) and 0 <= c.get("min", -1) and c.get("max", 99) <= spec["last"]), None)
    age = next((c for c in columns if c["type"] == "age" and words(c) == "age" and free(c)), None)
    if grade is not None and age is not None and can_depend(columns, age, grade["name"]):
        retype(age, {"type": "derived", "expression": f"{grade['name']} + {spec['offset']} + floor(uniform(0, 2))",
                     "description": f"The age of a pupil in that {words(grade)}"}, ("name", "unit", "null_rate"))


def _drawn(column: Column) -> bool:
    """A number still drawn on its own, which may follow another (and then be kept within its
    bounds: a peak heart rate follows age and stays above the resting one)."""
    return column["type"] not in kinds().made and not {"after", "correlate_with"} & set(column)


def _siblings(columns: list[Column], patterns: dict[str, Any]) -> None:
    """Scores of one person in several subjects, sales of one shop in several quarters: numbers
    whose names end in the same measure ('math score', 'reading score') go together, each with
    the first of them, unless the row sets two sides against each other (home and away)."""
    spec = patterns["siblings"]
    if any(said(spec["sides"], words(c)) for c in columns):
        return
    numbers = [c for c in columns if c["type"] in kinds().numeric - {"year"} and not identifier(c)]
    for head in spec["heads"].split("|"):
        same = [c for c in numbers if words(c).split()[-1] == head and len(words(c).split()) > 1]
        for column in same[1:]:
            if same[0]["type"] == column["type"] and _drawn(column) and can_depend(columns, column, same[0]["name"]):
                column.update({"correlate_with": same[0]["name"], "correlation": spec["r"]})


def _follows(columns: list[Column], patterns: dict[str, Any]) -> None:
    unit_price = re.compile(rf"\bper (?:{'|'.join(u['per'] for u in patterns['unit_price'])})\b")  # a price per kg does not grow with the weight
    per_thing = re.compile(rf"\bper (?!(?:{patterns['per_unit']['periods']})\b)")  # hours studied per week still drive a score
    for rule in patterns["follows"]:
        for y in [c for c in columns if c["type"] in kinds().numeric - {"year"} and _drawn(c) and said(rule["y"], words(c)) and not identifier(c) and not unit_price.search(words(c))]:
            xs = [c for c in columns if c is not y and (c["type"] in kinds().numeric or _numeric_made(c)) and said(rule["x"], words(c)) and not said(rule["y"], words(c)) and not identifier(c)
                  and c["type"] not in rule.get("not_types", ()) and not said(rule.get("not_x", "(?!)"), words(c)) and not (per_thing.search(words(c)) and " per " not in f" {words(y)} ")]  # a total grows with the quantity, not with a rate ('fleece weight per sheep')
            x = min(xs, key=lambda c: _first_alternative(rule["x"], words(c)), default=None)  # the rule's first word it names: floor area before rooms
            if x is not None and said(patterns["per_unit"]["counts"], words(x)) and said(patterns["per_unit"]["words"], words(y)):
                continue  # a unit price does not grow with the quantity
            if x is not None and can_depend(columns, y, x["name"]):
                y.update({"correlate_with": x["name"], "correlation": rule["r"]})
