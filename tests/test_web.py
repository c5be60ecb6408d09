"""The web pages through Django's test client: describe, preview, adjust, download and share,
the data dictionary and the column types. What is checked is what a person sees on the page."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from generator import classroom, services
from generator.registry import registry
from generator.schema import DatasetSchema
from tests.fake_openai import completion

DESCRIPTION = "customers with customer id, name, email, age between 18 and 70, country and whether they churned"
SCHEMA = {
    "version": 1,
    "title": "Gym members",
    "columns": [
        {"name": "member_id", "type": "id"},
        {"name": "name", "type": "full_name"},
        {"name": "age", "type": "age", "min": 18, "max": 70},
        {"name": "plan", "type": "category", "values": ["basic", "plus", "premium"], "weights": [0.5, 0.3, 0.2]},
        {"name": "visits", "type": "integer", "min": 0, "max": 30, "null_rate": 0.1, "description": "visits last month"},
        {"name": "churned", "type": "boolean", "true_rate": 0.2},
    ],
}
LLM_REPLY = json.loads((Path(__file__).parent / "fixtures" / "llm_replies" / "streaming_customers.json").read_text())


class PageForm(HTMLParser):
    """The fields a browser would submit from the page's form posting to `action`."""

    def __init__(self, html: str, action: str):
        super().__init__()
        self.action, self.inside, self.fields = action, False, {}
        self._select = self._textarea = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        elif not self.inside:
            return
        elif tag == "input" and a.get("type") not in ("submit", "button") and "name" in a:
            if a.get("type") != "checkbox" or "checked" in a:
                self.fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select:
            if "selected" in a or self._select not in self.fields:
                self.fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def text(response) -> str:
    return response.content.decode()


def editor(response) -> dict[str, str]:
    return PageForm(text(response), "/preview/edit").fields


def row_of(fields: dict[str, str], name: str) -> int:
    return next(int(key.split("-")[1]) for key, value in fields.items() if re.fullmatch(r"col-\d+-name", key) and value == name)


def sample_table(html: str) -> tuple[list[str], list[list[str]]]:
    """The preview table: its header and rows, as text ("" for a null cell)."""
    table = re.search(r'<table class="data">(.*?)</table>', html, re.S)[1]
    header = re.findall(r"<th scope=\"col\">(.*?)</th>", table)
    rows = [
        ["" if cls else value for cls, value in re.findall(r"<td( class=\"null\")?>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    ]
    return header, rows


def download(client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def permalink(response) -> str:
    return re.search(r'id="permalink" type="url" readonly value="([^"]+)"', text(response))[1].replace("&amp;", "&")


def local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def instructor_get(client, stored, query: dict):
    """The instructor's page of a stored schema (signed for its seed): the one with the editor."""
    key = classroom.instructor_key(schema_id=stored[0], seed=query["seed"])
    return client.get(stored[1], {**query, "key": key})


@pytest.fixture
def stored():
    """A saved schema (no inferrer involved) and its preview page's URL."""
    schema_id = services.schema_save(schema=DatasetSchema.from_dict(SCHEMA))
    return schema_id, f"/datasets/{schema_id}"


# Describe


def test_home_page_offers_examples_rows_with_the_limit_an_optional_seed_and_locales(client):
    html = text(client.get("/"))
    assert "<h1>Describe a dataset, get realistic synthetic data</h1>" in html
    assert html.count("data-example=") == 5
    assert "1 to 10,000,000" in html
    assert 'name="seed"' in html and "(optional)" in html
    assert '<option value="de_DE">German (Germany) · de_DE</option>' in html
    assert 'action="/preview"' in html and 'formaction="/generate"' in html


def test_an_example_link_fills_the_description_without_javascript(client):
    html = text(client.get("/"))
    link = re.search(r'<a href="([^"]+)" data-example="([^"]+)"', html)
    filled = text(client.get(link[1].replace("&amp;", "&").split("#")[0]))
    assert f">{link[2]}</textarea>" in filled


def test_describe_errors_are_next_to_their_field_and_the_input_is_kept(client):
    response = client.post("/preview", {"description": "cats and their owners", "rows": "lots", "seed": "-4", "locale": "xx_XX"}, follow=True)
    assert response.status_code == 400
    html = text(response)
    assert ">cats and their owners</textarea>" in html and 'value="lots"' in html and 'value="-4"' in html
    assert re.search(r'<ul id="rows-errors" class="field-errors"><li>Rows must be a whole number from 1 to 10,000,000.</li>', html)
    assert re.search(r'<ul id="seed-errors" class="field-errors"><li>Seed must be a whole number', html)
    assert re.search(r'<ul id="locale-errors" class="field-errors"><li>Locale must be one of', html)
    assert 'id="id_rows" name="rows"' in html and 'aria-describedby="rows-help rows-errors" aria-invalid="true"' in html
    assert '<option value="xlsx">Excel</option>' in html, "the direct download still offers every format"


def test_an_empty_description_is_explained_beside_the_box(client):
    html = text(client.post("/preview", {"description": "  ", "rows": "10"}, follow=True))
    assert re.search(r'<ul id="description-errors" class="field-errors"><li>Describe the dataset you want', html)


# Preview


def test_preview_shows_the_schema_the_first_20_rows_and_where_the_schema_came_from(client):
    response = client.post("/preview", {"description": DESCRIPTION, "rows": "250", "seed": "11"}, follow=True)
    assert response.status_code == 200
    html = text(response)
    assert "Schema made by the built-in offline inferrer." in html
    api = client.post("/api/schema", json.dumps({"description": DESCRIPTION}), content_type="application/json").json()
    header, rows = sample_table(html)
    assert header == [column["name"] for column in api["schema"]["columns"]]
    assert len(rows) == 20 and all(len(row) == len(header) for row in rows)
    assert "First 20 of 250 rows" in html
    assert permalink(response) == f"http://testserver/datasets/{api['schema_id']}.csv?rows=250&seed=11"
    fields = editor(response)
    assert [fields[f"col-{i}-name"] for i in range(len(header))] == header
    again = client.post("/preview", {"description": DESCRIPTION, "rows": "250", "seed": "11"}, follow=True)
    assert "Schema reused from the cache" in text(again)


def test_without_a_seed_one_is_picked_and_the_permalink_gives_exactly_the_previewed_rows(client, stored):
    _, page = stored
    response = client.get(page, {"rows": 40})
    link = permalink(response)
    seed = parse_qs(urlsplit(link).query)["seed"][0]
    assert f"with seed <strong data-seed>{seed}</strong> (picked for you" in text(response)
    header, rows = sample_table(text(response))
    csv_rows = download(client, local(link))
    assert csv_rows[0] == header and len(csv_rows) == 41
    assert csv_rows[1:21] == rows


def test_choosing_a_locale_previews_a_saved_schema_in_that_locale(client):
    response = client.post("/preview", {"description": DESCRIPTION, "rows": "5", "seed": "1", "locale": "de_DE"}, follow=True)
    assert "locale de_DE" in text(response)
    schema_id = re.search(r"/datasets/([0-9a-f]{16})\.csv", permalink(response))[1]
    assert services.schema_get(schema_id=schema_id).locale == "de_DE"
    assert len(download(client, local(permalink(response)))) == 6


def test_a_failed_model_call_shows_the_notice_and_the_offline_source(client, fake_openai):
    fake_openai.script(completion("not json"))
    html = text(client.post("/preview", {"description": DESCRIPTION, "rows": "5"}, follow=True))
    assert "Schema made by the built-in offline inferrer." in html
    assert re.search(r'<div class="alert alert-notice" role="status"><p>The language model was unavailable', html)


def test_a_schema_from_the_model_says_so(client, fake_openai):
    fake_openai.script(completion(LLM_REPLY["reply"]))
    html = text(client.post("/preview", {"description": LLM_REPLY["description"], "rows": "5"}, follow=True))
    assert "Schema made by the language model GPT-4o-mini." in html


def test_download_without_preview_still_posts_to_generate_with_the_locale(client):
    response = client.post("/generate", {"description": DESCRIPTION, "rows": "3", "seed": "2", "format": "csv", "locale": "fr_FR"})
    assert response.status_code == 200
    assert services.schema_get(schema_id=response["X-Synth-Schema-Id"]).locale == "fr_FR"


# Adjust


def test_rename_retype_change_a_range_remove_and_add_then_preview_again(client, stored):
    fields = editor(instructor_get(client, stored, {"rows": 30, "seed": 5}))
    age, plan, visits = row_of(fields, "age"), row_of(fields, "plan"), row_of(fields, "visits")
    fields.update({f"col-{age}-name": "Age Years", f"col-{age}-p-max": "25", f"col-{visits}-type": "decimal"})
    fields.update({f"col-{plan}-remove": "1", "new-name": "joined", "new-type": "date", "apply": "columns"})
    response = client.post("/preview/edit", fields, follow=True)
    assert response.status_code == 200
    html = text(response)
    assert "Schema edited by you." in html
    header, rows = sample_table(html)
    assert header == ["member_id", "name", "age_years", "visits", "churned", "joined"]
    assert all(18 <= int(row[2]) <= 25 for row in rows)
    assert any("." in row[3] for row in rows), "visits is a decimal now"
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", row[5]) for row in rows)
    csv_rows = download(client, local(permalink(response)))
    assert csv_rows[0] == header and len(csv_rows) == 31
    again = editor(response)
    assert again[f"col-{row_of(again, 'visits')}-p-max"] == "30", "a range that fits the new type is kept"


def test_a_changed_type_keeps_only_the_parameters_that_fit_it(client, stored):
    fields = editor(instructor_get(client, stored, {"rows": 10, "seed": 1}))
    plan = row_of(fields, "plan")
    fields[f"col-{plan}-type"] = "integer"
    response = client.post("/preview/edit", fields, follow=True)
    assert response.status_code == 200
    _, rows = sample_table(text(response))
    assert all(0 <= int(row[plan]) <= 100 for row in rows), "the integer defaults, not the old values"


def test_invalid_edits_are_explained_beside_their_column_and_the_input_is_kept(client, stored):
    page = instructor_get(client, stored, {"rows": 10, "seed": 3})
    fields = editor(page)
    age = row_of(fields, "age")
    fields.update({f"col-{age}-p-min": "60", f"col-{age}-p-max": "20", "col-1-name": "Full name!", "new-name": "extra"})
    response = client.post("/preview/edit", fields, follow=True)
    assert response.status_code == 400
    html = text(response)
    assert re.search(rf'<ul id="col-{age}-errors" class="field-errors"[^>]*><li><strong>age:</strong> min \(60\) must not be greater than max \(20\)', html)
    assert re.search(r'<ul id="col-1-errors" class="field-errors"[^>]*><li><strong>full_name!:</strong> name must be snake_case', html)
    new_row = len([k for k in fields if re.fullmatch(r"col-\d+-name", k)])
    assert re.search(rf'<ul id="col-{new_row}-errors" class="field-errors"[^>]*><li><strong>extra:</strong> choose a type for this column', html)
    kept = editor(response)
    assert kept[f"col-{age}-p-min"] == "60" and kept[f"col-{age}-p-max"] == "20"
    assert sample_table(html)[1] == sample_table(text(page))[1], "the last valid preview is still shown"


def test_a_new_column_starts_with_its_types_example_and_emptied_values_are_required(client, stored):
    """Without JavaScript a new category column previews at once with example values (no error);
    its values can then be set, and emptying them is explained beside the column."""
    fields = editor(instructor_get(client, stored, {"rows": 10, "seed": 3}))
    fields.update({"new-name": "colour", "new-type": "category"})
    response = client.post("/preview/edit", fields, follow=True)
    assert response.status_code == 200 and "colour" in sample_table(text(response))[0]
    kept = editor(response)
    new_row = row_of(kept, "colour")
    assert kept[f"col-{new_row}-p-values"], "the example values are shown"
    kept[f"col-{new_row}-p-values"] = 'red, "dark, blue", green'
    response = client.post("/preview/edit", kept, follow=True)
    rows = sample_table(text(response))[1]
    assert {row[new_row] for row in rows} <= {"red", "dark, blue", "green"}
    emptied = editor(response)
    emptied[f"col-{new_row}-p-values"] = ""
    refused = client.post("/preview/edit", emptied)
    assert refused.status_code == 400 and "<strong>colour:</strong> values is required for type category" in text(refused)


def test_parameters_posted_with_a_new_column_are_used(client, stored):
    """The page shows a picked type's parameters at once (new-p-…); their values are the column's."""
    fields = editor(instructor_get(client, stored, {"rows": 10, "seed": 3}))
    fields.update({"new-name": "score", "new-type": "integer", "new-p-min": "500", "new-p-max": "505"})
    response = client.post("/preview/edit", fields, follow=True)
    header, rows = sample_table(text(response))
    assert all(500 <= int(row[header.index("score")]) <= 505 for row in rows)


def test_a_date_placed_after_another_marks_its_range_unused(client):
    schema = {"title": "t", "columns": [{"name": "ordered", "type": "date"}, {"name": "shipped", "type": "date", "after": "ordered"}]}
    schema_id = services.schema_save(schema=DatasetSchema.from_dict(schema))
    html = text(instructor_get(client, (schema_id, f"/datasets/{schema_id}"), {"rows": 5, "seed": 1}))
    shipped = html.split('id="col-1"')[1].split("</tr>")[0]
    ordered = html.split('id="col-0"')[1].split("</tr>")[0]
    assert shipped.count("unused: “after” places this date") == 2 and "places this date" not in ordered


def test_bad_rows_and_seed_on_the_editor_are_explained_beside_them(client, stored):
    fields = editor(instructor_get(client, stored, {"rows": 10, "seed": 3}))
    fields.update({"rows": "0", "seed": "abc"})
    response = client.post("/preview/edit", fields, follow=True)
    assert response.status_code == 400
    html = text(response)
    assert re.search(r'<ul id="rows-errors" class="field-errors"><li>Rows must be a whole number', html)
    assert re.search(r'<ul id="seed-errors" class="field-errors"><li>Seed must be a whole number', html)
    assert 'name="rows" type="number"' in html and 'value="0"' in html


def test_the_json_box_previews_an_edited_schema(client, stored):
    fields = editor(instructor_get(client, stored, {"rows": 10, "seed": 3}))
    schema = json.loads(fields["schema_json"])
    schema["columns"][0] = {"name": "ticket", "type": "code", "pattern": "GYM-####"}
    fields.update({"schema_json": json.dumps(schema), "apply": "json"})
    response = client.post("/preview/edit", fields, follow=True)
    assert response.status_code == 200
    header, rows = sample_table(text(response))
    assert header[0] == "ticket" and all(re.fullmatch(r"GYM-\d{4}", row[0]) for row in rows)


@pytest.mark.parametrize(
    "json_text, message",
    [
        ('{"title": "x", "columns": [', "schema: not valid JSON (line 1, column 28"),
        ('{"title": "x", "columns": [{"name": "a", "type": "nope"}]}', "column 1 &#x27;a&#x27;: unknown type &#x27;nope&#x27;"),
    ],
)
def test_the_json_box_explains_what_is_wrong_and_keeps_the_text(client, stored, json_text, message):
    fields = editor(instructor_get(client, stored, {"rows": 10, "seed": 3}))
    fields.update({"schema_json": json_text, "apply": "json"})
    response = client.post("/preview/edit", fields, follow=True)
    assert response.status_code == 400
    html = text(response)
    assert re.search(r'<ul id="json-errors" class="field-errors"><li>' + re.escape(message), html)
    assert '<details class="advanced" open>' in html
    assert editor(response)["schema_json"] == json_text


def test_edits_keep_what_the_table_does_not_show(client):
    schema = {"title": "t", "columns": [
        {"name": "a", "type": "integer", "unit": "kg", "description": "weight"},
        {"name": "b", "type": "decimal", "correlate_with": "a", "correlation": 0.8},
    ]}
    schema_id = services.schema_save(schema=DatasetSchema.from_dict(schema))
    fields = editor(instructor_get(client, (schema_id, f"/datasets/{schema_id}"), {"rows": 5, "seed": 1}))
    response = client.post("/preview/edit", fields, follow=True)
    assert response.status_code == 200
    assert re.search(rf'/datasets/{schema_id}\.csv', permalink(response)), "an unchanged table gives the same schema"


def test_edits_keep_every_relation_between_columns(client):
    """Relations ride through the editor's form unchanged, so an edit elsewhere keeps them."""
    schema = {"title": "t", "columns": [
        {"name": "status", "type": "category", "values": ["open", "closed"]},
        {"name": "opened", "type": "date"},
        {"name": "closed", "type": "date", "at_least": "opened", "gap": [1, 9], "present_when": {"column": "status", "in": ["closed"]}},
        {"name": "owner", "type": "full_name", "role": "owner"},
        {"name": "agent", "type": "full_name", "role": "agent"},
        {"name": "fee", "type": "integer", "min": 1, "max": 9, "depends_on": "status", "cases": {"closed": {"min": 5}}},
        {"name": "queue", "type": "code", "distinct": 4},
    ]}
    schema_id = services.schema_save(schema=DatasetSchema.from_dict(schema))
    fields = editor(instructor_get(client, (schema_id, f"/datasets/{schema_id}"), {"rows": 5, "seed": 1}))
    assert re.search(rf'/datasets/{schema_id}\.csv', permalink(client.post("/preview/edit", fields, follow=True))), "nothing lost"
    fields["col-0-null_rate"] = "0.1"
    edited = re.search(r"/datasets/([0-9a-f]{16})\.csv", permalink(client.post("/preview/edit", fields, follow=True))).group(1)
    columns = {c["name"]: c for c in services.schema_get(schema_id=edited).to_dict()["columns"]}
    assert columns["closed"]["at_least"] == ["opened"] and columns["closed"]["present_when"] == {"column": "status", "in": ["closed"]}
    assert (columns["agent"]["role"], columns["queue"]["distinct"], columns["fee"]["cases"]) == ("agent", 4, {"closed": {"min": 5}})


def test_renaming_a_column_carries_into_everything_that_names_it(client):
    """Rename a column on the page: relations, correlations, dates after it and expressions follow."""
    schema = {"title": "t", "columns": [
        {"name": "start", "type": "date"},
        {"name": "finish", "type": "date", "at_least": "start", "gap": [1, 5]},
        {"name": "shipped", "type": "date", "after": "start", "min_days": 1, "max_days": 3},
        {"name": "qty", "type": "integer", "min": 1, "max": 9},
        {"name": "price", "type": "decimal", "min": 1, "max": 9, "correlate_with": "qty", "correlation": 0.5},
        {"name": "total", "type": "derived", "expression": "qty * price"},
        {"name": "status", "type": "category", "values": ["open", "done"]},
        {"name": "done_on", "type": "date", "present_when": {"column": "status", "in": ["done"]}},
    ]}
    schema_id = services.schema_save(schema=DatasetSchema.from_dict(schema))
    fields = editor(instructor_get(client, (schema_id, f"/datasets/{schema_id}"), {"rows": 5, "seed": 1}))
    renamed = {"start": "started_on", "qty": "quantity", "status": "state"}
    for key, value in list(fields.items()):
        if key.endswith("-name") and value in renamed:
            fields[key] = renamed[value]
    response = client.post("/preview/edit", fields, follow=True)
    edited = re.search(r"/datasets/([0-9a-f]{16})\.csv", permalink(response))
    assert response.status_code == 200 and edited, text(response)[:500]
    columns = {c["name"]: c for c in services.schema_get(schema_id=edited.group(1)).to_dict()["columns"]}
    assert columns["finish"]["at_least"] == ["started_on"] and columns["shipped"]["after"] == "started_on"
    assert columns["price"]["correlate_with"] == "quantity" and columns["total"]["expression"] == "quantity * price"
    assert columns["done_on"]["present_when"] == {"column": "state", "in": ["done"]}


# Share


def test_the_dictionary_page_and_markdown_describe_every_column(client, stored):
    schema_id, _ = stored
    html = text(client.get(f"/datasets/{schema_id}/dictionary", {"rows": 500, "seed": 9}))
    for needle in ("Data dictionary", "Gym members", "<code>visits</code>", "visits last month", "0 to 30", "10%",
                   "basic (50%), plus (30%), premium (20%)", "true in 20% of rows", schema_id):
        assert needle in html, needle
    assert f"http://testserver/datasets/{schema_id}.csv?rows=500&amp;seed=9" in html
    md = client.get(f"/datasets/{schema_id}/dictionary.md", {"rows": 500, "seed": 9})
    assert md["Content-Type"] == "text/markdown; charset=utf-8"
    assert md["Content-Disposition"] == 'attachment; filename="gym-members-500-rows-seed-9-dictionary.md"'
    body = md.content.decode()
    assert body.startswith("# Data dictionary: Gym members") and "- Seed: 9" in body and "| `age` | age |" in body


def test_unknown_schema_ids_get_a_404_page_that_says_so(client):
    for url in ("/datasets/0123456789abcdef", "/datasets/0123456789abcdef/dictionary", "/datasets/0123456789abcdef/dictionary.md"):
        response = client.get(url)
        assert response.status_code == 404 and "No schema has the id" in text(response)


def test_types_page_lists_every_registry_type_with_parameters_and_samples(client):
    html = text(client.get("/types"))
    unsampled = []
    for column_type in registry():
        row = re.search(rf'<tr id="type-{column_type.name}">(.*?)</tr>', html, re.S)
        assert row, column_type.name
        assert column_type.description.replace("'", "&#x27;") in row[1]
        if "No sample alone" in row[1]:
            unsampled.append(column_type.name)
        else:
            samples = re.findall(r"<li>(.*?)</li>", row[1].split('class="samples"')[1])
            assert len(samples) == 4 and any(samples), column_type.name
        for param in column_type.params:
            assert f"<code>{param.name}</code>" in row[1]
    assert unsampled == ["reference"], "only a foreign key needs more than its own example"
    assert "<code>true_rate</code> <span class=\"muted\">number; 0..1; default 0.5</span>" in html


@pytest.mark.parametrize("url", ["/", "/types", "STORED", "STORED/dictionary"])
def test_pages_have_no_inline_script_or_style(client, stored, url):
    html = text(client.get(url.replace("STORED", stored[1])))
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html)


def test_a_dataset_of_several_tables_lists_its_tables_and_downloads(client):
    from generator.tables import MultiTableSchema

    shop = MultiTableSchema.from_dict({"title": "Shop", "tables": [
        {"name": "orders", "columns": [{"name": "order_id", "type": "id"}, {"name": "customer_id", "type": "reference", "table": "customers"}]},
        {"name": "customers", "columns": [{"name": "customer_id", "type": "id"}, {"name": "name", "type": "full_name"}]},
    ]})
    schema_id = services.schema_save(schema=shop)
    for url in (f"/datasets/{schema_id}", f"/datasets/{schema_id}/dictionary"):
        html = text(client.get(url, {"rows": 10, "seed": 4}))
        assert "Dataset of 2 tables" in html and "customer_id, name" in html
    link = re.search(r'href="(/datasets/[0-9a-f]{16}\.csv\?rows=10&amp;seed=4&amp;table=orders)"', html)[1].replace("&amp;", "&")
    assert download(client, link)[0] == ["order_id", "customer_id"]
    assert client.get(f"/datasets/{schema_id}.zip", {"rows": 10, "seed": 4}).status_code == 200


def test_the_preview_offers_student_files_and_messy_data(client):
    page = client.post("/preview", {"description": "customers with name, email and age", "rows": 40, "seed": 5}, follow=True)
    html = page.content.decode()
    assert 'name="student"' in html and 'name="messy"' in html and "answer key" in html
    schema_id = page.context["schema_id"] if "schema_id" in page.context else html.split("/datasets/")[1][:16]
    student = client.get(f"/datasets/{schema_id}.csv", {"rows": 40, "seed": 5, "student": "s42", "messy": ""})
    plain = client.get(f"/datasets/{schema_id}.csv", {"rows": 40, "seed": 5})
    assert student.status_code == 200
    assert b"".join(student.streaming_content) != b"".join(plain.streaming_content)
    query = {"rows": 40, "seed": 5, "messy": "all"}
    student_zip = client.get(f"/datasets/{schema_id}.zip", query)
    signed = {**query, "key": classroom.instructor_key(schema_id=schema_id, seed=5, messy="all")}
    key = client.get(f"/datasets/{schema_id}.zip", signed)
    import io
    import zipfile

    assert set(zipfile.ZipFile(io.BytesIO(b"".join(student_zip.streaming_content))).namelist()) == {"messy.csv", "datapackage.json", "dictionary.md"}
    assert {"messy.csv", "clean.csv", "defects.csv"} <= set(zipfile.ZipFile(io.BytesIO(b"".join(key.streaming_content))).namelist())


def test_drivers_are_edited_as_rows_and_a_blank_row_adds_one(client):
    schema = json.loads((Path(__file__).resolve().parent.parent / "examples" / "churn.json").read_text())
    schema_id = services.schema_save(schema=DatasetSchema.from_dict(schema))
    fields = editor(instructor_get(client, (schema_id, f"/datasets/{schema_id}"), {"rows": 5, "seed": 1}))
    target = row_of(fields, "churned")
    prefix = f"col-{target}-p-drivers"
    assert (fields[f"{prefix}-0-column"], fields[f"{prefix}-0-effect"]) == ("tenure_months", "-1")
    assert (fields[f"{prefix}-1-column"], fields[f"{prefix}-1-value"], fields[f"{prefix}-1-effect"]) == ("contract", "month-to-month", "1.2")
    assert fields[f"{prefix}-4-column"] == "" and f"{prefix}-5-column" not in fields, "four drivers and a blank row"
    fields.update({f"{prefix}-0-effect": "-2", f"{prefix}-3-column": "", f"{prefix}-4-column": "total_charges", f"{prefix}-4-effect": "0.3"})
    response = client.post("/preview/edit", fields, follow=True)
    edited = re.search(r"/datasets/([0-9a-f]{16})\.csv", permalink(response))[1]
    [churned] = [c for c in services.schema_get(schema_id=edited).to_dict()["columns"] if c["name"] == "churned"]
    assert churned["drivers"] == [
        {"column": "tenure_months", "effect": -2},
        {"column": "contract", "value": "month-to-month", "effect": 1.2},
        {"column": "monthly_charges", "effect": 0.5},
        {"column": "total_charges", "effect": 0.3},
    ]
