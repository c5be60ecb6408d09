"""The model path against servers as they are: the local OpenAI-compatible server in the modes of
real server kinds (tests/fake_openai.py), a whole-call deadline, replies that need repair, and a
circuit breaker. Every case ends in the model's schema or a fallback with a notice, within the
deadline, and nothing from a failed call is cached."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time

import pytest

from generator.inference import SourceUnavailable
from generator.inference.sources import llm, warm
from generator.models import usage_counts
from tests.conftest import TEST_OPENAI_KEY
from tests.fake_openai import completion, error
from tests.strict_rules import STRICTEST, violations
from tests.test_llm import sources_stored
from tests.test_llm_replies import RIDES, wire

pytestmark = pytest.mark.django_db

SALES = {
    "title": "Shop sales",
    "locale": None,
    "columns": [
        {"name": "order_id", "type": "id", "description": "Order number"},
        {"name": "quantity", "type": "integer", "min": 1, "max": 10, "description": "Items"},
        {"name": "unit_price", "type": "price", "min": 2, "max": 80, "description": "Price of one item", "unit": "USD"},
        {"name": "total", "type": "derived", "expression": "quantity * unit_price", "description": "Order total"},
        {"name": "channel", "type": "category", "values": ["web", "store", "phone"], "weights": [0.5, 0.4, 0.1], "description": "Where it was sold"},
        {"name": "discount", "type": "decimal", "min": 0, "max": 20, "description": "Discount given", "unit": "USD"},
        {"name": "paid", "type": "boolean", "true_rate": 0.9, "description": "Paid"},
    ],
}


def ask(client, description="shop sales with quantity, unit price, total, channel, discount and whether paid"):
    started = time.monotonic()
    response = client.post("/api/schema", json.dumps({"description": description}), content_type="application/json")
    return response.json(), time.monotonic() - started


def sales_reply(**changes) -> dict:
    """The SALES reply on the wire, with `changes` applied to it (column name → wire column keys)."""
    reply = wire(SALES)
    for name, column_changes in changes.items():
        column = next(c for c in reply["columns"] if c["name"] == name)
        params = {p["name"]: p["value"] for p in column["params"]}
        params.update(column_changes.pop("params", {}))
        column.update(column_changes, params=[{"name": k, "value": v} for k, v in params.items()])
    return reply


def column_of(body: dict, name: str) -> dict:
    return next(c for c in body["schema"]["columns"] if c["name"] == name)


def test_a_body_trickling_in_after_the_headers_ends_the_model_call_at_the_deadline(settings, fake_openai):
    """SYNTH_LLM_TIMEOUT=2 against headers at once and then a body over 8 s: the model call gives
    up (and the request falls back) within 2.5 s."""
    settings.SYNTH_LLM_TIMEOUT = 2
    fake_openai.script(completion(wire(SALES), trickle=8))
    started = time.monotonic()
    with pytest.raises(SourceUnavailable, match="deadline") as failure:
        llm.infer_schema("shop sales", model="gpt-4o-mini")
    elapsed = time.monotonic() - started
    assert 2 <= elapsed <= 2.5, f"took {elapsed:.2f}s against a 2s deadline"
    assert failure.value.usage.llm_failures == 1


def test_a_trickling_body_gets_the_offline_schema_with_a_notice(client, settings, fake_openai):
    """End to end: the fallback's own work (the offline inferrer, storing) comes on top of the
    2 s; on a loaded shared machine that is up to a few seconds, so only the order is checked."""
    warm()  # as a gunicorn worker does at start
    settings.SYNTH_LLM_TIMEOUT = 2
    fake_openai.script(completion(wire(SALES), trickle=8))
    body, elapsed = ask(client)
    assert body["source"] == "offline" and body["notice"]
    assert elapsed < 5, f"took {elapsed:.2f}s"
    assert "openai" not in sources_stored(settings)
    assert usage_counts()["llm_failures"] == 1


def test_a_trickle_that_ends_within_the_deadline_is_used(client, settings, fake_openai):
    settings.SYNTH_LLM_TIMEOUT = 5
    fake_openai.script(completion(wire(SALES), trickle=0.5))
    body, _ = ask(client)
    assert body["source"] == "openai", body


def test_azure_limits_and_a_one_system_message_template_accept_the_request(client, fake_openai):
    fake_openai.modes = {"azure", "one_system"}
    fake_openai.script(completion(wire(SALES)))
    body, _ = ask(client)
    assert body["source"] == "openai", body
    assert fake_openai.count == 1
    sent = fake_openai.requests[0]["json"]
    assert violations(sent["response_format"]["json_schema"]["schema"], STRICTEST) == []
    assert [m["role"] for m in sent["messages"]] == ["system", "user"]


def test_a_server_without_json_schema_gets_json_mode_and_it_is_remembered(client, fake_openai, caplog):
    fake_openai.modes = {"no_json_schema"}
    fake_openai.script(completion(wire(SALES)))
    body, _ = ask(client)
    assert body["source"] == "openai", body
    first, second = (r["json"] for r in fake_openai.requests)
    assert first["response_format"]["type"] == "json_schema" and second["response_format"] == {"type": "json_object"}
    assert '"additionalProperties":false' in second["messages"][0]["content"], "the schema goes in the prompt"
    assert "json_schema is not supported by this server" in caplog.text, "the server's own message is logged"
    ask(client, "orders with an id and a date")
    assert fake_openai.count == 3 and fake_openai.requests[2]["json"]["response_format"] == {"type": "json_object"}


def test_a_reasoning_model_is_asked_again_without_temperature_and_then_always(client, fake_openai):
    fake_openai.modes = {"reasoning"}
    fake_openai.script(completion(wire(SALES)))
    body, _ = ask(client)
    assert body["source"] == "openai", body
    first, second = (r["json"] for r in fake_openai.requests)
    assert first["temperature"] == llm.TEMPERATURE and "temperature" not in second
    ask(client, "orders with an id and a date")
    assert fake_openai.count == 3 and "temperature" not in fake_openai.requests[2]["json"]


def test_an_ollama_style_server_reads_max_tokens(client, fake_openai):
    fake_openai.modes = {"max_tokens_only"}
    fake_openai.script(completion(wire(SALES)))
    body, _ = ask(client)
    assert body["source"] == "openai", body
    sent = fake_openai.requests[0]["json"]
    assert sent["max_tokens"] == sent["max_completion_tokens"] == llm.MAX_COMPLETION_TOKENS


@pytest.mark.parametrize(("url", "sends_max_tokens"), [
    ("https://api.openai.com/v1", False),
    ("https://contoso.openai.azure.com/openai/v1/", False),
    ("http://localhost:11434/v1", True),
    ("http://127.0.0.1:8000/v1", True),
])
def test_max_tokens_goes_to_other_servers_than_openai_and_azure(url, sends_max_tokens):
    args = llm.request("pets", model="m", today=dt.date(2025, 1, 1), url=url, json_mode=False, temperature=True)
    assert ("max_tokens" in args) == sends_max_tokens and args["max_completion_tokens"] == llm.MAX_COMPLETION_TOKENS


def test_a_schema_4xx_in_both_modes_opens_the_breaker_for_the_base_url(client, settings, fake_openai, monkeypatch, caplog):
    fake_openai.script(error(400, "Invalid schema for response_format 'dataset_schema': too many properties", param="response_format"))
    body, _ = ask(client)
    assert body["source"] == "offline" and body["notice"]
    assert fake_openai.count == 2, "json_schema, then JSON mode"
    body, elapsed = ask(client, "orders with an id and a date")
    assert body["source"] == "offline" and body["notice"] and fake_openai.count == 2, "not asked again while the breaker is open"
    assert "circuit breaker open" in caplog.text and "too many properties" in caplog.text
    assert "openai" not in sources_stored(settings)
    monkeypatch.setattr(llm, "BREAKER_SECONDS", 0.2)
    llm.reset_client()
    fake_openai.script(error(404, "The model `gpt-4o-mini` does not exist", code="model_not_found"), completion(wire(SALES)))
    ask(client, "pets with a name")
    time.sleep(0.3)
    body, _ = ask(client, "pets with a name")
    assert body["source"] == "openai" and fake_openai.count == 4, "asked again once the breaker closed"


def test_a_retryable_error_does_not_open_the_breaker(client, settings, fake_openai):
    settings.SYNTH_LLM_TIMEOUT = 3
    fake_openai.script(error(503, "overloaded", headers={"retry-after": "60"}), completion(wire(SALES)))
    assert ask(client)[0]["source"] == "offline"
    assert ask(client)[0]["source"] == "openai"


def test_the_api_message_is_logged_without_the_key(client, fake_openai, caplog):
    fake_openai.script(error(400, f"Invalid value for 'model' (key {TEST_OPENAI_KEY} used)", code="invalid_value"))
    body, _ = ask(client)
    assert body["source"] == "offline"
    assert "Invalid value for 'model'" in caplog.text and TEST_OPENAI_KEY not in caplog.text


REPAIRS = {
    "empty strings where null was meant": (
        {"discount": {"unit": "", "correlate_with": "", "params": {"mean": "", "distribution": ""}}},
        lambda body: column_of(body, "discount")["distribution"] == "uniform" and "unit" not in column_of(body, "discount"),
        "empty string read as null"),
    "min above max": (
        {"quantity": {"params": {"min": 10, "max": 1}}},
        lambda body: (column_of(body, "quantity")["min"], column_of(body, "quantity")["max"]) == (1, 10),
        "swapped"),
    "correlation without correlate_with": (
        {"discount": {"correlation": 0.6}},
        lambda body: "correlation" not in column_of(body, "discount"),
        "correlation with no column dropped"),
    "a function in capitals": (
        {"total": {"params": {"expression": "ROUND(quantity * unit_price, 2)"}}},
        lambda body: column_of(body, "total")["expression"] == "round(quantity * unit_price, 2)",
        "function ROUND read as round"),
    "weights not summing to 1": (
        {"channel": {"params": {"weights": [50, 40, 10]}}},
        lambda body: column_of(body, "channel")["weights"] == [0.5, 0.4, 0.1],
        "renormalised"),
    "numbers out of range": (
        {"paid": {"params": {"true_rate": 1.4}}, "discount": {"null_rate": 12}},
        lambda body: column_of(body, "paid")["true_rate"] == 1.0 and column_of(body, "discount")["null_rate"] == 0.12,
        "1.4 clipped to 1"),
}


@pytest.mark.parametrize("case", REPAIRS)
def test_a_reply_with_a_fixable_defect_is_repaired_and_used(case, client, settings, fake_openai, caplog):
    caplog.set_level(logging.INFO)
    changes, holds, note = REPAIRS[case]
    fake_openai.script(completion(sales_reply(**json.loads(json.dumps(changes)))))
    body, _ = ask(client)
    assert body["source"] == "openai", body
    assert holds(body), body["schema"]
    assert "repaired the model's reply" in caplog.text and note in caplog.text
    assert sources_stored(settings) == ["openai"]


def test_relations_survive_the_flat_format_on_a_json_mode_server(client, fake_openai):
    fake_openai.modes = {"no_json_schema"}
    fake_openai.script(completion(wire(RIDES)))
    body, _ = ask(client, "ride hailing trips")
    assert body["source"] == "openai", body
    assert column_of(body, "dropped_off_at")["at_least"] == ["picked_up_at"] and column_of(body, "car_id")["distinct"] == 12


SERIES = {
    "title": "Store sales",
    "locale": None,
    "series": {"entity": "store_id", "entities": 5, "time": "date", "frequency": "day", "start": "2024-01-01"},
    "columns": [
        {"name": "store_id", "type": "code", "pattern": "S-###", "description": "Store"},
        {"name": "date", "type": "date", "description": "Day"},
        {"name": "sales", "type": "series_value", "model": "count", "mean": 120, "weekly": 0.3, "description": "Items sold"},
    ],
}


def test_a_series_reply_keeps_its_series_key(client, fake_openai):
    fake_openai.script(completion(wire(SERIES)))
    body, _ = ask(client, "daily sales of 5 stores")
    assert body["source"] == "openai", body
    assert body["schema"]["series"]["entities"] == 5 and body["schema"]["series"]["frequency"] == "day"


@pytest.mark.parametrize("modes", [set(), {"azure"}, {"one_system"}, {"no_json_schema"}, {"reasoning"}, {"max_tokens_only"},
                                   {"azure", "one_system", "reasoning", "max_tokens_only"}])
def test_every_server_kind_ends_in_the_models_schema_within_the_deadline(modes, client, settings, fake_openai):
    settings.SYNTH_LLM_TIMEOUT = 5
    fake_openai.modes = modes
    fake_openai.script(completion(wire(SALES)))
    body, elapsed = ask(client)
    assert body["source"] == "openai" and elapsed < 5, (body, elapsed)


@pytest.mark.parametrize("message", [
    "Incorrect API key provided: sk-proj-ab**********************cd4f. You can find your API key at the dashboard.",
    "Access denied due to invalid subscription key 0123456789abcdef0123456789abcdef or wrong API endpoint.",
])
def test_key_like_text_in_an_api_message_is_redacted(message, client, fake_openai, caplog):
    fake_openai.script(error(401, message))
    assert ask(client)[0]["source"] == "offline"
    assert "[redacted]" in caplog.text and "cd4f" not in caplog.text and "0123456789abcdef0123" not in caplog.text
