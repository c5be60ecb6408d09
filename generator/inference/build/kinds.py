"""Groups of column types the build stage reasons about, asked of the types themselves (so no
module here lists type names): numbers, event moments, a person's or a place's columns, and
columns made from other columns."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from generator.registry import registry


@dataclass(frozen=True)
class Kinds:
    numeric: frozenset[str]  # plain numbers a relation may order, bound or correlate
    moments: frozenset[str]  # dates and datetimes of events
    person: frozenset[str]  # read off the row's person (names, email, …)
    place: frozenset[str]  # read off the row's city
    made: frozenset[str]  # keys and columns made from other columns


@cache
def kinds() -> Kinds:
    types = list(registry())

    def names(test) -> frozenset[str]:
        return frozenset(t.name for t in types if test(t))

    return Kinds(
        numeric=names(lambda t: t.kind in ("integer", "number") and t.correlatable and not t.key and not t.entity),
        moments=names(lambda t: t.kind in ("date", "datetime") and t.param("after") is not None),
        person=names(lambda t: t.entity == "person"),
        place=names(lambda t: t.entity == "place"),
        made=names(lambda t: t.key or not t.correlatable),
    )
