"""Series and panels from the description (data/series.toml): "temperature in 5 cold storage rooms
every 10 minutes", "daily loaves sold per bakery", "hourly bitcoin candles with open, high, low,
close". The columns become an entity column, a time column and readings (`series_value`), and the
schema gets a `series` key; the rows asked for decide the span."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from generator.inference.build.links import numbered, retype
from generator.inference.build.readings import KEPT, NUMERIC, SUB_DAILY, assets_named, gaps, measured, moved, parts, per_unit, range_readings, reading, running_totals, says_gap
from generator.inference.build.weather import city_entity, turn_seasons, weather_readings, working_week
from generator.inference.knowledge.concepts import lookup
from generator.inference.knowledge.loader import data_file
from generator.inference.read.dates import find_dates
from generator.inference.text import WORD_NUM, fold, parse_number, singular

Column = dict[str, Any]
RELATION_KEYS = ("after", "min_days", "max_days", "at_least", "at_most", "gap", "correlate_with", "correlation",
                 "differs_from", "depends_on", "cases", "present_when", "distinct", "profile", "step", "null_rate")
_COUNT = re.compile(rf"\b(\d{{1,4}}|{WORD_NUM})\s+((?:(?:[^\W\d_]|-)+\s*){{1,4}})")  # 'départements' too
_EACH = re.compile(r"\b(?:per|for each|for every|each|by|of each)\s+((?:[a-z-]+\s+){0,2}?)([a-z]+)\b(?=\s*(?:$|[,.;]|(?:from|in|during|over|since|for|at|with|and|between|of|to|per|every|each)\b))")
_WINDOW = re.compile(rf"\b(?:since|after|from)\s+(?:its|the|their|our|his|her|my)\s+[a-z]+\s+(?:in\s+|on\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|(?:19|20)\d\d)|\b(?:last|past|this|previous)\s+(?:(?:\d+|{WORD_NUM})\s+)?(?:day|week|month|quarter|year)s?\b|\b(?:during|throughout|in|for|since|from|between|over|across|spanning|covering|of)\s+(?:the\s+|a\s+|an\s+|one\s+)?(?:last|past|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|(?:19|20)\d\d|school year|academic year|(?:\d+|{WORD_NUM})\s+(?:day|week|month|quarter|year)s?\b|(?:day|week|month|quarter|year)\b)|\b(?:19|20)\d\d\s*(?:-|–|to|until)\s*(?:19|20)\d\d\b")
_ONE = re.compile(r"\b(?:for|of|at|from|on)\s+(?:a|an|the|one|our|my|a single)\s+(?:[a-z-]+\s+){0,2}?([a-z]+)\b(?=\s*(?:$|[,.;]|(?:during|in|over|since|from|for|between|with|last|this|past|throughout|across|every|per)\b))")
TIME_UNITS = "minute|minutes|hour|hours|day|days|week|weeks|month|months|quarter|year|years|night|unit|person|capita|head|kg|km|cent|percent|row|rows"


def seriesify(columns: list[Column], text: str, today: dt.date, typer: Callable[[str], Column | None] = lambda _: None, named: int = 0) -> dict[str, Any] | None:
    """The `series` key for a description that reads as a series, its columns reshaped in place
    (`typer` types a phrase the way the column builder would: 'cpu load' → a percentage; `named`:
    how many of the columns the description itself listed)."""
    spec, low = data_file("series"), text.lower()
    scope = _outside_columns(low, columns)
    frequency = next((rule["frequency"] for rule in spec["frequency"] if re.search(rule["words"], scope)), None)
    count, noun = _entity_noun(low, text)
    path = _price_path(columns, spec)
    if frequency is None and (count or noun or path or re.search(rf"(?:{spec['series']['words']})", scope)):
        frequency = _named_frequency(columns, spec) or ("business_day" if path else None)  # 'daily ice cream sales … for 5 kiosks'
    if frequency is None and (count or noun) and re.search(spec["undated"]["words"], low):  # 'readings from 40 sensors over the past year'
        frequency = next(rule["frequency"] for rule in spec["undated"]["frequency"] if re.search(rule["words"], low))
    if frequency is None or (not path and _records(low, spec)):
        return None
    if not count and not noun and not path and not re.search(rf"(?:{spec['series']['words']})", low):
        return None
    columns[:] = [c for c in columns if not says_gap(c, spec)]
    listed = bool(re.search(r":|\bwith\b", low)) or named >= 2  # 'response time and error count per minute'
    measured(columns, low, spec, typer, keep=listed)  # 'daily sales per store with a promo flag': sales joins the list
    for column in columns:
        per = re.search(rf"(?:_per_[a-z]+)*_per_(?:{TIME_UNITS})$", column["name"])
        if per and per.start() and column["type"] in NUMERIC:
            column["name"] = column["name"][: per.start()]  # 'transactions per shop per week': the series says per what
        adverb, _, rest = column["name"].partition("_")
        if rest and column["type"] in NUMERIC and any(re.fullmatch(r["words"], adverb) for r in spec["frequency"]):
            column["name"] = rest  # 'daily closing price': the series says how often
    listed_entities = _listed_entities(columns, low, path) or _without_names(columns, _named_entities(text, count))
    time = _time_column(columns, frequency)
    entity, entities = _entity_column(columns, noun, count, low, spec, typer, listed_entities)
    city_entity(entity, columns)
    readings = [c for c in columns if c is not entity and c is not time]
    for column in readings:
        if column["type"] not in NUMERIC and re.fullmatch(r"[a-z]+[^sui'_]s", column["name"]):
            retype(column, {"type": "integer", "min": 0, "max": 100000, "distribution": "lognormal", "mean": 100, "description": column["name"].capitalize()})  # 'signups', 'logins': how many per period
    for column in sorted(readings, key=lambda c: not re.search(spec["reading"][0]["words"], c["name"].replace("_", " "))):
        reading(column, columns, low, spec)  # a price walk first: open, high and low follow it
    weather_readings(columns, text, entity, spec)
    range_readings(columns)
    parts(columns)
    running_totals(columns, spec)
    per_unit(columns, spec)
    if frequency == "day" and any(c.get("model") == "walk" for c in columns):
        frequency = "business_day"  # markets trade on weekdays
    series = {"entity": entity["name"], "entities": entities, "time": time["name"], "frequency": frequency}
    gaps(series, time, columns, low, spec)
    moved(columns, low, spec, daily=frequency in ("day", "business_day", *SUB_DAILY))
    turn_seasons(columns, text, entity, spec)
    working_week(columns, text, spec)
    window = _WINDOW.search(low)
    found = find_dates(low[window.start():], today) if window else None
    if found is not None and not time.get("start"):
        time["start"] = found[0][0].isoformat() + ("T00:00:00" if time["type"] == "datetime" else "")
        time.setdefault("end", found[0][1].isoformat() + ("T23:59:59" if time["type"] == "datetime" else ""))  # the type's default end may come before
    if found is not None and found[0][1] <= today:  # 'during March 2024', 'from 2010 to 2024': rows stop at the window's end
        series["end"] = found[0][1].isoformat()
    return series


def _records(low: str, spec: dict[str, Any]) -> bool:
    """'quarterly water bills for households: account, …': rows that are bills made that often."""
    found = re.match(spec["records"]["pattern"], low)
    if found is None:
        return False
    noun = found.group("noun").split()[-1]
    return not re.search(spec["records"]["readings"], noun) and not re.search(spec["series"]["measured"], noun)


def _named_frequency(columns: list[Column], spec: dict[str, Any]) -> str | None:
    """The frequency a column's name starts with ('daily_ice_cream_sales') or ends with
    ('error_count_per_minute'), taken off the name."""
    for column in columns:
        first, _, rest = column["name"].partition("_")
        head, per, unit = column["name"].rpartition("_per_")
        rule = next((r for r in spec["frequency"] if rest and re.fullmatch(r["words"], first)), None)
        if rule is None and per:
            rule, rest = next((r for r in spec["frequency"] if re.fullmatch(r["words"], f"per {unit}")), None), head
        if rule is not None and column["type"] in NUMERIC and not re.search(spec["series"]["rates"], rest.replace("_", " ")):
            column["name"] = rest
            return rule["frequency"]
    return None


def _price_path(columns: list[Column], spec: dict[str, Any]) -> bool:
    """Three or more of open, high, low and close among the columns: a price path."""
    names = {c["name"] for c in columns}
    return sum(any(re.fullmatch(group, name) for name in names) for group in spec["price_path"]) >= 3


def scope_split(item: str) -> tuple[str, str]:
    """'mean temperature at 35 weather stations in Kenya' → ('mean temperature', 'at 35 weather
    stations in Kenya'): a column phrase and the entities and window it is measured over."""
    item = re.sub(data_file("series")["reading_lead"], "", item, flags=re.I)  # 'time series of water level', 'a daily log of …'
    found = re.search(data_file("series")["scope_tail"], item, re.I) or _each_entity(item)
    if found is None or not item[: found.start()].strip():
        return item, ""
    return item[: found.start()].strip(), item[found.start() :].strip()


def _each_entity(item: str) -> re.Match | None:
    """'… per country from 2000 to 2020': the series' entity, not a rate's unit ('per capita')."""
    found = re.search(data_file("series")["each_entity"], item, re.I)
    if found is None:
        return None
    spec, noun = data_file("series"), singular(found.group("noun").lower())
    kinds = spec["series"]["entity_types"]
    return found if re.fullmatch(spec["entity_nouns"], noun) or any(c and c.type in kinds for c in (lookup(noun), lookup(f"{noun} name"))) else None


def series_said(text: str) -> bool:
    """Whether the description says how often something is measured."""
    low = text.lower()
    return any(re.search(rule["words"], low) for rule in data_file("series")["frequency"])


def says_when(item: str) -> bool:
    """A list item that only says how often and for how long ('every minute for one day')."""
    return re.fullmatch(data_file("series")["when_item"], item.strip().lower()) is not None


def _outside_columns(low: str, columns: list[Column]) -> str:
    """The description without its column phrases: 'hours per week' or 'songs played per day' is a
    column's rate, not how often the rows are measured."""
    scope = re.sub(r"\([^)]*\)", " ", low)
    for column in sorted(columns, key=lambda c: -len(c["name"])):
        words = column["name"].split("_")
        phrase = next((p for k in range(len(words), 1, -1) if (p := " ".join(words[:k])) in scope), column["name"])
        scope = scope.replace(phrase, " ")  # 'hourly price krw' is said 'hourly price in won'
    return scope


def _entity_noun(low: str, text: str = "") -> tuple[int, str]:
    """'5 cold storage rooms' → (5, 'room'); 'per bakery' → (0, 'bakery'). A number after a
    capitalised word is part of a name, not a count ('the FTSE 100, DAX and CAC 40 indices')."""
    named = ""
    for match in _COUNT.finditer(low):
        following = match.group(2).split()
        noun = next((w for w in following if w.endswith("s") and singular(w) != w), None)
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
        return 0, singular(each.group(2))
    one = _ONE.search(low)  # 'for a news website': one entity, named
    return (1, one.group(1)) if one and not re.fullmatch(TIME_UNITS, one.group(1)) else (0, "")


def _time_column(columns: list[Column], frequency: str) -> Column:
    """The date or datetime column the readings are stamped with (made if the description names none)."""
    kind = "datetime" if frequency in SUB_DAILY else "date"
    found = next((c for c in columns if c["type"] in ("date", "datetime", "time") and not re.search(r"birth|born", c["name"])), None)
    if found is None:
        found = {"name": "timestamp" if kind == "datetime" else {"month": "month", "quarter": "quarter", "year": "year_start"}.get(frequency, "date"),
                 "description": "When the reading was taken"}
        columns.insert(0, found)
    start = found.get("start", "")
    retype(found, {"type": kind}, KEPT)
    if start:
        found["start"] = start[:10] if kind == "date" else (start if "T" in start else f"{start}T00:00:00")
    return found


_LISTED = re.compile(r"\bof\s+((?:[^,:;.()]{2,30},\s*)+[^,:;.()]{2,30}?\s+and\s+[^,:;.()]{2,30}?)(?=\s+(?:for|since|over|from|during|in|between|across|at|on)\b|\s*[:;.]|$)")


def _listed_entities(columns: list[Column], low: str, path: bool) -> list[str]:
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
    return [item[0].upper() + item[1:] for item in items]


_NAME = r"[A-Z][\w&.'/-]*(?:\s+(?:[A-Z][\w&.'/-]*|\d+\b))*"  # 'CAC 40', 'S&P 500'
_NAMED = re.compile(rf"\b(?:of|for|from|at)\s+(?:the\s+)?((?:{_NAME}\s*,\s*)*{_NAME},?\s+and\s+{_NAME})\b")


def _named_entities(text: str, count: int) -> list[str]:
    """'one-minute bars for Brent and WTI crude futures': things named with capitals and joined by
    'and' after 'of' or 'for' are the entities (when no other number of them is said)."""
    found = _NAMED.search(text)
    if found is None:
        return []
    names = [name.strip() for name in re.split(r"\s*,\s*(?:and\s+)?|,?\s+and\s+", found.group(1)) if name.strip()]
    return names if len(names) >= 2 and count in (0, len(names)) else []


def _without_names(columns: list[Column], names: list[str]) -> list[str]:
    """The named entities, their names taken out of the columns: 'closing values of the FTSE 100,
    DAX and CAC 40 indices' lists no 'dax' or 'cac' column, and the reading is the closing values."""
    keys = [re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") for name in names]
    columns[:] = [c for c in columns if not any(c["name"] == key or key.startswith(c["name"] + "_") or c["name"].startswith(key + "_") for key in keys[1:])]
    for column in columns:
        cut = next((column["name"].index(f"_of_{keys[0]}") for _ in [0] if f"_of_{keys[0]}" in column["name"]), None) if keys else None
        if cut and column["type"] in NUMERIC:
            column["name"] = column["name"][:cut]
    return names


def _implied_count(low: str, spec: dict[str, Any]) -> int:
    """How many entities a closed set the description names has ('by US state': 50), or 0."""
    return next((rule["count"] for rule in spec["entity_size"] if re.search(rule["words"], low)), 0)


def _entity_column(columns: list[Column], noun: str, count: int, low: str, spec: dict[str, Any], typer: Callable[[str], Column | None],
                   named: list[str]) -> tuple[Column, int]:
    """The column naming the entity (made if missing), and how many entities there are."""
    found = next((c for c in columns if noun and re.search(rf"\b{re.escape(noun)}", c["name"].replace("_", " ")) and c["type"] not in NUMERIC), None)
    prices = any(re.search(spec["reading"][0]["words"], c["name"].replace("_", " ")) for c in columns)
    assets = assets_named(low, spec)
    assets = [] if count and count != len(assets) else assets  # '6 gold mining shares' are not gold
    if named:
        name = "company" if re.search(r"\b(?:shares?|stocks?|equit)", low) else "asset" if prices else noun or "entity"
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

