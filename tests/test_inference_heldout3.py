"""A third held-out set, written after all tuning and measured once for the report.

    DJANGO_DEBUG=1 .venv/bin/pytest tests/test_inference_heldout3.py -s
"""

from tests.inference_scoring import accuracy, case, want

NUMERIC = "integer|decimal|price|percentage|age|rating|year"

NAMED = [
    case("I'd like a CSV of online course enrollments. Each row: learner id, course name, enrolled on (date), progress percent, completed (true/false), quiz average 0-100.",
         want("learner", "id|integer"), want("course", "category|catch_phrase"), want("enrolled", "date"), want("progress", "percentage|decimal|integer", lambda c: c["max"] == 100),
         want("completed", "boolean"), want("quiz", "integer|decimal", lambda c: c["max"] == 100)),
    case("Energy readings from smart meters with meter_id, reading_date, consumption_kwh, tariff (day, night), cost_gbp",
         want("meter", "id|code"), want("date", "date|datetime"), want("consumption", "decimal", lambda c: c.get("unit") == "kWh"),
         want("tariff", "category", lambda c: set(c["values"]) == {"day", "night"}), want("cost", "price|decimal", lambda c: c.get("unit") == "GBP")),
    case("esports matches: match id, team A, team B, game (LoL, CS2, Valorant), winner, duration minutes, viewers",
         want("match", "id"), want("team_a", "category|catch_phrase"), want("team_b", "category|catch_phrase"), want("game", "category", lambda c: "CS2" in c["values"]),
         want("winner", "category|catch_phrase|full_name"), want("duration", "integer|decimal"), want("viewers", "integer")),
    case("Make me a spreadsheet of apartments for rent: monthly rent (800-3500 EUR), size m2, rooms, floor, furnished, balcony, district",
         want("rent", "integer|price|decimal", lambda c: c["min"] == 800 and c["max"] == 3500), want("size", "integer|decimal"), want("rooms", "integer"), want("floor", "integer"),
         want("furnished", "boolean"), want("balcony", "boolean"), want("district", "category|neighbourhood")),
    case("customer churn for a gym: member id, age, gender, membership length (months), avg visits per week, group classes (yes/no), churn",
         want("member", "id"), want("age", "age|integer"), want("gender", "gender|category"), want("membership", "integer", lambda c: c.get("unit") == "months"),
         want("visits", "integer|decimal"), want("group_classes", "boolean"), want("churn", "boolean")),
    case("stock portfolio holdings with ticker, shares, purchase price, purchase date, current price, sector",
         want("ticker", "category"), want("shares", "integer"), want("purchase_price", "price|decimal"), want("purchase_date", "date"), want("current_price", "price|decimal"),
         want("sector", "category")),
    case("Hospital staff roster: staff id, name, role (nurse, doctor, technician), ward, shift (day/night), hourly wage",
         want("staff", "id"), want("name", "full_name"), want("role", "category", lambda c: "nurse" in c["values"]), want("ward", "category"),
         want("shift", "category", lambda c: set(c["values"]) == {"day", "night"}), want("wage", "decimal|price|integer")),
    case("farm harvest log — field_id, crop (wheat, barley, corn), harvest_date, yield_tonnes, rainfall_mm, fertiliser_kg",
         want("field", "id|code"), want("crop", "category", lambda c: "barley" in c["values"]), want("harvest", "date"), want("yield", "decimal|integer"),
         want("rainfall", "decimal|integer"), want("fertiliser", "integer|decimal")),
    case("website visitors: visitor id, country, browser, pages visited, time on site (seconds), bounced, converted, referral source",
         want("visitor", "id"), want("country", "country|category"), want("browser", "category"), want("pages", "integer"), want("time_on_site", "integer|decimal"),
         want("bounced", "boolean"), want("converted", "boolean"), want("source", "category")),
    case("pet insurance claims including claim_id, pet_type (dog/cat), pet_age, vet_clinic, claim_amount, approved, submitted_on",
         want("claim", "id"), want("pet_type", "category", lambda c: set(c["values"]) == {"dog", "cat"}), want("pet_age", "integer|age"), want("vet", "category|company|full_name"),
         want("claim_amount", "price|decimal"), want("approved", "boolean|category"), want("submitted", "date|datetime")),
    case("Library books dataset. Columns are: title, author, year, genre, copies available, times borrowed last year, rating.",
         want("title", "catch_phrase|sentence"), want("author", "full_name"), want("year", "year|integer"), want("genre", "category"), want("copies", "integer"),
         want("borrowed", "integer"), want("rating", "rating|decimal")),
    case("Bike share trips: trip_id, start_station, end_station, started_at, ended_at, bike_type (classic or electric), rider_type member/casual",
         want("trip", "id"), want("start_station", "category"), want("end_station", "category"), want("started", "datetime"), want("ended", "datetime"),
         want("bike", "category", lambda c: "electric" in c["values"]), want("rider", "category", lambda c: "casual" in c["values"])),
    case("salary survey: job title, years experience, salary (USD), country, remote (yes/no), company size (1-10, 11-50, 51-200, 200+)",
         want("job", "job|category"), want("experience", "integer"), want("salary", "integer|decimal|price"), want("country", "country|category"), want("remote", "boolean"),
         want("company_size", "category", lambda c: "200+" in c["values"])),
    case("daily covid stats for one country: date, new cases, new deaths, tests performed, positivity rate, hospitalized",
         want("date", "date"), want("new_cases", "integer"), want("new_deaths", "integer"), want("tests", "integer"), want("positivity", "percentage|decimal"),
         want("hospitalized", "integer|boolean")),
    case("supermarket receipts with receipt no, store, cashier, date & time, number of items, total, paid by (cash, card, mobile)",
         want("receipt", "code|id"), want("store", "category|proper_name"), want("cashier", "full_name"), want("date", "datetime|date"), want("items", "integer"), want("total", "price|decimal"),
         want("paid", "category|payment_method")),
]


def test_third_heldout_accuracy_is_reported(capsys):
    named = accuracy(NAMED)
    with capsys.disabled():
        print(f"\nheld-out #3 named columns right: {named[1]}/{named[2]} = {named[0]:.1%} over {len(NAMED)} descriptions")
        for description, problems in named[3]:
            print(f"  - {description[:70]}: {'; '.join(p[:160] for p in problems)}")
    assert named[0] >= 0.93  # measured 95.9%
