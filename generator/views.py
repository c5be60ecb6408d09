"""Thin adapters for downloads and the JSON API: parse the request, make one service call,
answer. The HTML pages are in generator.pages."""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from generator import admission, classroom, services
from generator.cost import request_weight
from generator.forms import ClassForm, DatasetParamsForm, DescriptionForm, GenerateForm
from generator.inference import InferenceError
from generator.pages import describe_page, link_error, warm
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


def _browser(request: HttpRequest) -> bool:
    """A browser names text/html in Accept; scripts (curl's */*, requests, fetch) get JSON."""
    return "text/html" in request.META.get("HTTP_ACCEPT", "")


def _errors_response(request: HttpRequest, errors: dict[str, list[str]], *, as_json: bool, status: int = 400, form=None) -> HttpResponse:
    if as_json:
        return JsonResponse({"errors": errors}, status=status)
    if form is None:
        form = GenerateForm(request.GET or None)
    return describe_page(request, form, status=status, errors=errors)


# Downloads estimated at up to this many bytes are made in full first and sent with Content-Length
# (a browser can show a percentage); larger ones stream, with the estimate in X-Synth-Estimated-Size.
HELD_BYTES = 50 * 1024 * 1024
DOWNLOAD_TOKEN = re.compile(r"^[0-9a-z]{8,32}$")


def _download(request: HttpRequest, schema, form, *, source: str, fail: Callable[[dict[str, list[str]]], HttpResponse], answers: bool = False) -> HttpResponse:
    """The dataset the form asks for, or `fail` naming the option that cannot be used."""
    data = form.cleaned_data
    options = {"student": data.get("student") or "", "messy": data.get("messy"), "table": data.get("table") or "", "answers": answers}
    seed = services.seed_resolve(data["seed"])
    build = {"schema": schema, "rows": data["rows"], "seed": seed, "fmt": data["format"], **options}
    try:
        # A small file is simply made (its size is then exact); a larger one's size is estimated first.
        estimate = None if data["rows"] <= services.SAMPLE_ROWS else services.dataset_size_estimate(**build)
        dataset = services.dataset_build(**build)
    except services.DatasetOptionError as exc:
        return fail({exc.field: [str(exc)]})
    ticket, busy = admission.admit(request, *request_weight(schema, data["rows"], table=data.get("table") or ""))
    if busy:
        return busy
    if request.method == "HEAD":
        try:
            response = _head(dataset, source, estimate)
        finally:
            if ticket is not None:
                ticket.release()
    elif estimate is None or estimate <= HELD_BYTES:
        response = _held(dataset, source, estimate, ticket)
    else:
        response = _headers(StreamingHttpResponse(admission.held(dataset.chunks, ticket), content_type=dataset.content_type), dataset, source, estimate)
    if DOWNLOAD_TOKEN.match(token := str(request.GET.get("dl") or request.POST.get("dl") or "")):
        # The page that asked for the download keeps its busy state until this cookie arrives with the response.
        response.set_cookie("synth_download", token, max_age=120, samesite="Lax")
    return response


def _held(dataset: services.Dataset, source: str, estimate: int | None, ticket: admission.Ticket | None = None) -> FileResponse:
    """The whole file made first (in memory up to 8 MiB, then a temporary file) and sent with its
    length; a heavy request's slot is given back once the file is made."""
    held = tempfile.SpooledTemporaryFile(max_size=8 << 20)
    try:
        for piece in dataset.chunks:
            held.write(piece)
    finally:
        if ticket is not None:
            ticket.release()
    size = held.tell()
    held.seek(0)
    response = FileResponse(held, content_type=dataset.content_type)
    response["Content-Length"] = str(size)
    return _headers(response, dataset, source, size if estimate is None else estimate)


def _head(dataset: services.Dataset, source: str, estimate: int | None) -> HttpResponse:
    """GET's headers without its body: a small file's exact length, a larger one's estimate only."""
    if estimate is None:
        size = sum(map(len, dataset.chunks))
        response = _headers(HttpResponse(content_type=dataset.content_type), dataset, source, size)
        response["Content-Length"] = str(size)
        return response
    return _headers(StreamingHttpResponse(iter(()), content_type=dataset.content_type), dataset, source, estimate)


def _headers(response, dataset: services.Dataset, source: str, estimate: int):
    response["Content-Disposition"] = f'attachment; filename="{dataset.filename}"'
    response["X-Synth-Seed"] = str(dataset.seed)
    response["X-Synth-Schema-Id"] = dataset.schema_id
    response["X-Synth-Source"] = source
    response["X-Synth-Estimated-Size"] = str(estimate)
    return response


# Exempt from CSRF on purpose: /generate is stateless and login-free (no session, no cookie, no
# account it could act for), and it only answers with a dataset to whoever asks, as the plain GET
# link already does. So a form on an instructor's course page may post to it from another origin.
# The editing pages (/preview, /preview/edit) keep Django's CSRF check.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def generate(request: HttpRequest) -> HttpResponse:
    """POST or GET /generate: description, rows, seed, format (and an optional locale) → a dataset download."""
    try:
        data, json_body = _body_data(request)
    except BadBody as exc:
        return _bad_body(exc)
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
    return _download(request, schema, form, source=result.source, fail=lambda errors: _errors_response(request, errors, as_json=as_json, form=form))


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


def _class_list(request: HttpRequest, data: Any) -> str:
    """The pasted list, or the uploaded file's text."""
    upload = request.FILES.get("class_list")
    if upload is not None and upload.size:
        try:
            return upload.read(200_000).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise classroom.ClassListError("The class list file must be UTF-8 text (a CSV or a plain list).") from None
    return str(data.get("students") or "")


@csrf_exempt  # an API: a JSON body or a form with the instructor's key; it changes nothing stored
@require_http_methods(["POST"])
def api_class(request: HttpRequest) -> HttpResponse:
    """POST /api/class: schema_id, rows, seed, messy, students (or an uploaded class_list), key →
    each student's permalinks, and with the instructor's key each student's answer-key link."""
    try:
        data, json_body = _body_data(request)
    except BadBody as exc:
        return _bad_body(exc)
    form = ClassForm(data)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    d = form.cleaned_data
    try:
        students = classroom.class_list_parse(_class_list(request, data))
    except classroom.ClassListError as exc:
        return JsonResponse({"errors": {"students": [str(exc)]}}, status=400)
    if d["key"] and (problem := classroom.instructor_problem(key=d["key"], schema_id=d["schema_id"], seed=d["seed"])):
        return JsonResponse({"errors": {"key": [problem]}}, status=403)
    try:
        schema = services.schema_get(schema_id=d["schema_id"])
    except services.SchemaNotFound:
        return JsonResponse({"errors": {"schema_id": [f"No schema has the id {d['schema_id']!r}."]}}, status=404)
    links = classroom.class_links(schema_id=d["schema_id"], rows=d["rows"], seed=d["seed"], messy=d["messy"], students=students,
                                  answers=bool(d["key"]), absolute=request.build_absolute_uri)
    if d["format"] == "json":
        return JsonResponse({"schema_id": d["schema_id"], "rows": d["rows"], "seed": d["seed"], "messy": d["messy"], "students": links})
    if d["format"] == "html":
        return render(request, "generator/class.html", {"schema": schema, "links": links, "rows": d["rows"], "seed": d["seed"], "messy": d["messy"]})
    response = HttpResponse(classroom.class_csv(links), content_type="text/csv; charset=utf-8")
    name = services.dataset_filename(schema=schema, fmt="csv", rows=d["rows"], seed=d["seed"]).removesuffix(".csv")
    response["Content-Disposition"] = f'attachment; filename="{name}-class-links.csv"'
    return response


def _link_error(request: HttpRequest, errors: dict[str, list[str]], status: int) -> HttpResponse:
    """A permalink's error: a page for browsers, JSON for scripts."""
    return link_error(request, errors, status=status) if _browser(request) else JsonResponse({"errors": errors}, status=status)


@csrf_exempt  # GET and HEAD only: an unlisted method gets 405, not the CSRF page
@require_safe
def dataset(request: HttpRequest, schema_id: str, fmt: str) -> HttpResponse:
    """GET /datasets/<schema_id>.csv|.json?rows=…&seed=…: the permalink an instructor shares.
    With the instructor's `key` (signed over schema id, seed, student and messy) a zip holds the answers."""
    form = DatasetParamsForm({**request.GET.dict(), "format": fmt})
    if not form.is_valid():
        return _link_error(request, form.errors, 400)
    key = request.GET.get("key", "")
    if key and (problem := classroom.instructor_problem(
        key=key, schema_id=schema_id, seed=form.cleaned_data["seed"], student=form.cleaned_data["student"] or "", messy=request.GET.get("messy", ""),
    )):
        return _link_error(request, {"key": [problem]}, 403)
    try:
        schema = services.schema_get(schema_id=schema_id)
    except services.SchemaNotFound:
        message = f"No schema has the id {schema_id!r}. Make one with POST /api/schema or on the home page."
        return _link_error(request, {"schema_id": [message]}, 404)
    return _download(request, schema, form, source="cache", fail=lambda errors: _link_error(request, errors, 400), answers=bool(key))


@csrf_exempt
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Ready only once the worker's data is loaded (gunicorn loads it before the first request;
    elsewhere this request does)."""
    seconds = warm()
    return JsonResponse({"status": "ok", "ready": True, "version": __version__, "warm_ms": round(seconds * 1000)})
