import csv
import io
import json

import pytest
from django.test import Client

DESCRIPTION = "customers of an online shoe store with name, email, age, country, lifetime value and a churn flag"


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def csv_rows(response):
    return list(csv.reader(io.StringIO(body(response))))


def test_home_page_shows_the_form(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for needle in ('name="description"', 'name="rows"', 'name="seed"', "Download", "csrfmiddlewaretoken"):
        assert needle in html


def test_post_generate_returns_a_csv_attachment_named_from_the_title(client):
    response = client.post("/generate", {"description": DESCRIPTION, "rows": 25, "seed": 3})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="') and disposition.endswith('.csv"')
    assert response["X-Synth-Seed"] == "3"
    rows = csv_rows(response)
    assert len(rows) == 26 and len(rows[0]) >= 6


def test_get_link_gives_the_same_bytes_as_the_post(client):
    post = body(client.post("/generate", {"description": DESCRIPTION, "rows": 40, "seed": 8}))
    get = body(client.get("/generate", {"description": DESCRIPTION, "rows": 40, "seed": 8}))
    assert post == get


def test_json_body_and_json_format(client):
    response = client.post(
        "/generate", json.dumps({"description": DESCRIPTION, "rows": 5, "seed": 2, "format": "json"}), content_type="application/json"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = json.loads(body(response))
    assert isinstance(data, list) and len(data) == 5 and set(data[0]) == set(csv_rows(client.get("/generate", {"description": DESCRIPTION, "rows": 1}))[0])
    assert response["X-Synth-Seed"] == "2" and response["X-Synth-Schema-Id"]


def test_without_a_seed_each_request_gets_fresh_data_and_says_which_seed(client):
    first = client.get("/generate", {"description": DESCRIPTION, "rows": 20})
    second = client.get("/generate", {"description": DESCRIPTION, "rows": 20})
    assert body(first) != body(second)
    seed = first["X-Synth-Seed"]
    again = client.get("/generate", {"description": DESCRIPTION, "rows": 20, "seed": seed})
    assert body(again) == body(client.get("/generate", {"description": DESCRIPTION, "rows": 20, "seed": seed}))


def test_api_schema_then_permalinks(client):
    response = client.post("/api/schema", json.dumps({"description": DESCRIPTION}), content_type="application/json")
    assert response.status_code == 200
    data = response.json()
    assert data["source"] == "offline" and data["schema"]["version"] == 1
    again = client.post("/api/schema", json.dumps({"description": DESCRIPTION}), content_type="application/json").json()
    assert again["source"] == "cache" and again["schema_id"] == data["schema_id"]

    link = f"/datasets/{data['schema_id']}.csv"
    csv_response = client.get(link, {"rows": 30, "seed": 5})
    assert csv_response.status_code == 200 and len(csv_rows(csv_response)) == 31
    assert body(client.get(link, {"rows": 30, "seed": 5})) == body(client.get(link, {"rows": 30, "seed": 5}))
    json_response = client.get(f"/datasets/{data['schema_id']}.json", {"rows": 3, "seed": 5})
    assert len(json.loads(body(json_response))) == 3


def test_permalink_matches_generate_for_the_same_seed(client):
    generated = client.get("/generate", {"description": DESCRIPTION, "rows": 12, "seed": 4})
    link = client.get(f"/datasets/{generated['X-Synth-Schema-Id']}.csv", {"rows": 12, "seed": 4})
    assert body(generated) == body(link)


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


@pytest.mark.parametrize(
    "params, field, fragment",
    [
        ({"description": ""}, "description", "Describe the dataset"),
        ({"description": "x" * 2001}, "description", "at most 2,000 characters"),
        ({"description": DESCRIPTION, "rows": "ten"}, "rows", "whole number from 1 to"),
        ({"description": DESCRIPTION, "rows": 0}, "rows", "whole number from 1 to"),
        ({"description": DESCRIPTION, "rows": 10**9}, "rows", "whole number from 1 to"),
        ({"description": DESCRIPTION, "seed": "1.5"}, "seed", "Seed must be a whole number"),
        ({"description": DESCRIPTION, "seed": -1}, "seed", "Seed must be a whole number"),
        ({"description": DESCRIPTION, "format": "xml"}, "format", "Format must be one of: csv, json"),
    ],
)
def test_bad_input_gets_a_400_naming_the_field(client, params, field, fragment):
    api = client.post("/generate", json.dumps(params), content_type="application/json")
    assert api.status_code == 400
    assert any(fragment in message for message in api.json()["errors"][field])
    asked = client.get("/generate", params, HTTP_ACCEPT="application/json")
    assert asked.status_code == 400 and field in asked.json()["errors"]
    page = client.get("/generate", params)
    assert page.status_code == 400 and fragment in page.content.decode().replace("&#x27;", "'")
    assert 'aria-invalid="true"' in page.content.decode()


def test_form_errors_keep_the_users_input(client):
    page = client.post("/generate", {"description": "my dataset about cats", "rows": "lots"})
    assert page.status_code == 400
    html = page.content.decode()
    assert "my dataset about cats" in html and 'value="lots"' in html


def test_unknown_schema_id_is_a_404_with_a_message(client):
    response = client.get("/datasets/0123456789abcdef.csv", HTTP_ACCEPT="application/json")
    assert response.status_code == 404
    assert "No schema has the id" in response.json()["errors"]["schema_id"][0]


def test_bad_permalink_params_name_the_field(client):
    schema_id = client.post("/api/schema", json.dumps({"description": DESCRIPTION}), content_type="application/json").json()["schema_id"]
    response = client.get(f"/datasets/{schema_id}.csv", {"rows": -3})
    assert response.status_code == 400 and "rows" in response.json()["errors"]


def test_api_schema_rejects_bad_bodies(client):
    assert client.post("/api/schema", "{oops", content_type="application/json").json()["errors"]["body"]
    assert client.post("/api/schema", "[1]", content_type="application/json").status_code == 400
    missing = client.post("/api/schema", "{}", content_type="application/json")
    assert missing.status_code == 400 and "description" in missing.json()["errors"]
    assert client.get("/api/schema").status_code == 405


def test_a_plain_form_post_from_another_origin_downloads_but_editing_pages_keep_csrf():
    """/generate is stateless and login-free, so a course page's form may post to it; the
    editing pages still need the CSRF token."""
    strict = Client(enforce_csrf_checks=True)
    ok = strict.post("/generate", {"description": DESCRIPTION, "rows": 3, "seed": 1}, HTTP_ORIGIN="https://course.example.edu")
    assert ok.status_code == 200 and len(b"".join(ok.streaming_content).splitlines()) == 4
    assert strict.post("/preview", {"description": DESCRIPTION}).status_code == 403
    assert strict.post("/preview/edit", {"columns": "0"}).status_code == 403


def test_json_api_calls_do_not_need_a_csrf_token():
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/generate", json.dumps({"description": DESCRIPTION, "rows": 2}), content_type="application/json")
    assert response.status_code == 200


def test_download_filename_is_safe_whatever_the_title(client):
    from generator import services
    from generator.schema import DatasetSchema

    schema = DatasetSchema.from_dict({"title": 'evil"; name=/../x\\y', "columns": [{"name": "a", "type": "integer"}]})
    assert services.dataset_filename(schema=schema, fmt="csv") == "evil-namexy.csv"
    assert services.dataset_filename(schema=schema, fmt="csv", student="s1/../x") == "evil-namexy-s1x.csv"


@pytest.mark.parametrize("value", [["customers", "orders"], {"a": 1}])
def test_json_fields_must_be_single_values(client, value):
    response = client.post("/api/schema", json.dumps({"description": value}), content_type="application/json")
    assert response.status_code == 400 and "not a list or an object" in response.json()["errors"]["description"][0]


def test_an_oversized_json_body_gets_a_json_error(client):
    body = json.dumps({"description": "x" * (1024 * 1024 + 1)})
    response = client.post("/api/schema", body, content_type="application/json")
    assert response.status_code == 400 and "larger than" in response.json()["errors"]["body"][0]


@pytest.mark.parametrize("path", ["/healthz", "/datasets/0123456789abcdef.csv", "/api/openapi.json"])
def test_unlisted_methods_get_405_not_a_csrf_page(path):
    strict = Client(enforce_csrf_checks=True)
    assert strict.put(path).status_code == 405


def test_student_variants_differ_but_are_reproducible(client):
    params = {"description": DESCRIPTION, "rows": 30, "seed": 11}
    ana = body(client.get("/generate", {**params, "student": "ana"}))
    ben = body(client.get("/generate", {**params, "student": "ben"}))
    again = client.get("/generate", {**params, "student": "ana"})
    assert ana != ben and body(again) == ana
    assert ana.splitlines()[0] == ben.splitlines()[0], "same columns"
    assert 'filename="' in again["Content-Disposition"] and "-ana.csv" in again["Content-Disposition"]


def test_a_student_file_needs_the_instructors_seed(client):
    response = client.get("/generate", {"description": DESCRIPTION, "student": "ana"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and "seed" in response.json()["errors"]


def test_messy_option_over_http(client):
    response = client.get("/generate", {"description": DESCRIPTION, "rows": 50, "seed": 1, "messy": "typo"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and "unknown defect 'typo'" in response.json()["errors"]["messy"][0]
    ok = client.get("/generate", {"description": DESCRIPTION, "rows": 50, "seed": 1, "messy": "missing:0.3"})
    assert ok.status_code == 200 and ",," in body(ok)
