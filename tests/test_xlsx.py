"""Excel downloads start at once, stop when the client leaves, stay within a cell cap and leave
no files behind."""

import datetime as dt
import io
import os
import tempfile

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pytest

from generator.engine import CHUNK_ROWS, ColumnChunk, generate_chunks
from generator.schema import DatasetSchema
from generator.services import schema_save
from generator.writers.xlsx import xlsx_stream

SCHEMA = DatasetSchema.from_dict(
    {"title": "Sheet", "columns": [
        {"name": "id", "type": "id"}, {"name": "name", "type": "full_name"}, {"name": "v", "type": "decimal"},
        {"name": "day", "type": "date"}, {"name": "ok", "type": "boolean", "null_rate": 0.2}]}
)


class CountingChunks:
    """The engine's chunks, counting how many were made."""

    def __init__(self, schema, rows):
        self.made = 0
        self._chunks = generate_chunks(schema, rows=rows, seed=1)

    def __iter__(self):
        for chunk in self._chunks:
            self.made += 1
            yield chunk


def test_first_bytes_leave_before_the_rows_are_made():
    chunks = CountingChunks(SCHEMA, rows=20 * CHUNK_ROWS)
    stream = xlsx_stream(SCHEMA, chunks)
    first = next(stream)
    assert first.startswith(b"PK") and chunks.made == 0
    next(stream)
    assert chunks.made == 1


def test_writing_stops_when_the_client_leaves_and_no_file_is_left(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    chunks = CountingChunks(SCHEMA, rows=50 * CHUNK_ROWS)
    stream = xlsx_stream(SCHEMA, chunks)
    for _ in range(4):
        next(stream)
    stream.close()  # what the server does when the connection is closed
    assert chunks.made == 3
    assert os.listdir(tmp_path) == []


def test_a_full_download_writes_no_temporary_file(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    data = b"".join(xlsx_stream(SCHEMA, generate_chunks(SCHEMA, rows=3 * CHUNK_ROWS, seed=1)))
    assert os.listdir(tmp_path) == []
    frame = pd.read_excel(io.BytesIO(data))
    assert len(frame) == 3 * CHUNK_ROWS and list(frame.columns) == [c.name for c in SCHEMA.columns]


def test_more_cells_than_the_cap_is_a_400_naming_rows_and_the_format(client, settings):
    settings.SYNTH_MAX_EXCEL_CELLS = 1000
    schema_id = schema_save(schema=SCHEMA)
    response = client.get(f"/datasets/{schema_id}.xlsx", {"rows": 201, "seed": 1})
    assert response.status_code == 400
    message = response.json()["errors"]["rows"][0]
    assert "Excel" in message and "1,000 cells" in message and "at most 200 rows" in message
    assert client.get(f"/datasets/{schema_id}.xlsx", {"rows": 200, "seed": 1}).status_code == 200
    assert client.get(f"/datasets/{schema_id}.csv", {"rows": 201, "seed": 1}).status_code == 200


def test_dates_before_march_1900_are_iso_text_and_later_ones_real_dates():
    schema = DatasetSchema.from_dict({"title": "Old", "columns": [{"name": "day", "type": "date"}, {"name": "at", "type": "datetime"}]})
    days = np.array(["1850-07-04", "1900-02-28", "1900-03-01", "2024-02-29"], dtype="datetime64[D]")
    chunk = {"day": ColumnChunk(days, None), "at": ColumnChunk(days.astype("datetime64[s]") + np.int64(3723), None)}
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(xlsx_stream(schema, [chunk])))).active.iter_rows(values_only=True))
    assert rows[1] == ("1850-07-04", "1850-07-04T01:02:03")
    assert rows[2] == ("1900-02-28", "1900-02-28T01:02:03")
    assert rows[3] == (dt.datetime(1900, 3, 1), dt.datetime(1900, 3, 1, 1, 2, 3))
    assert rows[4] == (dt.datetime(2024, 2, 29), dt.datetime(2024, 2, 29, 1, 2, 3))


def test_text_is_escaped_for_xml_and_kept_as_text():
    schema = DatasetSchema.from_dict({"title": "T", "columns": [{"name": "s", "type": "category", "values": ["x"]}]})
    values = ["a & b < c > d", "=SUM(A1)", " padded ", "line\nbreak", "ünïcode €", ""]
    data = b"".join(xlsx_stream(schema, [{"s": ColumnChunk(pa.array(values), None)}]))
    got = [row[0] for row in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, values_only=True)]
    assert got == values


@pytest.mark.parametrize("rows", [0, 1, CHUNK_ROWS + 1])
def test_any_row_count_is_a_valid_workbook(rows):
    data = b"".join(xlsx_stream(SCHEMA, generate_chunks(SCHEMA, rows=rows, seed=2)))
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    assert sum(1 for _ in sheet.iter_rows()) == rows + 1


def _zip64_entries(data: bytes) -> list[str]:
    """Entries whose local header carries a zip64 extra field (id 0x0001)."""
    import struct
    import zipfile

    found = []
    for info in zipfile.ZipFile(io.BytesIO(data)).infolist():
        name_length, extra_length = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
        extra = data[info.header_offset + 30 + name_length : info.header_offset + 30 + name_length + extra_length]
        if extra[:2] == b"\x01\x00":
            found.append(info.filename)
    return found


def test_only_a_sheet_that_could_pass_4_gb_is_a_zip64_entry():
    small = b"".join(xlsx_stream(SCHEMA, generate_chunks(SCHEMA, rows=10, seed=1), {"rows": 10}))
    large = b"".join(xlsx_stream(SCHEMA, generate_chunks(SCHEMA, rows=10, seed=1), {"rows": 1_000_000}))
    assert _zip64_entries(small) == [] and _zip64_entries(large) == ["xl/worksheets/sheet1.xml"]
    assert len(openpyxl.load_workbook(io.BytesIO(large)).active["A"]) == 11
