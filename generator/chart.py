"""A small line chart of a series for the preview page: two or three entities' first reading over
their first periods, as SVG coordinates a template draws (no JavaScript)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from generator.engine import generate_chunks
from generator.schema import DatasetSchema

MAX_ROWS = 40_000  # entities × periods made for the chart, whatever the download's size
MAX_PERIODS = 120
LINES = 3
WIDTH, HEIGHT = 600.0, 200.0


@dataclass(frozen=True)
class ChartLine:
    entity: str
    points: str  # "x,y x,y …" in the chart's 600 × 200 box


@dataclass(frozen=True)
class SeriesChart:
    column: str
    time: str
    lines: tuple[ChartLine, ...]
    low: str
    high: str
    first: str
    last: str


def chart_rows(schema: DatasetSchema) -> int:
    """The rows the chart of a series schema makes (entities × periods)."""
    entities = int(schema.series["entities"]) if schema.series else 1
    return entities * max(2, min(MAX_PERIODS, MAX_ROWS // entities))


def series_chart(schema: DatasetSchema, *, seed: int) -> SeriesChart | None:
    """The chart of a series schema's first reading, or None for a table that is not a series."""
    reading = next((c for c in schema.columns if c.column_type.reading), None)
    if not schema.series or reading is None:
        return None
    entities = int(schema.series["entities"])
    periods = chart_rows(schema) // entities
    chunks = list(generate_chunks(schema, rows=entities * periods, seed=seed))
    values = np.concatenate([chunk[reading.name].values for chunk in chunks]).astype(np.float64)
    names = np.concatenate([np.asarray(chunk[schema.series["entity"]].values, dtype=object) for chunk in chunks])
    times = np.concatenate([chunk[schema.series["time"]].values for chunk in chunks])
    grid = values.reshape(periods, entities)[:, :LINES]
    low, high = float(np.nanmin(grid)), float(np.nanmax(grid))
    lines = tuple(ChartLine(str(names[k]), _points(grid[:, k], low, high)) for k in range(grid.shape[1]))
    return SeriesChart(reading.name, schema.series["time"], lines, f"{low:,.4g}", f"{high:,.4g}", str(times[0]), str(times[-1]))


def _points(values: np.ndarray, low: float, high: float) -> str:
    span = (high - low) or 1.0
    xs = np.linspace(0, WIDTH, len(values))
    ys = HEIGHT - (values - low) / span * HEIGHT
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys) if np.isfinite(y))
