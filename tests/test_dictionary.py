"""The data dictionary: what each column means, holds and how it is made, and what reproduces the file."""

import re

from generator.schema import DatasetSchema
from generator.writers.dictionary import dictionary_build, dictionary_markdown
from synthsite import __version__

SCHEMA = DatasetSchema.from_dict({
    "title": "Orders | 2024",
    "locale": "de_DE",
    "columns": [
        {"name": "order_id", "type": "id", "start": 1000, "step": 5},
        {"name": "customer", "type": "full_name"},
        {"name": "distance", "type": "decimal", "min": 0.5, "max": 40, "decimals": 1, "unit": "km", "distribution": "lognormal"},
        {"name": "quantity", "type": "integer", "min": 1, "max": 12, "distribution": "normal", "mean": 3, "std": 2},
        {"name": "unit_price", "type": "price", "min": 2, "max": 80},
        {"name": "status", "type": "category", "values": ["new", "paid", "shipped"], "weights": [1, 1, 2], "null_rate": 0.05},
        {"name": "channel", "type": "category", "values": ["web", "shop"]},
        {"name": "gift", "type": "boolean", "true_rate": 0.125, "description": "wrapped as a gift | with a card"},
        {"name": "ordered", "type": "date", "start": "2024-01-01", "end": "2024-06-30"},
        {"name": "shipped", "type": "date", "after": "ordered", "min_days": 1, "max_days": 9},
        {"name": "total", "type": "derived", "expression": "quantity * unit_price"},
        {"name": "ref", "type": "code", "pattern": "ORD-####"},
    ],
})


def columns(**kwargs):
    built = dictionary_build(schema=SCHEMA, rows=250, seed=42, **kwargs)
    return built, {column["name"]: column for column in built["columns"]}


def test_the_header_names_what_reproduces_the_file():
    built, _ = columns(permalink="http://host/datasets/x.csv?rows=250&seed=42")
    assert (built["title"], built["rows"], built["seed"], built["schema_id"]) == ("Orders | 2024", 250, 42, SCHEMA.schema_id)
    assert built["version"] == __version__ and built["locale_name"] == "German (Germany)"


def test_every_column_says_its_meaning_unit_values_and_null_rate():
    _, c = columns()
    assert list(c) == [column.name for column in SCHEMA.columns]
    assert c["order_id"]["values"] == "1000, 1005, 1010, … (unique)"
    assert c["distance"]["values"] == "0.5 to 40 km, 1 decimals" and c["distance"]["unit"] == "km"
    assert c["status"]["values"] == "new (25%), paid (25%), shipped (50%)" and c["status"]["null_percent"] == "5%"
    assert c["channel"]["values"] == "web, shop (equally likely)"
    assert c["gift"]["values"] == "true in 12.5% of rows, else false"
    assert c["gift"]["meaning"] == "wrapped as a gift | with a card"
    assert c["customer"]["meaning"].startswith("First and last name")
    assert c["ordered"]["values"] == "2024-01-01 to 2024-06-30"
    assert c["shipped"]["values"] == "1 to 9 days after ordered"
    assert c["ref"]["values"].startswith("pattern ORD-####")


def test_each_column_says_how_it_is_generated():
    _, c = columns()
    assert c["quantity"]["generated"] == "Random draws from a normal distribution (mean 3, standard deviation 2), kept between min and max."
    assert c["status"]["generated"] == "Random pick from the values, with the weights shown."
    assert c["total"]["generated"] == "Computed from the row: quantity * unit_price."
    assert c["shipped"]["generated"] == "A random number of days after ordered in the same row."
    assert c["customer"]["generated"] == "Drawn by the full_name type from realistic de_DE values."


def test_markdown_is_a_table_with_one_row_per_column_and_escaped_pipes():
    md = dictionary_markdown(dictionary_build(schema=SCHEMA, rows=250, seed=42, permalink="http://host/d.csv?rows=250&seed=42"))
    lines = md.splitlines()
    assert lines[0] == "# Data dictionary: Orders \\| 2024"
    assert "- Seed: 42" in lines and "- Rows: 250" in lines and f"- Schema id: `{SCHEMA.schema_id}`" in lines
    assert "- Download: <http://host/d.csv?rows=250&seed=42> (the same link always gives the same file)" in lines
    table = [line for line in lines if line.startswith("| ")]
    assert len(table) == 2 + len(SCHEMA.columns)
    gift = next(line for line in table if line.startswith("| `gift`"))
    assert "wrapped as a gift \\| with a card" in gift
    assert all(len(re.split(r"(?<!\\)\|", line)) == 10 for line in table), "eight cells in every row"


def test_markdown_says_how_each_column_is_stored_and_that_text_stays_text():
    schema = DatasetSchema.from_dict({"title": "Places", "columns": [
        {"name": "zip", "type": "postcode"}, {"name": "price", "type": "price"}, {"name": "opened", "type": "date"}]})
    md = dictionary_markdown(dictionary_build(schema=schema, rows=10, seed=1))
    rows = {line.split("|")[1].strip(): line.split("|")[3].strip() for line in md.splitlines() if line.startswith("| `")}
    assert rows == {"`zip`": "text", "`price`": "number (2 decimals)", "`opened`": "date (ISO)"}
    assert "dtype={'zip': str}" in md and "leading zeros" in md
    assert "dates before 1900-03-01 are ISO text" in md


def test_markdown_without_a_permalink_leaves_the_line_out():
    assert "Download:" not in dictionary_markdown(dictionary_build(schema=SCHEMA, rows=1, seed=0))
