"""Numbers, booleans and categories: drawn directly with numpy."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from generator.arrow_text import neutralise, pick
from generator.column_types import ColumnType
from generator.params import Param

DISTRIBUTIONS = ("uniform", "normal", "lognormal", "exponential", "poisson")
BIG = 1e15


def draw_numbers(rng: np.random.Generator, size: int, params: dict[str, Any]) -> np.ndarray:
    """Floats in [min, max] from the named distribution; out-of-range draws are redrawn."""
    lo, hi = float(params["min"]), float(params["max"])
    if hi == lo:
        return np.full(size, lo)
    kind = params.get("distribution", "uniform")
    if kind == "uniform":
        return rng.uniform(lo, hi, size)
    mean = params.get("mean")
    values = _draw(rng, size, kind, lo, hi, mean, params.get("std"))
    for _ in range(8):
        bad = (values < lo) | (values > hi)
        if not bad.any():
            break
        values[bad] = _draw(rng, int(bad.sum()), kind, lo, hi, mean, params.get("std"))
    return np.clip(values, lo, hi)


def _draw(rng, size, kind, lo, hi, mean, std) -> np.ndarray:
    span = hi - lo
    if kind == "normal":
        centre = (lo + hi) / 2 if mean is None else mean
        return rng.normal(centre, std if std else span / 6, size)
    # The skewed distributions start at min; their mean defaults to a fifth of the way up.
    offset = (span / 5 if mean is None else mean - lo) or span / 5
    offset = max(offset, span / 1000)
    if kind == "lognormal":
        sigma = 0.8
        return lo + rng.lognormal(math.log(offset) - sigma**2 / 2, sigma, size)
    if kind == "exponential":
        return lo + rng.exponential(offset, size)
    return lo + rng.poisson(offset, size).astype(np.float64)


def _range_params(lo: float, hi: float, integer: bool, distribution: str = "uniform") -> tuple[Param, ...]:
    kind = "int" if integer else "number"
    return (
        Param("min", kind, lo, "smallest value", -BIG, BIG),
        Param("max", kind, hi, "largest value", -BIG, BIG),
        Param("distribution", "choice", distribution, "shape of the values", choices=DISTRIBUTIONS),
        Param("mean", "number", None, "centre of normal, mean of skewed distributions", -BIG, BIG),
        Param("std", "number", None, "standard deviation for normal", 0, BIG),
    )


def _check_range(params: dict[str, Any]) -> list[str]:
    errors = []
    if params["min"] > params["max"]:
        errors.append(f"min ({params['min']:g}) must not be greater than max ({params['max']:g})")
    mean = params.get("mean")
    if mean is not None and not params["min"] <= mean <= params["max"]:
        errors.append(f"mean ({mean:g}) must lie between min and max")
    return errors


class IntegerType(ColumnType):
    name, group, kind = "integer", "numbers", "integer"
    description = "A whole number between min and max, from a chosen distribution"
    params = _range_params(0, 100, integer=True)

    def check(self, params):
        return _check_range(params)

    def generate(self, params, ctx, rng):
        if params.get("distribution", "uniform") == "uniform":
            return rng.integers(params["min"], params["max"], ctx.size, endpoint=True)
        return np.rint(draw_numbers(rng, ctx.size, params)).astype(np.int64)


class AgeType(IntegerType):
    name, group = "age", "person"
    description = "A person's age in whole years"
    params = _range_params(18, 90, integer=True, distribution="normal")
    example_params = {"min": 18, "max": 70}

    def generate(self, params, ctx, rng):
        if params["distribution"] == "normal" and params.get("mean") is None:
            params = {**params, "mean": params["min"] + (params["max"] - params["min"]) * 0.4}
        return super().generate(params, ctx, rng)


class RatingType(IntegerType):
    name, group = "rating", "numbers"
    description = "A whole-number rating, 1 to 5 stars by default, J-shaped as ratings are: most at the top, few in the middle, a bump at the bottom"
    params = (
        Param("min", "int", 1, "lowest rating", 0, 100),
        Param("max", "int", 5, "highest rating", 0, 100),
    )

    def generate(self, params, ctx, rng):
        levels = np.arange(params["min"], params["max"] + 1)
        return rng.choice(levels, ctx.size, p=rating_shares(len(levels)))


def rating_shares(count: int) -> np.ndarray:
    """The share of each rating level, lowest first: rising steeply to the top, with the unhappy
    few at the bottom (1 to 5 stars: about 10%, 6%, 14%, 26%, 44%, as review sites show)."""
    top = np.arange(1, count + 1) / count
    weights = 0.06 + top**2.5
    weights[0] += 0.08 * weights.sum() / (1 - 0.08) if count > 2 else 0.0
    return weights / weights.sum()


class YearType(IntegerType):
    name, group = "year", "time"
    calendar_years = True
    description = "A calendar year"
    params = _range_params(2000, 2025, integer=True)


class DecimalType(ColumnType):
    name, group, kind = "decimal", "numbers", "number"
    description = "A number with a fixed number of decimals between min and max"
    params = _range_params(0.0, 1000.0, integer=False) + (Param("decimals", "int", 2, "digits after the point", 0, 10),)

    def check(self, params):
        errors = _check_range(params)
        low, high = _rounded_bounds(params)
        if not errors and low > high:
            errors.append(f"no number with {params['decimals']} decimals lies between min ({params['min']:g}) and max ({params['max']:g})")
        return errors

    def generate(self, params, ctx, rng):
        low, high = _rounded_bounds(params)
        return np.clip(np.round(draw_numbers(rng, ctx.size, params), params["decimals"]), low, high)


def _rounded_bounds(params) -> tuple[float, float]:
    """The smallest and largest values with the column's decimals inside [min, max]."""
    scale = 10 ** params.get("decimals", 0)
    return math.ceil(round(params["min"] * scale, 6)) / scale, math.floor(round(params["max"] * scale, 6)) / scale


class PriceType(DecimalType):
    name, group = "price", "commerce"
    description = "A price above zero with 2 decimals, right-skewed like real prices"
    params = _range_params(1.0, 500.0, integer=False, distribution="lognormal") + (
        Param("decimals", "int", 2, "digits after the point", 0, 4),
    )


class PercentageType(DecimalType):
    name, group, value_unit = "percentage", "numbers", "%"
    description = "A percentage from 0 to 100"
    params = (
        Param("min", "number", 0.0, "smallest value", -1000, 1000),
        Param("max", "number", 100.0, "largest value", -1000, 1000),
        Param("distribution", "choice", "uniform", "shape of the values", choices=DISTRIBUTIONS),
        Param("mean", "number", None, "centre or mean", -1000, 1000),
        Param("std", "number", None, "standard deviation for normal", 0, 1000),
        Param("decimals", "int", 1, "digits after the point", 0, 6),
    )


class BooleanType(ColumnType):
    name, group, kind = "boolean", "basic", "boolean"
    description = "true or false, true in a chosen share of rows"
    params = (Param("true_rate", "number", 0.5, "share of rows that are true", 0, 1),)
    example_params = {"true_rate": 0.2}

    def generate(self, params, ctx, rng):
        return rng.random(ctx.size) < params["true_rate"]


class CategoryType(ColumnType):
    name, group = "category", "basic"
    description = "One of a list of values, with optional weights"
    params = (
        Param("values", "string_list", None, "the allowed values", required=True),
        Param("weights", "number_list", None, "relative frequency of each value"),
    )
    example_params = {"values": ["free", "basic", "pro"], "weights": [0.6, 0.3, 0.1]}

    def messy_defects(self, params):
        return ("missing", "missing_dependent", "category_spellings")

    def frictionless_constraints(self, params):
        return {"enum": [neutralise(value) for value in params["values"]]}

    def check(self, params):
        weights = params.get("weights")
        if weights is None:
            return []
        if len(weights) != len(params["values"]):
            return [f"weights has {len(weights)} items but values has {len(params['values'])}; give one weight per value"]
        if sum(weights) <= 0:
            return ["weights must not all be zero"]
        return []

    def generate(self, params, ctx, rng):
        values = params["values"]
        return pick(values, weighted_indices(rng, ctx.size, params.get("weights"), len(values)))


def weighted_indices(rng: np.random.Generator, size: int, weights, count: int) -> np.ndarray:
    if weights is None:
        return rng.integers(0, count, size)
    cumulative = np.cumsum(np.asarray(weights, dtype=np.float64))
    return np.minimum(np.searchsorted(cumulative / cumulative[-1], rng.random(size), side="right"), count - 1)  # never below 0


class WeightedChoiceType(ColumnType):
    """A fixed list of real-world values with realistic weights (HTTP methods, statuses, ...)."""

    choices: tuple[tuple[Any, float], ...] = ()

    def generate(self, params, ctx, rng):
        values = [value for value, _ in self.choices]
        indices = weighted_indices(rng, ctx.size, [w for _, w in self.choices], len(values))
        return pick(values, indices) if self.kind == "string" else np.array(values)[indices]


class HttpMethodType(WeightedChoiceType):
    name, group = "http_method", "internet"
    description = "An HTTP request method, mostly GET"
    choices = (("GET", 70), ("POST", 20), ("PUT", 4), ("DELETE", 3), ("PATCH", 2), ("HEAD", 1))


class HttpStatusType(WeightedChoiceType):
    name, group, kind = "http_status", "internet", "integer"
    description = "An HTTP response status code, mostly 200"
    choices = ((200, 80), (201, 3), (204, 2), (301, 2), (302, 3), (304, 3), (400, 1.5), (401, 1), (403, 1), (404, 2.5), (500, 0.7), (502, 0.2), (503, 0.1))


NUMERIC_TYPES = [
    IntegerType, DecimalType, PercentageType, PriceType, AgeType, RatingType, YearType,
    BooleanType, CategoryType, HttpMethodType, HttpStatusType,
]
