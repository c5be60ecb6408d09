"""Values that depend on a category of the row (data/relate.toml): money that rises with an
ordered level (salary by seniority), numbers that differ between groups (milk yield by breed),
and things that belong to one group (machines to a production line, beds to a ward)."""

from __future__ import annotations

import re
from typing import Any

from generator.inference.build.kinds import kinds
from generator.inference.build.links import Column, can_depend, identifier, retype, said, words
from generator.inference.knowledge.loader import data_file
from generator.inference.text import singular


def levels(columns: list[Column], patterns: dict[str, Any]) -> None:
    """Money rises with an ordered category in the row: salary by seniority, rate by room type; the
    category sharing most words with the money when there are several ('new price' by 'new plan')."""
    spec = patterns["levels"]
    ranked = [(c, r) for c in columns if c["type"] == "category" and (r := _ranks(c["values"], spec["lists"]))]
    for column in columns:
        if column["type"] in kinds().numeric - {"year", "age", "rating", "percentage"} and said(spec["money"], words(column)) and "depends_on" not in column \
                and {"min", "max"} <= set(column) and ranked:
            own = set(words(column).split())
            category, ranks = max(ranked, key=lambda pair: len(own & set(words(pair[0]).split())))
            if len(ranks) < len(category["values"]):  # 'basic, plus, unlimited, family': a list knows two of them
                ranks = _scale(category["values"], patterns["set_by"])
            if can_depend(columns, column, category["name"]):
                column.update({"depends_on": category["name"], "cases": _bands(column, ranks, spec["spread"])})


def groups(columns: list[Column], patterns: dict[str, Any]) -> None:
    """Numbers that differ between a category's groups (milk yield by breed, salary by department)."""
    for rule in patterns["groups"]:
        found = [c for c in columns if c["type"] == "category" and len(c.get("values", ())) >= 2 and said(rule["category"], words(c))]
        for category in sorted(found, key=lambda c: _alternative(rule["category"], words(c))) if rule.get("by_word") else found:  # the rule's stronger word first
            for column in columns:
                if column["type"] in kinds().numeric - {"year", "age", "rating", "percentage"} and said(rule["number"], words(column)) and "depends_on" not in column \
                        and "correlate_with" not in column and {"min", "max"} <= set(column) and not identifier(column) and can_depend(columns, column, category["name"]):
                    known = _known_cases(column, category["values"], patterns["known_cases"])
                    if rule.get("known_only") and not known:
                        continue
                    column.update({"depends_on": category["name"], "cases": known or _shifted(column, category["values"], rule["spread"])})
                    if known and column["type"] == "decimal" and min(case["max"] for case in known.values()) < 1:
                        column["decimals"] = max(int(column.get("decimals", 1)), 2)  # a hamster's 0.12 kg


def known_values(columns: list[Column], patterns: dict[str, Any]) -> None:
    """A category whose values depend on another's (a dog's breeds are not a cat's), from a table
    of facts that knows every value of the deciding category."""
    for table in patterns["known_values"]:
        for column in [c for c in columns if c["type"] == "category" and said(table["column"], words(c)) and "depends_on" not in c]:
            by = next((c for c in columns if c is not column and c["type"] == "category" and said(table["by"], words(c))
                       and c.get("values") and all(v.lower() in {k.lower() for k in table["cases"]} for v in c["values"])), None)
            if by is None or not can_depend(columns, column, by["name"]):
                continue
            lowered = {k.lower(): v for k, v in table["cases"].items()}
            column.update({"depends_on": by["name"], "cases": {value: {"values": list(lowered[value.lower()])} for value in by["values"]}})
            column["values"] = sorted({v for case in column["cases"].values() for v in case["values"]})
            column.pop("weights", None)


def _known_cases(column: Column, values: list[str], tables: list[dict[str, Any]]) -> dict[str, dict[str, Any]] | None:
    """Each value's own range from a table of facts when the data knows every value (a cat's
    weight is not a dog's), in the column's unit; None when no table covers the values."""
    for table in tables:
        if said(table["number"], words(column)) and column.get("unit", table["unit"]) == table["unit"]:
            known = {value.lower(): facts for value, facts in table["cases"].items()}
            if all(value.lower() in known for value in values):
                cases = {}
                for value in values:
                    low, high, mean = known[value.lower()]
                    case = {"min": low, "max": high, "mean": mean}
                    cases[value] = {key: round(x) for key, x in case.items()} if column["type"] == "integer" else case
                return cases
    return None


def _shifted(column: Column, values: list[str], spread: float) -> dict[str, dict[str, Any]]:
    """Each value's own band around the column's centre, from (1 - spread)-fold to (1 + spread)-fold
    of it (high and low words first, then the order listed), a band as wide as that either side."""
    low, high = float(column["min"]), float(column["max"])
    centre = float(column.get("mean", (low + high) / 2))
    ranks = _scale(values, data_file("relate")["set_by"])
    cases = {}
    for value in values:
        middle = centre * (1 - spread + 2 * spread * ranks[value])
        case: dict[str, Any] = {"min": max(low, middle * (1 - spread)), "max": min(high, max(low, middle * (1 + spread)))}
        if "mean" in column:
            case["mean"] = round(min(case["max"], max(case["min"], middle)), 2)
        case = {key: round(x) if column["type"] == "integer" else round(x, 2) for key, x in case.items()}
        case["max"] = max(case["max"], case["min"])
        cases[value] = case
    return cases


def _ranks(values: list[str], lists: list[list[str]]) -> dict[str, float] | None:
    """Each value's place (0 lowest, 1 highest) on the first level list holding two or more of them."""
    for levels in lists:
        found = {v: levels.index(v.lower()) for v in values if v.lower() in levels}
        if len(found) >= 2 and len(set(found.values())) >= 2:
            low, high = min(found.values()), max(found.values())
            return {v: (rank - low) / (high - low) for v, rank in found.items()}
    return None


def _bands(column: Column, ranks: dict[str, float], spread: float, span: float = 0.7) -> dict[str, dict[str, Any]]:
    """Overlapping sub-ranges of the column's range, higher for higher levels (in log terms for money)."""
    low, high = float(column["min"]), float(column["max"])
    floor = max(low, high / 1000, 1.0 if column["type"] == "integer" and high >= 4 else 1e-9)  # whole numbers: no band rounds to nothing
    cases = {}
    for value, rank in ranks.items():
        centre = floor * (high / floor) ** (0.5 - span / 2 + span * rank)
        band = [max(low, centre * (1 - spread)), min(high, centre * (1 + spread))]
        if column["type"] in ("integer",):
            band = [round(band[0]), max(round(band[0]), round(band[1]))]
        else:
            band = [round(band[0], 2), round(max(band), 2)]
        case = {"min": band[0], "max": band[1]}
        if "mean" in column:
            case["mean"] = round((band[0] + band[1]) / 2, 2)
        cases[value] = case
    return cases


def set_by(columns: list[Column], patterns: dict[str, Any]) -> None:
    """A money, amount or duration column no rule tied yet takes a band per value of a listed
    category of the row: a plan's monthly charge, a violation's fine, an absence type's days; a
    thing's own number by the thing ('machine price' by 'machine', a weigh-in by the weight class)."""
    spec, levels_spec = patterns["set_by"], patterns["levels"]
    listed = [c for c in columns if c["type"] == "category" and 2 <= len(c.get("values", ())) <= 12 and not said(spec["never"], words(c))
              and not set(c["values"]) <= set(patterns["grades"]["letters"])]  # a letter grade is how one did, not a kind that sets a number
    categories = [c for c in listed if said(spec["category"], words(c))]
    for column in columns:
        if column["type"] not in kinds().numeric - {"year", "age", "rating", "percentage"} \
                or {"depends_on", "correlate_with", "at_least", "at_most", "after"} & set(column) or not {"min", "max"} <= set(column) or identifier(column):
            continue
        owners = [c for c in listed if _owns(c, column, spec)]
        if not owners and not said(spec["number"], words(column)):
            continue
        own = set(words(column).split())
        category = max(owners or categories, key=lambda c: (len(own & set(words(c).split())), -_alternative(spec["category"], words(c))), default=None)
        if category is not None and can_depend(columns, column, category["name"]):
            ranks = _ranks(category["values"], levels_spec["lists"]) or _scale(category["values"], spec)
            spread, span = (spec["spread"], 0.7) if owners or said(spec["fixed"], words(category)) else (spec["loose"]["spread"], spec["loose"]["span"])
            column.update({"depends_on": category["name"], "cases": _bands(column, ranks, spread, span)})


def listed_sets(columns: list[Column], patterns: dict[str, Any], text: str) -> None:
    """A number nothing ties yet (a kiln's peak temperature, a perfume's oil percentage, the first
    estimate) differs by the kind the row is of: the category whose values the description lists
    that is named nearest before it (not a status or a person's trait)."""
    spec, said_text = patterns["set_by"], text.lower()
    listed = [c for c in columns if c["type"] == "category" and 2 <= len(c.get("values", ())) <= 8 and "depends_on" not in c
              and all(str(v).lower() in said_text for v in c["values"]) and not said(spec["never"], words(c)) and not said(spec["not_kinds"], words(c))]
    for index, column in enumerate(columns):
        if column["type"] not in kinds().numeric - {"year", "age", "rating"} or {"depends_on", "correlate_with", "at_least", "at_most", "after", "expression"} & set(column) \
                or not {"min", "max"} <= set(column) or float(column["min"]) < 0 or identifier(column):
            continue
        category = next((c for c in reversed(columns[:index]) if c in listed), None)
        if category is not None and can_depend(columns, column, category["name"]):
            money = column["type"] == "price" or re.fullmatch(r"[A-Z]{3}", str(column.get("unit", "")))
            column.update({"depends_on": category["name"], "cases": _shifted(column, category["values"], spec["spread"] if money else spec["measure_spread"])})


def _owns(category: Column, column: Column, spec: dict[str, Any]) -> bool:
    """'machine' of 'machine price'; 'weight class' of 'weigh-in in kg' (a class named by what it measures)."""
    if words(column).startswith(words(category) + " "):
        return True
    first = words(category).split()[0]
    return said(spec["owned"], words(category)) and len(first) >= 5 and said(re.escape(first[: max(4, len(first) - 2)]), words(column))


def _alternative(pattern: str, text: str) -> int:
    """The place in `pattern` of the first alternative `text` says (earlier: a stronger sign)."""
    return next((i for i, alt in enumerate(pattern.split("|")) if said(alt, text)), len(pattern))


def _scale(values: list[str], spec: dict[str, Any]) -> dict[str, float]:
    """Each value's place on its list's scale: high words on top, low words at the bottom, then the order listed."""
    scores = [said(spec["high"], v.lower()) - said(spec["low"], v.lower()) + index / (4 * len(values)) for index, v in enumerate(values)]
    low, high = min(scores), max(scores)
    return {v: (score - low) / ((high - low) or 1) for v, score in zip(values, scores)}


def nested(columns: list[Column], patterns: dict[str, Any]) -> None:
    """Each value of a listed thing belongs to one value of its group's column: machines to a
    production line, beds to a ward, products to a category (their values split among the groups)."""
    listed = [c for c in columns if c["type"] == "category" and len(c.get("values", ())) >= 2 and "depends_on" not in c]
    for rule in patterns["nesting"]:
        for child in [c for c in listed if said(rule["child"], words(c)) and not said(rule["parent"], words(c))]:
            parent = next((c for c in listed if c is not child and said(rule["parent"], words(c)) and len(c["values"]) < len(child["values"])), None)
            if parent is not None and can_depend(columns, child, parent["name"]):
                child.update({"depends_on": parent["name"], "cases": _split(child, parent["values"])})


def _split(child: Column, groups: list[str]) -> dict[str, dict[str, Any]]:
    """The child's values in contiguous runs, one run per group (Machine 1–4 on Line A, …)."""
    values, weights = child["values"], child.get("weights") or [1.0] * len(child["values"])
    size = len(values) / len(groups)
    cases = {}
    for index, group in enumerate(groups):
        run = range(round(index * size), max(round((index + 1) * size), round(index * size) + 1))
        cases[group] = {"values": [values[i] for i in run], "weights": [weights[i] for i in run]}
    return cases


def room_to_follow(columns: list[Column], patterns: dict[str, Any]) -> None:
    """A number set by a group that also follows another number (a house's price by its type and its
    floor area): its group's band twice as wide, so the other number still moves it within it."""
    for column in [c for c in columns if c.get("depends_on") and c.get("correlate_with") and {"min", "max"} <= set(c)]:
        low, high = float(column["min"]), float(column["max"])
        for case in [c for c in (column.get("cases") or {}).values() if {"min", "max"} <= set(c)]:
            half = (case["max"] - case["min"]) / 2
            wide = [max(low, case["min"] - half), min(high, case["max"] + half)]
            case.update(zip(("min", "max"), [round(x) for x in wide] if column["type"] == "integer" else [round(x, 2) for x in wide]))


def car_facts(columns: list[Column], patterns: dict[str, Any], text: str) -> None:
    """A car's model year and fuel follow its model (data/relate.toml [cars]): the year within the
    years the model was made, an electric model electric. Run last, so the year is still a year to
    every relation before (mileage since the year); the column keeps its range or its values."""
    spec = patterns["cars"]
    model = next((c for c in columns if c["type"] == "car_model" and re.search(spec["model"], words(c))), None)
    if model is None:
        return
    make = next((c["name"] for c in columns if c["type"] == "car_make" and re.search(spec["make"], words(c))), None)
    follows = {"model_column": model["name"], **({"make_column": make} if make else {})}
    for column in columns:
        if column["type"] == "year" and re.search(spec["year"], words(column)) and {"min", "max"} <= set(column):
            column.update({"type": "car_year", **follows})
        elif column["type"] == "category" and re.search(spec["fuel"], words(column)) and "depends_on" not in column \
                and not all(str(v).lower() in text.lower() for v in column.get("values", [])):  # fuels the description lists stay its own
            retype(column, {"type": "fuel_type", **follows})
    fuel = next((c["name"] for c in columns if c["type"] == "fuel_type"), None)
    for column in columns:  # an electric car has no gearbox to shift
        if fuel and column["type"] == "category" and re.search(spec["gearbox"], words(column)) and "Automatic" in column.get("values", []) and "depends_on" not in column:
            column.update({"depends_on": fuel, "cases": {"Electric": {"values": ["Automatic"]}}})


def pay_by_title(columns: list[Column], patterns: dict[str, Any], text: str) -> None:
    """A pay follows the seniority of a job title (data/relate.toml [seniority]): a director earns
    more than an analyst of the same department. It replaces a link to years (age, experience,
    tenure), which the title follows, so the pay keeps it through the title."""
    spec = patterns["seniority"]
    title = next((c for c in columns if c["type"] == "job_title"), None)
    if title is None:
        return
    for column in columns:
        if column["type"] in kinds().numeric and "expression" not in column and re.search(spec["pay"], words(column)) and not identifier(column) \
                and (column.get("correlate_with") is None or re.search(spec["years"], column["correlate_with"].replace("_", " "))) and can_depend(columns, column, title["name"]):
            column.update({"correlate_with": title["name"], "correlation": spec["r"]})


def diagnoses_by_ward(columns: list[Column], patterns: dict[str, Any], text: str) -> None:
    """A diagnosis is one its ward or specialty sees (data/relate.toml [wards]; the diagnosis type
    knows which): no delivery in the cardiology ward."""
    ward = next((c for c in columns if c["type"] in ("category", "medical_specialty", "department") and re.search(patterns["wards"]["ward"], words(c))), None)
    if ward is None:
        return
    for column in [c for c in columns if c["type"] == "diagnosis" and not c.get("specialty_column")]:
        column["specialty_column"] = ward["name"]


def branches(columns: list[Column], patterns: dict[str, Any], text: str) -> None:
    """The stores of a chain are few, and named for the chain's kind when the description says it
    (data/relate.toml [branches]): 'Fairview Supermarket', one of five, on every sale."""
    spec = patterns["branches"]
    noun = chain_kind(text)
    for column in [c for c in columns if c["type"] == "shop_name" and re.search(spec["words"], words(c))]:
        head = words(column).split()[0]
        if re.match(rf"\W*(?:a |the )?(?:list of |table of )?{head}(?:e?s)?\b", text, re.I) or any(c["type"] == "id" and c["name"].startswith(head) for c in columns):
            continue  # a table of the stores themselves: one row each
        if noun:
            retype(column, {"type": "proper_name", "noun": noun}, ("name", "description", "null_rate", "distinct"))
        column.setdefault("distinct", spec["count"])


def chain_kind(text: str) -> str:
    """The kind of shop a description's chain is, as a name's noun ('bakeries' → 'Bakery'), or ""
    (data/relate.toml [branches] kinds)."""
    kind = re.search(rf"\b({data_file('relate')['branches']['kinds']})\b", " ".join(singular(w) for w in text.lower().split()))
    return " ".join(w.capitalize() for w in kind.group(1).split()) if kind else ""
