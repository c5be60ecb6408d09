"""Every description of the project's description sets (tuning, tuning2, frozen), through the
offline inferrer and the generator: no column holds filler (a Faker catch phrase or bs phrase,
lorem ipsum, a 'Noun A', 'Noun B', ... list), and no two unrelated datasets share their titles or
texts at the same seed. The frozen set is only run here, never tuned to."""

from __future__ import annotations

import functools
import itertools
from collections import Counter

import pytest

from tests.realism import vocab
from tests.realism.dataset import TODAY, Column, generate
from tests.realism.score import load

SETS = ("tuning", "tuning2", "frozen")
ROWS, SEED = 300, 1
# Types whose values a person reads as a title, a name of a thing or a text.
WORDED = frozenset({
    "book_title", "film_title", "song_title", "album_title", "game_title", "course_title", "paper_title", "hotel_name",
    "shop_name", "sports_team", "company_name", "product", "product_name", "restaurant_name", "job_title", "review_text",
    "ticket_text", "post_text", "email_text", "sentence", "paragraph", "word",
})


@functools.cache
def datasets() -> dict[str, list[Column]]:
    """Each description's text columns, keyed '<set>/<id>'."""
    from generator.inference.sources.offline import infer_schema

    made = {}
    for name in SETS:
        for case in load(name):
            data = generate(infer_schema(case["text"], today=TODAY), rows=ROWS, seed=SEED)
            made[f"{name}/{case['id']}"] = [c for c in data.columns() if c.kind == "text"]
    return made


def chance_of_equal(a: list, b: list) -> float:
    """The share of rows two independent columns with these values' frequencies agree on."""
    ca, cb = Counter(a), Counter(b)
    return sum(ca[v] * cb[v] for v in ca) / (len(a) * len(b))


@pytest.mark.parametrize("name", SETS)
def test_no_description_gets_filler_values(name):
    flagged = [f"{key} {column.name}: {example!r}" for key, columns in datasets().items() if key.startswith(f"{name}/")
               for column in columns for example in [vocab.placeholder_example(column.texts)] if example is not None]
    assert not flagged, flagged


def test_unrelated_datasets_do_not_share_titles_or_texts_at_one_seed():
    worded = [(key, column) for key, columns in datasets().items() for column in columns if column.spec.get("type") in WORDED]
    assert len({column.spec["type"] for _, column in worded}) >= 12  # the sets exercise most worded types
    shared = []
    for (key_a, a), (key_b, b) in itertools.combinations(worded, 2):
        if key_a == key_b or a.spec["type"] != b.spec["type"]:
            continue
        same = sum(x == y and x is not None for x, y in zip(a.texts, b.texts)) / ROWS
        if same > 2 * chance_of_equal(a.texts, b.texts) + 0.02:
            shared.append(f"{key_a}.{a.name} and {key_b}.{b.name}: {same:.0%} of rows equal")
    assert not shared, shared


def test_the_checks_catch_filler_and_copies():
    """The two checks above fail on what they look for."""
    assert vocab.placeholder_example(["Sensor A", "Sensor B", "Sensor C", "Sensor D"]) == "Sensor A"
    assert vocab.placeholder_example(["User-centric systemic Graphical User Interface"]) is not None
    assert vocab.placeholder_example(["Lorem ipsum dolor sit amet"]) is not None
    copied = ["The Long Road Home", "Under a Paper Moon", "Dancing in the Storm"] * 100
    assert sum(x == y for x, y in zip(copied, copied)) / len(copied) > 2 * chance_of_equal(copied, copied) + 0.02
