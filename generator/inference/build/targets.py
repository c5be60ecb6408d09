"""Planted targets: when a description says what is to be predicted ("for predicting churn",
"target: income bracket", a well-known teaching dataset), that column becomes a `target` whose
value depends on plausible drivers among the other columns, so a model trained on the data finds
real, stated effects."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from generator.inference.knowledge.loader import data_file, knowledge
from generator.inference.knowledge.model import Goal

Column = dict[str, Any]
NUMERIC = {"integer", "decimal", "percentage", "price", "age", "rating", "year"}
_LABEL = re.compile(r"(?:[,;.]|\s+[-—–])?\s*\b(?:the )?(?:target|label)(?: (?:column|variable))?\s*(?::|=|is)\s*(?P<what>[^.;,]*)", re.I)
_FOR = re.compile(r"(?:[,;.]|\s+[-—–])?\s*\b(?:for (?P<what>\w+(?: \w+)?) (?:detection|prediction|classification|modell?ing|analysis))\b", re.I)
_CUE = re.compile(r"\b(?:churn flag|as (?:the )?(?:target|label)|(?:target|label|outcome) (?:column|variable)|machine learning|classification|regression)\b", re.I)


@lru_cache(maxsize=1)
def _ask() -> re.Pattern:
    """'to predict X', 'predict X from A, B', 'for classifying X': the verbs are data (data/targets.toml)."""
    verbs = "|".join(_spec()["ask"]["verbs"])
    return re.compile(rf"(?:[,;.]|\s+[-—–])?\s*\b(?:{verbs})\s+(?:(?P<whether>whether|if)|which|what|how much|the)?\s*(?P<what>[^.;,?!]*)", re.I)


@lru_cache(maxsize=1)
def _from() -> re.Pattern:
    """' from ', ' using ', ' based on ': where the target ends and its drivers begin."""
    words = "|".join(_spec()["ask"]["from"])
    return re.compile(rf"\s+(?:{words})\s+(?=\S)", re.I)


def _spec() -> dict[str, Any]:
    return data_file("targets")


def split_goal(text: str) -> tuple[str, str | None]:
    """The description without its 'for predicting X' clause, and X ('' when only a cue is given).

    'predict X from A, B and C' keeps X, A, B and C as the column list (X the target, the
    others its drivers): 'dataset to predict yield from rainfall, soil' → 'dataset: yield, rainfall, soil'.
    """
    said: list[str] = []
    for pattern in (_LABEL, _ask(), _FOR):  # an explicit 'target: X' names the column best
        match = pattern.search(text)
        if match:
            what = match.group("what").strip()
            if "whether" in pattern.groupindex and match.group("whether") and what:  # 'predict whether a candidate gets an offer': a yes/no
                what = f"whether {what}"
            drivers = _from().search(what) if pattern is not _LABEL else None
            if drivers and drivers.start() > 0:
                what, listed = what[: drivers.start()].strip(), what[drivers.end():].strip()
                lead, rest = text[: match.start()].rstrip(), text[match.end():]
                joint = "" if not lead else " " if lead[-1] in ".?!:;," else ": "
                text = f"{lead}{joint}{what}, {listed}{rest}".strip()
                said.append(f"{what} from {listed}{re.match(r'[^.;?!]*', rest).group(0)}")  # type: ignore[union-attr]
                continue
            text = (text[: match.start()] + text[match.end():]).strip()
            said.append(what)
    if said:
        return text, next((what for what in said if what), "")
    return text, ("" if _CUE.search(text) else None)


def plant_target(columns: list[Column], wanted: str | None, domain_key: str) -> None:
    """Make the predicted column a target with drivers from the others (in place)."""
    famous = knowledge().famous_goals.get(domain_key)
    if wanted is None and famous is None:
        return
    asked, _, named = (wanted or "").partition(" from ")  # 'yield from rainfall, soil': the drivers are named
    found = _named_column(columns, asked, famous) or _outcome_column(columns, asked) or _goal_column(columns, asked, famous)
    if found is None:
        return
    index, goal = found
    column = columns[index]
    task = _task(column, goal)
    drivers = _drivers(columns, column, goal, task, named)
    if drivers:
        columns[index] = _target(column, goal, task, drivers)


def _words(name: str) -> str:
    return name.replace("_", " ")


def _eligible(column: Column) -> bool:
    return column["type"] in NUMERIC | {"boolean", "category"}


def _named_column(columns: list[Column], wanted: str, famous: str | None) -> tuple[int, Goal | None] | None:
    """The column the words asked for name: most words in common, the last on a tie."""
    said = set(re.findall(r"[a-z]{3,}", wanted.lower()))
    best, best_score = None, 0
    for index, column in enumerate(columns):
        named = set(_words(column["name"]).split())
        score = sum(any(w[:5] == n[:5] for n in named) for w in said)
        if _eligible(column) and score and score >= best_score:
            best, best_score = index, score
    return (best, _goal(columns[best], wanted, famous)) if best is not None else None


def _goal_column(columns: list[Column], wanted: str, famous: str | None) -> tuple[int, Goal | None] | None:
    """The column a known goal's words name ('churn', 'survived')."""
    goals = knowledge().goals
    for goal in [g for g in goals if g.key == famous] + list(goals):
        if famous is None and not re.search(goal.column, wanted.lower() or "-"):
            continue
        for index in reversed(range(len(columns))):
            if _eligible(columns[index]) and re.search(goal.column, _words(columns[index]["name"])):
                return index, goal
    return None


def _outcome_column(columns: list[Column], wanted: str) -> tuple[int, Goal | None] | None:
    """'predict admission' where 'admission' was typed as a date: what is predicted is an
    outcome, so the column named by the one word asked for becomes a yes/no."""
    said = re.findall(r"[a-z]{3,}", wanted.lower())
    if len(said) != 1 or re.search(r"date|time|day|month|year|when", said[0]):
        return None
    for index, column in enumerate(columns):
        if column["name"] == said[0] and column["type"] in ("date", "datetime", "time", "word", "text", "sentence", "catch_phrase"):
            columns[index] = {"name": column["name"], "type": "boolean", "description": column["name"].replace("_", " ").capitalize()}
            return index, _goal(columns[index], wanted, None)
    return None


def _goal(column: Column, wanted: str, famous: str | None) -> Goal | None:
    text = f"{_words(column['name'])} {wanted}".lower()
    goals = knowledge().goals
    return next((g for g in goals if g.key == famous), None) or next((g for g in goals if re.search(g.column, text)), None)


def _task(column: Column, goal: Goal | None) -> str:
    if column["type"] == "boolean":
        return "binary"
    if column["type"] == "category" and goal is not None and goal.task == "binary":
        return "binary"  # 'diabetes outcome': a yes/no whatever the words' usual values
    if column["type"] == "category":
        values = [v.lower() for v in column.get("values", [])]
        return "binary" if sorted(values) in (["no", "yes"], ["false", "true"], ["0", "1"]) else "multiclass"
    return "numeric"


def _drivers(columns: list[Column], target: Column, goal: Goal | None, task: str, named: str = "") -> list[dict[str, Any]]:
    others = [c for c in columns if c is not target and (c["type"] not in ("id", "uuid", "target", "derived", "reference") or _drawn(c))]
    scale = float(_mean(target, goal)) if task == "numeric" else 1.0
    drivers, used = [], set()
    for pattern, effect, value in goal.drivers if goal else ():
        column = next((c for c in others if c["name"] not in used and re.search(pattern, _words(c["name"]))), None)
        driver = _driver(column, effect * scale, value) if column else None
        if driver and column:  # a driver comes from a column
            drivers.append(driver)
            used.add(column["name"])
    size = 0.15 if task == "numeric" else 0.6  # a numeric target moves by a share of its mean per standard deviation
    listed = [c for c in others if _said_in(c, named)]  # 'from A, B and C': each of them drives it
    for column in listed + others:  # an unknown goal still gets a signal, from the first numbers and flags
        if len(drivers) >= (5 if column in listed else 2):
            continue
        driver = _driver(column, size * scale * (1 if len(drivers) % 2 == 0 else -1), "") if column["name"] not in used else None
        if driver:
            drivers.append(driver)
            used.add(column["name"])
    if task == "multiclass":
        high = _high_class(target.get("values", []))
        drivers = [{**d, "class": high} for d in drivers]
    return drivers[:5]


def _said_in(column: Column, named: str) -> bool:
    """Whether the column is one of the drivers a description named ('rainfall in mm, soil type')."""
    names = {n[:5] for n in _words(column["name"]).split() if len(n) >= 3}
    return any(names & {w[:5] for w in re.findall(r"[a-z]{3,}", phrase.lower())} for phrase in re.split(r"\s*,\s*|\s+and\s+", named))


def _drawn(column: Column) -> bool:
    """A derived number with a draw of its own (years at the company, a share of the working
    years): a quantity of the row, not a sum or ratio of its others, so it may drive a target."""
    return column["type"] == "derived" and "uniform(" in column.get("expression", "")


def _driver(column: Column, effect: float, value: str) -> dict[str, Any] | None:
    effect = round(effect, 2) if abs(effect) < 100 else round(effect)
    if column["type"] in NUMERIC or column["type"] == "boolean" or _drawn(column):
        return {"column": column["name"], "effect": effect}
    labels = _labels(column)
    chosen = next((label for label in labels if value and re.search(value, label.lower())), None)
    return {"column": column["name"], "value": chosen, "effect": effect} if chosen else None


def _labels(column: Column) -> list[str]:
    if column["type"] == "gender":
        return ["Female", "Male"] if column.get("style", "word") == "word" else ["F", "M"]
    return [str(v) for v in column.get("values", [])] if column["type"] == "category" else []


def _high_class(values: list[str]) -> str:
    return next((v for v in values if re.search(r">|high|upper|rich|above|yes", v.lower())), values[-1] if values else "")


def _mean(target: Column, goal: Goal | None) -> float:
    if "mean" in target:
        return target["mean"]
    if "min" in target and "max" in target:
        return (target["min"] + target["max"]) / 2
    return goal.rate if goal and goal.task == "numeric" else 100.0


def _target(column: Column, goal: Goal | None, task: str, drivers: list[dict[str, Any]]) -> Column:
    result: Column = {"name": column["name"], "type": "target", "task": task}
    if task == "binary":
        rate = column.get("true_rate") or (goal.rate if goal and goal.task == "binary" else 0.3)
        result["rate"] = round(min(max(rate, 0.01), 0.99), 3)
    elif task == "multiclass":
        result["classes"] = [str(v) for v in column["values"]]
        if column.get("weights"):
            result["weights"] = column["weights"]
    else:
        mean = _mean(column, goal)
        result.update(mean=round(mean, 2), noise=round(0.12 * abs(mean) or 1.0, 2), decimals=0 if column["type"] in ("integer", "price") and abs(mean) > 100 else 2)
    result["drivers"] = drivers
    result["description"] = _describe(column, result, goal)
    if column.get("unit"):
        result["unit"] = column["unit"]
    return result


def _describe(column: Column, target: Column, goal: Goal | None) -> str:
    label = _words(column["name"]).capitalize()
    if target["task"] == "binary":
        label += f" ({target['rate']:.0%})"
    elif target["task"] == "multiclass":
        label += f" ('{target['drivers'][0]['class']}')"
    up = [_said(d) for d in target["drivers"] if d["effect"] > 0]
    down = [_said(d) for d in target["drivers"] if d["effect"] < 0]
    more, less = ("rises", "falls") if target["task"] == "numeric" else ("more likely", "less likely")
    parts = [f"{more} with {_join(up)}" if up else "", f"{less} with {_join(down)}" if down else ""]
    return f"{label}: {'; '.join(p for p in parts if p)} (planted)"[:300]


def _said(driver: dict[str, Any]) -> str:
    name = _words(driver["column"])
    return f"{name} {driver['value']}" if "value" in driver else f"higher {name}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
