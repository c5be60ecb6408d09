"""Foreign keys of multi-table datasets (see generator.tables)."""

from __future__ import annotations

import functools

import numpy as np

from generator.column_types import ColumnType
from generator.params import Param
from generator.seeds import stable_hash


class ReferenceType(ColumnType):
    name, group, kind = "reference", "ids", "integer"
    description = "The id of a row of another table of a multi-table dataset (a foreign key that always resolves)"
    params = (
        Param("table", "string", None, "the table whose id this column holds", required=True),
        Param("fanout", "choice", "skewed", "skewed: some parent rows get many, some none; even: about the same for each", choices=("skewed", "even")),
    )
    example_params = {"table": "customers"}
    correlatable = False
    kept_relations = frozenset({"present_when", "differs_from"})  # 'matches between two teams': two different teams in each row

    def foreign_table(self, params):
        return params["table"]

    def generate(self, params, ctx, rng):
        parent = ctx.tables[params["table"]]
        if params["fanout"] == "even":
            index = rng.integers(0, parent.rows, ctx.size)
        else:
            cumulative = _popularity(parent.seed, params["table"], parent.rows)
            index = np.searchsorted(cumulative, rng.random(ctx.size) * cumulative[-1], side="right").clip(0, parent.rows - 1)
        return parent.id_start + index * parent.id_step


@functools.lru_cache(maxsize=2)
def _popularity(seed: int, table: str, rows: int) -> np.ndarray:
    """Cumulative popularity of each parent row (lognormal: a few very popular, many rarely picked)."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, stable_hash(f"popularity:{table}")]))
    return np.cumsum(rng.lognormal(0.0, 1.1, rows))
