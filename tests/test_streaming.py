"""Large downloads are streamed chunk by chunk, never built whole in memory; small ones are made
first (in memory up to 8 MiB, then a temporary file) and sent with their length."""

import json
import math

from django.http import StreamingHttpResponse

from generator.admission import SEND_PIECE
from generator.engine import CHUNK_ROWS
from generator.schema import DatasetSchema
from generator.services import schema_save

SCHEMA = DatasetSchema.from_dict(
    {"title": "Stream", "columns": [{"name": "id", "type": "id"}, {"name": "name", "type": "full_name"}, {"name": "v", "type": "decimal"}]}
)


def test_a_large_csv_download_is_a_stream_of_chunk_sized_pieces(client, monkeypatch):
    from generator import views

    monkeypatch.setattr(views, "HELD_BYTES", 100_000)  # this file (about 2 MB) stands in for one over 50 MB
    schema_id = schema_save(schema=SCHEMA)
    rows = 5 * CHUNK_ROWS + 17
    response = client.get(f"/datasets/{schema_id}.csv", {"rows": rows, "seed": 1})
    assert isinstance(response, StreamingHttpResponse)
    sizes, lines = [], 0
    for piece in response.streaming_content:
        sizes.append(len(piece))
        lines += piece.count(b"\n")
    assert len(sizes) >= 1 + math.ceil(rows / CHUNK_ROWS)
    assert lines == rows + 1
    assert max(sizes) <= SEND_PIECE, "pieces are bounded, so a send timeout can free a stalled thread (generator.admission)"


def test_a_json_download_is_streamed_and_valid(client):
    schema_id = schema_save(schema=SCHEMA)
    rows = 2 * CHUNK_ROWS + 3
    response = client.get(f"/datasets/{schema_id}.json", {"rows": rows, "seed": 2})
    pieces = list(response.streaming_content)
    assert len(pieces) >= 3
    assert len(json.loads(b"".join(pieces))) == rows
