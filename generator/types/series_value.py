"""Values of a series: level per entity × trend × seasons, with memory and planted events.

A chunk's rows are whole periods × entities (a grid), made column-wise with numpy; what carries
from one period to the next (AR(1) noise, a random walk's log price, the last values for
open/high/low) is kept in `ctx.carry` between chunks, and the draws that feed it come in blocks of
periods, so a period gets the same draws whichever chunk makes it. Without a series key the
rows are consecutive days of one entity.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.column_types import ColumnType
from generator.params import Param, ParamError
from generator.seeds import stable_hash
from generator.series_plan import FREQUENCIES, SeriesPlan
from generator.types import series_climate as climate
from generator.types.places import LOCALE_COUNTRY
from generator.types.series_events import EVENTS_HELP, event_factors, parse_events, planted_events

MODELS = ("level", "count", "walk", "open", "high", "low", "part", "total")
COMPANIONS = ("open", "high", "low")
WEEK_PROFILE = np.array([-0.5, -0.4, -0.3, -0.2, 0.1, 0.7, 0.6])  # Monday … Sunday, mean zero: Saturday busiest
DEFAULT_PLAN = SeriesPlan(entity="", time="", entities=1, frequency="day", start="2024-01-01T00:00:00")
DEFAULT_VOLATILITY = 0.25
STATE_CHUNK = 2**33  # chunk indices for per-entity draws, apart from any real chunk
COLUMN_NAME = re.compile(r"^[a-z][a-z0-9_]*$")  # a place written like a column's name is that column
BLOCK_ROWS = 8192  # draws come in blocks of periods of about this many rows (the engine's CHUNK_ROWS; tests/test_series.py checks they agree)


class SeriesValueType(ColumnType):
    name, group, kind = "series_value", "series", "number"
    description = ("A reading of a time series: a level per entity with trend, daily/weekly/yearly seasons and memory; "
                   "counts, and parts of counts (clicks of visitors); prices that walk, with open/high/low; planted events listed in the answer key")
    reading = True
    correlatable = False  # each value is made from the entity's earlier periods
    params = (
        Param("model", "choice", "level", "level: bounded reading; count: Poisson counts; walk: prices (geometric Brownian motion); open/high/low: companions of a walk's close; "
              "part: a share of another count or level of the row (clicks of visitors, occupied beds of staffed beds: never more than it); total: the running total of another reading (total cases of new cases)", choices=MODELS),
        Param("of", "string", None, "open/high/low: the walk column that is the close; part: the count or level column it is a share of (a level's whole units); total: the reading it adds up"),
        Param("share", "number", 0.3, "part: the usual share of the of column (0.05: one in twenty visitors clicks), varying by entity and period", 0, 1),
        Param("mean", "number", 100.0, "typical level (walk: starting price; total: the total before the first period)", -1e12, 1e12),
        Param("spread", "number", 0.3, "how much entities differ in level (lognormal sigma: big stores sell more)", 0, 3),
        Param("trend", "number", 0.0, "growth per year (0.05 is +5%); a walk's drift", -0.99, 10),
        Param("growth", "choice", "linear", "linear or multiplicative (compound) growth", choices=("linear", "multiplicative")),
        Param("daily", "number", 0.0, "daily cycle's amplitude, a share of the level (for hourly or finer series)", -1, 1),
        Param("peak_hour", "number", 18.0, "hour of the daily peak (18: evening)", 0, 24),
        Param("weekly", "number", 0.0, "weekly cycle: positive for busier weekends (shops), negative for weekend dips (offices)", -1, 1),
        Param("yearly", "number", 0.0, "yearly cycle's amplitude, a share of the level", -1, 1),
        Param("peak_day", "int", 196, "day of the year of the yearly peak (196: mid July, summer highs)", 1, 366),
        Param("noise", "number", 0.1, "noise as a share of the level (standard deviation)", 0, 2),
        Param("memory", "number", 0.0, "AR(1) coefficient of the noise: 0 none, 0.9 long spells above or below", 0, 0.99),
        Param("volatility", "number", None, f"walk: yearly volatility (default {DEFAULT_VOLATILITY}); open/high/low take the close's", 0, 5),
        Param("min", "number", None, "smallest value (level: values are kept at or above it)"),
        Param("max", "number", None, "largest value (level: humidity 100, occupancy ≤ capacity)"),
        Param("decimals", "int", 2, "digits after the point (open/high/low take the close's)", 0, 6),
        Param("events", "string_list", None, EVENTS_HELP),
        Param("event_rate", "number", 0.0, "share of readings with a random spike (for anomaly detection)", 0, 0.1),
        Param("event_size", "number", 1.0, "size of the random spikes (1.0: double, or half when downwards)", 0.05, 20),
        Param("dispersion", "number", None, "count: overdispersion as a negative binomial's shape k (variance mean + mean²/k; 2 is bursty); leave out for Poisson", 0.05, 1000),
        Param("holiday_dates", "string_list", None, 'days whose level holiday_effect changes: "12-25" every year, or "2024-11-29" once'),
        Param("holiday_effect", "number", 0.0, "holiday_dates' change of the level as a share: -0.6 for 60% lower (offices), 1.5 for 2.5 times (shops on Black Friday)", -1, 20),
        Param("weather", "choice", None, "level: a weather reading from the place's climate normals (the day's mean, high or low air temperature in °C, dew point, relative humidity %, "
              "precipitation mm, rain_days, snowfall cm, snow_depth cm, sunshine hours); its mean, seasons, noise and memory are the climate's", choices=climate.QUANTITIES),
        Param("place", "string", None, "weather: a city, region or country (Oslo, Colorado, Norway, NO: its cities in turn, one per entity), or the column whose values name "
              "each entity's city; default: the locale's country"),
        Param("moves_with", "string", None, "level and count: another level or count reading of the row that this one moves with: an entity big in one is big in the other, and "
              "a period's departures from the usual are shared (parcels and late deliveries, revenue and costs, boardings and alightings)"),
        Param("coupling", "number", 0.8, "moves_with: how closely the two move (0: independently; 1: the same entity sizes and departures)", 0, 1),
        Param("drivers", "drivers", None, 'other columns of the row that move the level (level and count models): {"column": "promo", "effect": 0.3} lifts it by e^0.3 (about 35%) when promo holds; '
              'a number driver moves it by e^(effect × (value − reference)), the reference given as "value" (default 0): {"column": "temperature", "effect": -0.03, "value": "18"}'),
    )
    example_params = {"model": "count", "mean": 120, "weekly": 0.3, "yearly": 0.2, "memory": 0.6}

    def value_kind(self, params):
        return "integer" if params.get("model") in ("count", "part", "total") else "number"

    def check(self, params):
        model, problems = params["model"], []
        if (model in (*COMPANIONS, "part", "total")) != bool(params.get("of")):
            problems.append("open, high, low, part and total need of (the close column, the count the part is of, the reading the total adds up); other models leave it out")
        if model in ("count", "walk") and params["mean"] <= 0:
            problems.append(f"mean must be above 0 for {model}")
        if model == "walk" and any(params[key] for key in ("daily", "weekly", "yearly", "memory")):
            problems.append("a walk has no seasons or memory of its own: use trend (drift) and volatility")
        if params.get("min") is not None and params.get("max") is not None and params["min"] > params["max"]:
            problems.append(f"min ({params['min']:g}) must not be above max ({params['max']:g})")
        try:
            events = parse_events(tuple(params.get("events") or ()))
        except ParamError as exc:
            return [*problems, f"events: {exc}"]
        if model == "walk" and any(e["kind"] == "outage" for e in events):
            problems.append("a price has no outages: use spike or shift events")
        if params.get("dispersion") is not None and model != "count":
            problems.append("dispersion goes with the count model only")
        if params.get("moves_with") and (model not in ("level", "count") or params.get("weather")):
            problems.append("moves_with goes with the level and count models (not weather): the readings whose sizes and departures it shares")
        if params.get("drivers") and model not in ("level", "count"):
            problems.append("drivers move a level or count model (a walk's prices follow their own path)")
        if params.get("weather") and (model != "level" or params.get("drivers") or params.get("holiday_dates")):
            problems.append("weather goes with the level model, without drivers or holidays: the place's climate moves it")
        if params.get("place") and not params.get("weather"):
            problems.append("place goes with weather (the place whose climate the reading follows)")
        elif params.get("place") and not COLUMN_NAME.match(params["place"]) and not climate.places_named(params["place"]):
            problems.append(f"place {params['place'][:40]!r} is neither a city, region or country the climate table knows (Oslo, Colorado, Norway) nor a column's name")
        if bool(params.get("holiday_dates")) != bool(params["holiday_effect"]):
            problems.append("holiday_dates and holiday_effect go together: the days, and how much they change the level")
        try:
            holiday_days(tuple(params.get("holiday_dates") or ()))
        except ParamError as exc:
            problems.append(str(exc))
        return problems

    def dependencies(self, params):
        if params.get("of"):
            return [params["of"]]
        if params.get("place") and COLUMN_NAME.match(params["place"]):
            return [params["place"]]
        together = [params["moves_with"]] if params.get("moves_with") else []
        return list(dict.fromkeys([*together, *(driver["column"] for driver in params.get("drivers") or ())]))

    def resolve(self, params, earlier):
        if params.get("place") in earlier and earlier[params["place"]].kind != "string":
            return [f"place {params['place']!r} holds {earlier[params['place']].kind}s: a column of places holds city names"]
        for driver in params.get("drivers") or ():
            column = earlier[driver["column"]]
            if column.kind in ("string",) and "value" not in driver:
                return [f"driver {driver['column']!r} holds text: give the value that lifts the level, e.g. \"value\": \"yes\""]
            if column.kind in ("integer", "number") and "value" in driver and _reference(driver) is None:
                return [f"driver {driver['column']!r} is a number: its value is the reference the effect counts from, e.g. \"18\""]
            if column.kind in ("date", "datetime", "time"):
                return [f"driver {driver['column']!r} holds {column.kind}s: a level follows numbers, booleans or categories"]
        if params.get("moves_with"):
            other = earlier[params["moves_with"]]
            if other.type != self.name or other.params["model"] not in ("level", "count") or other.params.get("weather"):
                return [f"moves_with must name a series_value column with model level or count; {params['moves_with']!r} is not one"]
        if params["model"] == "walk":
            params.setdefault("volatility", DEFAULT_VOLATILITY)
        if params["model"] == "total":
            added = earlier[params["of"]]
            if added.type != self.name or added.params["model"] not in ("level", "count", "part"):
                return [f"of must name a series_value column with model level, count or part (what the total adds up); {params['of']!r} is not one"]
            params["decimals"] = 0
            return []
        if params["model"] == "part":
            whole = earlier[params["of"]]
            if whole.type != self.name or whole.params["model"] not in ("count", "part", "level") or whole.params.get("weather"):
                return [f"of must name a series_value column with model count, part or level (the whole); {params['of']!r} is not one"]
            params["decimals"] = 0
            return []
        if params["model"] not in COMPANIONS:
            return []
        close = earlier[params["of"]]
        if close.type != self.name or close.params["model"] != "walk":
            return [f"of must name a series_value column with model walk (the close); {params['of']!r} is not one"]
        params.setdefault("volatility", close.params["volatility"])
        params["decimals"] = close.params["decimals"]
        return []

    def generate(self, params, ctx, rng):
        layout = ctx.series or DEFAULT_PLAN
        grid = Grid.of(layout, ctx.start, ctx.size)
        if params["model"] in COMPANIONS:
            return grid.flat(_companion(params, ctx, grid, layout))
        values = (_weather if params.get("weather") else MAKERS[params["model"]])(params, ctx, rng, grid, layout)
        ctx.shared(f"series-grid:{ctx.column}", lambda _: (_previous(ctx, grid, values), values))
        return grid.flat(values)

    def describe_values(self, params, unit=""):
        return _values_text(params)

    def describe_generation(self, params, locale):
        return _made_text(params)

    def planted(self, name, params, layout, rows):
        return planted_events(name, params, layout, rows)


def _values_text(params) -> str:
    model = params["model"]
    if params.get("weather"):
        where = f"of {params['place']}" if params.get("place") else "of the locale's country"
        return f"{params['weather'].replace('_', ' ')} in {climate.UNITS[params['weather']]} from the climate {where}, {params['decimals']} decimals"
    if model in COMPANIONS:
        return {"open": "near the previous close", "high": "at or above open and close", "low": "at or below open and close"}[model] + f" of {params['of']}, {params['decimals']} decimals"
    if model == "part":
        return f"about {params['share']:.0%} of {params['of']}, never more, whole numbers"
    if model == "total":
        return f"the running total of {params['of']} per entity, never falling, whole numbers"
    bounds = [f"at {word} {params[key]:g}" for key, word in (("min", "least"), ("max", "most")) if params.get(key) is not None]
    kind = "whole numbers" if model == "count" else f"{params['decimals']} decimals"
    return ", ".join([f"around {params['mean']:g} per entity", kind, *bounds])


def _made_text(params) -> str:
    model = params["model"]
    if params.get("weather"):
        return ("The place's climate normals for the day of the year (monthly means, daily ranges, wet days and amounts, south of the equator "
                "the seasons reversed), with departures that persist for days; the high and low around the day's mean, precipitation on "
                "some days only, snow only when cold, lying until it melts.")
    if model in COMPANIONS:
        return {"open": "The previous period's close times a small random gap.", "high": "The larger of open and close, stretched up by a random share.",
                "low": "The smaller of open and close, stretched down by a random share."}[model]
    if model == "part":
        return f"A binomial draw from {params['of']} of each row: a share around {params['share']:g} per entity (spread {params['spread'] / 2:g}), moved each period by noise {params['noise']:g}" + (f" with memory (AR(1) {params['memory']:g})." if params["memory"] else ".")
    if model == "total":
        return f"A total before the first period per entity (around {params['mean']:g}, spread {params['spread']:g}), plus each period's {params['of']}."
    if model == "walk":
        return f"A random walk of prices (geometric Brownian motion): drift {params['trend']:+g} and volatility {params['volatility']:g} per year, from a starting price per entity."
    parts = [f"A level per entity (spread {params['spread']:g})", f"{params['growth']} growth {params['trend']:+g} per year" if params["trend"] else "no trend"]
    parts += [f"{name} cycle {params[name]:+g}" for name in ("daily", "weekly", "yearly") if params[name]]
    noise = f"noise {params['noise']:g} of the level" + (f" with memory (AR(1) {params['memory']:g})" if params["memory"] else "")
    if params.get("moves_with"):
        noise += f", moving with {params['moves_with']} (coupling {params['coupling']:g}: entity sizes and departures shared)"
    if params.get("holiday_dates"):
        parts.append(f"{params['holiday_effect']:+.0%} on {len(params['holiday_dates'])} holiday dates")
    if params.get("drivers"):
        parts.append("moved by " + ", ".join(_driver_text(d) for d in params["drivers"]))
    text = ", ".join([*parts, noise]) + "."
    if model != "count":
        return text
    if params.get("dispersion") is not None:
        return text + f" Counts are negative binomial draws around it (shape {params['dispersion']:g}: burstier than Poisson)."
    return text + " Counts are Poisson draws around it."


def _driver_text(driver) -> str:
    lift = f"e^{driver['effect']:g}"
    if _reference(driver) is not None:
        return f"{driver['column']} ({lift} per unit above {driver['value']})"
    return f"{driver['column']} ({lift} when it is {driver.get('value', 'true')})"


def _reference(driver) -> float | None:
    try:
        return float(driver["value"]) if "value" in driver else None
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Grid:
    """A chunk's rows as whole periods (first … first + periods - 1) × entities."""

    first: int
    periods: int
    entities: int
    offset: int
    size: int

    @classmethod
    def of(cls, layout: SeriesPlan, start: int, size: int) -> Grid:
        first, last = start // layout.entities, (start + size - 1) // layout.entities
        return cls(first, last - first + 1, layout.entities, start - first * layout.entities, size)

    def period_numbers(self) -> np.ndarray:
        return np.arange(self.first, self.first + self.periods, dtype=np.int64)

    def flat(self, values: np.ndarray) -> np.ndarray:
        return values.reshape(-1)[self.offset:self.offset + self.size]


def _block_normals(ctx, key: str, grid: Grid) -> np.ndarray:
    """Standard normal draws for the grid, the same for a period whichever chunk makes it (drawn
    in blocks of periods; the last block is kept for the next chunk, which usually starts in it)."""
    block = max(1, BLOCK_ROWS // grid.entities)
    first, last = grid.first // block, (grid.first + grid.periods - 1) // block
    parts = [_block(ctx, key, b, block, grid.entities) for b in range(first, last + 1)]
    skip = grid.first - first * block
    return np.concatenate(parts)[skip:skip + grid.periods]


def _block(ctx, key: str, index: int, block: int, entities: int) -> np.ndarray:
    kept = ctx.carry.get(("block", key))
    if kept is None or kept[0] != index:
        kept = ctx.carry[("block", key)] = (index, _rng(ctx.seed, key, index).standard_normal((block, entities)))
    return kept[1]


def _rng(seed: int, key: str, index: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, stable_hash(key), index]))


def _state_before(ctx, key: Hashable, grid: Grid, initial: np.ndarray) -> np.ndarray:
    """The carried state at the period before the grid's first one (chunks come in order)."""
    if grid.first == 0:
        return initial
    period, last, before = ctx.carry[key]
    return last if period == grid.first - 1 else before


def _keep_state(ctx, key: Hashable, grid: Grid, states: np.ndarray, start: np.ndarray) -> None:
    ctx.carry[key] = (grid.first + grid.periods - 1, states[-1], states[-2] if grid.periods > 1 else start)


def _previous(ctx, grid: Grid, values: np.ndarray) -> np.ndarray | None:
    """The column's values at the period before the grid (None at the first period); kept for the next chunk."""
    key = ("values", ctx.column)
    before = _state_before(ctx, key, grid, values[0]) if grid.first else None
    _keep_state(ctx, key, grid, values, values[0] if before is None else before)
    return before


def _together(params, ctx, draws, own: np.ndarray) -> np.ndarray:
    """Standard normals coupled with the moves_with column's draws of the same kind (`draws` makes
    either column's from its name): corr(own, other) = coupling, and still standard normal."""
    if not params.get("moves_with"):
        return own
    c = params["coupling"]
    return c * draws(params["moves_with"]) + np.sqrt(1 - c * c) * own


def _entity_levels(params, ctx, entities: int) -> np.ndarray:
    """Each entity's level: lognormal around mean, so a few entities are much bigger."""
    def draws(column: str) -> np.ndarray:
        return _rng(ctx.seed, f"levels:{column}", STATE_CHUNK).standard_normal(entities)
    z = _together(params, ctx, draws, draws(ctx.column))
    spread = params["spread"]
    return params["mean"] * np.exp(spread * z - spread * spread / 2)


def _years(layout: SeriesPlan, times: np.ndarray) -> np.ndarray:
    return (times - np.datetime64(layout.start, "s")).astype(np.float64) / (86_400 * 365.25)


def _shape(params, layout: SeriesPlan, times: np.ndarray) -> np.ndarray:
    """Trend × seasons for each period; a cycle no shorter than the period is left out."""
    years = _years(layout, times)
    trend = (1 + params["trend"]) ** years if params["growth"] == "multiplicative" else np.maximum(1 + params["trend"] * years, 0.01)
    unit, step = FREQUENCIES[layout.frequency]
    days = times.astype("datetime64[D]")
    season = np.ones(len(times))
    if unit == "s":
        hours = (times - days.astype("datetime64[s]")).astype(np.float64) / 3600
        season += params["daily"] * np.cos(2 * np.pi * (hours - params["peak_hour"]) / 24)
    if unit == "s" or (unit == "D" and step == 1):
        season += params["weekly"] * WEEK_PROFILE[(days.astype(np.int64) + 3) % 7]
    if layout.frequency != "year":
        day_of_year = (days - times.astype("datetime64[Y]")).astype(np.int64) + 1
        season += params["yearly"] * np.cos(2 * np.pi * (day_of_year - params["peak_day"]) / 365.25)
    return trend * np.maximum(season, 0.0)


def _ar_noise(params, ctx, grid: Grid) -> np.ndarray:
    """Stationary AR(1) noise with standard deviation `noise`, carried across chunks."""
    sigma, phi = params["noise"], params["memory"]
    shocks = _together(params, ctx, lambda column: _block_normals(ctx, f"noise:{column}", grid), _block_normals(ctx, f"noise:{ctx.column}", grid))
    shocks = shocks * sigma * np.sqrt(1 - phi * phi)
    if phi == 0:
        return shocks
    key = ("ar", ctx.column)
    initial = _together(params, ctx, lambda column: _rng(ctx.seed, f"ar0:{column}", STATE_CHUNK).standard_normal(grid.entities),
                        _rng(ctx.seed, f"ar0:{ctx.column}", STATE_CHUNK).standard_normal(grid.entities))
    start = _state_before(ctx, key, grid, initial * sigma)
    states = ar1(shocks, phi, start)
    _keep_state(ctx, key, grid, states, start)
    return states


def ar1(shocks: np.ndarray, phi: float, before: np.ndarray) -> np.ndarray:
    """x_t = phi · x_(t-1) + shock_t down the rows, from x = `before`, in closed form per stretch
    (a stretch is short enough that phi^-t stays finite)."""
    out = np.empty_like(shocks)
    stretch = max(1, int(300 / -np.log(phi)))
    for begin in range(0, len(shocks), stretch):
        part = shocks[begin:begin + stretch]
        powers = phi ** np.arange(1, len(part) + 1)[:, None]
        out[begin:begin + len(part)] = powers * (before + np.cumsum(part / powers, axis=0))
        before = out[begin + len(part) - 1]
    return out


def _mean_grid(params, ctx, grid: Grid, layout: SeriesPlan) -> np.ndarray:
    times = layout.times(grid.period_numbers())
    shape = _shape(params, layout, times) * _holiday_factors(params, times)
    mean = _entity_levels(params, ctx, grid.entities)[None, :] * shape[:, None] * event_factors(ctx.column, params, grid)
    return mean * _driver_factors(params, ctx, grid) if params.get("drivers") else mean


@functools.lru_cache(maxsize=64)
def holiday_days(texts: tuple[str, ...]) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The holiday dates split into yearly days as month × 100 + day ("12-25" → 1225) and one-off
    ISO days ("2024-11-29"); raises ParamError naming a date that is neither."""
    yearly, once = [], []
    for text in texts:
        try:
            if len(text) == 5:
                day = dt.date.fromisoformat(f"2024-{text}")  # a leap year, so 02-29 is a date
                yearly.append(day.month * 100 + day.day)
            else:
                once.append(dt.date.fromisoformat(text).isoformat())
        except ValueError:
            raise ParamError(f'holiday_dates: {text[:20]!r} is not a day such as "12-25" (every year) or "2024-11-29"') from None
    return tuple(yearly), tuple(once)


def _holiday_factors(params, times: np.ndarray) -> np.ndarray | float:
    """1 + holiday_effect on each period that falls on a holiday date, else 1."""
    if not params.get("holiday_dates"):
        return 1.0
    yearly, once = holiday_days(tuple(params["holiday_dates"]))
    days = times.astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    month_day = (months.astype(np.int64) % 12 + 1) * 100 + (days - months).astype(np.int64) + 1
    hit = np.isin(month_day, yearly) | np.isin(days, np.array(once, dtype="datetime64[D]"))
    return np.where(hit, 1 + params["holiday_effect"], 1.0)


def _driver_factors(params, ctx, grid: Grid) -> np.ndarray:
    """e^(effect × feature) per cell from the row's driver columns; cells of the grid outside the
    chunk (its partial first and last periods) stay at 1."""
    log_lift = np.zeros(ctx.size)
    for driver in params["drivers"]:
        log_lift += driver["effect"] * _driver_feature(driver, ctx.values(driver["column"]))
    flat = np.zeros(grid.periods * grid.entities)
    flat[grid.offset:grid.offset + ctx.size] = np.clip(log_lift, -30, 30)
    return np.exp(flat).reshape(grid.periods, grid.entities)


def _driver_feature(driver, values) -> np.ndarray:
    """A driver's values as numbers: 1/0 for a boolean or a category's value, or the distance
    above a number's reference (missing values count as 0)."""
    if isinstance(values, pa.ChunkedArray | pa.Array):
        if pa.types.is_integer(values.type) or pa.types.is_floating(values.type) or pa.types.is_boolean(values.type):
            values = values.to_numpy(zero_copy_only=False)
        else:
            return np.asarray(pc.fill_null(pc.equal(values, str(driver["value"])), False).to_numpy(zero_copy_only=False), dtype=np.float64)
    if values.dtype == np.bool_ or values.dtype == object:  # object: a boolean column with missing values
        wanted = str(driver.get("value", "true")).lower() not in ("false", "no", "0")
        return (values == wanted).astype(np.float64)
    numbers = values.astype(np.float64) - (_reference(driver) or 0.0)
    return np.nan_to_num(numbers, nan=0.0)


def _level(params, ctx, rng, grid: Grid, layout: SeriesPlan) -> np.ndarray:
    values = np.round(_mean_grid(params, ctx, grid, layout) * (1 + _ar_noise(params, ctx, grid)), params["decimals"])
    low, high = params.get("min"), params.get("max")
    return np.clip(values, -np.inf if low is None else low, np.inf if high is None else high)


def _count(params, ctx, rng, grid: Grid, layout: SeriesPlan) -> np.ndarray:
    noise = _ar_noise(params, ctx, grid)
    rate = _mean_grid(params, ctx, grid, layout) * np.exp(noise - params["noise"] ** 2 / 2)
    rate = np.clip(rate, 0, 1e12)
    if params.get("dispersion") is not None:  # a gamma-mixed Poisson is a negative binomial with shape k
        k = params["dispersion"]
        rate = rng.gamma(k, rate / k)
    counts = rng.poisson(rate)
    low, high = params.get("min"), params.get("max")
    return np.clip(counts, 0 if low is None else int(np.ceil(low)), np.iinfo(np.int64).max if high is None else int(high)).astype(np.int64)


def _walk(params, ctx, rng, grid: Grid, layout: SeriesPlan) -> np.ndarray:
    """Geometric Brownian motion: log price steps (drift - vol²/2)·dt + vol·√dt·z."""
    dt, vol = layout.years_per_period(), params["volatility"]
    steps = (np.log1p(params["trend"]) - vol * vol / 2) * dt + vol * np.sqrt(dt) * _block_normals(ctx, f"walk:{ctx.column}", grid)
    key, start = ("walk", ctx.column), np.log(_entity_levels(params, ctx, grid.entities))
    before = _state_before(ctx, key, grid, start)
    logs = before + np.cumsum(steps, axis=0)
    _keep_state(ctx, key, grid, logs, before)
    price = np.exp(logs) * event_factors(ctx.column, params, grid)
    return np.maximum(np.round(price, params["decimals"]), 10.0 ** -params["decimals"])


def _part(params, ctx, rng, grid: Grid, layout: SeriesPlan) -> np.ndarray:
    """Binomial draws from the whole's count: each entity has its own share around `share`, and
    each period's share moves with the noise (a good week converts better)."""
    whole = np.maximum(np.floor(ctx.shared(f"series-grid:{params['of']}", lambda _: None)[1]), 0).astype(np.int64)  # a level's whole units
    odds = params["share"] / max(1e-9, 1 - params["share"])
    entity_odds = _entity_levels({**params, "mean": odds, "spread": params["spread"] / 2}, ctx, grid.entities)[None, :]
    odds_grid = entity_odds * np.exp(_ar_noise(params, ctx, grid))
    counts = rng.binomial(whole, odds_grid / (1 + odds_grid))
    return np.minimum(counts, whole).astype(np.int64)


def _total(params, ctx, rng, grid: Grid, layout: SeriesPlan) -> np.ndarray:
    """The running total of another reading per entity, from a starting total: total cases of new
    cases. What is carried to the next chunk is each entity's total at its last row written, so a
    period split between two chunks adds the values that were written, whichever chunk drew them."""
    added = np.rint(np.maximum(ctx.shared(f"series-grid:{params['of']}", lambda _: None)[1], 0)).astype(np.int64)
    key = ("total", ctx.column)
    kept = ctx.carry.get(key)
    before = kept[1] if kept is not None and kept[0] == ctx.start else np.rint(_entity_levels(params, ctx, grid.entities)).astype(np.int64)
    counted = added.copy()
    counted[0, :grid.offset] = 0  # those entities' rows of the first period were written, and counted, by the chunk before
    totals = before + np.cumsum(counted, axis=0)
    last = grid.offset + grid.size - 1  # the chunk's last row, in the grid
    period, entity = divmod(last, grid.entities)
    after = np.where(np.arange(grid.entities) <= entity, totals[period], totals[period - 1] if period else before)
    ctx.carry[key] = (ctx.start + grid.size, after)
    return totals


def _weather(params, ctx, rng, grid: Grid, layout: SeriesPlan) -> np.ndarray:
    """A weather reading from each entity's place (series_climate), events added in the reading's units."""
    times = layout.times(grid.period_numbers())
    normals = _block_normals(ctx, "climate:period", grid) if FREQUENCIES[layout.frequency][0] == "s" else None
    memo = ctx.shared("climate:days", lambda _: {})  # the chunk's weather readings share their days
    values = climate.weather(params["weather"], _places(params, ctx, grid), layout, times, _day_draws(ctx, grid.entities), normals, memo)
    factors = event_factors(ctx.column, params, grid)
    values = np.where(factors == 0, 0.0, values + (factors - 1) * np.maximum(np.abs(values), 5.0))
    low, high = params.get("min"), params.get("max")
    return np.clip(np.round(values, params["decimals"]), -np.inf if low is None else low, np.inf if high is None else high)


def _places(params, ctx, grid: Grid) -> list[climate.Place]:
    """Each entity's place: read from a column's value at the entity's first row in the chunk, or the
    named place's cities (or the locale's country's) in turn."""
    place = params.get("place") or ""
    home = LOCALE_COUNTRY.get(ctx.locale, "US")
    fallback = climate.country_places(home) or climate.places_named("London")
    named = climate.places_named(place) if place and not COLUMN_NAME.match(place) else ()
    if not COLUMN_NAME.match(place):
        chosen = named or fallback
        return [chosen[e % len(chosen)] for e in range(grid.entities)]
    values = ctx.values(place)
    texts = values.to_pylist() if isinstance(values, pa.Array | pa.ChunkedArray) else list(values)
    found = []
    for entity in range(grid.entities):
        row = (entity - ctx.start) % grid.entities
        known = climate.places_named(str(texts[row]), home) if row < len(texts) and texts[row] is not None else ()
        found.append(known[0] if known else fallback[entity % len(fallback)])
    return found


def _day_draws(ctx, entities: int) -> climate.Draws:
    """Standard normals per day and entity, in blocks of days keyed by the day's number (the same in every chunk)."""
    def draws(key: str, first: int, days: int) -> np.ndarray:
        first += climate.DAY_OFFSET
        begin, end = first // climate.DAY_BLOCK, (first + days - 1) // climate.DAY_BLOCK
        parts = [ctx.shared(f"climate:{key}:{block}:{entities}", lambda _, b=block: _rng(ctx.seed, f"climate:{key}", b).standard_normal((climate.DAY_BLOCK, entities)))
                 for block in range(begin, end + 1)]
        skip = first - begin * climate.DAY_BLOCK
        return np.concatenate(parts)[skip:skip + days]
    return draws


MAKERS = {"level": _level, "count": _count, "walk": _walk, "part": _part, "total": _total}


def _companion(params, ctx, grid: Grid, layout: SeriesPlan) -> np.ndarray:
    """Open near the previous close; high ≥ open and close ≥ low, on the close's decimals."""
    close = ctx.shared(f"series-grid:{params['of']}", lambda _: None)[1]
    size, scale = close.shape, params["volatility"] * np.sqrt(layout.years_per_period())
    opening = ctx.shared(f"series-open:{params['of']}", lambda _: _opening(params, ctx, scale))
    if params["model"] == "open":
        return opening
    factor = 10.0 ** params["decimals"]
    if params["model"] == "high":
        stretch = np.exp(0.6 * scale * np.abs(ctx.rng(f"high:{params['of']}").standard_normal(size)))
        return np.round(np.ceil(np.maximum(opening, close) * stretch * factor) / factor, params["decimals"])
    stretch = np.exp(-0.6 * scale * np.abs(ctx.rng(f"low:{params['of']}").standard_normal(size)))
    return np.round(np.floor(np.minimum(opening, close) * stretch * factor) / factor, params["decimals"])


def _opening(params, ctx, scale: float) -> np.ndarray:
    """The previous period's close times a small random gap (the first period opens near its close)."""
    previous, close = ctx.shared(f"series-grid:{params['of']}", lambda _: None)
    shifted = np.concatenate([close[:1] if previous is None else previous[None, :], close[:-1]])
    gaps = np.exp(0.2 * scale * ctx.rng(f"open:{params['of']}").standard_normal(close.shape))
    return np.round(shifted * gaps, params["decimals"])


SERIES_TYPES = [SeriesValueType]
