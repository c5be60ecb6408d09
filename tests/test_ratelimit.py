"""The per-client limit on requests that may call the model (a description not in the cache): 429
with Retry-After, not fooled by headers; cached descriptions and permalinks are never refused."""

import itertools
import json

import pytest

from tests.gunicorn_server import running_gunicorn

pytestmark = pytest.mark.django_db
DESCRIPTION = {"description": "customers with name and email"}


@pytest.fixture
def limited(settings, monkeypatch):
    """A limit of 3 a minute, with the clock held 10 s into a window: requests made near the end of
    a real minute would otherwise fall into two windows and each get a fresh allowance."""
    from generator import ratelimit

    settings.SYNTH_RATE_LIMIT = 3
    settings.SYNTH_RATE_WINDOW = 60
    start = (ratelimit.time.time() // 60 + 1) * 60 + 10
    monkeypatch.setattr(ratelimit, "hit", lambda client, *, limit, window, now=None, using="default", real=ratelimit.hit: real(client, limit=limit, window=window, now=start if now is None else now, using=using))
    return settings


NEW = itertools.count()


def post(client, description: str = "", **headers):
    """A schema request; a new description each time unless one is given."""
    body = {"description": description or f"customers with name and email, batch {next(NEW)}"}
    return client.post("/api/schema", json.dumps(body), content_type="application/json", **headers)


def test_over_the_limit_is_a_429_with_retry_after(client, limited):
    assert [post(client).status_code for _ in range(3)] == [200, 200, 200]
    refused = post(client)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 61
    assert "at most 3 every 60 seconds" in refused.json()["errors"]["rate"][0]


def test_a_browser_gets_a_page_not_json(client, limited):
    for i in range(3):
        client.get("/generate", {"description": f"cats {i}", "rows": 1})
    page = client.get("/generate", {"description": "cats 3", "rows": 1}, HTTP_ACCEPT="text/html")
    assert page.status_code == 429 and "Too many requests" in page.content.decode() and page["Retry-After"]


def test_a_forged_forwarded_for_header_buys_nothing(client, limited):
    statuses = [post(client, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").status_code for i in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_behind_a_trusted_proxy_each_client_has_its_own_allowance(client, limited):
    limited.SYNTH_TRUSTED_PROXIES = 1
    first = [post(client, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code for _ in range(4)]
    other = post(client, HTTP_X_FORWARDED_FOR="forged, 203.0.113.9")
    assert first == [200, 200, 200, 429] and other.status_code == 200


def test_pages_that_make_no_schema_are_not_limited(client, limited):
    for _ in range(3):
        post(client)
    assert client.get("/healthz").status_code == 200 and client.get("/").status_code == 200


@pytest.mark.server
def test_the_limit_holds_across_gunicorn_workers(tmp_path):
    import http.client
    from concurrent.futures import ThreadPoolExecutor

    with running_gunicorn(tmp_path, workers=3, threads=4, overrides={"SYNTH_RATE_LIMIT": 10}) as server:
        def one(i):
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            conn.request("POST", "/api/schema", json.dumps({"description": f"shop {i} with name"}), {"Content-Type": "application/json"})
            status = conn.getresponse().status
            conn.close()
            return status

        with ThreadPoolExecutor(12) as pool:
            statuses = list(pool.map(one, range(30)))
    assert statuses.count(200) == 10 and statuses.count(429) == 20


def test_a_429_carries_the_security_headers(client, limited):
    for _ in range(3):
        post(client)
    refused = post(client)
    assert refused.status_code == 429 and refused["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in refused


def test_cached_descriptions_and_permalinks_are_never_refused(client, limited):
    """Once a description is cached, asking for it again calls no model and is not counted."""
    schema_id = post(client, DESCRIPTION["description"]).json()["schema_id"]
    for _ in range(10):
        assert post(client, DESCRIPTION["description"]).status_code == 200
        assert client.get("/generate", {**DESCRIPTION, "rows": 2, "seed": 1}).status_code == 200
        assert client.get(f"/datasets/{schema_id}.csv", {"rows": 2, "seed": 1}).status_code == 200
    assert [post(client).status_code for _ in range(3)] == [200, 200, 429], "one counted, two new ones allowed, then refused"
    assert post(client, DESCRIPTION["description"]).status_code == 200, "the cached one still answers"
