"""Yes/no features named by their shape (generator/inference/build/flags.py): a thing in a state,
a permission, an option taken; and the phrases of the same shape that are not yes/no."""

import pytest

from generator.inference.sources.offline import infer_schema


def column(description, name):
    schema = infer_schema(description)
    return next(c for c in schema["columns"] if c["name"] == name)


@pytest.mark.parametrize("description, name", [
    ("card transactions with amount, card present and merchant", "card_present"),
    ("online orders with order total, express shipping and gift wrap", "express_shipping"),
    ("electronics sales with product, price and extended warranty", "extended_warranty"),
    ("airline bookings with fare, seat and priority boarding", "priority_boarding"),
    ("holiday rentals with nightly rate, pets allowed and free parking", "pets_allowed"),
    ("holiday rentals with nightly rate, pets allowed and free parking", "free_parking"),
    ("parcel deliveries with weight, same-day delivery and signature required", "same_day_delivery"),
    ("parcel deliveries with weight, same-day delivery and signature required", "signature_required"),
    ("cafe orders with total, contactless payment and loyalty points", "contactless_payment"),
])
def test_a_feature_named_by_its_shape_is_yes_or_no(description, name):
    assert column(description, name)["type"] == "boolean"


@pytest.mark.parametrize("description, name, kind", [
    ("job adverts with role, salary offered and location", "salary_offered", {"integer", "price", "decimal"}),
    ("hospital wards with ward name and beds available", "beds_available", {"integer"}),
    ("basketball players with points, rebounds and free throws", "free_throws", {"integer"}),
    ("online orders with order total and express shipping fee", "express_shipping_fee", {"price", "decimal"}),
])
def test_a_measure_or_a_count_of_the_same_shape_stays_a_number(description, name, kind):
    assert column(description, name)["type"] in kind


@pytest.mark.parametrize("description, values", [
    ("patients admitted with age, diagnosis and outcome", {"Recovered", "Deceased"}),
    ("sales calls with agent, call duration and outcome", {"No answer", "Sale"}),
    ("court cases with judge, filing date and outcome", {"Settled", "Dismissed"}),
    ("job applications with candidate name, position and outcome", {"Hired", "Rejected"}),
    ("football matches with home team, away team and outcome", {"Win", "Loss"}),
    ("lab experiments with temperature, pressure and outcome", {"Success", "Failure"}),
])
def test_an_outcome_is_of_the_description_s_domain(description, values):
    """A bare 'outcome' is a match's result only at matches: a patient recovers, a call ends in a
    sale, a case is settled, and an outcome nothing places succeeds or fails."""
    assert values <= set(column(description, "outcome")["values"])


@pytest.mark.parametrize("description, name, low, high", [
    ("TV shows with title, seasons, episodes and IMDb rating", "episodes", 10, 40),
    ("music albums with artist, title, release year and tracks", "tracks", 8, 16),
])
def test_one_plural_word_naming_titled_things_counts_them(description, name, low, high):
    """'episodes' on a show and 'tracks' on an album are how many, at the usual size (they had been
    episode titles such as 'The Kingdom Job'); a bare 'title' stays the row's own title."""
    found = column(description, name)
    assert found["type"] == "integer" and low <= found["mean"] <= high
    assert column(description, "title")["type"].endswith("title")
