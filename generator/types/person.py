"""People and their contacts. One person is drawn per row and shared by the row's columns, so a
row's first name, last name, full name, gender, email and username agree with each other.

Emails and usernames are unique by construction: their number suffix is a permutation of the
row's index (see `unique_suffix`), so no two rows of a dataset share one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from generator.column_types import ColumnType, Param
from generator.pools import ascii_slug, draw, pool


@dataclass(frozen=True)
class Person:
    female: np.ndarray
    first: np.ndarray
    last: np.ndarray


def _draw_person(ctx) -> Person:
    rng = ctx.rng("person")
    female = rng.random(ctx.size) < 0.5
    first = np.where(
        female,
        draw("first_name_female", ctx.locale, rng, ctx.size),
        draw("first_name_male", ctx.locale, rng, ctx.size),
    )
    return Person(female, first, draw("last_name", ctx.locale, rng, ctx.size))


def person(ctx) -> Person:
    return ctx.shared("person", _draw_person)


def unique_suffix(rows: np.ndarray, salt: int) -> np.ndarray:
    """A distinct number for each row index, short for early rows.

    Rows 0-89 get two digits, rows 90-989 three, and so on; within each block of d-digit
    numbers the index is mapped by an affine permutation (multiplier coprime to the block size),
    so numbers look scattered but never repeat.
    """
    out = np.empty(len(rows), dtype=np.int64)
    lower, digits = 0, 2
    while lower <= (rows.max() if len(rows) else 0):
        first = 10 ** (digits - 1)
        size = 9 * first
        inside = (rows >= lower) & (rows < lower + size)
        if inside.any():
            out[inside] = first + ((rows[inside] - lower) * 7919 + salt) % size
        lower, digits = lower + size, digits + 1
    return out


def _ascii(names: np.ndarray) -> np.ndarray:
    cache: dict[str, str] = {}
    for name in set(names):
        cache[name] = ascii_slug(name) or "user"
    return np.array([cache[name] for name in names], dtype=object)


class FirstNameType(ColumnType):
    name, group = "first_name", "person"
    description = "A first name (agrees with gender in the same row)"

    def generate(self, params, ctx, rng):
        return person(ctx).first


class LastNameType(ColumnType):
    name, group = "last_name", "person"
    description = "A family name"

    def generate(self, params, ctx, rng):
        return person(ctx).last


class FullNameType(ColumnType):
    name, group = "full_name", "person"
    description = "First and last name, the same person as the row's other name columns"

    def generate(self, params, ctx, rng):
        p = person(ctx)
        return p.first + " " + p.last


class GenderType(ColumnType):
    name, group = "gender", "person"
    description = "Female or Male, matching the row's first name"
    params = (Param("style", "choice", "word", "Female/Male or F/M", choices=("word", "letter")),)

    def generate(self, params, ctx, rng):
        labels = ("Female", "Male") if params["style"] == "word" else ("F", "M")
        return np.where(person(ctx).female, *labels).astype(object)


class EmailType(ColumnType):
    name, group = "email", "contact"
    description = "A unique email address made from the row person's name"
    params = (Param("domain", "string", None, "one domain for every address, e.g. example.com"),)

    def check(self, params):
        domain = params.get("domain")
        if domain is not None and not _is_domain(domain):
            return [f"domain must look like example.com, got {domain!r}"]
        return []

    def generate(self, params, ctx, rng):
        p = person(ctx)
        first, last = _ascii(p.first), _ascii(p.last)
        style = rng.integers(0, 3, ctx.size)
        initials = np.array([name[0] for name in first], dtype=object)
        local = np.where(style == 0, first + "." + last, np.where(style == 1, initials + last, last + "." + first))
        suffix = unique_suffix(ctx.row_numbers(), salt=ctx.seed % 7919).astype(str).astype(object)
        domain = params.get("domain")
        domains = np.full(ctx.size, domain, dtype=object) if domain else draw("free_email_domain", "en_US", rng, ctx.size)
        return local + suffix + "@" + domains


class UsernameType(ColumnType):
    name, group = "username", "contact"
    description = "A unique username made from the row person's name"

    def generate(self, params, ctx, rng):
        p = person(ctx)
        first, last = _ascii(p.first), _ascii(p.last)
        style = rng.integers(0, 2, ctx.size)
        local = np.where(style == 0, first + "_" + last, np.array([f[0] for f in first], dtype=object) + last)
        return local + unique_suffix(ctx.row_numbers(), salt=(ctx.seed + 1) % 7919).astype(str).astype(object)


def _is_domain(value: str) -> bool:
    labels = value.split(".")
    return len(labels) >= 2 and all(label and label.replace("-", "").isalnum() and label.isascii() for label in labels)


class JobType(ColumnType):
    name, group = "job", "person"
    description = "A job title"

    def generate(self, params, ctx, rng):
        return draw("job", ctx.locale, rng, ctx.size)


PERSON_TYPES = [FirstNameType, LastNameType, FullNameType, GenderType, EmailType, UsernameType, JobType]
