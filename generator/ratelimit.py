"""A per-client limit on requests that may call the model (they make schemas).

Only a description that is not in the schema cache counts (and edits, which store schemas): a
class behind one campus address opening the same course link, a cached description, a permalink
or any page is never refused for rate. A flood of new descriptions from one address still is.

Counts live in the database, so every gunicorn worker (and, on PostgreSQL, every app server)
shares them: one fixed window of SYNTH_RATE_WINDOW seconds per client, counted by one atomic
`INSERT … ON CONFLICT DO UPDATE … RETURNING` statement (SQLite and PostgreSQL both run it).
Over SYNTH_RATE_LIMIT requests the answer is 429 with Retry-After. The client is REMOTE_ADDR;
X-Forwarded-For is only believed for as many hops as SYNTH_TRUSTED_PROXIES says (set it to 1
behind one reverse proxy), so a forged header cannot buy a fresh allowance.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

from generator import services
from generator.models import RateBucket

logger = logging.getLogger(__name__)
# The views that make schemas from a description (a model call or the inferrer), by URL name and
# method: counted unless the description is cached.
FROM_DESCRIPTION = {("generate", "GET"), ("generate", "POST"), ("api-schema", "POST"), ("preview", "POST")}
# The views that store a user's schema: always counted.
STORING = {("preview-edit", "POST")}


def client_address(request: HttpRequest) -> str:
    """The client's address, trusting X-Forwarded-For only as far as SYNTH_TRUSTED_PROXIES hops."""
    hops = settings.SYNTH_TRUSTED_PROXIES
    address = request.META.get("REMOTE_ADDR", "")
    if hops > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    return address[:100]


def hit(client: str, *, limit: int, window: int, now: float | None = None, using: str = "default") -> int:
    """Count one request; return 0 if allowed, else the seconds until the window ends."""
    now = time.time() if now is None else now
    current = int(now // window)
    count = _count(f"{client}|{current}", current, using)
    if current % 50 == 0:
        RateBucket.objects.using(using).filter(window__lt=current - 1).delete()
    return 0 if count <= limit else max(1, math.ceil((current + 1) * window - now))


def _count(key: str, window: int, using: str) -> int:
    """Add one to the bucket `key` (creating it) and return its new count, in one statement."""
    connection = connections[using]
    table, key_col, window_col, count_col = (
        connection.ops.quote_name(name) for name in (RateBucket._meta.db_table, "key", "window", "count")
    )
    sql = (
        f"INSERT INTO {table} ({key_col}, {window_col}, {count_col}) VALUES (%s, %s, 1) "
        f"ON CONFLICT ({key_col}) DO UPDATE SET {count_col} = {table}.{count_col} + 1 RETURNING {count_col}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, window])
        return cursor.fetchone()[0]


class RateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.SYNTH_RATE_LIMIT
        if limit > 0 and _counts(request):
            window = settings.SYNTH_RATE_WINDOW
            try:
                wait = hit(client_address(request), limit=limit, window=window)
            except DatabaseError as exc:  # counting must not take the service down: let it through
                logger.warning("rate limit not checked: %s", exc)
                wait = 0
            if wait:
                return _too_many(request, limit, window, wait)
        return self.get_response(request)


def _counts(request: HttpRequest) -> bool:
    """Whether this request may call the model (or stores a schema): the ones the limit counts."""
    view = (_url_name(request), request.method)
    if view in STORING:
        return True
    if view not in FROM_DESCRIPTION:
        return False
    try:
        return not services.schema_is_cached(description=_description(request))
    except DatabaseError as exc:
        logger.warning("schema cache not checked for the rate limit: %s", exc)
        return True


def _description(request: HttpRequest) -> str:
    """The description a request asks a schema for ("" when there is none to read)."""
    try:
        if request.method == "GET":
            value = request.GET.get("description", "")
        elif request.content_type == "application/json":
            body = json.loads(request.body or b"{}")
            value = body.get("description", "") if isinstance(body, dict) else ""
        else:
            value = request.POST.get("description", "")
    except (RequestDataTooBig, ValueError, UnicodeDecodeError):
        return ""
    return value if isinstance(value, str) else ""


def _url_name(request: HttpRequest) -> str:
    try:
        return resolve(request.path_info).url_name or ""
    except Resolver404:
        return ""


def _too_many(request: HttpRequest, limit: int, window: int, wait: int) -> HttpResponse:
    message = f"Too many requests: at most {limit} every {window} seconds from one address. Try again in {wait} seconds."
    logger.info("rate limit: %s over %d per %d s", client_address(request), limit, window)
    wants_html = request.get_preferred_type(["text/html", "application/json"]) == "text/html" and request.content_type != "application/json"
    if wants_html:
        response = render(request, "generator/too_many.html", {"message": message}, status=429)
    else:
        response = JsonResponse({"errors": {"rate": [message]}}, status=429)
    response["Retry-After"] = str(wait)
    return response
