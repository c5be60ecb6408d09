"""The realism rule language: each rule is a TOML table with a `kind`; `check(rule, data)` says
whether the generated rows obey it. A rule whose columns are missing fails. See README.md."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from tests.realism import vocab
from tests.realism.dataset import TEMPORAL, Column, Dataset, closeness, matches, to_number

UNIT_SECONDS = {"days": 86400.0, "hours": 3600.0, "minutes": 60.0, "seconds": 1.0}


@dataclass(frozen=True)
class Outcome:
    ok: bool
    detail: str


class Missing(Exception):
    """A column the rule names is not in the generated data."""


Rule = dict[str, Any]
CHECKS: dict[str, Callable[[Rule, Dataset], Outcome]] = {}


def check(rule: Rule, data: Dataset) -> Outcome:
    """Run one rule; a missing column or any error is a failure with a reason."""
    try:
        return CHECKS[rule["kind"]](rule, data)
    except Missing as missing:
        return Outcome(False, f"missing column {missing}")
    except Exception as error:  # noqa: BLE001 - a broken rule or odd values fail the rule, never the run
        return Outcome(False, f"error: {type(error).__name__}: {error}")


def rule(kind: str) -> Callable[[Callable[[Rule, Dataset], Outcome]], Callable[[Rule, Dataset], Outcome]]:
    def register(function: Callable[[Rule, Dataset], Outcome]) -> Callable[[Rule, Dataset], Outcome]:
        CHECKS[kind] = function
        return function
    return register


def need(data: Dataset, pattern: str, *, near: Column | None = None, exclude: tuple[Column, ...] = ()) -> Column:
    column = data.find(pattern, near=near.table if near else None, exclude=exclude)
    if column is None:
        raise Missing(repr(pattern))
    return column


def pair(rule: Rule, data: Dataset, first: str, second: str) -> tuple[Column, Column]:
    """Two distinct columns, the second looked up in the first one's table first."""
    a = need(data, rule[first])
    return a, need(data, rule[second], near=a, exclude=(a,))


def shared(ok: np.ndarray, valid: np.ndarray, wanted: float, what: str) -> Outcome:
    """Whether at least `wanted` of the valid rows are ok."""
    count = int(valid.sum())
    if count == 0:
        return Outcome(False, f"{what}: no rows to judge")
    share = float((ok & valid).sum()) / count
    return Outcome(share >= wanted, f"{what}: {share:.1%} of {count} rows (need {wanted:.0%})")


def _comparable(a: Column, b: Column) -> None:
    if (a.kind in TEMPORAL) != (b.kind in TEMPORAL) or "text" in (a.kind, b.kind):
        raise ValueError(f"{a.name} ({a.kind}) and {b.name} ({b.kind}) are not comparable")


@rule("order")
def order(rule: Rule, data: Dataset) -> Outcome:
    a, b = pair(rule, data, "a", "b")
    _comparable(a, b)
    unit = rule.get("unit", "days" if a.kind in TEMPORAL else "value")
    gap = (b.numbers - a.numbers) / (1.0 if unit == "value" else UNIT_SECONDS[unit])
    with np.errstate(invalid="ignore"):
        ok = gap > 0 if rule.get("strict", True) else gap >= 0
        ok &= (gap >= rule.get("min", -np.inf)) & (gap <= rule.get("max", np.inf))
    valid = ~np.isnan(gap)
    return shared(ok, valid, rule.get("share", 0.99), f"{b.name} after {a.name} [{rule.get('min', '')}, {rule.get('max', '')}] {unit}")


@rule("bound")
def bound(rule: Rule, data: Dataset) -> Outcome:
    upper, lower = pair(rule, data, "upper", "lower")
    _comparable(upper, lower)
    with np.errstate(invalid="ignore"):
        ok = upper.numbers >= lower.numbers
    valid = ~np.isnan(upper.numbers) & ~np.isnan(lower.numbers)
    return shared(ok, valid, rule.get("share", 0.99), f"{upper.name} >= {lower.name}")


@rule("differ")
def differ(rule: Rule, data: Dataset) -> Outcome:
    a, b = pair(rule, data, "a", "b")
    ok = np.array([x != y for x, y in zip(a.texts, b.texts)])
    return shared(ok, a.present & b.present, rule.get("share", 0.99), f"{a.name} != {b.name}")


@rule("roles")
def roles(rule: Rule, data: Dataset) -> Outcome:
    columns: list[Column] = []
    for pattern in rule["cols"]:
        columns.append(need(data, pattern, near=columns[0] if columns else None, exclude=tuple(columns)))
    rows = list(zip(*(c.texts for c in columns)))
    ok = np.array([len(set(row)) == len(row) for row in rows])
    valid = np.array([None not in row for row in rows])
    return shared(ok, valid, rule.get("share", 0.99), "different people: " + ", ".join(c.name for c in columns))


@rule("distinct")
def distinct(rule: Rule, data: Dataset) -> Outcome:
    column = need(data, rule["col"])
    count = len({v for v in column.texts if v is not None})
    low, high = (rule["n"], rule["n"]) if "n" in rule else (rule.get("min", 0), rule.get("max", float("inf")))
    return Outcome(low <= count <= high, f"{column.name}: {count} distinct (need {low}..{high})")


def ranks(values: np.ndarray) -> np.ndarray:
    """Average ranks (ties share their mean rank)."""
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    order = np.argsort(values, kind="stable")
    plain = np.empty(len(values))
    plain[order] = np.arange(len(values))
    return (np.bincount(inverse, weights=plain) / counts)[inverse]


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    keep = ~np.isnan(x) & ~np.isnan(y)
    if keep.sum() < 3:
        return float("nan")
    rx, ry = ranks(x[keep]), ranks(y[keep])
    if rx.std() == 0 or ry.std() == 0:
        return 0.0
    return float(np.corrcoef(rx, ry)[0, 1])


def _corr_outcome(rho: float, wanted: float, what: str) -> Outcome:
    ok = rho >= wanted if wanted >= 0 else rho <= wanted
    return Outcome(bool(ok), f"{what}: rho {rho:.2f} (need {'>=' if wanted >= 0 else '<='} {wanted})")


@rule("corr")
def corr(rule: Rule, data: Dataset) -> Outcome:
    a, b = pair(rule, data, "a", "b")
    if "text" in (a.kind, b.kind):
        raise ValueError(f"{a.name} ({a.kind}) and {b.name} ({b.kind}) are not both numeric")
    return _corr_outcome(spearman(a.numbers, b.numbers), rule["r"], f"{a.name} ~ {b.name}")


@rule("depends")
def depends(rule: Rule, data: Dataset) -> Outcome:
    by, column = pair(rule, data, "by", "col")
    groups = by.texts
    if len({g for g in groups if g is not None}) < 2:
        return Outcome(False, f"{by.name} has fewer than two categories")
    if column.kind == "number":
        value = eta_squared(groups, column.numbers)
        return Outcome(value >= rule["min"], f"{column.name} by {by.name}: eta^2 {value:.2f} (need {rule['min']})")
    return _modal_share(groups, column.texts, rule["min"], f"{column.name} by {by.name}")


def eta_squared(groups: list[str | None], values: np.ndarray) -> float:
    keep = [i for i, g in enumerate(groups) if g is not None and not np.isnan(values[i])]
    if len(keep) < 3:
        return 0.0
    x = values[keep]
    labels = np.unique([groups[i] for i in keep], return_inverse=True)[1]
    means = np.bincount(labels, weights=x) / np.bincount(labels)
    total = ((x - x.mean()) ** 2).sum()
    return float(((means[labels] - x.mean()) ** 2).sum() / total) if total else 0.0


def _modal_share(groups: list[str | None], values: list[str | None], wanted: float, what: str) -> Outcome:
    """Share of rows whose value's most common group is the row's group, over values seen twice or more."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for group, value in zip(groups, values):
        if group is not None and value is not None:
            seen[value][group] += 1
    repeated = {value: counts for value, counts in seen.items() if sum(counts.values()) > 1}
    rows = sum(sum(c.values()) for c in repeated.values())
    if rows < 0.1 * len(values):
        return Outcome(False, f"{what}: values do not repeat ({rows} rows on repeated values)")
    agree = sum(c.most_common(1)[0][1] for c in repeated.values())
    return Outcome(agree / rows >= wanted, f"{what}: {agree / rows:.1%} of {rows} rows on their value's main group (need {wanted:.0%})")


def condition(column: Column, values: list[str]) -> np.ndarray:
    wanted = [v.lower() for v in values]
    return np.array([t is not None and any(w in t.lower() for w in wanted) for t in column.texts])


@rule("present_when")
def present_when(rule: Rule, data: Dataset) -> Outcome:
    column, when = pair(rule, data, "col", "when")
    holds = condition(when, rule["values"])
    if not 0.01 <= holds.mean() <= 0.99:
        return Outcome(False, f"{when.name} contains {rule['values']} in {holds.mean():.1%} of rows (need some and not all)")
    ok = column.present == holds
    return shared(ok, np.ones(len(ok), bool), rule.get("share", 0.95), f"{column.name} present exactly when {when.name} ~ {rule['values']}")


@rule("nulls")
def nulls(rule: Rule, data: Dataset) -> Outcome:
    column = need(data, rule["col"])
    share = 1.0 - float(column.present.mean())
    low, high = rule.get("min", 0.0), rule.get("max", 1.0)
    return Outcome(low <= share <= high, f"{column.name}: {share:.1%} missing (need {low:.0%}..{high:.0%})")


@rule("range")
def value_range(rule: Rule, data: Dataset) -> Outcome:
    column = need(data, rule["col"])
    x = column.numbers
    with np.errstate(invalid="ignore"):
        ok = (x >= rule["lo"]) & (x <= rule["hi"])
    valid = column.present if column.kind != "text" else ~np.isnan(x)
    return shared(ok, valid, rule.get("share", 0.99), f"{column.name} in [{rule['lo']}, {rule['hi']}]")


@rule("window")
def window(rule: Rule, data: Dataset) -> Outcome:
    column = need(data, rule["col"])
    if column.kind not in ("date", "datetime"):
        raise ValueError(f"{column.name} holds {column.kind} values, not dates")
    start, end = to_number(rule["start"], "date"), to_number(rule["end"], "date")
    end += 86399 if len(rule["end"]) == 10 else 0
    with np.errstate(invalid="ignore"):
        ok = (column.numbers >= start) & (column.numbers <= end)
    return shared(ok, column.present, rule.get("share", 0.99), f"{column.name} within {rule['start']}..{rule['end']}")


def seconds_of_day(column: Column) -> np.ndarray:
    if column.kind == "time":
        return column.numbers
    if column.kind == "datetime":
        return np.mod(column.numbers, 86400)
    raise ValueError(f"{column.name} holds {column.kind} values, not times of day")


@rule("clock")
def clock(rule: Rule, data: Dataset) -> Outcome:
    column = need(data, rule["col"])
    seconds = seconds_of_day(column)
    with np.errstate(invalid="ignore"):
        if "grid" in rule:
            ok, what = np.mod(seconds, rule["grid"] * 60) == 0, f"{column.name} on a {rule['grid']}-minute grid"
        else:
            hours = seconds / 3600
            ok = np.zeros(len(seconds), bool)
            for start, end in rule["hours"]:
                ok |= ((hours >= start) & (hours < end)) if start <= end else ((hours >= start) | (hours < end))
            what = f"{column.name} within hours {rule['hours']}"
    return shared(ok, ~np.isnan(seconds), rule.get("share", 0.95), what)


@rule("locale")
def locale(rule: Rule, data: Dataset) -> Outcome:
    column = need(data, rule["col"])
    what, country = rule["what"], rule["country"]
    if what == "currency":
        return currency(rule, data, column)
    known = vocab.first_names(country) if what == "name" else vocab.cities(country)
    found = vocab.name_found if what == "name" else vocab.city_found
    ok = np.array([t is not None and found(t, known) for t in column.texts])
    return shared(ok, column.present, rule.get("share", 0.9), f"{column.name}: {what} of {country}")


def currency(rule: Rule, data: Dataset, column: Column) -> Outcome:
    code = rule["code"]
    table = data.tables[column.table]
    marked = vocab.currency_marked(code, column.name, column.spec) or any(
        "currency" in other.name and vocab.mostly_code(other.texts, code) for other in table.values())
    if not marked:
        return Outcome(False, f"{column.name}: nothing says {code} (name, unit or a currency column)")
    if "decimals" in rule and column.kind == "number":
        x = column.numbers[~np.isnan(column.numbers)]
        scaled = x * 10 ** rule["decimals"]
        if not np.allclose(scaled, np.round(scaled)):
            return Outcome(False, f"{column.name}: {code} amounts with more than {rule['decimals']} decimals")
    return Outcome(True, f"{column.name}: in {code}")


@rule("text_agrees")
def text_agrees(rule: Rule, data: Dataset) -> Outcome:
    text, label = pair(rule, data, "text", "label")
    mapping = {str(k).lower(): float(v) for k, v in rule.get("map", {}).items()}
    labels = np.array([mapping.get(str(v).lower(), np.nan) if mapping else to_number(v, label.kind if label.kind != "text" else "number")
                       for v in label.values], dtype=float)
    scores = np.array([np.nan if t is None else vocab.text_score(t, rule["lexicon"]) for t in text.texts])
    return _corr_outcome(spearman(labels, scores), rule["r"], f"{rule['lexicon']} of {text.name} ~ {label.name}")


@rule("text_topic")
def text_topic(rule: Rule, data: Dataset) -> Outcome:
    text, label = pair(rule, data, "text", "label")
    topics = [vocab.topic_words(t) for t in label.texts]
    valid = np.array([bool(words) and t is not None for words, t in zip(topics, text.texts)])
    ok = np.array([bool(words) and t is not None and any(w in t.lower() for w in words) for words, t in zip(topics, text.texts)])
    return shared(ok, valid, rule.get("share", 0.6), f"{text.name} about its {label.name}")


def _entity_groups(data: Dataset, rule: Rule, time: Column) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    entity = need(data, rule["entity"], near=time, exclude=(time,)) if rule.get("entity") else None
    for i in range(len(time.values)):
        if time.present[i]:
            groups["" if entity is None else str(entity.values[i])].append(i)
    return groups


@rule("series")
def series(rule: Rule, data: Dataset) -> Outcome:
    time = need(data, rule["time"])
    if time.kind not in ("date", "datetime"):
        raise ValueError(f"{time.name} holds {time.kind} values, not timestamps")
    good = total = 0
    for rows in _entity_groups(data, rule, time).values():
        stamps = np.sort(time.numbers[rows])
        steps = [vocab.regular_step(x, y, rule["freq"]) for x, y in zip(stamps[:-1], stamps[1:])]
        good, total = good + sum(steps), total + len(steps)
    if total == 0:
        return Outcome(False, f"{time.name}: no entity has two timestamps")
    return Outcome(good / total >= rule.get("share", 0.95), f"{time.name} every {rule['freq']}: {good / total:.1%} of {total} steps")


@rule("autocorr")
def autocorr(rule: Rule, data: Dataset) -> Outcome:
    time = need(data, rule["time"])
    column = need(data, rule["col"], near=time, exclude=(time,))
    weighted = weight = 0.0
    for rows in _entity_groups(data, rule, time).values():
        ordered = np.array(rows)[np.argsort(time.numbers[rows], kind="stable")]
        x = column.numbers[ordered]
        x = x[~np.isnan(x)]
        if len(x) >= 3 and x[:-1].std() > 0 and x[1:].std() > 0:
            weighted += float(np.corrcoef(x[:-1], x[1:])[0, 1]) * len(x)
            weight += len(x)
    if weight == 0:
        return Outcome(False, f"{column.name}: no entity with three or more values")
    return _corr_outcome(weighted / weight, rule["r"], f"lag-1 autocorrelation of {column.name}")


def _calendar(column: Column, of: str) -> np.ndarray:
    """Each timestamp's month (1-12), weekday (0 = Monday) or hour (0-23); NaN where missing."""
    seconds = column.numbers
    valid = ~np.isnan(seconds)
    stamps = np.where(valid, seconds, 0).astype("int64").astype("datetime64[s]")
    days = stamps.astype("datetime64[D]").astype("int64")
    part = {"month": stamps.astype("datetime64[M]").astype("int64") % 12 + 1, "weekday": (days + 3) % 7,
            "hour": (seconds_of_day(column) // 3600) if column.kind == "datetime" else np.full(len(seconds), np.nan)}[of]
    return np.where(valid, part, np.nan)


def _group_mean(values: np.ndarray, when: np.ndarray, wanted: list[int], where: np.ndarray) -> float:
    chosen = np.isin(when, wanted) & where & ~np.isnan(values)
    return float(values[chosen].mean()) if chosen.any() else float("nan")


def _entity_is(data: Dataset, rule: Rule, time: Column, names: list[str] | None) -> np.ndarray:
    if not names:
        return np.ones(len(time.values), bool)
    entity = need(data, rule["entity"], near=time, exclude=(time,))
    return condition(entity, names)


@rule("season")
def season(rule: Rule, data: Dataset) -> Outcome:
    """The mean of `col` in the `high` months (weekdays, hours: `of`) is above its mean in the `low`
    ones, by at least `by` (in the column's units) or `ratio` times; `where` keeps the rows whose
    entity names one of its values (`low_where` for the low group, when it differs)."""
    time = need(data, rule["time"])
    column = need(data, rule["col"], near=time, exclude=(time,))
    if time.kind not in ("date", "datetime") or column.kind != "number":
        raise ValueError(f"{time.name} ({time.kind}) and {column.name} ({column.kind}) are not timestamps and numbers")
    when = _calendar(time, rule.get("of", "month"))
    where = _entity_is(data, rule, time, rule.get("where"))
    low_where = _entity_is(data, rule, time, rule.get("low_where", rule.get("where")))
    high, low = _group_mean(column.numbers, when, rule["high"], where), _group_mean(column.numbers, when, rule["low"], low_where)
    if np.isnan(high) or np.isnan(low):
        return Outcome(False, f"{column.name}: no rows in the {'high' if np.isnan(high) else 'low'} {rule.get('of', 'month')}s")
    if "ratio" in rule:
        ok, need_text = high >= rule["ratio"] * low and low >= 0, f"{rule['ratio']}x"
    else:
        ok, need_text = high - low >= rule.get("by", 0) and high > low, f"+{rule.get('by', 0)}"
    return Outcome(bool(ok), f"{column.name} in {rule.get('of', 'month')} {rule['high']} {high:.2f} vs {rule['low']} {low:.2f} (need {need_text})")


@rule("references")
def references(rule: Rule, data: Dataset) -> Outcome:
    parent = data.table_of(rule["parent"])
    child = data.table_of(rule["child"], exclude=parent)
    if child is None or parent is None:
        raise Missing(f"table {rule['child'] if child is None else rule['parent']!r}")
    try:
        ref, parent_key = _reference_to(data, child, parent)
    except Missing:
        return Outcome(False, f"{child} has no reference to {parent}'s key")
    known = set(parent_key.texts)
    ok = np.array([v in known for v in ref.texts])
    joined = shared(ok, ref.present, 1.0, f"{child}.{ref.name} joins {parent}.{parent_key.name}")
    if not joined.ok or "fanout" not in rule:
        return joined
    referred = [v for v in ref.texts if v is not None]
    per_parent = len(referred) / max(1, len(set(referred)))
    return Outcome(per_parent >= rule["fanout"], f"{joined.detail}; {per_parent:.1f} {child} rows per {parent} row (need {rule['fanout']})")


def _reference_to(data: Dataset, child: str, parent: str) -> tuple[Column, Column]:
    """The child table's reference column to the parent table and the parent's key."""
    keys = [c for c in data.tables[child].values() if c.spec.get("type") == "reference" and c.spec.get("table") == parent]
    parent_key = next((c for c in data.tables[parent].values() if c.spec.get("type") == "id"), None)
    if not keys or parent_key is None:
        raise Missing(f"a reference from {child} to {parent}'s key")
    return keys[0], parent_key


@rule("joined_order")
def joined_order(rule: Rule, data: Dataset) -> Outcome:
    """A child row's `b` after its parent row's `a`, joined on the key (an order after its
    customer's signup, a visit after the patient's registration)."""
    parent = data.table_of(rule["parent"])
    child = data.table_of(rule["child"], exclude=parent)
    if child is None or parent is None:
        raise Missing(f"table {rule['child'] if child is None else rule['parent']!r}")
    ref, key = _reference_to(data, child, parent)
    a = need_in(data, parent, rule["a"])
    b = need_in(data, child, rule["b"])
    _comparable(a, b)
    by_key = dict(zip(key.texts, a.numbers))
    joined = np.array([by_key.get(v, np.nan) if v is not None else np.nan for v in ref.texts], dtype=float)
    unit = rule.get("unit", "days" if a.kind in TEMPORAL else "value")
    gap = (b.numbers - joined) / (1.0 if unit == "value" else UNIT_SECONDS[unit])
    with np.errstate(invalid="ignore"):
        ok = gap > 0 if rule.get("strict", True) else gap >= 0
        ok &= (gap >= rule.get("min", -np.inf)) & (gap <= rule.get("max", np.inf))
    return shared(ok, ~np.isnan(gap), rule.get("share", 0.99), f"{child}.{b.name} after {parent}.{a.name} across {ref.name}")


def need_in(data: Dataset, table: str, pattern: str) -> Column:
    """A column of one table by pattern (alternatives in order; exact, then starting, then containing)."""
    for alternative in pattern.split("|"):
        found = [c for c in data.tables[table].values() if matches(alternative, c.name)]
        if found:
            return min(found, key=lambda c: closeness(c.name, alternative))
    raise Missing(f"{table}.{pattern!r}")


@rule("no_placeholder")
def no_placeholder(rule: Rule, data: Dataset) -> Outcome:
    """Applied to every description: no filler values in any text column."""
    flagged = [f"{c.name}: {example!r}" for c in data.columns() if c.kind == "text"
               for example in [vocab.placeholder_example(c.texts)] if example is not None]
    return Outcome(not flagged, "; ".join(flagged) if flagged else "no placeholder values")
