"""What the relation steps share: a column's words, whether words say a pattern, and whether
one column may refer to another without the columns referring to each other in a circle."""

from __future__ import annotations

import re
from typing import Any

from generator.inference.build.kinds import kinds
from generator.inference.knowledge.loader import data_file
from generator.registry import registry

Column = dict[str, Any]


def words(column: Column) -> str:
    return column["name"].replace("_", " ")


def said(pattern: str, text: str) -> bool:
    """Whether one of the pattern's alternatives starts a word of `text` ('fee' is not in 'feet')."""
    return re.search(rf"(?<![a-z0-9])(?:{pattern})", text) is not None


def retype(column: Column, new: dict[str, Any], keep: tuple[str, ...] = ("name", "description", "null_rate")) -> None:
    """Make `column`, in place, the column `new` describes, keeping its `keep` keys (`new` wins)."""
    kept = {key: column[key] for key in keep if key in column}
    if "unit" in keep and not kept.get("unit") and (unit := getattr(registry().get(column.get("type", "")), "value_unit", "")):
        kept["unit"] = unit  # a percentage made a series reading is still in %
    column.clear()
    column.update({**kept, **new})


def free(column: Column) -> bool:
    """A column whose values are its own to move (not made from others, not ordered yet)."""
    return column["type"] not in kinds().made and not {"after", "at_least", "at_most", "correlate_with"} & set(column)


def earlier(columns: list[Column], column: Column) -> list[Column]:
    return list(reversed(columns[: columns.index(column)]))


def can_depend(columns: list[Column], column: Column, other: str) -> bool:
    """Whether `column` may refer to `other` without the columns referring to each other in a circle."""
    names = {c["name"]: c for c in columns}
    if other not in names or other == column["name"]:
        return False
    seen, todo = set(), [other]
    while todo:
        name = todo.pop()
        if name == column["name"]:
            return False
        if name not in seen and name in names:
            seen.add(name)
            todo.extend(references(names[name], names))
    return True


def references(column: Column, names: dict[str, Column]) -> list[str]:
    """The columns a column dict refers to, by any key."""
    found = [column.get(key) for key in ("after", "correlate_with", "depends_on", "of")]
    for key in ("at_least", "at_most", "differs_from"):
        value = column.get(key)
        found.extend(value if isinstance(value, list) else [value])
    found.append((column.get("present_when") or {}).get("column"))
    found.extend(d.get("column") for d in column.get("drivers") or [])
    expression = column.get("expression") or ""
    found.extend(name for name in names if re.search(rf"\b{re.escape(name)}\b", expression))
    return [name for name in found if isinstance(name, str)]


def identifier(column: Column) -> bool:
    """A number that names something ('charger id', 'bib number'): it follows nothing."""
    return re.search(r"(?:^|\s)(?:id|ids|number|no|nr|code|key|ref)$", words(column)) is not None


def thing_names(noun: str, count: int) -> dict[str, Any]:
    """A type and its parameters for the names of `noun`s: named as places and bodies are
    ('Dearborn Orchestra', data/shapes.toml proper_named), else numbered ('Gauge 7')."""
    if noun.lower() in data_file("shapes")["proper_named"]:
        return {"type": "proper_name", "noun": noun.title()}
    return {"type": "category", **numbered(noun, count)}


def agent_noun(word: str) -> bool:
    """A noun for someone by what they do: a listed role, or a doer's ending on a stem of its own
    ('grower', 'distiller', 'musher', 'florist') unless English uses the word for a thing ('tower',
    'container', 'sensor': data/shapes.toml `agent_things`)."""
    shapes, word = data_file("shapes"), word.lower()
    if word in shapes["person_roles"]:
        return True
    return bool(re.fullmatch(shapes["agent_ending"], word)) and word not in shapes["agent_things"] and not word.endswith(tuple(shapes["agent_thing_endings"]))


def numbered(noun: str, count: int) -> dict[str, Any]:
    """'Wall 1' … 'Wall 12', the first ones more common."""
    return {"values": [f"{noun.capitalize()} {i}" for i in range(1, count + 1)], "weights": [round(1 / i**0.5, 3) for i in range(1, count + 1)]}
