"""The OpenAPI document at /api/openapi.json, and schemathesis fuzzing the app against it.

The app runs in-process (WSGI, no network). Rows are capped at MAX_ROWS here so the document's
limits, and the files generated while fuzzing, stay small. Each operation's cases come from
schemathesis' public strategies, run by a Hypothesis test inside an ordinary test: the app and
its settings (pytest-django's function-scoped `settings`) are set up once per operation, and
schemathesis' own lazy pytest loader (`from_fixture`) does not run under pytest 9.2.
"""

import hypothesis
import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from generator import services
from generator.tables import schema_from_dict
from generator.writers import FORMATS

MAX_ROWS = 2_000
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance, response_headers_conformance]
FUZZ = hypothesis.settings(
    max_examples=50,
    deadline=None,
    derandomize=True,  # the same examples on every run, so CI is stable
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
OPERATIONS = [
    ("GET", "/healthz"),
    ("HEAD", "/healthz"),
    ("HEAD", "/api/openapi.json"),
    ("POST", "/api/schema"),
    ("POST", "/api/class"),
    ("GET", "/generate"),
    ("HEAD", "/generate"),
    ("POST", "/generate"),
    ("GET", "/datasets/{schema_id}.{format}"),
    ("HEAD", "/datasets/{schema_id}.{format}"),
]
STORED_SCHEMAS = {
    "one table": {"title": "Patients", "columns": [
        {"name": "patient_id", "type": "id"},
        {"name": "age", "type": "integer", "min": 0, "max": 99},
        {"name": "admitted", "type": "date", "start": "2024-01-01", "end": "2024-12-31"},
    ]},
    "two tables": {"title": "Shop", "tables": [
        {"name": "customers", "columns": [{"name": "customer_id", "type": "id"}, {"name": "full_name", "type": "full_name"}]},
        {"name": "orders", "rows_ratio": 2, "columns": [
            {"name": "order_id", "type": "id"},
            {"name": "customer_id", "type": "reference", "table": "customers"},
            {"name": "total", "type": "price", "min": 1, "max": 500},
        ]},
    ]},
}
pytestmark = pytest.mark.django_db  # the views count usage in the database

DESCRIPTION = "customers with name, email, age between 18 and 70, country and whether they churned"


@pytest.fixture
def api(settings):
    """The document as the app serves it, bound to a WSGI handler built with this test's settings."""
    settings.SYNTH_MAX_ROWS = MAX_ROWS
    settings.ALLOWED_HOSTS = ["localhost"]  # the Host schemathesis' WSGI client sends
    # A fresh handler: middleware reads some settings (e.g. SECURE_SSL_REDIRECT) when it is built.
    return schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


def test_document_is_served_and_describes_every_operation(api):
    """The app serves a valid OpenAPI 3.1 document (schemathesis refuses an invalid one)."""
    api.validate()
    assert api.raw_schema["openapi"] == "3.1.0" and "get" in api.raw_schema["paths"]["/api/openapi.json"]
    # schemathesis leaves out the operation that serves the document itself
    operations = {result.ok().label for result in api.get_all_operations()}
    assert operations == {f"{method} {path}" for method, path in OPERATIONS}


def test_document_follows_the_settings_and_formats(api):
    """Limits and formats come from the code, read when the document is asked for."""
    document = api.raw_schema
    body = document["paths"]["/generate"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["rows"]["maximum"] == MAX_ROWS
    assert body["properties"]["format"]["enum"] == [*FORMATS, None]
    media_types = document["paths"]["/generate"]["get"]["responses"]["200"]["content"]
    assert {"text/csv", "application/json", "application/zip", "application/vnd.apache.parquet"} <= set(media_types)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_download_in_every_format_matches_the_document(api, fmt):
    """Each format's file comes with its own media type and the headers the document names."""
    case = api["/generate"]["POST"].Case(body={"description": DESCRIPTION, "rows": 7, "seed": 3, "format": fmt})
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code == 200
    assert response.headers["content-type"] == [FORMATS[fmt].content_type]
    assert response.headers["x-synth-seed"] == ["3"]


def test_schema_then_permalink_and_their_errors_match_the_document(api):
    """The documented path of a script: a schema, its permalink, and JSON errors when asked for."""
    created = api["/api/schema"]["POST"].Case(body={"description": DESCRIPTION}).call_and_validate(checks=CHECKS)
    schema_id = created.json()["schema_id"]
    dataset = api["/datasets/{schema_id}.{format}"]["GET"]
    ok = dataset.Case(path_parameters={"schema_id": schema_id, "format": "csv"}, query={"rows": 5, "seed": 1})
    assert ok.call_and_validate(checks=CHECKS).status_code == 200
    unknown = dataset.Case(path_parameters={"schema_id": "0" * 16, "format": "csv"}, headers={"Accept": "application/json"})
    response = unknown.call_and_validate(checks=CHECKS)
    assert response.status_code == 404 and "schema_id" in response.json()["errors"]
    too_many = api["/generate"]["GET"].Case(query={"description": DESCRIPTION, "rows": MAX_ROWS + 1}, headers={"Accept": "application/json"})
    response = too_many.call_and_validate(checks=CHECKS)
    assert response.status_code == 400 and "rows" in response.json()["errors"]


@pytest.mark.parametrize(("path", "method"), [("/generate", "PUT"), ("/generate", "DELETE"), ("/api/schema", "GET")])
def test_a_method_the_document_does_not_list_is_405_with_allow(client, api, path, method):
    """The Allow header names exactly the methods the document describes for the path."""
    response = client.generic(method, path, HTTP_HOST="localhost")
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {name.upper() for name in api.raw_schema["paths"][path]}


def fuzz(operation, **fixed):
    """Valid and invalid requests (schemathesis' positive and negative modes), each sent with and
    without Accept: application/json, every answer checked against the document."""
    cases = st.one_of([operation.as_strategy(generation_mode=mode, **fixed) for mode in GenerationMode])

    @FUZZ
    @hypothesis.given(case=cases, accept=st.sampled_from([None, "application/json"]))
    def answers_conform(case, accept):
        case.call_and_validate(headers={"Accept": accept} if accept else None, checks=CHECKS)

    answers_conform()


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{method} {path}" for method, path in OPERATIONS])
def test_fuzzed_requests_get_documented_answers(api, method, path):
    """No 5xx, and status, media type, body and headers as the document says."""
    fuzz(api[path][method])


@pytest.mark.parametrize("stored", STORED_SCHEMAS)
def test_fuzzed_permalinks_of_stored_schemas_get_documented_answers(api, stored):
    """Permalinks of a one-table and a two-table schema with fuzzed format, rows, seed, student,
    messy and table: each a file or a documented error, never a 5xx."""
    schema_id = services.schema_save(schema=schema_from_dict(STORED_SCHEMAS[stored]))
    fuzz(api["/datasets/{schema_id}.{format}"]["GET"], path_parameters={"schema_id": schema_id})


def test_stateful_links_from_schema_to_permalink(api):
    """Sequences that follow the document's links: the schema_id of POST /api/schema's body or
    of a download's X-Synth-Schema-Id header into GET /datasets/{schema_id}.{format}."""

    class Machine(api.as_state_machine()):
        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS)

    Machine.run(settings=hypothesis.settings(FUZZ, max_examples=25, stateful_step_count=5))
