"""Vocabularies and grammars kept as data files under generator/types/data/, drawn column-wise.

A grammar file (TOML) has `sections`, each with `templates` (strings with `{slot}` markers) and
its own `slots` (name → list of words; a word may hold slots too), plus file-level `slots` every
section shares. A column picks one section per row (a product category, a rating, a cuisine),
then a template of that section, and fills every slot of the chosen template. Rendering is
column-wise: each slot is drawn for the whole chunk with one Arrow `take`, and the pieces are
joined element-wise, so there is no Python loop over rows.

Files are read on first use and kept for the life of the process.
"""

from __future__ import annotations

import functools
import re
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.arrow_text import concat
from generator.seeds import stable_hash

DATA = Path(__file__).parent / "data"
SLOT = re.compile(r"\{([a-z0-9_.]+)\}")
MAX_DEPTH = 4
_lock = threading.Lock()


@functools.lru_cache(maxsize=64)
def load_toml(relative: str) -> dict:
    """A data file under generator/types/data/, parsed once per process."""
    with _lock, (DATA / relative).open("rb") as handle:
        return tomllib.load(handle)


def dataset_rng(ctx, rng: np.random.Generator) -> np.random.Generator:
    """The column's generator salted with what the type can see of its dataset (the schema's
    column types and the columns made before it), so two unrelated datasets with a `title` or a
    `review` column do not get the same titles and texts at the same seed; still seeded."""
    salt = stable_hash("|".join(sorted(ctx.types)) + "#" + "|".join(ctx.columns))
    return np.random.default_rng([int(rng.integers(0, 2**63)), salt])


def language_file(stem: str, locale: str) -> str:
    """`text/<stem>.<language>.toml` for the locale's language, English when there is none."""
    language = locale.split("_")[0].lower()
    return f"text/{stem}.{language}.toml" if (DATA / f"text/{stem}.{language}.toml").exists() else f"text/{stem}.en.toml"


@dataclass(frozen=True)
class Grammar:
    """Templates grouped by section key, and every slot's words (section slots are prefixed)."""

    keys: tuple[str, ...]
    offsets: np.ndarray  # first template of each section in `templates`
    sizes: np.ndarray
    templates: tuple[str, ...]
    slots: dict[str, pa.Array]
    nested: frozenset[str]  # slots whose words hold slots themselves

    def section_templates(self, sections: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """One template index per row, uniformly within the row's section."""
        return self.offsets[sections] + (rng.random(len(sections)) * self.sizes[sections]).astype(np.int64)


def build_grammar(sections: dict[str, dict], shared: dict[str, list[str]] | None = None, given: tuple[str, ...] = ()) -> Grammar:
    """A Grammar from {key: {"templates": [...], "slots": {...}}}; section slots shadow shared
    ones; `given` names slots the caller fills from columns at render time."""
    shared = shared or {}
    templates: list[str] = []
    slots: dict[str, list[str]] = {name: list(words) for name, words in shared.items()}
    offsets, sizes = [], []
    for index, section in enumerate(sections.values()):
        own = section.get("slots", {})
        rename = {name: f"s{index}.{name}" for name in own}
        offsets.append(len(templates))
        templates.extend(_renamed(t, rename) for t in section["templates"])
        sizes.append(len(section["templates"]))
        slots.update({rename[name]: [_renamed(w, rename) for w in words] for name, words in own.items()})
    _check_slots(templates, slots, given)
    return Grammar(
        keys=tuple(sections), offsets=np.array(offsets, dtype=np.int64), sizes=np.array(sizes, dtype=np.int64),
        templates=tuple(templates), slots={name: pa.array(words, type=pa.string()) for name, words in slots.items()},
        nested=frozenset(name for name, words in slots.items() if any(SLOT.search(w) for w in words)),
    )


def _renamed(text: str, rename: dict[str, str]) -> str:
    return SLOT.sub(lambda m: "{" + rename.get(m.group(1), m.group(1)) + "}", text)


def _check_slots(templates: list[str], slots: dict[str, list[str]], given: tuple[str, ...]) -> None:
    words = [w for values in slots.values() for w in values]
    missing = {m for text in (*templates, *words) for m in SLOT.findall(text)} - set(slots) - set(given)
    if missing:
        raise ValueError(f"grammar uses undefined slots: {', '.join(sorted(missing))}")
    empty = [name for name, values in slots.items() if not values]
    if empty:
        raise ValueError(f"grammar slots without words: {', '.join(empty)}")


@functools.lru_cache(maxsize=256)
def _parse(texts: tuple[str, ...]) -> tuple[list[list[str]], list[list[str]]]:
    """Each text as its literal pieces and slot names (literals has one more item)."""
    literals, names = [], []
    for text in texts:
        parts = SLOT.split(text)
        literals.append(parts[0::2])
        names.append(parts[1::2])
    return literals, names


def render(grammar: Grammar, texts: tuple[str, ...], index: np.ndarray, rng: np.random.Generator,
           given: dict[str, pa.Array] | None = None, depth: int = 0) -> pa.Array:
    """texts[index[i]] with its slots filled, for every row i; `given` fills slots from columns."""
    literals, names = _parse(texts)
    width = max(len(n) for n in names)
    if width == 0:
        return pa.array(texts, type=pa.string()).take(index)
    used = sorted({name for row in names for name in row})
    values = [_slot(grammar, name, rng, len(index), given or {}, depth) for name in used]
    stacked = pa.concat_arrays([*values, pa.array([""] * len(index), type=pa.string())])
    rows = np.arange(len(index), dtype=np.int64)
    position = {name: i for i, name in enumerate(used)}
    parts = [_column(literals, 0, index)]
    for k in range(width):
        slot_of = np.array([position[n[k]] if k < len(n) else len(used) for n in names], dtype=np.int64)
        parts.append(stacked.take(slot_of[index] * len(index) + rows))
        parts.append(_column(literals, k + 1, index))
    return concat(*parts)


def _column(literals: list[list[str]], k: int, index: np.ndarray) -> pa.Array:
    return pa.array([parts[k] if k < len(parts) else "" for parts in literals], type=pa.string()).take(index)


def _slot(grammar: Grammar, name: str, rng: np.random.Generator, size: int, given: dict[str, pa.Array], depth: int) -> pa.Array:
    if name in given:
        return given[name]
    words = grammar.slots[name]
    picks = rng.integers(0, len(words), size)
    if name not in grammar.nested:
        return words.take(picks)
    if depth >= MAX_DEPTH:
        raise ValueError(f"slot {name!r} nests more than {MAX_DEPTH} deep")
    return render(grammar, tuple(words.to_pylist()), picks, rng, given, depth + 1)


def sections_of(values, keys: tuple[str, ...], aliases: dict[str, str], default: str | None = None) -> np.ndarray:
    """The section index of each value of a label column. Text is matched case-insensitively to
    a key or an alias (lowercase alias → key); an unknown value gets `default`, or without one a
    section chosen by the value's stable hash, so equal values always land together."""
    if isinstance(values, np.ndarray):
        values = pa.array(values.astype(str) if values.dtype.kind != "b" else np.where(values, "true", "false"))
    encoded = pc.dictionary_encode(values)
    position = {key.lower(): i for i, key in enumerate(keys)} | {alias: keys.index(key) for alias, key in aliases.items()}
    lookup = np.array([_section(str(v), position, keys, default) for v in encoded.dictionary.to_pylist()] or [0], dtype=np.int64)
    return lookup[encoded.indices.to_numpy(zero_copy_only=False)]


def _section(value: str, position: dict[str, int], keys: tuple[str, ...], default: str | None) -> int:
    found = position.get(value.strip().lower())
    if found is not None:
        return found
    return keys.index(default) if default is not None else stable_hash(f"section:{value}") % len(keys)


def with_noise(sections: np.ndarray, count: int, noise: float, rng: np.random.Generator) -> np.ndarray:
    """`sections` with a `noise` share of rows moved to a random other section."""
    flip = rng.random(len(sections)) < noise
    other = (sections + rng.integers(1, max(count, 2), len(sections))) % count
    return np.where(flip, other, sections)


def tidy(text: pa.Array) -> pa.Array:
    """Collapse runs of spaces left by empty slots and trim the ends."""
    single = pc.replace_substring_regex(text, r" {2,}", " ")
    return pc.utf8_trim_whitespace(pc.replace_substring_regex(single, r" +([.,!?;:])", r"\1"))


@functools.lru_cache(maxsize=32)
def data_lines(relative: str) -> tuple[tuple[str, ...], ...]:
    """A tab-separated data file's rows (blank lines and # comments skipped), read once."""
    text = (DATA / relative).read_text(encoding="utf-8")
    return tuple(tuple(line.split("\t")) for line in text.splitlines() if line.strip() and not line.startswith("#"))
