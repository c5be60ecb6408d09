"""The generators worked out for many chunks at once are numpy's own, number for number."""

import numpy as np
import pytest

from generator import seeds
from generator.schema import DatasetSchema
from generator.seeds import ChunkSeeds, chunk_generator, pcg64_seeds
from generator.services import dataset_build

from .test_golden import SINGLE


@pytest.mark.parametrize("seed", [0, 1, 20240601, 2**32 - 1, 2**32, 2**40 + 3, 2**63 - 1])
@pytest.mark.parametrize("chunks", [range(0, 8), range(0, 122), range(5, 2100), range(2**32 - 20, 2**32 - 2)])
def test_a_chunks_generator_draws_what_numpys_seed_sequence_gives(seed, chunks):
    made = ChunkSeeds(seed, chunks)
    keys = ["column:email", "nulls:age", "", "case:monthly_fee:pro", "x" * 200]
    picked = sorted({chunks.start, chunks.start + 1, chunks.stop - 1, (chunks.start + chunks.stop) // 2, chunks.stop - 1 - 1024 % len(chunks)})
    for key in keys:
        for chunk in picked + [chunks.stop, 2**32 + 5]:  # outside the dataset's chunks: seeded on its own
            assert np.array_equal(made.generator(key, chunk).integers(0, 2**63, 8), chunk_generator(seed, key, chunk).integers(0, 2**63, 8)), (key, chunk)


def test_seed_words_of_any_length_give_numpys_state():
    rng = np.random.default_rng(3)
    for width in range(1, 9):
        words = rng.integers(1, 2**32, (16, width), dtype=np.uint64).astype(np.uint32)  # no zero top word: numpy would drop it
        for row, state in zip(words, pcg64_seeds(words)):
            entropy = sum(int(word) << (32 * place) for place, word in enumerate(row))
            assert np.array_equal(state, np.random.SeedSequence(entropy).generate_state(4, np.uint64))


STRUCTURED = DatasetSchema.from_dict({
    **SINGLE.to_dict(),
    "columns": [column.to_dict() for column in SINGLE.columns] + [
        {"name": "orders", "type": "integer", "min": 1, "max": 40, "correlate_with": "age", "correlation": 0.4},
        {"name": "fee", "type": "price", "min": 0, "max": 60, "depends_on": "plan", "cases": {"free": {"min": 0, "max": 0}, "basic": {"min": 9, "max": 15}}},
        {"name": "referrer", "type": "full_name", "role": "referrer", "null_rate": 0.2},
        {"name": "left", "type": "target", "rate": 0.2, "drivers": [{"column": "orders", "effect": -0.8}]},
    ],
})


@pytest.mark.parametrize("options", [{"fmt": "csv"}, {"fmt": "jsonl"}, {"fmt": "csv", "student": "s1"}])
def test_a_download_of_many_chunks_has_the_bytes_of_generators_seeded_one_by_one(monkeypatch, options):
    rows = 9 * 8192 + 17
    fast = b"".join(dataset_build(schema=STRUCTURED, rows=rows, seed=7, **options).chunks)
    monkeypatch.setattr(seeds, "_FEWEST", 10**9)  # every generator seeded on its own, as numpy does it
    assert b"".join(dataset_build(schema=STRUCTURED, rows=rows, seed=7, **options).chunks) == fast
