"""Diagnoses (ICD-10-CM codes and names) and medications (generic names and usual strengths),
weighted by how often they are seen, from tab-separated files in generator/types/data/."""

from __future__ import annotations

import functools

import numpy as np
import pyarrow as pa

from generator.arrow_text import concat
from generator.column_types import ColumnType
from generator.params import Param
from generator.types.follow import weighted
from generator.types.vocab import data_lines


@functools.lru_cache(maxsize=1)
def _diagnoses() -> tuple[pa.Array, pa.Array, np.ndarray]:
    rows = data_lines("diagnoses.txt")
    return pa.array([r[0] for r in rows]), pa.array([r[1] for r in rows]), np.array([float(r[2]) for r in rows])


class DiagnosisType(ColumnType):
    name, group = "diagnosis", "health"
    source = "diagnoses.txt, ICD-10-CM codes and names of common outpatient diagnoses with rough prevalence (hand-kept)"
    description = "A diagnosis, common ones more often: its name, ICD-10-CM code, or both ('E11.9 Type 2 diabetes mellitus without complications')"
    params = (Param("format", "choice", "name", "name, code, or code and name", choices=("name", "code", "code_name")),)

    def generate(self, params, ctx, rng):
        codes, names, weights = _diagnoses()
        index = pa.array(weighted(rng, weights, ctx.size))
        if params["format"] == "code":
            return codes.take(index)
        if params["format"] == "name":
            return names.take(index)
        return concat(codes.take(index), " ", names.take(index))


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
