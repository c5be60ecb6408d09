"""Teams of the sport and league a description names: 'NBA games' hold the NBA's thirty clubs,
'Premier League matches' its twenty, 'hockey games' invented teams in hockey's naming style
(data/relate.toml `[sports]`; the leagues and their clubs are generator/types/data/leagues.toml)."""

from __future__ import annotations

import re
from typing import Any

from generator.inference.build.links import Column
from generator.types.names import leagues


def sports(columns: list[Column], patterns: dict[str, Any], text: str) -> None:
    teams = [c for c in columns if c["type"] == "sports_team"]
    if not teams:
        return
    league = next((lg for lg in leagues() if re.search(rf"(?<![\w-])(?:{lg['words']})(?![\w-])", text, re.I)), None)
    sport = league["sport"] if league else next((name for name, said in patterns["sports"].items() if re.search(rf"(?<![\w-])(?:{said})(?![\w-])", text, re.I)), None)
    for column in teams:
        if league:
            column["league"] = league["name"]
        if sport:
            column["sport"] = sport
