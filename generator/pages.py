"""The HTML pages: describe, preview and adjust, the data dictionary and the column types.

Thin adapters like views.py: parse the request, call services, render. Every page works without
JavaScript; static/synthsite/site.js only makes it smoother.
"""

from __future__ import annotations

import functools
import json
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST, require_safe

from generator import admission, classroom, editor, services
from generator.cost import request_weight
from generator.engine import CHUNK_ROWS
from generator.forms import DatasetParamsForm, EditForm, PreviewForm, format_field, locale_choices, rows_field
from generator.inference import InferenceError
from generator.options import DownloadOptions
from generator.schema import DatasetSchema, Problem, SchemaError
from generator.tables import MultiTableSchema
from generator.writers import FORMATS
from generator.writers.dictionary import dictionary_build, dictionary_markdown

EXAMPLES = (
    ("Customers and churn", "customers with customer id, name, email, age between 18 and 70, country, signup date in the last two years and whether they churned"),
    ("Telco contracts", "telco customers with customer id, gender, tenure in months, contract type (month-to-month, one year, two year), monthly charges and whether they churned"),
    ("Hospital patients", "hospital patients with patient id, age, blood type (A, B, AB, O), admission date and discharge date"),
    ("Web server logs", "web server logs with timestamp, ip address, http method, url, status code and response time in ms"),
    ("Just a topic", "sales data for a coffee shop chain"),
)
SOURCES = {
    "cache": "Schema reused from the cache: this description was seen before.",
    "offline": "Schema made by the built-in offline inferrer.",
    "edited": "Schema edited by you.",
    "saved": "A saved schema.",
}


PAGES = ("generator/index.html", "generator/preview.html", "generator/dictionary.html", "generator/types.html",
         "generator/tables.html", "generator/not_found.html", "generator/class.html", "404.html", "500.html")


def warm() -> float:
    """Everything a worker loads before its first request: the data (services.warm) and the
    compiled page templates with the editor's type parameters; the seconds the data took."""
    seconds = services.warm()
    for name in PAGES:
        get_template(name)
    type_params_html()
    return seconds


@functools.cache
def type_params_html() -> SafeString:
    """Each type's parameter inputs with their starting values, as <template>s the editor copies
    when a type is picked: the same for every page, so made once."""
    return mark_safe(render_to_string("generator/_type_params.html", {"type_params": editor.type_params()}))  # noqa: S308 (rendered by the template engine, escaped)


def describe_page(request: HttpRequest, form: PreviewForm, *, status: int = 200, errors: dict | None = None) -> HttpResponse:
    """The home page's form, with the user's input and any errors next to their fields."""
    context = {"form": form, "examples": EXAMPLES, "locales": locale_choices(), "formats": format_field().choices, "errors": errors or {}}
    return render(request, "generator/index.html", context, status=status)


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """GET /: the describe form; ?description=… fills it in (the example links use this)."""
    initial = {"rows": 100, "description": request.GET.get("description", "")[:2000]}
    return describe_page(request, PreviewForm(initial=initial))


@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """POST /preview: description, rows, seed, locale → the schema and the first rows."""
    form = PreviewForm(request.POST)
    if not form.is_valid():
        return describe_page(request, form, status=400)
    data = form.cleaned_data
    try:
        result = services.schema_get_or_create(description=data["description"])
    except (InferenceError, SchemaError) as exc:
        form.add_error("description", str(exc))
        return describe_page(request, form, status=400)
    schema, _ = services.schema_with_locale(schema=result.schema, locale=data["locale"], source=result.source)
    return _see_preview(schema.schema_id, rows=data["rows"], seed=data["seed"], source=result.source, notice=bool(result.notice))


def _see_preview(schema_id: str, *, rows: int, seed: int | None, source: str, notice: bool = False) -> HttpResponse:
    """303 to the preview's own address: bookmarkable, and a reload does not post again. It is the
    instructor's page (signed), as the person who described or edited the schema is."""
    seed = services.seed_resolve(seed)
    query = {"rows": rows, "seed": seed, "source": source, **({"notice": "model"} if notice else {})}
    query["key"] = classroom.instructor_key(schema_id=schema_id, seed=seed)
    # "#main": a fragment of the form's address (the editor's "#schema") would otherwise carry over.
    return HttpResponseRedirect(reverse("dataset-page", kwargs={"schema_id": schema_id}) + "?" + urlencode(query) + "#main", status=303)


@require_POST
def preview_edit(request: HttpRequest) -> HttpResponse:
    """POST /preview/edit: the adjusted column table or the JSON box → the new preview."""
    form = EditForm(request.POST)
    raw = editor.raw_from_post(request.POST)
    base = _base_schema(request.POST.get("base", ""), request.POST.get("base_key", ""))
    json_text = request.POST.get("schema_json", "")
    if not form.is_valid():
        return _edit_failed(request, form, base, raw=raw, problems=[], json_text=json_text)
    data = form.cleaned_data
    try:
        if data["apply"] == "json":
            schema_data = editor.json_parse(json_text)
        else:
            schema_data = editor.schema_from_raw(raw, title=data["title"], locale=data["locale"])
        result = services.schema_edit(data=schema_data)
    except SchemaError as exc:
        return _edit_failed(request, form, base, raw=raw, problems=exc.problems, json_text=json_text)
    return _see_preview(result.schema_id, rows=data["rows"], seed=data["seed"], source="edited")


def _base_schema(schema_id: str, key: str) -> DatasetSchema | None:
    """The single-table schema being edited (the editor does not edit multi-table schemas), when
    the form carries its instructor key: an edit that fails shows the schema, answers and all."""
    if not schema_id or not classroom.schema_key_valid(schema_id=schema_id, key=key):
        return None
    try:
        schema = services.schema_get(schema_id=schema_id) if schema_id else None
    except services.SchemaNotFound:
        return None
    return schema if isinstance(schema, DatasetSchema) else None


def _edit_failed(request, form: EditForm, base: DatasetSchema | None, *, raw, problems: list[Problem], json_text: str = "") -> HttpResponse:
    """The last valid preview again, with the user's edits kept and each problem beside its column."""
    data = getattr(form, "cleaned_data", {})
    rows, seed = data.get("rows") or 100, data.get("seed")
    context = preview_context(request, schema=base, rows=rows, seed=seed, source="saved", instructor=True) if base else _empty_context()
    if data.get("apply") == "json":
        context.update(json_text=json_text, json_errors=[str(problem) for problem in problems], json_open=True)
    elif not problems:
        context.update(editor_rows=editor.editor_rows(raw), json_text=json_text)
    else:
        by_row, general = editor.split_problems(problems, len(raw))
        context.update(editor_rows=editor.editor_rows(raw, by_row), schema_errors=general)
    posted = {f"{key}_value": request.POST.get(key, "") for key in ("title", "locale", "rows", "seed")}
    context.update(posted, form=form, failed=True)
    return render(request, "generator/preview.html", context, status=400)


def _empty_context() -> dict[str, Any]:
    return {"editor_rows": [], "type_choices": editor.type_choices(), "type_params": type_params_html(), "locales": locale_choices(),
            "rows_help": rows_field().help_text, "instructor": True}


def preview_context(request: HttpRequest, *, schema: DatasetSchema, rows: int, seed: int | None, source: str, instructor: bool = False) -> dict[str, Any]:
    """What preview.html shows for a stored schema: sample rows and links, and for the instructor
    (a signed page) the schema editor and the answer keys. A student's view shows neither."""
    sample = services.preview_build(schema=schema, rows=rows, seed=seed)
    links = dataset_links(request, schema_id=schema.schema_id, rows=rows, seed=sample.seed, instructor=instructor)
    return {
        "instructor": instructor,
        "base_key": classroom.schema_key(schema_id=schema.schema_id) if instructor else "",
        "schema": schema,
        "sample": sample,
        "chart": services.series_chart_build(schema=schema, seed=sample.seed),
        "rows": rows,
        "seed": sample.seed,
        "seed_picked": seed is None,
        "source": source,
        "source_label": SOURCES.get(source) or f"Schema made by the language model {_model_label()}.",
        "links": links,
        "editor_rows": editor.editor_rows(editor.raw_from_schema(schema.to_dict())),
        "type_choices": editor.type_choices(),
        "type_params": type_params_html() if instructor else "",
        "locales": locale_choices(),
        "rows_help": rows_field().help_text,
        "json_text": json.dumps(schema.to_dict(), indent=2, ensure_ascii=False),
        "title_value": schema.title,
        "locale_value": schema.locale,
        "rows_value": rows,
        "seed_value": sample.seed,
    }


def _model_label() -> str:
    model = settings.SYNTH_LLM_MODEL
    return "GPT-4o-mini" if model == "gpt-4o-mini" else model


def dataset_links(request: HttpRequest, *, schema_id: str, rows: int, seed: int, instructor: bool = False) -> dict[str, Any]:
    query = "?" + urlencode({"rows": rows, "seed": seed})
    signed = {"rows": rows, "seed": seed, "key": classroom.instructor_key(schema_id=schema_id, seed=seed)}
    csv_path = reverse("dataset", kwargs={"schema_id": schema_id, "fmt": "csv"}) + query
    others = [
        (fmt.label, reverse("dataset", kwargs={"schema_id": schema_id, "fmt": name}) + query, _slow(name, rows))
        for name, fmt in FORMATS.items()
        if name not in ("csv", "json") and DownloadOptions(rows=rows, fmt=name).problem() is None
    ]
    return {
        "other_formats": others,
        "permalink": request.build_absolute_uri(csv_path),
        "csv": csv_path,
        "csv_base": reverse("dataset", kwargs={"schema_id": schema_id, "fmt": "csv"}),
        "zip_base": reverse("dataset", kwargs={"schema_id": schema_id, "fmt": "zip"}),
        "json": reverse("dataset", kwargs={"schema_id": schema_id, "fmt": "json"}) + query,
        "page": reverse("dataset-page", kwargs={"schema_id": schema_id}) + query,
        "dictionary": reverse("dictionary", kwargs={"schema_id": schema_id}) + query,
        "dictionary_md": reverse("dictionary-md", kwargs={"schema_id": schema_id}) + query,
        **({
            "answers_zip": reverse("dataset", kwargs={"schema_id": schema_id, "fmt": "zip"}) + "?" + urlencode(signed),
            "answers_dictionary": reverse("dictionary", kwargs={"schema_id": schema_id}) + "?" + urlencode(signed),
            "instructor_page": request.build_absolute_uri(reverse("dataset-page", kwargs={"schema_id": schema_id}) + "?" + urlencode(signed)),
            "key": signed["key"],
        } if instructor else {}),
    }


def link_error(request: HttpRequest, errors: dict[str, list[str]], *, status: int) -> HttpResponse:
    """The page a browser gets for a dataset link that does not work, saying why."""
    titles = {403: "That instructor link does not open the answers", 404: "That dataset link does not work"}
    return render(request, "generator/not_found.html", {"errors": errors, "heading": titles.get(status, "That dataset link does not work")}, status=status)


SLOW_EXCEL_ROWS = 100_000


def _slow(fmt: str, rows: int) -> str:
    """The warning before a download that takes long to make ("" for the others)."""
    if fmt == "xlsx" and rows > SLOW_EXCEL_ROWS:
        return f"An Excel file of {rows:,} rows takes a minute or more to make; CSV and Parquet are much faster. Download the Excel file anyway?"
    return ""


def _stored(request: HttpRequest, schema_id: str) -> tuple[DatasetSchema | MultiTableSchema | None, DatasetParamsForm, HttpResponse | None]:
    """The stored schema and the rows/seed query, or the error page to answer with."""
    form = DatasetParamsForm(request.GET)
    if not form.is_valid():
        return None, form, link_error(request, form.errors, status=400)
    try:
        return services.schema_get(schema_id=schema_id), form, None
    except services.SchemaNotFound:
        errors = {"schema_id": [f"No schema has the id {schema_id!r}. Describe a dataset on the home page to make one."]}
        return None, form, link_error(request, errors, status=404)


def _instructor(request: HttpRequest, schema_id: str, seed: int | None) -> tuple[bool, HttpResponse | None]:
    """Whether the page's `key` opens the answers (False without one), or the 403 that says why."""
    key = request.GET.get("key", "")
    if not key:
        return False, None
    if problem := classroom.instructor_problem(key=key, schema_id=schema_id, seed=seed):
        return False, link_error(request, {"key": [problem]}, status=403)
    return True, None


@require_safe
def dataset_page(request: HttpRequest, schema_id: str) -> HttpResponse:
    """GET /datasets/<schema_id>?rows=…&seed=…: the preview page of a stored schema."""
    schema, form, failure = _stored(request, schema_id)
    if failure or schema is None:
        return failure  # _stored gives a schema or the failure to answer with
    instructor, refused = _instructor(request, schema_id, form.cleaned_data["seed"])
    if refused:
        return refused
    if isinstance(schema, MultiTableSchema):
        notice = services.MODEL_UNAVAILABLE if request.GET.get("notice") == "model" else ""
        return _tables_page(request, schema, rows=form.cleaned_data["rows"], seed=form.cleaned_data["seed"], notice=notice, instructor=instructor)
    ticket, busy = admission.admit(request, *request_weight(schema, CHUNK_ROWS))  # the page makes one chunk
    if busy:
        return busy
    source = request.GET.get("source", "saved")
    source = source if source in SOURCES or source == "openai" else "saved"
    try:
        context = preview_context(request, schema=schema, rows=form.cleaned_data["rows"], seed=form.cleaned_data["seed"], source=source, instructor=instructor)
    except services.DatasetOptionError as exc:  # a schema stored before the request budgets
        return link_error(request, {exc.field: [str(exc)]}, status=400)
    finally:
        if ticket is not None:
            ticket.release()
    context["notice"] = services.MODEL_UNAVAILABLE if request.GET.get("notice") == "model" else ""
    return render(request, "generator/preview.html", context)


def _tables_page(request: HttpRequest, schema: MultiTableSchema, *, rows: int, seed: int | None, notice: str = "", instructor: bool = False) -> HttpResponse:
    """A dataset of several tables: its tables and downloads (the editor takes one table at a time)."""
    seed = services.seed_resolve(seed)

    def url(fmt: str, **extra: str) -> str:
        query = urlencode({"rows": rows, "seed": seed, **extra})
        return reverse("dataset", kwargs={"schema_id": schema.schema_id, "fmt": fmt}) + "?" + query

    tables = [{"name": t.name, "columns": [c.name for c in t.schema.columns], "csv": url("csv", table=t.name)} for t in schema.tables]
    whole = [(FORMATS[name].label, url(name)) for name in ("zip", "sqlite", "postgresql") if FORMATS[name].several_tables]
    answers = url("zip", key=classroom.instructor_key(schema_id=schema.schema_id, seed=seed)) if instructor else ""
    context = {"schema": schema, "tables": tables, "whole": whole, "rows": rows, "seed": seed, "notice": notice, "answers": answers}
    return render(request, "generator/tables.html", context)


def _dictionary(request: HttpRequest, schema_id: str) -> tuple[dict | None, HttpResponse | None]:
    schema, form, failure = _stored(request, schema_id)
    if failure or schema is None:
        return None, failure
    if isinstance(schema, MultiTableSchema):
        return None, _tables_page(request, schema, rows=form.cleaned_data["rows"], seed=form.cleaned_data["seed"])
    instructor, refused = _instructor(request, schema_id, form.cleaned_data["seed"])
    if refused:
        return None, refused
    rows, seed = form.cleaned_data["rows"], services.seed_resolve(form.cleaned_data["seed"])
    links = dataset_links(request, schema_id=schema_id, rows=rows, seed=seed, instructor=instructor)
    return dictionary_build(schema=schema, rows=rows, seed=seed, permalink=links["permalink"], answers=instructor) | {"links": links}, None


@require_safe
def dictionary(request: HttpRequest, schema_id: str) -> HttpResponse:
    """GET /datasets/<schema_id>/dictionary?rows=…&seed=…: the data dictionary page."""
    data, failure = _dictionary(request, schema_id)
    return failure or render(request, "generator/dictionary.html", {"dictionary": data})


@require_safe
def dictionary_md(request: HttpRequest, schema_id: str) -> HttpResponse:
    """GET /datasets/<schema_id>/dictionary.md?rows=…&seed=…: the same as a Markdown download."""
    data, failure = _dictionary(request, schema_id)
    if failure or data is None:
        return failure
    response = HttpResponse(dictionary_markdown(data), content_type="text/markdown; charset=utf-8")
    name = services.dataset_filename(schema=services.schema_get(schema_id=schema_id), fmt="csv", rows=data["rows"], seed=data["seed"]).removesuffix(".csv")
    response["Content-Disposition"] = f'attachment; filename="{name}-dictionary{"-answers" if data["answers"] else ""}.md"'
    return response


@require_safe
def types(request: HttpRequest) -> HttpResponse:
    """GET /types: every column type in the registry, with its parameters and sample values."""
    groups: dict[str, list] = {}
    for sample in services.types_catalogue():
        groups.setdefault(sample.group, []).append(sample)
    context = {"groups": groups.items(), "count": sum(map(len, groups.values())), **services.relations_catalogue()}
    return render(request, "generator/types.html", context)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The site's 404 page, with its navigation."""
    return render(request, "404.html", {"path": request.path}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The site's 500 page (rendered with no request context, so nothing that failed runs again)."""
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({}), status=500)
