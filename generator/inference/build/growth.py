"""How long a thing takes to grow (data/sizes.toml `grows`): a harvest dated after the day the
thing was sown, seeded, hatched or stocked falls that many days later, for the thing the harvest's
own words or the rows name ('rope-grown mussel farm harvests': 8-30 months; a cell culture's
passage: days), instead of a crop's generic season."""

from __future__ import annotations

from generator.inference.build.links import Column, said, words
from generator.inference.build.sizes import thing_named
from generator.inference.knowledge.loader import data_file


def grown(columns: list[Column], text: str) -> None:
    """Set the gap of each harvest that follows the start of growth to the thing's growing time."""
    heads = data_file("sizes")["heads"]
    subject = text.split(":")[0]
    by_name = {c["name"]: c for c in columns}
    for column in columns:
        start = by_name.get(str(column.get("after", "")))
        if column["type"] != "date" or start is None or not said(heads["harvests"], words(column)) or not said(heads["starts"], words(start)):
            continue
        thing = thing_named(words(column), "grows") or thing_named(subject, "grows")
        if thing is not None:
            column["min_days"], column["max_days"] = thing["grows"]
