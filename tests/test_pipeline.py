"""Pipelined generation: the next chunk is made on a second thread, and nothing else changes."""

import threading

import pytest

from generator.engine import AHEAD_CHUNKS, AHEAD_WORKERS, CHUNK_ROWS, Ahead, generate_chunks, pipelined
from generator.schema import DatasetSchema
from generator.services import dataset_build
from generator.writers.cells import python_values
from tests.test_golden import MULTI, SINGLE

SERIES = DatasetSchema.from_dict({
    "title": "Footfall", "series": {"entity": "shop_id", "entities": 3, "time": "date", "frequency": "day", "start": "2000-01-01"},
    "columns": [
        {"name": "date", "type": "date"},
        {"name": "shop_id", "type": "code", "pattern": "SHOP-###"},
        {"name": "visitors", "type": "series_value", "model": "count", "mean": 400, "weekly": 0.3, "memory": 0.6},
    ],
})  # state carried from chunk to chunk (AR memory), and a zip split into train and test
ROWS = 2 * CHUNK_ROWS + 100  # three chunks, the last one short
MESSY = {"missing": 0.05, "duplicates": 0.02, "typos": 0.03, "casing": 0.03, "category_spellings": 0.05, "date_formats": 0.1, "outliers": 0.01, "number_formats": 0.05, "missing_dependent": 0.05}
CASES = {
    "csv": (SINGLE, {"fmt": "csv"}),
    "json": (SINGLE, {"fmt": "json"}),
    "jsonl": (SINGLE, {"fmt": "jsonl"}),
    "parquet": (SINGLE, {"fmt": "parquet"}),
    "xlsx": (SINGLE, {"fmt": "xlsx"}),
    "sqlite": (SINGLE, {"fmt": "sqlite"}),
    "postgresql": (SINGLE, {"fmt": "postgresql"}),
    "zip": (SINGLE, {"fmt": "zip"}),
    "csv student": (SINGLE, {"fmt": "csv", "student": "s1"}),
    "csv messy": (SINGLE, {"fmt": "csv", "messy": MESSY}),
    "zip messy": (SINGLE, {"fmt": "zip", "messy": MESSY}),
    "tables zip": (MULTI, {"fmt": "zip"}),
    "tables sqlite": (MULTI, {"fmt": "sqlite"}),
    "tables postgresql": (MULTI, {"fmt": "postgresql"}),
    "tables orders parquet": (MULTI, {"fmt": "parquet", "table": "orders"}),
    "tables orders csv messy": (MULTI, {"fmt": "csv", "table": "orders", "messy": MESSY}),
    "series csv": (SERIES, {"fmt": "csv"}),
    "series zip": (SERIES, {"fmt": "zip"}),
}


def _download(settings, case: str, pipeline: bool) -> bytes:
    settings.SYNTH_PIPELINE = pipeline
    schema, options = CASES[case]
    return b"".join(dataset_build(schema=schema, rows=ROWS, seed=99, **options).chunks)


@pytest.mark.parametrize("case", CASES)
def test_pipelined_and_single_threaded_downloads_are_byte_identical(settings, case):
    threaded_before = threading.active_count()
    single = _download(settings, case, pipeline=False)
    piped = _download(settings, case, pipeline=True)
    assert len(single) > 10_000
    assert piped == single
    assert threading.active_count() <= threaded_before  # every chunk thread has ended (another test's may end meanwhile)


def test_the_pipeline_makes_chunks_on_another_thread_at_most_one_ahead():
    made: list[tuple[int, str]] = []

    def source():
        for index in range(6):
            made.append((index, threading.current_thread().name))
            yield index

    seen = []
    for item in pipelined(source(), depth=1):
        seen.append(item)
        # made ahead: the item in the queue and the one being handed over, never more
        assert len(made) <= item + 3
    assert seen == list(range(6))
    assert {name for _, name in made} == {"synth-chunks"}


def test_an_error_while_making_a_chunk_reaches_the_reader():
    def source():
        yield 1
        raise ValueError("bad chunk")

    items = pipelined(source())
    assert next(items) == 1
    with pytest.raises(ValueError, match="bad chunk"):
        next(items)


def test_a_reader_that_stops_early_stops_the_thread():
    closed = threading.Event()

    def source():
        try:
            yield from range(10**9)
        finally:
            closed.set()

    before = threading.active_count()
    items = pipelined(source())
    assert next(items) == 0
    items.close()
    assert closed.wait(5)
    assert threading.active_count() <= before


def test_pipelined_chunks_equal_the_plain_chunks():
    plain = list(generate_chunks(SINGLE, rows=ROWS, seed=3))
    piped = list(generate_chunks(SINGLE, rows=ROWS, seed=3, pipeline=True))
    assert len(piped) == len(plain) == 3
    for left, right in zip(plain, piped):
        assert left.keys() == right.keys()
        for column in SINGLE.columns:
            assert python_values(column, left[column.name]) == python_values(column, right[column.name])


@pytest.mark.parametrize("options", [{"fmt": "csv"}, {"fmt": "json"}, {"fmt": "jsonl"}, {"fmt": "sqlite"}, {"fmt": "csv", "messy": MESSY}])
def test_a_download_closed_early_leaves_no_thread_behind(settings, options):
    """A client that goes away: the response closes the byte stream, and the chunk threads end."""
    settings.SYNTH_PIPELINE = True
    before = threading.active_count()
    pieces = dataset_build(schema=SINGLE, rows=10 * CHUNK_ROWS, seed=1, **options).chunks
    next(pieces), next(pieces)
    assert before < threading.active_count() <= before + AHEAD_WORKERS
    pieces.close()
    del pieces
    assert threading.active_count() <= before


def test_independent_chunks_are_made_on_two_threads_in_order_at_most_four_ahead():
    made: list[tuple[int, str]] = []
    lock = threading.Lock()

    def make(index):
        with lock:
            made.append((index, threading.current_thread().name))
        return index * 10

    seen = []
    for item in Ahead(make, range(8)):
        seen.append(item)
        assert len(made) <= item // 10 + 1 + AHEAD_CHUNKS  # the one read, and at most four made or being made
    assert seen == [index * 10 for index in range(8)]
    assert all(name.startswith("synth-chunks") for _, name in made)
    assert len({name for _, name in made}) <= AHEAD_WORKERS


def test_an_error_while_making_an_independent_chunk_reaches_the_reader():
    def make(index):
        if index == 1:
            raise ValueError("bad chunk")
        return index

    items = Ahead(make, range(5))
    assert next(items) == 0
    with pytest.raises(ValueError, match="bad chunk"):
        next(items)


def test_a_reader_that_stops_early_stops_the_chunk_threads():
    before = threading.active_count()
    started: list[int] = []
    items = Ahead(started.append, range(10**9))
    next(items)
    items.close()
    assert threading.active_count() <= before
    assert len(started) <= 1 + AHEAD_CHUNKS
