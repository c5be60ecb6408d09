"""Thin adapters for downloads and the JSON API: parse the request, make one service call,
answer. The HTML pages are in generator.pages."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from generator import admission, services
from generator.cost import request_weight
from generator.forms import DatasetParamsForm, DescriptionForm, GenerateForm
from generator.inference import InferenceError
from generator.pages import describe_page
from generator.schema import SchemaError
from synthsite import __version__


class BadBody(ValueError):
    """A request body that cannot be read; `field` names the part to fix."""

    def __init__(self, message: str, field: str = "body"):
        super().__init__(message)
        self.field = field


def _body_data(request: HttpRequest) -> tuple[Any, bool]:
    """The submitted fields and whether they came as JSON. Raises BadBody for an unreadable body."""
    if request.method == "GET":
        return request.GET, False
    try:
        if request.content_type != "application/json":
            return request.POST, False
        data = json.loads(request.body or b"{}")
    except RequestDataTooBig:
        raise BadBody(f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024:,} KiB.") from None
    except (ValueError, UnicodeDecodeError):
        raise BadBody("The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise BadBody("The JSON body must be an object, e.g. {\"description\": \"...\"}.")
    for key, value in data.items():
        if isinstance(value, (list, dict)):
            raise BadBody(f"{key} must be a single text or number value, not a list or an object.", field=str(key)[:40])
    return data, True


def _bad_body(exc: BadBody) -> JsonResponse:
    return JsonResponse({"errors": {exc.field: [str(exc)]}}, status=400)


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
    return describe_page(request, form, status=status, errors=errors)


def _download(request: HttpRequest, schema, form, *, source: str, as_json: bool) -> HttpResponse:
    """Stream the dataset the form asks for, or name the option that cannot be used."""
    data = form.cleaned_data
    try:
        dataset = services.dataset_build(
            schema=schema, rows=data["rows"], seed=data["seed"], fmt=data["format"],
            student=data.get("student") or "", messy=data.get("messy"), table=data.get("table") or "",
        )
    except services.DatasetOptionError as exc:
        return _errors_response(request, {exc.field: [str(exc)]}, as_json=as_json, form=form)
    ticket, busy = admission.admit(request, *request_weight(schema, data["rows"], table=data.get("table") or ""))
    return busy or _stream(dataset, source, ticket)


def _stream(dataset: services.Dataset, source: str, ticket: admission.Ticket | None = None) -> StreamingHttpResponse:
    response = StreamingHttpResponse(admission.held(dataset.chunks, ticket), content_type=dataset.content_type)
    response["Content-Disposition"] = f'attachment; filename="{dataset.filename}"'
    response["X-Synth-Seed"] = str(dataset.seed)
    response["X-Synth-Schema-Id"] = dataset.schema_id
    response["X-Synth-Source"] = source
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def generate(request: HttpRequest) -> HttpResponse:
    """POST or GET /generate: description, rows, seed, format (and an optional locale) → a dataset download."""
    try:
        data, json_body = _body_data(request)
    except BadBody as exc:
        return _bad_body(exc)
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
    schema, _ = services.schema_with_locale(schema=result.schema, locale=form.cleaned_data["locale"], source=result.source)
    return _download(request, schema, form, source=result.source, as_json=as_json)


@csrf_exempt
@require_http_methods(["POST"])
def api_schema(request: HttpRequest) -> JsonResponse:
    """POST /api/schema {"description": ...} → the schema, its id and where it came from."""
    try:
        data, _ = _body_data(request)
    except BadBody as exc:
        return _bad_body(exc)
    form = DescriptionForm(data)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    try:
        result = services.schema_get_or_create(description=form.cleaned_data["description"])
    except (InferenceError, SchemaError) as exc:
        return JsonResponse(_schema_failure(exc), status=400)
    body = {"schema_id": result.schema_id, "source": result.source, "schema": result.schema.to_dict()}
    if result.notice:
        body["notice"] = result.notice
    return JsonResponse(body)


def _schema_failure(exc: Exception) -> dict[str, Any]:
    """The error body for a description nothing valid was made of; a schema's problems name
    their table, column and field."""
    body: dict[str, Any] = {"errors": {"description": [str(exc)]}}
    if isinstance(exc, SchemaError):
        body["problems"] = [problem.as_dict() for problem in exc.problems]
    return body


@csrf_exempt  # GET only: an unlisted method gets 405, not the CSRF page
@require_GET
def dataset(request: HttpRequest, schema_id: str, fmt: str) -> HttpResponse:
    """GET /datasets/<schema_id>.csv|.json?rows=…&seed=…: the permalink an instructor shares."""
    as_json = _wants_json(request, False) or fmt == "json"
    form = DatasetParamsForm({**request.GET.dict(), "format": fmt})
    if not form.is_valid():
        return _errors_response(request, form.errors, as_json=True)
    try:
        schema = services.schema_get(schema_id=schema_id)
    except services.SchemaNotFound:
        message = f"No schema has the id {schema_id!r}. Make one with POST /api/schema or on the home page."
        return _errors_response(request, {"schema_id": [message]}, as_json=as_json, status=404)
    return _download(request, schema, form, source="cache", as_json=True)


@csrf_exempt
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok", "version": __version__})
