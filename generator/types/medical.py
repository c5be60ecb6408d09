"""Diagnoses (ICD-10-CM codes and names) and medications (generic names and usual strengths),
weighted by how often they are seen, from tab-separated files in generator/types/data/."""

from __future__ import annotations

import functools
import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.arrow_text import concat
from generator.column_types import ColumnType
from generator.params import Param
from generator.types.follow import weighted
from generator.types.person import person
from generator.types.vocab import data_lines, load_toml

SHOWS_SEX = frozenset({"gender", "first_name", "full_name"})  # a row with one of these shows its person's sex


@functools.lru_cache(maxsize=1)
def _diagnoses() -> tuple[pa.Array, pa.Array, np.ndarray]:
    rows = data_lines("diagnoses.txt")
    return pa.array([r[0] for r in rows]), pa.array([r[1] for r in rows]), np.array([float(r[2]) for r in rows])


class DiagnosisType(ColumnType):
    name, group = "diagnosis", "health"
    source = "diagnoses.txt, ICD-10-CM codes and names of common diagnoses with rough prevalence, and wards.toml, the diagnoses each ward sees (hand-kept)"
    description = "A diagnosis, common ones more often: its name, ICD-10-CM code, or both ('E11.9 Type 2 diabetes mellitus without complications'); one its ward or specialty sees"
    params = (
        Param("format", "choice", "name", "name, code, or code and name", choices=("name", "code", "code_name")),
        Param("specialty_column", "string", None, "a text column of the row holding the ward or specialty (Cardiology, Maternity, ICU), whose diagnoses this one is"),
    )

    def dependencies(self, params):
        return [params["specialty_column"]] if params.get("specialty_column") else []

    def resolve(self, params, earlier):
        column = params.get("specialty_column")
        if column and earlier[column].kind != "string":
            return [f"specialty_column must name a text column, and {column!r} holds {earlier[column].kind} values"]
        return []

    def generate(self, params, ctx, rng):
        codes, names, weights = _diagnoses()
        wards = ctx.values(params["specialty_column"]) if params.get("specialty_column") else pa.nulls(ctx.size, pa.string())
        female = np.asarray(person(ctx).female, dtype=bool) if ctx.types & SHOWS_SEX else None
        index = pa.array(_by_ward(wards, female, weights, rng))
        if params["format"] == "code":
            return codes.take(index)
        if params["format"] == "name":
            return names.take(index)
        return concat(codes.take(index), " ", names.take(index))


def _by_ward(wards, female: np.ndarray | None, weights: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A diagnosis per row among those its ward sees (wards.toml), at their usual weights, and
    of the sex of the row's person when the row shows one (`female`). Rows are grouped by their
    ward's code, not read one by one; groups are drawn in the order of (sex, ward)."""
    encoded = pc.utf8_lower(pc.fill_null(pa.array(wards), "")).dictionary_encode()
    names = encoded.dictionary.to_pylist()
    sexes = np.full(len(encoded), 2) if female is None else np.where(female, 0, 1)
    groups, inverse = np.unique(sexes * len(names) + encoded.indices.to_numpy(zero_copy_only=False), return_inverse=True)
    chosen = np.empty(len(encoded), dtype=np.int64)
    for position in sorted(range(len(groups)), key=lambda k: f"{groups[k] // len(names)}|{names[groups[k] % len(names)]}"):
        sex, ward = divmod(int(groups[position]), len(names))
        rows = np.flatnonzero(inverse == position)
        chosen[rows] = weighted(rng, weights * _mask(names[ward], sex), len(rows))
    return chosen


@functools.lru_cache(maxsize=256)
def _mask(ward: str, sex: int) -> np.ndarray:
    """1 for each diagnosis the ward sees (all, for a ward wards.toml does not know) that a person
    of `sex` (0 female, 1 male, 2 not shown) can have; a ward with none of that sex's, any of it."""
    data, codes = load_toml("wards.toml"), tuple(_diagnoses()[0].to_pylist())
    entry = next((e for e in data["specialty"] if re.search(e["words"], ward)), None) if ward else None
    seen = np.array([entry is None or code.startswith(tuple(entry["codes"])) for code in codes], dtype=np.float64)
    other = {0: data["sex"]["male"], 1: data["sex"]["female"]}.get(sex, [])
    own = np.array([not code.startswith(tuple(other)) for code in codes], dtype=np.float64)
    return seen * own if (seen * own).any() else own


@functools.lru_cache(maxsize=1)
def _medications() -> tuple[pa.Array, pa.Array, np.ndarray, np.ndarray, pa.Array]:
    rows = data_lines("medications.txt")
    strengths = [r[2].split(",") for r in rows]
    offsets = np.cumsum([0] + [len(s) for s in strengths[:-1]])
    flat = pa.array([s for group in strengths for s in group])
    return pa.array([r[0] for r in rows]), pa.array([r[1] for r in rows]), np.array([float(r[3]) for r in rows]), np.stack([offsets, [len(s) for s in strengths]]), flat


class MedicationType(ColumnType):
    name, group = "medication", "health"
    source = "medications.txt, common generic drugs with their classes, usual strengths and prescription shares (hand-kept)"
    description = "A medication's generic name, common ones more often, optionally with a usual strength ('Atorvastatin 20 mg') or its class"
    params = (Param("format", "choice", "name", "name, name and strength, or drug class", choices=("name", "name_strength", "class")),)
    example_params = {"format": "name_strength"}

    def generate(self, params, ctx, rng):
        names, classes, weights, spans, strengths = _medications()
        index = weighted(rng, weights, ctx.size)
        if params["format"] == "class":
            return classes.take(pa.array(index))
        if params["format"] == "name":
            return names.take(pa.array(index))
        which = spans[0][index] + (rng.random(ctx.size) * spans[1][index]).astype(np.int64)
        return concat(names.take(pa.array(index)), " ", strengths.take(pa.array(which)))


MEDICAL_TYPES = [DiagnosisType, MedicationType]
