"""Events in time (data/relate.toml): an end time after its start by minutes, a later event's
date after the earlier one, events named one after another in that order, later events that only
some rows reach, and the hours of the day people keep."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from generator.inference.build.kinds import kinds
from generator.inference.build.links import Column, can_depend, earlier, free, retype, said, words


def event_nouns(columns: list[Column], patterns: dict[str, Any]) -> None:
    """'biometrics appointment' between 'submitted on' and 'decision date', or 'incision' and
    'closure' in an operating log: an event no type placed is a moment like the row's others."""
    spec = patterns["event_noun"]
    placeholder = [c for c in columns if c["type"] == "category" and c.get("values") and all(re.match(spec["codes"], str(v)) for v in c["values"])]
    events = [c for c in placeholder if said(spec["words"], words(c))]
    moments = [c for c in columns if c["type"] in kinds().moments]
    if not events or len(events) + len(moments) < 2:
        return
    kind = "date" if moments and all(c["type"] == "date" for c in moments) else "datetime"
    for column in events:
        retype(column, {"type": kind})


def time_pairs(columns: list[Column], patterns: dict[str, Any], text: str) -> None:
    """An end time (or datetime) follows its start by minutes, not days."""
    pairs = [pair for pair in patterns["time_pair"] if re.search(rf"\b(?:{pair.get('context', '')})", text, re.I)]  # 'workshop' is no 'work' shift
    for column in [c for c in columns if c["type"] in ("time", "datetime") and not {"at_least", "depends_on"} & set(c)]:
        for pair in pairs:
            if not said(pair["end"], words(column)):
                continue
            start = next((c for c in earlier(columns, column) if c["type"] == column["type"] and said(pair["start"], words(c)) and not said(pair["end"], words(c))), None)
            last = event_between(columns, start, column, patterns) if start is not None else None
            if last is not None and can_depend(columns, column, last["name"]):  # ordered, shipped, delivered: delivered follows shipped
                follow(column, last, gap_after(column, last, patterns) or [g / 1440 for g in pair["gap"]])
                break
            if start is not None and can_depend(columns, column, start["name"]):
                for key in ("after", "min_days", "max_days"):
                    column.pop(key, None)
                column.update({"at_least": start["name"], "gap": list(pair["gap"])})
                break


def later_events(columns: list[Column], patterns: dict[str, Any]) -> None:
    """A later event's date follows the nearest earlier event named before it (shipped, out for
    delivery, delivered), passing over deadlines (a due date is not an event that happened)."""
    spec = patterns["later_event"]
    later, deadline = re.compile(rf"\b(?:{spec['words']})"), re.compile(rf"\b(?:{spec['deadlines']})")
    low, high = spec["min_days"], spec["max_days"]
    for column in [c for c in columns if c["type"] in kinds().moments and free(c) and later.search(words(c))]:
        start = next((c for c in earlier(columns, column) if c["type"] in kinds().moments and not deadline.search(words(c)) and not said(r"birth|born|dob", words(c))
                      and not _past_end(column, c, patterns)), None)
        if start is None or not can_depend(columns, column, start["name"]):
            continue
        gap = gap_after(column, start, patterns)
        if gap:
            follow(column, start, gap)
        else:
            for key in ("start", "end"):
                column.pop(key, None)
            column.update({"after": start["name"], "min_days": low, "max_days": high})


def in_order(columns: list[Column], patterns: dict[str, Any]) -> None:
    """Events named one after another happen in that order (applied, interviewed, offered;
    arrival, triage, seen, discharge): an event moment no rule placed follows the one named before it."""
    spec = patterns["in_order"]
    for kind, gap in (("date", spec["days"]), ("datetime", spec["minutes"]), ("time", spec["minutes"])):
        chain = [c for c in columns if c["type"] == kind and not said(spec["not_events"], words(c))]
        for index, column in enumerate(chain[1:], 1):
            before = next((c for c in reversed(chain[:index]) if not _past_end(column, c, patterns)), chain[index - 1])
            usual = gap_after(column, before, patterns)
            if free(column) and "present_when" not in column and can_depend(columns, column, before["name"]):
                if usual:
                    follow(column, before, usual)
                elif kind == "date":
                    for key in ("start", "end"):
                        column.pop(key, None)
                    column.update({"after": before["name"], "min_days": gap[0], "max_days": gap[1]})
                else:
                    column.update({"at_least": before["name"], "gap": list(gap)})


def previous_first(columns: list[Column], patterns: dict[str, Any]) -> None:
    """'previous inspection date' beside 'inspection date': the earlier taking of the same event
    comes first, by the usual interval between two takings; the event follows it."""
    spec = patterns["earlier_moment"]
    for before in [c for c in columns if c["type"] in kinds().moments and said(spec["words"], words(c))]:
        own = set(re.sub(rf"\b(?:{spec['words']})\b", " ", words(before)).split())
        column = next((c for c in columns if c is not before and c["type"] == before["type"] and set(words(c).split()) == own), None)
        if column is not None and free(column) and free(before) and can_depend(columns, column, before["name"]):
            if column.get("end") and before.get("end") and before["type"] == "date":  # the event keeps within the window it had
                before["end"] = min(before["end"], (dt.date.fromisoformat(column["end"][:10]) - dt.timedelta(days=spec["days"][1])).isoformat())
                before["start"] = min(before.get("start", before["end"]), before["end"])
            follow(column, before, list(spec["days"]))


def gap_after(column: Column, before: Column, patterns: dict[str, Any]) -> list[float] | None:
    """The usual gap in days from the event named before to this one, by their verbs ([[event_gap]])."""
    for rule in patterns["event_gap"]:
        if column["type"] in rule.get("types", (column["type"],)) and said(rule["words"], words(column)) \
                and ("after" not in rule or said(rule["after"], words(before))):
            return list(rule["days"]) if "days" in rule else [m / 1440 for m in rule["minutes"]]
    return None


def follow(column: Column, before: Column, days: list[float]) -> None:
    """Place an event after the one named before it by a gap in days: whole days for a date, minutes
    for a datetime (or a time of day, within the day)."""
    low, high = days
    if column["type"] == "time" and high > 1:
        return
    if column["type"] == "date" or before["type"] != column["type"]:
        for key in ("start", "end", "at_least", "gap"):
            column.pop(key, None)
        column.update({"after": before["name"], "min_days": math.floor(low), "max_days": max(math.ceil(high), math.floor(low))})
        return
    for key in ("after", "min_days", "max_days"):
        column.pop(key, None)
    column.update({"at_least": before["name"], "gap": [round(low * 1440), round(high * 1440)]})


def event_between(columns: list[Column], start: Column, column: Column, patterns: dict[str, Any]) -> Column | None:
    """The last event of the column's kind named between a start and the column: the one it follows."""
    skip = f"{patterns['later_event']['deadlines']}|{patterns['in_order']['not_events']}"
    found = [c for c in columns[columns.index(start) + 1 : columns.index(column)] if c["type"] == column["type"] and not said(skip, words(c))]
    return found[-1] if found else None


def _past_end(column: Column, before: Column, patterns: dict[str, Any]) -> bool:
    """An event that ends things part-way (a dropout) follows the start, not the end before it."""
    spec = patterns["interrupt"]
    return said(spec["words"], words(column)) and said(spec["ends"], words(before))


def sometimes(columns: list[Column], patterns: dict[str, Any]) -> None:
    """A later event that only some rows reach (a completion, a return) is missing for the others,
    unless a status column decides (present_when, added later)."""
    spec = patterns["later_event"]
    for column in columns:
        if said(spec["deadlines"], words(column)):  # a planned completion is there for every row
            continue
        if column["type"] in kinds().moments and column.get("after") and not column.get("null_rate") and "present_when" not in column and said(spec["sometimes"], words(column)):
            column["null_rate"] = spec["null_rate"]


def clock(columns: list[Column], patterns: dict[str, Any], text: str) -> None:
    """Times fall in the hours the subject keeps, scheduled ones on a quarter-hour grid (not where
    people turn up when they need to: a taxi's pickup, an arrival at the emergency room)."""
    profile = next((rule["profile"] for rule in patterns["clock"] if re.search(rf"\b(?:{rule['words']})", text, re.I)), None)
    scheduled = re.compile(rf"\b(?:{patterns['scheduled']['words']})")
    on_demand = re.search(rf"\b(?:{patterns['scheduled']['on_demand']})", text, re.I) is not None
    for column in columns:
        if column["type"] not in ("time", "datetime") or column.get("after"):
            continue
        own = next((r["profile"] for r in patterns["moment_clock"] if said(r["words"], words(column)) and re.search(rf"\b(?:{r['context']})", text, re.I)), None)
        if (own or profile) and "profile" not in column and "at_least" not in column:
            column["profile"] = own or profile
        if "step" not in column and scheduled.search(words(column)) and not (on_demand and not said(patterns["scheduled"]["booked"], words(column))):
            column["step"] = patterns["scheduled"]["step"]
            if column.get("profile", "daytime") in patterns["scheduled"]["replaces"] and column["type"] == "time" and "at_least" not in column:
                column["profile"] = patterns["scheduled"]["profile"]


def life_events(columns: list[Column], patterns: dict[str, Any]) -> None:
    """A birth date the right years before the life event the row records (hired at 16 to 60)."""
    birth = next((c for c in columns if re.search(r"\bbirth|\bdob\b|\bborn\b", words(c)) and c["type"] in ("date", "date_of_birth")), None)
    if birth is None or not free(birth):
        return
    for rule in patterns["life_event"]:
        event = next((c for c in columns if c is not birth and c["type"] == "date" and said(rule["event"], words(c))), None)
        if event is not None and can_depend(columns, birth, event["name"]):
            for key in ("start", "end"):
                birth.pop(key, None)
            birth.update({"at_most": event["name"], "gap": list(rule["gap"])})
            return
    _born_before(columns, birth)


def event_ages(columns: list[Column], patterns: dict[str, Any]) -> None:
    """'age at death' beside the birth date and the date of death: the whole years between them."""
    birth = next((c for c in columns if re.search(r"\bbirth|\bdob\b|\bborn\b", words(c)) and c["type"] in ("date", "date_of_birth")), None)
    for age in [c for c in columns if c["type"] in ("age", "integer") and free(c)]:
        said_at = re.fullmatch(r"age (?:at|on|of) (?:the )?(\w+)", words(age))
        if said_at is None:
            continue
        point = said_at.group(1)[:5]  # 'death' names 'date of death', 'diagnosis' 'diagnosed on'
        event = next((c for c in columns if c["type"] == "date" and c is not birth and any(w.startswith(point) for w in words(c).split())), None)
        if birth is not None and event is not None and can_depend(columns, age, event["name"]) and can_depend(columns, age, birth["name"]):
            retype(age, {"type": "derived", "expression": f"floor(({event['name']} - {birth['name']}) / 365.25)",
                         "description": f"Whole years from {words(birth)} to {words(event)}"}, ("name", "unit", "null_rate"))


def _born_before(columns: list[Column], birth: Column) -> None:
    """No life event named: the row's first other dated event still comes after the birth, by the
    ages the birth date's own range spans (a cow calves after it is born)."""
    event = next((c for c in columns if c is not birth and c["type"] == "date" and not said(r"death|died|deceased", words(c))), None)
    try:
        oldest, youngest, latest = (dt.date.fromisoformat(str(c.get(key))) for c, key in ((birth, "start"), (birth, "end"), (event or {}, "end")))
    except ValueError:
        return
    if event is not None and latest > youngest and can_depend(columns, birth, event["name"]):
        gap = [max(0, (latest - youngest).days), (latest - oldest).days]
        for key in ("start", "end"):
            birth.pop(key, None)
        birth.update({"at_most": event["name"], "gap": gap})


def before(columns: list[Column], patterns: dict[str, Any], text: str) -> None:
    """A cancellation before the stay it cancels, a booking before the trip (or before the date
    named after what the rows are about, the wedding of a wedding booking): days before it."""
    subject = [w for w in re.findall(r"[a-z]{4,}", text.split(":")[0].lower()) if not re.fullmatch(patterns["before_subject"]["skip"], w)]
    for rule in patterns["before"]:
        for column in [c for c in columns if c["type"] in kinds().moments and said(rule["date"], words(c))]:
            others = [c for c in columns if c is not column and c["type"] in kinds().moments and not said(rule["date"], words(c))]
            other = next((c for c in others if said(rule["other"], words(c))), None) or next((c for c in others if rule.get("subject") and set(subject) & set(words(c).split())), None)
            if other is not None and "at_most" not in column and can_depend(columns, column, other["name"]):
                for key in ("after", "min_days", "max_days", "start", "end", "at_least"):
                    column.pop(key, None)
                minutes = 1440 if column["type"] == "datetime" else 1  # a datetime's gap is in minutes
                column.update({"at_most": other["name"], "gap": [rule["gap"][0] * minutes, rule["gap"][1] * minutes]})


def spans(columns: list[Column], patterns: dict[str, Any]) -> None:
    """'nights' beside check-in and check-out, 'days absent' beside the first and the last day:
    the difference of the two dates (inclusive of both days where the count says so)."""
    spec = patterns["span"]
    end = next((c for c in columns if c["type"] == "date" and c.get("after")), None)
    if end is None:
        return
    for column in [c for c in columns if c["type"] == "integer" and said(spec["count"], words(c)) and free(c) and "depends_on" not in c and not said(spec["not_span"], words(c))]:
        if can_depend(columns, column, end["name"]):
            extra = " + 1" if said(spec["inclusive"], words(column)) else ""
            per = spec["days_per"].get(column.get("unit", ""), 1)  # a length in months is the days over a month's
            difference = f"{end['name']} - {end['after']}{extra}" if per == 1 else f"round(({end['name']} - {end['after']}) / {per}, 1)"
            retype(column, {"type": "derived", "expression": difference,
                            "description": f"Days from {end['after'].replace('_', ' ')} to {end['name'].replace('_', ' ')}{' (both counted)' if extra else ''}"}, ("name", "unit", "null_rate"))
            return


def made_years(columns: list[Column], patterns: dict[str, Any]) -> None:
    """A year a thing was made (released, built, founded) is never after a date the row records of
    it later (added, listed, sold, reviewed): no film released in 2024 and added in 2020."""
    spec = patterns["made_year"]
    dates = [c for c in columns if c["type"] in ("date", "datetime") and said(spec["date"], words(c)) and not said(spec["not_date"], words(c))]
    for year in [c for c in columns if c["type"] == "year" and free(c) and said(spec["year"], words(c))]:
        later = next((d for d in dates if can_depend(columns, year, d["name"])), None)
        if later is not None:
            year["at_most"] = later["name"]
