import numpy as np
import pytest

from generator.engine import CHUNK_ROWS, generate_chunks
from generator.schema import DatasetSchema
from generator.writers import csv_stream
from generator.writers.cells import rows_as_dicts

CUSTOMERS = DatasetSchema.from_dict(
    {
        "title": "Customers",
        "columns": [
            {"name": "customer_id", "type": "id"},
            {"name": "first_name", "type": "first_name"},
            {"name": "last_name", "type": "last_name"},
            {"name": "full_name", "type": "full_name"},
            {"name": "gender", "type": "gender"},
            {"name": "email", "type": "email"},
            {"name": "username", "type": "username"},
            {"name": "age", "type": "age", "null_rate": 0.1},
            {"name": "plan", "type": "category", "values": ["free", "basic", "pro"], "weights": [0.6, 0.3, 0.1]},
            {"name": "churned", "type": "boolean", "true_rate": 0.2},
            {"name": "income", "type": "decimal", "min": 0, "max": 200000, "distribution": "normal", "mean": 60000, "std": 15000},
        ],
    }
)


def csv_text(schema, rows, seed):
    return b"".join(csv_stream(schema, generate_chunks(schema, rows=rows, seed=seed))).decode()


def test_same_schema_rows_and_seed_give_identical_output():
    assert csv_text(CUSTOMERS, 2000, 7) == csv_text(CUSTOMERS, 2000, 7)


def test_different_seeds_give_different_rows():
    assert csv_text(CUSTOMERS, 50, 1) != csv_text(CUSTOMERS, 50, 2)


@pytest.mark.parametrize("k, n", [(1, 10), (100, CHUNK_ROWS + 5), (CHUNK_ROWS, 2 * CHUNK_ROWS), (CHUNK_ROWS + 1, 3 * CHUNK_ROWS)])
def test_first_k_rows_of_a_larger_request_equal_a_request_for_k(k, n):
    small = csv_text(CUSTOMERS, k, 11).splitlines()
    large = csv_text(CUSTOMERS, n, 11).splitlines()
    assert len(small) == k + 1 and len(large) == n + 1
    assert large[: k + 1] == small


def test_a_column_does_not_change_when_another_is_added():
    extra = DatasetSchema.from_dict({**CUSTOMERS.to_dict(), "columns": CUSTOMERS.to_dict()["columns"] + [{"name": "note", "type": "sentence"}]})
    before = [row["plan"] for row in rows_as_dicts(CUSTOMERS, rows=300, seed=5)]
    after = [row["plan"] for row in rows_as_dicts(extra, rows=300, seed=5)]
    assert before == after


def test_names_emails_and_usernames_in_a_row_agree():
    for row in rows_as_dicts(CUSTOMERS, rows=500, seed=3):
        first, last = row["first_name"].lower(), row["last_name"].lower()
        assert row["full_name"] == f"{row['first_name']} {row['last_name']}"
        local = row["email"].split("@")[0]
        assert last.replace(" ", "").replace("'", "").replace("-", "") in local
        assert first[0] in local
        assert last.replace(" ", "").replace("'", "").replace("-", "") in row["username"]


def test_gender_matches_the_first_name_pool():
    from generator.pools import pool

    female_names = set(pool("first_name_female", "en_US").to_pylist()) - set(pool("first_name_male", "en_US").to_pylist())
    rows = rows_as_dicts(CUSTOMERS, rows=2000, seed=9)
    checked = [row for row in rows if row["first_name"] in female_names]
    assert len(checked) > 200
    assert all(row["gender"] == "Female" for row in checked)


def test_ids_emails_and_usernames_are_unique_across_chunks():
    rows = rows_as_dicts(CUSTOMERS, rows=3 * CHUNK_ROWS, seed=4)
    for name in ("customer_id", "email", "username"):
        values = [row[name] for row in rows]
        assert len(set(values)) == len(values), name
    assert [row["customer_id"] for row in rows[:3]] == [1, 2, 3]


def test_null_rate_category_weights_and_true_rate_hold_within_sampling_error():
    rows = rows_as_dicts(CUSTOMERS, rows=40_000, seed=12)
    n = len(rows)

    def within(observed, expected, sigmas=4):
        return abs(observed - expected) <= sigmas * np.sqrt(expected * (1 - expected) / n)

    assert within(sum(row["age"] is None for row in rows) / n, 0.1)
    assert within(sum(row["churned"] for row in rows) / n, 0.2)
    for value, weight in (("free", 0.6), ("basic", 0.3), ("pro", 0.1)):
        assert within(sum(row["plan"] == value for row in rows) / n, weight), value
    incomes = np.array([row["income"] for row in rows])
    assert abs(incomes.mean() - 60000) < 4 * 15000 / np.sqrt(n)
    assert abs(incomes.std() - 15000) < 300


def test_typed_values_have_their_decimals_and_ranges():
    rows = rows_as_dicts(CUSTOMERS, rows=1000, seed=1)
    ages = [row["age"] for row in rows if row["age"] is not None]
    assert min(ages) >= 18 and max(ages) <= 90 and all(isinstance(a, int) for a in ages)
    assert all(round(row["income"], 2) == row["income"] for row in rows)


@pytest.mark.parametrize("scores", ["distinct", "ties", "nan", "signed zeros"])
def test_correlation_order_is_the_stable_sort_order(scores):
    """The rank order a correlated column is placed in equals np.argsort(kind="stable") also
    when scores tie or are NaN (where a faster sort could order equal scores otherwise)."""
    from generator.engine import _stable_order

    rng = np.random.default_rng(5)
    made = {
        "distinct": rng.standard_normal(20_000),
        "ties": rng.integers(0, 7, 20_000).astype(float),
        "nan": np.where(rng.random(20_000) < 0.1, np.nan, rng.standard_normal(20_000)),
        "signed zeros": np.where(rng.random(20_000) < 0.5, 0.0, -0.0),
    }[scores]
    assert (_stable_order(made) == np.argsort(made, kind="stable")).all()


def test_chunks_are_batched_one_one_two_then_the_batch_size():
    from generator.engine import BATCH_CHUNKS, Ahead, batches, each_batch

    sizes = [len(batch) for _, batch in batches(range(20))]
    assert sizes[:3] == [1, 1, 2] and set(sizes[3:-1]) == {BATCH_CHUNKS} and sum(sizes) == 20
    firsts = [first for first, _ in batches(range(20))]
    assert firsts == [sum(sizes[:i]) for i in range(len(sizes))]
    plain = list(each_batch(iter(range(20)), lambda first, batch: (first, batch)))
    ahead = list(each_batch(Ahead(lambda index: index, range(20)), lambda first, batch: (first, batch)))
    assert ahead == plain == list(batches(range(20)))


def test_merged_chunks_hold_the_rows_one_after_another():
    from generator.engine import merge_chunks

    chunks = list(generate_chunks(CUSTOMERS, rows=2 * CHUNK_ROWS + 5, seed=3))
    merged = merge_chunks(chunks)
    for name, column in merged.items():
        values = [value for chunk in chunks for value in (chunk[name].values.tolist() if isinstance(chunk[name].values, np.ndarray) else chunk[name].values.to_pylist())]
        got = column.values.tolist() if isinstance(column.values, np.ndarray) else column.values.to_pylist()
        assert got == values and len(got) == 2 * CHUNK_ROWS + 5
    assert merged["age"].nulls is not None and merged["age"].nulls.sum() == sum(chunk["age"].nulls.sum() for chunk in chunks)
    assert merged["churned"].nulls is None
