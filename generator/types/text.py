"""Free text that agrees with its row: reviews that follow their rating, support tickets that
follow their category and priority, social posts that follow their sentiment, and email that
is spam or not as its label says.

Each text is a few sentences, each drawn from the grammar of the row's label for that position
(an opening, body sentences, a closing) in `generator/types/data/text/<kind>.<language>.toml`,
in the schema locale's language (English when there is no file for it). The label is read off
another column of the row, or drawn when no column is named. `noise` is the share of rows whose
text is written for a random other label: the planted signal a bag-of-words model can recover,
with an answer key (the label column) beside it.
"""

from __future__ import annotations

import functools
from typing import ClassVar

import numpy as np
import pyarrow as pa

from generator.arrow_text import concat
from generator.column_types import ColumnType
from generator.params import Param
from generator.types.follow import weighted
from generator.types.vocab import Grammar, build_grammar, dataset_rng, language_file, load_toml, render, sections_of, tidy, with_noise

GIVEN = ("item",)


@functools.lru_cache(maxsize=64)
def text_grammar(file: str, part: str) -> Grammar:
    """The grammar of one sentence position (open, body, close, ...) with a section per label."""
    data = load_toml(file)
    order = data["labels"] if part in ("open", "body", "close") else list(data[part])
    return build_grammar({label: data[part][label] for label in order}, data.get("slots", {}), GIVEN)


def _params(label: str, what: str, sentences: int) -> tuple[Param, ...]:
    return (
        Param(f"{label}_column", "string", None, f"the column of the row holding the {what} this text follows (drawn when absent)"),
        Param("noise", "number", 0.05, "share of rows whose text is written for a random other label", 0, 1),
        Param("sentences", "int", sentences, "sentences per text", 1, 12),
    )


class LabelledTextType(ColumnType):
    """Sentences per row from the grammar of the row's label; subclasses say how labels are read."""

    group = "text"
    stem: ClassVar[str] = ""
    label: ClassVar[str] = ""
    label_kinds: ClassVar[tuple[str, ...]] = ("string",)
    shares: ClassVar[tuple[float, ...]] = ()

    def vocabulary_source(self) -> str:
        return f"text/{self.stem}.<language>.toml, grammars of sentences per label (synthsite)"

    def dependencies(self, params):
        return [params[p.name] for p in self.params if p.name.endswith("_column") and params.get(p.name)]

    def resolve(self, params, earlier):
        column = params.get(f"{self.label}_column")
        if column and earlier[column].kind not in self.label_kinds:
            return [f"{self.label}_column must name a {' or '.join(self.label_kinds)} column, and {column!r} holds {earlier[column].kind} values"]
        return []

    def labels(self, params, ctx, rng: np.random.Generator, file: str) -> np.ndarray:
        """Each row's label as an index into the file's `labels`."""
        data = load_toml(file)
        column = params.get(f"{self.label}_column")
        if column is None:
            return weighted(rng, np.array(self.shares), ctx.size)
        return sections_of(ctx.values(column), tuple(data["labels"]), data.get("aliases", {}), data["labels"][data.get("default", 0)])

    def given(self, params, ctx, file: str) -> dict[str, pa.Array]:
        """Slots filled from other columns of the row (none by default)."""
        return {}

    def parts(self, count: int) -> list[str]:
        if count == 1:
            return ["body"]
        return ["open", *["body"] * (count - 2), "close"]

    def file_stem(self, params) -> str:
        return self.stem

    def generate(self, params, ctx, rng):
        rng = dataset_rng(ctx, rng)
        file = language_file(self.file_stem(params), ctx.locale)
        labels = self.labels(params, ctx, rng, file)
        labels = with_noise(labels, len(load_toml(file)["labels"]), params["noise"], rng)
        given = self.given(params, ctx, file) or {"item": self.default_item(file, rng, ctx.size)}
        sentences = [self.sentence(file, part, labels, params, ctx, rng, given) for part in self.parts(params["sentences"])]
        return tidy(concat(*_spaced(sentences)))

    def sentence(self, file, part, labels, params, ctx, rng, given) -> pa.Array:
        grammar = text_grammar(file, part)
        return render(grammar, grammar.templates, grammar.section_templates(labels, rng), rng, given)

    def default_item(self, file: str, rng: np.random.Generator, size: int) -> pa.Array:
        words = load_toml(file).get("items", ["one"])
        return pa.array(words, type=pa.string()).take(rng.integers(0, len(words), size))


def _spaced(parts: list[pa.Array]) -> list:
    out: list = []
    for part in parts:
        out.extend([part, " "])
    return out[:-1]


class ReviewTextType(LabelledTextType):
    name, stem, label = "review_text", "review", "rating"
    description = "A customer review whose wording follows its 1-5 rating and names the row's product"
    label_kinds = ("integer", "number")
    shares = (0.08, 0.07, 0.12, 0.28, 0.45)
    params = (
        *_params("rating", "1-5 rating", 3),
        Param("product_column", "string", None, "a column with the product or category the review names (the restaurant or hotel for those)"),
        Param("about", "choice", "product", "what is reviewed: a product, a restaurant's meal, a hotel stay or a wine (in English)", choices=("product", "restaurant", "hotel", "wine")),
    )

    def file_stem(self, params) -> str:
        return self.stem if params["about"] == "product" else f"{self.stem}_{params['about']}"

    def labels(self, params, ctx, rng, file):
        column = params.get("rating_column")
        if column is None:
            return super().labels(params, ctx, rng, file)
        rating = np.asarray(ctx.values(column), dtype=np.float64)
        scale = load_toml(file).get("scale")
        if scale:  # a critic's 80-100 points read as five levels
            low, high = scale
            rating = 1 + 4 * (rating - low) / (high - low)
        return (np.clip(np.rint(rating), 1, 5) - 1).astype(np.int64)

    def resolve(self, params, earlier):
        product = params.get("product_column")
        found = [f"product_column must name a text column, and {product!r} holds {earlier[product].kind} values"] if product and earlier[product].kind != "string" else []
        return super().resolve(params, earlier) + found

    def given(self, params, ctx, file):
        product = params.get("product_column")
        return {"item": ctx.values(product)} if product else {}


class TicketTextType(LabelledTextType):
    name, stem, label = "ticket_text", "ticket", "category"
    description = "A support ticket whose text is about its category (billing, technical, ...) and as urgent as its priority, then a sign-off"
    shares = (1, 1, 1, 1, 1, 1, 1)
    params = (*_params("category", "ticket category", 3), Param("priority_column", "string", None, "a column with the priority (low, medium, high, urgent)"))

    def parts(self, count):
        return ["open", *["body"] * (count - 2), "priority", "close"] if count > 1 else ["open"]  # one sentence states the problem (a subject line)

    def sentence(self, file, part, labels, params, ctx, rng, given):
        if part != "priority":
            return super().sentence(file, part, labels, params, ctx, rng, given)
        grammar = text_grammar(file, "priority")
        column = params.get("priority_column")
        levels = sections_of(ctx.values(column), grammar.keys, {}, "medium") if column else rng.integers(0, len(grammar.keys), ctx.size)
        return render(grammar, grammar.templates, grammar.section_templates(levels, rng), rng, given)


class PostTextType(LabelledTextType):
    name, stem, label = "post_text", "post", "sentiment"
    description = "A short social-media post whose tone matches its sentiment label (positive, neutral, negative)"
    shares = (0.4, 0.3, 0.3)
    params = _params("sentiment", "sentiment label", 2)


class EmailTextType(LabelledTextType):
    name, stem, label = "email_text", "email", "spam"
    description = "An email body: spam with its usual markers, or ordinary mail, as the row's spam flag says"
    label_kinds = ("boolean", "string")
    shares = (0.75, 0.25)
    params = _params("spam", "spam flag (true for spam)", 4)


TEXT_TYPES = [ReviewTextType, TicketTextType, PostTextType, EmailTextType]
