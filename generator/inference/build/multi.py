"""The multi-table schema JSON from the tables the description asks for (build/structure.py
reads them): each table gets its own id first, a `reference` to each parent, the columns the
user named for it (or the data's defaults), and its rows against the request."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from generator.inference.build.links import thing_names
from generator.inference.build.series import series_said
from generator.inference.build.things import COLUMNS_SAID, Part, phrase, phrases, plural
from generator.inference.knowledge.loader import data_file
from generator.inference.text import singular, title_case_first
from generator.schema import SchemaError
from generator.tables import MAX_FIXED_ROWS, MultiTableSchema


def build_tables(parts: list[Part], columns_for: Callable[[str], dict[str, Any]], title: str, said: str = "") -> dict[str, Any] | None:
    """The multi-table schema JSON, or None when it does not validate (one table is used then).
    `columns_for` makes one table's schema from its text: its columns, and its `series` when the
    text reads as one ('the daily sales of each store during 2024'); a table of things the whole
    description `said` counts ('our 12 laundromats') has that many rows."""
    by_key = {part.key: part for part in parts}
    ordered = sorted(parts, key=lambda part: _depth(part, by_key, set()))
    ratios = _ratios(ordered, by_key)
    tables = [_table(part, by_key, columns_for, ratios[part.key]) for part in ordered]
    _counted(ordered, tables, said)
    _leave_to_children(ordered, tables)
    _after_parents(tables)
    schema = {"version": 1, "title": title or title_case_first(" and ".join(t["name"].replace("_", " ") for t in tables)), "tables": tables}
    try:
        MultiTableSchema.from_dict(schema)
    except SchemaError:
        return None
    return schema


_ONE = re.compile(r"^(?:exactly_one|just_one|only_one|one|a_single|single)_")  # 'each job has one translator': the key to it

_RELATIONS = (("after", "min_days", "max_days"), ("at_least", "gap"), ("at_most", "gap"), ("differs_from",), ("depends_on", "cases"), ("present_when",), ("correlate_with", "correlation"))


def _without_dangling(columns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The columns without relations to columns the table no longer has (a parent's name became the key)."""
    names = {c["name"] for c in columns}
    for column in columns:
        for keys in _RELATIONS:
            named = column.get(keys[0])
            named = named.get("column") if isinstance(named, dict) else named
            if named is not None and not set([named] if isinstance(named, str) else named) <= names:
                for key in keys:
                    column.pop(key, None)
    return columns


def _leave_to_children(parts: list[Part], tables: list[dict[str, Any]]) -> None:
    """A table given the data's default columns leaves to its child tables the numbers they
    name: orders beside order lines with quantity, unit price and line total hold none of them
    (each line has its own)."""
    for part, table in zip(parts, tables):
        if COLUMNS_SAID.search(part.text) or part.known is None:
            continue
        named = {c["name"] for child, other in zip(parts, tables) if part.key in child.parents for c in other["columns"][1:]}
        heads = {name.rsplit("_", 1)[-1] for name in named} | named
        dropped = {c["name"] for c in table["columns"] if c["type"] in _NUMBERS and (c["name"] in heads or c["name"].rsplit("_", 1)[-1] in named)}
        dropped |= {c["name"] for c in table["columns"] if any(re.search(rf"\b{name}\b", c.get("expression", "")) for name in dropped)}
        table["columns"] = _without_dangling([c for c in table["columns"] if c["name"] not in dropped])


_NUMBERS = ("integer", "decimal", "price", "derived", "percent")
_DATES = ("date", "datetime")
_OWN_ORDER = ("after", "depends_on", "correlate_with", "distinct", "present_when", "at_least", "at_most")


def _counted(parts: list[Part], tables: list[dict[str, Any]], said: str) -> None:
    """'data for our 12 laundromats', 'a chain of 8 cinemas', 'about 30 stations': a table no other
    refers to from above (a parent of the others) has the number of rows the description gives it."""
    for part, table in zip(parts, tables):
        if part.parents or "series" in table:
            continue
        words = {part.table.replace("_", " "), plural(part.key).replace("_", " "), part.table.split("_")[-1]}
        found = re.search(rf"\b(\d{{1,5}})\s+(?:[a-z-]+\s+){{0,2}}?(?:{'|'.join(map(re.escape, sorted(words, key=len, reverse=True)))})\b", said, re.I)
        if found is not None and 2 <= int(found.group(1)) <= MAX_FIXED_ROWS and not re.match(r"(?:1[89]|20)\d\d$", found.group(1)):
            table.pop("rows_ratio", None)
            table["rows"] = int(found.group(1))


def _after_parents(tables: list[dict[str, Any]]) -> None:
    """A child row's dates come after its parent row's first date (an order after its customer's
    signup, a session after the patient's registration): the parent's date is keyed, and each
    date of the child that follows nothing in its own row follows it across the reference."""
    by_name = {table["name"]: table for table in tables}
    for table in tables:
        if "series" in table:
            continue
        for ref in (c for c in table["columns"] if c["type"] == "reference"):
            since = _since(by_name[ref["table"]])
            if since is None:
                continue
            for column in table["columns"]:
                if column["type"] in _DATES and not any(key in column for key in _OWN_ORDER):
                    since["keyed"] = "yes"
                    column["after"] = f"{ref['name']}.{since['name']}"


def _since(parent: dict[str, Any]) -> dict[str, Any] | None:
    """The parent's first date that is no end or last date and follows nothing in its own row."""
    ends = re.compile(rf"(?:^|_)(?:{'|'.join(data_file('structure')['not_since'])})")
    return next((c for c in parent["columns"] if c["type"] in _DATES and "series" not in parent
                 and not any(key in c for key in _OWN_ORDER) and not ends.search(c["name"])), None)


def _depth(part: Part, by_key: Mapping[str, Part], seen: set[str]) -> int:
    parents = [by_key[p] for p in part.parents if p in by_key and p not in seen]
    return 1 + max((_depth(p, by_key, seen | {part.key}) for p in parents), default=0)


def _table(part: Part, by_key: Mapping[str, Part], columns_for: Callable[[str], dict[str, Any]], ratio: float) -> dict[str, Any]:
    own = f"{_row_name(part.table)}_id"
    refs = [ref for p in part.parents for ref in _references(_row_name(by_key[p].table), by_key[p].table, p in part.pairs)]
    # A column named after a parent ('supplier' in products) is the reference to it, not a column of its own.
    taken = {own, "id", *(r["name"] for r in refs), *(p.replace(" ", "_") for p in part.parents), *(_row_name(by_key[p].table) for p in part.parents)}
    made = columns_for(_said(part))
    series = made.get("series") if refs and not part.pairs else None
    columns = [_named_thing(c, part) for c in made["columns"]
               if _ONE.sub("", c["name"]) not in taken and not _is_key(c) and (series is None or c["name"] != series["entity"])]
    if part.pairs:
        columns = _one_of_the_pair(_roles_of_the_pair(columns, refs, by_key[part.pairs[0]]), refs)
    if series is not None:  # the readings of each parent row over time: the reference is the entity
        entities = series.get("entities", 1) if series.get("entities", 1) > 1 else data_file("series")["series"]["entities_named"]  # 'stores and their weekly sales': many stores
        table: dict[str, Any] = {"name": part.table, "series": {**series, "entity": refs[0]["name"], "entities": entities}, "columns": _without_dangling([*refs, *columns])}
        return table
    table = {"name": part.table, "columns": _without_dangling([{"name": own, "type": "id"}, *refs, *columns])}
    if ratio != 1.0:
        table["rows_ratio"] = ratio
    return table


def _roles_of_the_pair(columns: list[dict[str, Any]], refs: list[dict[str, Any]], parent: Part) -> list[dict[str, Any]]:
    """'connections between stations: from station, to station, …', 'transfers between accounts:
    from account, to account': the two columns naming the parent by a role are its two keys."""
    nouns = {_row_name(parent.table), parent.key.split()[-1].replace(" ", "_")}
    roles = [c for c in columns if re.fullmatch(rf"[a-z]+_(?:{'|'.join(map(re.escape, nouns))})", c["name"])][:2]
    if len(roles) < 2 or len(refs) < 2:
        return columns
    first, second = refs[0]["name"], refs[1]["name"]
    for ref, column in zip(refs, roles):
        ref["name"], ref["description"] = f"{column['name']}_id", column.get("description", ref["description"])
    refs[1]["differs_from"] = refs[0]["name"]
    renamed = {first: refs[0]["name"], second: refs[1]["name"]}
    return [{**c, **{k: renamed.get(v, v) for k, v in c.items() if k == "differs_from"}} for c in columns if c not in roles]


def _one_of_the_pair(columns: list[dict[str, Any]], refs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """'matches between two teams with … winner': the winner is one of the two teams (its key),
    each as often, and a loser the other one."""
    first, second = [r["name"] for r in refs if "differs_from" in r or any(r["name"] == o.get("differs_from") for o in refs)][:2]
    out: list[dict[str, Any]] = []
    winner = None
    for column in columns:
        if re.fullmatch(phrase("pair_winner"), column["name"]) and winner is None:
            winner = column["name"]
            column = {"name": winner, "type": "derived", "expression": f"{first} if uniform(0, 1) < 0.5 else {second}", "description": f"The winner: {first} or {second}"}
        elif re.fullmatch(phrase("pair_loser"), column["name"]) and winner is not None:
            column = {"name": column["name"], "type": "derived", "expression": f"{second} if {winner} == {first} else {first}", "description": f"The other of {first} and {second}"}
        out.append(column)
    return out


def _row_name(table: str) -> str:
    """What one row of a table is called: usage_readings → usage_reading (its key is usage_reading_id)."""
    return "_".join(singular(word) for word in table.split("_"))


def _references(name: str, table: str, pair: bool) -> list[dict[str, Any]]:
    """The key to a parent row, or two different ones ('matches between two teams': team_1_id, team_2_id)."""
    parent = name.replace("_", " ")
    if not pair:
        return [{"name": f"{name}_id", "type": "reference", "table": table}]
    first = {"name": f"{name}_1_id", "type": "reference", "table": table, "description": f"The first {parent}"}
    return [first, {"name": f"{name}_2_id", "type": "reference", "table": table, "description": f"The other {parent}", "differs_from": first["name"]}]


def _named_thing(column: dict[str, Any], part: Part) -> dict[str, Any]:
    """A name nothing placed ('name' of a venue) names the table's thing: 'Riverside Venue', or
    'Gauge 1', 'Gauge 2', … for things people number."""
    if column["type"] != "catch_phrase":
        return column
    return {"name": column["name"], **thing_names(part.key.split()[-1], 12), "description": f"Name of the {part.key}"}


_OWNER = re.compile(r"^(?:[\w-]+\s+){0,3}?[\w-]+(?:'s|s')\s+(?=[^()]*\()")  # 'a lender's borrowers (…)', 'judges' scores (…)'
_AFTER_CLAUSE = re.compile(r"\s*([^()]+?)\s*\(([^()]+,[^()]+)\)\s*")


def _said(part: Part) -> str:
    """The text the table's columns are read from: the user's own column list, else the defaults."""
    if series_said(re.sub(r"\([^()]*\)", "", part.text)):  # 'the daily sales of each store during 2024' (not 'results (speed per minute, …)')
        each = part.parents and not re.search(r"\b(?:each|every|per)\b", part.text, re.I) and not COLUMNS_SAID.search(re.sub(r"\([^(),]*\)", "", part.text))  # '(June to August)' is no column list
        return f"{part.text} for each {part.parents[0]}" if each else part.text  # 'garages and their hourly occupancy': of each garage
    listed = _AFTER_CLAUSE.fullmatch(part.text)
    if listed and re.search(rf"\s(?:{phrases()['participle']})\b", listed.group(1), re.I):  # 'articles published in them (title, …)'
        return f"{part.table.replace('_', ' ')} ({listed.group(2)})"
    if COLUMNS_SAID.search(part.text):
        text = _ONE_BRACKET.sub(r"\1: \2", part.text)  # 'attendance (bags of litter collected)': its columns, not a remark on it
        return _values_said(_OWNER.sub("", text))  # 'a microfinance lender's borrowers (name, …)': the borrowers, not a lender's template
    if part.known is not None:
        return f"{part.known.table.replace('_', ' ')} with {part.known.columns}"
    return f"{part.table.replace('_', ' ')} with {part.key} name"


_ONE_BRACKET = re.compile(r"^([^(),:]+?)\s*\(([^(),]+\s(?:and|&)\s[^(),]+|[^(),]+)\)\s*$")
_WHOSE = re.compile(r"\b(?:(?:each|every|the|a|an)\s+[a-z]+'s|its|their)\s+", re.I)  # '(each pigeon's speed and its place)'
_VALUES = re.compile(r"(?<=[(,;])(\s*[a-z][\w ]{0,30}?):\s*([^;:()/]+?)\s*(?=;|\)|$)", re.I)


def _values_said(text: str) -> str:
    """'customers (name, diet: vegetarian, vegan, omnivore)', 'containers: material: glass, paper;
    capacity': a column's values after a colon inside a table's column list, said as the column
    reader reads them ('diet (vegetarian, vegan, omnivore)')."""
    head, colon, columns = text.partition(": ") if "(" not in text.split(": ", 1)[0] and ": " in text else ("", "", text)
    said = _VALUES.sub(lambda m: f"{m.group(1)} ({m.group(2)})", ("(" if colon else "") + _WHOSE.sub("", columns))
    said = said[1:] if colon else said
    return f"{head}{colon}{said.replace(';', ',')}"


_FAN_OUT = 5  # rows of a child table per row of its parent, when the data does not say


def _ratios(ordered: list[Part], by_key: Mapping[str, Part]) -> dict[str, float]:
    """Rows against the requested rows: the data's ratio for a thing it knows in its usual place
    (times as many as its parents have against their own usual rows: orders are three per
    customer, so thirty per product when products are a tenth of the customers), else five per
    parent row; scaled down so that no table is more than five times the request."""
    ratios: dict[str, float] = {}
    for part in ordered:  # parents first
        usual = part.known is not None and set(part.parents) <= set(part.known.parents)
        if usual and part.known is not None:  # usual implies known; said again for the type checker
            grown = max((ratios[p] / _usual(by_key[p]) for p in part.parents if p in ratios), default=1.0)
            ratios[part.key] = part.known.ratio * grown if part.parents or part.known.ratio < 1 else 1.0
        else:
            ratios[part.key] = max((ratios[p] for p in part.parents if p in ratios), default=1 / _FAN_OUT) * _FAN_OUT
    scale = min(1.0, _FAN_OUT / max(ratios.values()))
    return {key: round(max(0.001, value * scale), 4) for key, value in ratios.items()}


def _usual(part: Part) -> float:
    known = part.known
    return known.ratio if known is not None else 1.0


def _is_key(column: dict[str, Any]) -> bool:
    """An id the single-table reading made up for the row, or a stand-in for a parent's id."""
    return column["type"] in ("id", "uuid") or (column["name"].endswith("_id") and column["type"] in ("integer", "code"))
