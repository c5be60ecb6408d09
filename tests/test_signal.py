"""Planted signal: a model trained on the data finds the effects the schema states, and nothing else."""

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import roc_auc_score

from generator.schema import DatasetSchema
from generator.types.derived import _BiasSearch
from generator.writers.cells import rows_as_dicts

CHURN = DatasetSchema.from_dict(
    {
        "title": "Telco churn",
        "columns": [
            {"name": "customer_id", "type": "id"},
            {"name": "tenure_months", "type": "integer", "min": 0, "max": 72},
            {"name": "contract", "type": "category", "values": ["month-to-month", "one year", "two year"], "weights": [0.55, 0.25, 0.2]},
            {"name": "monthly_charges", "type": "decimal", "min": 20, "max": 120},
            {"name": "paperless", "type": "boolean", "true_rate": 0.6},
            {"name": "favourite_colour", "type": "category", "values": ["red", "green", "blue"]},
            {"name": "lucky_number", "type": "integer", "min": 1, "max": 100},
            {
                "name": "churned",
                "type": "target",
                "task": "binary",
                "rate": 0.26,
                "drivers": [
                    {"column": "tenure_months", "effect": -1.0},
                    {"column": "contract", "value": "month-to-month", "effect": 1.2},
                    {"column": "monthly_charges", "effect": 0.5},
                    {"column": "paperless", "effect": 0.4},
                ],
            },
        ],
    }
)


def features(rows):
    def z(values):
        values = np.asarray(values, dtype=float)
        return (values - values.mean()) / values.std()

    columns = {
        "tenure_months": z([r["tenure_months"] for r in rows]),
        "month_to_month": np.array([r["contract"] == "month-to-month" for r in rows], dtype=float),
        "monthly_charges": z([r["monthly_charges"] for r in rows]),
        "paperless": np.array([r["paperless"] for r in rows], dtype=float),
        "colour_red": np.array([r["favourite_colour"] == "red" for r in rows], dtype=float),
        "lucky_number": z([r["lucky_number"] for r in rows]),
    }
    return list(columns), np.column_stack(list(columns.values()))


@pytest.fixture(scope="module")
def churn():
    rows = rows_as_dicts(CHURN, rows=30_000, seed=21)
    names, x = features(rows)
    y = np.array([r["churned"] for r in rows])
    return names, x, y


def test_class_balance_holds_within_sampling_error(churn):
    _, _, y = churn
    assert abs(y.mean() - 0.26) < 4 * np.sqrt(0.26 * 0.74 / len(y))


def test_a_plain_logistic_regression_beats_chance_on_held_out_rows(churn):
    _, x, y = churn
    model = LogisticRegression(max_iter=1000).fit(x[:24_000], y[:24_000])
    auc = roc_auc_score(y[24_000:], model.predict_proba(x[24_000:])[:, 1])
    assert auc >= 0.7, auc


def test_the_model_recovers_each_planted_effect_and_nothing_else(churn):
    names, x, y = churn
    coef = dict(zip(names, LogisticRegression(max_iter=1000).fit(x, y).coef_[0]))
    assert coef["tenure_months"] == pytest.approx(-1.0, abs=0.15)
    assert coef["month_to_month"] == pytest.approx(1.2, abs=0.2)
    assert coef["monthly_charges"] == pytest.approx(0.5, abs=0.1)
    assert coef["paperless"] == pytest.approx(0.4, abs=0.12)
    assert abs(coef["colour_red"]) < 0.1 and abs(coef["lucky_number"]) < 0.05


def test_a_numeric_target_is_linear_in_its_drivers():
    schema = DatasetSchema.from_dict(
        {
            "title": "Salaries",
            "columns": [
                {"name": "years_experience", "type": "integer", "min": 0, "max": 40},
                {"name": "degree", "type": "category", "values": ["none", "BSc", "PhD"]},
                {"name": "shoe_size", "type": "integer", "min": 35, "max": 47},
                {"name": "salary", "type": "target", "task": "numeric", "mean": 60000, "noise": 5000, "decimals": 0,
                 "drivers": [{"column": "years_experience", "effect": 9000}, {"column": "degree", "value": "PhD", "effect": 15000}]},
            ],
        }
    )
    rows = rows_as_dicts(schema, rows=8000, seed=2)
    exp = np.array([r["years_experience"] for r in rows], dtype=float)
    x = np.column_stack([(exp - exp.mean()) / exp.std(), [r["degree"] == "PhD" for r in rows], [r["shoe_size"] for r in rows]])
    model = LinearRegression().fit(x, [r["salary"] for r in rows])
    assert model.coef_[0] == pytest.approx(9000, rel=0.05) and model.coef_[1] == pytest.approx(15000, rel=0.07)
    assert abs(model.coef_[2]) < 150


def test_a_multiclass_target_keeps_its_class_shares():
    schema = DatasetSchema.from_dict(
        {
            "title": "Income bracket",
            "columns": [
                {"name": "age", "type": "age"},
                {"name": "bracket", "type": "target", "task": "multiclass", "classes": ["low", "middle", "high"], "weights": [0.5, 0.35, 0.15],
                 "drivers": [{"column": "age", "effect": 1.0, "class": "high"}, {"column": "age", "effect": -0.8, "class": "low"}]},
            ],
        }
    )
    rows = rows_as_dicts(schema, rows=20_000, seed=4)
    shares = {label: sum(r["bracket"] == label for r in rows) / len(rows) for label in ("low", "middle", "high")}
    assert shares == pytest.approx({"low": 0.5, "middle": 0.35, "high": 0.15}, abs=0.02)
    older = np.mean([r["age"] for r in rows if r["bracket"] == "high"])
    younger = np.mean([r["age"] for r in rows if r["bracket"] == "low"])
    assert older > younger + 5


def test_target_schema_errors_name_the_problem():
    from generator.schema import SchemaError

    with pytest.raises(SchemaError, match="holds text, so give the value"):
        DatasetSchema.from_dict({"title": "x", "columns": [{"name": "c", "type": "word"}, {"name": "y", "type": "target", "drivers": [{"column": "c", "effect": 1}]}]})
    with pytest.raises(SchemaError, match="must be between -10 and 10"):
        DatasetSchema.from_dict({"title": "x", "columns": [{"name": "c", "type": "age"}, {"name": "y", "type": "target", "drivers": [{"column": "c", "effect": 99}]}]})


def test_the_zip_download_includes_the_answer_key():
    import io
    import json
    import zipfile

    from generator.services import dataset_build

    archive = zipfile.ZipFile(io.BytesIO(b"".join(dataset_build(schema=CHURN, rows=100, seed=1, fmt="zip", answers=True).chunks)))
    key = json.loads(archive.read("answer_key.json"))
    [target] = key["targets"]
    assert target["column"] == "churned" and target["rate"] == 0.26
    assert {d["column"]: d["effect"] for d in target["drivers"]} == {"tenure_months": -1.0, "contract": 1.2, "monthly_charges": 0.5, "paperless": 0.4}
    assert "churned" in archive.read("dictionary.md").decode()


def test_a_driver_value_must_be_one_of_the_categorys_values():
    from generator.schema import SchemaError

    with pytest.raises(SchemaError, match="driver 'plan' has no value 'gold'; its values are free, pro"):
        DatasetSchema.from_dict({"title": "x", "columns": [
            {"name": "plan", "type": "category", "values": ["free", "pro"]},
            {"name": "y", "type": "target", "drivers": [{"column": "plan", "value": "gold", "effect": 1}]}]})


def _every_halving(score: np.ndarray, rate: float) -> float:
    """The binary target's bias as 60 halvings of [-30, 30] find it, each mean share computed."""
    low, high = -30.0, 30.0
    decay = np.exp(-np.clip(score, -50, 50))
    for _ in range(60):
        middle = (low + high) / 2
        share = 1 / (1 + decay * np.exp(-middle))
        low, high = (middle, high) if np.add.reduce(share) / len(share) < rate else (low, middle)
    return (low + high) / 2


@pytest.mark.parametrize("rate", [0.2, 0.5, 0.01, 0.97, 1e-6, 0.3141])
@pytest.mark.parametrize("shape", ["normal", "wide", "steps", "flat", "skewed", "one row"])
def test_a_binary_targets_bias_is_the_one_every_halving_finds(rate, shape):
    """The bias search computes only the halvings near the answer and must land on the same
    float as computing all 60 (the target's values, and so the bytes, depend on it)."""
    rng = np.random.default_rng([len(shape), int(rate * 1e6)])
    score = {
        "normal": lambda: rng.normal(0, 1, 8192),
        "wide": lambda: rng.normal(0, 40, 8192),
        "steps": lambda: rng.choice([-3.0, 0.0, 1.0, 2.5], 8192),
        "flat": lambda: np.zeros(8192),
        "skewed": lambda: rng.exponential(2, 5000) - 1,
        "one row": lambda: rng.normal(0, 1, 1),
    }[shape]()
    search = _BiasSearch(score, rate)
    low, high = -30.0, 30.0
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if search.below(middle) else (low, middle)
    assert (low + high) / 2 == _every_halving(score, rate)
