"""Identifiers with their real structure and check digits (all fake): ISBN-10, EAN-8, UPC-A,
IMEI, VIN, SWIFT/BIC; version numbers, commit hashes, network ports and RGB colours."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from generator.column_types import ColumnType
from generator.params import Param
from generator.types.places import LOCALE_COUNTRY

LETTERS = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
DIGITS = np.array(list("0123456789"))
HEX = np.array(list("0123456789abcdef"))
VIN_CHARS = np.array(list("ABCDEFGHJKLMNPRSTUVWXYZ0123456789"))  # no I, O, Q
YEAR_LETTERS = np.array(list("HJKLMNPRSTV"))  # model years 2017-2027
VIN_VALUES = {**{str(d): d for d in range(10)}, **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9,
              **dict(zip("STUVWXYZ", range(2, 10)))}
VIN_WEIGHTS = np.array([8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2])
PORTS = np.array([443, 80, 22, 8080, 53, 3306, 5432, 25, 21, 3389, 6379, 27017, 8443, 123, 110, 143, 993, 5000, 8000, 9200])
PORT_WEIGHTS = np.array([30, 20, 8, 6, 6, 4, 4, 3, 2, 2, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1], dtype=np.float64)


def _join(chars: np.ndarray) -> pa.Array:
    """Rows of a character matrix as strings."""
    return pa.array(["".join(row) for row in chars.tolist()], type=pa.string())


def _weighted_check(digits: np.ndarray, weights: np.ndarray, modulus: int = 10) -> np.ndarray:
    return (modulus - (digits * weights).sum(axis=1) % modulus) % modulus


class Isbn10Type(ColumnType):
    name, group, text_defects = "isbn10", "commerce", False
    description = "A 10-digit ISBN of an English-language book with a valid check digit (X for 10)"

    def generate(self, params, ctx, rng):
        digits = rng.integers(0, 10, (ctx.size, 9))
        digits[:, 0] = rng.choice([0, 1], ctx.size)
        check = (11 - (digits * np.arange(10, 1, -1)).sum(axis=1) % 11) % 11
        last = np.where(check == 10, "X", check.astype(str))
        return _join(np.column_stack([DIGITS[digits], last]))


class Ean8Type(ColumnType):
    name, group, text_defects = "ean8", "commerce", False
    description = "An 8-digit EAN barcode with a valid check digit"

    def generate(self, params, ctx, rng):
        digits = rng.integers(0, 10, (ctx.size, 7))
        return _join(DIGITS[np.column_stack([digits, _weighted_check(digits, np.array([3, 1, 3, 1, 3, 1, 3]))])])


class UpcType(ColumnType):
    name, group, text_defects = "upc_a", "commerce", False
    description = "A 12-digit UPC-A barcode with a valid check digit"

    def generate(self, params, ctx, rng):
        digits = rng.integers(0, 10, (ctx.size, 11))
        return _join(DIGITS[np.column_stack([digits, _weighted_check(digits, np.array([3, 1] * 5 + [3]))])])


class ImeiType(ColumnType):
    name, group, text_defects = "imei", "internet", False
    description = "A 15-digit mobile device IMEI with a valid Luhn check digit (fake)"

    def generate(self, params, ctx, rng):
        digits = rng.integers(0, 10, (ctx.size, 14))
        digits[:, 0:2] = [3, 5]  # the usual reporting-body prefix
        doubled = digits.copy()
        doubled[:, 1::2] *= 2
        doubled[doubled > 9] -= 9
        return _join(DIGITS[np.column_stack([digits, (10 - doubled.sum(axis=1) % 10) % 10])])


class VinType(ColumnType):
    name, group, text_defects = "vin", "vehicles", False
    description = "A 17-character vehicle identification number with a valid check digit (fake)"

    def generate(self, params, ctx, rng):
        chars = VIN_CHARS[rng.integers(0, len(VIN_CHARS), (ctx.size, 17))]
        chars[:, 9] = YEAR_LETTERS[rng.integers(0, len(YEAR_LETTERS), ctx.size)]
        values = np.vectorize(VIN_VALUES.get)(chars)
        check = (values * VIN_WEIGHTS).sum(axis=1) % 11
        chars[:, 8] = np.where(check == 10, "X", check.astype(str))
        return _join(chars)


class SwiftType(ColumnType):
    name, group, text_defects = "swift_bic", "commerce", False
    description = "A SWIFT/BIC bank code: bank, the locale's country, location and mostly no branch (e.g. DEUTDEFFXXX)"

    def generate(self, params, ctx, rng):
        country = LOCALE_COUNTRY.get(ctx.locale, "US")
        bank = LETTERS[rng.integers(0, 26, (ctx.size, 4))]
        place = np.column_stack([LETTERS[rng.integers(0, 26, ctx.size)], np.concatenate([LETTERS, DIGITS[1:]])[rng.integers(0, 35, ctx.size)]])
        digits = rng.integers(100, 1000, ctx.size).astype(str)
        branch = np.where(rng.random(ctx.size) < 0.7, "XXX", digits)
        return pa.array([f"{''.join(b)}{country}{''.join(p)}{r}" for b, p, r in zip(bank.tolist(), place.tolist(), branch.tolist())], type=pa.string())


class SemverType(ColumnType):
    name, group, text_defects = "semver", "internet", False
    description = "A software version such as 2.14.3 (low majors most common)"

    def generate(self, params, ctx, rng):
        major = np.minimum(rng.geometric(0.45, ctx.size) - 1, 12)
        minor, patch = np.minimum(rng.geometric(0.12, ctx.size) - 1, 40), np.minimum(rng.geometric(0.2, ctx.size) - 1, 30)
        return pa.array([f"{a}.{b}.{c}" for a, b, c in zip(major.tolist(), minor.tolist(), patch.tolist())], type=pa.string())


class CommitHashType(ColumnType):
    name, group, text_defects = "commit_hash", "internet", False
    description = "A git commit hash in hexadecimal (7 characters by default, 40 for the full hash)"
    params = (Param("length", "int", 7, "characters of the hash", 4, 40),)

    def generate(self, params, ctx, rng):
        return _join(HEX[rng.integers(0, 16, (ctx.size, params["length"]))])


class PortType(ColumnType):
    name, group, kind = "network_port", "internet", "integer"
    description = "A TCP/UDP port: well-known service ports (443, 80, 22, ...) mostly, else an ephemeral port"

    def generate(self, params, ctx, rng):
        known = PORTS[np.searchsorted(np.cumsum(PORT_WEIGHTS), rng.random(ctx.size) * PORT_WEIGHTS.sum(), side="right").clip(0, len(PORTS) - 1)]
        return np.where(rng.random(ctx.size) < 0.8, known, rng.integers(49152, 65536, ctx.size)).astype(np.int64)


class RgbColorType(ColumnType):
    name, group, text_defects = "rgb_color", "basic", False
    description = "A colour as CSS rgb(r, g, b)"

    def generate(self, params, ctx, rng):
        channels = rng.integers(0, 256, (ctx.size, 3)).tolist()
        return pa.array([f"rgb({r}, {g}, {b})" for r, g, b in channels], type=pa.string())


IDENTIFIER_TYPES = [Isbn10Type, Ean8Type, UpcType, ImeiType, VinType, SwiftType, SemverType, CommitHashType, PortType, RgbColorType]
