"""Answers for requests the server cannot take now: the store is unavailable (503), too many
large downloads at once (429). Both carry Retry-After, as JSON for API clients and permalinks or
as a page for browsers. The request's cost is checked elsewhere (generator.cost); this module
only decides whether to run it now."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

from generator.repository import StoreUnavailable

logger = logging.getLogger(__name__)
STORE_RETRY_SECONDS = 30
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
