"""Races a description names (data/relate.toml `[[race]]`): a marathon's finish times are hours,
not a sprint's seconds, and a pace is the finish time over the race's distance."""

from __future__ import annotations

import re
from typing import Any

from generator.inference.build.links import Column, can_depend, identifier, retype, said, words


def races(columns: list[Column], patterns: dict[str, Any], text: str) -> None:
    race = next((r for r in patterns["race"] if re.search(rf"(?<![a-z-])(?:{r['words']})(?![a-z])", text)), None)
    if race is None:
        return
    spec = patterns["race_columns"]
    finish = next((c for c in columns if said(spec["finish"], words(c)) and not identifier(c) and c["type"] in ("integer", "decimal", "time")), None)
    if finish is None:
        return
    low, high, mean, std = race["minutes"]
    retype(finish, {"type": "decimal", "min": low, "max": high, "distribution": "normal", "mean": mean, "std": std, "decimals": 1,
                    "unit": "minutes", "description": f"Finish time of the {race['name']}, in minutes"}, ("name", "null_rate"))
    pace = next((c for c in columns if c is not finish and said(spec["pace"], words(c)) and not identifier(c)), None)
    if pace is not None and can_depend(columns, pace, finish["name"]):
        retype(pace, {"type": "derived", "expression": f"round({finish['name']} / {race['km']}, 2)", "kind": "number", "decimals": 2, "unit": "min/km",
                      "description": f"Minutes per kilometre: the finish time over {race['km']} km"}, ("name", "null_rate"))
