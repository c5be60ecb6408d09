"""Scoring helpers for the offline inferrer's description sets (not a test module itself).

A `Case` is a description and the columns a person expects from it. For a description that
names its columns, each expected column must appear in order, with a fitting type and values;
for one that names none, the score is the share of expected columns present.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.inference.sources.offline import infer_schema

TODAY = dt.date(2025, 6, 15)
Check = Callable[[dict[str, Any]], bool]


@dataclass(frozen=True)
class Want:
    names: tuple[str, ...]  # any of these (underscores ignored) must be in the column's name
    types: tuple[str, ...]
    check: Check | None = None


# Vocabulary types that replaced a generic one (issue 14: no catch phrases or Faker filler for
# names and text): a case written for the generic type accepts its successors, which carry no
# values list or range for the case's check to read, so the check is not applied to them.
SUCCESSORS = {
    "category": ("car_make", "car_model", "diagnosis", "medication", "sports_team", "restaurant_name", "hotel_name", "shop_name"),
    "job": ("job_title",),
    "company": ("company_name",),
    "product_name": ("product",),
    "catch_phrase": ("book_title", "film_title", "song_title", "album_title", "game_title", "course_title", "paper_title", "company_name", "hotel_name", "shop_name", "restaurant_name", "sports_team"),
    "sentence": ("review_text", "ticket_text", "post_text", "email_text"),
    "decimal": ("series_value",),  # a reading of a series ("daily weather for several cities")
    "integer": ("series_value",),
}


def want(names: str, types: str, check: Check | None = None) -> Want:
    return Want(tuple(names.split("|")), tuple(types.split("|")), check)


@dataclass(frozen=True)
class Case:
    description: str
    wants: tuple[Want, ...] = field(default_factory=tuple)
    named: bool = True  # the description names its columns (order matters)


def case(description: str, *wants: Want, named: bool = True) -> Case:
    return Case(description, tuple(wants), named)


def _plain(text: str) -> str:
    return text.replace("_", "").lower()


_NUMERIC = {"integer", "decimal", "percentage", "price", "age", "rating", "year"}


def _plain_view(column: dict[str, Any], wanted: Want) -> dict[str, Any]:
    """A planted target or a derived column read as the plain column it stands for: a target
    keeps the name, rate, classes or range (mean ± 3 SD) a plain column would have."""
    if column["type"] != "target":
        return column
    if column["task"] == "binary":
        plain = {"type": "boolean" if "boolean" in wanted.types else "category", "true_rate": column["rate"]}
    elif column["task"] == "multiclass":
        plain = {"type": "category", "values": column["classes"], "weights": column.get("weights")}
    else:
        spread = (column["noise"] ** 2 + sum(d["effect"] ** 2 for d in column["drivers"])) ** 0.5
        low, high = column["mean"] - 3 * spread, column["mean"] + 3 * spread
        plain = {"type": next((t for t in wanted.types if t in _NUMERIC), "decimal"), "mean": column["mean"], "min": low, "max": high}
    return {**column, **plain}


def _fits(column: dict[str, Any], wanted: Want) -> bool:
    if column["type"] == "derived":
        return True
    column = _plain_view(column, wanted)
    if any(column["type"] in SUCCESSORS.get(t, ()) for t in wanted.types) and column["type"] not in wanted.types:
        return True
    if column["type"] not in wanted.types:
        return False
    try:
        return wanted.check is None or bool(wanted.check(column))
    except (KeyError, TypeError, ValueError):
        return False


def score(item: Case) -> tuple[int, int, list[str]]:
    """(columns right, columns expected, what went wrong) for one description."""
    columns = infer_schema(item.description, today=TODAY)["columns"]
    right, problems, start = 0, [], 0
    for wanted in item.wants:
        pool = columns[start:] if item.named else columns
        found = next((c for c in pool if any(_plain(n) in _plain(c["name"]) for n in wanted.names)), None)
        if found is None:
            problems.append(f"missing {wanted.names[0]}")
            continue
        if item.named:
            start = columns.index(found) + 1
        if _fits(found, wanted):
            right += 1
        else:
            shown = {k: v for k, v in found.items() if k not in ("description",)}
            problems.append(f"{wanted.names[0]}: got {shown}")
    return right, len(item.wants), problems


def accuracy(cases: list[Case]) -> tuple[float, int, int, list[tuple[str, list[str]]]]:
    """Share of expected columns right over all cases, with the failures by description."""
    total_right = total = 0
    failures = []
    for item in cases:
        right, expected, problems = score(item)
        total_right += right
        total += expected
        if problems:
            failures.append((item.description, problems))
    return (total_right / total if total else 1.0), total_right, total, failures
