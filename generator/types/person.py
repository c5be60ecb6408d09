"""People and their contacts. One person is drawn per row and shared by the row's columns, so a
row's first name, last name, full name, gender, email and username agree with each other.

Emails and usernames are unique by construction: their number suffix is a permutation of the
row's index (see `unique_suffix`), so no two rows of a dataset share one.
"""

from __future__ import annotations

import functools
import importlib
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.arrow_text import concat
from generator.column_types import ColumnType
from generator.params import Param
from generator.pools import ascii_slug, draw, pool, pool_ascii
from generator.romanize import romanized
from generator.seeds import stable_hash
from generator.types.places import WORLD_TYPES, row_place
from generator.types.vocab import load_toml


@dataclass(frozen=True)
class Names:
    """A locale's name pools, each drawn from by index: the female first names followed by the
    male ones, the family names women have followed by men's (the same list twice where a
    language does not change them: Nováková and Novák, Иванова and Иванов), and the pieces a full
    name, an email or a username is made of."""

    first: pa.Array
    first_ascii: pa.Array
    female_count: int
    last: pa.Array
    last_ascii: pa.Array
    last_female_count: int
    # for each name, the index of its first copy in its pool (equal names, equal numbers)
    first_same: np.ndarray
    last_same: np.ndarray
    # "first " for each first name
    full_head: pa.Array
    # "first." and "f" (the first initial) for each first name, then "last." for each family name
    email_head: pa.Array
    # each first name then each family name
    email_tail: pa.Array
    # "first_" and "f" for each first name
    username_head: pa.Array


def _first_copies(values: pa.Array) -> np.ndarray:
    _, first, inverse = np.unique(np.array(values.to_pylist(), dtype=object), return_index=True, return_inverse=True)
    return first[inverse]


def _names_from(first: list[str], last: list[str], last_female_count: int) -> Names:
    """Names already in Latin letters (their ASCII forms are their letters, accents folded)."""
    first_arr, last_arr = pa.array(first, type=pa.string()), pa.array(last, type=pa.string())
    first_ascii = pa.array([ascii_slug(v) or "user" for v in first], type=pa.string())
    last_ascii = pa.array([ascii_slug(v) or "user" for v in last], type=pa.string())
    return _names(first_arr, first_ascii, 0, last_arr, last_ascii, last_female_count)


def _names(first: pa.Array, first_ascii: pa.Array, female_count: int, last: pa.Array, last_ascii: pa.Array, last_female_count: int) -> Names:
    initial = pc.utf8_slice_codeunits(first_ascii, 0, 1)
    return Names(
        first=first, first_ascii=first_ascii, female_count=female_count, last=last, last_ascii=last_ascii, last_female_count=last_female_count,
        first_same=_first_copies(first), last_same=_first_copies(last), full_head=concat(first, " "),
        email_head=pa.concat_arrays([concat(first_ascii, "."), initial, concat(last_ascii, ".")]),
        email_tail=pa.concat_arrays([first_ascii, last_ascii]),
        username_head=pa.concat_arrays([concat(first_ascii, "_"), initial]),
    )


def _family_pools(locale: str) -> tuple[str, str]:
    """The pools of women's and men's family names: their own where Faker keeps both forms."""
    gendered = any(hasattr(provider, "last_names_female") and hasattr(provider, "last_names_male") for provider in _person_provider(locale))
    return ("last_name_female", "last_name_male") if gendered else ("last_name", "last_name")


def _person_provider(locale: str) -> list[Any]:
    """Faker's person provider for a locale (from the data files and the schema's checked locale,
    never free input): the locale's own, else its language's, as Faker itself falls back."""
    for name in (locale, locale.split("_")[0]):
        try:
            return [importlib.import_module(f"faker.providers.person.{name}").Provider]
        except ModuleNotFoundError:
            continue
    return []


@functools.lru_cache(maxsize=64)
def names(locale: str) -> Names:
    women, men = _family_pools(locale)
    first = pa.concat_arrays([pool("first_name_female", locale), pool("first_name_male", locale)])
    first_ascii = pa.concat_arrays([pool_ascii("first_name_female", locale), pool_ascii("first_name_male", locale)])
    last = pa.concat_arrays([pool(women, locale), pool(men, locale)])
    last_ascii = pa.concat_arrays([pool_ascii(women, locale), pool_ascii(men, locale)])
    return _names(first, first_ascii, len(pool("first_name_female", locale)), last, last_ascii, len(pool(women, locale)))


@dataclass(frozen=True)
class WorldNames:
    """Many countries' names in one `Names`: for each locale (numbered), where its female first
    names, male first names and women's and men's family names start in the pools and how many
    there are."""

    names: Names
    female: np.ndarray  # (start, count) per locale
    male: np.ndarray
    last_female: np.ndarray
    last_male: np.ndarray
    country_locale: dict[str, int]
    default: int

    def locales_of(self, countries: np.ndarray) -> np.ndarray:
        found, inverse = np.unique(countries, return_inverse=True)
        return np.array([self.country_locale.get(c, self.default) for c in found.tolist()], dtype=np.int64)[inverse]


def _latin_names(locale: str, romanize: bool) -> list[list[str]]:
    """A locale's female and male first names and women's and men's family names, in Latin
    letters where `romanize`."""
    if romanize and locale.startswith("zh_"):
        provider = _person_provider(locale)[0]
        first, family = [n.title() for n in provider.first_romanized_names], [n.title() for n in provider.last_romanized_names]
        return [first, first, family, family]
    parts = [pool(part, locale).to_pylist() for part in ("first_name_female", "first_name_male", *_family_pools(locale))]
    if romanize:
        parts = [[romanized(v, locale).title() for v in values] for values in parts]
    return parts


@functools.lru_cache(maxsize=32)
def world_names(locale: str) -> WorldNames:
    """The names of every country data/name_countries.toml lists, and the schema locale's."""
    table = load_toml("name_countries.toml")
    locales = sorted(set(table["country"].values()) | {locale})
    first: list[str] = []
    last: list[str] = []
    spans: dict[str, list[tuple[int, int]]] = {"female": [], "male": [], "last_female": [], "last_male": []}
    for each in locales:
        female, male, women, men = _latin_names(each, each in table["romanized"])
        spans["female"].append((len(first), len(female)))
        spans["male"].append((len(first) + len(female), len(male)))
        spans["last_female"].append((len(last), len(women)))
        spans["last_male"].append((len(last) + len(women), len(men)))
        first += female + male
        last += women + men
    number = {each: i for i, each in enumerate(locales)}
    return WorldNames(
        names=_names_from(first, last, 0), **{part: np.array(found) for part, found in spans.items()},
        country_locale={country: number[each] for country, each in table["country"].items()}, default=number[locale])


@dataclass(frozen=True)
class Person:
    """The row's person: indices into the locale's `Names` (first names female then male)."""

    female: np.ndarray
    first_index: np.ndarray
    last_index: np.ndarray
    names: Names
    mixed: bool = False  # many countries' names, all in Latin letters and given name first

    @functools.cached_property
    def first(self) -> pa.Array:
        return self.names.first.take(self.first_index)

    @functools.cached_property
    def last(self) -> pa.Array:
        return self.names.last.take(self.last_index)


def _draw_person(ctx, key: str) -> Person:
    """The row's person of a role. The draw is salted with the schema's column types, so two
    unrelated datasets at one seed do not list the same people (still the same for one schema)."""
    rng = np.random.default_rng([int(ctx.rng(key).integers(0, 2**63)), stable_hash("|".join(sorted(ctx.types)))])
    if WORLD_TYPES & ctx.types:
        return _draw_world_person(ctx, rng)
    size, found = ctx.size, names(ctx.locale)
    female = rng.random(size) < 0.5
    index = {part: rng.integers(0, len(pool(part, ctx.locale)), size) for part in ("first_name_female", "first_name_male")}
    women, men = found.last_female_count, len(found.last) - found.last_female_count
    family = rng.integers(0, women, size)
    first = np.where(female, index["first_name_female"], found.female_count + index["first_name_male"])
    last = np.where(female, family, women + family % men)
    if ctx.shared_like("person"):
        last = _another_person(ctx, found, first, last, np.where(female, 0, women), np.where(female, women, men), rng)
    return Person(female, first, last, found)


def _draw_world_person(ctx, rng: np.random.Generator) -> Person:
    """With a country column, the row's person has a name of the row's country."""
    world = world_names(ctx.locale)
    at = row_place(ctx)
    locale = world.locales_of(at.table.country_code.take(at.index).to_numpy(zero_copy_only=False))
    female = rng.random(ctx.size) < 0.5
    pick = rng.random((2, ctx.size))
    start = np.where(female, world.female[locale, 0], world.male[locale, 0])
    count = np.where(female, world.female[locale, 1], world.male[locale, 1])
    first = start + (pick[0] * count).astype(np.int64)
    family_start = np.where(female, world.last_female[locale, 0], world.last_male[locale, 0])
    family_count = np.where(female, world.last_female[locale, 1], world.last_male[locale, 1])
    last = family_start + (pick[1] * family_count).astype(np.int64)
    if ctx.shared_like("person"):
        last = _another_person(ctx, world.names, first, last, family_start, family_count, rng)
    return Person(female, first, last, world.names, mixed=True)


def _another_person(ctx, found: Names, first: np.ndarray, last: np.ndarray, start: np.ndarray, count: np.ndarray,
                    rng: np.random.Generator) -> np.ndarray:
    """Family-name indices redrawn, each within its row's span of the pool (`start`, `count`: the
    family names of the person's gender and country), where this role's person would have
    another role's name."""
    for other in ctx.shared_like("person"):
        same = (found.first_same[first] == found.first_same[other.first_index]) & (found.last_same[last] == found.last_same[other.last_index])
        same &= count > 1
        if same.any():
            last = last.copy()
            last[same] = start[same] + (last[same] - start[same] + rng.integers(1, count[same])) % count[same]
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
    smallest, largest = (int(rows.min()), int(rows.max())) if len(rows) else (0, 0)
    while lower <= largest:
        first = 10 ** (digits - 1)
        size = 9 * first
        if lower + size > smallest:  # a block no row falls in is skipped without looking at the rows
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
        family_first = None if p.mixed else load_toml("name_order.toml").get(ctx.locale or "")
        if family_first is not None:  # 近藤 学, 김민준
            return concat(p.last, family_first["between"], p.first)
        return concat(p.names.full_head.take(p.first_index), p.last)


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
        # first.last, f + last or last.first: a head ("first.", "f" or "last.") and a tail ("last" or "first")
        p = person(ctx)
        style = rng.integers(0, 3, ctx.size)
        firsts = len(p.names.first)
        head = np.where(style == 0, p.first_index, np.where(style == 1, firsts + p.first_index, 2 * firsts + p.last_index))
        tail = np.where(style == 2, p.first_index, firsts + p.last_index)
        suffix = pa.array(unique_suffix(ctx.row_numbers(), salt=ctx.seed + role_salt(ctx))).cast(pa.string())
        domain = params.get("domain")
        if domain:
            return concat(p.names.email_head.take(head), p.names.email_tail.take(tail), suffix, "@" + domain)
        domains = _at_domains()  # drawn as pools.draw draws the free email domains
        return concat(p.names.email_head.take(head), p.names.email_tail.take(tail), suffix, domains.take(rng.integers(0, len(domains), ctx.size)))


@functools.lru_cache(maxsize=1)
def _at_domains() -> pa.Array:
    """"@" and each free email domain."""
    return concat("@", pool("free_email_domain", "en_US"))


class UsernameType(ColumnType):
    entity = "person"
    name, group = "username", "contact"
    description = "A unique username made from the row person's name"

    def generate(self, params, ctx, rng):
        # first_last or f + last
        p = person(ctx)
        initial = rng.integers(0, 2, ctx.size) != 0
        head = np.where(initial, len(p.names.first) + p.first_index, p.first_index)
        suffix = pa.array(unique_suffix(ctx.row_numbers(), salt=ctx.seed + 1 + role_salt(ctx))).cast(pa.string())
        return concat(p.names.username_head.take(head), p.names.last_ascii.take(p.last_index), suffix)


def _is_domain(value: str) -> bool:
    labels = value.split(".")
    return len(labels) >= 2 and all(label and label.replace("-", "").isalnum() and label.isascii() for label in labels)


class JobType(ColumnType):
    name, group = "job", "person"
    description = "A job title"

    def generate(self, params, ctx, rng):
        return draw("job", ctx.locale, rng, ctx.size)


PERSON_TYPES = [FirstNameType, LastNameType, FullNameType, GenderType, EmailType, UsernameType, JobType]
