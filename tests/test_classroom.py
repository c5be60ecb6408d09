"""The classroom: student outputs hold no answers, the instructor's signed links do; class lists
become per-student links; addresses are real (303 after a preview, HEAD, HTML errors for
browsers); downloads say their size and carry rows, seed, student and dialect in their names."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

from generator import classroom, services
from generator.schema import DatasetSchema
from generator.tables import schema_from_dict
from generator.writers import FORMATS

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PLANTED_NOTE = "Churned (26%): more likely with month-to-month contract; less likely with higher tenure months (planted)"


def churn_schema() -> DatasetSchema:
    """examples/churn.json with the inferrer's "(planted)" note on its target and a planted correlation."""
    data = json.loads((EXAMPLES / "churn.json").read_text())
    for column in data["columns"]:
        if column["type"] == "target":
            column["description"] = PLANTED_NOTE
        if column["name"] == "monthly_charges":
            column.update(correlate_with="tenure_months", correlation=0.35)
    return DatasetSchema.from_dict(data)


# What no student output may hold: the planted note, the target's drivers and effects, the answer
# key's words, the correlation, and (for messy data) the clean twin and the defect log.
LEAKS = [PLANTED_NOTE.encode(), b"(planted)", b"drivers", b"log-odds", b"effect", b"answer key", b"Answer key", b"answer_key",
         b"Planted", b"rank correlation", b"correlate_with", b"clean.csv", b"defects.csv"]


def leaks(data: bytes) -> list[bytes]:
    return [marker for marker in LEAKS if marker in data]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def zip_members(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture
def churn():
    return services.schema_save(schema=churn_schema())


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_no_student_download_holds_an_answer_in_any_format(client, churn, fmt):
    response = client.get(f"/datasets/{churn}.{fmt}", {"rows": 50, "seed": 3})
    assert response.status_code == 200
    data = body(response)
    assert leaks(data) == []
    if fmt == "zip":
        members = zip_members(data)
        assert set(members) == {"data.csv", "dictionary.md", "datapackage.json"}
        for name, content in members.items():  # byte-checked inside the zip: compressed entries hide nothing
            assert leaks(content) == [], name
        assert "The value to predict." in members["dictionary.md"].decode()


def test_a_student_messy_zip_has_the_messy_file_but_no_clean_twin_or_defect_log(client, churn):
    response = client.get(f"/datasets/{churn}.zip", {"rows": 80, "seed": 3, "student": "s42", "messy": "all"})
    members = zip_members(body(response))
    assert set(members) == {"messy.csv", "dictionary.md", "datapackage.json"}
    assert all(leaks(content) == [] for content in members.values())
    assert json.loads(members["datapackage.json"])["resources"][0]["path"] == "messy.csv"


def test_the_instructor_link_opens_the_answer_key_and_the_annotated_dictionary(client, churn):
    query = {"rows": 80, "seed": 3, "student": "s42", "messy": "all"}
    key = classroom.instructor_key(schema_id=churn, seed=3, student="s42", messy="all")
    members = zip_members(body(client.get(f"/datasets/{churn}.zip", {**query, "key": key})))
    assert {"messy.csv", "clean.csv", "defects.csv", "answer_key.json", "dictionary.md", "datapackage.json"} == set(members)
    answer = json.loads(members["answer_key.json"])
    assert {d["column"]: d["effect"] for d in answer["targets"][0]["drivers"]}["tenure_months"] == -1.0
    assert PLANTED_NOTE in members["dictionary.md"].decode() and "rank correlation about 0.35" in members["dictionary.md"].decode()
    assert json.loads(members["datapackage.json"])["synthsite"]["schema"]["columns"][-1]["drivers"]
    student = zip_members(body(client.get(f"/datasets/{churn}.zip", query)))
    assert student["messy.csv"] == members["messy.csv"], "the instructor's copy is the student's file plus the answers"


def test_a_changed_or_foreign_key_is_a_403_that_says_why(client, churn):
    key = classroom.instructor_key(schema_id=churn, seed=3)
    other_seed = client.get(f"/datasets/{churn}.zip", {"rows": 10, "seed": 4, "key": key})
    assert other_seed.status_code == 403 and "does not match" in other_seed.json()["errors"]["key"][0]
    other_student = client.get(f"/datasets/{churn}.zip", {"rows": 10, "seed": 3, "student": "s1", "key": key})
    assert other_student.status_code == 403
    page = client.get(f"/datasets/{churn}/dictionary", {"rows": 10, "seed": 3, "key": key[:-1] + ("1" if key.endswith("0") else "0")}, HTTP_ACCEPT="text/html")
    assert page.status_code == 403 and "does not match" in page.content.decode() and 'class="site-nav"' in page.content.decode()
    no_seed = client.get(f"/datasets/{churn}", {"rows": 10, "key": key})
    assert no_seed.status_code == 403 and "names its seed" in no_seed.content.decode()


def test_the_student_page_and_dictionary_hold_no_answers_and_the_instructor_page_does(client, churn):
    student = client.get(f"/datasets/{churn}", {"rows": 30, "seed": 3}).content
    assert leaks(student) == [] and b"schema_json" not in student and b"Student view" in student
    dictionary = client.get(f"/datasets/{churn}/dictionary", {"rows": 30, "seed": 3}).content
    markdown = client.get(f"/datasets/{churn}/dictionary.md", {"rows": 30, "seed": 3}).content
    assert leaks(dictionary) == [] and leaks(markdown) == []
    key = classroom.instructor_key(schema_id=churn, seed=3)
    teacher = client.get(f"/datasets/{churn}", {"rows": 30, "seed": 3, "key": key}).content.decode()
    assert "schema_json" in teacher and "Answer-key zip" in teacher and "drivers" in teacher
    annotated = client.get(f"/datasets/{churn}/dictionary", {"rows": 30, "seed": 3, "key": key}).content.decode()
    assert PLANTED_NOTE in annotated


def test_a_failed_edit_shows_the_base_schema_only_with_its_editor_key(client, churn):
    """Posting an invalid edit with someone else's schema id does not reveal that schema."""
    fields = {"base": churn, "columns": "1", "col-0-name": "x", "col-0-type": "nope", "rows": "5", "seed": "1"}
    refused = client.post("/preview/edit", fields)
    assert refused.status_code == 400 and PLANTED_NOTE.encode() not in refused.content
    signed = client.post("/preview/edit", {**fields, "base_key": classroom.schema_key(schema_id=churn)})
    assert signed.status_code == 400 and PLANTED_NOTE.encode() in signed.content


def test_a_preview_redirects_303_to_its_bookmarkable_page(client):
    response = client.post("/preview", {"description": "customers with name, email and age", "rows": "40", "seed": "5"})
    assert response.status_code == 303
    assert re.fullmatch(r"/datasets/[0-9a-f]{16}\?rows=40&seed=5&source=offline&key=[0-9a-f]{32}#main", response["Location"])
    page = client.get(response["Location"])
    assert page.status_code == 200 and b"First 20 of 40 rows" in page.content and b"offline inferrer" in page.content
    def without_token(html: bytes) -> bytes:
        return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)

    assert without_token(client.get(response["Location"]).content) == without_token(page.content), "a reload shows the same page"


def test_head_is_answered_wherever_get_is(client, churn):
    for url in ("/", "/types", "/healthz", "/api/openapi.json", f"/datasets/{churn}?rows=5&seed=1", f"/datasets/{churn}/dictionary?rows=5&seed=1"):
        response = client.head(url)
        assert response.status_code == 200, url
    download = client.head(f"/datasets/{churn}.csv", {"rows": 50, "seed": 1})
    assert download.status_code == 200 and download.content == b""
    assert download["Content-Disposition"] and int(download["X-Synth-Estimated-Size"]) > 0
    full = body(client.get(f"/datasets/{churn}.csv", {"rows": 50, "seed": 1}))
    assert int(download["Content-Length"]) == len(full), "HEAD says the length GET sends"
    large = client.head(f"/datasets/{churn}.csv", {"rows": 5000, "seed": 1})
    assert large.status_code == 200 and not large.has_header("Content-Length") and int(large["X-Synth-Estimated-Size"]) > 100_000


def test_browsers_get_an_error_page_for_a_broken_permalink_and_scripts_json(client):
    html = client.get("/datasets/0123456789abcdef.csv", {"rows": 5}, HTTP_ACCEPT="text/html,application/xhtml+xml")
    assert html.status_code == 404 and html["Content-Type"].startswith("text/html")
    assert "No schema has the id" in html.content.decode() and "Describe the dataset you want" not in html.content.decode()
    script = client.get("/datasets/0123456789abcdef.csv", {"rows": 5}, HTTP_ACCEPT="*/*")
    assert script.status_code == 404 and "schema_id" in script.json()["errors"]
    bad_rows = client.get("/datasets/0123456789abcdef.csv", {"rows": "lots"}, HTTP_ACCEPT="text/html")
    assert bad_rows.status_code == 400 and "Rows must be a whole number" in bad_rows.content.decode()


def test_unknown_addresses_get_the_styled_404_with_the_site_navigation(client, settings):
    settings.DEBUG = False
    response = client.get("/no/such/page")
    html = response.content.decode()
    assert response.status_code == 404 and 'class="site-nav"' in html and "There is no page at this address" in html


def test_small_downloads_carry_their_length_and_names_carry_rows_seed_student_and_dialect(client, churn):
    response = client.get(f"/datasets/{churn}.csv", {"rows": 150, "seed": 9, "student": "ana"})
    data = body(response)
    assert int(response["Content-Length"]) == len(data) == int(response["X-Synth-Estimated-Size"]), "exact up to 200 rows"
    assert response["Content-Disposition"] == 'attachment; filename="telco-customer-churn-150-rows-seed-9-ana.csv"'
    larger = client.get(f"/datasets/{churn}.csv", {"rows": 3000, "seed": 9})
    size = len(body(larger))
    assert int(larger["Content-Length"]) == size and 0.9 < int(larger["X-Synth-Estimated-Size"]) / size < 1.1
    names = {fmt: client.get(f"/datasets/{churn}.{fmt}", {"rows": 5, "seed": 1})["Content-Disposition"] for fmt in ("sqlite", "postgresql")}
    assert names == {"sqlite": 'attachment; filename="telco-customer-churn-5-rows-seed-1-sqlite.sql"',
                     "postgresql": 'attachment; filename="telco-customer-churn-5-rows-seed-1-postgresql.sql"'}


def test_a_large_download_streams_with_its_estimated_size(client, churn, monkeypatch):
    from generator import views

    monkeypatch.setattr(views, "HELD_BYTES", 10_000)  # a small threshold stands in for 50 MB here
    response = client.get(f"/datasets/{churn}.csv", {"rows": 2000, "seed": 9})
    data = body(response)
    assert response.streaming and not response.has_header("Content-Length")
    assert 0.8 < int(response["X-Synth-Estimated-Size"]) / len(data) < 1.25


def test_a_download_answers_with_the_pages_token_so_the_page_knows_it_started(client, churn):
    response = client.get(f"/datasets/{churn}.csv", {"rows": 5, "seed": 1, "dl": "abc123xyz"})
    assert response.cookies["synth_download"].value == "abc123xyz"
    assert "synth_download" not in client.get(f"/datasets/{churn}.csv", {"rows": 5, "seed": 1, "dl": "<bad>"}).cookies


CLASS_LIST = "id,name\ns1001,Ana Lima\ns1002,Ben Okafor\n\ns1003\n"


def test_a_class_list_becomes_per_student_links_with_answer_keys_for_the_instructor(client, churn):
    key = classroom.instructor_key(schema_id=churn, seed=7)
    fields = {"schema_id": churn, "rows": 60, "seed": 7, "messy": "typos", "students": CLASS_LIST, "key": key}
    response = client.post("/api/class", fields)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["student"], r["name"]) for r in rows] == [("s1001", "Ana Lima"), ("s1002", "Ben Okafor"), ("s1003", "")]
    ana = client.get(rows[0]["csv"].removeprefix("http://testserver"))
    assert body(ana) != body(client.get(rows[1]["csv"].removeprefix("http://testserver"))), "each student has their own rows"
    assert "student=s1001" in rows[0]["csv"] and "messy=typos" in rows[0]["csv"]
    answer = zip_members(body(client.get(rows[0]["answer_key"].removeprefix("http://testserver"))))
    assert "answer_key.json" in answer and "defects.csv" in answer
    student_zip = zip_members(body(client.get(rows[0]["zip"].removeprefix("http://testserver"))))
    assert "answer_key.json" not in student_zip and "defects.csv" not in student_zip


def test_without_the_key_a_class_gets_only_student_links_and_bad_input_is_named(client, churn):
    plain = client.post("/api/class", json.dumps({"schema_id": churn, "rows": 10, "seed": 7, "students": "a1\na2", "format": "json"}),
                        content_type="application/json").json()
    assert [s["student"] for s in plain["students"]] == ["a1", "a2"] and "answer_key" not in plain["students"][0]
    wrong = client.post("/api/class", {"schema_id": churn, "rows": 10, "seed": 7, "students": "a1", "key": "0" * 32})
    assert wrong.status_code == 403
    bad = client.post("/api/class", {"schema_id": churn, "rows": 10, "seed": 7, "students": "a1\nnot an id!"})
    assert bad.status_code == 400 and "Line 2" in bad.json()["errors"]["students"][0]
    twice = client.post("/api/class", {"schema_id": churn, "rows": 10, "seed": 7, "students": "a1\na1"})
    assert "listed twice" in twice.json()["errors"]["students"][0]
    assert client.post("/api/class", {"schema_id": churn, "rows": 10, "students": "a1"}).json()["errors"]["seed"]
    page = client.post("/api/class", {"schema_id": churn, "rows": 10, "seed": 7, "students": "a1", "format": "html"})
    assert page.status_code == 200 and b"<table" in page.content


def test_an_uploaded_class_list_file_works_like_a_pasted_one(client, churn):
    upload = io.BytesIO(b"\xef\xbb\xbfs1,Ana\ns2,Ben\n")
    upload.name = "class.csv"
    response = client.post("/api/class", {"schema_id": churn, "rows": 10, "seed": 7, "class_list": upload, "format": "json"})
    assert [s["student"] for s in response.json()["students"]] == ["s1", "s2"]


def test_the_class_command_writes_the_same_links(tmp_path, churn, capsys):
    roster = tmp_path / "class.csv"
    roster.write_text(CLASS_LIST)
    out = tmp_path / "links.csv"
    call_command("class", churn, str(roster), "--rows", "60", "--seed", "7", "--messy", "typos", "--base-url", "http://testserver", "-o", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [r["student"] for r in rows] == ["s1001", "s1002", "s1003"] and rows[0]["answer_key"].startswith("http://testserver/datasets/")
    key = classroom.instructor_key(schema_id=churn, seed=7, student="s1001", messy="typos")
    assert f"key={key}" in rows[0]["answer_key"]
    with pytest.raises(Exception, match="not a student id"):
        roster.write_text("ok1\nbad id\n")
        call_command("class", churn, str(roster), "--seed", "7")


def test_a_dataset_of_several_tables_gives_the_instructor_the_annotated_zip(client):
    schema_id = services.schema_save(schema=schema_from_dict(json.loads((EXAMPLES / "shop.json").read_text())))
    student = client.get(f"/datasets/{schema_id}", {"rows": 20, "seed": 1}).content.decode()
    assert "annotated dictionary" not in student
    key = classroom.instructor_key(schema_id=schema_id, seed=1)
    teacher = client.get(f"/datasets/{schema_id}", {"rows": 20, "seed": 1, "key": key}).content.decode()
    link = re.search(r'href="([^"]+)" download>zip with the annotated dictionary', teacher)[1].replace("&amp;", "&")
    members = zip_members(body(client.get(link)))
    assert "datapackage.json" in members and "schema" in json.loads(members["datapackage.json"])["synthsite"]
