"""Several related tables from the ways people ask for them; the nouns decide the tables, each
keeps the columns named for it, and every reference joins its parent's key."""

import datetime as dt

import pytest

from generator.inference.sources.offline import infer_schema
from generator.tables import MultiTableSchema

TODAY = dt.date(2025, 6, 15)


def infer(description):
    return infer_schema(description, today=TODAY)


PHRASINGS = [
    ("orchards and their trees with variety and planting year",
     {"orchards": [], "trees": ["orchards"]}, {"trees": ["variety", "planting_year"]}),
    ("choirs, each with many singers (first name, voice type)",
     {"choirs": [], "singers": ["choirs"]}, {"singers": ["first_name", "voice_type"]}),
    ("podcasts with a list of episodes with title, duration in minutes and release date",
     {"podcasts": [], "episodes": ["podcasts"]}, {"episodes": ["duration_minutes", "release_date"]}),
    ("a table of museums and a table of their exhibits (name, acquired date)",
     {"museums": [], "exhibits": ["museums"]}, {"exhibits": ["acquired_date"]}),
    ("each airline has many flights with departure time and seats",
     {"airlines": [], "flights": ["airlines"]}, {"flights": ["departure_time", "seats"]}),
    ("regions, vineyards and barrels: each region has many vineyards and each vineyard has many barrels with volume in litres",
     {"regions": [], "vineyards": ["regions"], "barrels": ["vineyards"]}, {"barrels": ["volume_l"]}),
    ("clubs, squads and athletes",
     {"clubs": [], "squads": ["clubs"], "athletes": ["squads"]}, {}),
    ("hospital doctors and their appointments with appointment date and reason",
     {"doctors": [], "appointments": ["doctors"]}, {"appointments": ["appointment_date", "reason"]}),
    # a sentence per table ('Kennel: ...'), and 'one X can have many Y'
    ("owners and their kennels and dogs. One owner can have many kennels and a kennel can hold many dogs. Kennel: address, capacity. Dog: breed, weight in kg",
     {"owners": [], "kennels": ["owners"], "dogs": ["kennels"]}, {"kennels": ["address", "capacity"], "dogs": ["breed", "weight_kg"]}),
    # sentences alone, 'a X table', 'the Y that belong to them', 'each Y belongs to a X', a foreign key
    ("Bakeries: name, city, opened year. Loaves: name, flour type, price",
     {"bakeries": [], "loaves": ["bakeries"]}, {"loaves": ["flour_type", "price"]}),
    ("landlords and their flats and repairs. Flat: address, monthly rent. Repair: reported date, cost",
     {"landlords": [], "flats": ["landlords"], "repairs": ["flats"]}, {"flats": ["address", "monthly_rent"], "repairs": ["reported_date", "cost"]}),
    ("a clubs table and a members table", {"clubs": [], "members": ["clubs"]}, {}),
    ("gardens and the plots that belong to them, with plot size and crop",
     {"gardens": [], "plots": ["gardens"]}, {"plots": ["plot_size", "crop"]}),
    ("marinas and berths, where each berth belongs to a marina. Berths: length in metres, monthly fee",
     {"marinas": [], "berths": ["marinas"]}, {"berths": ["length_m", "monthly_fee"]}),
    ("kennels and dogs with a foreign key from dogs to kennels", {"kennels": [], "dogs": ["kennels"]}, {}),
    # a table between two others
    ("a dataset for a ferry company: ports, vessels, and sailings that link a vessel to a port with a departure time",
     {"ports": [], "vessels": [], "sailings": ["ports", "vessels"]}, {"sailings": ["departure_time"]}),
    ("galleries and paintings, each gallery has many paintings. Gallery: city, opened year. Painting: artist, year painted, insured value",
     {"galleries": [], "paintings": ["galleries"]}, {"galleries": ["city"], "paintings": ["artist", "insured_value"]}),
]


@pytest.mark.parametrize(("description", "shape", "named"), PHRASINGS, ids=[p[0][:28] for p in PHRASINGS])
def test_each_phrasing_gives_tables_whose_keys_join(description, shape, named):
    schema = infer(description)
    multi = MultiTableSchema.from_dict(schema)
    assert {t.name: sorted(p for _, p in t.references()) for t in multi.tables} == shape
    for table, columns in named.items():
        names = [c.name for c in multi.table(table).schema.columns]
        assert all(column in names for column in columns), names
    for table in multi.tables:
        assert table.schema.columns[0].type == "id"


def test_keys_join_in_the_generated_data():
    import io
    import zipfile

    from generator.services import dataset_build

    multi = MultiTableSchema.from_dict(infer("regions, vineyards and barrels: each region has many vineyards and each vineyard has many barrels with volume in litres"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(dataset_build(schema=multi, rows=300, seed=2, fmt="zip").chunks)))
    csvs = {n.rsplit("/", 1)[-1][:-4]: archive.read(n).decode().splitlines() for n in archive.namelist() if n.endswith(".csv")}
    for table in multi.tables:
        header = csvs[table.name][0].split(",")
        for column, parent in table.references():
            keys = {line.split(",")[0] for line in csvs[parent][1:]}
            assert {line.split(",")[header.index(column)] for line in csvs[table.name][1:]} <= keys
    counts = {name: len(lines) - 1 for name, lines in csvs.items()}
    assert counts["regions"] < counts["vineyards"] < counts["barrels"]  # children outnumber parents


@pytest.mark.parametrize("description", [
    "athletes with height, weight and number of medals",
    "heights and weights",
    "people with income (about 5% missing) and phone with some missing values",
    "cars with 4 doors, colour and price",
    "a list of patients and their blood pressure",
])
def test_one_thing_with_its_measurements_stays_one_table(description):
    assert "tables" not in infer(description)


def test_a_multi_table_description_in_a_country_keeps_its_locale():
    schema = infer("Italian wineries, each with many wines (name, vintage, bottle price)")
    assert schema["locale"] == "it_IT"
    wines = next(t for t in schema["tables"] if t["name"] == "wines")
    assert [c["unit"] for c in wines["columns"] if c.get("unit")] == ["EUR"]
