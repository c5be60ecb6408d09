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
    "csv": "4999280e1ed1d4763b23d1741d5ed6541910547e65a9da80fd988c687a250412",
    "json": "c877412a3791f003691d29c9c20af6bb6c8b1082feb9469dfa65fc3784890bea",
    "jsonl": "cc9c679ed54bafbe9c844d299ae115a3199ea40b35de432d88f7cd6a4d4237a0",
    "parquet": "89cd1b4112fa82a4b76b6c32246b903dd59b784afa666d2786d6432fa8e5ec72",
    "xlsx": "38c16c2b99771e64182dc5f32462ae4090c90b1554eadd3d6fd89a5f327a15fe",
    "sqlite": "24daa619251b48a36cccdd7b29f60e631addceec0bfa8f704d6ccda9a2c474dd",
    "postgresql": "d0b9242402e34831134712516dacb99aa5301082aa543cf393d1ec1cfaec6080",
    # Student zips leave the answers out; the instructor's ("answers") keep them. Excel, SQL and zip
    # bytes changed with the column-wise writers and numbers rounded once in the engine (README).
    "zip answers": "80bb91b97cca7ece81a39424effa123641957aabde757b8f8d908258e1c36bed",
    "zip": "b95f9bd44adc0ec56ce55ff8a13192f0a7f44e8698b5b2a7bd0b2c94a196a0f0",
    "csv student": "18dacf8850173f890ea455df50d5cc0f3387a71b3eb59a65a934eb849bde58be",
    "csv messy": "e97d1f9ab2e87522e808713ff182af511477d2a2f4bbbc4a041a653de2217da8",
    "zip messy answers": "f00ca17ddb810de51a28cfec97673103409f6fd50b32717cfc40b7a03c850ca6",
    "zip messy": "b1a7fb7316c3d6b482d3a64d47db95737d6d30c95c1a850568cd481af330ddb4",
    "tables zip answers": "d1bad45adcc38b57ee04bbe2ee08140bc5d8269e1d56732f10729913a1b3ea9a",
    "tables zip": "01d18886677eaef0a25107669479e5ffbfe66b970a935a5f45c873b4af606c93",
    "tables sqlite": "bc01770cb53b89032e5c8e8f9eee5ab7ec4c4bb34bc9cce6fe8e570ce0c469da",
    "tables postgresql": "4b79dcd7607cdb5f0174059c4a86e3d8a83a998f68b95ddb0c56523329881828",
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
