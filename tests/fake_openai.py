"""A small OpenAI-compatible HTTP server on 127.0.0.1 for the tests: scripted replies, counted requests.

The real openai SDK talks to it over real HTTP, so retries, timeouts, headers and JSON parsing
are the SDK's own. `script(...)` sets the replies in order; the last one repeats.

`modes` makes it behave like a real server kind, answering 400 as that server does before a
scripted reply is used (a refused request does not use up the script):
- "azure": the response format must keep the strictest structured-output rules (tests/strict_rules.py);
- "one_system": one system message, first (Llama-2/Mistral chat templates on vLLM and llama.cpp);
- "no_json_schema": json_schema is refused; json_object (JSON mode) is served;
- "reasoning": temperature is refused, as OpenAI's reasoning models do;
- "max_tokens_only": reads max_tokens and not max_completion_tokens (Ollama): without it the
  reply is cut off at the server's small default.
A reply's `trickle` sends its headers at once and then its body in pieces over that many seconds.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.strict_rules import violations

MODES = frozenset({"azure", "one_system", "no_json_schema", "reasoning", "max_tokens_only"})


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: Any = None  # a dict or list is sent as JSON, a str as text
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    trickle: float = 0.0  # seconds over which the body is sent, after the headers


def completion(
    content: str | dict | None,
    *,
    finish_reason: str = "stop",
    refusal: str | None = None,
    prompt_tokens: int = 1850,
    completion_tokens: int = 420,
    **reply: Any,
) -> Reply:
    """A chat completion in the shape the API returns; a dict content is sent as its JSON text."""
    text = json.dumps(content) if isinstance(content, dict) else content
    body = {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": "gpt-4o-mini-2024-07-18",
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": text, "refusal": refusal, "annotations": []},
            "logprobs": None,
            "finish_reason": finish_reason,
        }],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens, "total_tokens": prompt_tokens + completion_tokens},
        "system_fingerprint": "fp_test",
    }
    headers = {"x-request-id": "req_test_ok", **reply.pop("headers", {})}
    return Reply(body=body, headers=headers, **reply)


def error(status: int, message: str, *, code: str | None = None, headers: dict[str, str] | None = None, param: str | None = None,
          kind: str = "invalid_request_error") -> Reply:
    """An API error body as OpenAI sends it."""
    body = {"error": {"message": message, "type": kind if status < 500 else "api_error", "param": param, "code": code}}
    return Reply(status=status, body=body, headers={"x-request-id": f"req_test_{status}", **(headers or {})})


class FakeOpenAI:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.modes: set[str] = set()
        self._replies: list[Reply] = [error(500, "no reply scripted")]
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self._replies = list(replies)

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.requests)

    def _next(self, record: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(record)
            refusal = self._refusal(record["json"] if isinstance(record["json"], dict) else {})
            if refusal is not None:
                return refusal
            reply = self._replies.pop(0) if len(self._replies) > 1 else self._replies[0]
        if "max_tokens_only" in self.modes and "max_tokens" not in (record["json"] or {}) and isinstance(reply.body, dict) and "choices" in reply.body:
            text = reply.body["choices"][0]["message"]["content"] or ""
            return completion(text[: len(text) // 3], finish_reason="length")
        return reply

    def _refusal(self, body: dict[str, Any]) -> Reply | None:
        """The 400 the server kinds in `modes` answer to this request, or None."""
        assert self.modes <= MODES, self.modes - MODES
        response_format = body.get("response_format") or {}
        messages = body.get("messages") or []
        if "one_system" in self.modes and [m.get("role") for m in messages].count("system") > 1:
            return error(400, "Conversation roles must alternate user/assistant/user/assistant/...", kind="BadRequestError")
        if "reasoning" in self.modes and "temperature" in body:
            return error(400, "Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1) value is supported.",
                         code="unsupported_value", param="temperature")
        if "no_json_schema" in self.modes and response_format.get("type") == "json_schema":
            return error(400, "response_format.type json_schema is not supported by this server; use json_object or text", param="response_format")
        if "azure" in self.modes and response_format.get("type") == "json_schema":
            problems = violations(response_format.get("json_schema", {}).get("schema"))
            if problems:
                return error(400, f"Invalid schema for response_format 'dataset_schema': {problems[0]}", code="invalid_request_error", param="response_format")
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body = json.loads(raw or b"null")
                except ValueError:
                    body = None
                headers = {name.lower(): value for name, value in self.headers.items()}
                reply = fake._next({"path": self.path, "headers": headers, "json": body})
                time.sleep(reply.delay)
                payload = reply.body if isinstance(reply.body, str) else json.dumps(reply.body)
                content_type = "text/plain" if isinstance(reply.body, str) else "application/json"
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(payload.encode())))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    data = payload.encode()
                    if reply.trickle:
                        self.wfile.flush()
                        pieces = 20
                        for start in range(0, len(data), max(1, len(data) // pieces)):
                            time.sleep(reply.trickle / pieces)
                            self.wfile.write(data[start:start + max(1, len(data) // pieces)])
                            self.wfile.flush()
                    else:
                        self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler
