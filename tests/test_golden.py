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
    "csv": "89daf32d8dd76f2c798af5f3f0d344de59052c1e06ced9efd8163a62b1f9be0f",
    "json": "fcce6e818b549d70c4e96f4517e94aa4b6f0fee3b5e5f73d880edac136b3a99c",
    "jsonl": "1e44cb9cd789c6f771348480020c2769b89ddac8060a9ab56c75d72b0009c4a1",
    "parquet": "2eb5368f3da45825e03ad3e13740c77eae9ee8435e4731f359affbe8784a7c47",
    "xlsx": "20330aa702d75a6c79c6b145f9febd263993af835fdeeb410d473e41e4f8514e",
    "sqlite": "8889818a73b9683f0724d22270360f3a951b6e60e56633610d3113f97fe55ec3",
    "postgresql": "d78b1068c75b10fb0823fc722b967b37c4b5aec03119aa7570a920152712081a",
    # Student zips leave the answers out; the instructor's ("answers") keep them. Excel, SQL and zip
    # bytes changed with the column-wise writers and numbers rounded once in the engine (README).
    "zip answers": "cc04801eba0f44280a703aeb7c9f3d809e66491888aee04961396efb6d6f4338",
    "zip": "254ddba4a5fac5b25ba2452230fac368d19eacd6e7a505144ca5a0e16a6f1949",
    "csv student": "b1fb531d0f714bc41e82aa00ea78722d23f06a099b4cbb14a86de40aefb2f95d",
    "csv messy": "8debecbe2ebf08eacc242521d78fb6166ed18f1aefd47c0f11ddd834d6bb5483",
    "zip messy answers": "79a422559265b5075fbb194bd36f334b0fb598524820537e72c3e21acef3435f",
    "zip messy": "88bcf247da157c4ac5fc59f5c4f03dc0e0caec781a6341feb033621d400fe2e8",
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
