"""Types whose values come from Faker, through pools (see generator.pools)."""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.arrow_text import concat
from generator.column_types import ColumnType
from generator.params import Param
from generator.pools import draw
from generator.types.vocab import load_toml


class PooledType(ColumnType):
    """A type drawn uniformly from one Faker pool; `locale_pool` False uses en_US always."""

    pool_name: str = ""
    locale_pool: bool = True
    source = "Faker's providers (the column's locale where Faker has one)"

    def generate(self, params, ctx, rng):
        return draw(self.pool_name, ctx.locale if self.locale_pool else "en_US", rng, ctx.size)


def _pooled(type_name: str, group: str, description: str, pool_name: str, locale_pool: bool = True, text_defects: bool = True) -> type[PooledType]:
    attrs = {"name": type_name, "group": group, "description": description, "pool_name": pool_name, "locale_pool": locale_pool, "text_defects": text_defects}
    return type(f"{type_name.title().replace('_', '')}Type", (PooledType,), attrs)


class StreetAddressType(ColumnType):
    name, group = "street_address", "address"
    description = "A house number and street name, in the order and range the locale's country writes them (Hauptstraße 12, 221 Baker Street)"

    def generate(self, params, ctx, rng):
        form = load_toml("addresses.toml").get(ctx.locale or "")
        if form is None:  # the United States' way: any number to 9,999 before the street
            numbers = pa.array(rng.integers(1, 9999, ctx.size)).cast(pa.string())
            return concat(numbers, " ", draw("street_name", ctx.locale, rng, ctx.size))
        numbers = pa.array(1 + np.floor((form["largest"] - 1) * rng.random(ctx.size) ** 2.5).astype(np.int64)).cast(pa.string())
        streets = draw("street_name", ctx.locale, rng, ctx.size)
        before, middle, after = re.split(r"\{(?:number|street)\}", form["pattern"])
        first, second = (numbers, streets) if form["pattern"].index("{number}") < form["pattern"].index("{street}") else (streets, numbers)
        return concat(before, first, middle, second, after)


class SentenceType(PooledType):
    name, group, pool_name = "sentence", "text", "sentence"
    description = "A sentence of placeholder text"
    params = (Param("max_chars", "int", 200, "longest sentence kept, in characters", 10, 1000),)

    def generate(self, params, ctx, rng):
        return _truncate(super().generate(params, ctx, rng), params["max_chars"])


class ParagraphType(SentenceType):
    name, pool_name = "paragraph", "paragraph"
    description = "A paragraph of placeholder text"
    params = (Param("max_chars", "int", 1000, "longest paragraph kept, in characters", 10, 2000),)


def _truncate(values: pa.Array, limit: int) -> pa.Array:
    too_long = pc.greater(pc.utf8_length(values), limit)
    shortened = concat(pc.utf8_rtrim_whitespace(pc.utf8_slice_codeunits(values, 0, limit - 1)), "…")
    return pc.if_else(too_long, shortened, values)


POOLED_TYPES = [
    _pooled("phone", "contact", "A phone number in the locale's format", "phone"),
    StreetAddressType,
    _pooled("company", "company", "A company name", "company"),
    _pooled("catch_phrase", "company", "A company slogan", "catch_phrase", locale_pool=False),
    _pooled("domain", "internet", "An internet domain name", "domain_name", locale_pool=False),
    _pooled("url", "internet", "A web URL", "url", locale_pool=False, text_defects=False),
    _pooled("user_agent", "internet", "A browser user-agent string", "user_agent", locale_pool=False),
    _pooled("word", "text", "A single word", "word"),
    SentenceType,
    ParagraphType,
    _pooled("credit_card_provider", "commerce", "A card network (VISA, Mastercard, ...)", "credit_card_provider", locale_pool=False),
    _pooled("iban", "commerce", "An IBAN bank account number", "iban"),
    _pooled("license_plate", "basic", "A vehicle licence plate", "license_plate"),
    _pooled("file_name", "internet", "A file name with extension", "file_name", locale_pool=False),
    _pooled("color", "basic", "A colour name", "color_name", locale_pool=False),
    _pooled("language", "basic", "A language name", "language_name", locale_pool=False),
    _pooled("bank", "commerce", "A bank name", "bank_name"),
    _pooled("ean13", "commerce", "A 13-digit EAN barcode", "ean13", locale_pool=False),
    _pooled("isbn", "commerce", "An ISBN-13 book number", "isbn13", locale_pool=False),
    _pooled("ssn", "person", "A national identity number in the locale's format (fake)", "ssn"),
]
