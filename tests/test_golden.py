"""Golden bytes: a fixed schema × rows × seed gives exactly these files, in every format.

The README promises identical files for the same schema, rows and seed, across restarts and
hosts. These hashes pin the bytes. When one fails after a dependency upgrade (pyarrow, numpy,
Faker, Python's zlib), the upgrade changed what learners download: say so in the
README's changes, then update the hash printed in the failure message.
"""

import hashlib

import pytest

from generator.schema import DatasetSchema
from generator.services import dataset_build
from generator.tables import MultiTableSchema

SINGLE = DatasetSchema.from_dict(
    {
        "title": "Golden Customers",
        "columns": [
            {"name": "customer_id", "type": "id"},
            {"name": "name", "type": "full_name"},
            {"name": "email", "type": "email"},
            {"name": "age", "type": "integer", "min": 18, "max": 80, "distribution": "normal", "null_rate": 0.1},
            {"name": "income", "type": "decimal", "min": 1000, "max": 9000, "decimals": 2, "correlate_with": "age", "correlation": 0.6},
            {"name": "plan", "type": "category", "values": ["free", "basic", "=pro"], "weights": [0.6, 0.3, 0.1]},
            {"name": "active", "type": "boolean", "true_rate": 0.7, "null_rate": 0.05},
            {"name": "signup", "type": "date", "start": "2023-01-01", "end": "2024-12-31"},
            {"name": "last_seen", "type": "datetime"},
            {"name": "opens_at", "type": "time"},
            {"name": "city", "type": "city"},
            {"name": "spend", "type": "derived", "expression": "income / 10"},
            {"name": "churned", "type": "target", "task": "binary", "rate": 0.2, "drivers": [{"column": "age", "effect": -0.5}]},
        ],
    }
)
MULTI = MultiTableSchema.from_dict(
    {
        "title": "Golden Shop",
        "tables": [
            {"name": "customers", "columns": [{"name": "customer_id", "type": "id"}, {"name": "name", "type": "full_name"}]},
            {"name": "orders", "rows_ratio": 3, "columns": [
                {"name": "order_id", "type": "id"},
                {"name": "customer_id", "type": "reference", "table": "customers"},
                {"name": "total", "type": "price"},
            ]},
        ],
    }
)
ROWS, SEED = 250, 20240601

# (case, schema, options) → sha256 of the whole download.
GOLDEN = {
    "csv": "92b7cfb3f3310df5a5ace16d0d6e521930851e0daa26154180bdc1fad2876590",
    "json": "34b6564ac984d3be32aa98011bcd1169c26d31d076241d59d78a41bdb0ba511b",
    "jsonl": "9cd287afb69af9a7dffb3efb024e9a5e38f34f37ab5a8b81cf1e5deabceb033f",
    "parquet": "b40ba32dd87ce0fd71d4913115855b738b2cdf86a7d62a869a03e58424c493bf",
    "xlsx": "cb6b964aa02db1823ca666c73beed1f32c2c49a70f21edf8477bf734a5bf26d1",
    "sqlite": "9cfbcf34933b0950c33bdfbf78f1dcd1d3ff813a5228cc0bb085de20fc12f50f",
    "postgresql": "684c0da05888e81b60b48ba16522041805b67a0e8f7e753afacf4a86008842ed",
    # The instructor's zips keep the bytes they had before student outputs left the answers out.
    "zip answers": "49f289fb192f975f47b70448050a14ec5f63aab7045638ffa4715ca0d8900252",
    "zip": "d90e1e36214bffb68d6f4b1bea7e737cc0add150e75e779508603e12e1e39308",
    "csv student": "b47ccf09c6f485e58f55b1ff66ea60bbe1c2e0e9fc938e665b1865ebe8674c62",
    "csv messy": "db2aec4ce8669eebbd1541e6a7fb12797d301c4f9801105b15ae73f2ed3536a0",
    "zip messy answers": "87fb2b035bc38a98f01949c0f5547a9c35690fd4664a415d0cc44f4ac429677e",
    "zip messy": "7e8ddabfb4666570451d3f12e341939b181f336545d7185f97f9d1c5dd0655d1",
    "tables zip answers": "86c3eac23f5d2f7b45bed34422a975749d7e7f8abc96e84ec00276514e0660fc",
    "tables zip": "25b0de9995753a96d26893d8a2000f2bb2ff25306d23a5b08a59fdd71acf7387",
    "tables sqlite": "128813cdc0ba6896d026f273dc72569dbca7f060c9f1ccdd1358ed9cb562d392",
    "tables postgresql": "9cf8f37b2e9321e77c6d209aa9fbc8328d4d2b42274291f46d5be24d7cc93002",
    "tables orders parquet": "dda3b2178668b4c9fb0a5a889660324238b1bf8f6c7d4cd4d21f0945998dd8fa",
}


def _download(case: str) -> bytes:
    words = case.split()
    options: dict = {"student": "s1"} if "student" in words else {}
    if "answers" in words:
        options["answers"] = True
        words.remove("answers")
    if "messy" in words:
        options["messy"] = {"missing": 0.05, "duplicates": 0.02, "typos": 0.03, "casing": 0.03, "category_spellings": 0.05, "date_formats": 0.1, "outliers": 0.01, "number_formats": 0.05, "missing_dependent": 0.05}
    schema = MULTI if words[0] == "tables" else SINGLE
    if words[0] == "tables" and len(words) == 3:
        options["table"] = words[1]
    return b"".join(dataset_build(schema=schema, rows=ROWS, seed=SEED, fmt=words[-1] if words[0] == "tables" else words[0], **options).chunks)


@pytest.mark.parametrize("case", GOLDEN)
def test_output_bytes_are_pinned(case):
    """The same schema, rows and seed give the same bytes as when these hashes were taken."""
    got = hashlib.sha256(_download(case)).hexdigest()
    assert got == GOLDEN[case], (
        f"the {case!r} download changed its bytes (sha256 now {got}). If a dependency upgrade did this, "
        f"learners' files change: note it in the README and update GOLDEN[{case!r}]; a refactoring must not change it."
    )


def test_output_bytes_are_the_same_twice():
    """Nothing in a file depends on the clock: two downloads of each format are identical."""
    for case in ("xlsx", "zip", "tables zip"):
        assert _download(case) == _download(case), case
