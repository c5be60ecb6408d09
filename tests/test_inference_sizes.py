"""A length or a weight no magnitudes.toml entry names takes the size of the thing it belongs to
(data/sizes.toml): the noun before the measure, or the thing the rows are about when only
qualifiers stand before it; a unit the description states converts the range."""

from __future__ import annotations

import datetime as dt
import re

from generator.inference.knowledge.loader import data_file
from generator.inference.sources.offline import infer_schema
from generator.schema import DatasetSchema
from generator.writers.cells import rows_as_dicts

TODAY = dt.date(2025, 6, 15)


def values(description: str, column: str, rows: int = 500) -> list[float]:
    schema = DatasetSchema.from_dict(infer_schema(description, today=TODAY))
    out = [row[column] for row in rows_as_dicts(schema, rows=rows, seed=3) if row[column] is not None]
    assert out, f"{column} is empty"
    return out


def test_every_thing_has_words_that_compile_and_ranges_that_rise():
    for thing in data_file("sizes")["thing"]:
        re.compile(thing["words"])
        sizes = [thing[key] for key in ("length", "mass", "grows") if key in thing]
        assert sizes, thing["words"]
        assert all(0 < low < high for low, high in sizes), thing["words"]


def test_a_things_own_noun_sizes_its_length_and_weight():
    kayaks = "kayak rental fleet: kayak id, kayak length (m), kayak weight kg, seats"
    assert 2.5 <= min(values(kayaks, "kayak_length")) and max(values(kayaks, "kayak_length")) <= 7.0
    assert 8 <= min(values(kayaks, "kayak_weight_kg")) and max(values(kayaks, "kayak_weight_kg")) <= 45


def test_a_stated_unit_converts_the_things_size():
    lengths = values("dental implant placements: patient age, implant length mm, placement date", "implant_length_mm")
    assert 5 <= min(lengths) and max(lengths) <= 20  # millimetres, not a person's 10-2000 mm


def test_qualifiers_leave_the_measure_to_the_rows_thing():
    weights = values("snail farm batches: pen, hatch date, average live weight g", "average_live_weight_g")
    assert 2 <= min(weights) and max(weights) <= 200  # a snail's grams, not a person's 75,000


def test_another_noun_before_the_measure_is_not_the_subjects_thing():
    heights = values("orchestra tours: venue, stage height cm, guitar count", "stage_height_cm")
    assert not (50 <= min(heights) and max(heights) <= 110)  # a stage is no guitar


def test_people_named_after_the_thing_keep_a_persons_size():
    heights = values("bus drivers: name, height cm, weight kg", "height_cm")
    assert 140 <= min(heights) and max(heights) <= 210


def test_a_likeness_is_not_the_thing():
    schema = infer_schema("model train club: member, train length mm, train weight g", today=TODAY)
    length = next(c for c in schema["columns"] if c["name"] == "train_length_mm")
    assert length.get("max", 0) < 20000  # a model, not a 20-700 m train


def test_a_harvest_after_the_start_of_growth_waits_for_the_thing_to_grow():
    def gap(description: str) -> tuple[int, int]:
        harvest = next(c for c in infer_schema(description, today=TODAY)["columns"] if c["name"] == "harvest_date")
        return harvest["min_days"], harvest["max_days"]

    assert gap("rope-grown mussel farm harvests: longline, seeding date, harvest date") == (240, 900)
    assert gap("cell culture log: flask, cell line, seeding date, harvest date") == (1, 14)
    assert gap("trout farm ponds: pond, stocking date, harvest date") == (180, 1100)
