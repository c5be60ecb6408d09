"""Several tables said as code, by what an app's users do, by the role of a table or file, after
sentences that only set the scene; and one table where other things are only its columns."""

import datetime as dt

import pytest

from generator.inference.build.code import code_said
from generator.inference.sources.offline import infer_schema
from generator.tables import MultiTableSchema

TODAY = dt.date(2025, 6, 15)

PHRASINGS = [
    # SQL, JSON and file names
    ("CREATE TABLE authors (author_id SERIAL PRIMARY KEY, name VARCHAR(80) NOT NULL, country TEXT); "
     "CREATE TABLE poems (poem_id SERIAL PRIMARY KEY, author_id INT REFERENCES authors(author_id), title TEXT, lines INT)",
     {"authors": [], "poems": ["authors"]}, {"poems": ["title", "lines"]}),
    ('{"shelters": ["name", "city"], "animals": ["shelter_id", "species", "arrived_on"]}',
     {"shelters": [], "animals": ["shelters"]}, {"animals": ["species", "arrived_on"]}),
    ("Two files please: shelters.csv with shelter name, city; animals.csv with shelter id, species, arrived on.",
     {"shelters": [], "animals": ["shelters"]}, {"shelters": ["city"], "animals": ["species", "arrived_on"]}),
    # a question that sets the scene, then the tables
    ("Could you help me with a database for a small library of sheet music? I'd like the composers (name, born), "
     "their scores (title, key, pages) and the loans of each score (borrower, loaned on).",
     {"composers": [], "scores": ["composers"], "loans": ["scores"]}, {"loans": ["borrower", "loaned_on"]}),
    # what the users do
    ("On our tutoring site parents post requests (subject, grade, hours per week), tutors answer them, and families hire tutors.",
     {"parents": [], "requests": ["parents", "tutors"], "tutors": ["families"], "families": []}, {"requests": ["subject", "grade"]}),
    # a table, file or dimension named by its role
    ("the main table is ferry routes (route name, length in km) and the detail table is the sailings on each route (departed at, passengers)",
     {"ferry_routes": [], "sailings": ["ferry_routes"]}, {"sailings": ["departed_at", "passengers"]}),
    ("a fact table of cinema tickets (sold at, price) with a film dimension (title, genre) and a screen dimension (seats, 3d)",
     {"films": [], "screens": [], "cinema_tickets": ["films", "screens"]}, {"cinema_tickets": ["price"]}),
    ("bakers and recipes linked by a junction table baker_recipes with a skill rating",
     {"bakers": [], "recipes": [], "baker_recipes": ["bakers", "recipes"]}, {"baker_recipes": ["skill_rating"]}),
    ("kennels (name, town) and dogs (name, breed, kennel, sire), where the sire is another dog",
     {"kennels": [], "dogs": ["kennels"]}, {"dogs": ["breed", "sire"]}),
    ("choirs (choir name, town) and a table of concerts where the host choir and the guest choir both come from the choirs table, with the concert date",
     {"choirs": [], "concerts": ["choirs"]}, {"concerts": ["host_choir", "guest_choir", "concert_date"]}),
    ("a data model: a hive has a name and an apiary; inspections belong to a hive, with the inspection date and the number of frames",
     {"hives": [], "inspections": ["hives"]}, {"inspections": ["inspection_date"]}),
]


@pytest.mark.parametrize(("description", "shape", "named"), PHRASINGS, ids=[p[0][:28] for p in PHRASINGS])
def test_each_phrasing_gives_tables_whose_keys_join(description, shape, named):
    multi = MultiTableSchema.from_dict(infer_schema(description, today=TODAY))
    assert {t.name: sorted(p for _, p in t.references()) for t in multi.tables} == {k: sorted(v) for k, v in shape.items()}
    for table, columns in named.items():
        names = [c.name for c in multi.table(table).schema.columns]
        assert all(column in names for column in columns), names


@pytest.mark.parametrize("description", [
    "cars with the owner's name, the garage it is serviced at and the mechanic, plus mileage and price",
    "a log of ferry sailings: route, captain, departed at, passengers, export it as sailings.csv",
    "Could you make me a table of film screenings? title, screen, starts at, tickets sold",
    "gardeners water plants and prune trees in the park: gardener, task, date, hours",
    "one wide table of piano lessons with the pupil, the teacher, the piece and the fee, no separate tables please",
])
def test_other_things_named_as_columns_stay_one_table(description):
    assert "tables" not in infer_schema(description, today=TODAY)


def test_sql_types_and_constraints_are_not_columns():
    said = code_said("CREATE TABLE a (id serial primary key, name varchar(30) not null, price decimal(8,2), CONSTRAINT fk FOREIGN KEY (b_id) REFERENCES b(id))")
    assert said == "a: id, name, price"
    assert code_said("export it as data.csv please") == "export it as data.csv please"  # one file named is no list of tables
