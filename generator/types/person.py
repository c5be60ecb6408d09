"""People and their contacts. One person is drawn per row and shared by the row's columns, so a
row's first name, last name, full name, gender, email and username agree with each other.

Emails and usernames are unique by construction: their number suffix is a permutation of the
row's index (see `unique_suffix`), so no two rows of a dataset share one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.arrow_text import concat
from generator.column_types import ColumnType
from generator.params import Param
from generator.pools import draw, pool, pool_ascii
from generator.seeds import stable_hash


@dataclass(frozen=True)
class Person:
    female: np.ndarray
    first: pa.Array
    last: pa.Array
    first_ascii: pa.Array
    last_ascii: pa.Array


def _draw_person(ctx, key: str) -> Person:
    """The row's person of a role. The draw is salted with the schema's column types, so two
    unrelated datasets at one seed do not list the same people (still the same for one schema)."""
    rng = np.random.default_rng([int(ctx.rng(key).integers(0, 2**63)), stable_hash("|".join(sorted(ctx.types)))])
    size, locale = ctx.size, ctx.locale
    female = rng.random(size) < 0.5
    mask = pa.array(female)
    index = {part: rng.integers(0, len(pool(part, locale)), size) for part in ("first_name_female", "first_name_male", "last_name")}
    first = pc.if_else(mask, pool("first_name_female", locale).take(index["first_name_female"]), pool("first_name_male", locale).take(index["first_name_male"]))
    if ctx.shared_like("person"):
        index["last_name"] = _another_person(ctx, first, index["last_name"], len(pool("last_name", locale)), rng)
    names = {part: (pool(part, locale).take(i), pool_ascii(part, locale).take(i)) for part, i in index.items()}
    (ff, ffa), (fm, fma), (last, last_ascii) = names.values()
    return Person(female, first, last, pc.if_else(mask, ffa, fma), last_ascii)


def _another_person(ctx, first: pa.Array, last: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """Last-name indices redrawn where this role's person would have another role's name."""
    for other in ctx.shared_like("person"):
        same = pc.and_(pc.equal(first, other.first), pc.equal(pool("last_name", ctx.locale).take(last), other.last)).to_numpy(zero_copy_only=False)
        if same.any() and count > 1:
            last = last.copy()
            last[same] = (last[same] + rng.integers(1, count, int(same.sum()))) % count
    return last


def person(ctx) -> Person:
    """The row's person, or with a role (driver, rider) the role's own, never another role's."""
    key = f"person:{ctx.role}" if ctx.role else "person"
    return ctx.shared(key, lambda c: _draw_person(c, key))


def role_salt(ctx) -> int:
    """Keeps two roles' emails in one row apart even when their names share letters."""
    return stable_hash(ctx.role) % 9973 if ctx.role else 0


def unique_suffix(rows: np.ndarray, salt: int) -> np.ndarray:
    """A distinct number for each row index, short for early rows.

    Rows 0-89 get two digits, rows 90-989 three, and so on; within each block of d-digit
    numbers the index is mapped by an affine permutation whose multiplier is coprime to the
    block size and near its golden-ratio fraction, so numbers look scattered but never repeat.
    """
    out = np.empty(len(rows), dtype=np.int64)
    lower, digits = 0, 2
    while lower <= (rows.max() if len(rows) else 0):
        first = 10 ** (digits - 1)
        size = 9 * first
        inside = (rows >= lower) & (rows < lower + size)
        if inside.any():
            out[inside] = first + ((rows[inside] - lower) * _scatter(size) + salt % size) % size
        lower, digits = lower + size, digits + 1
    return out


def _scatter(size: int) -> int:
    multiplier = int(size * 0.6180339887)
    while math.gcd(multiplier, size) != 1:
        multiplier += 1
    return multiplier


class FirstNameType(ColumnType):
    entity = "person"
    name, group = "first_name", "person"
    description = "A first name (agrees with gender in the same row)"

    def generate(self, params, ctx, rng):
        return person(ctx).first


class LastNameType(ColumnType):
    entity = "person"
    name, group = "last_name", "person"
    description = "A family name"

    def generate(self, params, ctx, rng):
        return person(ctx).last


class FullNameType(ColumnType):
    entity = "person"
    name, group = "full_name", "person"
    description = "First and last name, the same person as the row's other name columns"

    def generate(self, params, ctx, rng):
        p = person(ctx)
        return concat(p.first, " ", p.last)


class GenderType(ColumnType):
    entity = "person"
    name, group = "gender", "person"
    description = "Female or Male, matching the row's first name"
    params = (Param("style", "choice", "word", "Female/Male or F/M", choices=("word", "letter")),)

    def generate(self, params, ctx, rng):
        labels = ("Female", "Male") if params["style"] == "word" else ("F", "M")
        return pc.if_else(pa.array(person(ctx).female), *labels)


class EmailType(ColumnType):
    entity = "person"
    name, group = "email", "contact"
    text_defects = False
    description = "A unique email address made from the row person's name"
    params = (Param("domain", "string", None, "one domain for every address, e.g. example.com"),)

    def check(self, params):
        domain = params.get("domain")
        if domain is not None and not _is_domain(domain):
            return [f"domain must look like example.com, got {domain!r}"]
        return []

    def generate(self, params, ctx, rng):
        p = person(ctx)
        first, last = p.first_ascii, p.last_ascii
        style = rng.integers(0, 3, ctx.size)
        initial = pc.utf8_slice_codeunits(first, 0, 1)
        local = pc.case_when(
            pc.make_struct(pa.array(style == 0), pa.array(style == 1)),
            concat(first, ".", last),
            concat(initial, last),
            concat(last, ".", first),
        )
        suffix = pa.array(unique_suffix(ctx.row_numbers(), salt=ctx.seed + role_salt(ctx))).cast(pa.string())
        domain = params.get("domain")
        domains = domain if domain else draw("free_email_domain", "en_US", rng, ctx.size)
        return concat(local, suffix, "@", domains)


class UsernameType(ColumnType):
    entity = "person"
    name, group = "username", "contact"
    description = "A unique username made from the row person's name"

    def generate(self, params, ctx, rng):
        p = person(ctx)
        first, last = p.first_ascii, p.last_ascii
        style = pa.array(rng.integers(0, 2, ctx.size) == 0)
        local = pc.if_else(style, concat(first, "_", last), concat(pc.utf8_slice_codeunits(first, 0, 1), last))
        suffix = pa.array(unique_suffix(ctx.row_numbers(), salt=ctx.seed + 1 + role_salt(ctx))).cast(pa.string())
        return concat(local, suffix)


def _is_domain(value: str) -> bool:
    labels = value.split(".")
    return len(labels) >= 2 and all(label and label.replace("-", "").isalnum() and label.isascii() for label in labels)


class JobType(ColumnType):
    name, group = "job", "person"
    description = "A job title"

    def generate(self, params, ctx, rng):
        return draw("job", ctx.locale, rng, ctx.size)


PERSON_TYPES = [FirstNameType, LastNameType, FullNameType, GenderType, EmailType, UsernameType, JobType]
