"""Numbers of believable size and dates in believable order for quantities the lexicon does not
know: counts of young born and of what a row's own work makes, gaps between events by their verbs,
a unit written bare after a name, pressures, and an age by whose it is. Descriptions here are not
from the realism sets."""

from __future__ import annotations

import datetime as dt

from generator.inference.sources.offline import infer_schema
from generator.schema import DatasetSchema
from generator.writers.cells import rows_as_dicts

TODAY = dt.date(2025, 6, 15)


def columns(description: str) -> dict[str, dict]:
    return {c["name"]: c for c in infer_schema(description, today=TODAY)["columns"]}


def rows(description: str, count: int = 1500) -> list[dict]:
    return list(rows_as_dicts(DatasetSchema.from_dict(infer_schema(description, today=TODAY)), rows=count, seed=3))


def test_young_born_are_counted_not_dates_of_birth():
    found = columns("goat kidding log: doe, kidding date, kids born alive, kids born total, kids sold")
    assert found["kids_born_alive"]["type"] == "integer" and found["kids_born_total"]["type"] == "integer"
    assert found["kids_born_total"]["min"] == 1  # a kidding with no kid is not recorded


def test_a_count_of_what_the_rows_work_uses_starts_at_one_and_a_score_may_be_none():
    found = columns("pottery class log: student, lumps of clay used, pots made, pots cracked in the kiln, date")
    assert found["lumps_of_clay_used"]["min"] == 1 and found["pots_made"]["min"] == 1
    assert columns("hockey stats: player, goals scored, shots, minutes")["goals_scored"]["min"] == 0


def test_a_birth_follows_the_mating_by_the_animals_gestation():
    data = rows("pig unit records: sow, service date, farrowing date, litter size")
    gaps = {(dt.date.fromisoformat(row["farrowing_date"]) - dt.date.fromisoformat(row["service_date"])).days for row in data}
    assert min(gaps) >= 112 and max(gaps) <= 118


def test_a_drop_off_is_collected_hours_later_on_the_same_visit():
    data = rows("car valeting bookings: car reg, drop-off time, pick-up time, price")
    moment = dt.datetime.fromisoformat
    hours = [(moment(row["pick_up_time"]) - moment(row["drop_off_time"])).total_seconds() / 3600 for row in data]
    assert min(hours) >= 1 and max(hours) <= 6


def test_a_bare_unit_of_another_dimension_rules_a_magnitude_out():
    lift = columns("warehouse forklifts: truck id, lift capacity kg, battery capacity kWh")["lift_capacity_kg"]
    assert lift["unit"] == "kg"


def test_pressures_convert_through_pascals_and_a_residual_stays_below_the_static():
    found = columns("sprinkler system tests: building, static pressure (psi), residual pressure (psi), test date")
    assert found["static_pressure"]["unit"] == "psi" and 15 <= found["static_pressure"]["min"] < found["static_pressure"]["max"] <= 160
    data = rows("sprinkler system tests: building, static pressure (psi), residual pressure (psi), test date")
    assert all(row["residual_pressure"] <= row["static_pressure"] for row in data)
    assert columns("tyre checks: car, tyre pressure in kPa")["tyre_pressure_kpa"]["unit"] == "kPa"


def test_a_stated_unit_makes_a_rating_a_number_within_which_the_load_stays():
    found = columns("substation register: transformer, rating kVA, peak load kVA")
    assert found["rating_k_va"]["type"] == "decimal" and found["rating_k_va"]["unit"] == "kVA"
    data = rows("substation register: transformer, rating kVA, peak load kVA")
    assert all(row["peak_load_k_va"] <= row["rating_k_va"] for row in data)


def test_an_age_is_sized_by_the_owner_its_own_words_name():
    age = columns("show results for a county fair: exhibitor, heifer age in years, class, placing")["heifer_age_years"]
    assert age["max"] <= 15
    person = columns("county fair visitors: name, age, ticket type")["age"]
    assert person["min"] >= 16
