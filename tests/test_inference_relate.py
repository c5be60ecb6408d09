"""Relations the offline inferrer reads from the shape of a description and of its column names
(build/relate.py, data/relate.toml), on descriptions no realism set holds, checked on generated rows."""

from __future__ import annotations

import datetime as dt

from generator.inference.sources.offline import infer_schema
from generator.schema import DatasetSchema
from generator.writers.cells import rows_as_dicts

TODAY = dt.date(2025, 6, 15)


def infer(description: str) -> dict:
    return infer_schema(description, today=TODAY)


def columns(description: str) -> dict[str, dict]:
    return {c["name"]: c for c in infer(description)["columns"]}


def rows(description: str, count: int = 1500) -> list[dict]:
    return rows_as_dicts(DatasetSchema.from_dict(infer(description)), rows=count, seed=5)


def test_a_value_said_to_be_empty_unless_a_status_is_there_exactly_for_that_status():
    found = rows("bicycle repair jobs: job id, bike model, status (waiting, repaired, scrapped), repair cost (empty unless repaired)")
    assert all((row["repair_cost"] is not None) == (row["status"] == "repaired") for row in found)
    assert 0 < sum(row["repair_cost"] is not None for row in found) < len(found)


def test_only_if_names_a_yes_no_column_and_if_not_keeps_the_value_for_the_other_rows():
    cols = columns("hotel rooms: room number, floor, has balcony (yes/no), balcony size in m2 (only if has balcony)")
    assert cols["balcony_size_sqm"]["present_when"] == {"column": "has_balcony", "in": [True]}
    cols = columns("library members: member id, joined on, left (yes/no), reason for leaving (blank if not left)")
    assert cols["reason_for_leaving"]["present_when"] == {"column": "left", "in": [True]}


def test_a_planned_or_actual_event_is_a_date_after_the_start_and_an_amount_before_a_participle_is_money():
    cols = columns("renovation jobs: job id, start date, planned handover, actual handover, tax withheld")
    assert cols["planned_handover"]["type"] == "date" and cols["actual_handover"]["type"] == "date"
    assert cols["tax_withheld"]["type"] == "price"


def test_an_amount_charged_at_a_rate_is_the_rate_share_of_its_base():
    found = rows("supplier invoices: invoice number, net amount, VAT rate %, VAT charged")
    assert all(abs(row["vat_charged"] - round(row["net_amount"] * row["vat_rate"] / 100, 2)) < 0.011 for row in found)


def test_lone_participles_beside_a_capacity_count_people_within_it():
    found = rows("yoga studio sessions: session id, teacher, capacity, booked, attended")
    assert all(row["attended"] <= row["booked"] <= row["capacity"] for row in found)
    assert len({row["attended"] for row in found}) > 5


def test_a_counted_thing_after_its_describing_words_is_the_column_with_that_many_values():
    cols = columns("visits to 6 community sports centres in 2024: centre, visit date, visitors")
    assert cols["centre"]["distinct"] == 6
    cols = columns("sales at 5 stores selling shoes: store, shoe size, price")
    assert cols["store"]["distinct"] == 5 and "distinct" not in cols["shoe_size"]


def test_a_booking_comes_before_the_occasion_the_rows_are_about_and_the_balance_falls_due_before_it():
    found = rows("christening party bookings: family name, booked on, christening date, balance due date, total price")
    assert all(row["booked_on"] <= row["christening_date"] and row["balance_due_date"] <= row["christening_date"] for row in found)


def test_predict_whether_makes_a_yes_no_target_of_the_clause():
    schema = infer("tenancy data to predict whether a tenant renews the lease from monthly rent, years as tenant and number of complaints")
    target = next(c for c in schema["columns"] if c["type"] == "target")
    assert target["task"] == "binary" and "renews" in target["name"]


def test_years_of_something_count_years_within_the_age_and_earlier_things_are_counted():
    cols = columns("cyclists: rider age, years riding, previous crashes, bike price")
    assert cols["years_riding"]["type"] == "integer" and cols["years_riding"]["at_most"] == "rider_age"
    assert cols["previous_crashes"]["type"] == "integer" and cols["previous_crashes"]["max"] <= 15


def test_a_measure_taken_again_at_a_time_point_keeps_its_name_and_follows_the_first_taking():
    cols = columns("weight loss study: participant, baseline weight, week 12 weight, month 6 score")
    assert cols["week_12_weight"]["correlate_with"] == "baseline_weight"
    assert "month_6_score" in cols and "distinct" not in cols["month_6_score"] and "distinct" not in cols["baseline_weight"]


def test_events_named_in_turn_follow_the_one_before_by_the_later_verbs_usual_gap():
    found = rows("phone warranty repairs: claim id, phone model, received at, repaired at, shipped back at, delivered at")
    stamps = [[dt.datetime.fromisoformat(str(row[n])) for n in ("received_at", "repaired_at", "shipped_back_at", "delivered_at")] for row in found]
    assert all(a <= b <= c <= d for a, b, c, d in stamps)
    assert all(dt.timedelta(days=1) <= d - c <= dt.timedelta(days=7) for _, _, c, d in stamps)  # a parcel takes days, not minutes
    found = [{n: dt.date.fromisoformat(str(v)) for n, v in row.items() if n != "proposal_id"}
             for row in rows("research council proposals: proposal id, submitted on, screened on, panel meeting on, decided on")]
    gaps = [(row["panel_meeting_on"] - row["screened_on"]).days for row in found]
    assert min(gaps) >= 14 and max(gaps) <= 180  # a panel sits weeks to months on, not the next day
    assert all(row["submitted_on"] <= row["screened_on"] <= row["panel_meeting_on"] < row["decided_on"] for row in found)


def test_a_moment_named_after_its_status_is_there_once_the_status_says_it_happened():
    cols = columns("planning appeals: appeal id, ground, verdict (upheld, dismissed, awaiting), verdict date")
    assert cols["verdict_date"]["present_when"] == {"column": "verdict", "in": ["upheld", "dismissed"]}
    cols = columns("lost property at a stadium: item, reported at, status (searching, recovered, returned to owner, search abandoned), recovered at")
    assert cols["recovered_at"]["present_when"] == {"column": "status", "in": ["recovered", "returned to owner"]}


def test_a_condition_read_past_its_filler_and_a_said_missing_share():
    cols = columns("apprentices: name, trade, quit early (yes/no), final assessment mark (only for apprentices who did not quit early)")
    assert cols["final_assessment_mark"]["present_when"] == {"column": "quit_early", "in": [False]}
    cols = columns("club members: name, email, pager number (mostly empty), second phone (often missing), locker (blank after the season)")
    assert cols["pager_number"]["null_rate"] == 0.8 and cols["second_phone"]["null_rate"] == 0.4 and 0 < cols["locker"]["null_rate"] < 0.8


def test_a_category_whose_values_are_listed_keeps_them():
    cols = columns("holiday lets: property type (cottage, lodge, barn conversion), nightly price")
    assert cols["property_type"]["type"] == "category" and cols["property_type"]["values"] == ["cottage", "lodge", "barn conversion"]


def test_a_number_set_by_a_group_takes_a_band_of_its_own():
    found = rows("spa bookings: treatment (facial, massage, manicure, body wrap), session minutes")
    by_group: dict[str, list[float]] = {}
    for row in found:
        by_group.setdefault(row["treatment"], []).append(row["session_minutes"])
    means = sorted(sum(v) / len(v) for v in by_group.values())
    assert len(means) == 4 and means[-1] >= 1.5 * means[0]  # not one range for every treatment


def test_a_things_own_number_and_a_class_named_by_what_it_measures_set_the_number():
    cols = columns("judo contests: contest id, weight category (under 60 kg, under 73 kg, under 90 kg, over 100 kg), recorded weight in kg")
    assert cols["recorded_weight_kg"]["depends_on"] == "weight_category"
    assert columns("gym kit: machine (treadmill, rower, bike), machine price, bought on")["machine_price"]["depends_on"] == "machine"
    cols = columns("broadband switches: customer, previous package (lite, fibre, gigabit), new package, previous monthly fee, new monthly fee, switched on")
    assert cols["new_package"]["values"] == ["lite", "fibre", "gigabit"] and cols["new_package"]["differs_from"] == "previous_package"
    assert cols["new_monthly_fee"]["depends_on"] == "new_package" and cols["previous_monthly_fee"]["depends_on"] == "previous_package"


def test_an_event_no_type_placed_is_a_moment_in_the_rows_story():
    cols = columns("residence permits: permit id, lodged on, fingerprint appointment, granted on")
    assert cols["fingerprint_appointment"]["type"] == "date" and cols["fingerprint_appointment"]["after"] == "lodged_on"
    assert cols["granted_on"]["after"] == "fingerprint_appointment"


def test_text_beside_an_it_category_or_a_satisfaction_score_follows_it():
    found = rows("school IT helpdesk: ticket id, category (hardware, network, software), details, logged at")
    said = {"hardware": ("laptop", "monitor", "keyboard", "mouse", "printer", "screen", "charger", "device", "webcam", "phone", "docking"),
            "network": ("wifi", "vpn", "internet", "connect", "network", "router", "eduroam", "ethernet")}
    for category, words in said.items():
        texts = [row["details"].lower() for row in found if row["category"] == category]
        assert sum(any(w in text for w in words) for text in texts) >= 0.8 * len(texts)
    cols = columns("course feedback survey: course, satisfaction (1-5), free-text comment")
    assert cols["free_text_comment"]["type"] == "review_text" and cols["free_text_comment"]["rating_column"] == "satisfaction"


def test_a_scheduled_start_with_no_profile_of_its_own_keeps_working_hours():
    found = rows("tattoo studio sessions: client, artist, start time, style (fine line, blackwork)")
    hours = [int(str(row["start_time"]).split(":")[0]) for row in found]
    assert sum(7 <= h < 20 for h in hours) >= 0.95 * len(hours)


def test_something_that_runs_from_a_start_to_an_end_runs_for_weeks_to_months():
    found = rows("art exhibitions at a gallery: title, curator, start date, end date")
    days = [(dt.date.fromisoformat(str(row["end_date"])) - dt.date.fromisoformat(str(row["start_date"]))).days for row in found]
    assert min(days) >= 7 and max(days) <= 365


def test_a_middle_and_the_ends_of_one_range_keep_their_order():
    found = rows("training rides: rider, minimum speed (km/h), average speed (km/h), maximum speed (km/h), resting pulse, peak pulse")
    assert all(row["minimum_speed"] <= row["average_speed"] <= row["maximum_speed"] for row in found)
    assert all(row["resting_pulse"] <= row["peak_pulse"] for row in found)


def test_a_number_sharing_a_word_with_its_named_whole_is_a_part_of_it():
    cols = columns("a bakery's flour deliveries: delivery id, sacks ordered, damaged sacks, flour weight received in kg, usable flour weight in kg")
    assert cols["damaged_sacks"]["at_most"] == "sacks_ordered"
    assert cols["usable_flour_weight_kg"]["at_most"] == "flour_weight_received_kg"
    assert cols["usable_flour_weight_kg"]["correlate_with"] == "flour_weight_received_kg"


def test_a_total_beside_its_subtotal_fee_and_discount_is_their_sum_and_a_fee_a_part_of_the_gross():
    found = rows("ticket orders for a ferry line: order id, subtotal (EUR), booking fee (EUR), rebate (EUR), total (EUR)")
    assert all(abs(row["total"] - (row["subtotal"] + row["booking_fee"] - row["rebate"])) < 0.011 for row in found)
    cols = columns("contractor invoices: invoice id, gross amount (USD), withholding tax (USD), platform fee (USD)")
    assert cols["withholding_tax"]["at_most"] == cols["platform_fee"]["at_most"] == "gross_amount"


def test_a_percentage_named_after_a_part_and_its_whole_is_the_parts_share():
    found = rows("load figures of a regional airline: flight number, aircraft seats, seats sold, load factor (%)")
    assert all(row["load_factor"] == round(100 * row["seats_sold"] / max(row["aircraft_seats"], 1), 1) for row in found)
    cols = columns("home loan applications: applicant, property value (EUR), loan amount (EUR), loan to value ratio (%)")
    assert cols["loan_amount"]["expression"] == "round(property_value * loan_to_value_ratio / 100, 0)"  # a ratio of its own size sets the part


def test_a_things_age_beside_the_year_it_was_made_is_the_years_since_and_an_older_heart_peaks_lower():
    cols = columns("used vans for sale: van id, year of manufacture, age, price")
    assert cols["age"]["expression"] == f"{cols['year_of_manufacture']['max']} - year_of_manufacture"
    cols = columns("exercise tests at a clinic: patient, age, resting heart rate, peak heart rate")
    assert cols["peak_heart_rate"]["correlate_with"] == "age" and cols["peak_heart_rate"]["correlation"] < 0
    assert cols["peak_heart_rate"]["at_least"] == "resting_heart_rate"


def test_a_stays_nights_run_from_arrival_to_departure_and_a_rate_per_night_is_money():
    cols = columns("hotel folios: folio number, guest, arrival date, departure date, nights, room rate per night")
    assert cols["nights"]["expression"] == "departure_date - arrival_date"
    assert cols["room_rate_per_night"]["type"] == "price"


def test_a_percentage_named_for_what_the_part_lacks_is_the_rest_of_the_whole():
    found = rows("coffee roasts: roast id, green weight (kg), roasted weight (kg), weight loss (%)")
    assert all(row["roasted_weight"] <= row["green_weight"] for row in found)
    assert all(row["weight_loss"] == round(100 - 100 * row["roasted_weight"] / max(row["green_weight"], 1), 1) for row in found)


def test_a_pass_follows_the_score_and_an_earlier_grade_does_not():
    """'passed' beside a final score is the score at or above one pass mark in every row (it had
    been drawn on its own: 72 failed while 64 passed); a 'previous grade' came before the final
    score, so it is neither derived from it nor a kind that sets study hours."""
    description = "student exam results: student id, study hours per week, previous grade, final exam score, passed"
    found = columns(description)
    assert found["previous_grade"]["type"] == "category"
    assert "depends_on" not in found["study_hours_per_week"]
    made = rows(description)
    passing = [r["final_exam_score"] for r in made if r["passed"]]
    failing = [r["final_exam_score"] for r in made if not r["passed"]]
    assert passing and failing and min(passing) > max(failing)
    assert 0.5 < len(passing) / len(made) < 0.95


def test_an_optional_later_date_is_empty_until_it_has_happened():
    """A termination date (some rows only) after a hire date that runs to today is never in the
    future: where it would be, the person is still employed and the cell is empty (it had been
    2029-11-28 beside a 2024 hire)."""
    description = "HR dataset of employees: employee id, hire date, termination date, department, salary"
    found = columns(description)
    assert found["termination_date"]["until"] == found["hire_date"]["end"]
    made = rows(description)
    ended = [r["termination_date"] for r in made if r["termination_date"] is not None]
    assert ended and max(ended) <= TODAY.isoformat()
    assert all(r["termination_date"] > r["hire_date"] for r in made if r["termination_date"] is not None)
    recent = [r for r in made if r["hire_date"] > "2024-06-15"]
    assert recent and sum(r["termination_date"] is None for r in recent) / len(recent) > 0.9


def test_a_famous_dataset_keeps_what_its_real_rows_obey():
    """Titanic: fares by class (first class dearest, third cheapest) and a cabin recorded for most
    first-class passengers and no others (data/domains `relations`), whatever the columns are called."""
    for description in ("a Kaggle-style dataset of Titanic passengers", "titanic: passenger class, fare, cabin, survived"):
        made = rows(description, 3000)
        klass = "pclass" if "pclass" in made[0] else "passenger_class"
        fares = {k: sorted(r["fare"] for r in made if r[klass] == k) for k in ("1", "2", "3")}
        medians = {k: v[len(v) // 2] for k, v in fares.items()}
        assert medians["1"] > 2 * medians["2"] and medians["2"] > medians["3"]
        cabins = {k: sum(r["cabin"] is not None for r in made if r[klass] == k) / len(fares[k]) for k in fares}
        assert cabins["1"] > 0.7 and cabins["2"] == cabins["3"] == 0


def test_a_moment_people_turn_up_for_is_not_on_a_booking_grid():
    """A taxi's pickup or an emergency arrival happens at any minute; a booked appointment in the
    same kind of description stays on the quarter-hour grid."""
    assert "step" not in columns("taxi trips with pickup time, distance in miles, fare and tip")["pickup_time"]
    assert "step" not in columns("emergency room visits with arrival time, triage level and wait minutes")["arrival_time"]
    assert columns("emergency clinic follow-ups with appointment time and patient")["appointment_time"]["step"] == 15
    minutes = {r["pickup_time"][14:16] for r in rows("taxi trips with pickup time, distance in miles, fare and tip", 500)}
    assert len(minutes) > 30


def test_a_tip_is_a_share_of_the_bill_it_was_left_on():
    """A tip beside a bill or fare is mostly 8-24% of it in every row (it had been about 3 dollars
    whether the bill was 15 or 149)."""
    for description in ("restaurant orders with number of guests, bill total, tip and payment method", "taxi trips with distance in miles, fare and tip"):
        made = rows(description)
        whole = "bill_total" if "bill_total" in made[0] else "fare"
        shares = sorted(r["tip"] / r[whole] for r in made if r[whole])
        assert 0.12 < shares[len(shares) // 2] < 0.2 and shares[0] >= 0 and shares[-1] <= 0.25  # rounded to cents


def test_a_unit_price_is_no_size_that_grows_with_the_quantity():
    """'unit price' beside a quantity follows nothing (it had followed the quantity at 0.85, so a
    bulk order of three was of dearer goods); the line total is quantity times unit price."""
    found = columns("e-commerce orders with product category, quantity, unit price and total")
    assert "correlate_with" not in found["unit_price"]
    assert found["total"]["type"] == "derived" and "unit_price" in found["total"]["expression"]


def test_a_limit_bounds_every_number_of_what_it_limits_and_the_highest_bounds_the_other_takings():
    found = rows("crane lifts on a building site: lift id, rated load (kg), lifted load (kg), max wind speed (m/s), wind speed at lift (m/s), hook height (m), max hook height (m)")
    assert all(row["lifted_load"] <= row["rated_load"] for row in found)
    assert all(row["wind_speed_at_lift"] <= row["max_wind_speed"] for row in found)
    assert all(row["hook_height"] <= row["max_hook_height"] for row in found)
    found = rows("rocket launch manifest: mission, payload mass (kg), payload capacity (kg)")
    assert all(row["payload_mass"] <= row["payload_capacity"] for row in found)
    found = rows("lift rope checks: lift, broken wires found, broken wires allowed")  # a count, not a yes/no like 'pets allowed'
    assert all(row["broken_wires_found"] <= row["broken_wires_allowed"] for row in found)


def test_counts_of_one_noun_said_with_what_was_done_to_them_are_stages_in_the_order_named():
    found = rows("jam kitchen batches: batch, jars filled, jars sealed, jars labelled, goals scored, goals conceded")
    assert all(row["jars_sealed"] <= row["jars_filled"] and row["jars_labelled"] <= row["jars_sealed"] for row in found)
    cols = columns("jam kitchen batches: batch, jars filled, jars sealed, jars labelled, goals scored, goals conceded")
    assert "at_most" not in cols["goals_conceded"]  # scored and conceded are two flows, not stages
    cols = columns("hen houses: house, eggs laid, cracked eggs, eggs sold")
    assert cols["cracked_eggs"].get("at_most") == "eggs_laid" and cols["eggs_sold"].get("at_most") == "eggs_laid"  # a kind is within the first stage


def test_the_previous_taking_of_an_event_comes_before_it():
    found = rows("chimney inspections: chimney, inspection date, previous inspection date, inspector")
    gaps = [(dt.date.fromisoformat(str(r["inspection_date"])) - dt.date.fromisoformat(str(r["previous_inspection_date"]))).days for r in found]
    assert min(gaps) >= 21 and max(gaps) <= 400


def test_an_actual_moment_follows_its_scheduled_one_by_minutes():
    found = rows("ferry sailings: route, scheduled departure time, actual departure time, cars on board")
    seconds = [(dt.datetime.combine(TODAY, dt.time.fromisoformat(str(r["actual_departure_time"])))
                - dt.datetime.combine(TODAY, dt.time.fromisoformat(str(r["scheduled_departure_time"])))).total_seconds() for r in found]
    assert min(seconds) >= 0 and max(seconds) <= 30 * 60


def test_a_depths_bottom_is_below_its_top_and_a_total_bounds_a_part_of_it():
    found = rows("soil cores: core id, horizon, depth top (cm), depth bottom (cm)")
    assert all(row["depth_bottom"] >= row["depth_top"] for row in found)
    found = rows("shipwreck surveys: wreck, total cargo weight (t), recovered cargo weight (t), divers working")
    assert all(row["recovered_cargo_weight"] <= row["total_cargo_weight"] for row in found)


def test_a_contests_outcomes_are_some_of_the_contests_fought_and_people_doing_something_are_counted():
    found = rows("kendo club season: fencer, bouts fought, wins, losses")
    assert all(row["wins"] <= row["bouts_fought"] and row["losses"] <= row["bouts_fought"] for row in found)
    found = rows("pilgrimage chapel services: service date, pilgrims attending, chapel seats")
    assert all(isinstance(row["pilgrims_attending"], int) and row["pilgrims_attending"] <= row["chapel_seats"] for row in found)


def test_an_age_at_an_event_is_the_whole_years_from_the_birth_date_to_it():
    found = rows("hospice register: patient, date of birth, date of admission, date of death, age at death")
    for row in found:
        birth, death = dt.date.fromisoformat(str(row["date_of_birth"])), dt.date.fromisoformat(str(row["date_of_death"]))
        assert row["age_at_death"] == (death - birth).days // 365.25


def test_a_bare_before_or_after_names_which_taking_of_a_measure():
    cols = columns("rowers' ergometer tests: rower, heart rate before, heart rate after, weight before (kg), weight after (kg)")
    assert {"heart_rate_before", "heart_rate_after", "weight_before", "weight_after"} <= set(cols)
    assert cols["weight_after"].get("correlate_with") == "weight_before"


def test_a_pupils_age_follows_their_school_grade_but_a_pay_grade_says_nothing_of_age():
    found = rows("chess club for elementary school pupils: pupil, age, grade (1-5), rating")
    assert all(row["grade"] + 5 <= row["age"] <= row["grade"] + 6 for row in found)
    assert columns("employees: name, age, grade (1-10), salary")["age"]["type"] == "age"


def test_a_time_said_in_a_unit_of_duration_is_how_long_not_a_clock_time():
    cols = columns("pickle cellar batches: batch, brining time (hours), drying time in days, start time")
    assert cols["brining_time"]["type"] in ("integer", "decimal") and cols["brining_time"]["unit"] == "hours"  # 3.5 hours
    assert cols["drying_time_days"]["type"] == "integer" and cols["drying_time_days"]["unit"] == "days"
    assert cols["start_time"]["type"] == "time"


def test_the_years_of_a_working_life_nest_inside_each_other_and_the_adult_years():
    found = rows("staff turnover study: age, years in current role, years with the company, total working years, monthly pay, left (yes/no)")
    assert all(r["years_in_current_role"] <= r["years_with_company"] <= r["total_working_years"] <= r["age"] - 18 for r in found)
    mean_tenure = sum(r["years_with_company"] for r in found) / len(found)
    assert 4 <= mean_tenure <= 10  # an employee of about 37 has been some 7 years with the company
    assert max(r["monthly_pay"] for r in found) <= 20000  # a month's pay, not a year's
    alone = rows("consultants: name, age, years of experience, day rate")
    assert all(0 <= r["years_of_experience"] <= r["age"] - 18 for r in alone)
    assert all(60 <= r["day_rate"] <= 1500 for r in alone)  # money for a day's work, not a percentage


def test_a_unit_of_time_before_a_participle_is_how_long_not_a_yes_no():
    cols = columns("timesheets: employee, days worked, weeks waited for approval")
    assert cols["days_worked"]["type"] == "integer" and cols["days_worked"]["unit"] == "days"


def test_the_name_in_a_table_of_doers_is_a_persons():
    for description in ("freelancers: name, day rate, hourly rate", "beekeepers: name, hives, honey yield in kg"):
        assert columns(description)["name"]["type"] == "full_name", description
    assert columns("routers: name, model, firmware version")["name"]["type"] != "full_name"


def test_a_cars_year_and_fuel_follow_its_model():
    import tomllib
    from pathlib import Path

    facts = tomllib.loads(Path("generator/types/data/cars.toml").read_text(encoding="utf-8"))
    electric = set(facts["powertrain"]["electric"])
    found = rows("used cars for sale: make, model, year, mileage, fuel type, transmission, price", 3000)
    for row in found:
        first, last = facts["years"][f"{row['make']} {row['model']}"]
        assert first <= row["year"] <= (last or 2026), row
        assert (row["fuel_type"] == "Electric") == (f"{row['make']} {row['model']}" in electric), row
        assert row["fuel_type"] != "Electric" or row["transmission"] == "Automatic", row
    assert 0 < sum(r["fuel_type"] == "Electric" for r in found) < len(found) / 4


def test_a_chains_stores_are_few_and_of_its_kind_and_a_series_of_them_is_by_store():
    found = rows("supermarket sales: invoice id, branch, city, product line, quantity, total")
    assert len({r["branch"] for r in found}) == 5 and all(r["branch"].endswith("Supermarket") for r in found)
    assert columns("stores: store name, city, floor area, opening date")["store_name"].get("distinct") is None  # one row a store
    schema = infer("daily sales of 8 supermarkets over 2024: store, date, revenue, customers")
    assert schema["series"]["entity"] == "store" and schema["series"]["entities"] == 8
    assert [c["name"] for c in schema["columns"]].count("store") == 1 and "supermarket" not in [c["name"] for c in schema["columns"]]


def test_a_charge_stated_as_a_rate_is_that_share_of_the_amount_and_in_the_total():
    for row in rows("supermarket sales: invoice id, branch, product line, unit price, quantity, tax 5%, total", 300):
        amount = row["unit_price"] * row["quantity"]
        assert abs(row["tax"] - amount * 0.05) <= 0.006 and abs(row["total"] - (amount + row["tax"])) <= 0.011, row
    for row in rows("restaurant bills: table number, subtotal, service charge 12.5%, total", 300):
        assert abs(row["service_charge"] - row["subtotal"] * 0.125) <= 0.006 and abs(row["total"] - row["subtotal"] - row["service_charge"]) <= 0.011, row


def test_one_named_person_is_one_person_and_a_series_per_shop_is_by_shop():
    for row in rows("marathon results: runner name, age, gender, country, finish time", 400):
        first = row["runner_name"].split()[0]
        assert first not in {"Paul", "Michael", "John", "David"} or row["gender"] == "Male", row
        assert first not in {"Mary", "Jennifer", "Linda", "Patricia"} or row["gender"] == "Female", row
    assert "role" not in columns("marathon results: runner name, age, gender")["runner_name"]
    assert {c.get("role") for c in infer("rides: driver name, rider name")["columns"]} - {None} == {"driver", "rider"}
    schema = infer("a chain of bakeries in Portugal: daily sales per shop for 6 shops over 2024, loaves sold, revenue in EUR")
    shop = next(c for c in schema["columns"] if c["name"] == "shop")
    assert schema["series"]["entity"] == "shop" and shop["type"] == "proper_name" and shop["noun"] == "Bakery"


def test_a_workers_trade_on_a_building_crew_is_a_trade():
    assert "Carpenter" in columns("a builder's crew: worker name, trade, daily wage, days worked")["trade"]["values"]
    assert columns("stock trades: trade id, ticker, quantity, price")["trade_id"]["type"] == "id"


def test_a_job_title_follows_age_or_experience_and_pay_follows_the_title():
    cols = columns("employees: name, age, job title, department, years at company, salary, attrition")
    assert cols["job_title"]["experience_column"] == "age" and cols["salary"]["correlate_with"] == "job_title"
    cols = columns("hr data: employee id, age, total working years, job title, monthly income")
    assert cols["job_title"]["experience_column"] == "total_working_years" and cols["monthly_income"]["correlate_with"] == "job_title"
    assert "experience_column" not in columns("job postings: job title, company, city, posted date")["job_title"]


def test_a_year_something_was_made_is_never_after_a_later_date_of_it():
    assert columns("netflix titles: title, date added, release year, rating")["release_year"]["at_most"] == "date_added"
    for row in rows("house sales: sale date, year built, price", 800):
        assert row["year_built"] <= int(row["sale_date"][:4]), row
    assert "at_most" not in columns("people: name, birth date, year joined")["year_joined"]


def test_a_diagnosis_follows_the_ward():
    cols = columns("hospital admissions: patient id, age, gender, admission date, diagnosis, ward")
    assert cols["diagnosis"]["specialty_column"] == "ward"
    assert "specialty_column" not in columns("clinic visits: patient id, visit date, diagnosis")["diagnosis"]
