"""The rules a download's options must keep together (format row limits, messy limits, a
student's seed), shared by the forms, the JSON API, the permalinks and the command line."""

from __future__ import annotations

from generator.writers import FORMATS
from generator.writers.messy import KNOBS
from generator.writers.messy import MAX_CELLS as MESSY_MAX_CELLS


class DatasetOptionError(ValueError):
    """Options that cannot be combined; `field` names the input to fix."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def dataset_option_error(
    *, rows: int, fmt: str, seed: int | None = None, student: str = "", messy: dict | None = None, columns: int = 1,
) -> DatasetOptionError | None:
    """Why these options cannot make a download (e.g. Excel's sheet size), or None."""
    limit = FORMATS[fmt].max_rows
    if limit is not None and rows > limit:
        return DatasetOptionError("rows", f"{FORMATS[fmt].label} holds at most {limit:,} rows; ask for fewer rows or choose CSV or Parquet.")
    if student and seed is None:
        return DatasetOptionError("seed", "A student's file is made from the instructor's seed: give the seed too, so the file can be made again.")
    if messy and fmt not in ("csv", "zip"):
        return DatasetOptionError("messy", "Messy data comes as CSV, or as a zip with the clean twin and the defect log.")
    if messy and rows * columns > MESSY_MAX_CELLS:
        return DatasetOptionError("rows", f"Messy data is made for at most {MESSY_MAX_CELLS:,} cells (rows × columns); ask for at most {MESSY_MAX_CELLS // columns:,} rows.")
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
