"""The rules a download's options must keep together (format row limits, messy limits, a
student's seed), shared by the forms, the JSON API, the permalinks and the command line."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from generator.cost import cost_problem, store_problem
from generator.schema import DatasetSchema
from generator.tables import MultiTableSchema
from generator.writers import FORMATS
from generator.writers.messy import KNOBS


class DatasetOptionError(ValueError):
    """Options that cannot be combined; `field` names the input to fix."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class DownloadOptions:
    """What a download asks for besides its schema: rows, format, seed, student, messy, table.

    `problem()` is the one rule set for them: the forms check what needs no schema, the service
    checks the rest against the schema, and the links offer only formats that pass.
    """

    rows: int
    fmt: str = "csv"
    seed: int | None = None
    student: str = ""
    messy: dict[str, float] | None = None
    table: str = ""

    def problem(self, schema: DatasetSchema | MultiTableSchema | None = None) -> DatasetOptionError | None:
        """The first rule these options break (for `schema`, when given), or None."""
        if self.student and self.seed is None:
            return DatasetOptionError("seed", "A student's file is made from the instructor's seed: give the seed too, so the file can be made again.")
        found = _format_problem(self.fmt, self.rows, self.messy, len(schema.columns) if isinstance(schema, DatasetSchema) else 1)
        if found or schema is None:
            return found
        if isinstance(schema, MultiTableSchema):
            found = self._tables_problem(schema)
        elif self.table:
            found = DatasetOptionError("table", "This dataset has one table; leave table out.")
        if found is None and (costly := store_problem(schema) or cost_problem(schema, self.rows, table=self.table)):
            return DatasetOptionError("rows", str(costly))
        return found

    def _tables_problem(self, schema: MultiTableSchema) -> DatasetOptionError | None:
        counts = schema.row_counts(self.rows)
        limit, names = settings.SYNTH_MAX_ROWS, ", ".join(t.name for t in schema.tables)
        if sum(counts.values()) > limit:
            sizes = ", ".join(f"{name} {count:,}" for name, count in counts.items())
            return DatasetOptionError("rows", f"The tables would hold {sum(counts.values()):,} rows in all ({sizes}); at most {limit:,}: ask for fewer rows.")
        if self.table:
            chosen = schema.table(self.table)
            if chosen is None:
                return DatasetOptionError("table", f"There is no table {self.table!r}; the tables are {names}.")
            return _format_problem(self.fmt, counts[self.table], self.messy, len(chosen.schema.columns))
        if self.messy or not FORMATS[self.fmt].several_tables:
            return DatasetOptionError("format", f"A dataset of several tables ({names}) downloads whole as zip or SQL; for CSV and the other formats (and messy data) choose one table.")
        return None


def _format_problem(fmt: str, rows: int, messy: dict | None, columns: int) -> DatasetOptionError | None:
    """The rules of one table in one format: the format's row and cell limits and what messy data allows."""
    limit = FORMATS[fmt].max_rows
    if limit is not None and rows > limit:
        return DatasetOptionError("rows", f"{FORMATS[fmt].label} holds at most {limit:,} rows; ask for fewer rows or choose CSV or Parquet.")
    cells = getattr(settings, FORMATS[fmt].max_cells_setting or "", None)
    if cells is not None and rows * columns > cells:
        return DatasetOptionError("rows", f"{FORMATS[fmt].label} downloads hold at most {cells:,} cells (rows × columns); with {columns:,} columns ask for at most {cells // max(columns, 1):,} rows, or choose CSV or Parquet.")
    if messy and not FORMATS[fmt].messy:
        return DatasetOptionError("messy", "Messy data comes as CSV, or as a zip with the clean twin and the defect log.")
    return None


class MessyError(ValueError):
    """Messy options that cannot be used; the message lists what is allowed."""


def parse_messy(text: str) -> dict[str, float]:
    """'missing,typos:0.1' or 'all' → {knob: rate}."""
    options: dict[str, float] = {}
    for part in (p.strip() for p in text.split(",") if p.strip()):
        name, _, rate = part.partition(":")
        names = list(KNOBS) if name == "all" else [name]
        if any(n not in KNOBS for n in names):
            raise MessyError(f"unknown defect {name!r}; choose from all, {', '.join(KNOBS)} (optionally with a rate, e.g. typos:0.1)")
        try:
            value = float(rate) if rate else None
        except ValueError:
            raise MessyError(f"the rate of {name} must be a number from 0 to 0.5, got {rate!r}") from None
        if value is not None and not 0 <= value <= 0.5:
            raise MessyError(f"the rate of {name} must be a number from 0 to 0.5, got {rate!r}")
        options.update({n: KNOBS[n] if value is None else value for n in names})
    return options
