"""What a famous dataset's real rows obey (data/domains `relations`): the Titanic's fare by its
class, a cabin only for most first-class passengers. Each entry names the template columns by
their first name; the columns the description's words made from those templates take the keys,
in place of any relation guessed from their words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.inference.build.links import Column, can_depend, words
from generator.inference.knowledge.domains import match_template
from generator.inference.knowledge.model import Domain

GUESSED = ("depends_on", "cases", "correlate_with", "correlation", "at_least", "at_most", "gap", "present_when")


def famous_relations(columns: list[Column], domain: Domain | None) -> None:
    """Give the columns made from the domain's templates the relations its data lists."""
    if domain is None or not domain.relations:
        return
    made: dict[str, Column] = {}
    for column in columns:
        template = match_template(domain, words(column))
        if template is not None:
            made.setdefault(template.names[0], column)
    for entry in domain.relations:
        target = made.get(entry["column"])
        others = [made.get(name) for name in _named(entry)]
        if target is None or None in others or not all(can_depend(columns, target, other["name"]) for other in others if other):
            continue
        column = target
        for key in GUESSED:
            column.pop(key, None)
        column.update(_renamed(entry, made))


def _named(entry: Mapping[str, Any]) -> list[str]:
    """The template columns the entry's relation refers to."""
    names = [entry["depends_on"]] if "depends_on" in entry else []
    return names + ([entry["present_when"]["column"]] if "present_when" in entry else [])


def _renamed(entry: Mapping[str, Any], made: dict[str, Column]) -> dict[str, Any]:
    """The entry's keys with each template name replaced by its column's name."""
    keys = {key: value for key, value in entry.items() if key != "column"}
    if "depends_on" in keys:
        keys["depends_on"] = made[keys["depends_on"]]["name"]
    if "present_when" in keys:
        keys["present_when"] = {**keys["present_when"], "column": made[keys["present_when"]["column"]]["name"]}
    return keys
