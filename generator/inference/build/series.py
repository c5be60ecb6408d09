"""Series and panels from the description (data/series.toml): "temperature in 5 cold storage rooms
every 10 minutes", "daily loaves sold per bakery", "hourly bitcoin candles with open, high, low,
close". The columns become an entity column, a time column and readings (`series_value`), and the
schema gets a `series` key; the rows asked for decide the span."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from generator.inference.build.links import retype
from generator.inference.build.memory import held_within, near_bound, ratios, remembered, together
from generator.inference.build.readings import KEPT, NUMERIC, SUB_DAILY, gapped_pairs, gaps, measured, moved, parts, per_unit, range_readings, reading, running_totals, says_gap
from generator.inference.build.series_entities import TIME_UNITS, entity_column, entity_noun, listed_entities, named_entities, without_names
from generator.inference.build.weather import city_entity, turn_seasons, weather_readings, working_week
from generator.inference.knowledge.concepts import lookup
from generator.inference.knowledge.loader import data_file
from generator.inference.read.country import named_city
from generator.inference.read.dates import find_dates
from generator.inference.text import WORD_NUM, singular

Column = dict[str, Any]
_WINDOW = re.compile(rf"\b(?:since|after|from)\s+(?:its|the|their|our|his|her|my)\s+[a-z]+\s+(?:in\s+|on\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|(?:19|20)\d\d)|\b(?:last|past|this|previous)\s+(?:(?:\d+|{WORD_NUM})\s+)?(?:day|week|month|quarter|year)s?\b|\b(?:during|throughout|through|in|for|since|from|between|over|across|spanning|covering|of)\s+(?:the\s+|a\s+|an\s+|one\s+)?(?:last|past|(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|(?:19|20)\d\d|school year|academic year|(?:\d+|{WORD_NUM})\s+(?:day|week|month|quarter|year)s?\b|(?:day|week|month|quarter|year)\b)|\b(?:19|20)\d\d\s*(?:-|–|to|until)\s*(?:19|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*(?:-|–|to|until|through)\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d\d\b|\b(?:over|during|in|through|throughout)\s+(?:the\s+)?(?:summer|autumn|fall|winter|spring)\s+(?:of\s+)?(?:19|20)\d\d\b|,\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d\d\s*(?:[,;.]|$)")


def seriesify(columns: list[Column], text: str, today: dt.date, typer: Callable[[str], Column | None] = lambda _: None, named: int = 0) -> dict[str, Any] | None:
    """The `series` key for a description that reads as a series, its columns reshaped in place
    (`typer` types a phrase the way the column builder would: 'cpu load' → a percentage; `named`:
    how many of the columns the description itself listed)."""
    spec, low = data_file("series"), text.lower()
    scope = _outside_columns(low, columns)
    frequency = next((rule["frequency"] for rule in spec["frequency"] if re.search(rule["words"], scope)), None)
    count, noun = entity_noun(low, text)
    path = _price_path(columns, spec)
    if count == 1 and named_entities(text, 0):
        count, noun = 0, ""  # 'at the Louvre, the Prado and the Uffizi': three named, not one Louvre
    entities_said = bool(count or noun or named_entities(text, count))
    if frequency is None and (entities_said or path or re.search(rf"(?:{spec['series']['words']})", scope)):
        sure = (count > 1 or bool(named_entities(text, count))) and _WINDOW.search(low) is not None  # 'quarterly occupancy rate … for 40 hotels from 2018 to 2024'
        frequency = _named_frequency(columns, spec, sure) or ("business_day" if path else None)  # 'daily ice cream sales … for 5 kiosks'
    if frequency is None and (count or noun) and re.search(spec["undated"]["words"], low):  # 'readings from 40 sensors over the past year'
        frequency = next(rule["frequency"] for rule in spec["undated"]["frequency"] if re.search(rule["words"], low))
    if frequency is None or (not path and _records(low, spec)):
        return None
    if not entities_said and not path and not re.search(rf"(?:{spec['series']['words']})|{spec['undated']['words']}", scope):
        return None  # 'the daily specials board of a bistro: dish, price, …': nothing measured, and a price is a column
    if count == 1 and not path and not re.search(rf"(?:{spec['series']['words']})", scope) and _WINDOW.search(low) is None:
        return None  # 'the daily specials board of a bistro: dish, price': one bistro, no reading and no span
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
    names = listed_entities(columns, low, path) or without_names(columns, named_entities(text, count))
    time = _time_column(columns, frequency)
    entity, entities = entity_column(columns, noun, count, low, spec, typer, names)
    if entities == 1 and entity["name"] == "entity" and (city := named_city(text, anywhere=True)):  # 'daily weather in Oslo': the one entity is Oslo
        entity.update(name="city", values=[city], weights=[1.0], description="Which city the reading is of")
    city_entity(entity, columns)
    readings = [c for c in columns if c is not entity and c is not time]
    for column in readings:
        if column["type"] not in NUMERIC and re.fullmatch(r"[a-z]+[^sui'_]s", column["name"]) or column["type"] == "boolean" and re.fullmatch(r"(?!is_|has_|was_|any_)[a-z]+(?:_[a-z]+)*_[a-z]+[^sui'_]s", column["name"]):  # 'late deliveries': how many
            retype(column, {"type": "integer", "min": 0, "max": 100000, "distribution": "lognormal", "mean": 100, "description": column["name"].replace("_", " ").capitalize()})  # 'signups', 'logins': how many per period
    for column in sorted(readings, key=lambda c: not re.search(spec["reading"][0]["words"], c["name"].replace("_", " "))):
        reading(column, columns, low, spec)  # a price walk first: open, high and low follow it
    weather_readings(columns, text, entity, spec)
    range_readings(columns)
    gapped_pairs(columns)
    parts(columns)
    running_totals(columns, spec)
    per_unit(columns, spec)
    ratios(columns)
    if frequency == "day" and any(c.get("model") == "walk" for c in columns):
        frequency = "business_day"  # markets trade on weekdays
    series = {"entity": entity["name"], "entities": entities, "time": time["name"], "frequency": frequency}
    gaps(series, time, columns, low, spec)
    moved(columns, low, spec, daily=frequency in ("day", "business_day", *SUB_DAILY))
    turn_seasons(columns, text, entity, spec)
    working_week(columns, text, spec)
    held_within(columns, spec)
    remembered(columns, frequency, spec)
    near_bound(columns, spec)
    together(columns, spec)
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
    if re.match(r"[a-z-]*[^s\W] of ", found.group("noun")):
        return False  # 'hourly share of renewables (%)': a measure of them, not rows that are renewables
    noun = found.group("noun").split()[-1]
    return not re.search(spec["records"]["readings"], noun) and not re.search(spec["series"]["measured"], noun)


def _named_frequency(columns: list[Column], spec: dict[str, Any], sure: bool = False) -> str | None:
    """The frequency a column's name starts with ('daily_ice_cream_sales') or ends with
    ('error_count_per_minute'), taken off the name. A rate said that often ('daily rate') is a
    price, not a reading, unless the description also names the things measured and a span of
    time (`sure`): 'quarterly occupancy rate … for 40 hotels from 2018 to 2024'."""
    for column in columns:
        first, _, rest = column["name"].partition("_")
        head, per, unit = column["name"].rpartition("_per_")
        rule = next((r for r in spec["frequency"] if rest and re.fullmatch(r["words"], first)), None)
        if rule is None and per:
            rule, rest = next((r for r in spec["frequency"] if re.fullmatch(r["words"], f"per {unit}")), None), head
        if rule is not None and (sure or (column["type"] in NUMERIC and not re.search(spec["series"]["rates"], rest.replace("_", " ")))):
            column["name"] = rest
            if column["type"] in ("date", "datetime", "time"):  # 'hourly visitor count at …' is a number of visitors, not a moment
                retype(column, {"type": "integer", "min": 0, "max": 100000, "distribution": "lognormal", "mean": 100, "description": rest.replace("_", " ").capitalize()})
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
