"""The classroom in a real browser: the student's and the instructor's links, a class list, forgiving
editing, real addresses, honest downloads, axe-core on every page, and the first preview after start.

axe-core is the pinned file tests/e2e/vendor/axe-4.10.3.min.js (from the npm package, MPL-2.0),
evaluated in the page through the DevTools protocol, so the site's Content-Security-Policy stays on.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from generator import classroom, services
from generator.schema import DatasetSchema
from tests.e2e.conftest import DESKTOP, PHONE, _page
from tests.gunicorn_server import ROOT, running_gunicorn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = (Path(__file__).parent / "vendor" / "axe-4.10.3.min.js").read_text()
EXAMPLES = ROOT / "examples"
PLANTED_NOTE = "Churned (26%): more likely with month-to-month contract; less likely with higher tenure months (planted)"
LEAKS = [PLANTED_NOTE.encode(), b"(planted)", b"drivers", b"log-odds", b"answer_key", b"Planted", b"rank correlation", b"clean.csv", b"defects.csv"]
# The target is 0.5 s (measured 0.39 s alone, 0.60 s during the whole suite on the shared 2-core
# machine); the test fails on what a cold start costs (2.7 to 9.4 s), not on a busy machine.
FIRST_PREVIEW_SECONDS = 1.5


def churn() -> str:
    data = json.loads((EXAMPLES / "churn.json").read_text())
    for column in data["columns"]:
        if column["type"] == "target":
            column["description"] = PLANTED_NOTE
    return services.schema_save(schema=DatasetSchema.from_dict(data))


def instructor_url(site: str, schema_id: str, *, rows: int, seed: int) -> str:
    return f"{site}/datasets/{schema_id}?rows={rows}&seed={seed}&key={classroom.instructor_key(schema_id=schema_id, seed=seed)}"


def downloaded(page, click) -> tuple[str, bytes]:
    with page.expect_download() as info:
        click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def zip_members(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    page.evaluate(AXE)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_the_student_link_holds_no_answer_and_the_instructor_link_does(page, site):
    schema_id = churn()
    page.goto(instructor_url(site, schema_id, rows=200, seed=11))
    expect(page.get_by_role("heading", name="For the instructor: answer keys")).to_be_visible()
    name, answers = downloaded(page, lambda: page.get_by_role("link", name="Answer-key zip").click())
    assert name == "telco-customer-churn-200-rows-seed-11-answers.zip"
    members = zip_members(answers)
    assert "answer_key.json" in members and PLANTED_NOTE.encode() in members["dictionary.md"]

    student_link = page.get_by_label("Permalink to the CSV").input_value()
    assert "key=" not in student_link
    page.goto(site + f"/datasets/{schema_id}?rows=200&seed=11")  # what a student opening the page sees
    expect(page.get_by_role("heading", name="Student view")).to_be_visible()
    expect(page.locator("#schema")).to_have_count(0)
    html = page.content().encode()
    assert [m for m in LEAKS if m in html] == []
    page.locator("details.course summary").click()
    page.get_by_label("Messy data").select_option("all")
    name, student_zip = downloaded(page, lambda: page.get_by_role("button", name="Download student zip").click())
    assert name == "telco-customer-churn-200-rows-seed-11-messy.zip"
    members = zip_members(student_zip)
    assert set(members) == {"messy.csv", "dictionary.md", "datapackage.json"}
    for entry, content in members.items():  # byte-checked inside the zip
        assert [m for m in LEAKS if m in content] == [], entry
    page.shot(page, "classroom-1-student-view")


def test_the_permalink_box_follows_the_student_and_messy_choices_and_the_busy_state_waits(page, site):
    schema_id = churn()
    page.goto(site + f"/datasets/{schema_id}?rows=300&seed=4")
    page.locator("details.course summary").click()
    page.get_by_label("Student id").fill("s1234")
    page.get_by_label("Messy data").select_option("all")
    link = page.get_by_label("Permalink to the CSV").input_value()
    assert link.endswith(f"/datasets/{schema_id}.csv?rows=300&seed=4&student=s1234&messy=all"), link
    page.evaluate("""() => {
        const form = document.querySelector('.course-form');
        window.busySeen = [];
        new MutationObserver(() => window.busySeen.push(form.getAttribute('aria-busy'))).observe(form, {attributes: true});
    }""")
    name, data = downloaded(page, lambda: page.get_by_role("button", name="Download CSV", exact=True).click())
    assert name == "telco-customer-churn-300-rows-seed-4-s1234-messy.csv" and data.count(b"\n") >= 300
    expect(page.locator(".course-form")).not_to_have_attribute("aria-busy", "true")  # given back once the file started
    assert page.evaluate("window.busySeen")[0] == "true", "the form said it was busy until the download began"
    assert page.evaluate("document.cookie").count("synth_download=") == 1


def test_download_file_names_carry_rows_seed_and_the_sql_dialect(page, site):
    schema_id = churn()
    page.goto(site + f"/datasets/{schema_id}?rows=150&seed=9")
    names = {}
    for label in ("SQL (SQLite)", "SQL (PostgreSQL)", "Parquet"):
        names[label], _ = downloaded(page, lambda label=label: page.get_by_role("link", name=label).click())
    assert names == {"SQL (SQLite)": "telco-customer-churn-150-rows-seed-9-sqlite.sql",
                     "SQL (PostgreSQL)": "telco-customer-churn-150-rows-seed-9-postgresql.sql",
                     "Parquet": "telco-customer-churn-150-rows-seed-9.parquet"}


def test_excel_over_100000_rows_asks_first(page, site):
    schema_id = churn()
    page.goto(site + f"/datasets/{schema_id}?rows=200000&seed=9")
    excel = page.get_by_role("link", name=re.compile("^Excel"))
    expect(excel).to_contain_text("slow at this size")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    excel.click()
    assert asked and "200,000 rows" in asked[0]


def test_a_class_list_becomes_a_table_of_links(page, site):
    schema_id = churn()
    page.goto(instructor_url(site, schema_id, rows=50, seed=3))
    page.get_by_label("Class list: one student id a line").fill("s1001, Ana Lima\ns1002, Ben Okafor\ns1003")
    page.locator("#class-messy").select_option("all")
    page.get_by_role("button", name="Make the class links").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Class links")
    rows = page.locator("table.class-links tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Ana Lima")
    page.shot(page, "classroom-2-class-links")
    csv_link = rows.nth(1).locator("a").first.get_attribute("href")
    assert "student=s1002" in csv_link and "messy=all" in csv_link
    name, data = downloaded(page, lambda: rows.nth(1).get_by_role("link", name="answer key of s1002").click())
    assert name == "telco-customer-churn-50-rows-seed-3-s1002-messy-answers.zip"
    assert {"answer_key.json", "defects.csv", "clean.csv"} <= set(zip_members(data))


def test_preview_redirects_to_its_page_and_a_reload_asks_nothing(page, site):
    page.goto(site + "/")
    page.get_by_label("Describe your dataset").fill("library loans with member name, book title, loan date and due date")
    page.get_by_label("Rows").fill("80")
    page.get_by_label("Seed").fill("5")
    page.get_by_role("button", name="Preview the data").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Preview")
    assert re.search(r"/datasets/[0-9a-f]{16}\?rows=80&seed=5&source=offline&key=[0-9a-f]{32}#main$", page.url), page.url
    first = page.locator("table.data tbody").inner_text()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Preview")
    assert dialogs == [] and page.locator("table.data tbody").inner_text() == first


def test_a_broken_permalink_is_an_html_page_in_the_browser(page, site):
    page.goto(site + "/datasets/0123456789abcdef.csv?rows=10")
    expect(page.get_by_role("heading", level=1)).to_have_text("That dataset link does not work")
    expect(page.get_by_role("alert")).to_contain_text("No schema has the id")
    schema_id = churn()
    page.goto(site + f"/datasets/{schema_id}.csv?rows=lots")
    expect(page.get_by_role("alert")).to_contain_text("Rows must be a whole number")
    page.goto(site + f"/datasets/{schema_id}.zip?rows=10&seed=1&key=00000000000000000000000000000000")
    expect(page.get_by_role("heading", level=1)).to_have_text("That instructor link does not open the answers")
    page.shot(page, "classroom-3-link-error")
    # The browser notes each refused address in its console: expected here.
    page.problems[:] = [p for p in page.problems if not re.search(r"status of (403|404)", p)]


def test_rename_with_references_and_add_a_column_without_an_error(page, site):
    schema = {"title": "Shipments", "columns": [
        {"name": "start", "type": "date"},
        {"name": "shipped", "type": "date", "after": "start", "min_days": 1, "max_days": 3},
        {"name": "qty", "type": "integer", "min": 1, "max": 9},
        {"name": "total", "type": "derived", "expression": "qty * 2"},
    ]}
    schema_id = services.schema_save(schema=DatasetSchema.from_dict(schema))
    page.goto(instructor_url(site, schema_id, rows=30, seed=2))
    page.locator("#col-0-name").fill("ordered_on")
    page.locator("#col-2-name").fill("quantity")
    page.get_by_label("Name", exact=True).fill("colour")
    page.locator("#new-type").select_option("category")
    values = page.locator('[data-params-for="new-"] input[name="new-p-values"]')
    expect(values).not_to_have_value("")  # the type's parameters appear at once, with a starting value
    values.fill("red, green")
    expect(page.locator("#col-1 .overridden").first).to_contain_text("unused")
    page.get_by_role("button", name="Preview again").click()
    expect(page.get_by_text("Schema edited by you.")).to_be_visible()
    expect(page.locator(".alert-error")).to_have_count(0)
    header = page.locator("table.data thead th").all_inner_texts()
    assert header == ["ordered_on", "shipped", "quantity", "total", "colour"]
    colours = {row.locator("td").nth(4).inner_text() for row in page.locator("table.data tbody tr").all()}
    assert colours <= {"red", "green"}
    stored = json.loads(page.locator("#schema_json").input_value())
    by_name = {c["name"]: c for c in stored["columns"]}
    assert by_name["shipped"]["after"] == "ordered_on" and by_name["total"]["expression"] == "quantity * 2"


def test_all_problems_together_and_the_first_gets_focus_json_errors_show_their_line(page, site):
    schema_id = churn()
    page.goto(instructor_url(site, schema_id, rows=20, seed=1))
    page.locator('tr#col-5 input[name="col-5-p-min"]').fill("99")  # tenure_months: min over max
    page.locator("#col-7-null_rate").fill("7")
    page.get_by_role("button", name="Preview again").click()
    expect(page.locator(".row-errors")).to_have_count(2)
    focused = page.evaluate("[document.activeElement.tagName, document.activeElement.name, document.activeElement.id, document.querySelectorAll('.editor [aria-invalid=true]').length, document.querySelector('#schema-errors') && document.querySelector('#schema-errors').textContent]")
    assert page.evaluate("document.activeElement.getAttribute('aria-invalid')") == "true", focused
    page.goto(instructor_url(site, schema_id, rows=20, seed=1))
    page.locator("details.advanced summary").click()
    page.locator("#schema_json").fill('{\n  "title": "x",\n  "columns": [\n    {"name": "a" "type": "id"}\n  ]\n}')
    page.get_by_role("button", name="Preview this JSON").click()
    expect(page.locator("#json-errors")).to_contain_text("line 4")
    assert page.url.endswith("#json-errors")
    assert page.evaluate("document.activeElement.id") == "schema_json"
    selected = page.evaluate("(() => { const b = document.getElementById('schema_json'); return b.value.slice(b.selectionStart, b.selectionEnd); })()")
    assert '"a" "type"' in selected
    assert page.locator("#json-errors").evaluate("e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_page_is_axe_clean(browser, site, viewport):
    schema_id = churn()
    context, page = _page(browser, DESKTOP if viewport == "desktop" else PHONE, viewport)
    pages = {
        "home": "/",
        "types": "/types",
        "instructor preview": instructor_url("", schema_id, rows=40, seed=1),
        "student preview": f"/datasets/{schema_id}?rows=40&seed=1",
        "dictionary": f"/datasets/{schema_id}/dictionary?rows=40&seed=1",
        "not found": "/no/such/page",
        "link error": "/datasets/0123456789abcdef.csv?rows=1",
    }
    found = {}
    try:
        for name, path in pages.items():
            page.goto(site + path)
            found[name] = serious_violations(page)
        page.goto(site + instructor_url("", schema_id, rows=40, seed=1))
        page.get_by_label("Class list: one student id a line").fill("s1\ns2")
        page.get_by_role("button", name="Make the class links").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Class links")
        found["class links"] = serious_violations(page)
    finally:
        context.close()
    assert {name: problems for name, problems in found.items() if problems} == {}


def test_the_first_preview_after_start_is_quick(browser, tmp_path):
    """gunicorn as `make run` starts it: once /healthz answers, the first preview (the POST, its 303
    and the page) is as quick as any later one, well under what loading the data on first use
    costs. The time is printed (the README reports it)."""
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], cwd=ROOT, check=True, timeout=120,
                   env={"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin", "SYNTH_ENV_FILE": "/nonexistent"})
    with running_gunicorn(tmp_path, workers=1, threads=4) as server:
        health = server.request("GET", "/healthz").json()
        assert health["ready"] is True
        context, page = _page(browser, DESKTOP, "desktop")
        try:
            page.goto(f"http://127.0.0.1:{server.port}/")
            page.get_by_label("Describe your dataset").fill("gym members with name, age, membership plan (basic, plus), visits last month and whether they cancelled")
            page.get_by_label("Rows").fill("1000")
            page.get_by_label("Seed").fill("3")
            start = time.perf_counter()
            page.get_by_role("button", name="Preview the data").click()
            page.wait_for_url(re.compile(r"/datasets/"), wait_until="load")
            seconds = time.perf_counter() - start
            expect(page.get_by_role("heading", level=1)).to_contain_text("Preview")
        finally:
            context.close()
    print(f"\nfirst preview after start: {seconds:.3f} s (worker warmed in {health['warm_ms']} ms before /healthz answered)")
    assert seconds <= FIRST_PREVIEW_SECONDS


def test_drivers_are_rows_with_an_add_button(page, site):
    schema_id = churn()
    page.goto(instructor_url(site, schema_id, rows=50, seed=1))
    group = page.get_by_role("group", name="drivers of churned")
    expect(group.locator("tbody tr")).to_have_count(5)  # four drivers and a blank row
    group.get_by_role("button", name="Add a driver").click()
    expect(group.locator("tbody tr")).to_have_count(6)
    group.get_by_label("drivers 5 of churned: column").fill("total_charges")
    group.get_by_label("drivers 5 of churned: effect").fill("0.3")
    group.get_by_label("drivers 1 of churned: effect").fill("-2")
    page.get_by_role("button", name="Preview again").click()
    expect(page.get_by_text("Schema edited by you.")).to_be_visible()
    [churned] = [c for c in json.loads(page.locator("#schema_json").input_value())["columns"] if c["name"] == "churned"]
    assert churned["drivers"][0] == {"column": "tenure_months", "effect": -2}
    assert churned["drivers"][-1] == {"column": "total_charges", "effect": 0.3}
