"""Whether the server takes a request now, and how long it lets a client hold a thread.

- A heavy request (one whose estimated CPU time or size, from generator.cost, is over
  SYNTH_HEAVY_SECONDS or SYNTH_HEAVY_BYTES: large downloads, and permalinks and dataset pages of
  costly schemas) needs a slot: at most SYNTH_HEAVY_PER_CLIENT at once per client address and
  SYNTH_HEAVY_TOTAL on the host; beyond, a 429 with Retry-After. Slots are locked files
  (flock) in SYNTH_SLOT_DIR, shared by every worker of the host and freed by the kernel when a
  worker dies, so none can leak.
- A client that stops reading is dropped after SYNTH_SEND_TIMEOUT seconds without progress: the
  response goes out in pieces of at most SEND_PIECE bytes, each of which must be sent within the
  timeout set on gunicorn's socket, so a stalled socket frees its thread.
- A store that cannot be read or written is a 503 (StoreUnavailableMiddleware).

Refusals carry Retry-After, as JSON for API clients and permalinks or as a page for browsers.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

from generator.ratelimit import client_address
from generator.repository import StoreUnavailable

logger = logging.getLogger(__name__)
STORE_RETRY_SECONDS = 30
HEAVY_RETRY_SECONDS = 10
SEND_PIECE = 64 * 1024
JSON_ONLY = ("dataset", "api-schema")


def _url_name(request: HttpRequest) -> str:
    try:
        return resolve(request.path_info).url_name or ""
    except Resolver404:
        return ""


def refusal(request: HttpRequest, *, status: int, field: str, message: str, retry_after: int, heading: str) -> HttpResponse:
    """A refusal naming `field`, JSON unless a browser asked for a page."""
    json_only = _url_name(request) in JSON_ONLY  # permalinks and the API always answer JSON
    wants_html = request.get_preferred_type(["text/html", "application/json"]) == "text/html" and request.content_type != "application/json"
    if wants_html and not json_only:
        response: HttpResponse = render(request, "generator/unavailable.html", {"heading": heading, "message": message}, status=status)
    else:
        response = JsonResponse({"errors": {field: [message]}}, status=status)
    response["Retry-After"] = str(retry_after)
    return response


class StoreUnavailableMiddleware:
    """A store that cannot be read or written is a 503 saying so, never a 500 or a miss."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, StoreUnavailable):
            return None
        logger.error("schema store unavailable: %s", exception)
        return refusal(request, status=503, field="store", message=str(exception), retry_after=STORE_RETRY_SECONDS, heading="The schema store is unavailable")


# -- slots for heavy requests -------------------------------------------------------------------------


def slot_directory() -> Path:
    """SYNTH_SLOT_DIR, or a folder in the temp dir named for this host's database (its workers share it)."""
    if settings.SYNTH_SLOT_DIR:
        return Path(settings.SYNTH_SLOT_DIR)
    database = settings.DATABASES["default"]
    identity = f"{database.get('HOST', '')}:{database.get('PORT', '')}/{database['NAME']}"
    return Path(tempfile.gettempdir()) / f"synthsite-slots-{os.getuid()}-{hashlib.sha256(identity.encode()).hexdigest()[:12]}"


@dataclass
class Ticket:
    """Held slots (open, locked files): released once, by `release` or when the worker dies."""

    files: list[IO[bytes]] = field(default_factory=list)

    def release(self) -> None:
        while self.files:
            handle = self.files.pop()
            with contextlib.suppress(OSError):
                handle.close()  # closing drops the flock


def _take_one(directory: Path, prefix: str, count: int) -> IO[bytes] | None:
    for index in range(count):
        handle = open(directory / f"{prefix}-{index}", "ab")  # noqa: SIM115 - held until released
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        return handle
    return None


def take_slot(client: str) -> tuple[Ticket | None, str]:
    """A slot for a heavy request of `client`, or (None, why not: "client" or "total")."""
    directory = slot_directory()
    directory.mkdir(parents=True, exist_ok=True)
    mine = _take_one(directory, "client-" + hashlib.sha256(client.encode()).hexdigest()[:16], settings.SYNTH_HEAVY_PER_CLIENT)
    if mine is None:
        return None, "client"
    shared = _take_one(directory, "total", settings.SYNTH_HEAVY_TOTAL)
    if shared is None:
        mine.close()
        return None, "total"
    return Ticket([mine, shared]), ""


def is_heavy(seconds: float, size: float) -> bool:
    return seconds >= settings.SYNTH_HEAVY_SECONDS or size >= settings.SYNTH_HEAVY_BYTES


def busy(request: HttpRequest, why: str) -> HttpResponse:
    """The 429 for a heavy request over its client's or the host's share."""
    if why == "client":
        message = f"You already have {settings.SYNTH_HEAVY_PER_CLIENT} large downloads running; wait for one to finish, or ask for fewer rows."
    else:
        message = f"The server is busy with {settings.SYNTH_HEAVY_TOTAL} large downloads; try again in {HEAVY_RETRY_SECONDS} seconds, or ask for fewer rows."
    logger.info("heavy request refused (%s share full)", why)
    return refusal(request, status=429, field="rows", message=message, retry_after=HEAVY_RETRY_SECONDS, heading="Too many large downloads")


def admit(request: HttpRequest, seconds: float, size: float) -> tuple[Ticket | None, HttpResponse | None]:
    """(a ticket to release when done, or None for a light request; or the 429 to answer with)."""
    if not is_heavy(seconds, size):
        return None, None
    ticket, why = take_slot(client_address(request))
    return (ticket, None) if ticket is not None else (None, busy(request, why))


def held(chunks: Iterator[bytes], ticket: Ticket | None) -> Iterator[bytes]:
    """The response body in pieces of at most SEND_PIECE bytes; the ticket is released when the
    body ends, fails or is closed (gunicorn closes it when the client goes away)."""
    try:
        for chunk in chunks:
            for start in range(0, len(chunk), SEND_PIECE):
                yield chunk[start : start + SEND_PIECE] if len(chunk) > SEND_PIECE else chunk
    finally:
        if ticket is not None:
            ticket.release()
        close = getattr(chunks, "close", None)
        if close is not None:
            close()


class SendTimeoutMiddleware:
    """Bounds how long one write to a client may block (gunicorn's socket, SYNTH_SEND_TIMEOUT):
    a client that stops reading gets its connection closed and its thread back to the pool."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        sock = request.META.get("gunicorn.socket")
        if sock is not None and settings.SYNTH_SEND_TIMEOUT > 0:
            with contextlib.suppress(OSError):
                sock.settimeout(settings.SYNTH_SEND_TIMEOUT)
        return self.get_response(request)
