"""What a description says about the whole table rather than about one column: what a row is
('one row per test'), where the data is from ('in Ontario, Canada') and the window, count or
place a list item adds ('…, for the last 5 years', '…, at 25 petrol stations'). The words are
data (data/reading.toml); read/segments.py keeps these out of the column list.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from generator.inference.knowledge.loader import data_file, knowledge
from generator.inference.read.dates import find_dates
from generator.inference.read.units import find_scale, find_unit
from generator.inference.read.values import looks_like_modifier
from generator.inference.text import WORD_NUM, singular

COMMA = "\x04"  # stands for a comma inside a place name ('Ontario, Canada'), not a list's
_ANY_DAY = dt.date(2000, 1, 1)  # dates are only asked whether a window is named, not its bounds


@lru_cache(maxsize=1)
def _row_frame() -> re.Pattern:
    frames = "|".join(data_file("reading")["row"]["frames"])
    return re.compile(rf"(?:^|(?<=[,;:.])|(?<=\s))\s*(?:{frames})\s*(?P<thing>(?:[a-z-]+\s+){{0,2}}?[a-z-]+)\s*(?=[,;:.)]|$)", re.I)


def row_frame(text: str) -> tuple[str, str]:
    """The text without its 'one row per test' phrases (outside brackets), and the thing a row is."""
    thing = ""
    for match in reversed(list(_row_frame().finditer(text))):
        if text[: match.start()].count("(") > text[: match.start()].count(")"):
            continue
        thing = thing or singular(match.group("thing").split()[-1].lower())
        before, after = text[: match.start()].rstrip(), text[match.end():]
        if before.endswith(",") and re.match(r"\s*[:;.]", after):
            before = before[:-1]  # 'results, one row per test: …' → 'results: …'
        elif before and not before.endswith((",", ":", ";", ".")) and re.match(r"\s*,", after):
            after = re.sub(r"^\s*,", "", after, count=1)
        text = f"{before} {after.lstrip()}" if before else after.lstrip(" ,;")
    return text.strip(), thing


def join_places(text: str) -> str:
    """'Ontario, Canada' and 'Lyon, France': the comma belongs to the place, not to the list."""
    countries = knowledge().countries

    def joined(match: re.Match) -> str:
        place = match.group(2).lower()
        if any(country.regex.fullmatch(place) for country in countries):
            return f"{match.group(1)}{COMMA} {match.group(2)}"
        return match.group(0)

    text = re.sub(r"\b([A-Z][a-z]+),\s+([A-Z][a-z]+(?: [A-Z][a-z]+)?)(?=\s*(?:[:;.,)\n]|$))", joined, text)
    head, colon, tail = text.partition(":")
    if not colon:
        return text
    # 'weather for Oslo, Madrid and Sydney in 2023: max temperature, …': before the column list, a
    # list of capitalised names after a preposition is what the table is about, not its columns
    return _NAME_LIST.sub(lambda m: m.group(0).replace(",", COMMA), head) + colon + tail


_NAME = r"[A-Z][\w'-]*(?: [A-Z][\w'-]*)?"
_NAME_LIST = re.compile(rf"\b(?:for|in|at|of|across|from|between) {_NAME}(?:, {_NAME})+,? (?:and|or) {_NAME}")


def split_framing(items: list[str]) -> tuple[list[str], list[str]]:
    """A list's column items, and the items that qualify the whole table.

    An item that starts with a preposition and names no column joins the item before it when it
    gives a unit ('…, in euros per litre'), and is about the table when it names a window, a
    count or a place ('…, for the last 5 years', '…, at 25 petrol stations', '…, in Germany').
    """
    kept: list[str] = []
    framing: list[str] = []
    for item in items:
        kind = _modifier_kind(item) if kept else ""
        if kind == "unit":
            kept[-1] = f"{kept[-1]} {item}"
        elif kind == "table":
            framing.append(item)
        else:
            kept.append(item)
    return kept, framing


def _modifier_kind(item: str) -> str:
    """'unit' (it qualifies the item before), 'table' or '' (the item names a column)."""
    spec = data_file("reading")["modifier"]
    lead = re.match(rf"\s*({'|'.join(spec['prepositions'])})\s+(\S.*)$", item, re.I | re.S)
    if lead is None:
        return ""
    word, rest = lead.group(1).lower(), lead.group(2).strip()
    low = rest.lower()
    if find_dates(f"{word} {low}", _ANY_DAY) is not None:
        return "table"  # 'for the last 5 years', 'during 2024'
    unit = find_unit(f"in {low}") is not None or find_scale(f"in {low}")[0] != 1.0 or bool(re.match(r"%|percent|per ?cent", low))
    if unit and word in ("in", "per"):
        return "unit"  # 'in % of capacity', 'in euros per litre', 'per litre'
    if not unit and _counted(low):
        return "table"  # 'at 25 petrol stations', 'for 6 reservoirs'
    if re.search(r"\d", low) and looks_like_modifier(item):
        return "unit"  # 'from 1 to 5'
    if re.match(spec["framing"], low) or word == "per":
        return "table"  # 'for each store', 'across all branches', 'per day'
    if word in ("in", "across", "throughout") and re.fullmatch(r"(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2}", rest):
        return "table"  # a place: 'in Germany', 'across the UK'
    return ""


def _counted(low: str) -> bool:
    """'25 petrol stations', 'six reservoirs': a number of things (a plural noun within three words)."""
    counted = re.match(rf"(?:\d[\d,]*|{WORD_NUM})\s+((?:[a-z-]+\s+){{0,2}}[a-z-]+)", low)
    return counted is not None and any(w.endswith("s") and singular(w) != w for w in counted.group(1).split())
