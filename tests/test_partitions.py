"""Partitioned datasets (generator/partitions.py, generator/cluster.py, generate --partitions).

Partitions read in order are the single file's rows: Parquet tables equal, CSV and JSON Lines
bytes equal once the repeated CSV headers are dropped, for one table, several tables and a
series. The Dask runs use real worker processes on 127.0.0.1: one and two local workers, a
LocalCluster the test starts and reaches at tcp://, and a worker whose process ends mid-write.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command

from generator.cluster import PartitionFailed, jobs_run
from generator.engine import CHUNK_ROWS, generate_chunks
from generator.partitions import KILL_HOOK, PartitionError, documents_write, output_prepare, partition_plan, partition_write
from generator.series import capacity
from generator.tables import schema_from_dict
from generator.writers.text import csv_stream

ROOT = Path(__file__).resolve().parent.parent
CUSTOMERS = ROOT / "examples" / "customers.json"
SHOP = ROOT / "examples" / "shop.json"
ROWS = 3 * CHUNK_ROWS + 1234  # four chunks, the last one short


def _schema(path: Path):
    return schema_from_dict(json.loads(path.read_text()))


def _write_in_process(path: Path, out: Path, *, rows: int, fmt: str, **cut) -> list[Path]:
    """Every partition written by this process, in plan order."""
    plan = partition_plan(schema=_schema(path), rows=rows, seed=7, row_seed=7, fmt=fmt, root=str(out), **cut)
    for job in plan.jobs:
        (out / job.partition.path).parent.mkdir(parents=True, exist_ok=True)
        partition_write(job)
    return [out / job.partition.path for job in plan.jobs]


def _single(tmp_path: Path, schema: Path, name: str, *args: str) -> Path:
    """The single-file output of the command line."""
    target = tmp_path / name
    call_command("generate", "--schema", str(schema), "--rows", str(ROWS), "--seed", "7", "--output", str(target), *args)
    return target


def _csv_joined(parts: list[Path]) -> bytes:
    """The partitions' bytes in order, each header after the first dropped."""
    pieces = [part.read_bytes() for part in parts]
    header = pieces[0].split(b"\n", 1)[0] + b"\n"
    assert all(piece.startswith(header) for piece in pieces), "every partition starts with the same header"
    return pieces[0] + b"".join(piece[len(header):] for piece in pieces[1:])


def _parquet_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("part-*.parquet"))


def test_partitions_cover_chunk_aligned_ranges_in_order():
    plan = partition_plan(schema=_schema(CUSTOMERS), rows=ROWS, seed=1, row_seed=1, fmt="csv", root="/tmp/x", partitions=3)
    parts = [job.partition for job in plan.jobs]
    assert [p.path for p in parts] == ["part-00000.csv", "part-00001.csv", "part-00002.csv"]
    assert [(p.first, p.stop) for p in parts] == [(0, CHUNK_ROWS), (CHUNK_ROWS, 2 * CHUNK_ROWS), (2 * CHUNK_ROWS, ROWS)]
    by_size = partition_plan(schema=_schema(CUSTOMERS), rows=ROWS, seed=1, row_seed=1, fmt="csv", root="/tmp/x", rows_per_partition=10_000)
    assert [(job.partition.first, job.partition.stop) for job in by_size.jobs] == [(0, 2 * CHUNK_ROWS), (2 * CHUNK_ROWS, ROWS)]
    few = partition_plan(schema=_schema(CUSTOMERS), rows=100, seed=1, row_seed=1, fmt="csv", root="/tmp/x", partitions=8)
    assert len(few.jobs) == 1, "a table of one chunk is one partition, never empty files"


def test_one_table_of_several_and_a_students_variant_are_planned_with_what_the_files_name():
    plan = partition_plan(schema=_schema(SHOP), rows=ROWS, seed=5, row_seed=99, fmt="parquet", root="/tmp/x", partitions=2, table="orders", student="s1")
    assert [job.partition.path for job in plan.jobs] == ["orders/part-00000.parquet", "orders/part-00001.parquet"]
    assert plan.tables == (("orders", 3 * ROWS),) and {job.seed for job in plan.jobs} == {99}
    assert plan.jobs[1].meta == {"schema_id": _schema(SHOP).schema_id, "title": "Shoe shop", "seed": 5, "rows": ROWS, "student": "s1", "table": "orders",
                                 "partition": "orders/part-00001.parquet", "first_row": plan.jobs[1].partition.first, "partition_rows": plan.jobs[1].partition.rows}
    with pytest.raises(PartitionError) as info:
        partition_plan(schema=_schema(SHOP), rows=ROWS, seed=5, row_seed=5, fmt="csv", root="/tmp/x", partitions=2, table="nope")
    assert info.value.field == "table" and "customers, orders" in str(info.value)


@pytest.mark.parametrize(
    "cut, fmt, field",
    [({"partitions": 2}, "xlsx", "format"), ({"partitions": 0}, "csv", "partitions"), ({"rows_per_partition": 0}, "csv", "rows-per-partition"),
     ({}, "csv", "partitions"), ({"partitions": 2, "rows_per_partition": 5}, "csv", "partitions")],
)
def test_the_plan_refuses_options_naming_the_field(cut, fmt, field):
    with pytest.raises(PartitionError) as info:
        partition_plan(schema=_schema(CUSTOMERS), rows=ROWS, seed=1, row_seed=1, fmt=fmt, root="/tmp/x", **cut)
    assert info.value.field == field


def test_any_range_of_chunks_is_the_same_as_in_the_whole_dataset():
    schema = _schema(CUSTOMERS)
    whole = list(csv_stream(schema, generate_chunks(schema, rows=ROWS, seed=3)))
    part = list(csv_stream(schema, generate_chunks(schema, rows=ROWS, seed=3, chunks=range(2, 9))))
    assert len(part) == 1 + 2, "the header, then chunks 2 and 3 (the dataset has four)"
    assert part[1:] == whole[3:]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_text_partitions_joined_are_the_single_file(tmp_path, fmt):
    parts = _write_in_process(CUSTOMERS, tmp_path / "parts", rows=ROWS, fmt=fmt, partitions=3)
    single = _single(tmp_path, CUSTOMERS, f"single.{fmt}", "--format", fmt).read_bytes()
    joined = _csv_joined(parts) if fmt == "csv" else b"".join(part.read_bytes() for part in parts)
    assert len(parts) == 3 and joined == single


def test_parquet_partitions_read_as_one_table_are_the_single_file(tmp_path):
    parts = _write_in_process(CUSTOMERS, tmp_path / "parts", rows=ROWS, fmt="parquet", rows_per_partition=CHUNK_ROWS)
    single = pq.read_table(_single(tmp_path, CUSTOMERS, "single.parquet", "--format", "parquet"))
    dataset = pads.dataset(str(tmp_path / "parts"), format="parquet").to_table()
    assert len(parts) == 4 and dataset.num_rows == ROWS
    assert dataset.equals(single)


def test_several_tables_each_in_their_own_folder_equal_their_single_files(tmp_path):
    parts = _write_in_process(SHOP, tmp_path / "parts", rows=ROWS, fmt="csv", partitions=2)
    assert {part.parent.name for part in parts} == {"customers", "orders"}
    for table in ("customers", "orders"):
        single = _single(tmp_path, SHOP, f"{table}.csv", "--table", table).read_bytes()
        assert _csv_joined([part for part in parts if part.parent.name == table]) == single
    assert len([part for part in parts if part.parent.name == "orders"]) == 2


def test_the_datapackage_of_csv_partitions_validates_and_reads_every_row_once(tmp_path):
    from frictionless import Package

    data = json.loads(SHOP.read_text())
    data["tables"][1]["rows_ratio"] = 1  # fewer rows: Frictionless checks them one by one
    rows = CHUNK_ROWS + 5
    plan = partition_plan(schema=schema_from_dict(data), rows=rows, seed=1, row_seed=1, fmt="csv", root=str(tmp_path / "shop"), partitions=2)
    output_prepare(plan)
    for job in plan.jobs:
        partition_write(job)
    documents_write(plan)
    package = Package(str(tmp_path / "shop" / "_datapackage.json"))
    assert len(plan.jobs) == 4
    assert [(r.name, len(r.read_rows())) for r in package.resources] == [("customers", rows), ("orders", rows)]
    report = package.validate()
    assert report.valid, [error.message for task in report.tasks for error in task.errors][:5]
    alone = partition_plan(schema=schema_from_dict(data), rows=rows, seed=1, row_seed=1, fmt="csv", root=str(tmp_path / "orders"), partitions=2, table="orders")
    output_prepare(alone)
    for job in alone.jobs:
        partition_write(job)
    documents_write(alone)
    orders = Package(str(tmp_path / "orders" / "_datapackage.json"))
    assert [r.name for r in orders.resources] == ["orders"] and "foreignKeys" not in orders.resources[0].schema.to_dict()
    assert orders.validate().valid, "one table alone names no key into a table it does not hold"


def test_duckdb_reads_the_folders_as_the_readme_shows_and_every_key_joins(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    _write_in_process(SHOP, tmp_path / "shop", rows=ROWS, fmt="parquet", partitions=3)
    con = duckdb.connect()
    con.execute(f"CREATE VIEW customers AS SELECT * FROM read_parquet('{tmp_path}/shop/customers/*.parquet')")
    con.execute(f"CREATE VIEW orders AS SELECT * FROM read_parquet('{tmp_path}/shop/orders/*.parquet')")
    counts = con.sql("SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM orders)").fetchall()[0]
    assert counts == (ROWS, 3 * ROWS)
    orphans = con.sql("SELECT count(*) FROM orders o LEFT JOIN customers c USING (customer_id) WHERE c.customer_id IS NULL").fetchall()[0]
    assert orphans == (0,)
    single = pq.read_table(_single(tmp_path, SHOP, "orders.parquet", "--format", "parquet", "--table", "orders"))
    by_country = con.sql("""SELECT c.country, count(*) AS orders, round(sum(o.total), 2) AS revenue
        FROM orders o JOIN customers c USING (customer_id) GROUP BY c.country ORDER BY revenue DESC""").fetchall()  # the README's query
    assert sum(row[1] for row in by_country) == 3 * ROWS and by_country[0][2] >= by_country[-1][2]
    assert sum(row[2] for row in by_country) == pytest.approx(pc.sum(single.column("total")).as_py())
    ordered = con.sql("SELECT * FROM orders ORDER BY order_id").to_arrow_table()
    assert ordered.column("order_id").to_pylist() == single.column("order_id").to_pylist()
    assert ordered.column("customer_id").to_pylist() == single.column("customer_id").to_pylist()


@pytest.mark.parametrize("example", ["footfall", "stocks", "server_cpu"])
def test_a_series_partition_carries_the_state_of_the_rows_before_it(tmp_path, example):
    """Counts and levels with memory, a random walk with open/high/low, dropped readings."""
    path = ROOT / "examples" / f"{example}.json"
    parts = _write_in_process(path, tmp_path / "parts", rows=ROWS, fmt="csv", partitions=3)
    assert len(parts) == 3 and _csv_joined(parts) == _single(tmp_path, path, f"{example}.csv").read_bytes()


def _cli_parts(out: Path, *args: str, schema: Path = CUSTOMERS, fmt: str = "parquet", partitions: int = 3) -> None:
    call_command("generate", "--schema", str(schema), "--rows", str(ROWS), "--seed", "7", "--format", fmt,
                 "--partitions", str(partitions), "--output", str(out), *args)


def test_one_local_worker_writes_the_files_of_this_process_and_the_documents(tmp_path, capsys, settings):
    settings.SYNTH_MAX_ROWS = 100  # a web request's limit: partitioned output is not held to it
    _cli_parts(tmp_path / "one", "--workers", "1")
    err = capsys.readouterr().err
    assert "by 1 worker(s)" in err and "3/3 partitions" in err and "rows/s" in err and "0 partition(s) redone" in err
    one = _parquet_files(tmp_path / "one")
    in_process = _write_in_process(CUSTOMERS, tmp_path / "here", rows=ROWS, fmt="parquet", partitions=3)
    assert len(one) == 3 and [p.read_bytes() for p in one] == [p.read_bytes() for p in in_process]
    package = json.loads((tmp_path / "one" / "_datapackage.json").read_text())
    assert package["resources"][0]["path"] == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert package["synthsite"]["rows"] == ROWS and package["synthsite"]["seed"] == 7
    assert "## Partitions" in (tmp_path / "one" / "_dictionary.md").read_text()
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == ["_datapackage.json", "_dictionary.md", *(p.name for p in one)]


def test_two_local_workers_one_killed_mid_write_redo_its_partition_and_write_the_same_files(tmp_path, capsys, monkeypatch):
    marker = tmp_path / "killed"
    monkeypatch.setenv(KILL_HOOK, f"part-00001.csv:{marker}")
    _cli_parts(tmp_path / "two", "--workers", "2", fmt="csv")
    assert marker.read_text() == "part-00001.csv", "the worker's process ended while writing part-00001.csv"
    err = capsys.readouterr().err
    assert "by 2 worker(s)" in err and "redone: part-00001.csv (its worker was lost)" in err and "1 partition(s) redone" in err
    files = sorted((tmp_path / "two").glob("part-*.csv"))
    in_process = _write_in_process(CUSTOMERS, tmp_path / "here", rows=ROWS, fmt="csv", partitions=3)
    assert [p.read_bytes() for p in files] == [p.read_bytes() for p in in_process]
    assert _csv_joined(files) == _single(tmp_path, CUSTOMERS, "single.csv").read_bytes()
    assert not [p for p in (tmp_path / "two").iterdir() if p.name.startswith(".")], "no partial file is left"


@pytest.fixture(scope="module")
def dask_cluster():
    """A Dask cluster of two worker processes on 127.0.0.1, reached like a remote one at tcp://."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0") as cluster:
        yield cluster


def test_a_dask_cluster_started_here_writes_the_same_files(tmp_path, capsys, dask_cluster):
    _cli_parts(tmp_path / "tcp", "--scheduler", dask_cluster.scheduler_address, schema=SHOP)
    assert "by 2 worker(s)" in capsys.readouterr().err
    here = _write_in_process(SHOP, tmp_path / "here", rows=ROWS, fmt="parquet", partitions=3)
    for table in ("customers", "orders"):
        remote = _parquet_files(tmp_path / "tcp" / table)
        assert [p.read_bytes() for p in remote] == [p.read_bytes() for p in here if p.parent.name == table]
        single = pq.read_table(_single(tmp_path, SHOP, f"{table}.parquet", "--format", "parquet", "--table", table))
        assert pads.dataset(str(tmp_path / "tcp" / table), format="parquet").to_table().equals(single)
    package = json.loads((tmp_path / "tcp" / "_datapackage.json").read_text())
    orders = next(r for r in package["resources"] if r["name"] == "orders")
    assert orders["path"][0] == "orders/part-00000.parquet"
    assert orders["schema"]["foreignKeys"] == [{"fields": "customer_id", "reference": {"resource": "customers", "fields": "customer_id"}}]


def test_a_partition_that_fails_every_try_stops_the_run_naming_it(tmp_path, dask_cluster):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the partitions' folder should be")
    plan = partition_plan(schema=_schema(CUSTOMERS), rows=100, seed=1, row_seed=1, fmt="csv", root=str(blocked), partitions=1)
    with pytest.raises(PartitionFailed, match=r"part-00000.csv failed on all 3 tries: \w*Error"):
        jobs_run(plan.jobs, scheduler=dask_cluster.scheduler_address, workers=None, retries=2)
    assert blocked.read_text() == "a file where the partitions' folder should be"


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--format", "xlsx"], "--format: partitioned output is csv, jsonl, parquet"),
        (["--messy", "all"], "--messy: messy data is made for one file"),
        (["--scheduler", "threads"], "--scheduler: must be processes or the address"),
        (["--scheduler", "tcp://127.0.0.1:1", "--workers", "2"], "--workers: "),
        (["--retries", "-1"], "--retries: "),
    ],
)
def test_bad_partition_options_exit_with_status_two_naming_the_option(tmp_path, args, fragment):
    with pytest.raises(CommandError, match=fragment) as info:
        call_command("generate", "--schema", str(CUSTOMERS), "--rows", "10", "--partitions", "2", "--output", str(tmp_path / "out"), *args)
    assert info.value.returncode == 2
    assert not (tmp_path / "out").exists()


def test_a_schema_whose_chunk_is_over_the_memory_budget_is_refused_before_any_file(tmp_path, settings):
    settings.SYNTH_MAX_REQUEST_MEMORY = 1000  # bytes: no chunk of 8,192 rows fits
    with pytest.raises(CommandError, match="--schema: .*SYNTH_MAX_REQUEST_MEMORY") as info:
        call_command("generate", "--schema", str(CUSTOMERS), "--rows", "10", "--partitions", "2", "--output", str(tmp_path / "out"))
    assert info.value.returncode == 2 and not (tmp_path / "out").exists()


def test_a_folder_that_holds_files_is_refused_and_left_as_it_is(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine")
    with pytest.raises(CommandError, match="--output: .* is not an empty folder") as info:
        call_command("generate", "--schema", str(CUSTOMERS), "--rows", "10", "--partitions", "2", "--output", str(tmp_path / "out"))
    assert info.value.returncode == 2
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["notes.txt"] and (tmp_path / "out" / "notes.txt").read_text() == "mine"


def test_the_instructors_dictionary_names_the_planted_effects_and_a_students_does_not(tmp_path):
    churn = ROOT / "examples" / "churn.json"
    _cli_parts(tmp_path / "instructor", "--workers", "1", schema=churn, fmt="csv", partitions=2)
    _cli_parts(tmp_path / "student", "--workers", "1", "--student", "ada", schema=churn, fmt="csv", partitions=2)
    assert "Planted answer key" in (tmp_path / "instructor" / "_dictionary.md").read_text()
    assert "Planted answer key" not in (tmp_path / "student" / "_dictionary.md").read_text()


def test_a_series_with_an_end_stops_there_in_partitions_too(tmp_path):
    schema = _schema(ROOT / "examples" / "footfall.json")
    data = schema.to_dict()
    data["series"] = {**data["series"], "end": "2023-03-31"}
    ended = schema_from_dict(data)
    plan = partition_plan(schema=ended, rows=10 * CHUNK_ROWS, seed=1, row_seed=1, fmt="csv", root=str(tmp_path), partitions=4)
    assert plan.rows == capacity(ended) < 10 * CHUNK_ROWS
    assert sum(job.partition.stop - job.partition.first for job in plan.jobs) == plan.rows
