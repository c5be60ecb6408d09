"""Commerce vocabulary that Faker lacks: products, departments, currencies."""

from __future__ import annotations

import pyarrow as pa

from generator.arrow_text import concat, pick
from generator.column_types import ColumnType
from generator.types.numeric import weighted_indices

ADJECTIVES = ("Classic", "Premium", "Eco", "Ultra", "Compact", "Deluxe", "Smart", "Vintage", "Sport", "Essential", "Pro", "Lite", "Organic", "Wireless", "Handmade", "Everyday")
MATERIALS = ("Cotton", "Leather", "Steel", "Bamboo", "Wool", "Ceramic", "Glass", "Oak", "Linen", "Aluminium", "Silk", "Rubber", "Denim", "Marble")
PRODUCTS = ("Backpack", "Sneakers", "Mug", "Lamp", "Chair", "Jacket", "Watch", "Headphones", "Bottle", "Notebook", "Wallet", "Scarf", "Desk", "Blender", "Kettle", "Pillow", "Sunglasses", "T-Shirt", "Speaker", "Keyboard")
CATEGORIES = ("Electronics", "Clothing", "Home & Kitchen", "Sports & Outdoors", "Beauty", "Books", "Toys & Games", "Grocery", "Health", "Automotive", "Garden", "Office Supplies")
DEPARTMENTS = ("Sales", "Marketing", "Engineering", "Finance", "Human Resources", "Operations", "Customer Support", "Legal", "Product", "IT", "Research & Development", "Procurement")
CURRENCIES = (("USD", 40), ("EUR", 25), ("GBP", 10), ("JPY", 6), ("CAD", 4), ("AUD", 4), ("CHF", 3), ("CNY", 3), ("INR", 2), ("BRL", 1), ("MXN", 1), ("SEK", 1))
PAYMENT_METHODS = (("Credit card", 45), ("Debit card", 25), ("PayPal", 15), ("Bank transfer", 8), ("Cash", 5), ("Gift card", 2))


def _pick(values, rng, size, weights=None) -> pa.Array:
    return pick(values, weighted_indices(rng, size, weights, len(values)))


class ProductNameType(ColumnType):
    name, group = "product_name", "commerce"
    description = "A product name such as 'Premium Leather Wallet'"

    def generate(self, params, ctx, rng):
        return concat(_pick(ADJECTIVES, rng, ctx.size), " ", _pick(MATERIALS, rng, ctx.size), " ", _pick(PRODUCTS, rng, ctx.size))


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
