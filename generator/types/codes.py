"""Identifiers, codes and network addresses, built with numpy from random bits."""

from __future__ import annotations

import re
import string

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.column_types import ColumnType
from generator.params import Param

PATTERN_HELP = "# is a digit, ? an uppercase letter, * a digit or letter, [ABC] one of the letters or digits between the brackets; anything else is kept"
_DIGITS = np.frombuffer(string.digits.encode(), dtype=np.uint8)
_LETTERS = np.frombuffer(string.ascii_uppercase.encode(), dtype=np.uint8)
_ALNUM = np.concatenate([_DIGITS, _LETTERS])
_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def byte_rows(matrix: np.ndarray) -> pa.Array:
    """Each row of a (rows, width) uint8 matrix of UTF-8 bytes as one Arrow string."""
    matrix = np.ascontiguousarray(matrix, dtype=np.uint8)
    return pa.array(matrix.view(f"S{matrix.shape[1]}").ravel(), type=pa.binary()).cast(pa.string())


def hex_digits(raw: np.ndarray) -> np.ndarray:
    """A (rows, n) uint8 matrix as a (rows, 2n) matrix of lowercase hex digit bytes."""
    nibbles = np.empty((raw.shape[0], raw.shape[1] * 2), dtype=np.uint8)
    nibbles[:, 0::2], nibbles[:, 1::2] = _HEX[raw >> 4], _HEX[raw & 15]
    return nibbles


def separated(matrix: np.ndarray, every: int, separator: str) -> np.ndarray:
    """Insert `separator` between groups of `every` columns."""
    return np.insert(matrix, list(range(every, matrix.shape[1], every)), ord(separator), axis=1)


class IdType(ColumnType):
    name, group, kind = "id", "ids", "integer"
    key, correlatable, number_defects = True, False, False
    description = "A sequence number: start, start+step, ... (unique)"
    params = (
        Param("start", "int", 1, "first id", -(10**15), 10**15),
        Param("step", "int", 1, "difference between consecutive ids", 1, 10**6),
    )

    def generate(self, params, ctx, rng):
        return params["start"] + ctx.row_numbers() * params["step"]

    def frictionless_constraints(self, params):
        return {"unique": True}


class UuidType(ColumnType):
    name, group = "uuid", "ids"
    text_defects = False
    description = "A random UUID (version 4)"

    def generate(self, params, ctx, rng):
        raw = rng.integers(0, 256, (ctx.size, 16), dtype=np.uint8)
        raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
        raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
        return byte_rows(np.insert(hex_digits(raw), [8, 12, 16, 20], ord("-"), axis=1))


def pattern_codes(pattern: str, rng: np.random.Generator, size: int) -> np.ndarray:
    """Fill each placeholder of `pattern` independently per row (vectorised over rows)."""
    tokens = _tokens(pattern)
    matrix = np.empty((size, len(tokens)), dtype=np.uint8)
    for position, token in enumerate(tokens):
        matrix[:, position] = token if isinstance(token, int) else token[rng.integers(0, len(token), size)]
    return byte_rows(matrix)


def _tokens(pattern: str) -> list[int | np.ndarray]:
    """Each place of the pattern: a byte kept as it is, or the alphabet it is drawn from ('[A-G]'
    is not a range: '[ABCDEFG]' lists the deck letters)."""
    tokens: list[int | np.ndarray] = []
    for part in re.findall(r"\[[0-9A-Za-z]+\]|.", pattern, re.S):
        if len(part) > 2 and part.startswith("["):
            tokens.append(np.frombuffer(part[1:-1].encode(), dtype=np.uint8))
            continue
        for byte in part.encode("utf-8"):
            tokens.append({ord("#"): _DIGITS, ord("?"): _LETTERS, ord("*"): _ALNUM}.get(byte, byte))
    return tokens


class CodeType(ColumnType):
    name, group = "code", "ids"
    text_defects = False
    description = "A code from a pattern, e.g. INV-##### (" + PATTERN_HELP + ")"
    params = (Param("pattern", "string", "???-#####", PATTERN_HELP),)
    example_params = {"pattern": "INV-#####"}

    def check(self, params):
        pattern = params["pattern"]
        if not 1 <= len(pattern) <= 64:
            return ["pattern must be 1 to 64 characters"]
        if not any(ch in "#?*" for ch in pattern) and not re.search(r"\[[0-9A-Za-z]+\]", pattern):
            return ["pattern needs at least one placeholder: " + PATTERN_HELP]
        if any(ch in "\r\n\t" for ch in pattern):
            return ["pattern must not contain tabs or line breaks"]
        return []

    def generate(self, params, ctx, rng):
        return pattern_codes(params["pattern"], rng, ctx.size)


class CreditCardNumberType(ColumnType):
    name, group = "credit_card_number", "commerce"
    description = "A 16-digit card number with a valid Luhn check digit (fake)"

    def generate(self, params, ctx, rng):
        digits = rng.integers(0, 10, (ctx.size, 16))
        digits[:, 0] = rng.choice([4, 5], ctx.size)
        doubled = digits[:, :15][:, ::-1].copy()
        doubled[:, ::2] *= 2
        doubled[doubled > 9] -= 9
        digits[:, 15] = (10 - doubled.sum(axis=1) % 10) % 10
        return byte_rows(digits + ord("0"))


class Ipv4Type(ColumnType):
    name, group = "ipv4", "internet"
    text_defects = False
    description = "An IPv4 address (public-looking, dotted quad)"

    def generate(self, params, ctx, rng):
        octets = [pa.array(rng.integers(1, 255, ctx.size)).cast(pa.string()) for _ in range(4)]
        return pc.binary_join_element_wise(*octets, ".")


class Ipv6Type(ColumnType):
    name, group = "ipv6", "internet"
    text_defects = False
    description = "An IPv6 address"

    def generate(self, params, ctx, rng):
        raw = rng.integers(0, 256, (ctx.size, 16), dtype=np.uint8)
        raw[:, 0], raw[:, 1] = 0x20, rng.integers(0x01, 0x40, ctx.size)  # global unicast, 2001::/16-3fff::/16
        return byte_rows(separated(hex_digits(raw), 4, ":"))


class MacAddressType(ColumnType):
    name, group = "mac_address", "internet"
    description = "A network MAC address"

    def generate(self, params, ctx, rng):
        return byte_rows(separated(hex_digits(rng.integers(0, 256, (ctx.size, 6), dtype=np.uint8)), 2, ":"))


class HexColorType(ColumnType):
    name, group = "hex_color", "basic"
    description = "A colour as #rrggbb"

    def generate(self, params, ctx, rng):
        digits = hex_digits(rng.integers(0, 256, (ctx.size, 3), dtype=np.uint8))
        return byte_rows(np.hstack([np.full((ctx.size, 1), ord("#"), dtype=np.uint8), digits]))


CODE_TYPES = [IdType, UuidType, CodeType, CreditCardNumberType, Ipv4Type, Ipv6Type, MacAddressType, HexColorType]
