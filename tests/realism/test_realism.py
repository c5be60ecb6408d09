"""The realism evaluation: shares on the frozen and tuning sets stay at or above their floors
(floors.toml: the measured baseline minus 0.05), the frozen set covers every relation kind, and
the rules themselves judge hand-made rows right."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest

from tests.realism.dataset import Column, Dataset
from tests.realism.rules import check
from tests.realism.score import Totals, load, score

FLOORS = tomllib.loads((Path(__file__).with_name("floors.toml")).read_text(encoding="utf-8"))
SHARES = ("kind_accuracy", "columns_kept", "rules_holding", "units_right")  # units_right: where the set states units
RELATIONS = ("order", "bound", "differ", "roles", "depends", "corr", "present_when", "clock", "window", "distinct")


def below_floors(summary: Totals, floors: dict[str, float]) -> list[str]:
    measured = {name: getattr(summary, name) for name in SHARES if name in floors}
    return [f"{name} {'-' if share is None else f'{share:.3f}'} < floor {floors[name]:.3f}" for name, share in measured.items()
            if share is None or share < floors[name]]


@pytest.mark.parametrize("name", ["frozen", "tuning", "tuning2", "tuning3", "tuning4", "tuning5", "tuning6", "tuning7", "tuning8", "tuning9", "tuning10", "tuning11", "tuning12", "tuning13", "tuning14", "tuning15", "tuning16", "tuning17", "tuning18", "tuning19", "tuning20", "tuning21", "tuning22", "tuning23", "tuning24"])
def test_shares_stay_above_their_floors(name: str) -> None:
    results, summary = score(name)
    assert not below_floors(summary, FLOORS[name]), below_floors(summary, FLOORS[name])


def test_a_drop_below_a_floor_fails() -> None:
    floors = FLOORS["frozen"]
    dropped = Totals(floors["kind_accuracy"], floors["columns_kept"] - 0.01, floors["rules_holding"], {}, floors["units_right"], (1, 1))
    assert below_floors(dropped, floors) == [f"columns_kept {floors['columns_kept'] - 0.01:.3f} < floor {floors['columns_kept']:.3f}"]


def test_a_units_line_below_its_floor_or_missing_fails() -> None:
    floors = {"kind_accuracy": 0.9, "columns_kept": 0.9, "rules_holding": 0.5, "units_right": 0.9}
    assert below_floors(Totals(1.0, 1.0, 1.0, {}, 0.95, (19, 20)), floors) == []
    assert below_floors(Totals(1.0, 1.0, 1.0, {}, 0.85, (17, 20)), floors) == ["units_right 0.850 < floor 0.900"]
    assert below_floors(Totals(1.0, 1.0, 1.0, {}, None, (0, 0)), floors) == ["units_right - < floor 0.900"]  # no unit read at all


def test_frozen_set_covers_every_relation_kind_three_times() -> None:
    cases = load("frozen")
    uses = Counter(kind for case in cases for kind in {rule["kind"] for rule in case["rules"]})
    tags = Counter(tag for case in cases for tag in {rule.get("tag") for rule in case["rules"]} if tag)
    gaps = sum(any(r["kind"] == "order" and ("min" in r or "max" in r) for r in case["rules"]) for case in cases)
    assert all(uses[kind] >= 3 for kind in RELATIONS), uses
    assert all(tags[tag] >= 3 for tag in ("high_low", "max_min", "part_whole")), tags
    assert gaps >= 3 and uses["text_agrees"] + uses["text_topic"] >= 5
    assert len(cases) >= 64 and Counter(c["kind"] for c in cases)["multi"] >= 10 and Counter(c["kind"] for c in cases)["series"] >= 10
    assert len({r["country"] for c in cases for r in c["rules"] if r["kind"] == "locale"}) >= 8


def _data(**columns: list) -> Dataset:
    return Dataset({}, {"": {name: Column("", name, values) for name, values in columns.items()}})


GOOD = _data(
    start=["2024-01-01T09:00:00", "2024-01-02T10:15:00", "2024-01-03T11:30:00", "2024-01-04T12:45:00"],
    end=["2024-01-01T10:00:00", "2024-01-02T11:15:00", "2024-01-03T13:30:00", "2024-01-04T13:45:00"],
    origin=["Lyon", "Paris", "Nice", "Lille"], destination=["Paris", "Nice", "Lille", "Lyon"],
    low=[1.0, 2.0, 3.0, 4.0], high=[2.0, 3.0, 5.0, 9.0], room=["A1", "A1", "B2", "B2"], capacity=[4, 4, 10, 10],
    status=["cancelled", "paid", "cancelled", "paid"], cancelled_on=["2024-01-05", None, "2024-01-06", None],
    first_name=["Jean", "Marie", "Pierre", "Camille"], rating=[1, 2, 4, 5],
    review=["terrible and rude", "bad", "good", "great, love it"],
    day=["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"],
)


@pytest.mark.parametrize("rule", [
    {"kind": "order", "a": "start", "b": "end", "min": 30, "max": 180, "unit": "minutes"},
    {"kind": "bound", "upper": "high", "lower": "low"},
    {"kind": "differ", "a": "origin", "b": "destination"},
    {"kind": "roles", "cols": ["origin", "destination"]},
    {"kind": "distinct", "col": "room", "n": 2},
    {"kind": "corr", "a": "low", "b": "high", "r": 0.9},
    {"kind": "depends", "by": "room", "col": "capacity", "min": 0.9},
    {"kind": "present_when", "col": "cancelled_on", "when": "status", "values": ["cancel"]},
    {"kind": "clock", "col": "start", "hours": [[9, 13]]},
    {"kind": "clock", "col": "start", "grid": 15},
    {"kind": "window", "col": "day", "start": "2024-01-01", "end": "2024-01-04"},
    {"kind": "series", "time": "day", "freq": "day"},
    {"kind": "autocorr", "col": "high", "time": "day", "r": 0.5},
    {"kind": "locale", "col": "first_name", "country": "FR", "what": "name"},
    {"kind": "text_agrees", "text": "review", "label": "rating", "lexicon": "sentiment", "r": 0.8},
    {"kind": "no_placeholder"},
])
def test_rules_hold_on_rows_that_obey_them(rule: dict) -> None:
    outcome = check(rule, GOOD)
    assert outcome.ok, outcome.detail


@pytest.mark.parametrize("rule", [
    {"kind": "order", "a": "end", "b": "start"},
    {"kind": "bound", "upper": "low", "lower": "high"},
    {"kind": "differ", "a": "origin", "b": "origin"},
    {"kind": "distinct", "col": "room", "n": 3},
    {"kind": "corr", "a": "low", "b": "high", "r": -0.5},
    {"kind": "present_when", "col": "cancelled_on", "when": "status", "values": ["paid"]},
    {"kind": "clock", "col": "start", "hours": [[13, 17]]},
    {"kind": "window", "col": "day", "start": "2023-01-01", "end": "2023-12-31"},
    {"kind": "series", "time": "day", "freq": "week"},
    {"kind": "locale", "col": "first_name", "country": "JP", "what": "name"},
    {"kind": "range", "col": "no_such_column", "lo": 0, "hi": 1},
])
def test_rules_fail_on_rows_that_break_them(rule: dict) -> None:
    assert not check(rule, GOOD).ok


def _parent_and_children(refs: list[str]) -> Dataset:
    parent = {"shop_id": Column("shops", "shop_id", ["1", "2", "3"], {"type": "id"})}
    child = {"shop_id": Column("sales", "shop_id", refs, {"type": "reference", "table": "shops"})}
    return Dataset({}, {"shops": parent, "sales": child})


def test_references_fanout_counts_child_rows_per_parent() -> None:
    rule = {"kind": "references", "child": "sales", "parent": "shops", "fanout": 2}
    assert check(rule, _parent_and_children(["1", "1", "2", "2", "3", "3"])).ok
    assert not check(rule, _parent_and_children(["1", "2", "3", "1"])).ok  # 1.3 sales per shop
    assert not check(rule, _parent_and_children(["1", "1", "4", "4"])).ok  # shop 4 does not exist


def _customers_and_orders(order_dates: list[str]) -> Dataset:
    customers = {"customer_id": Column("customers", "customer_id", ["1", "2"], {"type": "id"}),
                 "signup_date": Column("customers", "signup_date", ["2024-03-01", "2024-06-01"])}
    orders = {"customer_id": Column("orders", "customer_id", ["1", "2", "2", None], {"type": "reference", "table": "customers"}),
              "order_date": Column("orders", "order_date", order_dates)}
    return Dataset({}, {"customers": customers, "orders": orders})


@pytest.mark.parametrize(("order_dates", "rule", "holds"), [
    (["2024-03-05", "2024-06-02", "2024-07-01", "2020-01-01"], {}, True),  # the row without a customer is not judged
    (["2024-03-05", "2024-05-30", "2024-07-01", None], {}, False),  # customer 2 ordered before signing up
    (["2024-03-05", "2024-05-30", "2024-07-01", None], {"share": 0.6}, True),
    (["2024-03-01", "2024-06-02", "2024-07-01", None], {}, False),  # on the signup day: not strictly after
    (["2024-03-01", "2024-06-02", "2024-07-01", None], {"strict": False}, True),
    (["2024-03-05", "2024-06-02", "2024-07-01", None], {"max": 10}, False),  # customer 2's second order is 30 days on
])
def test_joined_order_compares_a_child_row_with_its_parent_row(order_dates: list, rule: dict, holds: bool) -> None:
    base = {"kind": "joined_order", "child": "order", "parent": "customer", "a": "signup", "b": "order_date"}
    outcome = check({**base, **rule}, _customers_and_orders(order_dates))
    assert outcome.ok is holds, outcome.detail


def test_joined_order_needs_the_key_and_both_columns() -> None:
    data = _customers_and_orders(["2024-03-05", "2024-06-02", "2024-07-01", None])
    base = {"kind": "joined_order", "child": "order", "parent": "customer", "a": "signup", "b": "order_date"}
    assert "missing" in check({**base, "a": "birthday"}, data).detail
    assert "missing" in check({**base, "b": "signup"}, data).detail  # the child's column is looked up in the child only
    data.tables["orders"]["customer_id"].spec["type"] = "integer"
    assert not check(base, data).ok


def test_a_table_pattern_tries_its_alternatives_in_order() -> None:
    rule = {"kind": "references", "child": "purchase|sale", "parent": "store|shop"}
    assert check(rule, _parent_and_children(["1", "2", "3"])).ok
    assert not check({**rule, "child": "purchase|order"}, _parent_and_children(["1", "2", "3"])).ok


def test_placeholders_are_found() -> None:
    data = _data(sensor=["Sensor A", "Sensor B", "Sensor C"] * 2, slogan=["Robust bandwidth-monitored encryption"] * 6)
    assert "sensor" in check({"kind": "no_placeholder"}, data).detail and "slogan" in check({"kind": "no_placeholder"}, data).detail


def _seasons() -> Dataset:
    """Two cities a day apart in January and July: Oslo cold in January, Sydney cold in July."""
    days = ["2024-01-10", "2024-01-10", "2024-01-11", "2024-01-11", "2024-07-10", "2024-07-10", "2024-07-11", "2024-07-11"]
    return _data(date=days, city=["Oslo", "Sydney"] * 4, temperature=[-5.0, 26.0, -3.0, 24.0, 17.0, 13.0, 19.0, 12.0])


@pytest.mark.parametrize(("rule", "holds"), [
    ({"high": [7], "low": [1], "by": 15, "where": ["Oslo"]}, True),
    ({"high": [7], "low": [1], "by": 25, "where": ["Oslo"]}, False),  # July is 22 degrees warmer, not 25
    ({"high": [1], "low": [7], "by": 5, "where": ["Sydney"]}, True),
    ({"high": [7], "low": [1], "where": ["Sydney"]}, False),  # Sydney's July is its winter
    ({"high": [7], "low": [1], "by": 20, "where": ["Sydney"], "low_where": ["Oslo"]}, False),  # Sydney's July 12.5 against Oslo's January -4
    ({"high": [1], "low": [1], "by": 20, "where": ["Sydney"], "low_where": ["Oslo"]}, True),
    ({"high": [7], "low": [1], "ratio": 2}, False),  # a negative mean has no ratio
    ({"high": [7], "low": [12]}, False),  # no December rows to compare
])
def test_a_season_rule_compares_the_means_of_two_sets_of_months(rule: dict, holds: bool) -> None:
    outcome = check({"kind": "season", "col": "temperature", "time": "date", "entity": "city", **rule}, _seasons())
    assert outcome.ok is holds, outcome.detail


def test_a_season_rule_reads_weekdays_and_hours() -> None:
    stamps = ["2024-03-02T13:00:00", "2024-03-02T03:00:00", "2024-03-05T13:00:00", "2024-03-05T03:00:00"]  # a Saturday, a Tuesday
    data = _data(time=stamps, visitors=[900.0, 10.0, 400.0, 5.0])
    saturday = {"kind": "season", "col": "visitors", "time": "time", "of": "weekday", "high": [5], "low": [1]}
    assert check({**saturday, "ratio": 2}, data).ok and not check({**saturday, "ratio": 3}, data).ok
    hours = {"kind": "season", "col": "visitors", "time": "time", "of": "hour", "high": [12, 13, 14], "low": [2, 3, 4]}
    assert check({**hours, "ratio": 50}, data).ok and not check({**hours, "ratio": 100}, data).ok
    assert not check({**hours, "time": "visitors", "col": "time"}, data).ok  # numbers are no timestamps
