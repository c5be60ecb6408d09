"""Series: entities × regular timestamps, values with trend, seasons, memory and planted events."""

import io
import json
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from generator.engine import CHUNK_ROWS, generate_chunks, generate_tables
from generator.schema import DatasetSchema, SchemaError
from generator.tables import MultiTableSchema
from generator.writers import FORMATS, csv_stream
from generator.writers.dictionary import dictionary_build, dictionary_markdown
from generator.writers.multi import multi_zip_stream

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def series_schema(columns, time_type="", **series):
    spec = {"entity": "sensor", "entities": 4, "time": "time", "frequency": "day", "start": "2024-01-01", **series}
    time_type = time_type or ("datetime" if spec["frequency"] in ("minute", "5min", "10min", "15min", "30min", "hour") else "date")
    base = [{"name": "time", "type": time_type}, {"name": "sensor", "type": "code", "pattern": "S-###"}]
    return DatasetSchema.from_dict({"title": "Readings", "series": spec, "columns": base + columns})


def csv_bytes(schema, rows, seed=1):
    return b"".join(csv_stream(schema, generate_chunks(schema, rows=rows, seed=seed)))


def frame(schema, rows, seed=1):
    time = schema.series["time"]
    return pd.read_csv(io.BytesIO(csv_bytes(schema, rows, seed)), parse_dates=[time])


def per_entity(df, schema, column):
    """{entity: values in time order}."""
    entity, time = schema.series["entity"], schema.series["time"]
    return {key: group.sort_values(time)[column].to_numpy(float) for key, group in df.groupby(entity)}


def lag1(values):
    values = values - values.mean()
    return float((values[1:] * values[:-1]).sum() / (values * values).sum())


def dominant_period(values, shortest=2.0, longest=None):
    """The period (in samples) with the largest periodogram power between shortest and longest."""
    detrended = values - np.polyval(np.polyfit(np.arange(len(values)), values, 1), np.arange(len(values)))
    power = np.abs(np.fft.rfft(detrended)) ** 2
    freqs = np.fft.rfftfreq(len(values))
    keep = (freqs > 0) & (freqs <= 1 / shortest) & (freqs >= (1 / longest if longest else 0))
    return 1 / freqs[keep][np.argmax(power[keep])]


# --- layout -------------------------------------------------------------------------------------


def test_rows_are_time_then_entity_with_exactly_the_entities_asked_for():
    schema = series_schema([{"name": "value", "type": "series_value"}], entities=7)
    df = frame(schema, 7 * 30)
    assert df["sensor"].nunique() == 7
    assert list(df["sensor"][:7]) == list(df["sensor"][7:14])
    assert (df["time"].diff().dt.days.fillna(0) >= 0).all()
    assert df.groupby("time").size().eq(7).all()


@pytest.mark.parametrize("frequency, freq", [("minute", "min"), ("5min", "5min"), ("10min", "10min"), ("15min", "15min"), ("30min", "30min"), ("hour", "h"), ("day", "D"),
                                            ("week", "W-MON"), ("month", "MS"), ("quarter", "QS-JAN"), ("year", "YS-JAN")])
def test_each_entity_is_regular_at_the_frequency_and_asfreq_works(frequency, freq):
    schema = series_schema([{"name": "value", "type": "series_value", "yearly": 0.2}], frequency=frequency)
    df = frame(schema, 4 * 60)
    for _, group in df.groupby("sensor"):
        regular = group.set_index("time").asfreq(freq)
        assert len(regular) == 60 and regular["value"].notna().all()


def test_closed_days_and_holidays_are_the_only_gaps():
    schema = series_schema([{"name": "value", "type": "series_value"}], closed_weekdays=[6], holidays=["2024-01-10"])
    df = frame(schema, 4 * 100)
    for _, group in df.groupby("sensor"):
        full = group.set_index("time").asfreq("D")
        missing = full.index[full["value"].isna()]
        assert len(group) == 100 and len(missing) > 0
        assert all(day.weekday() == 6 or day == pd.Timestamp("2024-01-10") for day in missing)
        assert (group["time"].dt.day_of_week != 6).all()


def test_business_days_skip_weekends_and_match_pandas():
    schema = series_schema([{"name": "value", "type": "series_value"}], frequency="business_day")
    df = frame(schema, 4 * 50)
    for _, group in df.groupby("sensor"):
        assert len(group.set_index("time").asfreq("B")) == 50


def test_dropout_empties_readings_but_keeps_entity_and_time():
    schema = series_schema([{"name": "a", "type": "series_value"}, {"name": "b", "type": "series_value", "model": "count"}], dropout=0.1)
    df = frame(schema, 8000)
    assert 0.08 < df["a"].isna().mean() < 0.12
    assert (df["a"].isna() == df["b"].isna()).all()
    assert df["time"].notna().all() and df["sensor"].notna().all()


def test_a_category_entity_uses_its_values_in_order():
    schema = DatasetSchema.from_dict(json.loads((EXAMPLES / "stocks.json").read_text()))
    df = frame(schema, 80)
    assert list(df["ticker"][:8]) == schema.column("ticker").params["values"]


# --- values -------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["level", "count"])
def test_memory_gives_lag1_autocorrelation(model):
    schema = series_schema([{"name": "value", "type": "series_value", "model": model, "mean": 200, "noise": 0.2, "memory": 0.8}])
    df = frame(schema, 4 * 2000)
    for values in per_entity(df, schema, "value").values():
        assert lag1(values) >= 0.5


def test_without_memory_there_is_little_autocorrelation():
    schema = series_schema([{"name": "value", "type": "series_value", "noise": 0.2}])
    values = per_entity(frame(schema, 4 * 2000), schema, "value")
    assert all(abs(lag1(v)) < 0.1 for v in values.values())


def test_periodogram_peaks_at_each_season_asked_for():
    daily = series_schema([{"name": "value", "type": "series_value", "daily": 0.4, "noise": 0.1}], frequency="hour")
    for values in per_entity(frame(daily, 4 * 24 * 30), daily, "value").values():
        assert dominant_period(values) == pytest.approx(24, rel=0.02)
    both = series_schema([{"name": "value", "type": "series_value", "weekly": 0.3, "yearly": 0.3, "noise": 0.05}])
    for values in per_entity(frame(both, 4 * 365 * 4), both, "value").values():
        assert dominant_period(values, longest=30) == pytest.approx(7, rel=0.02)
        assert dominant_period(values, shortest=30) == pytest.approx(365, rel=0.03)


def test_a_level_stays_within_min_and_max():
    schema = series_schema([{"name": "humidity", "type": "series_value", "mean": 80, "noise": 0.3, "memory": 0.5, "min": 0, "max": 100}])
    df = frame(schema, 5000)
    assert df["humidity"].between(0, 100).all()


def test_entities_differ_in_level():
    schema = series_schema([{"name": "sales", "type": "series_value", "model": "count", "mean": 100, "spread": 0.8}], entities=20)
    means = frame(schema, 20 * 200).groupby("sensor")["sales"].mean()
    assert means.max() > 2 * means.min()


def test_a_trend_grows_the_level():
    schema = series_schema([{"name": "sales", "type": "series_value", "trend": 0.5, "growth": "multiplicative", "noise": 0.05}])
    df = frame(schema, 4 * 730)
    first, second = df[df["time"] < "2025-01-01"]["sales"].mean(), df[df["time"] >= "2025-01-01"]["sales"].mean()
    assert second / first == pytest.approx(1.5, rel=0.1)


def test_ohlc_hold_in_every_row_and_open_is_near_the_previous_close():
    schema = DatasetSchema.from_dict(json.loads((EXAMPLES / "stocks.json").read_text()))
    df = frame(schema, 2 * CHUNK_ROWS + 1000)
    assert (df["low"] <= df[["open", "close"]].min(axis=1)).all()
    assert (df["high"] >= df[["open", "close"]].max(axis=1)).all()
    assert (df["low"] > 0).all()
    gaps = []
    for _, group in df.groupby("ticker"):
        gaps.extend(np.abs(group["open"].to_numpy()[1:] / group["close"].to_numpy()[:-1] - 1))
    assert np.quantile(gaps, 0.99) < 0.03
    assert df["volume"].dtype.kind == "i"


def test_a_part_never_exceeds_its_whole_and_keeps_its_share_across_chunks():
    schema = series_schema([
        {"name": "visitors", "type": "series_value", "model": "count", "mean": 400, "weekly": 0.3, "memory": 0.5},
        {"name": "clicks", "type": "series_value", "model": "part", "of": "visitors", "share": 0.2, "memory": 0.6},
        {"name": "orders", "type": "series_value", "model": "part", "of": "clicks", "share": 0.1},
    ], entities=6)
    rows = 3 * CHUNK_ROWS + 17
    df = frame(schema, rows)
    assert (df["clicks"] <= df["visitors"]).all() and (df["orders"] <= df["clicks"]).all()
    assert df["clicks"].sum() / df["visitors"].sum() == pytest.approx(0.2, rel=0.25)
    assert df["orders"].sum() / df["clicks"].sum() == pytest.approx(0.1, rel=0.25)
    assert df["clicks"].dtype.kind == "i" and df[["visitors", "clicks"]].corr(method="spearman").iloc[0, 1] > 0.5
    assert csv_bytes(schema, rows)[: len(csv_bytes(schema, 5000))] == csv_bytes(schema, 5000)  # the prefix property


def test_a_running_total_adds_up_its_reading_per_entity_across_chunks():
    schema = series_schema([
        {"name": "new_cases", "type": "series_value", "model": "count", "mean": 300, "weekly": 0.2, "memory": 0.5},
        {"name": "total_cases", "type": "series_value", "model": "total", "of": "new_cases", "mean": 50000, "spread": 0.5},
    ], entities=7)
    rows = 3 * CHUNK_ROWS + 29
    df = frame(schema, rows)
    for _, group in df.groupby("sensor"):
        ordered = group.sort_values("time")
        totals, added = ordered["total_cases"].to_numpy(), ordered["new_cases"].to_numpy()
        assert (np.diff(totals) == added[1:]).all()  # each day's total is yesterday's plus today's new cases
        assert totals[0] >= added[0] and 10_000 < totals[0] - added[0] < 250_000  # a total before the first day
    assert df["total_cases"].dtype.kind == "i"
    assert csv_bytes(schema, rows)[: len(csv_bytes(schema, 5000))] == csv_bytes(schema, 5000)  # the prefix property
    with pytest.raises(SchemaError, match="total need of"):
        series_schema([{"name": "total_cases", "type": "series_value", "model": "total"}])


def test_walk_returns_have_the_volatility_asked_for():
    schema = series_schema([{"name": "close", "type": "series_value", "model": "walk", "volatility": 0.4, "decimals": 4}], frequency="business_day")
    for values in per_entity(frame(schema, 4 * 2000), schema, "close").values():
        returns = np.diff(np.log(values))
        assert returns.std() * np.sqrt(260.9) == pytest.approx(0.4, rel=0.1)
        assert abs(lag1(returns)) < 0.1


# --- planted events -----------------------------------------------------------------------------


EVENTFUL = [{"name": "load", "type": "series_value", "mean": 100, "noise": 0.04, "weekly": 0.2, "event_rate": 0.004, "event_size": 0.8,
             "events": ["spike 150 2 +1", "shift 400 1 +0.5", "outage 600 all 3"]}]


def test_planted_spikes_are_where_the_dictionary_says_and_a_rolling_zscore_finds_them():
    schema = series_schema(EVENTFUL)
    rows = 4 * 1000
    df = frame(schema, rows)
    events = dictionary_build(schema=schema, rows=rows, seed=1, answers=True)["events"]
    spikes = [e for e in events if e["kind"] == "spike"]
    assert len(spikes) > 10
    entity_of = list(df["sensor"][:4])
    found = 0
    for event in spikes:
        group = df[df["sensor"] == entity_of[event["entity"]]].set_index("time")["load"]
        baseline = group.rolling(15, center=True, min_periods=5).median()
        spread = (group - baseline).abs().rolling(61, center=True, min_periods=10).median() * 1.4826
        z = ((group - baseline) / spread).loc[pd.Timestamp(event["time"])]
        found += abs(z) > 4
        assert df.iloc[event["row"] - 1]["sensor"] == entity_of[event["entity"]]
    assert found >= 0.8 * len(spikes)


def test_shifts_and_outages_are_in_the_data():
    schema = series_schema(EVENTFUL)
    df = frame(schema, 4 * 1000)
    shifted = df[df["sensor"] == df["sensor"][1]].set_index("time")["load"]
    assert shifted.iloc[400:450].mean() / shifted.iloc[350:400].mean() == pytest.approx(1.5, rel=0.1)
    assert (df[df["time"].isin(sorted(df["time"].unique())[600:603])]["load"] == 0).all()


def test_the_dictionary_lists_the_series_and_its_answer_key():
    schema = series_schema(EVENTFUL)
    text = dictionary_markdown(dictionary_build(schema=schema, rows=4000, seed=1, answers=True))
    assert "## Series" in text and "4 entities (sensor) × 1,000 periods" in text
    assert "| `load` | spike | 2024-05-30 | 2 | 603 | +1 |" in text
    assert "outage for 3 periods" in text


def test_event_places_do_not_depend_on_the_seed():
    schema = series_schema(EVENTFUL)
    assert dictionary_build(schema=schema, rows=4000, seed=1, answers=True)["events"] == dictionary_build(schema=schema, rows=4000, seed=2, answers=True)["events"]


# --- determinism, chunks and formats -------------------------------------------------------------


@pytest.mark.parametrize("entities", [1, 7, 3000, 10_000])
def test_prefix_and_bytes_are_stable_across_chunk_boundaries(entities):
    data = json.loads((EXAMPLES / "stocks.json").read_text())
    data["series"] = {"entity": "ticker", "entities": entities, "time": "date", "frequency": "day", "start": "2020-01-01"}
    data["columns"][1] = {"name": "ticker", "type": "code", "pattern": "??###"}
    data["columns"].append({"name": "load", "type": "series_value", "memory": 0.9, "weekly": 0.2, "event_rate": 0.01})
    schema = DatasetSchema.from_dict(data)
    rows = 2 * CHUNK_ROWS + 777
    whole = csv_bytes(schema, rows, seed=5)
    assert whole == csv_bytes(schema, rows, seed=5)
    lines = whole.splitlines(keepends=True)
    for k in (CHUNK_ROWS - 3, CHUNK_ROWS + 1, 2 * CHUNK_ROWS):
        assert b"".join(lines[: k + 1]) == csv_bytes(schema, k, seed=5)


def test_state_carries_smoothly_across_chunks():
    schema = series_schema([{"name": "value", "type": "series_value", "noise": 0.2, "memory": 0.95, "decimals": 4}], entities=3)
    values = per_entity(frame(schema, 3 * CHUNK_ROWS), schema, "value")
    for series in values.values():
        steps = np.abs(np.diff(series))
        boundary = CHUNK_ROWS // 3
        assert steps[boundary - 2:boundary + 2].max() < 5 * np.median(steps) + 1e-9


def test_parquet_holds_the_same_series_as_csv():
    schema = DatasetSchema.from_dict(json.loads((EXAMPLES / "server_cpu.json").read_text()))
    rows = CHUNK_ROWS + 100
    data = b"".join(FORMATS["parquet"].write(schema, generate_chunks(schema, rows=rows, seed=3), {}))
    parquet = pd.read_parquet(io.BytesIO(data))
    csv = frame(schema, rows, seed=3)
    assert (parquet["timestamp"].to_numpy() == csv["timestamp"].to_numpy()).all()
    assert np.allclose(parquet["cpu_percent"], csv["cpu_percent"], equal_nan=True)
    for _, group in parquet.groupby("server"):
        assert len(group.set_index("timestamp").asfreq("5min")) == len(group)


SHOPS = {
    "version": 1, "title": "Shops and sales",
    "tables": [
        {"name": "stores", "columns": [{"name": "store_id", "type": "id", "start": 100}, {"name": "city", "type": "city"}]},
        {"name": "daily_sales", "rows_ratio": 365, "series": {"entity": "store_id", "entities": 20, "time": "date", "frequency": "day", "start": "2024-01-01"},
         "columns": [{"name": "date", "type": "date"}, {"name": "store_id", "type": "reference", "table": "stores"},
                     {"name": "sales", "type": "series_value", "model": "count", "mean": 300, "weekly": 0.3, "memory": 0.5}]},
    ],
}


def test_a_multi_table_series_references_its_parent_as_the_entity():
    schema = MultiTableSchema.from_dict(SHOPS)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(multi_zip_stream(schema, generate_tables(schema, rows=20, seed=4), rows=20, seed=4))))
    stores = pd.read_csv(archive.open("stores.csv"))
    sales = pd.read_csv(archive.open("daily_sales.csv"), parse_dates=["date"])
    assert len(sales) == 20 * 365
    assert sorted(sales["store_id"].unique()) == sorted(stores["store_id"])
    for _, group in sales.groupby("store_id"):
        assert len(group.set_index("date").asfreq("D")) == 365
    assert "A series: 20 entities (store_id) × 365 periods" in archive.read("dictionary.md").decode()


def test_a_reference_entity_has_at_most_the_parents_rows():
    schema = MultiTableSchema.from_dict(SHOPS)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(multi_zip_stream(schema, generate_tables(schema, rows=5, seed=4), rows=5, seed=4))))
    sales = pd.read_csv(archive.open("daily_sales.csv"))
    assert sorted(sales["store_id"].unique()) == [100, 101, 102, 103, 104]


@pytest.mark.parametrize("name", ["footfall", "server_cpu", "stocks"])
def test_each_example_validates_and_generates(name):
    data = json.loads((EXAMPLES / f"{name}.json").read_text())
    schema = DatasetSchema.from_dict(data)
    assert DatasetSchema.from_dict(schema.to_dict()).schema_id == schema.schema_id
    df = frame(schema, 2000)
    assert len(df) == 2000 and df[schema.series["entity"]].nunique() == schema.series["entities"]


def test_negative_binomial_counts_are_burstier_than_poisson():
    base = {"name": "calls", "type": "series_value", "model": "count", "mean": 50, "spread": 0, "noise": 0}
    poisson = frame(series_schema([base]), 4 * 1000)["calls"]
    bursty = frame(series_schema([{**base, "dispersion": 2}]), 4 * 1000)["calls"]
    assert poisson.var() / poisson.mean() == pytest.approx(1, abs=0.2)
    # negative binomial: variance = mean + mean² / k = 50 + 1250
    assert bursty.mean() == pytest.approx(50, rel=0.1)
    assert bursty.var() == pytest.approx(50 + 50 * 50 / 2, rel=0.25)


def test_holiday_dates_change_the_level_on_those_days_only():
    schema = series_schema([{"name": "sales", "type": "series_value", "mean": 100, "spread": 0, "noise": 0.02,
                             "holiday_dates": ["12-25", "2024-11-29"], "holiday_effect": -0.6}])
    df = frame(schema, 4 * 730)
    day = df["time"].dt.strftime("%m-%d")
    hit = (day == "12-25") | (df["time"] == "2024-11-29")
    assert hit.sum() == 4 * 3  # two Christmases and one Black Friday, four entities
    assert df.loc[hit, "sales"].mean() == pytest.approx(40, rel=0.1)
    assert df.loc[~hit, "sales"].mean() == pytest.approx(100, rel=0.05)


def test_drivers_move_the_level_row_by_row():
    """A promotion lifts sales by e^0.5 when it runs; each degree below 18 adds 3% to energy use."""
    schema = series_schema([
        {"name": "promo", "type": "boolean", "true_rate": 0.3},
        {"name": "temperature", "type": "series_value", "mean": 15, "spread": 0, "yearly": 0.6, "noise": 0.1},
        {"name": "sales", "type": "series_value", "model": "count", "mean": 100, "spread": 0, "noise": 0.05,
         "drivers": [{"column": "promo", "effect": 0.5}]},
        {"name": "energy", "type": "series_value", "mean": 50, "spread": 0, "noise": 0.02,
         "drivers": [{"column": "temperature", "effect": -0.03, "value": "18"}]},
    ], entities=3)
    df = frame(schema, 3 * 400)
    lift = df[df["promo"]]["sales"].mean() / df[~df["promo"]]["sales"].mean()
    assert lift == pytest.approx(np.exp(0.5), rel=0.08)
    assert df["energy"].corr(df["temperature"], method="spearman") < -0.9
    expected = 50 * np.exp(-0.03 * (df["temperature"] - 18))
    assert (df["energy"] / expected).median() == pytest.approx(1, abs=0.03)


def test_drivers_keep_the_prefix_and_bytes_across_chunks():
    schema = series_schema([
        {"name": "promo", "type": "boolean", "true_rate": 0.3},
        {"name": "sales", "type": "series_value", "model": "count", "mean": 100, "dispersion": 5, "memory": 0.5,
         "drivers": [{"column": "promo", "effect": 0.5}], "holiday_dates": ["01-01"], "holiday_effect": -0.5},
    ], entities=7)
    rows = CHUNK_ROWS * 2 + 5
    whole = csv_bytes(schema, rows)
    assert whole.startswith(csv_bytes(schema, CHUNK_ROWS + 3))
    assert whole == csv_bytes(schema, rows)


def test_a_part_of_a_level_stays_within_its_whole_units_and_keeps_its_memory():
    """Occupied beds of staffed beds: never more than the whole beds, about the share asked for,
    and a full week stays full (the share's own memory), the same bytes however the file is cut."""
    schema = series_schema([
        {"name": "staffed", "type": "series_value", "mean": 200, "spread": 0.3, "noise": 0.05, "memory": 0.9, "decimals": 1},
        {"name": "occupied", "type": "series_value", "model": "part", "of": "staffed", "share": 0.8, "noise": 0.4, "memory": 0.9},
    ], entities=6)
    df = frame(schema, 6 * 400)
    assert (df["occupied"] <= np.floor(df["staffed"])).all() and (df["occupied"] >= 0).all()
    assert (df["occupied"].sum() / np.floor(df["staffed"]).sum()) == pytest.approx(0.8, abs=0.06)
    assert np.mean([lag1(v) for v in per_entity(df, schema, "occupied").values()]) > 0.6
    rows = CHUNK_ROWS + 7
    assert csv_bytes(schema, rows * 2).startswith(csv_bytes(schema, rows))


def test_readings_that_move_together_share_entity_sizes_and_departures():
    """Late deliveries move with parcels: big depots have more of both, and a busy day is busy for
    both, while each keeps its own memory; without moves_with the two are unrelated."""
    parcels = {"name": "parcels", "type": "series_value", "model": "count", "mean": 2000, "spread": 0.8, "noise": 0.3, "memory": 0.8}
    late = {"name": "late", "type": "series_value", "model": "count", "mean": 60, "spread": 0.8, "noise": 0.3, "memory": 0.8}
    coupled = frame(series_schema([parcels, {**late, "moves_with": "parcels", "coupling": 0.9}], entities=30), 30 * 200)
    apart = frame(series_schema([parcels, late], entities=30), 30 * 200)
    assert coupled["parcels"].corr(coupled["late"], method="spearman") > 0.7
    assert abs(apart["parcels"].corr(apart["late"], method="spearman")) < 0.3
    within = [np.corrcoef(np.diff(g["parcels"]), np.diff(g["late"]))[0, 1] for _, g in coupled.groupby("sensor")]
    assert np.mean(within) > 0.4  # the departures, not only the sizes
    schema = series_schema([parcels, {**late, "moves_with": "parcels"}], entities=30)
    assert np.mean([lag1(v) for v in per_entity(coupled, schema, "late").values()]) > 0.5  # its own memory kept
    assert coupled["parcels"].equals(apart["parcels"])  # the column moved with is unchanged


def test_moving_together_keeps_the_prefix_and_bytes_across_chunks():
    schema = series_schema([
        {"name": "revenue", "type": "series_value", "mean": 5000, "memory": 0.9, "noise": 0.2},
        {"name": "costs", "type": "series_value", "mean": 3000, "memory": 0.9, "noise": 0.2, "moves_with": "revenue", "coupling": 0.7},
    ], entities=7)
    rows = CHUNK_ROWS * 2 + 5
    whole = csv_bytes(schema, rows)
    assert whole.startswith(csv_bytes(schema, CHUNK_ROWS + 3))
    assert whole == csv_bytes(schema, rows)


def test_jitter_puts_each_timestamp_late_within_its_period():
    schema = series_schema([{"name": "value", "type": "series_value"}], frequency="15min", time_type="datetime", jitter=120)
    df = frame(schema, 4 * 500)
    late = (df["time"] - df["time"].dt.floor("15min")).dt.total_seconds()
    assert late.between(0, 120).all() and late.nunique() > 50
    floored = df.assign(time=df["time"].dt.floor("15min"))
    for _, group in floored.groupby("sensor"):
        assert len(group.set_index("time").asfreq("15min")) == len(group)
    assert "up to 120 seconds after its period's start" in dictionary_markdown(dictionary_build(schema=schema, rows=100, seed=1))


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize("series, message", [
    ({"entity": "nope"}, "series: entity must name a column"),
    ({"time": "sensor"}, "series: time must name a date or datetime column"),
    ({"frequency": "fortnight"}, "series: frequency must be one of"),
    ({"frequency": "hour", "time_type": "date"}, "series: frequency hour needs a datetime time column"),
    ({"frequency": "month", "closed_weekdays": [6]}, "closed_weekdays and holidays go with daily"),
    ({"closed_weekdays": [7]}, "series: closed_weekdays must be"),
    ({"entities": 0}, "series: entities must be a whole number"),
    ({"dropout": 0.9}, "series: dropout must be"),
    ({"start": "soon"}, "series: start must be an ISO date"),
    ({"colour": "red"}, "series: unknown keys 'colour'"),
    ({"jitter": 100_000, "frequency": "hour"}, "series: jitter must be a whole number of seconds from 0 to 1,800"),
    ({"jitter": 30}, "jitter moves timestamps by seconds, and time 'time' holds dates"),
])
def test_validation_names_the_field(series, message):
    with pytest.raises(SchemaError) as caught:
        series_schema([{"name": "value", "type": "series_value"}], **series)
    assert message in str(caught.value)
    assert {(p.field, p.table, p.column) for p in caught.value.problems} == {("series", "", "")}


def test_a_reading_is_not_correlated_or_related():
    """A reading is made from its entity's earlier periods: the type says it cannot follow another column."""
    with pytest.raises(SchemaError) as caught:
        series_schema([{"name": "other", "type": "integer"}, {"name": "value", "type": "series_value", "correlate_with": "other", "correlation": 0.5}])
    assert [p.column for p in caught.value.problems] == ["value"]
    with pytest.raises(SchemaError) as caught:
        series_schema([{"name": "other", "type": "integer"}, {"name": "value", "type": "series_value", "at_least": "other"}])
    assert "made from other columns" in str(caught.value)


def test_draw_blocks_match_the_engine_chunks():
    from generator.types.series_value import BLOCK_ROWS

    assert BLOCK_ROWS == CHUNK_ROWS


@pytest.mark.parametrize("column, message", [
    ({"model": "open"}, "open, high, low, part and total need of"),
    ({"model": "part"}, "open, high, low, part and total need of"),
    ({"model": "part", "of": "sensor"}, "of must name a series_value column with model count, part or level"),
    ({"model": "high", "of": "plain"}, "of must name a series_value column with model walk"),
    ({"model": "walk", "weekly": 0.2}, "a walk has no seasons"),
    ({"model": "count", "mean": 0}, "mean must be above 0"),
    ({"events": ["boom 1 2 3"]}, 'events: event 1 \'boom 1 2 3\' must read "kind period entity size"'),
    ({"events": ["spike 1 two 3"]}, "period and entity are whole numbers"),
    ({"model": "walk", "events": ["outage 1 2 3"]}, "a price has no outages"),
    ({"min": 5, "max": 1}, "min (5) must not be above max (1)"),
    ({"dispersion": 2}, "dispersion goes with the count model only"),
    ({"model": "walk", "drivers": [{"column": "plain", "effect": 1}]}, "drivers move a level or count model"),
    ({"holiday_dates": ["12-25"]}, "holiday_dates and holiday_effect go together"),
    ({"holiday_dates": ["Christmas"], "holiday_effect": 0.5}, "holiday_dates: 'Christmas' is not a day"),
    ({"drivers": [{"column": "time", "effect": 1}]}, "driver 'time' holds dates"),
    ({"drivers": [{"column": "sensor", "effect": 1}]}, "driver 'sensor' holds text: give the value"),
    ({"model": "walk", "moves_with": "plain"}, "moves_with goes with the level and count models"),
    ({"moves_with": "sensor"}, "moves_with must name a series_value column with model level or count"),
    ({"moves_with": "nowhere"}, "nowhere"),
])
def test_series_value_parameters_are_checked(column, message):
    with pytest.raises(SchemaError) as caught:
        series_schema([{"name": "plain", "type": "series_value"}, {"name": "value", "type": "series_value", **column}])
    assert message in str(caught.value)


def test_a_multi_table_series_problem_names_the_table():
    bad = json.loads(json.dumps(SHOPS))
    bad["tables"][1]["series"]["frequency"] = "hourly"
    with pytest.raises(SchemaError) as caught:
        MultiTableSchema.from_dict(bad)
    assert "table 2 'daily_sales': series: frequency must be one of" in str(caught.value)
    assert [(p.table, p.field) for p in caught.value.problems] == [("daily_sales", "series")]


def test_a_schema_without_series_keeps_its_form():
    data = {"title": "t", "columns": [{"name": "a", "type": "integer"}]}
    assert "series" not in DatasetSchema.from_dict(data).to_dict()


def test_series_value_is_listed_with_samples_on_types():
    from generator.services import types_catalogue

    entry = next(t for t in types_catalogue() if t.name == "series_value")
    assert {"model", "memory", "weekly", "events"} <= {p[0] for p in entry.params}
    assert all(sample.isdigit() for sample in entry.samples)


def test_the_api_document_describes_the_series_key():
    from jsonschema import validate

    from generator.openapi import _dataset_schema, _series_schema

    one, several = _dataset_schema()["oneOf"]
    assert "series" in one["properties"] and "series" in several["properties"]["tables"]["items"]["properties"]
    for name in ("footfall", "server_cpu", "stocks"):
        validate(DatasetSchema.from_dict(json.loads((EXAMPLES / f"{name}.json").read_text())).to_dict()["series"], _series_schema())
    validate(MultiTableSchema.from_dict(SHOPS).to_dict()["tables"][1]["series"], _series_schema())


@pytest.mark.django_db(transaction=True)
def test_a_stored_series_downloads_by_permalink_and_its_dictionary_page_shows_the_answer_key(client):
    from generator import classroom, services

    schema = DatasetSchema.from_dict(json.loads((EXAMPLES / "footfall.json").read_text()))
    schema_id = services.schema_save(schema=schema)
    response = client.get(f"/datasets/{schema_id}.csv", {"rows": 2520, "seed": 3})
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == csv_bytes(schema, 2520, seed=3)
    student = client.get(f"/datasets/{schema_id}/dictionary", {"rows": 2520, "seed": 3}).content.decode()
    assert "12 entities (shop_id)" in student and "Planted events" not in student and "outage" not in student
    key = classroom.instructor_key(schema_id=schema_id, seed=3)
    page = client.get(f"/datasets/{schema_id}/dictionary", {"rows": 2520, "seed": 3, "key": key}).content.decode()
    assert "Planted events (answer key)" in page and "outage" in page and "12 entities (shop_id)" in page


def test_the_preview_of_a_series_draws_its_first_entities_over_time(client):
    """A series schema's preview page has an inline SVG line per entity (up to three), no script."""
    from generator import services
    from generator.schema import DatasetSchema

    schema = DatasetSchema.from_dict(json.loads((EXAMPLES / "footfall.json").read_text()))
    schema_id = services.schema_save(schema=schema)
    page = client.get(f"/datasets/{schema_id}", {"rows": 500, "seed": 3}).content.decode()
    assert page.count("<polyline") == 3 and 'role="img"' in page
    points = re.search(r'<polyline[^>]*points="([^"]+)"', page).group(1).split()
    assert len(points) > 20 and len({p.split(",")[1] for p in points}) > 5, "a line that moves"
    plain = services.schema_save(schema=DatasetSchema.from_dict({"title": "t", "columns": [{"name": "a", "type": "integer"}]}))
    assert "<polyline" not in client.get(f"/datasets/{plain}").content.decode()


def test_the_zip_splits_a_series_in_time_for_forecasting_practice():
    schema = DatasetSchema.from_dict(json.loads((EXAMPLES / "footfall.json").read_text()))
    rows = CHUNK_ROWS + 12 * 50
    meta = {"rows": rows, "seed": 3}
    archive = zipfile.ZipFile(io.BytesIO(b"".join(FORMATS["zip"].write(schema, generate_chunks(schema, rows=rows, seed=3), meta))))
    data = archive.read("data.csv")
    assert data == csv_bytes(schema, rows, seed=3)
    train, test = (pd.read_csv(io.BytesIO(archive.read(name)), parse_dates=["date"]) for name in ("train.csv", "test.csv"))
    assert len(train) + len(test) == rows
    assert train["date"].max() < test["date"].min()  # every test period after every train period
    assert set(train["shop_id"]) == set(test["shop_id"])
    assert 0.15 < len(test) / rows < 0.25
    text = archive.read("dictionary.md").decode()
    first_test = test["date"].min().date().isoformat()
    assert f"train.csv holds the periods before {first_test} (rows 1–{len(train):,})" in text


def test_messy_series_defects_are_in_the_file_and_logged():
    """Stuck sensors, unit slips and readings that never arrived, beside the usual defects."""
    from generator.writers.messy import messy_parts

    schema = series_schema([{"name": "temp", "type": "series_value", "mean": 20, "noise": 0.2, "memory": 0.5, "unit": "°C", "decimals": 1},
                            {"name": "load", "type": "series_value", "mean": 500, "noise": 0.2, "decimals": 1}], entities=5)
    rows = CHUNK_ROWS + 500
    meta = {"messy": {"stuck": 0.02, "unit_slips": 0.02, "missing_timestamps": 0.02}, "seed": 1, "rows": rows}
    parts = list(messy_parts(schema, generate_chunks(schema, rows=rows, seed=1), meta))
    messy, clean, log = (pd.read_csv(io.BytesIO(b"".join(p[i] for p in parts)), dtype=str, keep_default_na=False) for i in range(3))
    assert set(log["kind"]) == {"stuck", "unit_slips", "missing_timestamps"}
    gone = log[log["kind"] == "missing_timestamps"]
    assert len(messy) == len(clean) - len(gone) and 0.01 < len(gone) / rows < 0.03
    # every left-out row is named: the clean row it was is not in the messy file at the logged place
    clean_numbers = gone["original"].str.extract(r"row (\d+) of clean.csv")[0].astype(int)
    assert (clean_numbers > 0).all() and clean_numbers.is_unique
    kept = clean.drop(index=clean_numbers - 1).reset_index(drop=True)
    cells = log[log["kind"] != "missing_timestamps"]
    for _, defect in cells.iterrows():  # each cell defect is where the log says, with the clean value it replaced
        assert messy.loc[int(defect["row"]) - 1, defect["column"]] == defect["messy"]
        assert kept.loc[int(defect["row"]) - 1, defect["column"]] == defect["original"]
    stuck = cells[cells["kind"] == "stuck"]
    kept_rows = np.delete(np.arange(len(clean)), clean_numbers.to_numpy() - 1)  # messy row → clean row
    for _, defect in stuck.iterrows():  # a stuck reading repeats a value the entity had 1-6 periods before
        row = kept_rows[int(defect["row"]) - 1]
        earlier = [clean.loc[row - k * 5, defect["column"]] for k in range(1, 7) if row - k * 5 >= 0]
        assert defect["messy"] in earlier
    slips = cells[(cells["kind"] == "unit_slips") & (cells["column"] == "temp")]
    assert len(slips) and np.allclose(slips["messy"].astype(float), slips["original"].astype(float) * 9 / 5 + 32, atol=0.06)
    loads = cells[(cells["kind"] == "unit_slips") & (cells["column"] == "load")]
    ratio = loads["messy"].astype(float) / loads["original"].astype(float)
    assert len(loads) and ((abs(ratio - 1000) < 1) | (abs(ratio - 0.001) < 0.0002)).all()


def test_messy_series_defects_leave_other_tables_alone():
    from generator.writers.messy import messy_parts

    schema = DatasetSchema.from_dict({"title": "People", "columns": [{"name": "age", "type": "integer", "min": 1, "max": 90}]})
    meta = {"messy": {"stuck": 0.5, "unit_slips": 0.5, "missing_timestamps": 0.5}, "seed": 1, "rows": 1000}
    parts = list(messy_parts(schema, generate_chunks(schema, rows=1000, seed=1), meta))
    assert b"".join(p[0] for p in parts) == b"".join(p[1] for p in parts)  # nothing applies: messy equals clean


def test_a_series_with_an_end_stops_there_whatever_the_rows():
    from generator import services

    schema = series_schema([{"name": "value", "type": "series_value"}], frequency="hour", time_type="datetime",
                           start="2024-03-01T00:00:00", end="2024-03-31", entities=2)
    dataset = services.dataset_build(schema=schema, rows=5000, seed=1, fmt="csv")
    df = pd.read_csv(io.BytesIO(b"".join(dataset.chunks)), parse_dates=["time"])
    assert len(df) == 2 * 31 * 24  # March holds 744 hours, for each of two entities
    assert df["time"].min() == pd.Timestamp("2024-03-01") and df["time"].max() == pd.Timestamp("2024-03-31 23:00")
    text = dictionary_markdown(dictionary_build(schema=schema, rows=5000, seed=1))
    assert "ends at 2024-03-31 23:59:59: at most 1,488 rows" in text
    fewer = services.dataset_build(schema=schema, rows=100, seed=1, fmt="csv")
    assert len(pd.read_csv(io.BytesIO(b"".join(fewer.chunks)))) == 100
    business = series_schema([{"name": "value", "type": "series_value"}], frequency="business_day", start="2024-01-01", end="2024-12-31", entities=1)
    from generator.series import capacity
    assert capacity(business) == len(pd.bdate_range("2024-01-01", "2024-12-31"))
    with pytest.raises(SchemaError, match="end .* must not be before start"):
        series_schema([{"name": "value", "type": "series_value"}], start="2024-03-01", end="2023-01-01")
