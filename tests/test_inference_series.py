"""The offline inferrer's series: gaps, late timestamps, planted spikes, holidays and drivers read
from the description (generator/inference/data/series.toml), and a measured thing named before a
column list kept as the reading."""

import datetime as dt

import pytest

from generator.inference.sources.offline import infer_schema
from generator.schema import DatasetSchema

TODAY = dt.date(2025, 6, 15)


def infer(text):
    schema = infer_schema(text, today=TODAY)
    DatasetSchema.from_dict(schema)  # every inferred schema validates
    return schema, {c["name"]: c for c in schema["columns"]}


def test_closed_days_become_a_gap_not_a_column():
    schema, columns = infer("daily sales per store for 20 stores with a promo flag, closed on Sundays")
    assert schema["series"]["closed_weekdays"] == [6] and schema["series"]["entities"] == 20
    assert not any("closed" in name or "sunday" in name for name in columns)
    assert columns["sales"]["type"] == "series_value"


def test_a_promotion_drives_sales_and_temperature_drives_energy():
    _, columns = infer("daily sales per store for 20 stores with a promo flag")
    assert columns["sales"]["drivers"] == [{"column": "promo", "effect": 0.4}]
    _, columns = infer("hourly electricity consumption in kWh for 30 homes with outdoor temperature")
    energy = columns["electricity_consumption"]
    assert energy["unit"] == "kWh" and energy["drivers"][0]["column"] == "outdoor_temperature"
    assert energy["drivers"][0]["effect"] < 0  # colder hours use more


def test_dropouts_jitter_and_spikes_are_read_from_the_description():
    schema, columns = infer("readings roughly every 15 minutes from 12 air quality sensors: pm2.5, humidity, with sensor dropouts")
    assert schema["series"]["dropout"] > 0 and 0 < schema["series"]["jitter"] <= 450
    assert not any("dropout" in name for name in columns)
    schema, columns = infer("CPU load of 30 servers every minute with spikes for anomaly detection")
    assert columns["cpu_load"]["event_rate"] > 0 and columns["cpu_load"].get("max") == 100
    assert "spikes" not in columns


@pytest.mark.parametrize("text, entity, entities, frequency", [
    ("footfall per shop per day over several years", "shop", 10, "day"),
    ("closing prices of a handful of stocks", "ticker", 5, "business_day"),
    ("daily ice cream sales and temperature for 5 kiosks during 2023", "kiosk", 5, "day"),
    ("covid cases by country and date with new cases, new deaths and total vaccinations", "country", 10, "day"),
])
def test_entities_and_frequency_from_everyday_phrasing(text, entity, entities, frequency):
    schema, columns = infer(text)
    assert (schema["series"]["entity"], schema["series"]["entities"], schema["series"]["frequency"]) == (entity, entities, frequency)
    assert not any(name.endswith(("_for", "_of", "_per")) for name in columns)


def test_shop_readings_rise_before_christmas_and_counts_are_overdispersed():
    _, columns = infer("daily visitors per museum for 8 museums over 3 years")
    visitors = columns["visitors"]
    assert visitors["model"] == "count" and visitors["weekly"] > 0 and visitors["yearly"] > 0  # seasons by what is measured
    assert visitors["holiday_dates"] and visitors["holiday_effect"] > 0


def test_a_total_of_things_no_concept_knows_is_a_count_not_money():
    schema, columns = infer("covid cases by country and date with new cases, new deaths and total vaccinations")
    assert columns["total_vaccinations"].get("unit") != "USD" and "vaccinations" in columns["total_vaccinations"]["description"].lower()
    single = {c["name"]: c for c in infer_schema("stores with name, city and total sales", today=TODAY)["columns"]}
    assert single["total_sales"]["type"] == "price"  # sales are money


def test_a_total_beside_its_new_ones_is_their_running_total():
    schema, columns = infer("covid cases by country and date with new cases, new deaths and total cases")
    assert columns["total_cases"]["model"] == "total" and columns["total_cases"]["of"] == "new_cases"
    _, installs = infer("daily installs and cumulative installs for 5 apps during 2024")
    assert installs["cumulative_installs"]["model"] == "total" and installs["cumulative_installs"]["of"] == "installs"
    DatasetSchema.from_dict(schema)


def test_a_shops_day_has_hundreds_of_customers_who_each_spend_a_basket():
    schema, columns = infer("daily sales of 3 bakeries in Lyon during 2024 with revenue, number of customers and average basket")
    assert "sales" not in columns  # the revenue is the sales
    assert columns["num_customers"]["mean"] >= 100 and 3 <= columns["average_basket"]["mean"] <= 20
    assert columns["revenue"]["expression"] == "round(num_customers * average_basket, 2)"
    DatasetSchema.from_dict(schema)


@pytest.mark.parametrize("description, entity, readings", [
    ("yearly GDP, population and life expectancy per country from 2000 to 2020", "country", {"gdp", "population", "life_expectancy"}),
    ("daily temperature and rainfall per city in 2022", "city", {"temperature", "rainfall"}),
    ("hourly cpu load and disk use per server", "server", {"cpu_load", "disk_use"}),
])
def test_a_per_entity_tail_after_the_last_reading_names_the_entity_not_a_column(description, entity, readings):
    from generator.inference.sources.offline import infer_schema

    schema = infer_schema(description)
    assert schema["series"]["entity"] == entity
    assert readings <= {c["name"] for c in schema["columns"] if c["type"] == "series_value"}


def test_a_list_of_places_before_the_column_list_is_what_the_series_is_about():
    from generator.inference.sources.offline import infer_schema

    several = infer_schema("daily weather for Oslo, Madrid and Sydney in 2023: max temperature, min temperature, precipitation")
    names = [c["name"] for c in several["columns"]]
    assert {"max_temperature", "min_temperature", "precipitation"} <= set(names) and not [n for n in names if "oslo" in n]
    assert several["series"]["entity"] == "city" and several["series"]["entities"] == 3
    one = infer_schema("daily weather in Oslo in 2023: max temperature, min temperature, precipitation")
    city = next(c for c in one["columns"] if c["name"] == one["series"]["entity"])
    assert city["name"] == "city" and city["values"] == ["Oslo"]
    headed = infer_schema("Name, Email and Age: a list of customers")
    assert [c["name"] for c in headed["columns"]] == ["name", "email", "age"]


def _frame(schema, rows):
    import io

    import pandas as pd

    from generator.engine import generate_chunks
    from generator.writers import csv_stream

    parsed = DatasetSchema.from_dict(schema)
    data = b"".join(csv_stream(parsed, generate_chunks(parsed, rows=rows, seed=3)))
    return pd.read_csv(io.BytesIO(data))


def _lag1(df, entity, column):
    return float(df.groupby(entity)[column].apply(lambda s: s.autocorr(1)).mean())


def test_a_reading_a_minute_apart_keeps_its_departures_for_many_minutes():
    schema, columns = infer("oven temperature every minute for 3 bread ovens")
    assert columns["oven_temperature"]["memory"] >= 0.95
    assert _lag1(_frame(schema, 3 * 600), "oven", "oven_temperature") > 0.9


def test_a_count_of_a_few_dozen_keeps_memory_poisson_noise_does_not_hide():
    """A count's rate departs from its level by enough to show through the Poisson noise of its
    mean (20 orders a day: noise sqrt(4 / 20)), and no more than the cap for a handful."""
    from generator.inference.build.memory import remembered
    from generator.inference.knowledge.loader import data_file

    orders = {"name": "orders", "type": "series_value", "model": "count", "mean": 20.0, "noise": 0.15, "memory": 0.7}
    few = {"name": "few", "type": "series_value", "model": "count", "mean": 1.0, "noise": 0.15, "memory": 0.7}
    big = {"name": "big", "type": "series_value", "model": "count", "mean": 5000.0, "noise": 0.15, "memory": 0.7}
    remembered([orders, few, big], "day", data_file("series"))
    assert orders["noise"] == pytest.approx(0.447, abs=0.001) and few["noise"] == 0.5 and big["noise"] == 0.15
    schema = {"version": 1, "title": "Orders", "series": {"entity": "shop", "entities": 12, "time": "date", "frequency": "day", "start": "2024-01-01"},
              "columns": [{"name": "date", "type": "date"}, {"name": "shop", "type": "code", "pattern": "S-###"}, orders]}
    before = {**schema, "columns": [*schema["columns"][:2], {**orders, "noise": 0.15}]}
    assert _lag1(_frame(schema, 12 * 300), "shop", "orders") > 0.45 > _lag1(_frame(before, 12 * 300), "shop", "orders")


def test_quantities_that_grow_with_size_move_together_and_rates_do_not():
    schema, columns = infer("weekly revenue, costs and conversion rate (%) for 20 shops")
    assert columns["costs"]["moves_with"] == "revenue" and "moves_with" not in columns["conversion_rate"]
    df = _frame(schema, 20 * 100)
    assert df["revenue"].corr(df["costs"], method="spearman") > 0.5


def test_a_ratio_of_two_readings_is_computed_from_them():
    schema, columns = infer("daily flour used in kg, loaves baked and flour per loaf for 5 bakeries")
    assert columns["flour_per_loaf"]["expression"] == "round(flour_used_kg / loaves_baked, 3)"
    df = _frame(schema, 5 * 50).dropna()
    assert (df["flour_per_loaf"] - df["flour_used_kg"] / df["loaves_baked"]).abs().max() < 0.001


def test_a_flow_through_a_place_is_many_records_not_one():
    """'Number of passengers' is a booking's 1 or 2: a bus stop's boardings in an hour are many."""
    _, columns = infer("passengers boarding and alighting per hour at 8 bus stops over a week")
    assert columns["passengers_boarding"]["model"] == "count" and columns["passengers_boarding"]["mean"] >= 10


@pytest.mark.parametrize("text, entity, values, frequency", [
    ("water level in cm at 8 ponds, recorded daily since 2022", "pond", None, "day"),
    ("daily settlement prices of wheat, corn and soybean futures since 2020", "future", ["Wheat", "Corn", "Soybean"], "business_day"),
    ("weekly share of returning customers (%) for 15 shops during 2024", "shop", None, "week"),
])
def test_series_said_in_more_ways(text, entity, values, frequency):
    schema, columns = infer(text)
    assert schema["series"]["entity"] == entity and schema["series"]["frequency"] == frequency
    assert values is None or columns[entity]["values"] == values
    readings = [c for c in columns.values() if c["type"] == "series_value"]
    assert readings and all(c.get("max", 100) <= 100 for c in readings if c.get("unit") == "%")
    assert "%" not in text or any(c.get("unit") == "%" for c in readings)


def test_a_level_near_its_bound_moves_within_the_room_left():
    """Oxygen saturation around 97 of 100 %: patients differ by a point or two and readings move
    below the bound, not 30% apart and piled up at 100."""
    schema, columns = infer("blood oxygen saturation (%) of 10 patients every minute")
    reading = next(c for c in columns.values() if c["type"] == "series_value")
    assert reading["spread"] <= 0.05 and reading["noise"] <= 0.05
    df = _frame(schema, 10 * 200)
    values = df[reading["name"]]
    assert values.between(85, 100).all() and (values == 100).mean() < 0.1  # 30% apart, half of them would sit at 100
