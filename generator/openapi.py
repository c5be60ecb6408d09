"""The OpenAPI 3.1 description of the JSON API, served at GET /api/openapi.json.

Built on every request from the code that enforces it, so the two cannot drift: request fields,
their limits and help texts from the forms (and so from settings), formats and media types from
generator.writers.FORMATS, column types from the registry. tests/test_openapi.py runs
schemathesis against the app with this document.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from generator.forms import ClassForm, DatasetParamsForm, DescriptionForm, GenerateForm
from generator.registry import registry
from generator.schema import LOCALES, MAX_COLUMN_TEXT, MAX_COLUMNS, MAX_TITLE, NAME_RE, SCHEMA_VERSION
from generator.seeds import MAX_SEED
from generator.series import MAX_DROPOUT, MAX_ENTITIES, MAX_HOLIDAYS
from generator.series_plan import FREQUENCIES
from generator.tables import MAX_FIXED_ROWS, MAX_RATIO, MAX_SERIES_RATIO, MAX_TABLES
from generator.writers import FORMATS
from generator.writers.messy import KNOBS
from synthsite import __version__

SOURCES = ("cache", "openai", "offline")
SCHEMA_ID = {"type": "string", "pattern": "^[0-9a-f]{16}$", "description": "Hash of the schema's canonical JSON"}
HTML = {"text/html": {"schema": {"type": "string"}}}


@csrf_exempt  # GET and HEAD only: an unlisted method gets 405, not the CSRF page
@require_safe
def openapi_view(request: HttpRequest) -> JsonResponse:
    """GET /api/openapi.json: this document."""
    return JsonResponse(openapi_document())


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "synthsite",
            "version": __version__,
            "description": "Describe a dataset in plain English; get its column schema, or synthetic rows as a file. "
            "The same schema, rows and seed give byte-identical files.",
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/healthz": {"get": _healthz(), "head": _head("healthzHead")},
            "/api/openapi.json": {"get": _self_description(), "head": _head("openapiHead")},
            "/api/schema": {"post": _api_schema()},
            "/api/class": {"post": _api_class()},
            "/generate": {"get": _generate_get(), "head": _head("generateHead"), "post": _generate_post()},
            "/datasets/{schema_id}.{format}": {"get": _dataset(), "head": _head("datasetHead")},
        },
        "components": _components(),
    }


def _ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _response(description: str, content: dict[str, Any] | None = None, **headers: dict) -> dict[str, Any]:
    response: dict[str, Any] = {"description": description, "headers": {"X-Request-Id": _ref("headers", "RequestId"), **headers}}
    if content:
        response["content"] = content
    return response


def _field_schema(field: forms.Field, *, nullable: bool) -> dict[str, Any]:
    """The JSON schema of what a form field accepts; `nullable` for JSON bodies (null = not given)."""
    if isinstance(field, forms.IntegerField):
        schema: dict[str, Any] = {"type": "integer"}
        bounds = {"minimum": field.min_value, "maximum": field.max_value}
        schema.update({key: value for key, value in bounds.items() if value is not None})
    elif isinstance(field, forms.ChoiceField):
        schema = {"type": "string", "enum": [str(value) for value, _ in field.choices]}
    elif isinstance(field, forms.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, forms.CharField):
        schema = {"type": "string"}
        if field.max_length is not None:
            schema["maxLength"] = field.max_length
        if isinstance(field, forms.RegexField):
            schema["pattern"] = field.regex.pattern
        elif field.required:
            schema.update(minLength=1, pattern=r"\S")  # the form strips spaces: blank is missing
    else:
        schema = {}
    if nullable and not field.required and "type" in schema:
        schema["type"] = [schema["type"], "null"]
        if "enum" in schema:
            schema["enum"].append(None)
    if field.help_text:
        schema["description"] = str(field.help_text)
    return schema


def _refined(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    """What a field's clean_<field> method adds: the default for a field left out, and the
    grammar of `messy` (the documented subset: rates from 0 to 0.5 in plain decimals)."""
    defaults = {"rows": settings.SYNTH_DEFAULT_ROWS, "format": "csv"}
    if name in defaults:
        schema = {**schema, "default": defaults[name]}
    if name == "messy":
        item = f"(?:all|{'|'.join(KNOBS)})(?::(?:0|0?\\.(?:[0-4][0-9]{{0,2}}|50{{0,2}})))?"
        schema = {**schema, "pattern": f"^(?:{item}(?:,{item})*)?$"}
    return schema


def _body(form_class: type[forms.Form]) -> dict[str, Any]:
    fields = form_class().fields
    schema = {
        "type": "object",
        "properties": {name: _refined(name, _field_schema(field, nullable=True)) for name, field in fields.items()},
        "required": [name for name, field in fields.items() if field.required],
    }
    return {"required": True, "content": _json(schema)}


def _query(form_class: type[forms.Form], *, leave_out: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    return [
        {"name": name, "in": "query", "required": field.required, "schema": _refined(name, _field_schema(field, nullable=False))}
        for name, field in form_class().fields.items()
        if name not in leave_out
    ]


def _head(operation_id: str) -> dict[str, Any]:
    return {"operationId": operation_id, "summary": "The status and headers GET answers with, without the body",
            "responses": {"default": {"description": "As GET, with no body"}}}


def _api_class() -> dict[str, Any]:
    link = {"type": "object", "required": ["student", "name", "csv", "zip"], "properties": {
        "student": {"type": "string"}, "name": {"type": "string"}, "csv": {"type": "string"}, "zip": {"type": "string"},
        "answer_key": {"type": "string", "description": "Only with the instructor's key: the signed zip with this student's answer key"}}}
    result = {"type": "object", "required": ["schema_id", "rows", "seed", "students"], "properties": {
        "schema_id": SCHEMA_ID, "rows": {"type": "integer"}, "seed": {"type": "integer"}, "messy": {"type": "string"},
        "students": {"type": "array", "items": link}}}
    return {
        "operationId": "classLinks",
        "summary": "Per-student permalinks for a class list (CSV by default, or JSON or an HTML table with format=)",
        "description": "students: one id a line, optionally a comma and the name (or a class_list file in a multipart form). "
        "With key (the instructor page's key for schema_id and seed) each row adds that student's answer-key link.",
        "requestBody": _body(ClassForm),
        "responses": {
            "200": _response("The links.", {**_json(result), "text/csv": {"schema": {"type": "string"}}, **HTML}),
            "400": _errors("A field is missing or out of range, or a class list line is not a student id."),
            "403": _errors("The key does not match the schema id and seed."),
            "404": _errors("No stored schema has this id."),
        },
    }


def _formats_text() -> str:
    return ", ".join(f"{name} ({fmt.content_type.split(';')[0]})" for name, fmt in FORMATS.items())


def _download(description: str) -> dict[str, Any]:
    content: dict[str, Any] = {}
    for name, fmt in FORMATS.items():
        media_type = fmt.content_type.split(";")[0]
        schema = _ref("schemas", "JsonDataset") if name == "json" else {"type": "string", "format": "binary"}
        content.setdefault(media_type, {"schema": schema})
    headers = {name: _ref("headers", name) for name in ("Content-Disposition", "X-Synth-Seed", "X-Synth-Schema-Id", "X-Synth-Source", "X-Synth-Estimated-Size")}
    return _response(f"{description} Formats: {_formats_text()}.", content, **headers)


def _errors(description: str, *, html: bool = False) -> dict[str, Any]:
    return _response(description, {**_json(_ref("schemas", "Errors")), **(HTML if html else {})})


def _rate_limited() -> dict[str, Any]:
    return _response(
        "Too many requests from this client that may call the language model; retry after the given seconds.",
        {**_json({"type": "object"}), **HTML},
        **{"Retry-After": {"required": True, "schema": {"type": "integer", "minimum": 0}}},
    )


def _retry_later(description: str) -> dict[str, Any]:
    """A 429 over the share of large downloads or a 503 of the schema store (generator.admission)."""
    return _response(description, {**_json({"type": "object"}), **HTML}, **{"Retry-After": {"required": True, "schema": {"type": "integer", "minimum": 0}}})


STORE_UNAVAILABLE = "The schema store cannot be read or written right now (errors.store says why); nothing was changed."
BUSY = "Too many large downloads at once from this client or on the server (errors.rows says which); retry after the given seconds."


def _healthz() -> dict[str, Any]:
    status = {
        "type": "object",
        "required": ["status", "version"],
        "properties": {"status": {"const": "ok"}, "ready": {"const": True}, "version": {"type": "string"},
                       "warm_ms": {"type": "integer", "description": "How long this worker took to load its data"}},
    }
    return {"operationId": "healthz", "summary": "Readiness check: answers once the worker's pools, vocabularies and inferrer data are loaded",
            "responses": {"200": _response("The app is up and ready.", _json(status))}}


def _self_description() -> dict[str, Any]:
    document = {"type": "object", "required": ["openapi", "info", "paths"]}
    return {"operationId": "openapi", "summary": "This OpenAPI document", "responses": {"200": _response("OpenAPI 3.1", _json(document))}}


def _api_schema() -> dict[str, Any]:
    result = {
        "type": "object",
        "required": ["schema_id", "source", "schema"],
        "properties": {
            "schema_id": SCHEMA_ID,
            "source": {"enum": list(SOURCES), "description": "cache: seen before; openai: made by the model; offline: the built-in inferrer"},
            "schema": _ref("schemas", "DatasetSchema"),
            "notice": {"type": "string", "description": "Set when the model failed and the offline inferrer stood in"},
        },
        "additionalProperties": False,
    }
    links = {"DownloadBySchemaId": {"operationId": "datasetDownload", "parameters": {"schema_id": "$response.body#/schema_id"}}}
    return {
        "operationId": "schemaCreate",
        "summary": "The column schema for a description (cached by description)",
        "requestBody": _body(DescriptionForm),
        "responses": {
            "200": {**_response("The schema, its id and where it came from.", _json(result)), "links": links},
            "400": _errors("The body is not a JSON object, or the description is missing, too long or unusable."),
            "429": _rate_limited(),
            "503": _retry_later(STORE_UNAVAILABLE),
        },
    }


def _generate_responses(*, html_errors: bool) -> dict[str, Any]:
    links = {"DownloadBySchemaId": {"operationId": "datasetDownload", "parameters": {"schema_id": "$response.header.X-Synth-Schema-Id"}}}
    return {
        "200": {**_download("The dataset as an attachment."), "links": links},
        "400": _errors("A field is missing or out of range, or options do not combine; each message says what is allowed.", html=html_errors),
        "429": _rate_limited(),
        "503": _retry_later(STORE_UNAVAILABLE),
    }


def _generate_post() -> dict[str, Any]:
    responses = _generate_responses(html_errors=False)
    return {
        "operationId": "generatePost",
        "summary": "A synthetic dataset from a description (JSON body, or a plain form post from any page: no CSRF token needed)",
        "requestBody": _body(GenerateForm),
        "responses": responses,
    }


def _generate_get() -> dict[str, Any]:
    return {
        "operationId": "generateGet",
        "summary": "A synthetic dataset from a description (a plain download link)",
        "description": "Errors are JSON for a client that sends Accept: application/json, else the home page shows them.",
        "parameters": _query(GenerateForm),
        "responses": {**_generate_responses(html_errors=True), "414": _too_long()},
    }


def _too_long() -> dict[str, Any]:
    # Answered by the HTTP server before the app, so without the app's headers.
    return {
        "description": "The URL is longer than the HTTP server accepts (gunicorn: 4094 bytes in the request line "
        "by default); send a long description in POST /generate's JSON body instead.",
        "content": HTML,
    }


def _dataset() -> dict[str, Any]:
    path = [
        {"name": "schema_id", "in": "path", "required": True, "schema": SCHEMA_ID},
        {"name": "format", "in": "path", "required": True, "schema": {"type": "string", "enum": list(FORMATS)}},
    ]
    return {
        "operationId": "datasetDownload",
        "summary": "The permalink of a stored schema: the same rows and seed give the same file",
        "description": "Errors are an HTML page for browsers (Accept naming text/html) and JSON for scripts; "
        "a path that is no schema id is the site's not-found page. Student-safe: a zip holds answers only with key.",
        "parameters": path + _query(DatasetParamsForm, leave_out=("format",)) + [{
            "name": "key", "in": "query", "required": False, "schema": {"type": "string", "maxLength": 64},
            "description": "The instructor's signature over schema id, seed, student and messy: the zip adds the answer key, "
            "the annotated dictionary, and for messy data the clean twin and the defect log"}],
        "responses": {
            "200": _download("The dataset as an attachment."),
            "400": _errors("A query field is out of range, or options that do not combine (e.g. messy data as Excel).", html=True),
            "403": _errors("The key does not match the schema id, seed, student and messy options.", html=True),
            "404": _errors("No stored schema has this id.", html=True),
            "414": _too_long(),
            "429": _retry_later(BUSY),
            "503": _retry_later(STORE_UNAVAILABLE),
        },
    }


def _components() -> dict[str, Any]:
    return {
        "schemas": {
            "Errors": _errors_schema(),
            "DatasetSchema": _dataset_schema(),
            "Column": _column_schema(),
            "JsonDataset": _json_dataset(),
        },
        "headers": _headers(),
    }


def _errors_schema() -> dict[str, Any]:
    messages = {"type": "array", "items": {"type": "string"}, "minItems": 1}
    return {
        "type": "object",
        "required": ["errors"],
        "properties": {
            "errors": {"type": "object", "minProperties": 1, "additionalProperties": messages, "description": "Field name → messages"},
            "problems": {"type": "array", "items": _problem_schema(), "description": "When a schema was made but is not valid: each problem, where it is"},
        },
        "additionalProperties": False,
    }


def _problem_schema() -> dict[str, Any]:
    text = {"type": "string"}
    fields = {"table": text, "column": text, "field": text, "message": text, "text": {**text, "description": "where and what, in one line"}}
    return {"type": "object", "required": list(fields), "properties": fields, "additionalProperties": False}


def _dataset_schema() -> dict[str, Any]:
    """The schema JSON's two forms: one table ("columns") or several that join ("tables")."""
    columns = {"type": "array", "minItems": 1, "maxItems": MAX_COLUMNS, "items": _ref("schemas", "Column")}
    title = {"type": "string", "minLength": 1, "maxLength": MAX_TITLE}
    table = {
        "type": "object",
        "required": ["name", "title", "columns"],
        "properties": {
            "name": {"type": "string", "pattern": NAME_RE.pattern},
            "title": title,
            "columns": columns,
            "rows_ratio": {"type": "number", "minimum": 0.001, "maximum": MAX_SERIES_RATIO, "description": f"Rows of this table per requested row (at most {MAX_RATIO} unless the table is a series)"},
            "rows": {"type": "integer", "minimum": 1, "maximum": MAX_FIXED_ROWS, "description": "A fixed number of rows for this table whatever the request (not with rows_ratio, not in a series)"},
            "series": _series_schema(),
        },
        "additionalProperties": False,
    }
    common = {"version": {"const": SCHEMA_VERSION}, "title": title, "locale": {"enum": list(LOCALES)}}
    one = {"properties": {**common, "columns": columns, "series": _series_schema()}, "required": ["version", "title", "columns"]}
    tables = {"type": "array", "minItems": 1, "maxItems": MAX_TABLES, "items": table}
    several = {"properties": {**common, "tables": tables}, "required": ["version", "title", "tables"]}
    return {"oneOf": [{"type": "object", **form, "additionalProperties": False} for form in (one, several)]}


def _series_schema() -> dict[str, Any]:
    """The optional series key: entities × regular timestamps (generator.series)."""
    return {
        "type": "object",
        "description": "The table is a series: row i is period i // entities of entity i % entities",
        "required": ["entity", "entities", "time", "frequency"],
        "properties": {
            "entity": {"type": "string"}, "time": {"type": "string"},
            "entities": {"type": "integer", "minimum": 1, "maximum": MAX_ENTITIES},
            "frequency": {"enum": list(FREQUENCIES)},
            "start": {"type": "string", "description": "ISO date or datetime of the first period"},
            "end": {"type": "string", "description": "ISO date or datetime of the window's end: no rows after it, whatever rows asks for"},
            "closed_weekdays": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 6}, "maxItems": 7},
            "holidays": {"type": "array", "items": {"type": "string", "format": "date"}, "maxItems": MAX_HOLIDAYS},
            "dropout": {"type": "number", "minimum": 0, "maximum": MAX_DROPOUT},
            "jitter": {"type": "integer", "minimum": 0, "description": "seconds a timestamp may fall after its period's start"},
        },
        "additionalProperties": False,
    }


def _column_schema() -> dict[str, Any]:
    text = {"type": "string", "maxLength": MAX_COLUMN_TEXT}
    return {
        "type": "object",
        "description": "A column; the parameters beyond these depend on the type (see /types).",
        "required": ["name", "type", "null_rate"],
        "properties": {
            "name": {"type": "string", "pattern": NAME_RE.pattern},
            "type": {"enum": registry().names()},
            "null_rate": {"type": "number", "minimum": 0, "maximum": 1},
            "description": text,
            "unit": text,
            "correlate_with": {"type": "string", "pattern": NAME_RE.pattern},
            "correlation": {"type": "number", "minimum": -0.99, "maximum": 0.99},
        },
    }


def _json_dataset() -> dict[str, Any]:
    """The json format: an array of row objects (the seed and schema id are in the headers)."""
    return {"type": "array", "maxItems": settings.SYNTH_MAX_ROWS, "items": {"type": "object"}}


def _headers() -> dict[str, Any]:
    return {
        "RequestId": {"required": True, "description": "Names the request in the logs", "schema": {"type": "string", "minLength": 1}},
        "Content-Disposition": {
            "required": True,
            "description": "attachment; a safe file name made from the schema's title: no quotes, line breaks or path parts",
            "schema": {"type": "string", "pattern": r'^attachment; filename="[A-Za-z0-9_][A-Za-z0-9_.-]*"(; .*)?$'},
        },
        "X-Synth-Seed": {
            "required": True,
            "description": "The seed used; send it back for the same rows",
            "schema": {"type": "integer", "minimum": 0, "maximum": MAX_SEED},
        },
        "X-Synth-Schema-Id": {"required": True, "schema": SCHEMA_ID},
        "X-Synth-Source": {"required": True, "schema": {"enum": list(SOURCES)}},
        "X-Synth-Estimated-Size": {"required": True, "description": "About how many bytes the file holds (exact for small files, "
                                   "which also carry Content-Length)", "schema": {"type": "integer", "minimum": 0}},
    }
