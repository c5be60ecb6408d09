"""Units a description may name ("in km", "(USD)", "duration_ms") and conversion between them.

A unit belongs to a dimension and converts to that dimension's base by `factor` (temperature by
formula). A concept in the lexicon states its range in one unit; when the description asks for
another unit of the same dimension, the range is converted rather than relabelled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    label: str  # the column's "unit" field
    suffix: str  # appended to the column name for "in <unit>"
    dim: str
    factor: float = 1.0
    default: tuple[float, float] | None = None  # a range for a column known only by its unit

    def __str__(self) -> str:
        return self.label


# (words naming the unit, may the words stand alone anywhere?) → Unit. "Weak" words (m, g, c,
# min, ...) count only right after a number, "in" or "(", or as the last word of a name.
_UNITS: list[tuple[str, bool, Unit]] = [
    (r"milliseconds?|msecs?|ms", True, Unit("ms", "ms", "time", 0.001, (1, 2000))),
    (r"seconds?|secs?", True, Unit("seconds", "seconds", "time", 1, (1, 600))),
    (r"s", False, Unit("seconds", "seconds", "time", 1, (1, 600))),
    (r"minutes?|mins", True, Unit("minutes", "minutes", "time", 60, (1, 180))),
    (r"min", False, Unit("minutes", "minutes", "time", 60, (1, 180))),
    (r"hours?|hrs?", True, Unit("hours", "hours", "time", 3600, (0.5, 48))),
    (r"h", False, Unit("hours", "hours", "time", 3600, (0.5, 48))),
    (r"days?", True, Unit("days", "days", "time", 86400, (1, 365))),
    (r"weeks?|wks?", True, Unit("weeks", "weeks", "time", 604800, (1, 52))),
    (r"months?", True, Unit("months", "months", "time", 2629800, (1, 60))),
    (r"years?|yrs?", True, Unit("years", "years", "time", 31557600, (0, 40))),
    (r"millimet(?:er|re)s?|mm", True, Unit("mm", "mm", "length", 0.001, (1, 500))),
    (r"centimet(?:er|re)s?|cms?", True, Unit("cm", "cm", "length", 0.01, (1, 200))),
    (r"kilomet(?:er|re)s?|kms?", True, Unit("km", "km", "length", 1000, (0.5, 500))),
    (r"met(?:er|re)s?", True, Unit("m", "m", "length", 1, (1, 100))),
    (r"m", False, Unit("m", "m", "length", 1, (1, 100))),
    (r"inch(?:es)?", True, Unit("in", "in", "length", 0.0254, (1, 100))),
    (r"feet|foot|ft", True, Unit("ft", "ft", "length", 0.3048, (1, 300))),
    (r"yards?|yds?", True, Unit("yd", "yd", "length", 0.9144, (1, 100))),
    (r"miles?", True, Unit("mi", "miles", "length", 1609.344, (1, 3000))),
    (r"milligrams?|mg", True, Unit("mg", "mg", "mass", 1e-6, (1, 1000))),
    (r"kilograms?|kilos?|kgs?", True, Unit("kg", "kg", "mass", 1, (1, 150))),
    (r"grams?|gr", True, Unit("g", "g", "mass", 0.001, (1, 1000))),
    (r"g", False, Unit("g", "g", "mass", 0.001, (1, 1000))),
    (r"lbs?|pounds? of weight", True, Unit("lb", "lb", "mass", 0.45359237, (2, 330))),
    (r"ounces?|oz", True, Unit("oz", "oz", "mass", 0.0283495, (1, 100))),
    (r"tonnes?|tons?", True, Unit("t", "tonnes", "mass", 1000, (1, 100))),
    (r"us dollars?|dollars?|usd|bucks", True, Unit("USD", "usd", "money", 1, (1, 1000))),
    (r"euros?|eur", True, Unit("EUR", "eur", "money", 1, (1, 1000))),
    (r"pounds? sterling|gbp|quid|pounds?", True, Unit("GBP", "gbp", "money", 1, (1, 1000))),
    (r"yen|jpy|¥", True, Unit("JPY", "jpy", "money", 0.007, (100, 100000))),
    (r"rupees?|inr", True, Unit("INR", "inr", "money", 0.012, (50, 50000))),
    (r"canadian dollars?|cad", True, Unit("CAD", "cad", "money", 1, (1, 1000))),
    (r"australian dollars?|aud", True, Unit("AUD", "aud", "money", 1, (1, 1000))),
    (r"swiss francs?|chf", True, Unit("CHF", "chf", "money", 1, (1, 1000))),
    (r"yuan|rmb|cny", True, Unit("CNY", "cny", "money", 0.14, (5, 5000))),
    (r"reais|brl", True, Unit("BRL", "brl", "money", 0.2, (5, 5000))),
    (r"pesos?|mxn", True, Unit("MXN", "mxn", "money", 0.06, (10, 10000))),
    (r"cents?", True, Unit("cents", "cents", "money", 0.01, (1, 10000))),
    (r"bytes?", True, Unit("bytes", "bytes", "data", 1, (100, 10_000_000))),
    (r"kilobytes?|kb", True, Unit("KB", "kb", "data", 1024, (1, 10000))),
    (r"megabytes?|mb", True, Unit("MB", "mb", "data", 1024**2, (1, 2048))),
    (r"gigabytes?|gb", True, Unit("GB", "gb", "data", 1024**3, (1, 512))),
    (r"terabytes?|tb", True, Unit("TB", "tb", "data", 1024**4, (1, 20))),
    (r"square (?:feet|foot)|sq\.? ?ft|sqft|ft2", True, Unit("sq ft", "sqft", "area", 0.092903, (300, 5000))),
    (r"square met(?:er|re)s?|sq\.? ?m|sqm|m2", True, Unit("m²", "sqm", "area", 1, (20, 500))),
    (r"acres?", True, Unit("acres", "acres", "area", 4046.86, (0.1, 100))),
    (r"hectares?", True, Unit("ha", "ha", "area", 10000, (0.1, 100))),
    (r"ha", False, Unit("ha", "ha", "area", 10000, (0.1, 100))),
    (r"km ?/ ?h|kmh|kph|kilomet(?:er|re)s per hour", True, Unit("km/h", "kmh", "speed", 1, (0, 130))),
    (r"mph|miles per hour", True, Unit("mph", "mph", "speed", 1.609344, (0, 80))),
    (r"m ?/ ?s|met(?:er|re)s per second", True, Unit("m/s", "ms", "speed", 3.6, (0, 40))),
    (r"knots?", True, Unit("knots", "knots", "speed", 1.852, (0, 60))),
    (r"millilit(?:er|re)s?|ml", True, Unit("ml", "ml", "volume", 0.001, (10, 1000))),
    (r"lit(?:er|re)s?", True, Unit("L", "l", "volume", 1, (0.5, 100))),
    (r"l", False, Unit("L", "l", "volume", 1, (0.5, 100))),
    (r"gallons?|gal", True, Unit("gal", "gal", "volume", 3.78541, (1, 50))),
    (r"deg(?:rees?)? ?c(?:elsius)?|celsius|centigrade", True, Unit("°C", "c", "temperature", 1, (-10, 40))),
    (r"c", False, Unit("°C", "c", "temperature", 1, (-10, 40))),
    (r"deg(?:rees?)? ?f(?:ahrenheit)?|fahrenheit", True, Unit("°F", "f", "temperature", 1, (14, 104))),
    (r"f", False, Unit("°F", "f", "temperature", 1, (14, 104))),
    (r"kelvin", True, Unit("K", "k", "temperature", 1, (263, 313))),
    (r"kwh|kilowatt[- ]hours?", True, Unit("kWh", "kwh", "energy", 1, (0.1, 100))),
    (r"beats per minute|bpm", True, Unit("bpm", "bpm", "plain", 1, (50, 180))),
    (r"decibels?|db", True, Unit("dB", "db", "plain", 1, (30, 110))),
    (r"mg ?/ ?dl", True, Unit("mg/dL", "mg_dl", "plain", 1, (50, 300))),
    (r"mm ?hg", True, Unit("mmHg", "mmhg", "plain", 1, (60, 180))),
    (r"hpa|mbar|millibars?", True, Unit("hPa", "hpa", "plain", 1, (980, 1040))),
    (r"kcal|calories", True, Unit("kcal", "kcal", "plain", 1, (50, 1500))),
    (r"rpm", True, Unit("rpm", "rpm", "plain", 1, (600, 7000))),
    (r"kilowatts?|kw", True, Unit("kW", "kw", "plain", 1, (0.1, 100))),
    (r"watts?", True, Unit("W", "w", "plain", 1, (1, 3000))),
    (r"volts?", True, Unit("V", "v", "plain", 1, (1, 240))),
    (r"amps?|amperes?", True, Unit("A", "a", "plain", 1, (0.1, 30))),
    (r"pixels?|px", True, Unit("px", "px", "plain", 1, (1, 4000))),
    (r"ppm", True, Unit("ppm", "ppm", "plain", 1, (300, 2000))),
    (r"lux|lx", True, Unit("lux", "lux", "plain", 1, (0, 100000))),
    (r"[µu]g ?/ ?m3", True, Unit("µg/m³", "ugm3", "plain", 1, (0, 300))),
    (r"percent(?:age)?|pct", True, Unit("%", "pct", "percent", 1, (0, 100))),
]
_SCALES = [(r"thousands?(?: of)?|\$?k\$?|000s|\$?1,?000s", 1e3, "thousand"), (r"millions?(?: of)?|\$mm?|mm?\$|mm", 1e6, "million"), (r"billions?(?: of)?", 1e9, "billion")]
MEASURE_WORDS = {"mass", "weight", "length", "height", "width", "depth", "distance", "temp", "temperature", "time", "duration", "volume", "speed", "size", "area", "altitude", "elevation", "capacity", "power", "energy", "price", "cost", "amount", "salary", "income", "fare", "value", "delay", "latency"}
_STRONG = re.compile(r"(?<![\w$€£¥])(" + "|".join(p for p, strong, _ in _UNITS if strong) + r")(?![\w/])")
_SYMBOLS = {"$": "usd", "€": "eur", "£": "gbp", "¥": "jpy"}
_WEAK_CONTEXT = r"(?:(?<=\bin )|(?<=\()|(?<=\d)|(?<=\d )|(?<=per ))"


def _lookup(word: str, strong_only: bool) -> Unit | None:
    for pattern, strong, unit in _UNITS:
        if (strong or not strong_only) and re.fullmatch(pattern, word):
            return unit
    return None


def find_unit(text: str, prefer_dim: str = "") -> Unit | None:
    """The unit named in modifier text such as 'in km', '(USD)', '20-90 kg', or None.

    When several are named, one of `prefer_dim` wins, then the first.
    """
    low = text.lower()
    found: list[tuple[int, Unit]] = []
    for match in _STRONG.finditer(low):
        found.append((match.start(), _lookup(match.group(1), True)))
    for pattern, strong, unit in _UNITS:
        weak = None if strong else re.search(_WEAK_CONTEXT + rf"({pattern})(?![\w/])", low)
        if weak:
            found.append((weak.start(), unit))
    for symbol, code in _SYMBOLS.items():
        position = low.find(symbol)
        if position >= 0:
            found.append((position, _lookup(code, True)))
    if prefer_dim == "mass" and re.search(r"\bpounds?\b", low):
        found.append((-1, _lookup("lbs", True)))
    if prefer_dim == "temperature" and re.search(r"\bdeg(?:rees?)?\b", low):
        found.append((10**6, _lookup("celsius", True)))
    preferred = [item for item in found if item[1].dim == prefer_dim]
    chosen = sorted(preferred or found, key=lambda item: item[0])
    return chosen[0][1] if chosen else None


def find_scale(text: str) -> tuple[float, str]:
    """'in thousands' → (1000, 'thousand'); (1, '') when no scale is named."""
    low = text.lower()
    for pattern, factor, word in _SCALES:
        if re.search(rf"(?:\bin |\(|^)(?:{pattern})(?=\W|$)|(?<![\w$])(?:{pattern})\s*(?:of )?(?:dollars|usd|euros|\$)", low):
            return factor, word
    return 1.0, ""


def trailing_unit(name_words: list[str]) -> Unit | None:
    """A unit written as the last word of a name: duration_ms, body_mass_g, temp_c, price_usd."""
    if len(name_words) < 2:
        return None
    last, before = name_words[-1], name_words[-2]
    unit = _lookup(last, True)
    if unit is None and (before in MEASURE_WORDS or before in {"body", "bill", "flipper"}):
        unit = _lookup(last, False)
    if unit is not None and unit.dim == "time" and last in {"day", "week", "month", "year", "hour", "minute", "second"}:
        return None  # "day of the week", "birth year": a time word, not a unit
    return unit


def convert(value: float, source: Unit, target: Unit) -> float:
    """A value in `source` units expressed in `target` units (same dimension)."""
    if source.dim == "temperature":
        celsius = {"°C": value, "°F": (value - 32) * 5 / 9, "K": value - 273.15}[source.label]
        return {"°C": celsius, "°F": celsius * 9 / 5 + 32, "K": celsius + 273.15}[target.label]
    return value * source.factor / target.factor


def unit_by_label(label: str) -> Unit | None:
    return next((unit for _, _, unit in _UNITS if unit.label == label), None)
