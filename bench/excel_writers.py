"""Excel writers side by side: the same rows of the 10-column customer table written to .xlsx by
synthsite's column-wise writer and by the writers on PyPI that are installed.

    .venv/bin/python bench/excel_writers.py [--rows 100000]

The rows are made once (the engine's chunks, held in memory) and every writer gets them as the
values it takes, so only writing is timed: xlsxwriter (constant_memory, as synthsite used before)
and openpyxl (write_only) from requirements-dev.txt; pyexcelerate and rustpy-xlsxwriter when they
are importable (`pip install --target DIR ...` and PYTHONPATH=DIR keep them out of the venv).
Time to first byte is the time until the writer hands over any byte of the file: only
synthsite's writer streams, the others finish the file first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CUSTOMERS = json.loads((ROOT / "examples" / "customers.json").read_text())


def python_rows(schema, chunks) -> tuple[list[str], list[list]]:
    """The rows as Python values (dates as datetime.date), for the row-wise writers."""
    from generator.writers.cells import python_values

    names, rows = [c.name for c in schema.columns], []
    for chunk in chunks:
        columns = []
        for column in schema.columns:
            values = python_values(column, chunk[column.name])
            if column.kind == "date":
                values = [None if v is None else dt.date.fromisoformat(v) for v in values]
            columns.append(values)
        rows.extend(map(list, zip(*columns)))
    return names, rows


def with_xlsxwriter(names, rows) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
    sheet = book.add_worksheet("data")
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, names)
    for index, row in enumerate(rows, 1):
        for col, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(index, col, value, dates)
            elif value is not None:
                sheet.write(index, col, value)
    book.close()
    return out.getvalue()


def with_openpyxl(names, rows) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("data")
    sheet.append(names)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_pyexcelerate(names, rows) -> bytes:
    from pyexcelerate import Workbook

    book = Workbook()
    book.new_sheet("data", data=[names, *rows])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_rustpy(names, rows) -> bytes:
    from rustpy_xlsxwriter import FastExcel

    out = io.BytesIO()
    FastExcel(out).sheet("data", [dict(zip(names, row)) for row in rows]).save()
    return out.getvalue()


def timed(write: Callable[[], bytes]) -> tuple[float, float, int]:
    start = time.perf_counter()
    data = write()
    seconds = time.perf_counter() - start
    return seconds, seconds, len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synthsite.settings")
    import django

    django.setup()
    from generator.engine import generate_chunks
    from generator.schema import DatasetSchema
    from generator.writers.xlsx import xlsx_stream

    schema = DatasetSchema.from_dict(CUSTOMERS)
    chunks = list(generate_chunks(schema, rows=args.rows, seed=1))
    results = []
    start, size, first = time.perf_counter(), 0, None
    for piece in xlsx_stream(schema, iter(chunks)):
        first = time.perf_counter() - start if first is None else first
        size += len(piece)
    results.append(("synthsite (column-wise, streamed)", time.perf_counter() - start, first or 0.0, size, ""))
    prepare = time.perf_counter()
    names, rows = python_rows(schema, chunks)
    prepared = time.perf_counter() - prepare
    for label, write in (("xlsxwriter constant_memory", with_xlsxwriter), ("openpyxl write_only", with_openpyxl),
                         ("pyexcelerate", with_pyexcelerate), ("rustpy-xlsxwriter", with_rustpy)):
        try:
            seconds, ttfb, size = timed(lambda write=write: write(names, rows))
        except ImportError:
            results.append((label, None, None, None, "not installed"))
            continue
        results.append((label, seconds + prepared, ttfb + prepared, size, f"incl. {prepared:.2f} s to make Python rows"))
    print(f"\n{args.rows:,} rows × {len(schema.columns)} columns (customer table), writing only, one run\n")
    print("| writer | seconds | first byte | MB | note |\n| --- | ---: | ---: | ---: | --- |")
    for label, seconds, ttfb, size, note in results:
        if seconds is None:
            print(f"| {label} |  |  |  | {note} |")
        else:
            print(f"| {label} | {seconds:.2f} | {ttfb:.3f} s | {size / 1e6:.1f} | {note} |")


if __name__ == "__main__":
    main()
