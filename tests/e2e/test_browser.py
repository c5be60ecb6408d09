"""A person in a real browser: describe a dataset, preview it, adjust the schema, download and share.

Each test drives headless Chromium against the live server and saves screenshots of the states
it passes through (see conftest.py for where).
"""

from __future__ import annotations

import csv
import io
import re
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESCRIPTION = "customers with customer id, name, email, age between 18 and 70, country and whether they churned"


def column_row(page, name: str):
    """The schema editor's row whose column name input holds `name`."""
    index = page.eval_on_selector_all(
        "input[name$='-name'][id^='col-']", "(inputs, name) => inputs.find(i => i.value === name)?.id.split('-')[1]", name
    )
    assert index is not None, f"no column named {name!r} in the schema editor"
    return page.locator(f"tr#col-{index}"), int(index)


def sample(page) -> tuple[list[str], list[list[str]]]:
    header = page.locator("table.data thead th").all_inner_texts()
    rows = [row.locator("td").all_inner_texts() for row in page.locator("table.data tbody tr").all()]
    return header, rows


def describe(page, site: str, *, rows: str = "120", seed: str = "") -> None:
    page.goto(site + "/")
    page.get_by_label("Describe your dataset").fill(DESCRIPTION)
    page.get_by_label("Rows").fill(rows)
    page.get_by_label("Seed").fill(seed)


def test_describe_preview_adjust_download_and_share(page, site):
    describe(page, site)
    page.shot(page, "1-describe")

    # What the page shows while the schema is being made, noted the moment the form is sent.
    page.evaluate("""() => document.querySelector('.describe-form').addEventListener('submit', () => {
        const status = document.querySelector('[data-busy-status]').textContent;
        const button = document.querySelector('.describe-form button.primary').getAttribute('aria-disabled');
        sessionStorage.setItem('busy', JSON.stringify([status, button]));
    })""")
    page.get_by_role("button", name="Preview the data").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Preview")
    expect(page.get_by_text("Schema made by the built-in offline inferrer.")).to_be_visible()
    assert page.evaluate("JSON.parse(sessionStorage.getItem('busy'))") == ["Making the schema…", "true"]
    header, rows = sample(page)
    assert len(rows) == 20 and {"age", "country"} <= set(header)
    page.shot(page, "2-preview")

    age_row, age = column_row(page, "age")
    age_row.get_by_label("max of age").fill("30")
    country_row, country = column_row(page, "country")
    country_row.get_by_label("Type of country").select_option("country_code")
    expect(country_row.get_by_text("Preview again to set this type’s parameters.")).to_be_hidden()  # shown at once instead
    page.get_by_role("button", name="Preview again").click()

    expect(page.get_by_text("Schema edited by you.")).to_be_visible()
    header, rows = sample(page)
    assert all(18 <= int(row[age]) <= 30 for row in rows), [row[age] for row in rows]
    assert all(re.fullmatch(r"[A-Z]{2}", row[country]) for row in rows), [row[country] for row in rows]
    page.shot(page, "3-adjusted")

    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV").click()
    downloaded = Path(info.value.path()).read_bytes()
    table = list(csv.reader(io.StringIO(downloaded.decode())))
    assert table[0] == header and len(table) == 121
    assert table[1:21] == [[cell if cell != "null" else "" for cell in row] for row in rows]

    page.get_by_role("button", name="Copy link").first.click()
    expect(page.get_by_text("Copied: paste the link anywhere.")).to_be_visible()
    link = page.evaluate("navigator.clipboard.readText()")
    assert link == page.get_by_label("Permalink to the CSV").input_value()
    assert link.startswith(site + "/datasets/") and re.search(r"\.csv\?rows=120&seed=\d+$", link)
    with urllib.request.urlopen(link) as response:
        assert response.read() == downloaded, "the permalink gives the same file to everyone"


def test_an_invalid_form_shows_the_error_next_to_the_field(page, site):
    describe(page, site, rows="0", seed="-1")
    page.get_by_role("button", name="Preview the data").click()
    rows_field = page.locator(".field", has=page.get_by_label("Rows"))
    expect(rows_field.locator(".field-errors")).to_have_text("Rows must be a whole number from 1 to 10,000,000.")
    expect(page.get_by_label("Rows")).to_have_attribute("aria-invalid", "true")
    seed_field = page.locator(".field", has=page.get_by_label("Seed"))
    expect(seed_field.locator(".field-errors")).to_contain_text("Seed must be a whole number")
    expect(page.get_by_label("Describe your dataset")).to_have_value(DESCRIPTION)
    page.shot(page, "4-form-error")


def test_an_invalid_edit_is_explained_beside_its_column(page, site):
    describe(page, site, rows="50", seed="7")
    page.get_by_role("button", name="Preview the data").click()
    age_row, age = column_row(page, "age")
    age_row.get_by_label("min of age").fill("65")
    age_row.get_by_label("max of age").fill("20")
    page.get_by_role("button", name="Preview again").click()
    errors = page.locator(f"#col-{age}-errors")
    expect(errors).to_contain_text("min (65) must not be greater than max (20)")
    expect(page.get_by_role("alert").first).to_contain_text("could not be used")
    expect(column_row(page, "age")[0].get_by_label("min of age")).to_have_value("65")
    errors.scroll_into_view_if_needed()
    page.shot(page, "5-edit-error", full_page=False)


def test_example_descriptions_fill_the_box_and_keyboard_order_follows_the_form(page, site):
    page.goto(site + "/")
    page.get_by_role("link", name="Hospital patients").click()
    expect(page.get_by_label("Describe your dataset")).to_have_value(re.compile(r"^hospital patients with patient id"))
    expect(page.get_by_label("Describe your dataset")).to_be_focused()
    order = []
    for _ in range(10):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
    assert order[order.index("id_rows"):][:4] == ["id_rows", "id_seed", "id_locale", "Preview the data"]


def test_dictionary_and_types_pages(page, site):
    describe(page, site, rows="500", seed="3")
    page.get_by_role("button", name="Preview the data").click()
    page.get_by_role("link", name="Data dictionary", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Data dictionary")
    expect(page.locator("table.dictionary tbody tr")).to_have_count(len(sample_header(page)))
    page.shot(page, "6-dictionary")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download as Markdown").click()
    assert Path(info.value.path()).read_text().startswith("# Data dictionary:")
    page.get_by_role("link", name="Column types").first.click()
    expect(page.locator("table.types tbody tr").first).to_be_visible()
    page.shot(page, "7-types", full_page=False)


def sample_header(page) -> list[str]:
    return page.locator("table.dictionary tbody th").all_inner_texts()


def test_phone_layout_fits_the_screen(phone, site):
    page = phone
    page.goto(site + "/")
    page.shot(page, "1-describe")
    describe(page, site, rows="100", seed="42")
    page.get_by_role("button", name="Preview the data").click()
    expect(page.get_by_role("link", name="Download CSV")).to_be_visible()
    page.shot(page, "2-preview-top", full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways on a phone"
    page.locator("#schema").scroll_into_view_if_needed()
    page.shot(page, "3-schema-editor", full_page=False)
    age_row, age = column_row(page, "age")
    age_row.get_by_label("min of age").fill("99")
    page.get_by_role("button", name="Preview again").click()
    expect(page.locator(f"#col-{age}-errors")).to_be_visible()
    page.locator(f"#col-{age}-errors").scroll_into_view_if_needed()
    page.shot(page, "4-edit-error", full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
