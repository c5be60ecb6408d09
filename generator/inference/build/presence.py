"""Values present only for the rows they apply to (data/relate.toml): a resolved date only for
resolved tickets, a value the description says is empty unless a status holds ('empty unless
completed') or only if a yes/no holds ('only if on display'), and optional columns' missing values."""

from __future__ import annotations

import re
from typing import Any

from generator.inference.build.kinds import kinds
from generator.inference.build.links import Column, can_depend, free, said, words


def presence(columns: list[Column], patterns: dict[str, Any]) -> None:
    """A date present only for the rows it applies to: resolved date ← status resolved."""
    planned = re.compile(rf"\b(?:{patterns['later_event']['deadlines']})")  # a planned completion is there for every row
    for column in [c for c in columns if c["type"] in kinds().moments | {"time"} and "present_when" not in c and not planned.search(words(c))]:
        for rule in patterns["presence"]:
            if said(rule["date"], words(column)) and column["type"] in rule.get("types", (column["type"],)):
                condition = _condition(columns, column, rule["value"])
                if condition and can_depend(columns, column, condition["column"]):
                    column["present_when"] = condition
                    break


def named_status(columns: list[Column], patterns: dict[str, Any]) -> None:
    """Moments no presence rule knew, named after a status column or one of its values (after the
    events were put in order, so a located bag is still located after its report)."""
    planned = re.compile(rf"\b(?:{patterns['later_event']['deadlines']})")
    for column in [c for c in columns if c["type"] in kinds().moments | {"time"} and "present_when" not in c and not planned.search(words(c))]:
        _named_status(columns, column, patterns["named_status"])


def _named_status(columns: list[Column], column: Column, spec: dict[str, Any]) -> None:
    """A moment named after a status column or one of its values is there once the status says it
    happened: 'decision date' beside 'decision (approved, refused, pending)' unless pending, 'judgment
    date' beside 'status (pending, settled, judgment given)' for 'judgment given'."""
    own = set(words(column).split())
    roots = [w[: max(4, len(w) - 2)] for w in own if len(w) >= 4 and w not in spec["not_roots"]]  # 'sold on': sold
    for other in [c for c in columns if c is not column and c["type"] == "category" and 2 <= len(c.get("values", ())) <= 12]:
        values = [str(v) for v in other["values"]]
        if set(words(other).split()) < own:
            happened = [v for v in values if not said(spec["pending"], v.lower())]
            if 0 < len(happened) < len(values) and can_depend(columns, column, other["name"]):
                column["present_when"] = {"column": other["name"], "in": happened}
                return
        first = next((i for i, v in enumerate(values) if any(said(re.escape(r), v.lower()) for r in roots)), None)
        hit = [] if first is None else [v for v in values[first:] if v == values[first] or not said(spec["failed"], v.lower())]  # located: and delivered later
        if first is not None and said(spec["alternatives"], words(other)):
            hit = [values[first]]  # an outcome's values are alternatives, not stages: released, not died
        if 0 < len(hit) < len(values) and said(spec["status"], words(other)) and can_depend(columns, column, other["name"]):
            column["present_when"] = {"column": other["name"], "in": hit}
            return


def flagged(columns: list[Column], patterns: dict[str, Any]) -> None:
    """A detail named like a yes/no of the row ('scratch reason' beside 'scratched', 'defect notes'
    beside 'defects found', 'cancellation reason' beside 'flight cancelled') is there only when it holds."""
    spec = patterns["flagged"]
    flags = [c for c in columns if c["type"] == "boolean"]
    for column in [c for c in columns if c["type"] not in kinds().moments | {"boolean", "time", "id"} and "present_when" not in c and free(c)]:
        own = [w for w in words(column).split() if len(w) >= spec["root"] and not re.fullmatch(spec["not_roots"], w)]
        flag = next((f for f in flags if any(_share_root(w, v, spec["root"]) for w in own for v in words(f).split())), None)
        if flag is not None and can_depend(columns, column, flag["name"]):
            column["present_when"] = {"column": flag["name"], "in": [True]}
            column.pop("null_rate", None)


def _share_root(a: str, b: str, root: int) -> bool:
    return len(a) >= root and len(b) >= root and a[:root] == b[:root]


def _condition(columns: list[Column], column: Column, value: str) -> dict[str, Any] | None:
    for other in columns:
        if other is column:
            continue
        if other["type"] == "category":
            matching = [v for v in other["values"] if said(value, v.lower())]  # 'paid' is not 'unpaid'
            if matching and len(matching) < len(other["values"]):
                return {"column": other["name"], "in": matching}
        if other["type"] == "boolean" and re.search(value, words(other)):
            return {"column": other["name"], "in": [True]}
    return None


def optional(columns: list[Column], patterns: dict[str, Any], text: str) -> None:
    """'removed date (empty if still up)': the description says some rows have no value; when it
    says which ('empty unless completed', 'only if on display'), the value is there for those rows."""
    optional, plain = patterns["optional"], text.replace("_", " ")
    for column in columns:
        found = (re.search(rf"\b{re.escape(said)}\b[^,;.()]{{0,12}}\(?([^,;.()]{{0,60}})", plain, re.I)  # 'balcony size sqm' is said 'balcony size in m2'
                 for said in dict.fromkeys((words(column), words(column).rsplit(" ", 1)[0])))
        after = next((f for f in found if f), None)
        condition, negative = _stated_condition(columns, column, after.group(1) if after else "", optional)
        known = column.get("present_when") or {}
        if condition is not None and known.get("column") == condition["column"] and (set(condition["in"]) <= set(known["in"]) or negative and set(known["in"]) <= set(condition["in"])):
            continue  # the rule already knows the rows ('only for offers': offered and hired; 'paid on (empty while unpaid)': paid, not overdue)
        if condition is not None and can_depend(columns, column, condition["column"]):
            column.pop("null_rate", None)
            column["present_when"] = condition
            continue
        often = re.search(re.escape(words(column)) + r"[^,;.()]{0,12}\(?\s*(" + "|".join(share["words"] for share in optional["shares"]) + r")\s+(?:empty|blank|missing|null|unknown|absent|left blank)", plain, re.I)
        if often and "present_when" not in column:
            column["null_rate"] = next(share["null_rate"] for share in optional["shares"] if re.fullmatch(share["words"], often.group(1).lower()))
            continue
        stated = re.search(re.escape(words(column)) + r"[^,;.]{0,40}?(?:" + optional["words"] + ")", plain, re.I)
        if stated and column.get("null_rate", 0) < optional["null_rate"] and "present_when" not in column:
            column["null_rate"] = optional["null_rate"]  # 'portfolio (optional)' is left out more than a field nobody called optional
        elif not column.get("null_rate") and "present_when" not in column and column["type"] != "boolean" and said(optional["natural"], words(column)):
            column["null_rate"] = optional["natural_rate"]


def _stated_condition(columns: list[Column], column: Column, said: str, optional: dict[str, Any]) -> tuple[dict[str, Any] | None, bool]:
    """The rows a phrase after a column keeps its value for: a status value ('unless withdrawn')
    or a yes/no column ('only if on display'); 'empty if not finished' keeps it where finished, and
    'only for students who did not drop out' where not dropped out. Also whether the phrase said
    when the value is missing (the `empty` form) rather than when it is there."""
    found = re.match(rf"\s*(?:(?P<only>{optional['only']})|(?P<empty>{optional['empty']}))\s+(?P<what>[a-z][a-z' -]*)", said, re.I)
    if found is None:
        return None, False
    what = found["what"].lower().split()
    pronoun = next((i for i, w in enumerate(what) if re.fullmatch(optional["who"], w)), None)
    what = what[pronoun + 1 :] if pronoun is not None else what
    keep = bool(found["only"]) != any(re.fullmatch(optional["negations"], w) for w in what)
    roots = [w[: max(4, len(w) - 2)] for w in what if not re.fullmatch(optional["skip"], w)][:2]
    if not roots:
        return None, False
    return _condition_on(columns, column, roots, keep), bool(found["empty"])


def _condition_on(columns: list[Column], column: Column, roots: list[str], keep: bool) -> dict[str, Any] | None:
    for other in [c for c in columns if c is not column]:
        if other["type"] == "category" and other.get("values"):
            hit = [v for v in other["values"] if any(said_root(r, str(v).lower()) for r in roots)]
            if 0 < len(hit) < len(other["values"]):
                return {"column": other["name"], "in": hit if keep else [v for v in other["values"] if v not in hit]}
        if other["type"] == "boolean" and all(said_root(r, words(other)) for r in roots):
            return {"column": other["name"], "in": [keep]}
    return None


def said_root(root: str, text: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(root)}", text) is not None
