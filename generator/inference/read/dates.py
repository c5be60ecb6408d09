"""Date phrases in a description: 'in 2023', 'since 2020', 'in the last two years', 'Q1 2024'.

Each parser returns the bounds it read and the span of text it used, so the caller can remove
that text before reading numbers from the rest (a year is not a range of ages).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable

from generator.inference.knowledge.loader import data_file
from generator.inference.text import WORD_NUM, parse_number

Bounds = tuple[dt.date, dt.date]
_MONTHS = {name[:3].lower(): index for index, name in enumerate(calendar.month_name) if name}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_YEAR = r"((?:19|20)\d\d)"
_ISO = r"(\d{4}-\d\d-\d\d)"
_EVENT = r"(?:(?:(?<=since)|(?<=after)|(?<=from))\s+(?:its|the|their|our|his|her|my)\s+[a-z]+(?:\s+(?:in|on))?)?"  # 'since its launch in January 2021'
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30.44, "quarter": 91.3, "year": 365.25, "decade": 3652.5}


def _shift_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _move(today: dt.date, amount: float, unit: str) -> dt.date:
    """today moved by a number of days, weeks, months, quarters, years or decades (calendar-aware)."""
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120}.get(unit)
    if months is None or not float(amount).is_integer():
        return today + dt.timedelta(days=round(amount * _UNIT_DAYS[unit]))
    total = today.year * 12 + today.month - 1 + int(amount) * months
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


def _month_bounds(year: int, month: int) -> Bounds:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _iso(text: str, today: dt.date) -> tuple[Bounds, re.Match] | None:
    both = re.search(rf"{_ISO}\s*(?:to|-|until|till|through|and)\s*{_ISO}", text)
    if both:
        start, end = sorted((dt.date.fromisoformat(both.group(1)), dt.date.fromisoformat(both.group(2))))
        return (start, end), both
    one = re.search(rf"\b(since|after|from|starting|before|until|till|up to|by|on)?\s*{_ISO}", text)
    if not one:
        return None
    day = dt.date.fromisoformat(one.group(2))
    if one.group(1) in ("before", "until", "till", "up to", "by"):
        return (_shift_years(day, -3), day), one
    if one.group(1) == "on":
        return (day, day), one
    return (day, max(day, today)), one


def _months(text: str, today: dt.date) -> tuple[Bounds, re.Match] | None:
    span = re.search(rf"\b{_MONTH}\s*{_YEAR}\s*(?:to|-|until|till|through|and)\s*{_MONTH}\s*{_YEAR}", text)
    if span:
        start = _month_bounds(int(span.group(2)), _MONTHS[span.group(1)[:3]])[0]
        end = _month_bounds(int(span.group(4)), _MONTHS[span.group(3)[:3]])[1]
        return (min(start, end), max(start, end)), span
    within = re.search(rf"\b{_MONTH}\s*(?:to|-|–|until|till|through|and)\s*{_MONTH}\s*(?:of\s+)?{_YEAR}", text)
    if within:  # 'between March and June 2024'
        year = int(within.group(3))
        start, end = _month_bounds(year, _MONTHS[within.group(1)[:3]])[0], _month_bounds(year, _MONTHS[within.group(2)[:3]])[1]
        return (start, end) if start <= end else (start, _month_bounds(year + 1, _MONTHS[within.group(2)[:3]])[1]), within
    one = re.search(rf"\b(since|after|from|before|until)?{_EVENT}\s*{_MONTH}\s*(?:of\s+)?{_YEAR}", text)
    if not one:
        return None
    start, end = _month_bounds(int(one.group(3)), _MONTHS[one.group(2)[:3]])
    if one.group(1) in ("since", "after", "from"):
        return (start, max(start, today)), one
    if one.group(1) in ("before", "until"):
        return (_shift_years(start, -3), end), one
    return (start, end), one


_ORDINALS = ("first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th")
_QUARTER = r"(?:q([1-4])\s*((?:19|20)\d\d)|((?:19|20)\d\d)\s*q([1-4]))\b"  # 'Q1 2010' or '2010 Q1'


def _quarters(text: str, today: dt.date) -> tuple[Bounds, re.Match] | None:
    """'Q3 2024', '2024 Q3', 'from 2010 Q1 to 2024 Q4', 'the first quarter of 2025': the first
    quarter's start to the last one's end."""
    said = re.search(rf"\b({'|'.join(_ORDINALS)})\s+quarter\s+(?:of\s+)?((?:19|20)\d\d)\b", text)
    if said:
        quarter, year = _ORDINALS.index(said.group(1)) % 4 + 1, int(said.group(2))
        return (dt.date(year, 3 * quarter - 2, 1), _month_bounds(year, 3 * quarter)[1]), said
    match = re.search(rf"\b{_QUARTER}(?:\s*(?:to|-|–|until|through|and)\s*{_QUARTER})?", text)
    if not match:
        return None
    found = [int(g) for g in match.groups() if g]
    (first_quarter, first_year), last = _quarter_of(found[:2]), _quarter_of(found[2:] or found[:2])
    return (dt.date(first_year, 3 * first_quarter - 2, 1), _month_bounds(last[1], 3 * last[0])[1]), match


def _quarter_of(pair: list[int]) -> tuple[int, int]:
    """(quarter, year) from the two numbers said, in either order."""
    return (pair[0], pair[1]) if pair[0] <= 4 else (pair[1], pair[0])


def _years(text: str, today: dt.date) -> tuple[Bounds, re.Match] | None:
    both = re.search(rf"\b(?:between|from)?\s*{_YEAR}\s*(?:to|-|until|till|through|and|or)\s*{_YEAR}\b", text)
    if both:
        low, high = sorted((int(both.group(1)), int(both.group(2))))
        return (dt.date(low, 1, 1), dt.date(high, 12, 31)), both
    one = re.search(rf"\b(in|during|for|of|since|after|from|starting|starting in|before|until|till|up to|through|prior to)?{_EVENT}\s*(?:the year\s+)?{_YEAR}\b", text)
    if not one:
        return None
    year, word = int(one.group(2)), one.group(1)
    if word in ("since", "from", "starting", "starting in"):
        return (dt.date(year, 1, 1), max(dt.date(year, 1, 1), today)), one
    if word == "after":
        return (dt.date(year + 1, 1, 1), max(dt.date(year + 1, 1, 1), today)), one
    if word in ("before", "prior to"):
        return (dt.date(year - 5, 1, 1), dt.date(year - 1, 12, 31)), one
    if word in ("until", "till", "up to", "through"):
        return (dt.date(year - 5, 1, 1), dt.date(year, 12, 31)), one
    return (dt.date(year, 1, 1), dt.date(year, 12, 31)), one


def _count(text: str | None) -> float:
    """How many periods 'last 3 months' names (1 when it names none); `text` matched a number pattern."""
    count = parse_number(text) if text else 1
    if count is None:
        raise ValueError(f"not a number: {text!r}")
    return count


def _relative(text: str, today: dt.date) -> tuple[Bounds, re.Match] | None:
    count = rf"(\d+|{WORD_NUM})?"
    units = r"(day|week|month|quarter|year|decade)s?"
    past = re.search(rf"\b(?:last|past|previous|recent|prior)\s+{count}\s*{units}\b|\b{count}\s*{units}\s+(?:ago|back)\b", text)
    if past:
        amount, unit = (past.group(1), past.group(2)) if past.group(2) else (past.group(3), past.group(4))
        if amount is None and re.match(r"(?:last|previous|prior)\s", past.group(0)) and unit in ("week", "month", "quarter", "year"):
            return _previous(today, unit), past  # 'last month': the calendar month before this one
        return (_move(today, -_count(amount), unit), today), past
    spanning = re.search(rf"\b(?:over|across|spanning|covering|for|within)\s+(?:a|an|the)?\s*{count}\s*(?:full\s+|whole\s+|calendar\s+)?{units}\b|\b{count}\s*{units}\s+(?:of|worth of)\s+(?:daily|hourly|weekly|monthly|data|readings|records|history|sales|logs)\b", text)
    if spanning and (spanning.group(1) or spanning.group(3) or re.match(r"(?:over|across|spanning|covering|for|within)\s+(?:a|an)\b", spanning.group(0))):
        amount, unit = (spanning.group(1), spanning.group(2)) if spanning.group(2) else (spanning.group(3), spanning.group(4))
        return (_move(today, -_count(amount), unit), today), spanning  # 'over three years': the three years up to now
    future = re.search(rf"\b(?:next|coming|upcoming|following)\s+{count}\s*{units}\b", text)
    if future:
        return (today, _move(today, _count(future.group(1)), future.group(2))), future
    return _named_period(text, today)


def _previous(today: dt.date, unit: str) -> Bounds:
    """The whole calendar week (Monday to Sunday), month, quarter or year before today's."""
    if unit == "week":
        monday = today - dt.timedelta(days=today.weekday() + 7)
        return monday, monday + dt.timedelta(days=6)
    if unit == "year":
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    months = 3 if unit == "quarter" else 1
    first = (today.month - 1) // months * months  # months before this period starts, this year
    year, month = divmod(today.year * 12 + first - months, 12)
    last_year, last_month = divmod(year * 12 + month + months - 1, 12)
    return dt.date(year, month + 1, 1), _month_bounds(last_year, last_month + 1)[1]


def _named_period(text: str, today: dt.date) -> tuple[Bounds, re.Match] | None:
    periods: list[tuple[str, Callable[[], Bounds]]] = [
        (r"\bthis year\b|\byear to date\b|\bytd\b", lambda: (dt.date(today.year, 1, 1), today)),
        (r"\bthis month\b", lambda: (today.replace(day=1), today)),
        (r"\bthis week\b", lambda: (today - dt.timedelta(days=today.weekday()), today)),
        (r"\btoday\b", lambda: (today, today)),
        (r"\byesterday\b", lambda: (today - dt.timedelta(days=1), today - dt.timedelta(days=1))),
        (r"\b(?:in the )?future\b|\bupcoming\b|\bfuture dates?\b", lambda: (today + dt.timedelta(days=1), _shift_years(today, 1))),
        (r"\brecent(?:ly)?\b", lambda: (today - dt.timedelta(days=90), today)),
        (r"\b(?:one |a |the |last |past )?(?:school|academic) year\b", lambda: _school_year(today)),
    ]
    for pattern, bounds in periods:
        match = re.search(pattern, text)
        if match:
            return bounds(), match
    return None


def _school_year(today: dt.date) -> Bounds:
    """The school year under way (or the one that ended in June), September to June, up to today."""
    year = today.year if today.month >= 9 else today.year - 1
    return dt.date(year, 9, 1), min(dt.date(year + 1, 6, 30), today)


def _school_years(text: str, today: dt.date) -> tuple[Bounds, re.Match] | None:
    """'the 2023-24 school year', '2022/2023 academic year': September of the first year to June of the next."""
    match = re.search(r"\b((?:19|20)\d\d)\s*[-/–]\s*(?:\d\d|(?:19|20)\d\d)\s+(?:school|academic)\s+year\b", text)
    if match is None:
        return None
    year = int(match.group(1))
    return (dt.date(year, 9, 1), dt.date(year + 1, 6, 30)), match


def _terms(text: str, today: dt.date) -> tuple[Bounds, re.Match] | None:
    """'the autumn term 2024', 'fall semester 2023', 'spring term' (data/reading.toml [[term]])."""
    for term in data_file("reading")["term"]:
        match = re.search(rf"\b(?:(?:19|20)\d\d\s+)?(?:{term['words']})\b(?:\s+(?:of\s+)?{_YEAR}\b)?", text)
        if match is None:
            continue
        named = re.search(_YEAR, match.group(0))
        (start_month, start_day), (end_month, end_day) = (map(int, term[key].split("-")) for key in ("start", "end"))
        year = int(named.group(1)) if named else today.year - (dt.date(today.year, start_month, start_day) > today)
        start = dt.date(year, start_month, start_day)
        end = dt.date(year + ((end_month, end_day) < (start_month, start_day)), end_month, end_day)
        return (start, end), match
    return None


_PARSERS = (_iso, _months, _quarters, _school_years, _terms, _relative, _years)


def find_dates(text: str, today: dt.date) -> tuple[Bounds, tuple[int, int]] | None:
    """Date bounds named in `text` (lowercase) and the span they came from, or None."""
    for parser in _PARSERS:
        found = parser(text, today)
        if found:
            bounds, match = found
            return bounds, match.span()
    return None


def find_times(text: str) -> tuple[str, str] | None:
    """'between 9am and 5pm' → ('09:00:00', '17:00:00'); 'business hours' → 09-17."""
    if re.search(r"business hours|working hours|office hours", text):
        return "09:00:00", "17:00:00"
    clock = r"(\d{1,2})(?::(\d\d))?\s*(am|pm|a\.m\.|p\.m\.)?"
    match = re.search(rf"\b(?:between|from)?\s*{clock}\s*(?:to|-|and|until)\s*{clock}", text)
    if not match or not (match.group(3) or match.group(6) or match.group(2) or match.group(5)):
        return None
    start = _clock(match.group(1), match.group(2), match.group(3) or match.group(6))
    end = _clock(match.group(4), match.group(5), match.group(6))
    if start is None or end is None or start > end:
        return None
    return start, end


def _clock(hour: str, minute: str | None, half: str | None) -> str | None:
    value = int(hour)
    if half and half.startswith("p") and value < 12:
        value += 12
    if half and half.startswith("a") and value == 12:
        value = 0
    if value > 23 or int(minute or 0) > 59:
        return None
    return f"{value:02d}:{int(minute or 0):02d}:00"
