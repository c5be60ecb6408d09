"""Columns a description names or implies in forms that are hard to split or name: paired
qualifiers sharing one noun, slashed and bracketed lists, columns asked as questions, a generic
head after a possessive, and readings named after a series' article or a preposition."""

from __future__ import annotations

import pytest

from generator.inference.read.naming import read_phrase
from generator.inference.read.pairs import expand_pairs
from generator.inference.sources.offline import infer_schema
from tests.realism.dataset import TODAY


@pytest.mark.parametrize(("text", "expanded"), [
    ("tender id, lowest and highest bid (EUR), bidders", "tender id, lowest bid (EUR), highest bid (EUR), bidders"),
    ("layer, min/max depth (m), soil", "layer, min depth (m), max depth (m), soil"),
    ("club, start and finish times, controls", "club, start time, finish time, controls"),
    ("name, from and to stations, class", "name, from station, to station, class"),
    ("holder, opening & closing hours, fee", "holder, opening time, closing time, fee"),
    ("boat, check-in/out dates, guests", "boat, check-in date, check-out date, guests"),
    ("date, before-and-after weight in kg, height", "date, before weight in kg, after weight in kg, height"),
    ("start, planned vs actual cost in pounds", "start, planned cost in pounds, actual cost in pounds"),
    ("origin, the departure and arrival times, fare", "origin, departure time, arrival time, fare"),
    ("agent, timestamps (start, end), outcome", "agent, start timestamp, end timestamp, outcome"),
    ("artist, height x width in cm, year", "artist, height in cm, width in cm, year"),
    ("date, systolic/diastolic blood pressure, pulse", "date, systolic blood pressure, diastolic blood pressure, pulse"),
    ("daily maximum and minimum temperature (°C) and rain", "daily maximum temperature (°C), minimum temperature (°C) and rain"),
])
def test_a_pair_of_qualifiers_gives_one_phrase_each(text: str, expanded: str) -> None:
    assert expand_pairs(text) == expanded


@pytest.mark.parametrize("text", [
    "date of birth and marital status",  # the object of a preposition shares nothing
    "home and away goals, shift (morning, evening)".replace("home and away goals, ", ""),  # values, not qualifiers
    "name and email address",  # 'name' is no qualifier
    "order total, express shipping and gift wrap",  # 'shipping' is a head here, not a qualifier
    "scheduled arrival, actual arrival and arrival delay in minutes",
])
def test_words_that_are_not_a_pair_stay(text: str) -> None:
    assert expand_pairs(text) == text


def test_a_counted_plural_keeps_its_plural() -> None:
    assert expand_pairs("team, home and away goals") == "team, home goals, away goals"


@pytest.mark.parametrize(("phrase", "name"), [
    ("how long the repair took", "repair_duration"),
    ("how long it lasts", "duration"),
    ("who served the customer", "served_by"),
    ("where the parcel went", "parcel_destination"),
    ("when the class starts", "class_start_time"),
    ("when the shop opens", "shop_opening_time"),
    ("when it was sent back", "sent_back_at"),
    ("when the alert was received", "alert_received_at"),  # the subject stays: a reader finds the alert
    ("when the bike was handed in", "bike_handed_in_at"),
    ("date the client approved it", "client_approved_date"),
    ("the owner's name", "owner_name"),
])
def test_a_column_asked_as_a_question_is_named_for_its_answer(phrase: str, name: str) -> None:
    assert read_phrase(phrase).name == name


def _types(description: str) -> dict[str, dict]:
    schema = infer_schema(description, today=TODAY)
    return {c["name"]: c for c in schema["columns"]}


def test_asked_columns_get_the_type_of_their_answer() -> None:
    columns = _types("bike repairs: brand, how long the repair took, who served the customer, where the parcel went, when the class starts")
    assert columns["repair_duration"]["type"] == "integer" and columns["repair_duration"]["unit"] == "minutes"
    assert columns["served_by"]["type"] == "full_name"
    assert columns["parcel_destination"]["type"] == "city"
    assert columns["class_start_time"]["type"] == "time"


def test_paired_columns_keep_their_order_and_bound() -> None:
    courts = _types("tennis courts: park, surface, peak and off-peak price per hour")
    assert courts["peak_price_per_hour"]["at_least"] == "off_peak_price_per_hour"
    tenders = _types("public works tenders: tender id, lowest and highest bid (EUR), number of bidders")
    assert tenders["highest_bid"]["type"] == tenders["lowest_bid"]["type"] == "price"
    assert tenders["highest_bid"]["unit"] == tenders["lowest_bid"]["unit"] == "EUR"


def test_an_opening_time_is_in_the_morning() -> None:
    columns = _types("post offices in Italy: office name, town, opening time, closing time")
    assert columns["opening_time"]["profile"] == "opening"
    assert columns["closing_time"]["at_least"] == "opening_time"


def test_a_series_pair_bounded_by_a_gap_never_crosses() -> None:
    schema = infer_schema("ICU vitals: heart rate, systolic and diastolic blood pressure for 12 patients every 5 minutes", today=TODAY)
    columns = {c["name"]: c for c in schema["columns"]}
    assert columns["diastolic_blood_pressure"]["type"] == "derived"
    assert "systolic_blood_pressure" in columns["diastolic_blood_pressure"]["expression"]


def test_a_reading_is_named_without_the_place_it_is_measured_in() -> None:
    schema = infer_schema("temperature inside the 12 cold rooms of a food wholesaler, every 10 minutes for three days", today=TODAY)
    assert "temperature" in {c["name"] for c in schema["columns"]}


def test_twins_of_one_noun_share_a_kind_and_an_order() -> None:
    members = _types("members of a museum: membership tier, join date, first and last visit, visits this year")
    assert members["first_visit"]["type"] == members["last_visit"]["type"] == "date"
    assert members["last_visit"]["after"] == "first_visit"
    assert "visits" in members  # 'this year' at a phrase's end is still no part of its name
    tickets = _types("season tickets: passenger name, price in euros, valid from, valid until")
    assert tickets["valid_from"]["type"] == tickets["valid_until"]["type"] == "date"
    assert tickets["valid_until"]["after"] == "valid_from"


def test_a_bare_plural_beside_its_counted_twin_is_a_count() -> None:
    camps = _types("kids holiday camps: camp name, places, places booked, price per week")
    assert camps["places"]["type"] == "integer"


def test_a_season_of_a_named_year_is_a_window() -> None:
    schema = infer_schema("daily number of swimmers at 4 outdoor pools in Zurich over summer 2024", today=TODAY)
    assert schema["series"]["end"] == "2024-08-31"
    assert "swimmers" in {c["name"] for c in schema["columns"]}
    camps = _types("bookings at summer camps: child, camp, week")  # no year, no window
    assert not any("start" in c for c in camps.values() if c["type"] == "date")


def test_a_count_of_things_measures_the_things() -> None:
    for description, reading in (("a weekly count of visitors per castle for 7 castles in Scotland over 2023", "visitors"),
                                 ("a weekly count of walkers passing 4 footpath counters since January 2024", "walkers")):
        assert reading in {c["name"] for c in infer_schema(description, today=TODAY)["columns"]}
