"""GPT-4o-mini (or any OpenAI-compatible server) as a schema source, through the openai SDK.

`infer_schema` asks for a strict structured-output reply (see `prompt.response_format`), treats
the reply as untrusted, repairs what is safe to repair and validates the rest like any schema.
Every failure (network, HTTP status, time budget, refusal, truncation, bad JSON, unknown type,
invalid schema) raises SourceUnavailable with a reason for the log, never containing the key.

Time: one call, retries included, ends within SYNTH_LLM_TIMEOUT seconds (default 20) plus at
most one SDK back-off pause (about a second). The SDK retries 429/5xx/timeouts up to
MAX_RETRIES times with its own back-off; the event hooks below cap each attempt's timeouts to
the time left and stop retries that could not finish in time (e.g. a long Retry-After).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import threading
import time
import unicodedata
from contextvars import ContextVar
from dataclasses import replace
from typing import Any

import httpx2
import openai
from django.conf import settings

import generator.inference.sources.prompt as prompt
from generator.inference import Inferred, SourceUnavailable, Usage
from generator.registry import registry
from generator.schema import MAX_COLUMN_TEXT, MAX_TITLE, DatasetSchema, SchemaError

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.openai.com/v1"
MAX_RETRIES = 2
CONNECT_TIMEOUT = 5.0
MAX_BUDGET = 100.0  # well under gunicorn's 120 s worker timeout, whatever the setting says
MAX_COMPLETION_TOKENS = 4000
TEMPERATURE = 0.2
MAX_BACKOFF = 1.0  # the SDK's longest pause with MAX_RETRIES = 2 (0.5 s, then 1 s)
MIN_ATTEMPT = 2.0  # a retry with less time left than this cannot produce a schema
RETRYABLE = frozenset({408, 409, 429})

_deadline: ContextVar[float | None] = ContextVar("llm_deadline", default=None)
_clients: dict[str, openai.OpenAI] = {}
_clients_lock = threading.Lock()


def _api_key() -> str:
    return os.environ.get("OPENAI_API_KEY", "").strip()


def _build_client(base_url: str) -> openai.OpenAI:
    http_client = openai.DefaultHttpx2Client(event_hooks={"request": [_cap_to_deadline], "response": [_stop_late_retries]})
    return openai.OpenAI(
        api_key=_api_key,  # a callable: the key is read from the environment for every request
        base_url=base_url,
        max_retries=MAX_RETRIES,
        timeout=httpx2.Timeout(MAX_BUDGET, connect=CONNECT_TIMEOUT),
        http_client=http_client,
    )


def client() -> openai.OpenAI:
    """The shared client for the configured base URL, built on first use."""
    base_url = settings.OPENAI_BASE_URL or DEFAULT_BASE_URL
    with _clients_lock:
        if base_url not in _clients:
            _clients[base_url] = _build_client(base_url)
        return _clients[base_url]


def reset_client() -> None:
    """Close and forget the cached clients (tests, or after changing OPENAI_BASE_URL)."""
    with _clients_lock:
        old = list(_clients.values())
        _clients.clear()
    for stale in old:
        stale.close()


def budget() -> float:
    """Seconds allowed for one schema request, retries included (SYNTH_LLM_TIMEOUT)."""
    value = float(getattr(settings, "SYNTH_LLM_TIMEOUT", 20) or 20)
    return min(max(value, 0.1), MAX_BUDGET)


def infer_schema(description: str, *, model: str, today: dt.date | None = None) -> Inferred:
    """Ask the model for a schema of `description`; return the validated schema dict and the
    request's usage.

    Raises SourceUnavailable (with a reason for the log and the usage) on any failure.
    """
    if not _api_key():
        raise SourceUnavailable("OPENAI_API_KEY is not set")
    completion = _request(description, model=model, today=today or dt.date.today())
    usage = _usage(completion)
    try:
        return Inferred(schema_from_reply(completion), usage)
    except SourceUnavailable as exc:
        raise SourceUnavailable(str(exc), replace(usage, llm_failures=1)) from None


def _request(description: str, *, model: str, today: dt.date) -> Any:
    started, seconds = time.monotonic(), budget()
    token = _deadline.set(started + seconds)
    try:
        completion = client().chat.completions.create(
            model=model,
            messages=prompt.messages(description, today=today),
            response_format=prompt.response_format(),
            temperature=TEMPERATURE,
            max_completion_tokens=MAX_COMPLETION_TOKENS,
            timeout=httpx2.Timeout(seconds, connect=min(CONNECT_TIMEOUT, seconds)),
        )
    except Exception as exc:  # any failure means the offline inferrer answers; see _failure
        reason = f"{_failure(exc)} after {time.monotonic() - started:.1f}s (model {model})"
        raise SourceUnavailable(reason, Usage(llm_calls=1, llm_failures=1)) from None
    finally:
        _deadline.reset(token)
    _log_usage(completion, model, time.monotonic() - started)
    return completion


def _failure(exc: Exception) -> str:
    """A reason for the log. Messages are left out: a 401's quotes part of the key, and a
    malformed header's error can quote the whole header."""
    if isinstance(exc, openai.APITimeoutError):
        return "timed out"
    if isinstance(exc, openai.APIConnectionError):
        return "could not connect"
    if isinstance(exc, openai.APIStatusError):
        code = exc.code if isinstance(exc.code, str) and re.fullmatch(r"[a-z_]{1,60}", exc.code) else ""
        return f"HTTP {exc.status_code}{f' {code}' if code else ''} (request {exc.request_id or '-'})"
    return f"unexpected {type(exc).__name__}"


def _usage(completion: Any) -> Usage:
    usage = getattr(completion, "usage", None)
    return Usage(
        llm_calls=1,
        llm_prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
        llm_completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
    )


def _log_usage(completion: Any, model: str, seconds: float) -> None:
    usage = _usage(completion)
    logger.info(
        "openai %s: %d prompt + %d completion tokens in %.1fs (request %s)",
        model, usage.llm_prompt_tokens, usage.llm_completion_tokens, seconds, getattr(completion, "_request_id", None) or "-",
    )


def schema_from_reply(completion: Any) -> dict[str, Any]:
    """The validated schema dict in a chat completion, or SourceUnavailable saying what is wrong."""
    data = _reply_json(completion)
    columns = data.get("columns")
    if not isinstance(columns, list) or not any(isinstance(column, dict) for column in columns):
        raise SourceUnavailable("the reply has no usable column")
    for column in columns:
        kind = column.get("type") if isinstance(column, dict) else None
        if registry().get(kind) is None:
            raise SourceUnavailable(f"the reply uses an unknown column type {str(kind)[:40]!r}")
    try:
        return DatasetSchema.from_dict(repair(data)).to_dict()
    except SchemaError as exc:
        raise SourceUnavailable(f"the reply is not a valid schema: {'; '.join(exc.errors[:3])[:500]}") from None
    except Exception as exc:  # a bug in reading untrusted input must not fail the request
        logger.error("reading the model's reply failed", exc_info=True)
        raise SourceUnavailable(f"unexpected {type(exc).__name__} reading the reply") from None


def _reply_json(completion: Any) -> dict[str, Any]:
    try:
        choice = completion.choices[0]
        finish_reason, message = choice.finish_reason, choice.message
        refusal, content = getattr(message, "refusal", None), message.content
    except (AttributeError, IndexError, TypeError):
        raise SourceUnavailable("the reply is not a chat completion") from None
    if refusal:
        raise SourceUnavailable(f"the model refused: {str(refusal)[:200]!r}")
    if finish_reason == "length":
        raise SourceUnavailable("the reply was cut off (finish_reason=length)")
    if finish_reason == "content_filter":
        raise SourceUnavailable("the reply was withheld by the content filter")
    if not isinstance(content, str) or not content.strip():
        raise SourceUnavailable("the reply is empty")
    text = content.strip()
    if text.startswith("```"):  # a local model that ignores response_format may fence its JSON
        text = text.split("\n", 1)[-1].rsplit("```", 1)[0]
    try:
        data = json.loads(text)
    except ValueError:
        raise SourceUnavailable(f"the reply is not JSON: {content[:80]!r}") from None
    if not isinstance(data, dict):
        raise SourceUnavailable("the reply is not a JSON object")
    return data


def repair(data: dict[str, Any]) -> dict[str, Any]:
    """Fix what is safe to fix in a model's schema; leave the rest for validation to reject.

    Null values are dropped (defaults apply), names become unique snake_case, a weights list
    is cut or padded to the number of values (or classes), null_rate is clamped to 0..1 (a value above 1 and
    at most 100 is read as a percentage), over-long title and descriptions are shortened.
    """
    fixed = {key: value for key, value in data.items() if value is not None}
    if isinstance(fixed.get("title"), str):
        fixed["title"] = fixed["title"].strip()[:MAX_TITLE] or "Synthetic dataset"
    if isinstance(fixed.get("columns"), list):
        names: set[str] = set()
        fixed["columns"] = [_repair_column(index, column, names) for index, column in enumerate(fixed["columns"], start=1)]
        _place_relations(fixed["columns"], fixed.pop("relations", None))
    return fixed


def _place_relations(columns: list[Any], relations: Any) -> None:
    """Each relation of the reply's list onto its column, in the schema's own keys. A relation
    naming a column that is not there is dropped: the rest of a paid reply stays usable."""
    by_name = {c["name"]: c for c in columns if isinstance(c, dict)}
    for relation in relations if isinstance(relations, list) else []:
        if not isinstance(relation, dict) or relation.get("column") not in by_name:
            continue
        column, kind = by_name[relation["column"]], relation.get("kind")
        others = [name for name in relation.get("others") or [] if name in by_name and name != column["name"]]
        if kind in ("at_least", "at_most", "differs_from") and others:
            column[kind] = others if len(others) > 1 else others[0]
            if kind != "differs_from" and isinstance(relation.get("gap"), list) and len(relation["gap"]) == 2:
                column["gap"] = sorted(relation["gap"])
        elif kind == "role" and isinstance(relation.get("word"), str):
            column["role"] = snake_case(relation["word"], 0)[:30]
        elif kind == "present_when" and others and relation.get("values"):
            column["present_when"] = {"column": others[0], "in": relation["values"]}
        elif kind == "distinct" and isinstance(relation.get("count"), int):
            column["distinct"] = relation["count"]


def _repair_column(index: int, column: Any, names: set[str]) -> Any:
    if not isinstance(column, dict):
        return column
    fixed = {key: _without_nulls(value) for key, value in column.items() if value is not None}
    fixed["name"] = _unique(snake_case(fixed.get("name"), index), names)
    if isinstance(fixed.get("description"), str):
        fixed["description"] = fixed["description"][:MAX_COLUMN_TEXT]
    labels = fixed.get("values", fixed.get("classes"))
    if isinstance(labels, list) and isinstance(fixed.get("weights"), list) and fixed["weights"]:
        fixed["weights"] = _fit(fixed["weights"], len(labels))
    rate = fixed.get("null_rate")
    if isinstance(rate, (int, float)) and not isinstance(rate, bool):
        fixed["null_rate"] = min(max(rate / 100 if 1 < rate <= 100 else rate, 0.0), 1.0)
    return fixed


def _without_nulls(value: Any) -> Any:
    # Objects inside a list param (a target's drivers) come with null for their unused keys.
    if isinstance(value, list):
        return [{k: v for k, v in item.items() if v is not None} if isinstance(item, dict) else item for item in value]
    return value


def snake_case(name: Any, index: int) -> str:
    """`name` as a valid column name ("Order Date" → order_date); column_<index> if nothing is left."""
    text = str(name) if isinstance(name, (str, int, float)) else ""
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss")).encode("ascii", "ignore").decode()
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    text = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    if text and not text[0].isalpha():
        text = f"col_{text}"
    return text[:63].rstrip("_") or f"column_{index}"


def _unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate in taken:
        suffix = f"_{number}"
        candidate, number = name[: 63 - len(suffix)] + suffix, number + 1
    taken.add(candidate)
    return candidate


def _fit(weights: list[Any], size: int) -> list[Any]:
    # Extra weights are dropped; missing ones get the smallest given weight (models list the
    # common values first, so the forgotten tail is the rare end).
    numbers = [w for w in weights if isinstance(w, (int, float)) and not isinstance(w, bool)]
    filler = min(numbers) if numbers else 1
    return list(weights[:size]) + [filler] * max(0, size - len(weights))


def _cap_to_deadline(request: httpx2.Request) -> None:
    """Request hook: no attempt may outlive the call's deadline."""
    deadline = _deadline.get()
    if deadline is None:
        return
    left = deadline - time.monotonic()
    if left <= 0:
        raise openai.APITimeoutError(request=request)  # an OpenAIError: the SDK does not retry it
    current = request.extensions.get("timeout") or {}
    request.extensions["timeout"] = {
        key: left if current.get(key) is None else min(current[key], left) for key in ("connect", "read", "write", "pool")
    }


def _stop_late_retries(response: httpx2.Response) -> None:
    """Response hook: tell the SDK not to retry when the wait plus an attempt would pass the deadline."""
    deadline = _deadline.get()
    if deadline is None or not (response.status_code in RETRYABLE or response.status_code >= 500):
        return
    wait = _retry_after(response.headers)
    if deadline - time.monotonic() < (MAX_BACKOFF if wait is None else wait) + MIN_ATTEMPT:
        response.headers["x-should-retry"] = "false"


def _retry_after(headers: httpx2.Headers) -> float | None:
    """Seconds the server asks to wait (None when it does not say; inf when unreadable)."""
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        if name in headers:
            try:
                return float(headers[name]) / scale
            except ValueError:
                return float("inf")
    return None
