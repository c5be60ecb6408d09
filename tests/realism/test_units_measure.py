"""The units measure (units.py): which units a description states for which column, and whether a
generated column honours one, on hand-made rows, so that both its yes and its no are tested."""

from __future__ import annotations

import pytest

from tests.realism.dataset import Column, Dataset
from tests.realism.units import judge, judge_all, stated_units


def _stated(text: str) -> list[tuple[str, str]]:
    return [(s.phrase, s.label) for s in stated_units(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("bolts: length in mm, head diameter (mm), weight (g)", [("length", "mm"), ("head diameter", "mm"), ("weight", "g")]),
    ("weather: temperature °F, pressure hPa, wind speed mph, rainfall in inches", [("temperature", "°F"), ("pressure", "hPa"), ("wind speed", "mph"), ("rainfall", "in")]),
    ("firms with revenue in thousands of dollars and staff", [("revenue", "×1000 USD")]),
    ("calls: duration in minutes, cost in €, distance, km", [("duration", "minutes"), ("cost", "EUR"), ("distance", "km")]),
    ("homes: energy kWh, volume ml, discount %", [("energy", "kWh"), ("volume", "ml"), ("discount", "%")]),
    ("cars with fuel use in litres per 100 km and top speed in km/h", [("fuel use", "L/100km"), ("top speed", "km/h")]),
    ("flats: electricity in kWh per month, turnover (£m), nitrate in mg/L", [("electricity", "kWh/month"), ("turnover", "×1e+06 GBP"), ("nitrate", "mg/L")]),
    ("staff with hours worked and years of experience", [("hours worked", "hours"), ("years of experience", "years")]),
    ("requests(duration_ms, size_kb)", [("duration", "ms"), ("size", "KB")]),
    ("pay in pounds, parcel weight in pounds", [("pay", "GBP"), ("parcel weight", "lb")]),
    ("population in thousands by region", [("population", "×1000")]),
])
def test_finds_each_stated_unit_and_its_column(text: str, expected: list[tuple[str, str]]) -> None:
    assert _stated(text) == expected


@pytest.mark.parametrize("text", [
    "grocery orders in India in 2023: rating (1-5), size (S, M, L, XL), sex (m/f), answer (y/n)",
    "houses with year built, day of the week, a reading every 15 minutes over 3 years",
    "5 kg bags sold per day in 3 districts (about 20% phishing)",
])
def test_reads_no_unit_where_none_is_stated(text: str) -> None:
    assert _stated(text) == []


def _data(table: str = "", **columns: tuple[list, dict]) -> Dataset:
    return Dataset({}, {table: {name: Column(table, name, values, {"name": name, **spec}) for name, (values, spec) in columns.items()}})


@pytest.mark.parametrize(("text", "columns", "honoured"), [
    ("bolts: length in mm", {"length_mm": ([12.0, 30.0, 55.0], {"unit": "mm"})}, True),
    ("bolts: length in mm", {"length": ([12.0, 30.0, 55.0], {"unit": "mm"})}, True),
    ("bolts: length in mm", {"length_mm": ([12.0, 30.0, 55.0], {})}, True),  # said by the name's suffix
    ("bolts: length in mm", {"length": ([12.0, 30.0, 55.0], {})}, False),  # said nowhere
    ("bolts: length in mm", {"length": ([12.0, 30.0, 55.0], {"unit": "m"})}, False),  # another unit
    ("bolts: length in mm", {"length": (["12 mm", "30 mm"], {})}, True),  # written with its values
    ("patients with height in cm", {"height_cm": ([165.0, 172.0, 181.0], {"unit": "cm"})}, True),
    ("patients with height in cm", {"height_cm": ([1.65, 1.72, 1.81], {"unit": "cm"})}, False),  # metres in a cm column
    ("patients with body temperature °F", {"body_temperature": ([98.2, 99.1, 101.3], {"unit": "°F"})}, True),
    ("patients with body temperature °F", {"body_temperature": ([36.8, 37.2, 38.5], {"unit": "°F"})}, False),  # Celsius labelled °F
    ("sensor nodes: battery voltage in V", {"battery_voltage": ([3.6, 3.7, 3.4], {"unit": "V"})}, True),
    ("sensor nodes: battery voltage in V", {"battery_voltage": ([230.0, 231.0, 229.0], {"unit": "V"})}, False),
    ("firms with revenue in thousands of dollars", {"revenue": ([1200.0, 56000.0], {"unit": "thousand USD"})}, True),
    ("firms with revenue in thousands of dollars", {"revenue": ([1200.0, 56000.0], {"unit": "USD"})}, False),  # the scale unsaid
    ("rooms with floor area in m²", {"floor_area": ([14.0, 22.0, 35.0], {"unit": "m²"})}, True),
    ("rooms with floor area in m²", {"floor_area": ([14000.0, 22000.0, 35000.0], {"unit": "m²"})}, False),
    ("shops with humidity (%)", {"humidity": ([45.0, 60.0], {"unit": "%"})}, True),
    ("shops with humidity (%)", {"humidity": ([450.0, 600.0], {"unit": "%"})}, False),
    ("tasks with duration in minutes", {"duration": (["short", "long"], {"unit": "minutes"})}, False),  # no numbers
    ("drivers with weekly earnings in dollars", {"weekly_earnings": ([640.0, 910.0, 1180.0], {"unit": "USD"})}, True),  # a week's pay
    ("drivers with weekly earnings in dollars", {"weekly_earnings": ([640000.0, 910000.0], {"unit": "USD"})}, False),
    ("staff with annual salary in dollars", {"annual_salary": ([640.0, 910.0, 880.0], {"unit": "USD"})}, False),  # a week's, not a year's
])
def test_judges_a_column_against_the_unit_stated_for_it(text: str, columns: dict, honoured: bool) -> None:
    verdicts = judge_all(text, _data(**columns))
    assert len(verdicts) == 1 and verdicts[0].ok is honoured, verdicts[0].detail


def test_a_currency_column_beside_an_amount_says_its_currency() -> None:
    stated = stated_units("orders with price in €")[0]
    beside = _data(price=([12.5, 30.0], {}), currency=(["EUR", "EUR"], {}))
    elsewhere = _data(price=([12.5, 30.0], {}), currency=(["USD", "USD"], {}))
    assert judge(stated, beside, "orders with price in €").ok
    assert not judge(stated, elsewhere, "orders with price in €").ok


def test_a_unit_whose_column_is_missing_is_not_honoured() -> None:
    verdict = judge_all("bolts: length in mm", _data(weight=([1.0], {"unit": "g"})))[0]
    assert not verdict.ok and "no column" in verdict.detail
