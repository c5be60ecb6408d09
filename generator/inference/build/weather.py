"""Weather readings of a series (data/series.toml [weather]): a temperature, a day's high or low, dew
point, humidity, precipitation, rainy days, snowfall, snow depth or sunshine measured outdoors is
drawn from a place's climate (series_value `weather`, generator/types/series_climate.py) instead
of a level with seasons as shares; the place is the entity when the entities are cities the climate
table knows, else the city, region or country the description names (a country's mountains for
ski resorts), else the locale's. Other readings' seasons that follow the weather turn with the
hemisphere, and energy peaks in the season that needs the most heating or cooling."""

from __future__ import annotations

import re
from typing import Any

from generator.types import series_climate

Column = dict[str, Any]
KEEP = ("name", "description", "unit", "null_rate")


def place_of(text: str, entity: Column, spec: dict[str, Any]) -> str | None:
    """The place the description's readings are taken at: the entity column when its values are
    places, else the first place the text names (its mountains when the entities are ski resorts)."""
    values = entity.get("values") or []
    if entity.get("type") == "city" or (values and all(series_climate.places_named(str(v)) for v in values)):
        return entity["name"]
    named = series_climate.place_in(text)
    if named is None:
        return None
    if re.search(spec["weather"]["mountain"], entity["name"].replace("_", " ")):
        high = [p for p in series_climate.places_named(named) if p.mountain]
        return high[0].name if high else named
    return named


def city_entity(entity: Column, columns: list[Column]) -> None:
    """'… for Oslo, Madrid and Sydney': named entities that are places make a `city` column."""
    values = entity.get("values") or []
    if entity["name"] == "entity" and values and all(series_climate.places_named(str(v)) for v in values) and not any(c["name"] == "city" for c in columns):
        entity.update(name="city", description="Which city the reading is of")


def weather_readings(columns: list[Column], text: str, entity: Column, spec: dict[str, Any]) -> None:
    """Outdoor readings as weather from the place's climate."""
    rules, low = spec["weather"], text.lower()
    place = place_of(text, entity, spec)
    for column in columns:
        if column.get("type") != "series_value" or column.get("model") != "level":
            continue
        words = column["name"].replace("_", " ")
        rule = next((r for r in rules["reading"] if re.search(r["words"], words)), None)
        indoor = re.search(rules["indoor"], words) or re.search(rules["indoor"], low)
        if rule is None or (not rule.get("anywhere") and not re.search(rules["outdoor"], words) and indoor):
            held = rules["held"].get(rule["weather"]) if rule else None
            if held and re.search(rules["held_in"], low) and not re.search(rules["held_not"], f"{words} {low}"):
                column.update(held)  # a room's temperature stays near its set point
            continue
        kept = {key: column[key] for key in KEEP if key in column}
        column.clear()
        column.update(kept, type="series_value", model="level", weather=rule["weather"], decimals=rule.get("decimals", 1))
        column.setdefault("unit", series_climate.UNITS[rule["weather"]])
        if place:
            column["place"] = place


def turn_seasons(columns: list[Column], text: str, entity: Column, spec: dict[str, Any]) -> None:
    """Seasons that follow the weather (data/series.toml `climate = true`) peak half a year later
    south of the equator; energy peaks in summer where summers are hot (cooling), in winter
    elsewhere (heating), and a temperature driver moves it the same way."""
    rules = spec["weather"]
    place = place_of(text, entity, spec)
    found = series_climate.places_named(place) if place and place != entity["name"] else ()
    south = bool(found) and sum(p.lat < 0 for p in found) > len(found) / 2
    hot = bool(found) and max(max(p.temp) for p in found) >= rules["cooling_above"]
    holiday = re.search(rules["holiday_places"], text.lower()) is not None
    business = next((s for s in spec["season"] if s.get("business") and re.search(rf"\b(?:{s['words']})", text.lower())), None)
    for column in columns:
        if holiday and column.get("type") == "series_value" and column.get("model") in ("level", "count") and not column.get("weather") \
                and re.search(rules["holiday_people"], column["name"].replace("_", " ")) and column.get("yearly", 0) < rules["holiday_yearly"]:
            column.update(yearly=rules["holiday_yearly"], peak_day=(200 + (182 if south else 0) - 1) % 365 + 1)  # summer at a holiday place
            continue
        if column.get("type") != "series_value" or column.get("model") not in ("level", "count") or column.get("weather") or not column.get("yearly"):
            continue
        words = column["name"].replace("_", " ")
        if business is not None and re.search(rules["business_readings"], words):
            column.update(business["params"])  # a garden centre's sales peak in spring, a ski shop's in winter
        season = next((s for s in spec["season"] if re.search(s["words"], words)), None)
        season = season or next((s for s in spec["season"] if re.search(rf"\b(?:{s['words']})", text.lower())), None)
        if season is None or not season.get("climate"):
            continue
        peak = _runoff_peak(found[0]) if season.get("runoff") and found else int(column.get("peak_day", 196))
        if hot and re.search(rules["energy"], words):
            peak = (peak + 182 - 1) % 365 + 1
            for driver in column.get("drivers") or ():
                if "value" in driver and driver["effect"] < 0:
                    driver.update(effect=-driver["effect"], value=str(rules["cooling_reference"]))
        if south and not season.get("runoff"):
            peak = (peak + 182 - 1) % 365 + 1
        column["peak_day"] = peak


def _runoff_peak(place: series_climate.Place) -> int:
    """The day of the year a river runs highest: a month after the thaw where winters freeze, else mid
    its wettest month."""
    starts = [1, 32, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335]
    coldest = min(range(12), key=lambda m: place.temp[m])
    if place.temp[coldest] < -1:
        thaw = next(m for k in range(1, 13) if place.temp[m := (coldest + k) % 12] >= 4)
        return (starts[thaw] + 14 + 30 - 1) % 365 + 1
    return starts[max(range(12), key=lambda m: place.rain[m])] + 14


def working_week(columns: list[Column], text: str, spec: dict[str, Any]) -> None:
    """Energy used in offices, schools and factories dips at weekends."""
    rules = spec["weather"]
    if not re.search(rules["workplace"], text.lower()):
        return
    for column in columns:
        if column.get("type") == "series_value" and column.get("model") in ("level", "count") and not column.get("weather") \
                and column.get("weekly", 0) > 0 and re.search(rules["energy"], column["name"].replace("_", " ")):
            column["weekly"] = rules["weekend_dip"]
