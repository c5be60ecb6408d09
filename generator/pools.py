"""Pools of Faker values, built once per process and locale, then drawn from with numpy.

Calling Faker once per cell is slow (thousands of rows a second). A pool is a fixed-size Arrow
string array of values made by a Faker instance seeded from the pool's name, so it is the same
in every process; rows then pick from it by index (`take`, in C). Pools are built lazily, on the
first request that needs them, and kept for the life of the worker. String columns are Arrow
arrays end to end, so joining parts (an email from a name) never loops in Python.

Each pool is a named function of a Faker instance listed in `POOLS`: input never names a Faker
method, so nothing from a schema can reach Faker's other attributes.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable

import numpy as np
import pyarrow as pa
from faker import Faker

from generator.arrow_text import FORMULA_STARTS
from generator.romanize import romanized
from generator.seeds import stable_hash

POOL_SIZE = 1000

POOLS: dict[str, Callable[[Faker], str]] = {
    "first_name_female": lambda f: f.first_name_female(),
    "first_name_male": lambda f: f.first_name_male(),
    "last_name": lambda f: f.last_name(),
    "last_name_female": lambda f: f.last_name_female(),
    "last_name_male": lambda f: f.last_name_male(),
    "job": lambda f: f.job(),
    "phone": lambda f: f.phone_number(),
    "street_name": lambda f: f.street_name(),
    "state": lambda f: f.administrative_unit(),
    "postcode": lambda f: f.postcode(),
    "company": lambda f: f.company(),
    "free_email_domain": lambda f: f.free_email_domain(),
    "domain_name": lambda f: f.domain_name(),
    "url": lambda f: f.url(),
    "user_agent": lambda f: f.user_agent(),
    "word": lambda f: f.word(),
    "sentence": lambda f: f.sentence(nb_words=10),
    "paragraph": lambda f: f.paragraph(nb_sentences=4),
    "credit_card_provider": lambda f: f.credit_card_provider(),
    "iban": lambda f: f.iban(),
    "bban": lambda f: f.bban(),
    "license_plate": lambda f: f.license_plate(),
    "file_name": lambda f: f.file_name(),
    "color_name": lambda f: f.color_name(),
    "language_name": lambda f: f.language_name(),
    "bank_name": lambda f: f.company() + " Bank",
    "ean13": lambda f: f.ean13(),
    "isbn13": lambda f: f.isbn13(),
    "ssn": lambda f: f.ssn(),
    "catch_phrase": lambda f: f.catch_phrase(),
}

_lock = threading.RLock()  # pool_ascii builds its base pool while holding it
_pools: dict[tuple[str, str], pa.Array] = {}
_fakers: dict[str, Faker] = {}


def _faker(locale: str) -> Faker:
    if locale not in _fakers:
        _fakers[locale] = Faker(locale)
    return _fakers[locale]


def _build(name: str, locale: str) -> pa.Array:
    fake = _faker(locale)
    fake.seed_instance(stable_hash(f"pool:{name}:{locale}") % 2**32)
    make = POOLS[name]
    try:
        values = [make(fake) for _ in range(POOL_SIZE)]
    except AttributeError:
        # Some locales lack a provider (e.g. administrative units); fall back to en_US.
        return _build(name, "en_US") if locale != "en_US" else pa.array([""])
    # Values a spreadsheet would read as a formula (a phone number "+1-555-…") would reach the
    # user with a protective apostrophe; leave them out of the pool instead.
    kept = [value for value in values if not value.startswith(FORMULA_STARTS)]
    return pa.array(kept or values, type=pa.string())


def state_zip_codes(state: str, count: int = 40) -> tuple[str, ...]:
    """ZIP codes of one US state (a two-letter code from the GeoNames data, never from input)."""
    with _lock:
        fake = _faker("en_US")
        fake.seed_instance(stable_hash(f"zip:{state}") % 2**32)
        try:
            return tuple(fake.postcode_in_state(state) for _ in range(count))
        except (KeyError, ValueError, AttributeError):
            return tuple(fake.postcode() for _ in range(count))


def pool(name: str, locale: str) -> pa.Array:
    """The pool `name` for `locale`, built on first use (thread-safe)."""
    key = (name, locale)
    found = _pools.get(key)
    if found is None:
        with _lock:
            found = _pools.get(key)
            if found is None:
                found = _pools[key] = _build(name, locale)
    return found


def pool_ascii(name: str, locale: str) -> pa.Array:
    """`pool(name, locale)` folded to lowercase ASCII letters, aligned index for index."""
    key = (name + ":ascii", locale)
    found = _pools.get(key)
    if found is None:
        with _lock:
            found = _pools.get(key)
            if found is None:
                found = _pools[key] = pa.array([ascii_slug(romanized(v, locale)) or "user" for v in pool(name, locale).to_pylist()])
    return found


def draw(name: str, locale: str, rng: np.random.Generator, size: int) -> pa.Array:
    values = pool(name, locale)
    return values.take(rng.integers(0, len(values), size))


def ascii_slug(text: str) -> str:
    """Lowercase ASCII letters and digits of `text` (accents folded), for emails and usernames."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


class WeightedIndex:
    """Indices drawn in proportion to weights, given as their running total `cumulative`.

    `find(points)` gives, for each point in [0, total), the index np.searchsorted(cumulative,
    point, side="right") gives (the same numbers, so the same rows), but instead of a binary search
    per point (about 15 scattered reads each, slow on a table of many thousand cities) it looks in
    a guide table: the range [0, total) is cut into buckets, about four per weight, and each bucket
    knows the first index past its start. A point's answer lies between its bucket's index and the
    next bucket's, usually one or two places, checked for all points at once.
    """

    def __init__(self, cumulative: np.ndarray):
        self.cumulative = np.asarray(cumulative, dtype=np.float64)
        self.total = float(self.cumulative[-1])
        self.buckets = 1 << max(4, (2 * len(self.cumulative) - 1).bit_length())
        self.step = self.total / self.buckets
        edges = np.arange(self.buckets + 1) * self.step  # computed again for the points' buckets, not looked up
        edges[-1] = np.inf
        self.first = np.searchsorted(self.cumulative, edges, side="right").astype(np.int32)
        self.width = int(np.diff(self.first).max())
        # the running totals from each place on, padded past the end so a bucket's last look stays inside
        padded = np.concatenate([self.cumulative, np.full(self.width + 1, np.inf)])
        self.ahead = [padded[step:] for step in range(self.width)]

    def find(self, points: np.ndarray) -> np.ndarray:
        """np.searchsorted(cumulative, points, side="right") for points in [0, total)."""
        bucket = np.minimum((points / self.step).astype(np.int64), self.buckets - 1)
        bucket -= bucket * self.step > points  # floating-point rounding may put a point one bucket off
        bucket += (bucket + 1 < self.buckets) & ((bucket + 1) * self.step <= points)
        start = self.first[bucket]
        # the places of a point's bucket whose running total is at most the point: past the bucket
        # the totals exceed every point in it (the next bucket's first place is past its end)
        found = start.astype(np.int64)
        for totals in self.ahead:
            found += totals[start] <= points
        return found

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """`size` indices, each drawn with the probability of its weight."""
        return self.find(rng.random(size) * self.total).clip(0, len(self.cumulative) - 1)
