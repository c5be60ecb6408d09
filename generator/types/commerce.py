"""Commerce vocabulary that Faker lacks: products, departments, currencies."""

from __future__ import annotations

import pyarrow as pa

from generator.arrow_text import pick
from generator.column_types import ColumnType
from generator.types.follow import draw_sections, grammar_of
from generator.types.numeric import weighted_indices
from generator.types.vocab import dataset_rng

CATEGORIES = ("Electronics", "Clothing", "Home & Kitchen", "Sports & Outdoors", "Beauty", "Books", "Toys & Games", "Grocery", "Health", "Automotive", "Garden", "Office Supplies")
DEPARTMENTS = ("Sales", "Marketing", "Engineering", "Finance", "Human Resources", "Operations", "Customer Support", "Legal", "Product", "IT", "Research & Development", "Procurement")
CURRENCIES = (("USD", 40), ("EUR", 25), ("GBP", 10), ("JPY", 6), ("CAD", 4), ("AUD", 4), ("CHF", 3), ("CNY", 3), ("INR", 2), ("BRL", 1), ("MXN", 1), ("SEK", 1))
PAYMENT_METHODS = (("Credit card", 45), ("Debit card", 25), ("PayPal", 15), ("Bank transfer", 8), ("Cash", 5), ("Gift card", 2))


def _pick(values, rng, size, weights=None) -> pa.Array:
    return pick(values, weighted_indices(rng, size, weights, len(values)))


class ProductNameType(ColumnType):
    name, group = "product_name", "commerce"
    description = "A product name of any category, e.g. 'Kessler 12-Cup Coffee Maker' (the product type's names, category drawn per row)"

    source = "products.toml, invented brands and real kinds of product per category (synthsite)"

    def generate(self, params, ctx, rng):
        rng = dataset_rng(ctx, rng)
        grammar = grammar_of("products.toml")
        return draw_sections(grammar, rng.integers(0, len(grammar.keys), ctx.size), rng)


class ProductCategoryType(ColumnType):
    name, group = "product_category", "commerce"
    description = "A retail product category"

    def generate(self, params, ctx, rng):
        return _pick(CATEGORIES, rng, ctx.size)


class DepartmentType(ColumnType):
    name, group = "department", "company"
    description = "A department of a company"

    def generate(self, params, ctx, rng):
        return _pick(DEPARTMENTS, rng, ctx.size)


class CurrencyType(ColumnType):
    name, group = "currency", "commerce"
    description = "A three-letter ISO 4217 currency code, mostly USD and EUR"

    def generate(self, params, ctx, rng):
        return _pick([c for c, _ in CURRENCIES], rng, ctx.size, [w for _, w in CURRENCIES])


class PaymentMethodType(ColumnType):
    name, group = "payment_method", "commerce"
    description = "How a purchase was paid (credit card, PayPal, cash, ...)"

    def generate(self, params, ctx, rng):
        return _pick([c for c, _ in PAYMENT_METHODS], rng, ctx.size, [w for _, w in PAYMENT_METHODS])


COMMERCE_TYPES = [ProductNameType, ProductCategoryType, DepartmentType, CurrencyType, PaymentMethodType]
