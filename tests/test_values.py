"""Names of things and text that agrees with its row (issue 14, items 1 and 2): every new type
makes real-looking, seeded values; followers agree with the column they follow."""

import re

import pytest

from generator.pools import pool
from generator.registry import registry
from generator.schema import DatasetSchema, SchemaError
from generator.types.follow import FOLLOW_TYPES
from generator.types.medical import MEDICAL_TYPES
from generator.types.names import NAME_TYPES
from generator.types.text import TEXT_TYPES
from generator.types.vocab import load_toml
from generator.writers.cells import rows_as_dicts

NEW_TYPES = [cls.name for cls in (*NAME_TYPES, *FOLLOW_TYPES, *MEDICAL_TYPES, *TEXT_TYPES) if cls.kind == "string"]  # text; car_year is a number
PLACEHOLDER = re.compile(r"\b[A-Z][a-z]+ [A-D]\b$|lorem|ipsum|dolor sit", re.IGNORECASE)


def _rows(columns, rows=500, seed=7, locale="en_US"):
    return rows_as_dicts(DatasetSchema.from_dict({"title": "t", "locale": locale, "columns": columns}), rows=rows, seed=seed)


def _column(type_name, rows=500, seed=7, locale="en_US", **params):
    return [row["c"] for row in _rows([{"name": "c", "type": type_name, **params}], rows, seed, locale)]


@pytest.mark.parametrize("type_name", NEW_TYPES)
def test_every_new_type_is_registered_and_makes_varied_real_looking_text(type_name):
    column_type = registry().get(type_name)
    assert column_type is not None and column_type.description
    values = _column(type_name, **column_type.example_params)
    assert all(isinstance(v, str) and v.strip() == v and v for v in values)
    assert len(set(values)) >= 3
    faker_filler = set(pool("catch_phrase", "en_US").to_pylist()) | set(pool("sentence", "en_US").to_pylist()) | set(pool("word", "en_US").to_pylist())
    assert not faker_filler & set(values)
    assert not [v for v in values if PLACEHOLDER.search(v) or "{" in v or "  " in v]


@pytest.mark.parametrize("type_name", NEW_TYPES)
def test_every_new_type_repeats_for_a_seed_and_changes_with_it(type_name):
    params = registry().get(type_name).example_params
    assert _column(type_name, seed=5, **params) == _column(type_name, seed=5, **params)
    assert _column(type_name, seed=5, **params) != _column(type_name, seed=6, **params)


def test_a_car_model_column_follows_its_make_column():
    makes = load_toml("cars.toml")["makes"]
    rows = _rows([{"name": "make", "type": "car_make"}, {"name": "model", "type": "car_model", "make_column": "make"}], rows=3000)
    assert all(row["model"] in makes[row["make"]]["models"] for row in rows)
    assert "F-150" not in {row["model"] for row in rows if row["make"] == "Volkswagen"}


def test_make_and_model_columns_agree_without_naming_each_other():
    makes = load_toml("cars.toml")["makes"]
    rows = _rows([{"name": "make", "type": "car_make"}, {"name": "model", "type": "car_model"}], rows=2000)
    assert all(row["model"] in makes[row["make"]]["models"] for row in rows)


@pytest.mark.parametrize("locale, top, absent", [("de_DE", "Volkswagen", {"Ram", "GMC", "Dodge"}), ("fr_FR", "Renault", {"Ram", "GMC"}),
                                                  ("ja_JP", "Toyota", {"Ram", "Dacia"}), ("en_US", "Toyota", {"Dacia", "Tata", "Vauxhall"})])
def test_cars_are_the_ones_sold_in_the_locales_country(locale, top, absent):
    data = load_toml("cars.toml")
    rows = _rows([{"name": "make", "type": "car_make"}, {"name": "model", "type": "car_model"}], rows=3000, locale=locale)
    makes = [row["make"] for row in rows]
    assert max(set(makes), key=makes.count) == top or makes.count(top) >= 0.12 * len(makes)
    assert not absent & set(makes)
    assert all(row["model"] in data["makes"][row["make"]]["models"] for row in rows)
    north_american = {row["model"] for row in rows} & set(data["north_america"]["models"])
    assert bool(north_american) == (locale == "en_US")  # no Chevrolet Tahoe on a German insurer's books


def test_a_model_follows_a_category_column_of_makes_and_one_fixed_make():
    rows = _rows([{"name": "make", "type": "category", "values": ["VW", "Ford"]}, {"name": "model", "type": "car_model", "make_column": "make"}])
    models = load_toml("cars.toml")["makes"]
    assert all(row["model"] in models["Volkswagen" if row["make"] == "VW" else "Ford"]["models"] for row in rows)
    assert set(_column("car_model", make="Tesla")) <= set(models["Tesla"]["models"])


def test_products_follow_the_product_category_column():
    rows = _rows([{"name": "category", "type": "product_category"}, {"name": "product", "type": "product", "category_column": "category"}], rows=3000)
    books = {row["product"] for row in rows if row["category"] == "Books"}
    electronics = {row["product"] for row in rows if row["category"] == "Electronics"}
    assert books and electronics and not books & electronics
    assert not any("Headphones" in p or "Earbuds" in p for p in books)


def test_an_unknown_category_always_gets_products_of_one_kind():
    rows = _rows([{"name": "category", "type": "category", "values": ["Pet Supplies", "Books"]}, {"name": "product", "type": "product", "category_column": "category"}], rows=400)
    grammar_item = load_toml("products.toml")["sections"]
    pets = [row["product"] for row in rows if row["category"] == "Pet Supplies"]
    kinds = [key for key, section in grammar_item.items() if all(any(i in p for i in section["slots"].get("item", section["slots"].get("title", []))) for p in pets)]
    assert len(kinds) == 1


def test_job_titles_follow_department_and_seniority():
    rows = _rows([{"name": "department", "type": "department"}, {"name": "title", "type": "job_title", "department_column": "department", "seniority": "senior"}], rows=2000)
    roles = load_toml("jobs.toml")["departments"]
    for row in rows:
        assert any(role in row["title"] for role in roles[row["department"]]["role"]), row
        assert row["title"].startswith(("Senior", "Staff")) or row["title"].endswith("III")
    heads = _column("job_title", department="Finance", seniority="executive")
    assert set(heads) <= set(roles["Finance"]["head"])


def test_job_titles_follow_age_and_pay_follows_the_title():
    """No director of 23, few juniors of 55, and a director earns more than an analyst."""
    from generator.types.follow import _title_levels

    rows = _rows([
        {"name": "age", "type": "age", "min": 20, "max": 65, "distribution": "normal", "mean": 40, "std": 10},
        {"name": "department", "type": "department"},
        {"name": "title", "type": "job_title", "department_column": "department", "experience_column": "age"},
        {"name": "salary", "type": "integer", "min": 25000, "max": 250000, "distribution": "lognormal", "mean": 72000, "correlate_with": "title", "correlation": 0.7},
    ], rows=4000)
    levels = _title_levels()
    young = [levels[r["title"]] for r in rows if r["age"] <= 25]
    old = [levels[r["title"]] for r in rows if r["age"] >= 50]
    assert young and old and max(young) <= 2 and sum(level == 0 for level in young) / len(young) > 0.4
    assert sum(level == 0 for level in old) / len(old) < 0.15 and sum(level >= 3 for level in old) / len(old) > 0.4
    pay = {level: sorted(r["salary"] for r in rows if levels[r["title"]] == level) for level in range(5)}
    medians = [values[len(values) // 2] for values in pay.values()]
    assert medians == sorted(medians) and medians[4] > 2 * medians[0], medians


def test_restaurants_follow_their_cuisine_column():
    rows = _rows([{"name": "cuisine", "type": "cuisine"}, {"name": "name", "type": "restaurant_name", "cuisine_column": "cuisine"}], rows=2000)
    italian = {row["name"] for row in rows if row["cuisine"] == "Italian"}
    japanese = {row["name"] for row in rows if row["cuisine"] == "Japanese"}
    assert italian and japanese and not italian & japanese
    assert len({row["name"] for row in rows}) > 300


def test_sports_teams_use_the_locale_cities_and_the_sport_style():
    soccer = _column("sports_team", locale="fr_FR", sport="soccer")
    assert any(v.startswith(("FC ", "Racing ", "Real ", "Sporting ")) or v.endswith(("FC", "United", "City")) for v in soccer)
    assert any("Paris" in v or "Lyon" in v or "Marseille" in v for v in _column("sports_team", rows=2000, locale="fr_FR", sport="basketball"))


def test_diagnoses_and_medications_come_from_their_lists():
    assert all(re.match(r"^[A-Z]\d\d(\.\w+)? \S", v) for v in _column("diagnosis", format="code_name"))
    assert all(re.match(r"^[A-Z][a-z]+( [a-z]+)? [\d.]+ (mg|mcg|g|units/mL)", v) for v in _column("medication", format="name_strength"))


@pytest.mark.parametrize(
    "columns, message",
    [
        ([{"name": "c", "type": "car_model", "make": "Trabantz"}], "make must be one of"),
        ([{"name": "n", "type": "integer"}, {"name": "c", "type": "car_model", "make_column": "n"}], "must name a text column"),
        ([{"name": "c", "type": "product", "category_column": "nowhere"}], "unknown column 'nowhere'"),
        ([{"name": "r", "type": "word"}, {"name": "c", "type": "review_text", "rating_column": "r"}], "rating_column must name a integer or number column"),
        ([{"name": "c", "type": "post_text", "noise": 1.5}], "noise must be at most 1"),
        ([{"name": "d", "type": "department"}, {"name": "c", "type": "job_title", "experience_column": "d"}], "experience_column must name a number column of years"),
        ([{"name": "a", "type": "age"}, {"name": "c", "type": "job_title", "experience_column": "a", "seniority": "lead"}], "give seniority 'lead' or an experience_column"),
        ([{"name": "d", "type": "department"}, {"name": "pay", "type": "integer", "correlate_with": "d", "correlation": 0.5}], "correlate_with must name a number or date column, or one whose words have an order"),
        ([{"name": "w", "type": "integer"}, {"name": "c", "type": "diagnosis", "specialty_column": "w"}], "specialty_column must name a text column"),
        ([{"name": "c", "type": "diagnosis", "specialty_column": "ward"}], "unknown column 'ward'"),
    ],
)
def test_follower_parameters_are_checked(columns, message):
    with pytest.raises(SchemaError) as caught:
        DatasetSchema.from_dict({"title": "t", "columns": columns})
    assert message in str(caught.value.errors)


def test_reviews_name_the_product_column_and_fall_back_to_english():
    rows = _rows([{"name": "product", "type": "product"}, {"name": "rating", "type": "integer", "min": 1, "max": 5}, {"name": "review", "type": "review_text", "rating_column": "rating", "product_column": "product"}], rows=300)
    assert sum(row["product"] in row["review"] for row in rows) > 150
    assert _column("post_text", locale="ja_JP")


def test_unrelated_datasets_at_one_seed_list_different_people():
    from generator.engine import generate_chunks
    from generator.schema import DatasetSchema
    from generator.writers import python_values

    def names(columns, seed=1):
        schema = DatasetSchema.from_dict({"title": "People", "columns": columns})
        chunk = next(iter(generate_chunks(schema, rows=500, seed=seed)))
        return python_values(schema.column("name"), chunk["name"])

    patients = [{"name": "name", "type": "full_name"}, {"name": "ward", "type": "category", "values": ["A", "B"]}]
    members = [{"name": "name", "type": "full_name"}, {"name": "joined", "type": "date"}]
    same = sum(a == b for a, b in zip(names(patients), names(members)))
    assert same < 10  # by chance only
    assert names(patients) == names(patients)  # one schema, one seed: the same people


def test_titles_take_an_before_a_vowel():
    schema = DatasetSchema.from_dict({"title": "Books", "columns": [{"name": "title", "type": "book_title"}, {"name": "film", "type": "film_title"}]})
    rows = rows_as_dicts(schema, rows=5000, seed=3)
    titles = [row[c] for row in rows for c in ("title", "film")]
    assert not [t for t in titles if re.search(r"\bA [AEIO]", t)]
    assert [t for t in titles if re.search(r"\bAn [AEIO]", t)]  # the templates do put an article before a vowel


def test_a_proper_name_names_its_noun_and_the_rows_city():
    rows = _rows([{"name": "n", "type": "proper_name", "noun": "Orchestra"}, {"name": "city", "type": "city"}], rows=400, seed=3)
    assert all(row["n"].endswith(" Orchestra") for row in rows)
    with_city = [row for row in rows if row["city"] in row["n"]]
    assert 0.3 < len(with_city) / len(rows) < 0.8  # a city's own orchestra, or a landmark's or a family's
    assert len({row["n"] for row in rows}) > 200
    with pytest.raises(SchemaError, match="noun"):
        DatasetSchema.from_dict({"title": "t", "columns": [{"name": "n", "type": "proper_name", "noun": "{city} 1"}]})


def test_ratings_are_j_shaped():
    values = _column("rating", rows=20000, seed=4)
    shares = [values.count(level) / len(values) for level in range(1, 6)]
    assert shares[4] > shares[3] > shares[2] > shares[1]  # most at the top, fewest just above the bottom
    assert shares[0] > shares[1]  # the unhappy few
    assert 0.38 < shares[4] < 0.48 and 0.08 < shares[0] < 0.14


def test_wine_notes_follow_critic_points_on_the_80_to_100_scale():
    rows = _rows([{"name": "points", "type": "integer", "min": 80, "max": 100, "distribution": "normal", "mean": 88.5, "std": 3.0},
                  {"name": "note", "type": "review_text", "rating_column": "points", "about": "wine", "noise": 0.0}], rows=600, seed=2)
    top = [r["note"] for r in rows if r["points"] >= 95]
    low = [r["note"] for r in rows if r["points"] <= 82]
    assert top and low
    assert all("Drink up" not in n and "Thin and dilute" not in n for n in top)
    assert not [n for n in low if any(w in n for w in ("stunning", "Outstanding", "exceptional", "benchmark"))]


def test_the_offline_inferrer_reads_a_wine_table_as_wine():
    from generator.inference.sources.offline import infer_schema

    columns = {c["name"]: c for c in infer_schema("wine reviews: winery, country, variety, price, points, review text")["columns"]}
    assert columns["variety"]["type"] == "grape_variety" and columns["winery"]["type"] == "proper_name"
    assert columns["points"]["min"] == 80 and columns["points"]["max"] == 100
    assert columns["review_text"]["about"] == "wine" and columns["review_text"]["rating_column"] == "points"
    assert "France" in columns["country"]["values"]


def test_a_cars_year_and_fuel_follow_its_model_column():
    rows = _rows([{"name": "make", "type": "car_make"}, {"name": "model", "type": "car_model", "make_column": "make"},
                  {"name": "year", "type": "car_year", "min": 1995, "max": 2025, "model_column": "model", "make_column": "make"},
                  {"name": "fuel", "type": "fuel_type", "model_column": "model", "make_column": "make"}], rows=3000)
    years = load_toml("cars.toml")["years"]
    electric = set(load_toml("cars.toml")["powertrain"]["electric"])
    for row in rows:
        first, last = years[f"{row['make']} {row['model']}"]
        assert max(first, 1995) <= row["year"] <= (last or 2025) or first > 2025, row
        assert (row["fuel"] == "Electric") == (f"{row['make']} {row['model']}" in electric), row
    plain = _column("fuel_type", rows=2000)
    assert {"Petrol", "Diesel", "Electric"} <= set(plain)  # without a model, the market's mix


@pytest.mark.parametrize("type_name", ["car_year", "fuel_type"])
def test_a_cars_model_column_must_hold_text(type_name):
    with pytest.raises(SchemaError, match="model_column must name a text column"):
        DatasetSchema.from_dict({"title": "t", "columns": [{"name": "m", "type": "integer"}, {"name": "c", "type": type_name, "model_column": "m"}]})


def test_a_diagnosis_is_one_its_ward_sees_and_of_its_patients_sex():
    rows = _rows([
        {"name": "patient", "type": "full_name"},
        {"name": "sex", "type": "gender"},
        {"name": "ward", "type": "category", "values": ["Maternity", "Cardiology", "Oncology", "Ward 7"]},
        {"name": "diagnosis", "type": "diagnosis", "format": "code_name", "specialty_column": "ward"},
    ], rows=3000)
    sexes = load_toml("wards.toml")["sex"]
    for row in rows:
        code = row["diagnosis"].split()[0]
        if row["ward"] == "Cardiology":
            assert code.startswith(("I2", "I3", "I4", "I5", "R07", "R57")), row
        if row["ward"] == "Maternity" and row["sex"] == "Female":
            assert code.startswith(("O", "Z3")), row
        assert not code.startswith(tuple(sexes["female" if row["sex"] == "Male" else "male"])), row
    assert len({row["diagnosis"] for row in rows if row["ward"] == "Ward 7"}) > 40, "a ward the data does not know sees anything"
