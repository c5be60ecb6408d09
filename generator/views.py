"""Thin adapters: parse the request, make one service call, render the answer."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from generator import services
from generator.forms import DatasetParamsForm, DescriptionForm, GenerateForm
from generator.inference import InferenceError
from generator.schema import SchemaError
from synthsite import __version__


class BadBody(ValueError):
    pass


def _body_data(request: HttpRequest) -> tuple[Any, bool]:
    """The submitted fields and whether they came as JSON. Raises BadBody for unreadable JSON."""
    if request.method == "GET":
        return request.GET, False
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise BadBody("The request body is not valid JSON.") from None
        if not isinstance(data, dict):
            raise BadBody("The JSON body must be an object, e.g. {\"description\": \"...\"}.")
        return data, True
    return request.POST, False


def _wants_json(request: HttpRequest, json_body: bool) -> bool:
    return json_body or request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def _csrf_failure(request: HttpRequest) -> HttpResponse | None:
    """Browser form posts need the CSRF token; JSON bodies cannot be sent cross-site without CORS."""
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})


def _errors_response(request: HttpRequest, errors: dict[str, list[str]], *, as_json: bool, status: int = 400, form=None) -> HttpResponse:
    if as_json:
        return JsonResponse({"errors": errors}, status=status)
    if form is None:
        form = GenerateForm(request.GET or None)
    return render(request, "generator/index.html", {"form": form, "errors": errors}, status=status)


def _stream(dataset: services.Dataset, source: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(dataset.chunks, content_type=dataset.content_type)
    response["Content-Disposition"] = f'attachment; filename="{dataset.filename}"'
    response["X-Synth-Seed"] = str(dataset.seed)
    response["X-Synth-Schema-Id"] = dataset.schema_id
    response["X-Synth-Source"] = source
    return response


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "generator/index.html", {"form": GenerateForm(initial={"rows": 100})})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def generate(request: HttpRequest) -> HttpResponse:
    """POST or GET /generate: description, rows, seed, format → a dataset download."""
    try:
        data, json_body = _body_data(request)
    except BadBody as exc:
        return JsonResponse({"errors": {"body": [str(exc)]}}, status=400)
    if request.method == "POST" and not json_body and (failure := _csrf_failure(request)):
        return failure
    as_json = _wants_json(request, json_body)
    form = GenerateForm(data)
    if not form.is_valid():
        return _errors_response(request, form.errors, as_json=as_json, form=form)
    try:
        result = services.schema_get_or_create(description=form.cleaned_data["description"])
    except (InferenceError, SchemaError) as exc:
        form.add_error("description", str(exc))
        return _errors_response(request, form.errors, as_json=as_json, form=form)
    dataset = services.dataset_build(
        schema=result.schema, rows=form.cleaned_data["rows"], seed=form.cleaned_data["seed"], fmt=form.cleaned_data["format"]
    )
    return _stream(dataset, result.source)


@csrf_exempt
@require_http_methods(["POST"])
def api_schema(request: HttpRequest) -> JsonResponse:
    """POST /api/schema {"description": ...} → the schema, its id and where it came from."""
    try:
        data, _ = _body_data(request)
    except BadBody as exc:
        return JsonResponse({"errors": {"body": [str(exc)]}}, status=400)
    form = DescriptionForm(data)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    try:
        result = services.schema_get_or_create(description=form.cleaned_data["description"])
    except (InferenceError, SchemaError) as exc:
        return JsonResponse({"errors": {"description": [str(exc)]}}, status=400)
    body = {"schema_id": result.schema_id, "source": result.source, "schema": result.schema.to_dict()}
    if result.notice:
        body["notice"] = result.notice
    return JsonResponse(body)


@require_GET
def dataset(request: HttpRequest, schema_id: str, fmt: str) -> HttpResponse:
    """GET /datasets/<schema_id>.csv|.json?rows=…&seed=…: the permalink an instructor shares."""
    as_json = _wants_json(request, False) or fmt == "json"
    form = DatasetParamsForm(request.GET)
    if not form.is_valid():
        return _errors_response(request, form.errors, as_json=True)
    try:
        schema = services.schema_get(schema_id=schema_id)
    except services.SchemaNotFound:
        message = f"No schema has the id {schema_id!r}. Make one with POST /api/schema or on the home page."
        return _errors_response(request, {"schema_id": [message]}, as_json=as_json, status=404)
    dataset = services.dataset_build(schema=schema, rows=form.cleaned_data["rows"], seed=form.cleaned_data["seed"], fmt=fmt)
    return _stream(dataset, "cache")


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok", "version": __version__})
