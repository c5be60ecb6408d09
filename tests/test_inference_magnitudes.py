
"""Columns sized by what they measure and what it belongs to (data/magnitudes.toml): a parcel's
weight is not a person's, a web session's revenue is not a company's, a heart rate during a run is
not one at rest; a unit the description states converts the range, a range it states wins."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from generator.inference.build.language import language_of
from generator.inference.knowledge.loader import data_file
from generator.inference.read.units import unit_by_label
from generator.inference.sources.offline import infer_schema
from generator.inference.text import key_text
from generator.schema import DatasetSchema
from generator.writers.cells import rows_as_dicts
from tests.test_inference_knowledge import _problems

TODAY = dt.date(2025, 6, 15)


def values(description: str, column: str, rows: int = 1000) -> list[float]:
    schema = DatasetSchema.from_dict(infer_schema(description, today=TODAY))
    out = [row[column] for row in rows_as_dicts(schema, rows=rows, seed=5) if row[column] is not None]
    assert out, f"{column} is empty"
    return out


def column(description: str, name: str) -> dict:
    return next(c for c in infer_schema(description, today=TODAY)["columns"] if c["name"] == name)


def test_every_magnitude_entry_has_a_registered_type_valid_params_and_a_known_unit():
    mistakes = []
    for index, entry in enumerate(data_file("magnitudes")["magnitude"], 1):
        where = f"magnitudes.toml #{index} ({entry['measure'][:40]!r})"
        mistakes += [f"{where}: {problem}" for problem in _problems(entry)]
        if entry.get("unit") and unit_by_label(entry["unit"]) is None:
            mistakes.append(f"{where}: unknown unit {entry['unit']!r}")
    assert not mistakes, "\n".join(mistakes)


def test_a_parcels_weight_in_grams_is_a_parcels_not_a_persons():
    weights = values("parcel tracking: tracking number, courier, shipped at, weight in grams, destination postcode", "weight_g")
    assert min(weights) >= 10 and max(weights) <= 31_500
    assert sorted(weights)[len(weights) // 2] < 10_000  # most parcels weigh a few kilograms


def test_the_same_weight_phrase_follows_whose_weight_it_is():
    cattle = values("cattle auction sales: lot number, breed, head count, average weight in kg, price per kg", "average_weight_kg")
    people = values("gym members: member id, age, average weight in kg, height in cm", "average_weight_kg")
    assert min(cattle) >= 100 and sorted(cattle)[len(cattle) // 2] > 300
    assert max(people) <= 200 and sorted(people)[len(people) // 2] < 100


def test_a_web_sessions_revenue_is_small_and_a_companys_stays_large():
    session = values("website sessions: session id, landing page, pages viewed, revenue", "revenue")
    assert max(session) <= 10_000
    company = column("companies: company name, industry, founded year, revenue", "revenue")
    assert company["max"] >= 1_000_000


def test_heart_rate_during_runs_is_higher_than_at_rest():
    runs = values("runs from a running app: athlete, distance in km, average heart rate", "average_heart_rate")
    rest = values("patients: patient id, age, resting heart rate", "resting_heart_rate")
    assert min(runs) >= 80 and sorted(runs)[len(runs) // 2] > 130
    assert sorted(rest)[len(rest) // 2] < 80


@pytest.mark.parametrize(
    ("description", "name", "low", "high"),
    [
        ("Parking tickets: ticket number, street, violation, the fine in dollars", "fine_usd", 10, 500),
        ("cruise bookings: passenger, ship, cabin type, fare", "fare", 100, 50_000),
        ("quality inspection of machined shafts: part serial, measured diameter mm", "measured_diameter_mm", 1, 500),
        ("staff absence records: employee, absence type, days absent", "days_absent", 1, 365),
        ("basketball box scores: player, team, minutes played, points", "minutes_played", 0, 58),
        ("personal training sessions: member, trainer, session date, duration in minutes", "duration_minutes", 15, 120),
        ("used cars for sale: make, model, age, mileage, price", "age", 0, 30),
        ("car insurance customers: customer id, age, car make, annual premium", "age", 16, 100),
        ("rental boats at a marina: boat name, length in metres, driver age, boat age", "driver_age", 16, 100),
        ("an inventory of company servers: hostname, cores, RAM (GB), age", "ram", 4, 1024),
        ("board games: title, min players, max players, minimum age, playing time in minutes", "minimum_age", 3, 18),
        ("load figures for scheduled flights: flight number, route, distance flown in km", "distance_flown_km", 150, 15_000),
    ],
)
def test_a_measure_takes_the_range_of_what_it_belongs_to(description, name, low, high):
    found = values(description, name)
    assert low <= min(found) and max(found) <= high


def test_a_process_temperature_series_sits_at_its_set_point_not_the_weather():
    schema = infer_schema("injection moulding: cycle time in seconds and barrel temperature every minute for 8 machines", today=TODAY)
    columns = {c["name"]: c for c in schema["columns"]}
    assert columns["barrel_temperature"]["unit"] == "°C" and 150 <= columns["barrel_temperature"]["mean"] <= 350
    assert columns["cycle_time_seconds"]["mean"] <= 300
    temps = values("injection moulding: cycle time in seconds and barrel temperature every minute for 8 machines", "barrel_temperature", rows=2000)
    assert min(temps) >= 150 and len(set(temps)) > 50


def test_a_stated_range_still_wins_over_the_magnitude():
    weights = values("parcels: tracking number, weight in kg (between 1 and 2)", "weight_kg")
    assert min(weights) >= 1 and max(weights) <= 2


def test_a_more_specific_concept_is_not_resized_by_a_shorter_measure():
    membership = column("customer churn for a gym: member id, age, membership length (months), visits per week", "membership_length")
    assert membership["unit"] == "months" and membership["max"] >= 12


# Columns typed by their head and context, not by their last word's shape


@pytest.mark.parametrize(
    ("description", "name", "types"),
    [
        ("tenant maintenance requests: unit, tenant, reported on, scheduled for, completed on, cost", "scheduled_for", {"date", "datetime"}),
        ("pharmacy prescriptions: prescription id, patient, drug, date written, date filled", "date_written", {"date", "datetime"}),
        ("basketball box scores: player, team, field goals made, field goals attempted", "field_goals_attempted", {"integer"}),
        ("election results by polling station: constituency, registered voters, ballots cast, turnout %", "ballots_cast", {"integer"}),
        ("election results by polling station: constituency, registered voters, ballots cast, turnout %", "turnout", {"percentage"}),
        ("annual performance reviews: employee, manager, rating (1-5), raise %", "raise", {"percentage"}),
        ("online course enrolments: learner, course, progress %, quiz average", "quiz_average", {"decimal"}),
        ("mobile network incident log: incident id, outage start, customers affected", "customers_affected", {"integer"}),
    ],
)
def test_a_column_is_typed_by_its_head_not_its_last_words_shape(description, name, types):
    assert column(description, name)["type"] in types


def test_a_polling_stations_voters_are_hundreds_to_thousands():
    voters = values("election results by polling station: constituency, polling station, registered voters, ballots cast", "registered_voters")
    assert min(voters) >= 100 and sorted(voters)[len(voters) // 2] > 500


def test_a_moment_phrase_starting_with_when_stays_a_moment():
    schema = infer_schema("field crops: field, crop, when it was sown, when it was harvested", today=TODAY)
    harvested = next(c for c in schema["columns"] if c["name"].startswith("harvested"))
    assert harvested["type"] in ("date", "datetime")


# A word's sense by the description's domain (concept `context` words)


def test_a_breed_at_a_cattle_auction_is_a_cattle_breed_and_at_a_shelter_a_dog_breed():
    cattle = column("cattle auction sales: lot number, breed, head count, average weight in kg", "breed")
    dogs = column("dog adoption records: dog name, breed, age", "breed")
    assert "Angus" in cattle["values"] and "Labrador Retriever" not in cattle["values"]
    assert "Labrador Retriever" in dogs["values"]


def test_a_port_on_a_cruise_is_a_sea_port_and_in_a_firewall_log_a_network_port():
    assert "Miami" in column("cruise bookings: passenger, ship, cabin, port, fare", "port")["values"]
    assert "Miami" in column("cruise bookings: passenger, ship, embarkation port, fare", "embarkation_port")["values"]
    assert "443" in column("firewall log: timestamp, source ip, port, action", "port")["values"]


def test_a_parcels_courier_is_a_delivery_company_not_an_airline():
    couriers = column("parcel tracking: tracking number, courier, shipped at, weight in grams", "courier")["values"]
    assert "UPS" in couriers and "Delta" not in couriers


def test_species_is_an_iris_species_among_flowers_and_an_animal_at_a_vet():
    assert column("iris flowers: sepal length, petal length, species", "species")["values"] == ["setosa", "versicolor", "virginica"]
    for description in ("vet clinic visits with pet name, species, visit date and reason", "a table of pets at a shelter with name, species, breed and age"):
        assert "Dog" in column(description, "species")["values"], description


def test_a_genre_is_the_genre_of_what_the_description_is_about():
    assert "Mystery" in column("bookshop sales in the UK: order id, book title, author, genre, price in GBP", "genre")["values"]
    assert "Shooter" in column("my gaming backlog on steam: game, genre, hours played", "genre")["values"]
    assert "Pop" in column("songs I listened to: song, artist, genre, plays", "genre")["values"]
    assert "Drama" in column("movies: title, genre, budget, box office", "genre")["values"]


def test_no_claims_years_are_years_and_seconds_played_are_a_tracks():
    years = column("car insurance policies: policy id, holder, no-claims years, annual premium", "no_claims_years")
    assert (years["type"], years["max"]) == ("integer", 20)
    assert column("car insurance: policy id, no claims bonus, premium", "no_claims_bonus")["type"] == "percentage"
    played = column("listening history: user id, song, seconds played, skipped", "seconds_played")
    assert played["unit"] == "seconds" and 100 <= played["mean"] <= 240


def test_a_runners_name_is_a_persons_and_a_bib_is_one_per_runner():
    assert column("marathon runners: bib, name, age, gender, country, finish time", "name")["type"] == "full_name"
    assert column("marathon runners: bib, name, age, gender, country, finish time", "bib")["type"] == "id"
    assert column("hiking trails: name, length km, elevation gain", "name")["type"] != "full_name"


def test_paying_at_a_counter_is_by_card_cash_or_phone_and_sets_no_amount():
    counter = column("a coffee shop's transactions: transaction id, date, time, product, price, payment method", "payment_method")
    assert counter["values"] == ["Card", "Contactless", "Cash", "Mobile wallet"]
    assert column("online orders: order id, customer, total, payment method", "payment_method")["type"] == "payment_method"
    assert "depends_on" not in column("supermarket receipts: receipt id, store, total, payment type", "total")


def test_a_station_with_a_unit_is_a_walk_in_minutes_not_a_station_name():
    walk = column("rental flats in Tokyo: ward, walk to station in minutes, monthly rent in yen", "walk_to_station_minutes")
    assert walk["type"] == "integer" and walk["unit"] == "minutes"
    assert column("bike share rides in Berlin: start station, end station, duration", "start_station")["type"] == "neighbourhood"


def test_a_bare_paid_is_a_yes_no_and_a_visitors_ticket_revenue_is_a_tickets_worth():
    assert column("invoices: invoice id, amount, due date, paid, paid on", "paid")["type"] == "boolean"
    assert column("invoices: invoice id, amount, due date, paid, paid on", "paid_on")["type"] == "date"
    assert column("invoices: invoice id, amount paid", "amount_paid")["type"] == "price"
    revenue = column("daily visitors to 3 museums in Paris during 2024, with ticket revenue in EUR", "ticket_revenue_eur")
    low, high = (float(x) for x in re.search(r"uniform\(([\d.]+), ([\d.]+)\)", revenue["expression"]).groups())
    assert 10 <= low <= high <= 30  # a ticket's price per visitor, not a shop's takings over its footfall


def test_a_carrier_is_the_carrier_of_what_the_description_carries():
    assert "DHL" in column("shipments with tracking number, carrier, weight in kg", "carrier")["values"]
    assert "Verizon" in column("mobile phone plans: carrier, plan, monthly price, data allowance", "carrier")["values"]
    assert column("airline flights data: carrier, flight number, origin, destination", "carrier")["type"] == "airline"


def test_a_bare_generic_head_takes_the_subjects_sense():
    assert "Meals" in column("employee expense claims with category, amount, date and reason", "category")["values"]
    assert "Client meeting" in column("employee expense claims with category, amount, date and reason", "reason")["values"]
    assert "Vaccination" in column("vet clinic visits with pet name, species, visit date and reason", "reason")["values"]
    assert "Vaccination" not in column("a store's product returns with product, return date and reason", "reason").get("values", [])
    inventory = column("an inventory of products in a warehouse with sku, product name, category, quantity on hand and unit cost", "category")
    assert inventory["type"] == "product_category"  # a domain's sense holds only in its domain


def test_a_flats_size_is_its_floor_area_following_its_rooms_and_its_rent_follows_the_size():
    for description in ("apartments for rent in Berlin with district, rooms, size and monthly rent",
                        "apartments for rent in Berlin with district, rooms, size in m2 and monthly rent"):
        columns = {c["name"]: c for c in infer_schema(description, today=TODAY)["columns"]}
        size = columns.get("size") or columns["size_sqm"]
        assert size["type"] == "integer" and size["unit"] == "m²" and size["max"] <= 250 and size["correlate_with"] == "rooms"
        assert columns["monthly_rent"]["correlate_with"] == size["name"]
    assert column("t-shirt orders with size, colour and price", "size")["values"][:2] == ["XS", "S"]


def test_neighbourhoods_are_those_of_the_city_named():
    paris = column("Airbnb listings in Paris with neighbourhood, room type and price per night", "neighbourhood")
    assert paris["type"] == "neighbourhood" and paris["city"] == "Paris"
    assert column("apartments for rent in Berlin with district, rooms and rent", "district")["city"] == "Berlin"
    anywhere = column("houses with city, neighbourhood, bedrooms and price", "neighbourhood")
    assert anywhere["type"] == "category" and "Downtown" in anywhere["values"]  # the row's own city: names that fit any


def test_a_named_league_gives_its_real_clubs_and_its_sports_scores():
    nba = infer_schema("NBA games with home team, away team, home points and away points", today=TODAY)
    columns = {c["name"]: c for c in nba["columns"]}
    assert list(columns) == ["home_team", "away_team", "home_points", "away_points"]  # a game between teams has no title
    assert columns["home_team"]["league"] == "NBA" and columns["away_team"]["differs_from"] == "home_team"
    rows = values("NBA games with home team, away team, home points and away points", "home_points")
    assert 95 <= sorted(rows)[len(rows) // 2] <= 130
    teams = set(values("Premier League matches with home team, away team, home goals and away goals", "home_team"))
    assert "Arsenal" in teams and len(teams) == 20
    hockey = column("ice hockey games with home team, away team, home goals and away goals", "home_team")
    assert hockey["sport"] == "ice_hockey" and "league" not in hockey
    assert column("video games with title, platform, genre and global sales", "title")["type"] == "game_title"


def test_a_card_transactions_merchant_fits_its_category_and_its_amount_is_a_purchase():
    description = "bank transactions with account id, date, amount, merchant, category and whether it was fraud"
    schema = DatasetSchema.from_dict(infer_schema(description, today=TODAY))
    assert schema.column("merchant").type == "merchant" and schema.column("merchant").params["category_column"] == "category"
    rows = rows_as_dicts(schema, rows=500, seed=5)
    assert all(row["merchant"] in ("Shell", "Chevron", "ExxonMobil", "BP", "Speedway", "Circle K", "Marathon", "Valero", "Sunoco", "Wawa") for row in rows if row["category"] == "Gas")
    amount = column("credit card transactions with card number, timestamp, merchant and amount", "amount")
    assert amount["type"] == "price" and amount["mean"] <= 200  # a purchase, not a loan


def test_a_pets_breed_and_weight_follow_its_species():
    description = "veterinary clinic appointments with pet name, species, breed, appointment date, reason and weight in kg"
    schema = DatasetSchema.from_dict(infer_schema(description, today=TODAY))
    rows = rows_as_dicts(schema, rows=2000, seed=5)
    cats = [row for row in rows if row["species"] == "Cat"]
    dogs = [row for row in rows if row["species"] == "Dog"]
    assert cats and dogs and not {row["breed"] for row in cats} & {row["breed"] for row in dogs}
    assert max(row["weight_kg"] for row in cats) <= 9 and sorted(r["weight_kg"] for r in dogs)[len(dogs) // 2] > 8
    assert max(row["weight_kg"] for row in rows if row["species"] == "Hamster") < 0.5
    prices = values("used car listings in Germany with make, model, year, mileage in km and asking price in euros", "asking_price_eur")
    assert 8000 < sorted(prices)[len(prices) // 2] < 40000  # a car's price, not a house's


def test_a_service_that_needs_internet_is_absent_without_it():
    schema = DatasetSchema.from_dict(infer_schema("telco customers with tenure, contract type, internet service, tech support, online security and churn", today=TODAY))
    for row in rows_as_dicts(schema, rows=2000, seed=5):
        for service in ("tech_support", "online_security"):
            assert (row[service] == "No internet service") == (row["internet_service"] == "No"), row
    revenue = column("marketing campaigns with channel, budget, impressions, clicks, conversions and revenue", "revenue")
    assert revenue["correlate_with"] == "conversions"


def test_years_of_employment_are_a_count_and_a_streams_minutes_are_a_songs():
    years = column("loan applications with income, loan amount, employment years and approved", "employment_years")
    assert years["type"] == "integer" and years["max"] <= 50  # years employed, not a calendar year
    minutes = column("music streaming data: user id, song title, artist, stream date, minutes listened and skipped", "minutes_listened")
    assert minutes["max"] <= 10


def test_a_hospital_stays_bill_is_thousands_and_follows_the_length_of_stay():
    description = "patients admitted to a hospital with admission date, discharge date, diagnosis, length of stay and total bill"
    bill = column(description, "total_bill")
    assert bill["mean"] >= 5000 and bill["correlate_with"] == "length_of_stay"


# Column words in the description's language (data/synonyms.toml)


def test_dutch_column_words_are_read_as_their_english_concepts_and_keep_their_names():
    columns = {c["name"]: c for c in infer_schema("huurwoningen in Nederland: straat, woonplaats, oppervlakte in m², aantal kamers, huurprijs per maand in euro", today=TODAY)["columns"]}
    assert columns["woonplaats"]["type"] == "city"
    assert columns["straat"]["type"] == "street_address"
    assert columns["oppervlakte_sqm"]["max"] <= 400 and columns["aantal_kamers"]["max"] <= 10
    assert columns["huurprijs_per_maand_eur"]["unit"] == "EUR"


def test_german_and_spanish_column_words_are_read_too():
    german = {c["name"]: c["type"] for c in infer_schema("Mietwohnungen in Berlin: Straße, Wohnort, Zimmer, Kaltmiete in Euro, Baujahr", today=TODAY)["columns"]}
    assert german["wohnort"] == "city" and german["baujahr"] == "year"
    spanish = {c["name"]: c["type"] for c in infer_schema("clientes: nombre, apellido, ciudad, edad, fecha de alta", today=TODAY)["columns"]}
    assert spanish["ciudad"] == "city" and spanish["edad"] == "age"


def test_english_words_that_look_foreign_do_not_switch_the_language():
    assert language_of(key_text("research data: sample id, area, data source, client, age, via, surface, land")) == ""
    assert language_of(key_text("huurwoningen: straat, woonplaats, kamers")) == "nl"


def test_a_series_that_lists_its_readings_gets_those_readings_named_as_written():
    schema = infer_schema("hourly air quality readings (PM2.5, PM10, NO2, ozone) from 10 monitoring stations in Delhi", today=TODAY)
    readings = [c["name"] for c in schema["columns"] if c["type"] == "series_value"]
    assert readings == ["pm2_5", "pm10", "no2", "ozone"]
    columns = {c["name"]: c for c in schema["columns"]}
    assert columns["pm10"]["mean"] > columns["pm2_5"]["mean"] > 50  # Delhi's air, PM2.5 a part of PM10
    elsewhere = {c["name"]: c for c in infer_schema("hourly air quality readings (PM2.5, PM10) from 5 stations in Oslo", today=TODAY)["columns"]}
    assert elsewhere["pm2_5"]["mean"] < 50


def test_blood_counts_are_in_their_clinical_ranges():
    description = "blood test results: patient id, test date, haemoglobin in g/dL, white cell count, platelet count"
    columns = {c["name"]: c for c in infer_schema(description, today=TODAY)["columns"]}
    haemoglobin = next(c for name, c in columns.items() if name.startswith("haemoglobin"))
    assert haemoglobin["type"] == "decimal" and haemoglobin["unit"] == "g/dL" and 5 <= haemoglobin["min"] < haemoglobin["max"] <= 20
    platelets = values(description, "platelet_count")
    assert min(platelets) >= 20 and 150 <= sorted(platelets)[len(platelets) // 2] <= 450


def test_how_often_one_person_does_something_is_a_few_times_a_period():
    """A member's visits per week are 0-14, not the hundreds a shop counts; 'per week' names the visits."""
    from generator.inference.sources.offline import infer_schema

    cols = {c["name"]: c for c in infer_schema("gym members: member id, age, visits per week, orders per month, logins per week")["columns"]}
    assert cols["visits_per_week"]["max"] <= 14 and 1 <= cols["visits_per_week"]["mean"] <= 4
    assert cols["orders_per_month"]["max"] <= 30 and cols["logins_per_week"]["max"] <= 60


def test_a_rate_per_period_is_no_calendar_field_of_the_period():
    """'km per week' is a distance, 'minutes per day' and 'weeks waited' how long: never a week
    of the year or a minute of the hour."""
    from generator.inference.sources.offline import infer_schema

    cols = {c["name"]: c for c in infer_schema("survey respondents: id, km per week, minutes per day, weeks waited for surgery, screen time per day")["columns"]}
    assert cols["km_per_week"]["unit"] == "km" and cols["km_per_week"]["type"] == "decimal"
    assert cols["minutes_per_day"]["unit"] == "minutes" and cols["minutes_per_day"]["max"] > 59
    assert cols["weeks_waited_for_surgery"]["unit"] == "weeks" and cols["weeks_waited_for_surgery"]["distribution"] == "lognormal"
    assert cols["screen_time_per_day"]["unit"] == "minutes"


def test_the_time_since_an_event_keeps_its_name_and_is_how_long():
    from generator.inference.sources.offline import infer_schema

    cols = {c["name"]: c for c in infer_schema("patients: id, months since last visit, years since diagnosis, visits")["columns"]}
    assert cols["months_since_last_visit"]["unit"] == "months" and cols["months_since_last_visit"]["max"] <= 120
    assert cols["years_since_diagnosis"]["type"] == "integer" and cols["years_since_diagnosis"]["unit"] == "years"
    assert "sales" in {c["name"] for c in infer_schema("shops: id, sales since 2020")["columns"]}


def test_a_temperature_follows_what_is_heated_or_cooled_even_with_degrees_written_after_the_name():
    pour = values("bell foundry casting records: bell id, metal pour temperature °C", "metal_pour_temperature_deg_c")
    assert 1000 <= min(pour) and max(pour) <= 1220  # molten bronze, not the weather
    kiln = values("pottery studio kiln log: kiln, firing date, peak temperature °C", "peak_temperature_deg_c")
    assert 850 <= min(kiln) and max(kiln) <= 1320
    fridge = values("fridge log: fridge, temperature °C", "temperature_deg_c")
    assert -1 <= min(fridge) and max(fridge) <= 10  # '°C' after the name had hidden the fridge's own range
    weather = values("weather station: date, max temperature °C", "max_temperature_deg_c")
    assert min(weather) < 20 < max(weather) < 60


def test_z_scores_and_bone_t_scores_count_standard_deviations_and_a_psychometric_t_score_does_not():
    assert -4.5 <= min(values("growth clinic visits: child, weight-for-age z-score", "weight_for_age_z_score")) < 0
    bone = values("DEXA bone density scans: patient, age, T-score", "t_score")
    assert -5 <= min(bone) and max(bone) <= 3.5
    anxiety = values("personality test results: candidate, anxiety t-score", "anxiety_t_score")
    assert 20 <= min(anxiety) and max(anxiety) <= 80 and 40 < sum(anxiety) / len(anxiety) < 60


def test_a_coefficient_is_a_small_number_not_a_code():
    drag = values("wind tunnel runs: run number, airspeed, drag coefficient", "drag_coefficient")
    assert 0 <= min(drag) and max(drag) <= 2.5
