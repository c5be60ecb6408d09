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
    "xlsx": "c67f8d12a9eab016b1f9da38625df0c3fa1cdd4ecc0aa7419d33c85022e8b521",
    "sqlite": "370b069291b4f8f0835a913e1f8ad3218a07e52622317e477e236d1865ecd8e0",
    "postgresql": "02b56e5df356a6db8ef7e4de6606eb57b3d9314d5af659ffabb6fbcca86f68ff",
    # Student zips leave the answers out; the instructor's ("answers") keep them. Excel, SQL and zip
    # bytes changed with the column-wise writers and numbers rounded once in the engine (README).
    "zip answers": "16a54a212aed5d14ea081c5827767ea2167f38225525b99a17ea3d4fb80cd3f9",
    "zip": "2c4427ed645eb02ac5b729be30cf7eda716cad2a6a60d58ba8b126eabc0dca6c",
    "csv student": "2721ab7cd766c5a16fee4fc9fcda307fa62a824311398041332067824ca292b6",
    "csv messy": "ccee6a1a6d23f6b9dbd14117a05c6f04ce60395cd07b85d825d56f53fe239ff1",
    "zip messy answers": "060e1f170cdd99919ab762af6942255fd99e6174d9409ecc3a0f2fc5e97e3a2f",
    "zip messy": "f32503b2359841ec6a66253b3debce1c69e7570329d8b9ce4006fbacb7e8c6ae",
    "tables zip answers": "63a07bff2a807c3d2e5c7e82ba6bf157abe2f4e9b641c66ec017808c442443dc",
    "tables zip": "167818688f31855d9c91f5aa547a815ca375749f07b66c963dd17f8544baa526",
    "tables sqlite": "1070b09c995789a9f7615cad1ef3efa59c9bd371dbfee795b0ea56f0dc8b6d9f",
    "tables postgresql": "bb78cd44c08156be06674d6b4ab3bfdf20ebea258ad49394423beb38704dc0ff",
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
