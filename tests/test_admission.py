"""Fair sharing: heavy requests need a slot (per client and per host), a 429 with Retry-After
beyond; slots are released when the body ends or the client goes away; bodies go out in
bounded pieces so a send timeout can free a stalled thread."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import admission
from generator.schema import DatasetSchema
from generator.services import schema_save

ROOT = Path(__file__).resolve().parent.parent
CUSTOMERS = json.loads((ROOT / "examples" / "customers.json").read_text())


@pytest.fixture(autouse=True)
def slots(settings, tmp_path):
    settings.SYNTH_SLOT_DIR = str(tmp_path / "slots")
    settings.SYNTH_HEAVY_PER_CLIENT, settings.SYNTH_HEAVY_TOTAL = 2, 3
    return settings


def test_each_client_gets_its_share_and_the_host_its_total():
    a1, _ = admission.take_slot("10.0.0.1")
    a2, _ = admission.take_slot("10.0.0.1")
    a3, why = admission.take_slot("10.0.0.1")
    assert a1 and a2 and a3 is None and why == "client"
    b1, _ = admission.take_slot("10.0.0.2")
    b2, why = admission.take_slot("10.0.0.2")
    assert b1 and b2 is None and why == "total"
    a1.release()
    b2, _ = admission.take_slot("10.0.0.2")
    assert b2 is not None
    for ticket in (a2, b1, b2):
        ticket.release()
    assert all(admission.take_slot(f"10.0.0.{i}")[0] for i in range(3))


def test_a_slot_of_a_dead_worker_is_free_again(tmp_path):
    """Slots are flocks: the kernel drops them with the process that held them."""
    import subprocess
    import sys

    code = (
        "import fcntl, os, sys; h = open(sys.argv[1], 'ab'); fcntl.flock(h, fcntl.LOCK_EX); "
        "sys.stdout.write('held\\n'); sys.stdout.flush(); os._exit(0)"
    )
    target = Path(admission.slot_directory())
    target.mkdir(parents=True, exist_ok=True)
    out = subprocess.run([sys.executable, "-c", code, str(target / "total-0")], capture_output=True, text=True, timeout=30)
    assert out.stdout == "held\n"
    ticket, _ = admission.take_slot("10.0.0.9")
    assert ticket is not None and ticket.files[1].name.endswith("total-0")
    ticket.release()


def test_bodies_go_out_in_bounded_pieces_and_release_the_ticket_at_the_end():
    ticket, _ = admission.take_slot("10.0.0.1")
    big = b"x" * (admission.SEND_PIECE * 3 + 5)
    pieces = list(admission.held(iter([b"head", big]), ticket))
    assert b"".join(pieces) == b"head" + big
    assert max(map(len, pieces)) == admission.SEND_PIECE
    assert not ticket.files


def test_a_closed_body_releases_its_ticket():
    ticket, _ = admission.take_slot("10.0.0.1")
    body = admission.held(iter([b"a" * 10] * 100), ticket)
    next(body)
    body.close()  # what gunicorn does when the client goes away
    assert not ticket.files


def _stored_customers() -> str:
    return schema_save(schema=DatasetSchema.from_dict(CUSTOMERS))


def test_a_heavy_permalink_beyond_the_share_is_a_429_with_retry_after(client):
    schema_id = _stored_customers()
    held = [admission.take_slot("127.0.0.1")[0] for _ in range(2)]
    heavy = client.get(f"/datasets/{schema_id}.csv", {"rows": 1_000_000, "seed": 1})
    light = client.get(f"/datasets/{schema_id}.csv", {"rows": 100, "seed": 1})
    assert heavy.status_code == 429 and heavy["Retry-After"] == str(admission.HEAVY_RETRY_SECONDS)
    assert "large downloads running" in heavy.json()["errors"]["rows"][0]
    assert light.status_code == 200 and b"".join(light.streaming_content).count(b"\n") == 101
    for ticket in held:
        ticket.release()
    again = client.get(f"/datasets/{schema_id}.csv", {"rows": 20_000, "seed": 1})
    assert again.status_code == 200
    assert b"".join(again.streaming_content).count(b"\n") == 20_001
    assert all(admission.take_slot("127.0.0.1")[0] for _ in range(2))  # released when the body ended


def test_a_dataset_page_of_a_costly_schema_counts_as_heavy(client, settings):
    labels = [f"k{i}" for i in range(50)]
    drivers = [{"column": "a", "effect": 0.5, "class": labels[i]} for i in range(30)]
    columns = [{"name": "a", "type": "integer", "min": 0, "max": 9}]
    columns += [{"name": f"t{i}", "type": "target", "task": "multiclass", "classes": labels, "drivers": drivers} for i in range(5)]
    schema_id = schema_save(schema=DatasetSchema.from_dict({"title": "t", "columns": columns}))
    held = [admission.take_slot("127.0.0.1")[0] for _ in range(2)]
    page = client.get(f"/datasets/{schema_id}", HTTP_ACCEPT="text/html")
    assert page.status_code == 429 and b"large downloads" in page.content
    for ticket in held:
        ticket.release()
