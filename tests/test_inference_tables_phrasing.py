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
    # the list after 'X and their Y:' is X's when a clause names Y's own columns
    ("students and their exam results: student id, name, major, gpa; each student has many exam results with course, score and exam date",
     {"students": [], "exam_results": ["students"]}, {"students": ["major", "gpa"], "exam_results": ["course", "score", "exam_date"]}),
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
    # a list whose items say what they belong to: 'X in each Y', 'X between two Y', 'X linking a Y to a Z'
    ("football league: clubs, players in each club (name, position, age) and fixtures between two clubs with kick-off date, home goals and away goals",
     {"clubs": [], "players": ["clubs"], "fixtures": ["clubs", "clubs"]}, {"players": ["position", "age"], "fixtures": ["home_goals", "away_goals"]}),
    ("a bank with customers, their accounts and transfers between two accounts with amount and transfer date",
     {"customers": [], "accounts": ["customers"], "transfers": ["accounts", "accounts"]}, {"transfers": ["amount", "transfer_date"]}),
    ("hospital wards, beds in each ward (bed number, bed type) and admissions for each bed (admission date, discharge date)",
     {"wards": [], "beds": ["wards"], "admissions": ["beds"]}, {"beds": ["bed_number"], "admissions": ["admission_date", "discharge_date"]}),
    ("a dance school: pupils, teachers and private lessons pairing a pupil with a teacher, with lesson date and length in minutes",
     {"pupils": [], "teachers": [], "lessons": ["pupils", "teachers"]}, {"lessons": ["lesson_date"]}),
    ("a database for a vet clinic with owners, their pets and visits for each pet (visit date, reason, cost)",
     {"owners": [], "pets": ["owners"], "visits": ["pets"]}, {"visits": ["visit_date", "reason", "cost"]}),
    ("music festival with stages, performances on each stage with start time and end time",
     {"stages": [], "performances": ["stages"]}, {"performances": ["start_time", "end_time"]}),
    # 'N tables:' — that many tables, the last one taking the columns that follow it
    ("climbing gym database with three tables: climbers, coaches, and coaching sessions with session date and duration in minutes",
     {"climbers": [], "coaches": ["climbers"], "coaching_sessions": ["coaches"]}, {"coaching_sessions": ["session_date", "duration_minutes"]}),
    ("chess club database with two tables: players and games between two players with result and number of moves",
     {"players": [], "games": ["players", "players"]}, {"games": ["result"]}),
    ("library database with three tables: branches, books and loans",
     {"branches": [], "books": ["branches"], "loans": ["books"]}, {}),
    # 'one X manages many Y', a list after the subject's colon, sentences matched to tables by their nouns
    ("agencies and their travel agents and the bookings of each agent. One agency employs many agents, an agent handles many bookings. Booking: destination, departure date, price",
     {"agencies": [], "travel_agents": ["agencies"], "bookings": ["travel_agents"]}, {"bookings": ["destination", "departure_date", "price"]}),
    ("online shop schema: customers, orders and order lines. an order has many order lines with product, quantity and unit price",
     {"customers": [], "orders": ["customers"], "order_lines": ["orders"]}, {"order_lines": ["product", "quantity", "unit_price"]}),
    ("broadband customers and their monthly usage readings. Customer: name, tariff. Usage: month, download volume in GB, bill amount",
     {"customers": [], "usage_readings": ["customers"]}, {"customers": ["tariff"], "usage_readings": ["month", "download_volume_gb", "bill_amount"]}),
    ("vets and their consultations. Each vet: name, clinic. Each consultation: pet name, species, consultation date, fee",
     {"vets": [], "consultations": ["vets"]}, {"vets": ["clinic"], "consultations": ["pet_name", "species", "fee"]}),
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
    "customers with name, age, city and their number of orders",
    "employees in each department with name and salary",
    "matches between two teams with date and score",
])
def test_one_thing_with_its_measurements_stays_one_table(description):
    assert "tables" not in infer(description)


def test_a_multi_table_description_in_a_country_keeps_its_locale():
    schema = infer("Italian wineries, each with many wines (name, vintage, bottle price)")
    assert schema["locale"] == "it_IT"
    wines = next(t for t in schema["tables"] if t["name"] == "wines")
    assert [c["unit"] for c in wines["columns"] if c.get("unit")] == ["EUR"]


def _tables(schema, rows, seed):
    import csv
    import io
    import zipfile

    from generator.services import dataset_build

    archive = zipfile.ZipFile(io.BytesIO(b"".join(dataset_build(schema=schema, rows=rows, seed=seed, fmt="zip").chunks)))
    return {n.rsplit("/", 1)[-1][:-4]: list(csv.DictReader(io.StringIO(archive.read(n).decode()))) for n in archive.namelist() if n.endswith(".csv")}


@pytest.mark.parametrize("seed", [1, 2])
def test_the_two_keys_of_a_table_between_two_rows_of_one_table_differ_in_every_row_and_join(seed):
    """'fixtures between two clubs': two keys to the clubs, never the same club twice in a row,
    over more rows than one chunk (8,192) holds."""
    multi = MultiTableSchema.from_dict(infer("football league: clubs, players in each club (name, position) and fixtures between two clubs with date and attendance"))
    data = _tables(multi, 2000, seed)
    clubs = {row["club_id"] for row in data["clubs"]}
    fixtures = data["fixtures"]
    assert len(fixtures) > 8192
    assert all(row["club_1_id"] != row["club_2_id"] for row in fixtures)
    assert {row["club_1_id"] for row in fixtures} | {row["club_2_id"] for row in fixtures} <= clubs
    assert {row["club_id"] for row in data["players"]} <= clubs
    assert len(data["clubs"]) < len(data["players"]) and len(data["clubs"]) < len(fixtures)


def test_the_two_keys_are_said_in_the_dictionary_and_a_reference_still_takes_no_correlation():
    from generator.schema import SchemaError

    schema = infer("chess club database with two tables: players and games between two players with result and number of moves")
    games = next(t for t in schema["tables"] if t["name"] == "games")
    assert [c.get("differs_from") for c in games["columns"][1:3]] == [None, "player_1_id"]
    wrong = {**schema, "tables": [*schema["tables"][:-1], {**games, "columns": [*games["columns"][:2], {**games["columns"][2], "correlate_with": "player_1_id"}]}]}
    with pytest.raises(SchemaError, match="player_2_id"):
        MultiTableSchema.from_dict(wrong)


def test_a_table_given_default_columns_leaves_its_childrens_numbers_to_them():
    """Orders beside order lines that name quantity, unit price and line total hold none of them."""
    schema = infer("online shop schema: customers, orders and order lines. an order has many order lines with product, quantity, unit price and line total")
    columns = {t["name"]: [c["name"] for c in t["columns"]] for t in schema["tables"]}
    assert {"quantity", "unit_price", "line_total"} <= set(columns["order_lines"])
    assert not {"quantity", "unit_price", "total"} & set(columns["orders"]) and "order_date" in columns["orders"]


def test_a_section_names_its_tables_columns_and_no_template_replaces_them():
    schema = infer("broadband customers and their monthly usage readings. Customer: name, tariff. Usage: month, download volume in GB, upload volume in GB")
    readings = next(t for t in schema["tables"] if t["name"] == "usage_readings")
    assert [c["name"] for c in readings["columns"]] == ["usage_reading_id", "customer_id", "month", "download_volume_gb", "upload_volume_gb"]
    assert [c["unit"] for c in readings["columns"][3:]] == ["GB", "GB"]


def test_the_winner_of_a_match_between_two_is_one_of_the_two_and_the_loser_the_other():
    multi = MultiTableSchema.from_dict(infer("tennis club: members and matches between two members with date, winner, loser and sets played"))
    matches = _tables(multi, 400, 3)["matches"]
    assert all(row["winner"] in (row["member_1_id"], row["member_2_id"]) for row in matches)
    assert all({row["winner"], row["loser"]} == {row["member_1_id"], row["member_2_id"]} for row in matches)
    firsts = sum(row["winner"] == row["member_1_id"] for row in matches)
    assert 0.4 < firsts / len(matches) < 0.6
