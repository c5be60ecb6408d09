"""Parts within the wholes they belong to, for nouns no pattern names: counts of one plural noun
typed alike, a part within the nearest whole of its kind, stages of one flow and what leaves it,
caps stated as numbers, and a part said as a share of its whole in one phrase. Descriptions here
are not from the realism sets."""

from __future__ import annotations

import datetime as dt

from generator.inference.read.wholes import expand_wholes
from generator.inference.sources.offline import infer_schema
from generator.schema import DatasetSchema
from generator.writers.cells import rows_as_dicts

TODAY = dt.date(2025, 6, 15)


def columns(description: str) -> dict[str, dict]:
    return {c["name"]: c for c in infer_schema(description, today=TODAY)["columns"]}


def rows(description: str, count: int = 1500) -> list[dict]:
    return list(rows_as_dicts(DatasetSchema.from_dict(infer_schema(description, today=TODAY)), rows=count, seed=5))


def within(data: list[dict], part: str, whole: str) -> bool:
    return all(row[part] is None or row[whole] is None or row[part] <= row[whole] for row in data)


def test_counts_of_one_plural_noun_are_counted_alike():
    found = columns("archery club coaching nights: coach, date, archers registered, archers shooting, archers who left early")
    assert {found[name]["type"] for name in ("archers_registered", "archers_shooting", "archers_who_left_early")} == {"integer"}


def test_a_part_stays_within_the_nearest_whole_of_its_kind():
    data = rows("prepaid laundry cards at a launderette: card id, starting value, amount spent, balance left, last wash date")
    assert within(data, "amount_spent", "starting_value") and within(data, "balance_left", "starting_value")


def test_money_parts_follow_a_whole_in_another_currency_word():
    data = rows("school trip payments: pupil, trip price (EUR), deposit paid, amount still owing")
    assert within(data, "amount_still_owing", "trip_price")


def test_what_leaves_a_flow_is_within_its_first_stage_not_the_stage_before():
    found = columns("egg packing shifts: date, eggs graded, eggs packed, eggs rejected, eggs exported")
    assert found["eggs_packed"]["at_most"] == "eggs_graded"
    assert found["eggs_rejected"]["at_most"] == "eggs_graded"  # not within the eggs packed
    assert found["eggs_exported"]["at_most"] == "eggs_packed"


def test_a_measure_in_a_plural_holds_the_counts_of_it():
    data = rows("audiobook listening: listener, title, book length in chapters, chapters finished, started on")
    assert within(data, "chapters_finished", "book_length_in_chapters")


def test_a_limit_is_never_the_part_of_what_fills_it():
    found = columns("walking tour departures: tour, date, group size limit, places sold, guide")
    assert "at_most" not in found["group_size_limit"] and found["places_sold"]["at_most"] == "group_size_limit"


def test_a_stated_cap_bounds_the_counts_and_counts_nothing():
    found = columns("pottery taster sessions, max 10 learners per session: date, tutor, learners booked, learners attending")
    assert found["learners_booked"]["max"] <= 10 and "distinct" not in found["learners_booked"]
    seats = columns("lectures in a 120-seat theatre: module, lecturer, students attending, week")
    assert seats["students_attending"]["max"] <= 120


def test_a_part_said_as_a_share_of_its_whole_names_both():
    assert expand_wholes("baskets scored from how many shots, minutes") == "baskets scored, shots, minutes"
    assert expand_wholes("reader, chapters read of the novel's length, rating") == "reader, chapters read, novel length, rating"
    assert expand_wholes("birds counted of the day, guests checked out of the hotel") == "birds counted of the day, guests checked out of the hotel"
    found = columns("basketball free throws per player: player, free throws made from how many attempts, game date")
    assert found["free_throws_made"]["at_most"] == "attempts"


def test_a_series_reading_naming_the_thing_of_a_whole_is_a_part_of_it():
    schema = infer_schema("daily figures for 4 van hire depots in 2024: depot, date, vans in fleet, vans on hire, vans awaiting repair", today=TODAY)
    found = {c["name"]: c for t in schema.get("tables") or [schema] for c in t["columns"]}
    assert found["vans_on_hire"].get("of") == "vans_in_fleet" and found["vans_awaiting_repair"].get("of") == "vans_in_fleet"
