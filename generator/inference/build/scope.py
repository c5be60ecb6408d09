"""Columns typed and scoped by what the description says before their relations are added
(data/relate.toml, data/shapes.toml): names and free text typed by what they are (a film title,
a review that follows its rating), the two ends of one range typed alike, the description's date
window on every event date, and "12 sensors" as exactly 12 different sensors."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from generator.inference.build.kinds import kinds
from generator.inference.build.links import Column, agent_noun, free, retype, thing_names, words
from generator.inference.build.wholes import is_cap
from generator.inference.knowledge.loader import data_file
from generator.inference.read.dates import find_dates
from generator.inference.text import WORD_NUM, parse_number, singular


def scope(columns: list[Column], text: str, today: dt.date) -> None:
    """Type and scope the columns (see the module docstring), in place."""
    patterns = data_file("relate")
    _retype(columns, patterns, text)
    _twins(columns, patterns)
    _moment_heads(columns)
    _quantity_heads(columns)
    _plural_counts(columns)
    _durations(columns)
    _window(columns, text, today)
    _counts(columns, patterns, text)


# --- types and windows ---



def _retype(columns: list[Column], patterns: dict[str, Any], text: str) -> None:
    """Names and free text typed by what they are (data/relate.toml `retype`): a film title,
    a review that follows its rating, a car model of its make."""
    for column in [c for c in columns if not _listed(c, text)]:
        # A bare "title" or "name" is the title or name of what the description is about.
        said = text.lower() if re.fullmatch(r"(?:title|name)", words(column)) and column["type"] == "catch_phrase" else words(column)
        for rule in patterns["retype"]:
            if column["type"] not in rule["from"] or not re.search(rf"(?<![a-z0-9])(?:{rule['words']})", said) or not re.search(rule.get("context", ""), text, re.I):
                continue
            follows = {key: _follow_column(columns, column, key, pattern) for key, pattern in rule.get("follow", {}).items()}
            if rule.get("require") and not follows.get(rule["require"]):
                continue
            retype(column, {"type": rule["to"], **rule.get("params", {}), **{key: name for key, name in follows.items() if name}})
            break
        if column["type"] == "catch_phrase":
            _numbered_name(column)


def _listed(column: Column, text: str) -> bool:
    """A category whose values the description lists ('property type (flat, house)') keeps them."""
    values = column.get("values") or []
    return column["type"] == "category" and len(values) >= 2 and all(str(v).lower() in text.lower() for v in values)


def _numbered_name(column: Column) -> None:
    """A name nothing above placed ('gauge name'): the thing numbered ('Gauge 7') or, for a place or
    body, named ('Oakwood Farm'), never a catch phrase; a doer's name ('grower name', 'head brewer
    name') is a person's."""
    head = [w for w in words(column).split() if w not in ("name", "title", "label", "id")]
    if head and agent_noun(head[-1]) and re.search(r"(?:^|\s)name$", words(column)):
        retype(column, {"type": "full_name"})
    elif head:
        retype(column, thing_names(head[-1], data_file("shapes")["numbered_count"]))


def _follow_column(columns: list[Column], column: Column, key: str, pattern: str | list[str]) -> str | None:
    """The column `column` follows for parameter `key`: the first matching `pattern` (or the
    first pattern of a list that any column matches), of a type that can hold what the key needs."""
    numbers = kinds().numeric - {"year", "percentage"}
    wanted = {"rating_column": numbers, "experience_column": numbers | {"derived"}, "spam_column": {"boolean"}}.get(key, {"category", "product_category", "department", "car_make", "cuisine"})
    if key == "product_column":  # what a review names: a product or its category, a restaurant, a hotel
        wanted = wanted | {"product", "product_name", "restaurant_name", "hotel_name"}
    patterns = [pattern] if isinstance(pattern, str) else pattern
    found = next((c for one in patterns for c in columns if c is not column and c["type"] in wanted and re.search(rf"(?<![a-z0-9])(?:{one})", words(c))), None)
    if found is None and key == "spam_column":  # a label column whose values are spam and ham
        found = next((c for c in columns if c["type"] == "category" and any(re.search(patterns[0], str(v).lower()) for v in c.get("values", []))), None)
    return found["name"] if found else None


def _moment_heads(columns: list[Column]) -> None:
    """'stoppage start', 'shift end': a column whose last word is the start or end of something is a
    moment (a datetime), whatever an earlier word named."""
    for column in columns:
        last = words(column).split()[-1]
        measured_then = re.search(r"\b(?:at|of|on|by)\s+(?:the\s+)?\w+$", words(column))  # 'battery at start' is a reading
        if last in ("start", "end", "begin", "finish", "started", "ended", "finished", "began") and not measured_then and column["type"] not in kinds().moments | kinds().made | {"time"}:
            retype(column, {"description": words(column).capitalize(), "type": "datetime"})


def _quantity_heads(columns: list[Column]) -> None:
    """'stadium capacity', 'household size': the last word says what is measured, a number, even
    when an earlier word named a thing (the stadium)."""
    heads, overriding = data_file("shapes")["quantity_heads"], data_file("shapes")["overriding_heads"]
    for column in columns:
        last = words(column).split()[-1]
        other_number = last in overriding and column["type"] in kinds().numeric - {"year", "age"} and last not in column.get("description", last).lower()  # 'room capacity' is no room number
        if last in heads and (column["type"] not in kinds().numeric | kinds().made | kinds().place or other_number) and column["type"] not in ("boolean", "date", "datetime", "time"):
            retype(column, {"description": words(column).capitalize(), "type": "integer", **heads[last]})


def _plural_counts(columns: list[Column]) -> None:
    """'seats', 'vehicles' as a column of codes (one seat's number), 'min players' as a person,
    'previous claims' as a claim's amount, 'years licensed' as a calendar year, 'weeks waited' as a
    week of the year, 'minutes per day' as a minute of the hour: a plural thing, a
    least or most of one, the earlier ones, or years of something, mean how many."""
    shapes = data_file("shapes")
    for column in columns:
        last = words(column).split()[-1]
        if (column["type"] in ("year", "date") or column["type"] not in kinds().numeric and re.match(r"years since\b", words(column))) and re.search(shapes["years_counted"], words(column)):  # 'years licensed', 'years since diagnosis': how many years
            retype(column, {"description": words(column).capitalize(), "type": "integer", "unit": "years", **shapes["years_count"]})
            continue
        spent = re.match(rf"({'|'.join(shapes['units_counted'])}) (?:of|since|in|at|as|on|with|to|spent|per|[a-z]+ed)\b", words(column))
        if spent and column.get("unit") != spent.group(1) and column["type"] not in kinds().made:  # 'hours on site': how long
            booked = re.search(rf"\b(?:{shapes['units_booked']['words']})\b", words(column)) and spent.group(1) in shapes["units_booked"]
            spec = shapes["units_booked"][spent.group(1)] if booked else shapes["units_counted"][spent.group(1)]
            retype(column, {"description": words(column).capitalize(), "type": "decimal" if "decimals" in spec else "integer", "unit": spent.group(1), **spec})
            continue
        earlier = re.fullmatch(rf"(?:{shapes['earlier_things']}) \w+", words(column)) and singular(last) != last and column["type"] not in ("integer", "derived")
        if earlier:  # 'previous claims', 'past purchases': how many there were
            retype(column, {"description": words(column).capitalize(), "type": "integer", **shapes["earlier_count"]})
            continue
        ranged = re.match(r"(?:min|max|minimum|maximum|number of|num|no of) ", words(column)) and column["type"] not in kinds().numeric
        if ranged and singular(last) != last or column["type"] == "code" and singular(last) != last and not re.search(r"\b(?:id|ids|number|numbers|no|code|codes)\b", words(column)):
            small = {"min": 1, "max": 12, "distribution": "poisson", "mean": 3} if ranged else {"min": 0, "max": 500, "distribution": "lognormal", "mean": 60}
            retype(column, {"description": words(column).capitalize(), "type": "integer", **small})


def _durations(columns: list[Column]) -> None:
    """'play time in minutes', 'wait hours', 'drying time (days)': a time with a unit of its own is
    how long, not when."""
    counted = data_file("shapes")["units_counted"]
    for column in columns:
        unit = re.search(r"\b(minutes|mins|hours|hrs|seconds|secs|days|weeks|months)\b", f"{words(column)} {column.get('unit', '')}")
        if column["type"] in ("time", "datetime") and unit and unit.group(1) in ("days", "weeks", "months"):
            retype(column, {"type": "integer", **counted[unit.group(1)], "unit": unit.group(1)})
        elif column["type"] in ("time", "datetime") and unit:
            high = {"minutes": 240, "mins": 240, "hours": 48, "hrs": 48}.get(unit.group(1), 3600)
            retype(column, {"type": "integer", "min": 1, "max": high, "distribution": "lognormal", "mean": round(high / 6), "unit": unit.group(1)})


def _twins(columns: list[Column], patterns: dict[str, Any]) -> None:
    """'salary from, salary to (USD)', 'battery at start %, battery at end %': the two ends of one
    range are one kind of value; a twin typed from its range word (end → a date) takes the other's type."""
    spec = patterns["stem_range"]
    ends = rf"{spec['high']}|{spec['low']}|start|end|begin|finish|before|after|opening|closing"
    stems: dict[str, list[Column]] = {}
    for column in columns:
        stem, count = re.subn(rf"\b(?:at )?(?:{ends})\b", "", words(column))
        if count and stem.split():
            stems.setdefault(" ".join(stem.split()), []).append(column)
    for twins in stems.values():
        numeric = next((c for c in twins if c["type"] in kinds().numeric), None)
        for column in twins:
            if numeric is not None and column["type"] not in kinds().numeric and column["type"] not in kinds().made:
                kept: dict[str, Any] = {key: column[key] for key in ("name", "null_rate") if key in column}
                column.clear()
                column.update({**{k: (list(v) if isinstance(v, list) else v) for k, v in numeric.items()}, **kept})


_WINDOW = re.compile(r"\b(?:during|throughout|in|for|since|from|between|over|covering|spanning|within)\b\s+(?:the\s+)?(?:last|past|year|month|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|q[1-4]|(?:19|20)\d\d|\d|one|two|three|four|five|six|seven|eight|nine|ten"
                     r"|(?:autumn|spring|summer|fall|winter|michaelmas|lent|hilary|trinity|easter)\s+(?:term|semester|quarter|session)\b"
                     r"|(?:summer|autumn|fall|winter|spring)\s+(?:of\s+)?(?:19|20)\d\d\b)", re.I)


def _window(columns: list[Column], text: str, today: dt.date) -> None:
    """'during 2024', 'since 2018', 'over the last three years': every event date lies in it."""
    said = _WINDOW.search(text)
    found = find_dates(text[said.start():].lower(), today) if said else None
    if found is None:
        return
    (start, end), _ = found
    for column in columns:
        if column["type"] in kinds().moments and free(column) and not re.search(r"birth|born|dob", words(column)):
            if column["type"] == "date":
                column.update({"start": start.isoformat(), "end": end.isoformat()})
            else:
                column.update({"start": f"{start.isoformat()}T00:00:00", "end": f"{end.isoformat()}T23:59:59"})


_STOP = r"(?!(?:in|at|of|for|from|during|over|per|with|and|or|across|each|every|a|an|the|to|by|on)\b)"
_COUNTED = re.compile(rf"\b(\d{{1,5}}|{WORD_NUM}|a dozen|dozen)\s+((?:{_STOP}[a-z-]+\s+){{0,3}})({_STOP}[a-z]+)\b", re.I)


def _counts(columns: list[Column], patterns: dict[str, Any], text: str) -> None:
    """'12 sensors': the column named after the counted thing holds exactly 12 different values."""
    skip = re.compile(rf"^(?:{patterns['counts']['not_entities']})$")
    for match in _COUNTED.finditer(text.lower()):
        if is_cap(text.lower(), match.start()):
            continue  # 'max 12 paddlers per group' caps a count, it is no number of paddlers
        count = match.group(1)
        number = 12 if "dozen" in count else int(parse_number(count) or 0)
        if skip.match((match.group(2) or match.group(3)).split()[0]) or not 2 <= number <= 10_000 or not count[0].isdigit() and count in ("few", "several", "couple", "a few", "a couple"):
            continue
        said = f"{match.group(2)}{match.group(3)}".split()  # '8 public library branches': the branches
        nouns = [singular(w) for w in said if singular(w) != w]  # '12 sensors' counts; 'week 12 weight' does not
        countable = [c for c in columns if c["type"] not in kinds().person | kinds().place | kinds().made - {"id"} | kinds().moments | {"boolean", "time"}]
        column = next((c for noun in nouns for c in countable if re.search(rf"\b{re.escape(noun)}", words(c))), None)
        if column is not None and "distinct" not in column and "depends_on" not in column:
            column["distinct"] = number
