"""Columns made from other columns of the same row: derived expressions and planted targets.

A target column is the answer key a learner can check a model against: its value is a known
function of other columns (the drivers, each with a stated effect) plus noise, with a chosen
class balance. Effects are per standard deviation of a numeric driver, or for a driver's
`value` (a category, or true for a boolean); in log-odds for binary and multi-class targets,
in the target's own units for numeric ones.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator import expressions
from generator.arrow_text import pick
from generator.column_types import ColumnType, number_text, percent_text, weighted_text
from generator.params import Param

TASKS = ("binary", "multiclass", "numeric")
MAX_CLASSES = 50
_TASK_KINDS = {"binary": "boolean", "multiclass": "string", "numeric": "number"}


class DerivedType(ColumnType):
    name, group = "derived", "derived"
    description = "Computed from other columns of the row, e.g. quantity * unit_price or order_date + days(3)"
    params = (
        Param("expression", "string", None, "arithmetic, comparisons, 'a if c else b' and functions over column names", required=True),
        Param("kind", "choice", None, "kind of the result (filled in from the expression)", choices=("integer", "number", "boolean", "date", "datetime", "time", "string")),
        Param("decimals", "int", 2, "digits after the point, for numbers", 0, 10),
    )
    example_params = {"expression": "quantity * unit_price"}
    correlatable, missing_from_inputs = False, True

    def answer_key(self, name, params):
        return "derived", {"column": name, "expression": params["expression"]}

    def may_be_missing(self, params):
        return self.value_kind(params) in ("integer", "number", "date", "datetime")  # a division by zero, a date out of range

    def describe_values(self, params, unit=""):
        return f"{params.get('kind') or 'number'} values" + (f", {params['decimals']} decimals" if params.get("kind") == "number" else "")

    def describe_generation(self, params, locale):
        return f"Computed from the row: {params['expression']}."

    def example_columns(self):
        return [*_helpers(self.dependencies(self.example_params)), *super().example_columns()]

    def check(self, params):
        try:
            expressions.parse(params["expression"])
        except expressions.ExpressionError as exc:
            return [str(exc)]
        return []

    def dependencies(self, params):
        return expressions.names(params["expression"])

    def value_kind(self, params):
        return params.get("kind") or "number"

    def resolve(self, params, earlier):
        try:
            found = expressions.check(params["expression"], {name: column.kind for name, column in earlier.items()})
        except expressions.ExpressionError as exc:
            return [str(exc)]
        declared = params.get("kind")
        if declared and declared != found and not (declared in ("integer", "number") and found in ("integer", "number")):
            return [f"kind is {declared} but the expression gives {found}"]
        params["kind"] = declared or found
        return []

    def generate(self, params, ctx, rng):
        values = expressions.evaluate(params["expression"], ctx.columns, rng, ctx.size)
        return _as_kind(values, params["kind"], ctx.size)


def _driver_text(driver: dict) -> str:
    effect = f"{driver['effect']:+g}"
    what = f"{driver['column']} = {driver['value']}" if "value" in driver else f"{driver['column']} (per standard deviation)"
    return what + (f" towards {driver['class']}" if "class" in driver else "") + f": {effect}"


def _helpers(names: list[str]) -> list[dict]:
    """Whole-number columns under the names an example refers to (for the /types page)."""
    return [{"name": name, "type": "integer", "min": 1, "max": 10} for name in names]


_FIRST_DAY, _LAST_DAY = np.datetime64("0001-01-01"), np.datetime64("9999-12-31T23:59:59")


def _as_kind(values, kind: str, size: int):
    """The expression's values as the column's kind; results that cannot be stored (division by
    zero, numbers beyond ±1e15, dates outside years 1 to 9999) become missing values."""
    if kind == "string":
        return values.cast(pa.string())
    if kind == "boolean":
        return np.asarray(values, dtype=bool)
    if kind == "time":  # seconds of the day
        return np.asarray(values, dtype=np.int64) % 86_400
    if kind in ("integer", "number"):
        numbers = np.asarray(values, dtype=np.float64)
        bad = ~np.isfinite(numbers) | (np.abs(numbers) > 1e15)
        clean = np.where(bad, 0.0, numbers)
        out = np.rint(clean).astype(np.int64) if kind == "integer" else clean
    else:
        out = np.asarray(values).astype("datetime64[D]" if kind == "date" else "datetime64[s]")
        bad = (out < _FIRST_DAY) | (out > _LAST_DAY)
        out = np.where(bad, np.datetime64("2000-01-01"), out).astype(out.dtype)
    return np.ma.MaskedArray(out, mask=bad) if bad.any() else out


class TargetType(ColumnType):
    name, group = "target", "derived"
    description = "A value to predict, planted as a known function of other columns plus noise (the answer key)"
    params = (
        Param("task", "choice", "binary", "binary (true/false), multiclass or numeric", choices=TASKS),
        Param("drivers", "drivers", None, 'columns that drive it: [{"column": "tenure", "effect": -1.0}, {"column": "contract", "value": "month-to-month", "effect": 1.2}]', required=True),
        Param("rate", "number", 0.3, "binary: share of rows that are true", 0.01, 0.99),
        Param("classes", "string_list", None, "multiclass: the class labels"),
        Param("weights", "number_list", None, "multiclass: share of each class"),
        Param("mean", "number", 0.0, "numeric: the average value", -1e12, 1e12),
        Param("noise", "number", 1.0, "numeric: standard deviation of the noise (binary and multiclass targets are drawn from their probabilities)", 0, 1e12),
        Param("decimals", "int", 2, "numeric: digits after the point", 0, 10),
    )
    example_params = {"drivers": [{"column": "tenure_months", "effect": -1.0}], "rate": 0.26}
    correlatable, number_defects = False, False

    def answer_key(self, name, params):
        task = params["task"]
        entry = {"column": name, "task": task, "drivers": params["drivers"]}
        if task == "binary":
            entry["rate"] = params["rate"]
        elif task == "multiclass":
            entry.update(classes=params["classes"], weights=params.get("weights"))
        else:
            entry.update(mean=params["mean"], noise_sd=params["noise"])
        return "targets", entry

    def describe_values(self, params, unit=""):
        if params["task"] == "binary":
            return f"true in about {percent_text(params['rate'])} of rows"
        if params["task"] == "multiclass":
            return weighted_text(params["classes"], params.get("weights"))
        return f"numbers around {number_text(params['mean'])}, {params['decimals']} decimals"

    def describe_generation(self, params, locale):
        scale = "log-odds" if params["task"] != "numeric" else "units of the target"
        drivers = "; ".join(_driver_text(d) for d in params["drivers"])
        return f"Planted answer key: a known function of {drivers} ({scale}), plus noise."

    def example_columns(self):
        return [*_helpers(self.dependencies(self.example_params)), *super().example_columns()]

    def check(self, params):
        if params["task"] != "numeric" and any(abs(d["effect"]) > 10 for d in params["drivers"]):
            return ["driver effects of a binary or multiclass target are in log-odds and must be between -10 and 10"]
        if params["task"] != "multiclass":
            return []
        classes, weights = params.get("classes"), params.get("weights")
        if not classes or len(classes) < 2:
            return ["a multiclass target needs at least two classes"]
        if weights is not None and (len(weights) != len(classes) or sum(weights) <= 0):
            return ["weights needs one positive share per class"]
        if len(classes) > MAX_CLASSES:
            return [f"a multiclass target has at most {MAX_CLASSES} classes"]
        unknown = [d.get("class") for d in params["drivers"] if d.get("class") not in classes]
        return [f"each driver of a multiclass target needs a class from {', '.join(classes)}; got {unknown[0]!r}"] if unknown else []

    def dependencies(self, params):
        return list(dict.fromkeys(driver["column"] for driver in params["drivers"]))

    def value_kind(self, params):
        return _TASK_KINDS[params["task"]]

    def resolve(self, params, earlier):
        problems = []
        for driver in params["drivers"]:
            column = earlier.get(driver["column"])
            kind = column.kind if column else None
            allowed = column.params.get("values") if column is not None and column.type == "category" else None
            if allowed is not None and "value" in driver and driver["value"] not in allowed:
                problems.append(f"driver {driver['column']!r} has no value {driver['value']!r}; its values are {', '.join(allowed)}")
            if kind == "string" and "value" not in driver:
                problems.append(f"driver {driver['column']!r} holds text, so give the value that has the effect, e.g. \"value\": \"month-to-month\"")
            if kind in ("date", "datetime") and "value" in driver:
                problems.append(f"driver {driver['column']!r} is a date; its effect is per standard deviation, without a value")
        return problems

    def generate(self, params, ctx, rng):
        task = params["task"]
        if task == "multiclass":
            return _multiclass(params, ctx, rng)
        score = _score(params["drivers"], ctx)
        if task == "numeric":
            return np.round(params["mean"] + score + rng.normal(0, params["noise"], ctx.size), params["decimals"])
        return _binary(score, params["rate"], rng)


def _feature(driver: dict, values) -> np.ndarray:
    """A driver column as the numbers its effect multiplies: a 0/1 indicator or a z-score."""
    if isinstance(values, pa.Array):
        return np.asarray(pc.equal(values, driver["value"]).to_numpy(zero_copy_only=False), dtype=np.float64)
    if values.dtype == np.bool_:
        wanted = driver.get("value", "true").lower() not in ("false", "no", "0")
        return (values == wanted).astype(np.float64)
    if "value" in driver:  # a numeric code used as a category, e.g. passenger class 3
        return (values.astype(str) == driver["value"]).astype(np.float64)
    numbers = values.astype("datetime64[s]").astype(np.float64) if values.dtype.kind == "M" else values.astype(np.float64)
    spread = numbers.std()
    return (numbers - numbers.mean()) / spread if spread else np.zeros(len(numbers))


def _score(drivers: list[dict], ctx, only_class: str | None = None) -> np.ndarray:
    score = np.zeros(ctx.size)
    for driver in drivers:
        if only_class is None or driver.get("class") == only_class:
            score += driver["effect"] * _feature(driver, ctx.values(driver["column"]))
    return score


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(x, -50, 50)))


def _binary(score: np.ndarray, rate: float, rng: np.random.Generator) -> np.ndarray:
    """True with probability sigmoid(b0 + score), b0 chosen so the expected share is `rate`.

    b0 is where 60 halvings of [-30, 30] end, each keeping the half whose mean share is on the
    rate's side (see _BiasSearch for how most of those means are known without computing them).
    """
    search = _BiasSearch(score, rate)
    low, high = -30.0, 30.0
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if search.below(middle) else (low, middle)
    return rng.random(len(score)) < _sigmoid((low + high) / 2 + score)


class _BiasSearch:
    """Whether the mean share at a bias m, sigmoid(m + score) computed as 1 / (1 + exp(-m) * exp(-score)),
    is below the rate: computed (a multiply, an add, a reciprocal and a pairwise sum over the rows)
    or known without computing.

    The computed mean never falls as m grows: exp(-m) is computed to within a few units of its last
    place, so it falls when m grows by SURE or more, and rounding keeps the order of each later step
    (multiply, add, reciprocal, sum). So once the mean at `under` is below the rate, it is below
    at every m at least SURE smaller; once at `over` it is not, neither at any m SURE larger. A few
    Newton steps first put `under` and `over` next to the answer, so the halving search computes
    only its last steps (about 23 of 60 in all) and gets the same answers as computing all of them.
    """

    SURE = 1e-12  # exp(-m) moves by this share, hundreds of times its rounding error
    NEWTON_STEPS = 8

    def __init__(self, score: np.ndarray, rate: float):
        self.decay = np.exp(-np.clip(score, -50, 50))
        self.share = np.empty_like(self.decay)
        self.rate = rate
        self.under, self.over = -np.inf, np.inf
        self._newton(float(np.log(rate / (1 - rate)) - score.mean()) if 0 < rate < 1 else 0.0)

    def _mean(self, middle: float) -> float:
        share = self.share
        np.multiply(self.decay, np.exp(-middle), out=share)
        share += 1
        np.reciprocal(share, out=share)
        # the mean as ndarray.mean computes it (pairwise sum, then divided), without its Python layers
        mean = np.add.reduce(share) / len(share)
        if mean < self.rate:
            self.under = max(self.under, middle)
        else:
            self.over = min(self.over, middle)
        return mean

    def below(self, middle: float) -> bool:
        if middle <= self.under - self.SURE:
            return True
        if middle >= self.over + self.SURE:
            return False
        return bool(self._mean(middle) < self.rate)

    def _newton(self, middle: float) -> None:
        """Steps towards the bias whose mean share is the rate (Newton's first, then secants through
        the last two means), then one to each side of it."""
        slope, last = 0.0, None
        for _ in range(self.NEWTON_STEPS):
            middle = min(max(middle, -30.0), 30.0)
            mean = self._mean(middle)
            if last is None:
                slope = float(np.add.reduce(self.share * (1 - self.share))) / len(self.share)
            elif middle != last[0]:
                slope = (mean - last[1]) / (middle - last[0])
            if not slope > 0:
                return
            step, last = (mean - self.rate) / slope, (middle, mean)
            if abs(step) < self.SURE / 10:
                break
            middle -= step
            if not self.under < middle < self.over:  # outside what is known: halve the bracket instead
                if not (np.isfinite(self.under) and np.isfinite(self.over)):
                    return
                middle = (self.under + self.over) / 2
        for side in (-self.SURE / 10, self.SURE / 10):  # the steps come from one side: measure the other too
            if self.under < middle + side < self.over and -30.0 <= middle + side <= 30.0:
                self._mean(middle + side)


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def _multiclass(params: dict, ctx, rng: np.random.Generator) -> pa.Array:
    """A class per row from softmax(bias + per-class scores), biases fitted to the class shares."""
    classes = params["classes"]
    weights = np.asarray(params.get("weights") or [1.0] * len(classes), dtype=np.float64)
    weights = weights / weights.sum()
    scores = np.stack([_score(params["drivers"], ctx, only_class=label) for label in classes], axis=1)
    bias = np.log(np.maximum(weights, 1e-9))
    for _ in range(50):
        bias += np.log(np.maximum(weights, 1e-9) / np.maximum(_softmax(scores + bias).mean(axis=0), 1e-12))
    cumulative = _softmax(scores + bias).cumsum(axis=1)
    draws = (cumulative < rng.random(ctx.size)[:, None]).sum(axis=1).clip(0, len(classes) - 1)
    return pick(classes, draws)
