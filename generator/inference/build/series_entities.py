"""Which things a series is measured on (build/series.py): a count and a noun ('5 cold storage
rooms'), 'per bakery', things named with capitals ('Brent and WTI crude futures') or listed after a
reading's 'of' ('closing prices of gold, silver and copper'), and the entity column that names them."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from generator.inference.build.depends import chain_kind
from generator.inference.build.links import numbered
from generator.inference.build.readings import NUMERIC, assets_named
from generator.inference.knowledge.loader import data_file
from generator.inference.text import WORD_NUM, fold, parse_number, singular

Column = dict[str, Any]
RELATION_KEYS = ("after", "min_days", "max_days", "at_least", "at_most", "gap", "correlate_with", "correlation",
                 "differs_from", "depends_on", "cases", "present_when", "distinct", "profile", "step", "null_rate")
TIME_UNITS = "minute|minutes|hour|hours|day|days|week|weeks|month|months|quarter|year|years|night|unit|person|capita|head|kg|km|cent|percent|row|rows"

_COUNT = re.compile(rf"\b(\d{{1,4}}|{WORD_NUM})\s+((?:(?:[^\W\d_]|-)+\s*){{1,4}})")  # 'départements' too
_EACH = re.compile(r"\b(?:per|for each|for every|each|by|of each)\s+((?:[a-z-]+\s+){0,2}?)([^\W\d_]+)\b(?=\s*(?:$|[,.;]|(?:from|in|during|over|since|for|at|with|and|between|of|to|per|every|each)\b))")
_ONE = re.compile(r"\b(?:for|of|at|from|on)\s+(?:a|an|the|one|our|my|a single)\s+(?:[a-z-]+\s+){0,2}?([a-z]+)\b(?=\s*(?:$|[,.;]|(?:during|in|over|since|from|for|between|with|last|this|past|throughout|across|every|per)\b))")


def entity_noun(low: str, text: str = "") -> tuple[int, str]:
    """'5 cold storage rooms' → (5, 'room'); 'per bakery' → (0, 'bakery'). A number after a
    capitalised word is part of a name, not a count ('the FTSE 100, DAX and CAC 40 indices')."""
    named = ""
    for match in _COUNT.finditer(low):
        following = match.group(2).split()
        phrase = list(itertools.takewhile(lambda w: not re.fullmatch(data_file("series")["series"]["count_phrase_ends"], w), following))
        plurals = [w for w in phrase if w.endswith("s") and singular(w) != w]  # '300 savings accounts': the accounts
        noun = plurals[-1] if plurals else next((w for w in following if w.endswith("s") and singular(w) != w), None)
        number = parse_number(match.group(1))
        if noun and not re.fullmatch(TIME_UNITS, noun) and number and 1 <= number <= 5000:
            if len(text) == len(low) and re.search(r"\b[A-Z][\w&.'/-]*\s+$", text[: match.start(1)]):
                named = named or singular(fold(noun))  # the named things' noun: 'indices'
                continue
            return int(number), singular(fold(noun))
    if named:
        return 0, named
    each = next((m for m in _EACH.finditer(low) if not re.fullmatch(TIME_UNITS, m.group(2))), None)
    if each:
        return 0, singular(fold(each.group(2)))
    one = _ONE.search(low)  # 'for a news website': one entity, named
    return (1, one.group(1)) if one and not re.fullmatch(TIME_UNITS, one.group(1)) else (0, "")


_LISTED = re.compile(r"\bof\s+((?:[^,:;.()]{2,30},\s*)+[^,:;.()]{2,30}?\s+and\s+[^,:;.()]{2,30}?)(?=\s+(?:for|since|over|from|during|in|between|across|at|on)\b|\s*[:;.]|$)")


def listed_entities(columns: list[Column], low: str, path: bool) -> list[str]:
    """'closing prices of gold, silver, copper and crude oil': the things listed after a reading's
    'of' are the entities, not columns. Their columns go; the reading keeps its own name, unless
    open, high, low and close are the readings ('share price history of Apple, …: open, …')."""
    found = _LISTED.search(low)
    if found is None:
        return []
    items = [item.strip() for item in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", found.group(1)) if item.strip()]
    keys = [re.sub(r"[^a-z0-9]+", "_", item).strip("_") for item in items]
    head = next((c for c in columns if c["name"].endswith(f"_of_{keys[0]}")), None)
    rest = [c for c in columns if c["name"] in keys[1:]]
    if head is None or len(rest) < len(keys) - 1 or head["type"] not in NUMERIC:
        return []
    head["name"] = head["name"][: -len(f"_of_{keys[0]}")]
    columns[:] = [c for c in columns if c not in rest and (c is not head or not path)]
    *first, last = items[-1].split()
    if first and singular(last) != last and not any(last in item.split() for item in items[:-1]):
        items[-1] = " ".join(first)  # 'cocoa, coffee and sugar futures': futures all three, named by names_noun
    return [item[0].upper() + item[1:] for item in items]


_NAME = r"[A-Z][\w&.'/-]*(?:\s+(?:[A-Z][\w&.'/-]*|\d+\b))*"  # 'CAC 40', 'S&P 500'
_NAMED = re.compile(rf"\b(?:of|for|from|at|in|across|between|among)\s+(?:the\s+)?((?:{_NAME}\s*,\s*(?:the\s+)?)*{_NAME},?\s+and\s+(?:the\s+)?{_NAME})\b")
_PREPOSITIONS = "of|at|in|for|from|across|on|to"


def named_entities(text: str, count: int) -> list[str]:
    """'one-minute bars for Brent and WTI crude futures', 'rent in Lisbon, Porto and Faro', 'visitors
    at the Louvre, the Prado and the Uffizi': things named with capitals and joined by 'and' after
    a preposition are the entities (when no other number of them is said, and they are not months
    or weekdays)."""
    found = _NAMED.search(text)
    if found is None:
        return []
    names = [re.sub(r"^the\s+", "", name.strip()) for name in re.split(r"\s*,\s*(?:and\s+)?|,?\s+and\s+", found.group(1)) if name.strip()]
    if all(re.fullmatch(data_file("series")["series"]["calendar_names"], name, re.I) for name in names):
        return []
    return names if len(names) >= 2 and count in (0, len(names)) else []


def _noun_after(low: str, names: list[str]) -> str:
    """The plural said after named things ('Schiphol, Heathrow and Frankfurt airports'), or ''."""
    after = re.search(rf"{re.escape(names[-1].lower())}\s+([a-z]+s)\b", low)
    if after is not None and singular(after.group(1)) != after.group(1) and not re.fullmatch(TIME_UNITS, after.group(1)):
        return singular(after.group(1))
    return ""


def names_noun(low: str, names: list[str]) -> str:
    """What named things are: the plural after them ('Schiphol, Heathrow and Frankfurt airports'),
    else cities or countries when every name is one, else ''."""
    if after := _noun_after(low, names):
        return after
    cities, countries = _places()
    folded = {fold(name).lower() for name in names}
    return "city" if folded <= cities else "country" if folded <= countries else ""


@cache
def _places() -> tuple[frozenset[str], frozenset[str]]:
    from generator.types.places import cities

    world = cities(None)
    return frozenset(fold(str(name)).lower() for name in world.name.to_pylist()), frozenset(fold(str(name)).lower() for name in world.country.values.to_pylist())


def without_names(columns: list[Column], names: list[str]) -> list[str]:
    """The named entities, their names taken out of the columns: 'closing values of the FTSE 100,
    DAX and CAC 40 indices' lists no 'dax' or 'cac' column, and the reading is the closing values."""
    keys = [re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") for name in names]
    columns[:] = [c for c in columns if not any(c["name"] == key or key.startswith(c["name"] + "_") or c["name"].startswith(key + "_") for key in keys[1:])]
    for column in columns:
        cut = re.search(rf"_(?:{_PREPOSITIONS})_{re.escape(keys[0])}(?:_|$)|_(?:{_PREPOSITIONS})$", column["name"]) if keys else None
        if cut and cut.start() and column["type"] in NUMERIC:
            column["name"] = column["name"][: cut.start()]  # 'hourly visitor count at the Louvre, …': the visitor count
    return names


def _implied_count(low: str, spec: dict[str, Any]) -> int:
    """How many entities a closed set the description names has ('by US state': 50), or 0."""
    return next((rule["count"] for rule in spec["entity_size"] if re.search(rule["words"], low)), 0)


def entity_column(columns: list[Column], noun: str, count: int, low: str, spec: dict[str, Any], typer: Callable[[str], Column | None],
                   named: list[str]) -> tuple[Column, int]:
    """The column naming the entity (made if missing), and how many entities there are."""
    found = next((c for c in columns if noun and re.search(rf"\b{re.escape(noun)}", c["name"].replace("_", " ")) and c["type"] not in NUMERIC), None)
    if found is not None and re.search(rf"\bper {re.escape(noun)}$", found["name"].replace("_", " ")) and found["type"] not in NUMERIC \
            and not any(found["name"] in str(value) for c in columns if c is not found for value in c.values()):
        found["name"] = noun  # 'daily sales per shop for 6 shops': the column is the shop
    if found is not None and found["type"] == "shop_name" and (kind := chain_kind(low)):
        found.update({"type": "proper_name", "noun": kind})
    if found is None and noun and count:  # '8 supermarkets: store, …': the store is the supermarket
        found = next((c for c in columns if c["type"] in spec["series"]["site_types"] and re.fullmatch(rf"(?:{spec['series']['site_words']})(?: name)?", c["name"].replace("_", " "))), None)
        if found is not None and found["type"] == "shop_name":
            found.update({"type": "proper_name", "noun": noun.capitalize()})
    prices = any(re.search(spec["reading"][0]["words"], c["name"].replace("_", " ")) for c in columns)
    assets = assets_named(low, spec)
    assets = [] if count and count != len(assets) else assets  # '6 gold mining shares' are not gold
    if named:
        name = "company" if re.search(r"\b(?:shares?|stocks?|equit)", low) else noun or _noun_after(low, named) or ("asset" if prices else names_noun(low, named) or "entity")
        found = {"name": name, "type": "category", "values": named, "description": f"Which {name} the reading is of"}
        columns.insert(1, found)
        return found, len(named)
    if prices and assets and not any(c for c in columns if c["name"] in ("ticker", "symbol", "pair", "coin", "asset")):
        found = {"name": "pair" if all(a.get("pair") for a in assets) else "symbol", "type": "category", "values": [a["symbol"] for a in assets],
                 "description": "Which asset the prices are of"}
        columns.insert(1, found)
        return found, len(assets)
    if found is None and prices:
        found = next((c for c in columns if re.search(r"\b(?:ticker|symbol|stock|company|asset|coin|pair|instrument)\b", c["name"].replace("_", " ")) and c["type"] not in NUMERIC), None)
    if found is None and prices and (not noun or re.fullmatch(r"stock|share|equity|ticker|symbol|company|asset|instrument", noun)):
        found = {"name": "ticker", "type": "category", "values": spec["series"]["tickers"][: max(count, 1)], "description": "Which asset the prices are of"}
        columns.insert(1, found)
    elif found is None:
        count = count or _implied_count(low, spec) or spec["series"]["entities_named" if noun else "entities"]
        typed = next((t for t in map(typer, (noun, f"{noun} name") if noun else ()) if t is not None and t["type"] in spec["series"]["entity_types"]), None)
        if typed is not None:
            found = {**typed, "name": noun, "description": f"Which {noun} the reading is of"}
        else:
            found = {"name": noun or "entity", "type": "category", **numbered(noun or "entity", count), "description": f"Which {noun or 'entity'} the reading is of"}
        columns.insert(1, found)
    else:
        for key in RELATION_KEYS:
            found.pop(key, None)
    count = count or _implied_count(low, spec) or (len(found["values"]) if "values" in found and noun else spec["series"]["entities_named" if noun else "entities"])
    if "values" in found and len(found["values"]) < count:
        found.update(numbered(noun or found["name"], count))
    return found, count

