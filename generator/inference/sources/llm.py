"""GPT-4o-mini (or any OpenAI-compatible server) as a schema source, through the openai SDK.

`infer_schema` asks for a strict structured-output reply (see `prompt.response_format`), treats
the reply as untrusted and hands it to `reply` to repair and validate. Every failure (network,
HTTP status, the deadline, refusal, truncation, bad JSON, an invalid schema) raises
SourceUnavailable with a reason for the log (the API's own message included, never the key).

Time: SYNTH_LLM_TIMEOUT bounds the whole call wall-clock, retries and a slow body included: the
call runs in a worker thread that the request waits for until the deadline, each attempt's
timeouts are capped to the time left, retries that could not finish are not made, and a body
still arriving at the deadline is cut off (so an abandoned worker ends soon after too).

Servers as they are (state kept per base URL, in this process):
- a 400 about `temperature` (reasoning models) is retried once without it, and the model is then
  asked without it;
- a 400/422 about `response_format` (no json_schema support, or a schema over the server's
  limits) is retried in JSON mode (`json_object`, the schema in the prompt), and the base URL is
  then always asked in JSON mode;
- any other 4xx a request cannot fix (400, 404, 413, 422) opens a circuit breaker for the base
  URL and model: for BREAKER_SECONDS the model is not asked, and requests fall back at once.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import logging
import os
import re
import threading
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlparse

import httpx2
import openai
from django.conf import settings

import generator.inference.sources.prompt as prompt
from generator.inference import Inferred, SourceUnavailable, Usage
from generator.inference.sources.reply import reply_json, schema_from_data

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
BREAKER_STATUSES = frozenset({400, 404, 413, 422})
BREAKER_SECONDS = 300.0
WORKERS = 4  # model calls in flight per process; an abandoned slow call holds one until its deadline
# Hosts that read max_completion_tokens (and whose reasoning models reject max_tokens); every other
# OpenAI-compatible server is sent max_tokens too (Ollama, vLLM and llama.cpp read only that).
OPENAI_HOSTS = (".openai.com", ".openai.azure.com", ".cognitiveservices.azure.com", ".services.ai.azure.com")
# What may be a key in an error message: OpenAI's sk-… keys (whole or partly masked), a bearer
# token, an Azure key (32 hex digits).
KEY_LIKE = re.compile(r"\bsk-[\w\-*.]{4,}|\bBearer\s+\S+|\b[0-9a-fA-F]{32,}\b")

_deadline: ContextVar[float | None] = ContextVar("llm_deadline", default=None)
_clients: dict[str, openai.OpenAI] = {}
_lock = threading.Lock()
_executor: concurrent.futures.ThreadPoolExecutor | None = None


@dataclass
class Server:
    """What was learnt about one base URL: JSON mode, models rejecting temperature, open breakers."""

    json_mode: bool = False
    no_temperature: set[str] = field(default_factory=set)
    breaker: dict[str, tuple[float, str]] = field(default_factory=dict)  # model → (open until, reason)


_servers: dict[str, Server] = {}


def _api_key() -> str:
    return os.environ.get("OPENAI_API_KEY", "").strip()


def base_url() -> str:
    return settings.OPENAI_BASE_URL or DEFAULT_BASE_URL


def _build_client(url: str) -> openai.OpenAI:
    http_client = openai.DefaultHttpx2Client(
        transport=_DeadlineTransport(),
        event_hooks={"request": [_cap_to_deadline], "response": [_stop_late_retries]},
    )
    return openai.OpenAI(
        api_key=_api_key,  # a callable: the key is read from the environment for every request
        base_url=url,
        max_retries=MAX_RETRIES,
        timeout=httpx2.Timeout(MAX_BUDGET, connect=CONNECT_TIMEOUT),
        http_client=http_client,
    )


def client() -> openai.OpenAI:
    """The shared client for the configured base URL, built on first use."""
    url = base_url()
    with _lock:
        if url not in _clients:
            _clients[url] = _build_client(url)
        return _clients[url]


def server(url: str) -> Server:
    with _lock:
        return _servers.setdefault(url, Server())


def reset_client() -> None:
    """Close and forget the cached clients and what was learnt about servers (tests, or after
    changing OPENAI_BASE_URL)."""
    with _lock:
        old = list(_clients.values())
        _clients.clear()
        _servers.clear()
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
    url = base_url()
    _check_breaker(url, model)
    completion, usage = _within_deadline(url, description, model=model, today=today or dt.date.today())
    try:
        return Inferred(schema_from_data(reply_json(completion)), usage)
    except SourceUnavailable as exc:
        raise SourceUnavailable(str(exc), replace(usage, llm_failures=1)) from None


def _check_breaker(url: str, model: str) -> None:
    state = server(url)
    with _lock:
        until, reason = state.breaker.get(model, (0.0, ""))
        if until and until <= time.monotonic():
            del state.breaker[model]
    left = until - time.monotonic()
    if left > 0:
        raise SourceUnavailable(f"not asked: the server refused the request ({reason}); circuit breaker open {left:.0f}s more")


def _open_breaker(url: str, model: str, reason: str) -> None:
    state = server(url)
    with _lock:
        state.breaker[model] = (time.monotonic() + BREAKER_SECONDS, reason)
    logger.warning("model %s at %s refused a request that no description can fix; not asking it for %.0fs: %s", model, url, BREAKER_SECONDS, reason)


def _pool() -> concurrent.futures.ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="llm")
        return _executor


def _within_deadline(url: str, description: str, *, model: str, today: dt.date) -> tuple[Any, Usage]:
    """The completion and its usage, from a worker thread the request waits for until the deadline."""
    started, seconds = time.monotonic(), budget()
    deadline, calls = started + seconds, [0]
    future = _pool().submit(_ask, url, description, model=model, today=today, deadline=deadline, calls=calls)
    try:
        completion = future.result(timeout=max(deadline - time.monotonic(), 0))
    except concurrent.futures.TimeoutError:
        future.cancel()  # not started yet (every worker busy): it never will be
        reason = f"timed out: no reply within the {seconds:g}s deadline (SYNTH_LLM_TIMEOUT) (model {model})"
        raise SourceUnavailable(reason, Usage(llm_calls=max(calls[0], 1), llm_failures=1)) from None
    except Exception as exc:  # any failure means the offline inferrer answers; see _failure
        reason = f"{_failure(exc)} after {time.monotonic() - started:.1f}s (model {model})"
        raise SourceUnavailable(reason, Usage(llm_calls=max(calls[0], 1), llm_failures=1)) from None
    usage = replace(_usage(completion), llm_calls=calls[0])
    logger.info(
        "openai %s: %d prompt + %d completion tokens in %.1fs (request %s)",
        model, usage.llm_prompt_tokens, usage.llm_completion_tokens, time.monotonic() - started, getattr(completion, "_request_id", None) or "-",
    )
    return completion, usage


def _ask(url: str, description: str, *, model: str, today: dt.date, deadline: float, calls: list[int]) -> Any:
    """In the worker: the call, retried once without temperature and once in JSON mode when the
    server says so; a 4xx nothing can fix opens the breaker."""
    _deadline.set(deadline)
    state = server(url)
    while True:
        json_mode, temperature = state.json_mode, model not in state.no_temperature
        calls[0] += 1
        try:
            return client().chat.completions.create(**request(description, model=model, today=today, url=url, json_mode=json_mode, temperature=temperature))
        except openai.APIStatusError as exc:
            message = _message(exc)
            if exc.status_code == 400 and temperature and (exc.param == "temperature" or "temperature" in message.lower()):
                logger.info("model %s rejects temperature; asking again without it: %s", model, message)
                with _lock:
                    state.no_temperature.add(model)
            elif exc.status_code in (400, 422) and not json_mode and re.search(r"response_format|json_schema", message):
                logger.warning("%s does not accept the json_schema response format; using JSON mode from now on: %s", url, message)
                with _lock:
                    state.json_mode = True
            else:
                if exc.status_code in BREAKER_STATUSES:
                    _open_breaker(url, model, _failure(exc))
                raise


def request(description: str, *, model: str, today: dt.date, url: str, json_mode: bool, temperature: bool) -> dict[str, Any]:
    """The arguments of one chat.completions.create call."""
    seconds = max((_deadline.get() or time.monotonic() + budget()) - time.monotonic(), 0.1)
    args: dict[str, Any] = {
        "model": model,
        "messages": prompt.messages(description, today=today, json_mode=json_mode),
        "response_format": {"type": "json_object"} if json_mode else prompt.response_format(),
        "max_completion_tokens": MAX_COMPLETION_TOKENS,
        "timeout": httpx2.Timeout(seconds, connect=min(CONNECT_TIMEOUT, seconds)),
    }
    if temperature:
        args["temperature"] = TEMPERATURE
    host = urlparse(url).hostname or ""
    if not any(host == suffix[1:] or host.endswith(suffix) for suffix in OPENAI_HOSTS):
        args["max_tokens"] = MAX_COMPLETION_TOKENS
    return args


def _message(exc: openai.APIStatusError) -> str:
    """The API's error message, without anything that looks like a key."""
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error") if isinstance(body.get("error"), dict) else body
    found = error.get("message") if isinstance(error, dict) else None
    text = found if isinstance(found, str) else str(exc.message or "")
    key = _api_key()
    if key:
        text = text.replace(key, "[key]")
    return KEY_LIKE.sub("[redacted]", " ".join(text.split()))[:300]


def _failure(exc: BaseException) -> str:
    """A reason for the log: what failed and, for an HTTP error, the API's message (key removed)."""
    if isinstance(exc, openai.APITimeoutError):
        return "timed out"
    if isinstance(exc, openai.APIConnectionError):
        return "could not connect"
    if isinstance(exc, openai.APIStatusError):
        code = exc.code if isinstance(exc.code, str) and re.fullmatch(r"[a-z_]{1,60}", exc.code) else ""
        message = _message(exc)
        return f"HTTP {exc.status_code}{f' {code}' if code else ''} (request {exc.request_id or '-'}){f': {message}' if message else ''}"
    return f"unexpected {type(exc).__name__}"


def _usage(completion: Any) -> Usage:
    usage = getattr(completion, "usage", None)
    return Usage(
        llm_calls=1,
        llm_prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
        llm_completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
    )


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


class _DeadlineTransport(httpx2.HTTPTransport):
    """A transport whose response bodies stop at the call's deadline: a server that sends its
    headers and then trickles the body is cut off instead of holding a worker per read."""

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        response = super().handle_request(request)
        deadline = _deadline.get()
        if deadline is not None:
            response.stream = _DeadlineStream(response.stream, deadline, request)
        return response


class _DeadlineStream(httpx2.SyncByteStream):
    def __init__(self, inner: Any, deadline: float, request: httpx2.Request):
        self._inner, self._deadline, self._request = inner, deadline, request

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            if time.monotonic() > self._deadline:
                raise httpx2.ReadTimeout("the reply's body was still arriving at the deadline", request=self._request)
            yield chunk

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            close()
