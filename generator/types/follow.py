"""Names that follow a category of their row: products per category, restaurants per cuisine,
car models per make, job titles per department (and seniority).

Each takes its category three ways: fixed by a parameter, read off another column of the row
(`<key>_column`, declared as a dependency so it is generated first), or, with neither, drawn per
row. Car make and model columns, and cuisine and restaurant columns, share that draw, so they
agree without naming each other. A column value that is no known category (matched without case,
and through the data file's aliases) is mapped to one category by its stable hash, so equal
values still get names of one kind.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np
import pyarrow as pa

from generator.arrow_text import pick
from generator.column_types import NUMERIC_KINDS, ColumnType
from generator.params import Param
from generator.types.numeric import YearType
from generator.types.places import LOCALE_COUNTRY
from generator.types.vocab import Grammar, build_grammar, data_lines, dataset_rng, load_toml, render, sections_of

TEXT_KINDS = ("string",)


def weighted(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    """`size` indices into `weights`, each drawn in proportion to its weight."""
    cumulative = np.cumsum(weights)
    return np.searchsorted(cumulative, rng.random(size) * cumulative[-1], side="right").clip(0, len(weights) - 1)


def draw_sections(grammar: Grammar, sections: np.ndarray, rng: np.random.Generator, given: dict | None = None) -> pa.Array:
    """One text per row from the row's section of `grammar`."""
    return render(grammar, grammar.templates, grammar.section_templates(sections, rng), rng, given)


@functools.cache
def grammar_of(file: str, table: str = "sections", given: tuple[str, ...] = ()) -> Grammar:
    """The grammar in `table` of a data file (its file-level slots shared by every section)."""
    data = load_toml(file)
    return build_grammar(data[table], data.get("slots", {}), given)


class FollowerType(ColumnType):
    """Names per section of a grammar; the section is a fixed `section`, a `<section>_column`'s value, or drawn."""

    section: ClassVar[str] = ""  # the parameter naming the section (not ColumnType.key, the primary key)
    file: ClassVar[str] = ""
    shared_draw: ClassVar[bool] = False

    def grammar(self) -> Grammar:
        return grammar_of(self.file)

    def keys(self) -> tuple[str, ...]:
        return self.grammar().keys

    def aliases(self) -> dict[str, str]:
        return load_toml(self.file).get("aliases", {})

    def weights(self, locale: str | None = None) -> np.ndarray:
        return np.ones(len(self.keys()))

    def check(self, params):
        fixed = params.get(self.section)
        if fixed is not None and fixed not in self.keys():
            return [f"{self.section} must be one of {', '.join(self.keys())}; got {fixed!r} (or name a column with {self.section}_column)"]
        if fixed is not None and params.get(f"{self.section}_column"):
            return [f"give {self.section} or {self.section}_column, not both"]
        return []

    def dependencies(self, params):
        column = params.get(f"{self.section}_column")
        return [column] if column else []

    def resolve(self, params, earlier):
        column = params.get(f"{self.section}_column")
        if column and earlier[column].kind not in TEXT_KINDS:
            return [f"{self.section}_column must name a text column, and {column!r} holds {earlier[column].kind} values"]
        return []

    def sections(self, params: Any, ctx, rng: np.random.Generator) -> np.ndarray:
        """The category of each row, as an index into `keys()`."""
        keys = self.keys()
        if params.get(self.section) is not None:
            return np.full(ctx.size, keys.index(params[self.section]))
        if params.get(f"{self.section}_column"):
            return sections_of(ctx.values(params[f"{self.section}_column"]), keys, self.aliases())
        if self.shared_draw:
            return ctx.shared(f"section:{self.section}", lambda c: weighted(c.rng(f"section:{self.section}"), self.weights(c.locale), c.size))
        return weighted(rng, self.weights(ctx.locale), ctx.size)

    def generate(self, params, ctx, rng):
        rng = dataset_rng(ctx, rng)
        return draw_sections(self.grammar(), self.sections(params, ctx, rng), rng)


class LabelType(FollowerType):
    """The category itself (a make, a cuisine), from the per-row draw its followers share."""

    shared_draw = True

    def check(self, params):
        return []

    def generate(self, params, ctx, rng):
        return pa.array(self.keys(), type=pa.string()).take(self.sections(params, ctx, rng))


def follow_params(key: str, what: str) -> tuple[Param, ...]:
    return (
        Param(key, "string", None, f"one {what} for every row (the choices are in the data dictionary of the type)"),
        Param(f"{key}_column", "string", None, f"another column of the row holding the {what}, which this one follows"),
    )


class ProductType(FollowerType):
    name, group, section, file = "product", "commerce", "category", "products.toml"
    description = "A product name that fits its category, e.g. 'Kessler 12-Cup Coffee Maker' (the product_category categories)"
    params = follow_params("category", "product category")
    example_params = {"category": "Home & Kitchen"}
    source = "products.toml, invented brands and real kinds of product per category (synthsite)"


class MerchantType(FollowerType):
    name, group, section, file = "merchant", "commerce", "category", "merchants.toml"
    description = "A merchant on a card statement that fits the spending category (Kroger for groceries, Shell for gas)"
    params = follow_params("category", "spending category")
    example_params = {"category": "Groceries"}
    source = "merchants.toml, real US chains per spending category (synthsite)"


class CuisineBook:
    section, file, shared_draw = "cuisine", "restaurants.toml", True
    source = "restaurants.toml, invented names in each cuisine's style, and cuisines.txt shares (synthsite)"
    keys: Callable[[], tuple[str, ...]]  # FollowerType's, which this is mixed into

    def weights(self, locale: str | None = None) -> np.ndarray:
        found = {name: float(weight) for name, weight in data_lines("cuisines.txt")}
        return np.array([found.get(key, 1.0) for key in self.keys()])


class CuisineType(CuisineBook, LabelType):
    name, group = "cuisine", "places"
    description = "A restaurant's cuisine (Italian, Mexican, Japanese, ...); a restaurant_name column of the row agrees"


class RestaurantNameType(CuisineBook, FollowerType):
    name, group = "restaurant_name", "places"
    description = "A restaurant name in its cuisine's style, e.g. 'Trattoria Rossi' (follows a cuisine column)"
    params = follow_params("cuisine", "cuisine")
    example_params = {"cuisine": "Italian"}


class CarBook:
    section, file, shared_draw = "make", "cars.toml", True
    source = "cars.toml, real makes with their own models and rough market shares (hand-kept)"
    keys: Callable[[], tuple[str, ...]]  # FollowerType's, which this is mixed into

    def grammar(self) -> Grammar:
        return _cars(True)

    def aliases(self) -> dict[str, str]:
        return {"vw": "Volkswagen", "chevy": "Chevrolet", "mercedes": "Mercedes-Benz", "škoda": "Skoda", "seat": "SEAT"}

    def weights(self, locale: str | None = None) -> np.ndarray:
        return _car_weights(self.keys(), locale)


@functools.lru_cache(maxsize=64)
def _car_weights(makes: tuple[str, ...], locale: str | None) -> np.ndarray:
    """The makes' shares of the locale's country's market where cars.toml has it, else `weight`
    (worked out once per locale, not per chunk)."""
    data = load_toml("cars.toml")
    market = data["market"].get(LOCALE_COUNTRY.get(locale or "", ""))
    if market is None:
        return np.array([float(data["makes"][key]["weight"]) for key in makes])
    return np.array([float(market.get(key, 0.0)) for key in makes])


@functools.lru_cache(maxsize=2)
def _cars(north_america: bool) -> Grammar:
    """Each make's models; outside North America without the models sold only there."""
    data = load_toml("cars.toml")
    only_there = set(data["north_america"]["models"]) if not north_america else set()
    return build_grammar({make: {"templates": [m for m in info["models"] if m not in only_there] or info["models"]} for make, info in data["makes"].items()})


class CarMakeType(CarBook, LabelType):
    name, group = "car_make", "vehicles"
    description = "A car make (Toyota, Volkswagen, BMW, ...), weighted by its share of the locale's country's market; a car_model column of the row agrees"


class CarModelType(CarBook, FollowerType):
    name, group = "car_model", "vehicles"
    description = "A car model of its make sold in the locale's country, e.g. Golf for Volkswagen (follows a make column; never another make's model)"
    params = follow_params("make", "car make")
    example_params = {"make": "Volkswagen"}

    def generate(self, params, ctx, rng):
        rng = dataset_rng(ctx, rng)
        north_america = LOCALE_COUNTRY.get(ctx.locale or "", "US") in load_toml("cars.toml")["north_america"]["countries"]
        return draw_sections(_cars(north_america), self.sections(params, ctx, rng), rng)


def _car_param(key: str) -> Param:
    return Param(f"{key}_column", "string", None, f"the column of the row holding the car's {key}")


@functools.lru_cache(maxsize=1)
def _car_facts() -> tuple[dict[str, tuple[int, int]], dict[str, str], dict[str, str]]:
    """Each 'Make Model' → its first and last model year (0: still made); each model name alone →
    its 'Make Model' (the first make listed); each 'Make Model' made with one power only → it."""
    data = load_toml("cars.toml")
    years = {key: (int(first), int(last)) for key, (first, last) in data["years"].items()}
    alone: dict[str, str] = {}
    for make, info in data["makes"].items():
        for model in info["models"]:
            alone.setdefault(model.lower(), f"{make} {model}")
    power = {key: kind for kind, keys in data["powertrain"].items() for key in keys}
    return years, alone, power


def _car_columns_are_text(params, earlier) -> list[str]:
    """model_column and make_column must name text columns (a car's model, its make)."""
    return [f"{key} must name a text column (the car's {key.split('_')[0]}), and {params[key]!r} holds {earlier[params[key]].kind} values"
            for key in ("model_column", "make_column") if params.get(key) and earlier[params[key]].kind not in TEXT_KINDS]


def _car_keys(params, ctx) -> tuple[np.ndarray, list[str | None]]:
    """Per row an index into the distinct cars of the chunk, and each distinct car's 'Make Model'
    (None for a car cars.toml does not know)."""
    _, alone, _ = _car_facts()
    models = pa.array(ctx.values(params["model_column"])).cast(pa.string())
    makes = pa.array(ctx.values(params["make_column"])).cast(pa.string()) if params.get("make_column") else None
    pairs = [f"{make} {model}" if make else str(model) for make, model in zip(makes.to_pylist() if makes is not None else [None] * len(models), models.to_pylist())]
    distinct, index = np.unique(np.array(pairs, dtype=object), return_inverse=True)
    years = _car_facts()[0]
    keys = [text if text in years else alone.get(text.split(" ", 1)[-1].lower()) or alone.get(text.lower()) for text in distinct]
    return index, keys


class CarYearType(YearType):
    name, group = "car_year", "vehicles"
    description = "A car's model year; with model_column, within the years its model was made (cars.toml): no 2005 Kia EV6"
    params = (*YearType.params, _car_param("model"), _car_param("make"))
    example_params = {"min": 2005, "max": 2025}
    source = "cars.toml, each model's first and last model year (hand-kept from makers' histories)"

    def dependencies(self, params):
        return [c for c in (params.get("model_column"), params.get("make_column")) if c]

    def resolve(self, params, earlier):
        return _car_columns_are_text(params, earlier)

    def generate(self, params, ctx, rng):
        years = super().generate(params, ctx, rng)
        if not params.get("model_column"):
            return years
        index, keys = _car_keys(params, ctx)
        known = _car_facts()[0]
        made = np.array([known[k] if k else (params["min"], params["max"]) for k in keys], dtype=np.int64).reshape(-1, 2)
        first = np.maximum(made[index, 0], params["min"])
        last = np.minimum(np.where(made[index, 1] == 0, params["max"], made[index, 1]), params["max"])
        first = np.minimum(first, last)  # a model made only before the range: its last year
        outside = (years < first) | (years > last)
        redrawn = first + np.floor(rng.random(ctx.size) * (last - first + 1)).astype(np.int64)
        return np.where(outside, redrawn, years)


class FuelType(ColumnType):
    name, group = "fuel_type", "vehicles"
    description = "A car's fuel (Petrol, Diesel, Hybrid, Electric, ...); with model_column, an electric model is electric and no other is"
    params = (_car_param("model"), _car_param("make"))
    source = "lists.toml (fuel types of cars on the road, with rounded shares, hand-kept) and cars.toml (models made with one power only)"

    def dependencies(self, params):
        return [c for c in (params.get("model_column"), params.get("make_column")) if c]

    def resolve(self, params, earlier):
        return _car_columns_are_text(params, earlier)

    def generate(self, params, ctx, rng):
        entry = load_toml("lists.toml")["fuel_type"]
        values, weights = list(entry["values"]), np.array(entry["weights"], dtype=np.float64)
        if not params.get("model_column"):
            return pick(values, weighted(rng, weights, ctx.size))
        only = {kind: values.index(kind.capitalize()) for kind in ("electric", "hybrid")}
        others = np.where(np.array(values) == "Electric", 0.0, weights)  # a petrol model is never electric
        chosen = weighted(rng, others, ctx.size)
        index, keys = _car_keys(params, ctx)
        power = _car_facts()[2]
        for kind, at in only.items():
            chosen = np.where(np.array([power.get(k or "") == kind for k in keys], dtype=bool)[index], at, chosen)
        return pick(values, chosen)


SENIORITY = ("junior", "mid", "senior", "lead", "executive")


@functools.lru_cache(maxsize=1)
def _jobs() -> Grammar:
    """Sections "<department>|<seniority>": the seniority's templates over the department's slots."""
    data = load_toml("jobs.toml")
    sections = {
        f"{department}|{level}": {"templates": data["seniority"][level], "slots": slots}
        for department, slots in data["departments"].items()
        for level in SENIORITY
    }
    return build_grammar(sections)


class JobTitleType(FollowerType):
    name, group, section, file = "job_title", "company", "department", "jobs.toml"
    description = "A job title of its department and seniority, e.g. 'Senior Data Engineer' (follows a department column, and an age or years-of-experience column)"
    params = (
        *follow_params("department", "department"),
        Param("seniority", "choice", "any", "one level for every row, or any (mostly mid and senior)", choices=("any", *SENIORITY)),
        Param("experience_column", "string", None, "a number column in years, the person's age or years of experience, that seniority follows: no director of 23, few juniors of 50"),
    )
    example_params = {"department": "Engineering"}
    source = "jobs.toml, job titles per department and seniority (hand-kept)"

    def grammar(self) -> Grammar:
        return _jobs()

    def keys(self) -> tuple[str, ...]:
        return tuple(load_toml("jobs.toml")["departments"])

    def check(self, params):
        if params.get("experience_column") and params["seniority"] != "any":
            return [f"give seniority {params['seniority']!r} or an experience_column, not both"]
        return super().check(params)

    def dependencies(self, params):
        return [*super().dependencies(params), *([params["experience_column"]] if params.get("experience_column") else [])]

    def resolve(self, params, earlier):
        column = params.get("experience_column")
        if column and earlier[column].kind not in NUMERIC_KINDS:
            return [f"experience_column must name a number column of years, and {column!r} holds {earlier[column].kind} values"]
        return super().resolve(params, earlier)

    ordered = True

    def ordinal(self, params, values):
        """Each title's seniority, 0 (junior) to 4 (executive); a title the data does not know is mid."""
        levels, encoded = _title_levels(), pa.array(values).dictionary_encode()
        known = np.array([levels.get(title, 1) for title in encoded.dictionary.to_pylist()], dtype=np.float64)
        return known[encoded.indices.to_numpy(zero_copy_only=False)]  # each distinct title looked up once

    def generate(self, params, ctx, rng):
        rng = dataset_rng(ctx, rng)
        departments = self.sections(params, ctx, rng)
        jobs = load_toml("jobs.toml")
        shares = np.array([jobs["seniority_weights"][level] for level in SENIORITY])
        if params["seniority"] != "any":
            levels = np.full(ctx.size, SENIORITY.index(params["seniority"]))
        elif params.get("experience_column"):
            levels = _levels_by_experience(ctx.values(params["experience_column"]), params["experience_column"], shares, jobs["experience"], rng)
        else:
            levels = weighted(rng, shares, ctx.size)
        return draw_sections(self.grammar(), departments * len(SENIORITY) + levels, rng)


@functools.lru_cache(maxsize=1)
def _title_levels() -> dict[str, int]:
    """Every title jobs.toml can make, with its seniority (the highest, for a title two levels make)."""
    data, levels = load_toml("jobs.toml"), dict[str, int]()
    for slots in data["departments"].values():
        for level, name in enumerate(SENIORITY):
            for template in data["seniority"][name]:
                slot = re.search(r"\{(\w+)\}", template)
                for value in slots[slot.group(1)] if slot else [template]:
                    title = template.replace(slot.group(0), value) if slot else template
                    levels[title] = max(levels.get(title, level), level)
    return levels


def _levels_by_experience(values: Any, column: str, shares: np.ndarray, spec: dict[str, Any], rng: np.random.Generator) -> np.ndarray:
    """A seniority per row that the person's years allow (jobs.toml [experience]): each level needs
    some years of work, give or take, and levels below the highest allowed grow rarer the further
    below it they are. An age counts the years since work usually starts; a missing value allows any level."""
    years = np.asarray(pa.array(values).to_numpy(zero_copy_only=False), dtype=np.float64)
    if re.search(spec["age_words"], column.lower().replace("_", " ")):
        years = years - spec["working_age"]
    felt = np.maximum(years, 0.0) * rng.lognormal(0.0, spec["spread"], len(years))
    highest = np.where(np.isnan(years), len(SENIORITY) - 1, np.searchsorted(np.array(spec["years"][1:], dtype=np.float64), felt, side="right"))
    below = highest[:, None] - np.arange(len(SENIORITY))[None, :]
    weights = np.where(below >= 0, shares[None, :] * spec["decay"] ** np.maximum(below, 0), 0.0)
    cumulative = np.cumsum(weights, axis=1)
    return (cumulative < rng.random(len(years))[:, None] * cumulative[:, -1:]).sum(axis=1).clip(0, len(SENIORITY) - 1)


FOLLOW_TYPES = [ProductType, MerchantType, CuisineType, RestaurantNameType, CarMakeType, CarModelType, CarYearType, FuelType, JobTitleType]
