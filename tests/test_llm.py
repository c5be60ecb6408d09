"""The model as schema source, end to end: Django's test client → services → the real openai SDK
→ real HTTP → a scripted OpenAI-compatible server on 127.0.0.1 (tests/fake_openai.py)."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from generator.inference.sources import current_source, llm, llm_source
from generator.inference.sources.prompt import PROMPT_VERSION
from generator.models import usage_counts
from generator.repository import SchemaRepository
from tests.conftest import TEST_OPENAI_KEY
from tests.fake_openai import Reply, completion, error

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "llm_replies"
GOOD = json.loads((FIXTURES / "streaming_customers.json").read_text())
DESCRIPTION = GOOD["description"]


def ask(client, description=DESCRIPTION, **headers):
    response = client.post("/api/schema", json.dumps({"description": description}), content_type="application/json", **headers)
    return response, response.json()


def store(settings) -> dict:
    """The schema store's contents, exported in the schemas.json format."""
    exported = Path(settings.SYNTH_SCHEMA_STORE).with_name("exported.json")
    SchemaRepository(settings.SYNTH_SCHEMA_STORE).export_file(exported)
    return json.loads(exported.read_text())


def sources_stored(settings) -> list[str]:
    return sorted(entry["source"] for entry in store(settings)["schemas"].values())


def bad_schema(**column_changes) -> dict:
    reply = json.loads(json.dumps(GOOD["reply"]))
    reply["columns"][1].update(column_changes)
    return reply


def test_a_good_reply_becomes_the_schema_and_is_cached(client, settings, fake_openai):
    fake_openai.script(completion(GOOD["reply"]))
    response, body = ask(client)
    assert response.status_code == 200
    assert body["source"] == "openai" and "notice" not in body
    assert [c["name"] for c in body["schema"]["columns"]] == GOOD["expect"]["columns"]
    assert body["schema"]["columns"][4]["weights"] == [0.45, 0.4, 0.15]
    assert sources_stored(settings) == ["openai"]

    again, body_again = ask(client, DESCRIPTION.upper())  # case and spacing are folded in the cache key
    assert body_again["source"] == "cache" and body_again["schema_id"] == body["schema_id"]
    assert fake_openai.count == 1, "a repeated description must not call the model again"
    counts = usage_counts()
    assert counts["llm_calls"] == 1 and counts["cache_hits"] == 1 and counts["fallbacks"] == 0
    assert counts["llm_prompt_tokens"] == 1850 and counts["llm_completion_tokens"] == 420


def test_the_request_is_a_strict_structured_output_call(client, fake_openai):
    fake_openai.script(completion(GOOD["reply"]))
    ask(client)
    sent = fake_openai.requests[0]
    assert sent["path"] == "/v1/chat/completions"
    assert sent["headers"]["authorization"] == f"Bearer {TEST_OPENAI_KEY}"
    assert sent["json"]["model"] == "gpt-4o-mini"
    assert sent["json"]["response_format"]["type"] == "json_schema"
    assert sent["json"]["response_format"]["json_schema"]["strict"] is True
    assert sent["json"]["messages"][-1] == {"role": "user", "content": DESCRIPTION}


FAILURES = {
    "unknown type": (completion(bad_schema(type="favourite_colour")), 1),
    "junk text": (completion("Sure! Here is a schema for your customers: name, email, plan."), 1),
    "refusal": (completion(None, refusal="I'm sorry, I can't help with that request."), 1),
    "truncated": (completion(json.dumps(GOOD["reply"])[:900], finish_reason="length"), 1),
    "no columns": (completion({"title": "Customers", "locale": None, "columns": []}), 1),
    "invalid after repair": (completion(bad_schema(type="category")), 1),  # values required, and none given
    "500 every time": (error(500, "The server had an error while processing your request."), 1 + llm.MAX_RETRIES),
    "429 with a long Retry-After": (error(429, "Rate limit reached", headers={"retry-after": "60"}), 1),
    "401 quoting the key": (error(401, f"Incorrect API key provided: {TEST_OPENAI_KEY}.", code="invalid_api_key"), 1),
    "HTTP body not JSON": (Reply(body="<html><body>502 Bad Gateway</body></html>"), 1),
}


@pytest.mark.parametrize("case", FAILURES)
def test_a_failed_call_falls_back_to_offline_with_a_notice(case, client, settings, fake_openai, caplog):
    caplog.set_level(logging.DEBUG)
    reply, expected_requests = FAILURES[case]
    fake_openai.script(reply)
    started = time.monotonic()
    response, body = ask(client)
    assert response.status_code == 200
    assert body["source"] == "offline" and "offline inferrer" in body["notice"]
    assert body["schema"]["columns"], "the offline inferrer's schema is served"
    assert fake_openai.count == expected_requests
    assert time.monotonic() - started < settings.SYNTH_LLM_TIMEOUT
    assert "openai" not in sources_stored(settings), "nothing from a failed call may be cached"
    assert usage_counts()["fallbacks"] == 1 and usage_counts()["llm_failures"] == 1
    assert "schema source openai failed" in caplog.text
    assert TEST_OPENAI_KEY not in response.content.decode() and TEST_OPENAI_KEY not in caplog.text


def test_a_failed_call_is_not_cached_so_the_next_request_asks_again(client, fake_openai):
    fake_openai.script(completion("not json"), completion(GOOD["reply"]))
    assert ask(client)[1]["source"] == "offline"
    assert ask(client)[1]["source"] == "openai"
    assert fake_openai.count == 2


def test_429_then_success_is_retried_after_a_backoff(client, fake_openai):
    fake_openai.script(error(429, "Rate limit reached for requests"), completion(GOOD["reply"]))
    started = time.monotonic()
    response, body = ask(client)
    assert body["source"] == "openai"
    assert fake_openai.count == 2
    assert time.monotonic() - started >= 0.3, "the SDK waits before retrying"


def test_a_reply_slower_than_the_budget_is_abandoned(client, settings, fake_openai):
    settings.SYNTH_LLM_TIMEOUT = 1
    fake_openai.script(completion(GOOD["reply"], delay=4))
    started = time.monotonic()
    response, body = ask(client)
    elapsed = time.monotonic() - started
    assert body["source"] == "offline" and body["notice"]
    assert fake_openai.count == 1, "no retry once the budget is spent"
    assert elapsed < 1 + llm.MAX_BACKOFF + 0.5, f"took {elapsed:.1f}s"


def test_the_budget_bounds_retries_too(client, settings, fake_openai):
    settings.SYNTH_LLM_TIMEOUT = 2
    fake_openai.script(error(503, "overloaded", headers={"retry-after": "1.5"}))
    started = time.monotonic()
    assert ask(client)[1]["source"] == "offline"
    assert fake_openai.count == 1, "a retry that cannot finish within the budget is not attempted"
    assert time.monotonic() - started < 1


def test_without_a_key_the_model_is_never_called(client, fake_openai, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY")
    assert current_source().name == "offline"
    response, body = ask(client)
    assert body["source"] == "offline" and "notice" not in body
    assert fake_openai.count == 0


def test_the_cache_key_names_model_and_prompt_version(client, settings, fake_openai):
    assert llm_source().fingerprint == f"openai:gpt-4o-mini:prompt-v{PROMPT_VERSION}"
    fake_openai.script(completion(GOOD["reply"]))
    ask(client)
    settings.SYNTH_LLM_MODEL = "llama3.1:8b"
    assert llm_source().fingerprint == f"openai:llama3.1:8b:prompt-v{PROMPT_VERSION}"
    assert ask(client)[1]["source"] == "openai", "another model's cached schema is not reused"
    assert fake_openai.requests[1]["json"]["model"] == "llama3.1:8b"


def test_responses_carry_a_request_id_that_the_fallback_log_line_names(client, fake_openai, caplog):
    fake_openai.script(completion("junk"))
    response, _ = ask(client)
    request_id = response["X-Request-Id"]
    assert len(request_id) == 32
    warning = next(r for r in caplog.records if "schema source openai failed" in r.getMessage())
    assert warning.request_id == request_id
    assert "not JSON" in warning.getMessage()


def test_a_sane_incoming_request_id_is_kept_and_an_unsafe_one_replaced(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.21")["X-Request-Id"] == "lb-7f3a.21"
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="x\r\nSet-Cookie: a=b")["X-Request-Id"]
    assert replaced != "x\r\nSet-Cookie: a=b" and len(replaced) == 32


def test_llmstats_prints_the_counts(client, fake_openai, capsys):
    fake_openai.script(completion(GOOD["reply"]), completion("junk"))
    ask(client)
    ask(client)
    ask(client, "orders with order id, date and total")
    call_command("llmstats", "--json")
    counts = json.loads(capsys.readouterr().out)
    assert counts["llm_calls"] == 2 and counts["cache_hits"] == 1 and counts["fallbacks"] == 1
    assert counts["llm_failures"] == 1 and counts["llm_prompt_tokens"] == 2 * 1850, "a failed reply still costs tokens"
    call_command("llmstats")
    table = capsys.readouterr().out
    assert "llm_calls" in table and "fallbacks" in table and TEST_OPENAI_KEY not in table


def test_the_preview_page_shows_the_notice_when_the_model_fails(client, fake_openai):
    fake_openai.script(error(503, "The engine is currently overloaded", headers={"retry-after": "90"}))
    page = client.post("/preview", {"description": DESCRIPTION, "rows": 10, "seed": 1}, follow=True)
    html = page.content.decode()
    assert page.status_code == 200
    assert "offline inferrer made this schema" in html and TEST_OPENAI_KEY not in html
    assert fake_openai.count == 1
