"""A classroom behind one address, against real gunicorn on 127.0.0.1: 40 students opening the same
cached course link twice in a minute are never refused, while a flood of new descriptions from that
address still is (the rate limit counts only requests that may call the model)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest

from tests.gunicorn_server import running_gunicorn

pytestmark = pytest.mark.server
COURSE = "hotel bookings with guest name, check-in date, nights, room type (single, double, suite) and nightly rate"


def test_forty_students_behind_one_address_get_the_cached_link_twice_and_a_flood_is_still_refused(tmp_path):
    link = "/generate?" + urlencode({"description": COURSE, "rows": 200, "seed": 2026})
    with running_gunicorn(tmp_path, workers=2, threads=8, overrides={"SYNTH_RATE_LIMIT": 60, "SYNTH_RATE_WINDOW": 60}) as server:
        first = server.request("GET", link)  # the instructor tries the link: the schema is made and cached
        assert first.status == 200, first.body[:300]
        schema_id = first.headers["x-synth-schema-id"]
        permalink = f"/datasets/{schema_id}.csv?rows=200&seed=2026"

        def student(i: int) -> list[int]:
            return [server.request("GET", link if visit == 0 else permalink, timeout=60).status for visit in range(2)] + \
                   [server.request("GET", link, timeout=60).status]

        with ThreadPoolExecutor(40) as pool:
            statuses = [status for visits in pool.map(student, range(40)) for status in visits]
        assert statuses.count(429) == 0 and set(statuses) == {200}, statuses

        def new_description(i: int) -> int:
            return server.request("POST", "/api/schema", {"description": f"shop {i} with name, city and opening date"}, timeout=60).status

        with ThreadPoolExecutor(8) as pool:
            flood = list(pool.map(new_description, range(130)))
    print(f"\nclassroom: {len(statuses)} cached requests from one address, none refused; flood of 130 new descriptions: "
          f"{flood.count(200)} made, {flood.count(429)} refused")
    assert flood.count(429) >= 10 and set(flood) <= {200, 429}, flood
