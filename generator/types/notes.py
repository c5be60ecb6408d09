"""A short free-text note about its row: it names the value of another column of the row (a
return's reason, an incident's type) and adds a follow-up sentence, so the text and its label
agree the way staff notes do. Sentences come from `text/note.<language>.toml`."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.arrow_text import concat
from generator.column_types import ColumnType
from generator.params import Param
from generator.types.vocab import dataset_rng, language_file, load_toml


class NoteTextType(ColumnType):
    name, group = "note_text", "text"
    description = "A short note that names the value of another column of the row (a return's reason, an incident's type) and adds a follow-up sentence"
    params = (
        Param("about_column", "string", None, "the text or category column of the row the note is about (a topic is drawn when absent)"),
        Param("sentences", "int", 2, "1: the note only names the value; 2 or more add follow-ups", 1, 4),
        Param("noise", "number", 0.05, "share of rows whose note names another row's value", 0, 1),
    )

    def vocabulary_source(self) -> str:
        return "text/note.<language>.toml, notes that name their row's value (synthsite)"

    def dependencies(self, params):
        return [params["about_column"]] if params.get("about_column") else []

    def resolve(self, params, earlier):
        if not params.get("about_column"):
            return []
        column = earlier[params["about_column"]]
        return [] if column.kind in ("string", "boolean") else [f"about_column must name a text or category column, and {params['about_column']!r} holds {column.kind} values"]

    def generate(self, params, ctx, rng):
        rng = dataset_rng(ctx, rng)
        data = load_toml(language_file("note", ctx.locale))
        if params.get("about_column"):
            about = pc.cast(pa.array(ctx.values(params["about_column"])), pa.string())
        else:
            about = pa.array(data["topics"], type=pa.string()).take(rng.integers(0, len(data["topics"]), ctx.size))
        swap = rng.random(ctx.size) < params["noise"]
        if swap.any():  # the planted noise: some notes name another row's value
            about = about.take(np.where(swap, rng.permutation(ctx.size), np.arange(ctx.size)))
        about = pc.fill_null(about, "")
        lower, capital = pc.utf8_lower(about), pc.utf8_capitalize(about)
        openers = data["openers"]
        choice = rng.integers(0, len(openers), ctx.size)
        pieces = []
        for index, template in enumerate(openers):
            head, _, tail = template.replace("{About}", "\0A").replace("{about}", "\0a").partition("\0")
            pieces.append((index, head, tail[0], tail[1:]))
        text = pa.array([""] * ctx.size, type=pa.string())
        for index, head, case, tail in pieces:
            mask = pa.array(choice == index)
            text = pc.if_else(mask, concat(head, capital if case == "A" else lower, tail), text)
        follow = pa.array(data["follow_ups"], type=pa.string())
        for _ in range(params["sentences"] - 1):
            text = concat(text, " ", follow.take(rng.integers(0, len(follow), ctx.size)))
        return text


NOTE_TYPES = [NoteTextType]
