"""Common tables a learner asks for: customers, orders, employees, sensors, flights, ... Most
columns are named only, so the lexicon gives their meaning; a few need values of their own."""

from generator.inference.concept import cat, num
from generator.inference.domains import domain, t

COMMON = [
    domain("orders", "E-commerce orders", "order", "order:3 e_?commerce:6 ecommerce:6 online_shop\\w*:5 online_store:5 webshop:6 checkout:3 cart:2 purchase:2 shopify:6", [
        t("order id", "id"), t("customer id", "integer", "Customer who placed the order", **num(1, 5000)), t("order date", "date", "Order date", start="-2y", end="0d"),
        t("product|product name"), t("category|product category"), t("quantity"), t("unit price|price"), t("discount"), t("total amount|total|order total|amount"),
        t("payment method"), t("shipping address|address"), t("shipping country|country"), t("order status|status"),
        t("ship date|shipped date", "date", "Date shipped", start="-2y", end="+3d"), t("delivery date|delivered date", "date", "Date delivered", start="-2y", end="+14d"),
    ]),
    domain("customers", "Customers", "customer", "customer:3 client:2 crm:5 shopper:3 consumer:2", [
        t("customer id", "id"), t("first name"), t("last name"), t("email"), t("phone"), t("age"), t("gender"), t("city"), t("country"),
        t("signup date|registration date|join date"), t("plan|membership"), t("lifetime value|total spent"), t("is active|active"),
    ]),
    domain("products", "Products", "product", "product:3 catalog\\w*:5 catalogue:5 inventory:4 sku:4 merchandise:4 item:1", [
        t("product id", "id"), t("sku"), t("product name|name|title"), t("category"), t("brand"), t("price"), t("cost"), t("stock|stock quantity|inventory"),
        t("rating"), t("review count|reviews"), t("supplier"), t("in stock|available"), t("date added|created date", "date", "Date listed", start="-4y", end="0d"),
    ]),
    domain("employees", "Employees", "employee", "employee:4 staff:4 worker:3 workforce:4 hr:3 human_resource:4 payroll:4 personnel:4 company:1 headcount:3", [
        t("employee id", "id"), t("first name"), t("last name"), t("email", "email", "Work email"), t("gender"),
        t("age", "age", "Age in years", unit="years", min=20, max=66, distribution="normal", mean=40, std=10), t("department"), t("job title"),
        t("hire date"), t("salary"), t("manager|manager name"), t("performance rating"), t("remote|works remotely"), t("city|office location"),
    ]),
    domain("students", "Students", "student", "student:4 pupil:4 school:3 university:3 college:3 classroom:3 gpa:4 grade:2 course:2 enrollment:3 enrolment:3 campus:3 learner:3", [
        t("student id", "id"), t("first name"), t("last name"), t("email"), t("gender"), t("age", "age", "Age in years", unit="years", min=17, max=30, distribution="normal", mean=21, std=2.5),
        t("major|program"), t("year of study|class year", "integer", "Year of study", **num(1, 4)), t("gpa"), t("enrollment date"), t("attendance"), t("scholarship"), t("graduated|passed"),
    ]),
    domain("school_grades", "School grades", "pupil", "high_school:6 grade_level:5 homeroom:5 report_card:8 kid:5 school_kid:8 child:4 children:4 elementary:6 primary_school:6 pupil:5 teacher:3 exam:3 test_score:4", [
        t("student id", "id"), t("student name|name", "full_name", "Student name"), t("grade level"), t("age", "age", "Age", unit="years", min=6, max=18, distribution="uniform"),
        t("subject", "category", "Subject", **cat("Math|English|Science|History|Geography|Art|Physical Education")), t("teacher"), t("test score|score"), t("letter grade|grade"),
        t("absences"), t("homework completed|homework", "percentage", "Homework completed", **num(20, 100, "normal", 82, 14, 0)),
    ]),
    domain("sales", "Sales transactions", "sale", "sale:3 sales:3 retail:4 store:2 revenue:2 point_of_sale:6 pos:4 shop:2 transaction:1 supermarket:5 grocery:4", [
        t("transaction id|sale id", "id"), t("date|sale date", "date", "Date of sale", start="-2y", end="0d"), t("time", "time", "Time of sale", start="08:00:00", end="21:00:00"),
        t("store|store location|branch"), t("product|product name"), t("category|product category"), t("quantity"), t("unit price|price"), t("total|total amount|revenue|sales"),
        t("payment method"), t("customer type|customer segment", "category", "Customer type", **cat("Member:45|Normal:55")), t("salesperson|cashier|sales rep"),
    ]),
    domain("coffee", "Coffee shop sales", "transaction", "coffee:8 cafe:6 coffee_shop:10 barista:6 espresso:5 latte:5 bakery:4 starbuck\\w*:6", [
        t("transaction id", "id"), t("transaction date|date", "date", "Date", start="-1y", end="0d"), t("transaction time|time", "time", "Time", start="06:30:00", end="20:30:00"),
        t("store location|store|branch", "category", "Store", **cat("Lower Manhattan:33|Hell's Kitchen:34|Astoria:33")),
        t("product category|category", "category", "Product category", **cat("Coffee:39|Tea:30|Bakery:12|Drinking Chocolate:8|Flavours:4|Coffee beans:2|Branded:1|Loose Tea:2|Packaged Chocolate:2")),
        t("product|product name|drink|item|product type|product detail", "category", "Product", **cat("Latte:18|Cappuccino:14|Americano:12|Espresso:9|Flat white:8|Mocha:7|Earl Grey tea:7|Chai latte:6|Croissant:7|Blueberry muffin:5|Hot chocolate:4|Scone:3")),
        t("size|drink size|cup size", "category", "Cup size", **cat("Small:30|Medium:45|Large:25")), t("quantity|qty|transaction qty", "integer", "Quantity", **num(1, 4, "exponential", 1.4)),
        t("unit price|price", "price", "Unit price", unit="USD", **num(2, 9, "lognormal", 3.4)), t("total|total amount|sales", "price", "Line total", unit="USD", **num(2, 40, "lognormal", 4.7)), t("payment method"),
    ]),
    domain("transactions", "Bank transactions", "transaction", "bank:3 transaction:3 banking:5 account:2 deposit:2 withdrawal:4 atm:4 payment:2 fintech:4 wallet:2", [
        t("transaction id", "id"), t("account id|account number", "integer", "Account", **num(1, 5000)), t("timestamp|date|transaction date", "datetime", "When it happened", start="-1y", end="0d"),
        t("transaction type|type"), t("amount|transaction amount"), t("balance after|balance", "decimal", "Balance after the transaction", unit="USD", **num(0, 50000, "lognormal", 4000, dec=2)),
        t("merchant|merchant name"), t("merchant category|category"), t("currency"), t("channel", "category", "Channel", **cat("Card:55|Online banking:20|Mobile app:15|ATM:7|Branch:3")),
        t("city|location"), t("status|transaction status", "category", "Status", **cat("Completed:90|Pending:6|Failed:3|Reversed:1")), t("is fraud|fraud"),
    ]),
    domain("bank_accounts", "Bank customers", "account holder", "bank_account:8 account_holder:6 checking:4 saving:3 credit_score:3 bank_customer:8 exited:4 hascrcard:10 numofproduct\\w*:10", [
        t("customer id|account id", "id"), t("surname|last name"), t("credit score"), t("geography|country", "category", "Country", **cat("France:50|Germany:25|Spain:25")), t("gender"),
        t("age"), t("tenure", "integer", "Years as a customer", unit="years", **num(0, 10)), t("balance"),
        t("number of products|num of products|products", "integer", "Bank products held", **num(1, 4, "exponential", 1.5)), t("has credit card|has cr card", "boolean", "Has a credit card", true_rate=0.7),
        t("is active member|active member|active", "boolean", "Active member", true_rate=0.51), t("estimated salary|salary", "decimal", "Estimated salary", unit="EUR", **num(11, 200000, "uniform", dec=2)),
        t("exited|churned|churn", "boolean", "Left the bank", true_rate=0.2),
    ]),
    domain("loans", "Loans", "loan", "loan:4 lending:6 lending_club:10 lendingclub:10 borrower:5 credit:2 mortgage:3 installment:4 underwriting:6", [
        t("loan id", "id"), t("loan amount"), t("term|loan term", "category", "Term", **cat("36 months:75|60 months:25")), t("interest rate"),
        t("installment|monthly payment", "price", "Monthly instalment", unit="USD", **num(20, 1500, "lognormal", 420)), t("grade|credit grade"),
        t("employment length|emp length", "category", "Years employed", **cat("10+ years:33|2 years:9|< 1 year:8|3 years:8|1 year:7|5 years:6|4 years:6|6 years:5|7 years:5|8 years:5|9 years:4")),
        t("home ownership"), t("annual income|income"), t("verification status", "category", "Income verified", **cat("Source Verified:39|Verified:30|Not Verified:31")),
        t("issue date", "date", "Date issued", start="-5y", end="0d"), t("loan status"), t("purpose"), t("dti|debt to income"), t("credit score"), t("default|defaulted"),
    ]),
    domain("insurance_claims", "Insurance claims", "claim", "claim:5 insurance_claim:10 insurer:4 policy:3 policyholder:3 underwriter:4 adjuster:5", [
        t("claim id|claim number", "id"), t("policy number"), t("policy holder|customer name|name", "full_name", "Policyholder"), t("age"), t("claim type|policy type"),
        t("incident date|accident date", "date", "Date of the incident", start="-2y", end="0d"), t("claim date|date filed", "date", "Date the claim was filed", start="-2y", end="0d"),
        t("claim amount"), t("premium"), t("deductible"), t("claim status|status"), t("fraud reported|fraudulent"), t("region|state"),
    ]),
    domain("sensors", "Sensor readings", "reading", "sensor:6 iot:8 telemetry:6 device:2 reading:3 thermostat:4 smart_home:5 monitoring:3 machine:2 predictive_maintenance:8", [
        t("reading id|id", "id"), t("sensor id|device id", "code", "Sensor", pattern="SEN-###"), t("timestamp"), t("location|room|site", "category", "Location", **cat("Warehouse A|Warehouse B|Office|Server room|Lab|Factory floor")),
        t("temperature"), t("humidity"), t("pressure"), t("co2|co2 level"), t("battery level|battery"), t("status|device status"), t("is anomaly|anomaly|alert", "boolean", "Reading flagged as abnormal", true_rate=0.02),
    ]),
    domain("energy", "Energy consumption", "meter reading", "energy:5 electricity:6 power_consumption:8 smart_meter:8 kwh:6 utility:3 solar:4 grid:3", [
        t("meter id|household id", "code", "Meter", pattern="MTR-#####"), t("timestamp|datetime"), t("energy consumption|consumption|kwh"), t("voltage"), t("current"),
        t("power|active power"), t("temperature"), t("tariff|rate plan", "category", "Tariff", **cat("Standard:60|Economy 7:25|Time of use:15")), t("cost|bill amount"),
    ]),
    domain("flights", "Flights", "flight", "flight:6 airline:6 airport:5 aviation:5 air_travel:6 boarding:3 departure:2 arrival:2 delay:2 plane:2 faa:6", [
        t("flight date|date", "date", "Flight date", start="-1y", end="0d"), t("airline|carrier"), t("flight number"), t("tail number"),
        t("origin|origin airport|from", "category", "Origin airport (IATA code)", **cat("ATL:12|LAX:10|ORD:10|DFW:9|DEN:9|JFK:8|SFO:8|SEA:7|LAS:7|MCO:6|MIA:6|BOS:5|PHX:5|CLT:5")),
        t("destination|destination airport|dest|to", "category", "Destination airport (IATA code)", **cat("ATL:12|LAX:10|ORD:10|DFW:9|DEN:9|JFK:8|SFO:8|SEA:7|LAS:7|MCO:6|MIA:6|BOS:5|PHX:5|CLT:5")),
        t("scheduled departure|departure time"), t("departure delay"), t("scheduled arrival|arrival time"), t("arrival delay"),
        t("distance", "integer", "Flight distance", unit="mi", **num(80, 4900, "lognormal", 800)), t("air time|flight duration"), t("cancelled|canceled"), t("diverted"),
    ]),
    domain("airline_passengers", "Airline passengers", "passenger", "airline_passenger:10 passenger_satisfaction:10 inflight:8 in_flight:8 seat_comfort:8 on_board:4 baggage:4 boarding:2", [
        t("passenger id|id", "id"), t("gender"), t("customer type", "category", "Customer type", **cat("Loyal Customer:82|Disloyal Customer:18")), t("age"),
        t("type of travel|travel type", "category", "Type of travel", **cat("Business travel:69|Personal Travel:31")), t("class|travel class"), t("flight distance", "integer", "Flight distance", unit="mi", **num(30, 5000, "lognormal", 1190)),
        t("inflight wifi|wifi service", "integer", "Inflight wifi rating (0-5)", **num(0, 5)), t("seat comfort", "integer", "Seat comfort rating (0-5)", **num(0, 5)),
        t("departure delay"), t("arrival delay"), t("satisfaction", "category", "Satisfaction", **cat("neutral or dissatisfied:57|satisfied:43")),
    ]),
    domain("web_logs", "Web server logs", "request", "log:5 web_server:8 server_log:8 access_log:10 apache:6 nginx:6 http:4 request:2 endpoint:3 traffic:2 api:2 latency:3", [
        t("timestamp|time|time local|datetime|date time|date"), t("ip address|client ip|ip|remote addr|remote address"), t("method|http method"), t("path|url|endpoint"), t("status code|status"), t("response size|bytes"),
        t("response time|latency"), t("user agent"), t("referrer|referer"), t("user id", "integer", "Logged-in user", null=0.4, **num(1, 10000)),
    ]),
    domain("web_analytics", "Website sessions", "session", "session:4 website_traffic:8 web_analytic\\w*:8 google_analytic\\w*:8 pageview:5 bounce:4 visitor:3 landing_page:4 conversion:2 clickstream:8", [
        t("session id"), t("user id", "integer", "Visitor", **num(1, 20000)), t("session start|timestamp"), t("landing page"), t("traffic source|source"), t("device|device type"),
        t("browser"), t("country"), t("pages viewed|page views"), t("session duration"), t("bounced"), t("converted"),
    ]),
    domain("app_users", "App users", "user", "app_user:8 mobile_app:5 user:2 signup:3 subscription:3 saas:6 dau:6 retention:4 onboarding:3", [
        t("user id", "id"), t("username"), t("email"), t("signup date"), t("country"), t("device|platform", "category", "Platform", **cat("iOS:45|Android:45|Web:10")),
        t("plan|subscription plan"), t("last login"), t("sessions|number of sessions", "integer", "Sessions in the last 30 days", **num(0, 200, "lognormal", 14)),
        t("is active"), t("churned"),
    ]),
    domain("subscriptions", "Subscriptions", "subscriber", "subscription:5 subscriber:5 saas:4 recurring:3 renewal:4 mrr:6 billing:3", [
        t("subscription id", "id"), t("customer id", "integer", "Customer", **num(1, 5000)), t("plan"), t("billing cycle"), t("start date|subscription start"),
        t("monthly price|price"), t("auto renew"), t("status|subscription status", "category", "Status", **cat("Active:70|Cancelled:18|Past due:7|Trial:5")), t("cancellation date", "date", "Date cancelled", null=0.8, start="-1y", end="0d"),
    ]),
    domain("books", "Books", "book", "book:6 library:4 author:4 novel:4 publisher:3 goodread\\w*:10 isbn:5 reading:2 bookstore:6", [
        t("book id", "id"), t("title"), t("author"), t("genre|book genre"), t("publisher"), t("publication year"), t("pages|number of pages"), t("isbn"),
        t("language"), t("average rating", "decimal", "Average rating", **num(1, 5, "normal", 3.95, 0.35, 2)), t("ratings count"), t("price"),
    ]),
    domain("library", "Library loans", "loan", "library_loan:10 borrow\\w*:4 librar\\w*:5 due_date:3 overdue:4", [
        t("loan id", "id"), t("member id", "integer", "Library member", **num(1, 3000)), t("book title|title"), t("isbn"), t("checkout date", "date", "Checked out", start="-1y", end="0d"),
        t("due date"), t("return date", "date", "Returned", null=0.15, start="-1y", end="+30d"), t("overdue|is overdue", "boolean", "Returned late", true_rate=0.12), t("late fee", "price", "Late fee", unit="USD", **num(0, 20, "exponential", 1)),
    ]),
    domain("music", "Songs", "song", "song:5 music:4 album:3 artist:3 track:2 playlist:3 band:3 streaming:2 lyric:4", [
        t("song id|track id", "id"), t("title|song title"), t("artist"), t("album"), t("genre|music genre"), t("release year"), t("duration|song duration"),
        t("plays|streams"), t("popularity"), t("explicit"), t("tempo"),
    ]),
    domain("weather", "Daily weather", "observation", "weather:8 climate:5 meteorolog\\w*:6 forecast:4 rainfall:4 precipitation:4 temperature:3 humidity:3 wind:2", [
        t("date", "date", "Date", start="-3y", end="0d"), t("city|location|station"), t("min temperature"), t("max temperature"), t("temperature|avg temperature"),
        t("humidity"), t("precipitation|rainfall"), t("wind speed"), t("wind direction"), t("pressure"), t("cloud cover"), t("weather|conditions"),
        t("rain today", "boolean", "Rained today", true_rate=0.22), t("rain tomorrow", "boolean", "Rains tomorrow", true_rate=0.22),
    ]),
    domain("air_quality", "Air quality", "measurement", "air_quality:10 pollution:6 aqi:8 pm2_5:8 pm25:8 pm10:6 smog:5 emission:3", [
        t("station|monitoring station|site", "category", "Monitoring station", **cat("Central|Airport|Harbor|Industrial Park|University|Riverside|Suburbs")),
        t("date|timestamp", "datetime", "Time of measurement", start="-1y", end="0d"), t("city"), t("pm2.5"), t("pm10"), t("no2"), t("o3|ozone"), t("co"),
        t("aqi|air quality index"), t("temperature"), t("humidity"),
    ]),
    domain("hotel_bookings", "Hotel bookings", "booking", "hotel:6 booking:4 reservation:4 resort:4 adr:8 lead_time:5 check_?in:3 guest:2 hospitality:5 stay:1.5", [
        t("booking id", "id"), t("hotel"), t("is canceled|is cancelled|cancelled|canceled", "boolean", "Whether the booking was cancelled", true_rate=0.37), t("lead time"),
        t("arrival date|check in date|check-in date", "date", "Arrival date", start="-2y", end="+6m"), t("stays in weekend nights|weekend nights", "integer", "Weekend nights", **num(0, 8, "poisson", 0.9)),
        t("stays in week nights|week nights|weeknights", "integer", "Week nights", **num(0, 20, "poisson", 2.5)), t("number of nights|nights"), t("adults"), t("children", "integer", "Children", **num(0, 3, "exponential", 0.1)),
        t("babies"), t("meal|meal plan"), t("country"), t("market segment", "category", "Market segment", **cat("Online TA:47|Offline TA/TO:20|Groups:17|Direct:11|Corporate:4|Complementary:1")),
        t("distribution channel", "category", "Distribution channel", **cat("TA/TO:82|Direct:12|Corporate:6")), t("is repeated guest|repeat guest"), t("room type|reserved room type"),
        t("deposit type"), t("customer type", "category", "Customer type", **cat("Transient:75|Transient-Party:21|Contract:3|Group:1")),
        t("adr|average daily rate|price per night|room rate", "price", "Average daily rate", unit="EUR", **num(0, 510, "lognormal", 102)), t("special requests|total of special requests"),
        t("booking status|reservation status"),
    ]),
    domain("restaurants", "Restaurants", "restaurant", "restaurant:6 dining:4 eatery:4 menu:3 yelp:8 zomato:10 cuisine:5 diner:3 food_delivery:6 takeaway:3", [
        t("restaurant id", "id"), t("restaurant name|name"), t("cuisine"), t("city"), t("address"), t("rating"), t("review count|number of reviews"),
        t("price range"), t("average cost for two|avg cost", "price", "Average cost for two", unit="USD", **num(10, 200, "lognormal", 45)), t("delivery|offers delivery", "boolean", "Offers delivery", true_rate=0.6), t("opening time"),
    ]),
    domain("food_orders", "Food delivery orders", "order", "food_delivery:10 delivery_order:8 uber_eats:10 doordash:10 deliveroo:10 courier:3 delivery:2", [
        t("order id", "id"), t("customer id", "integer", "Customer", **num(1, 5000)), t("restaurant|restaurant name"), t("cuisine"), t("order time|timestamp"),
        t("items|number of items"), t("order total|total"), t("delivery fee"), t("tip"), t("delivery time", "integer", "Minutes from order to door", unit="minutes", **num(10, 90, "normal", 35, 10)),
        t("rating"), t("payment method"),
    ]),
    domain("players", "Football players", "player", "fifa:10 football_player:8 soccer_player:8 footballer:8 soccer:3 football:3 athlete:3 player:2 sport:2 nba:6 basketball:4 club:2", [
        t("player id", "id"), t("name|player name", "full_name", "Player name"), t("age", "age", "Age", unit="years", min=16, max=40, distribution="normal", mean=25, std=4.5), t("nationality"), t("club|team"),
        t("position", "category", "Playing position", **cat("Midfielder:34|Defender:32|Forward:24|Goalkeeper:10")), t("overall|overall rating"), t("potential", "integer", "Potential rating", **num(45, 95, "normal", 71, 6)), t("market value|value"),
        t("wage", "integer", "Weekly wage", unit="EUR", **num(500, 500000, "lognormal", 9000)), t("preferred foot", "category", "Preferred foot", **cat("Right:76|Left:24")),
        t("height", "integer", "Height", unit="cm", **num(155, 205, "normal", 181, 7)), t("weight", "integer", "Weight", unit="kg", **num(50, 110, "normal", 75, 7)),
        t("goals"), t("assists"), t("appearances|matches played"),
    ]),
    domain("matches", "Football matches", "match", "match:4 fixture:6 league:4 premier_league:10 season:2 home_team:8 away_team:8 scoreline:6", [
        t("match id", "id"), t("date|match date", "date", "Match date", start="-3y", end="0d"), t("season", "category", "Season", **cat("2021/22|2022/23|2023/24|2024/25")), t("home team"), t("away team"),
        t("home goals|home score"), t("away goals|away score"), t("result|full time result", "category", "Result (H = home win, D = draw, A = away win)", **cat("H:46|D:25|A:29")),
        t("referee"), t("attendance", "integer", "Attendance", **num(5000, 75000, "normal", 38000, 14000)), t("stadium"),
    ]),
    domain("olympics", "Olympic athletes", "athlete", "olympic\\w*:10 medal:6 noc:8", [
        t("id", "id"), t("name"), t("sex|gender", "category", "Sex", **cat("M:72|F:28")), t("age", "integer", "Age", unit="years", **num(12, 60, "normal", 25.5, 5.5)),
        t("height", "integer", "Height", unit="cm", null=0.2, **num(140, 220, "normal", 175, 10)), t("weight", "integer", "Weight", unit="kg", null=0.22, **num(30, 160, "normal", 70, 14)),
        t("team|country", "country", "Team (country)"), t("noc", "category", "National Olympic Committee", **cat("USA:8|FRA:4|GBR:4|ITA:4|GER:4|CAN:3|JPN:3|SWE:3|AUS:3|CHN:2")),
        t("year", "year", "Games year", min=1896, max=2024, distribution="normal", mean=1985, std=28), t("season", "category", "Season", **cat("Summer:82|Winter:18")),
        t("city", "category", "Host city", **cat("London|Athina|Sydney|Atlanta|Rio de Janeiro|Beijing|Barcelona|Los Angeles|Tokyo|Paris")),
        t("sport", "category", "Sport", **cat("Athletics:15|Gymnastics:10|Swimming:9|Shooting:4|Cycling:4|Fencing:4|Rowing:4|Cross Country Skiing:4|Alpine Skiing:3|Wrestling:3|Football:3|Sailing:2")),
        t("event"), t("medal"),
    ]),
    domain("covid", "COVID-19 cases", "day", "covid\\w*:10 coronavirus:10 pandemic:6 confirmed_case:8 lockdown:4 epidemic:4", [
        t("date", "date", "Date", start="2020-01-22", end="2023-03-09"), t("country|country region"), t("province|state"), t("confirmed|confirmed cases|cases|total cases", "integer", "Confirmed cases (cumulative)", **num(0, 10000000, "lognormal", 50000)),
        t("deaths|total deaths", "integer", "Deaths (cumulative)", **num(0, 200000, "lognormal", 900)), t("recovered", "integer", "Recovered (cumulative)", **num(0, 8000000, "lognormal", 30000)),
        t("new cases", "integer", "New cases that day", **num(0, 100000, "lognormal", 400)), t("new deaths", "integer", "New deaths that day", **num(0, 3000, "lognormal", 8)),
        t("vaccinated|people vaccinated", "integer", "People vaccinated", **num(0, 50000000, "lognormal", 500000)),
    ]),
    domain("youtube", "YouTube videos", "video", "youtube:10 youtuber:8 vlog:5 video:2 channel:2 trending:3", [
        t("video id", "code", "Video ID", pattern="***********"), t("title|video title"), t("channel title|channel", "catch_phrase", "Channel name"),
        t("category", "category", "Category", **cat("Entertainment:25|Music:15|Gaming:12|People & Blogs:10|Comedy:8|Education:8|Howto & Style:7|News & Politics:6|Sports:5|Science & Technology:4")),
        t("publish time|published at|upload date", "datetime", "Published", start="-3y", end="0d"), t("views"), t("likes"), t("dislikes", "integer", "Dislikes", **num(0, 50000, "lognormal", 90)),
        t("comment count|comments"), t("duration", "integer", "Length", unit="seconds", **num(15, 7200, "lognormal", 620)), t("comments disabled", "boolean", "Comments are disabled", true_rate=0.02), t("tags", "word", "Main tag"),
    ]),
    domain("reviews", "Product reviews", "review", "review:4 amazon:4 reviewer:4 helpful:4 verified_purchase:8 yelp:4 trustpilot:8 feedback:3", [
        t("review id", "id"), t("product id", "code", "Product ID", pattern="B0########"), t("reviewer id|user id", "code", "Reviewer ID", pattern="A#############"),
        t("reviewer name|user name"), t("rating|stars|score"), t("review title|summary|title", "sentence", "Review title", max_chars=60), t("review text|review|text"),
        t("helpful votes|helpfulness", "integer", "Helpful votes", **num(0, 1000, "lognormal", 3)), t("verified purchase"), t("review date|date", "date", "Review date", start="-5y", end="0d"), t("sentiment"),
    ]),
    domain("social_posts", "Social media posts", "post", "tweet:8 twitter:10 instagram:6 tiktok:6 facebook:4 social_media:4 hashtag:4 retweet:6 influencer:6 post:1.5 reddit:8", [
        t("post id|tweet id", "id"), t("username|user|handle"), t("text|content|tweet|post"), t("created at|timestamp"), t("platform|social platform"),
        t("likes"), t("shares|retweets"), t("comments|replies|comment count", "integer", "Number of comments", **num(0, 5000, "lognormal", 25)), t("hashtags|hashtag"), t("followers"), t("sentiment"), t("language"), t("is verified|verified"),
    ]),
    domain("spam", "SMS messages", "message", "spam:6 sms:6 ham:8 spam_filter:8 spam_detection:8", [
        t("label|class|category|spam", "category", "ham or spam", **cat("ham:87|spam:13")), t("message|text|sms|content", "sentence", "Message text", max_chars=160),
    ], famous=True),
    domain("surveys", "Survey responses", "response", "survey:8 questionnaire:8 respondent:6 poll:5 likert:6 feedback_form:6 census:1", [
        t("respondent id|response id", "id"), t("submitted at|timestamp"), t("age group"), t("gender"), t("country|region"), t("education level|education"),
        t("q1|question 1"), t("q2|question 2"), t("q3|question 3"), t("q4|question 4"), t("q5|question 5"), t("overall satisfaction|satisfaction"),
        t("nps|likelihood to recommend"), t("would recommend"), t("comments|feedback|open feedback"),
    ]),
    domain("support_tickets", "Support tickets", "ticket", "ticket:5 support:5 helpdesk:8 help_desk:8 customer_service:6 service_desk:8 zendesk:10 incident:3 complaint:3 jira:6", [
        t("ticket id", "id"), t("customer id", "integer", "Customer", **num(1, 5000)), t("created at|opened at"), t("subject", "sentence", "Subject line", max_chars=60),
        t("issue type|category", "category", "Issue type", **cat("Technical:35|Billing:25|Account:18|Shipping:12|Other:10")), t("priority"), t("channel", "category", "Channel", **cat("Email:40|Chat:25|Phone:20|Web form:12|Social media:3")),
        t("status|ticket status"), t("agent|assigned agent"), t("first response time"), t("resolution time"), t("satisfaction|csat", "rating", "Customer satisfaction (1-5)", min=1, max=5), t("escalated", "boolean", "Was escalated", true_rate=0.1),
    ]),
    domain("call_center", "Call centre calls", "call", "call_cent\\w*:10 contact_cent\\w*:10 call:3 caller:4 telemarketing:3", [
        t("call id", "id"), t("agent|agent name"), t("call start|timestamp"), t("call duration", "integer", "Call length", unit="seconds", **num(20, 3600, "lognormal", 300)),
        t("wait time"), t("reason|call reason", "category", "Reason for calling", **cat("Billing:30|Technical support:28|Account change:15|Complaint:12|Cancellation:8|Other:7")),
        t("resolved|first call resolution", "boolean", "Resolved on the first call", true_rate=0.72), t("satisfaction|csat", "rating", "Satisfaction (1-5)", min=1, max=5), t("escalated", "boolean", "Escalated", true_rate=0.08),
    ]),
    domain("shipments", "Shipments", "shipment", "shipment:8 shipping:4 logistic\\w*:6 parcel:6 package:4 courier:4 freight:6 warehouse:3 delivery:3 supply_chain:6 tracking:3", [
        t("shipment id", "id"), t("order id", "integer", "Order", **num(1, 50000)), t("tracking number"), t("carrier|courier"), t("origin city|origin"), t("destination city|destination"),
        t("ship date", "date", "Ship date", start="-1y", end="0d"), t("estimated delivery|expected delivery"), t("delivery date", "date", "Delivered on", null=0.1, start="-1y", end="+14d"),
        t("weight|package weight"), t("shipping cost"), t("status|delivery status"), t("on time|delivered on time", "boolean", "Delivered on time", true_rate=0.86),
    ]),
    domain("inventory", "Warehouse inventory", "item", "inventory:5 warehouse:5 stock_level:6 reorder:6 stock_keeping:5 supply:2", [
        t("item id|product id", "id"), t("sku"), t("product name|item name"), t("category"), t("warehouse"), t("quantity on hand|stock"), t("reorder level"),
        t("unit cost"), t("supplier"), t("last restocked|last restock date", "date", "Last restocked", start="-6m", end="0d"),
    ]),
    domain("cars", "Cars", "car", "car:4 vehicle:4 automobile:4 auto:2 fleet:3 dealership:3 mpg:3 horsepower:4", [
        t("vehicle id|car id", "id"), t("make"), t("model", "category", "Model", **cat("Corolla|Civic|F-150|Camry|Model 3|Golf|CR-V|Silverado|Altima|3 Series|Elantra|Sportage")), t("year|model year"), t("body type"), t("fuel type"), t("transmission"), t("engine size"),
        t("horsepower"), t("mpg"), t("mileage|odometer|km|kms|kilometers|kilometres|km driven", "integer", "Odometer reading", unit="km", **num(0, 300000, "normal", 85000, 50000)),
        t("color"), t("price|car price|asking price|selling price", "integer", "Price", unit="USD", **num(2000, 90000, "lognormal", 22000)), t("vin"),
    ]),
    domain("patients_visits", "Clinic visits", "visit", "clinic:4 appointment:5 visit:3 gp:4 outpatient:4 symptom:4 vital:4 triage:5", [
        t("visit id|appointment id", "id"), t("patient id", "integer", "Patient", **num(1, 5000)), t("visit date|appointment date", "date", "Visit date", start="-2y", end="0d"),
        t("age", "age", "Age", unit="years", min=0, max=95, distribution="normal", mean=45, std=22), t("gender"), t("symptom|chief complaint"), t("diagnosis"), t("heart rate"),
        t("blood pressure|systolic"), t("body temperature|temperature|temp", "decimal", "Body temperature", unit="°C", **num(35.5, 40.5, "normal", 36.9, 0.6, 1)), t("doctor"), t("prescribed medication|medication"), t("follow up|follow up needed", "boolean", "Needs a follow-up", true_rate=0.3),
    ]),
    domain("fitness", "Fitness tracking", "day", "fitness:8 workout:6 exercise:4 step:3 fitbit:10 wearable:6 gym:4 calories_burned:8 running:3", [
        t("user id", "integer", "User", **num(1, 500)), t("date", "date", "Date", start="-1y", end="0d"), t("steps"), t("distance", "decimal", "Distance", unit="km", **num(0, 25, "lognormal", 5, dec=2)),
        t("calories burned"), t("active minutes", "integer", "Active minutes", unit="minutes", **num(0, 240, "lognormal", 40)), t("heart rate|resting heart rate"), t("sleep hours|sleep"),
        t("workout type|activity"), t("weight"),
    ]),
    domain("real_estate_rentals", "Rental listings", "listing", "rental:6 rent:5 apartment:5 tenant:5 landlord:5 lease:5 flat:3", [
        t("listing id", "id"), t("address"), t("city"), t("neighborhood"), t("property type"), t("bedrooms"), t("bathrooms"), t("square feet|area"),
        t("monthly rent|rent"), t("furnished"), t("pets allowed"), t("available from|available date", "date", "Available from", start="0d", end="+3m"), t("listing date", "date", "Listed on", start="-3m", end="0d"),
    ]),
    domain("jobs", "Job postings", "posting", "job_posting:10 job_listing:10 vacanc\\w*:6 recruit\\w*:5 hiring:4 applicant:4 linkedin:4 indeed:8 job_ad:8", [
        t("job id", "id"), t("job title|title"), t("company"), t("location|city"), t("employment type"), t("experience level"), t("salary min|minimum salary", "integer", "Lowest salary offered", unit="USD", **num(30000, 150000, "lognormal", 65000)),
        t("salary max|maximum salary", "integer", "Highest salary offered", unit="USD", **num(40000, 250000, "lognormal", 95000)), t("remote"), t("posted date|date posted", "date", "Date posted", start="-3m", end="0d"),
        t("applicants|number of applicants", "integer", "Applicants", **num(0, 1000, "lognormal", 45)), t("industry"),
    ]),
    domain("events", "Events and tickets", "event", "concert:6 ticket_sale:8 event:3 festival:5 venue:3 attendee:4 conference:4 ticketmaster:10 gig:4", [
        t("event id", "id"), t("event name|name", "catch_phrase", "Event name"), t("event type|category", "category", "Event type", **cat("Concert:35|Conference:20|Sport:20|Theatre:15|Festival:10")),
        t("venue|venue name", "category", "Venue", **cat("Grand Arena|City Hall|Riverside Theatre|Convention Center|Open Air Park|Jazz Club")), t("city"), t("event date|date", "date", "Event date", start="-6m", end="+1y"),
        t("ticket price|price"), t("tickets sold", "integer", "Tickets sold", **num(20, 20000, "lognormal", 800)), t("capacity", "integer", "Venue capacity", **num(100, 50000, "lognormal", 2500)), t("sold out", "boolean", "Sold out", true_rate=0.15),
    ]),
    domain("marketing", "Marketing campaigns", "campaign", "marketing:5 campaign:5 advertis\\w*:5 ad_spend:6 ctr:5 impression:4 ppc:6 adwords:8 google_ads:8", [
        t("campaign id", "id"), t("campaign name|campaign"), t("channel|campaign type"), t("start date", "date", "Start date", start="-1y", end="0d"), t("budget", "integer", "Budget", unit="USD", **num(500, 100000, "lognormal", 8000)),
        t("impressions"), t("clicks"), t("ctr|click through rate"), t("conversions"), t("cost per click|cpc"), t("revenue", "decimal", "Revenue attributed", unit="USD", **num(0, 500000, "lognormal", 12000, dec=2)),
    ]),
    domain("projects", "Project tasks", "task", "task:5 project:4 todo:6 to_do:6 sprint:6 kanban:8 jira:5 backlog:6 milestone:5", [
        t("task id", "id"), t("task name|title", "sentence", "Task", max_chars=60), t("project|project name", "catch_phrase", "Project"), t("assignee|assigned to"), t("priority"),
        t("status|task status"), t("created date|created at", "date", "Created", start="-6m", end="0d"), t("due date"), t("estimated hours", "decimal", "Estimated effort", unit="hours", **num(0.5, 40, "lognormal", 6, dec=1)),
        t("story points", "category", "Story points", **cat("1:15|2:25|3:25|5:20|8:10|13:5")), t("completed|done"),
    ]),
    domain("invoices", "Invoices", "invoice", "invoice:6 billing:3 accounts_receivable:8 bill:2 payable:4 receivable:4", [
        t("invoice number|invoice id"), t("client|customer|company"), t("issue date|invoice date", "date", "Issued", start="-1y", end="0d"), t("due date"), t("amount|total|invoice amount"),
        t("tax"), t("currency"), t("status|payment status"), t("paid date|payment date", "date", "Paid on", null=0.25, start="-1y", end="0d"),
    ]),
    domain("pets", "Animal shelter", "animal", "pet:6 animal:4 shelter:6 adoption:6 dog:4 cat:3 vet\\w*:4 breed:4", [
        t("animal id|pet id", "id"), t("name|pet name", "first_name", "Pet's name"), t("animal type|species"), t("breed"), t("age years|age", "integer", "Age", unit="years", **num(0, 16, "lognormal", 4)), t("sex|gender", "category", "Sex", **cat("Male:50|Female:50")),
        t("color"), t("weight", "decimal", "Weight", unit="kg", **num(0.5, 60, "lognormal", 12, dec=1)), t("intake date", "date", "Intake date", start="-2y", end="0d"),
        t("adopted|is adopted", "boolean", "Adopted", true_rate=0.55), t("vaccinated"), t("neutered|spayed", "boolean", "Neutered / spayed", true_rate=0.7),
    ]),
    domain("recipes", "Recipes", "recipe", "recipe:8 cooking:5 ingredient:5 dish:4 meal:3 food:2 nutrition:4 calorie:3", [
        t("recipe id", "id"), t("recipe name|name|title", "catch_phrase", "Recipe name"), t("cuisine"), t("meal type|course", "category", "Course", **cat("Dinner:35|Lunch:25|Breakfast:15|Dessert:15|Snack:10")),
        t("prep time"), t("cook time"), t("servings", "integer", "Servings", **num(1, 10, "poisson", 4)), t("calories"), t("difficulty", "category", "Difficulty", **cat("Easy:50|Medium:35|Hard:15")),
        t("vegetarian"), t("rating", "decimal", "Average rating", **num(1, 5, "normal", 4.2, 0.5, 1)),
    ]),
    domain("agriculture", "Farm crops", "field", "crop:6 farm:6 agricultur\\w*:6 harvest:5 yield:4 soil:4 fertili[sz]er:5 irrigation:5", [
        t("field id|farm id", "id"), t("crop|crop type"), t("region|state"), t("soil type"), t("area hectares|area", "decimal", "Area", unit="ha", **num(0.5, 500, "lognormal", 25, dec=1)),
        t("rainfall"), t("temperature"), t("fertilizer used|fertilizer", "integer", "Fertiliser applied", unit="kg/ha", **num(0, 400, "normal", 150, 60)), t("irrigated", "boolean", "Irrigated", true_rate=0.45),
        t("yield|crop yield", "decimal", "Crop yield", unit="t/ha", **num(0.5, 15, "lognormal", 4, dec=2)), t("harvest date", "date", "Harvest date", start="-2y", end="0d"),
    ]),
    domain("manufacturing", "Production quality", "unit", "manufactur\\w*:6 production_line:8 quality_control:8 factory:5 defect:5 assembly:4 machine:2 plant:2", [
        t("unit id|batch id", "id"), t("production date|timestamp"), t("machine|machine id", "category", "Machine", **cat("M-01|M-02|M-03|M-04|M-05")), t("shift"), t("operator", "full_name", "Operator"),
        t("temperature|process temperature"), t("pressure"), t("rpm|rotational speed"), t("torque"), t("tool wear"), t("defective|is defective"), t("defect type", "category", "Defect type", null=0.9, **cat("Scratch|Dent|Misalignment|Crack|Discoloration")),
    ]),
    domain("elections", "Voters", "voter", "election:8 voter:6 vote:3 poll:4 ballot:6 candidate:4 constituency:6 turnout:5", [
        t("voter id", "id"), t("age"), t("gender"), t("state|region"), t("party|party affiliation", "category", "Party", **cat("Democrat:33|Republican:30|Independent:30|Other:7")),
        t("voted|turnout", "boolean", "Voted", true_rate=0.62), t("candidate", "category", "Candidate", **cat("Candidate A:46|Candidate B:44|Candidate C:10")), t("education"), t("income|income bracket"),
    ]),
    domain("ab_test", "A/B test", "user", "a_?b_test:10 ab_test:10 experiment:6 variant:5 treatment:3 control_group:8 split_test:8", [
        t("user id", "id"), t("timestamp"), t("group|variant", "category", "Experiment group", **cat("control:50|treatment:50")), t("landing page", "category", "Page shown", **cat("old_page:50|new_page:50")),
        t("converted"), t("revenue", "price", "Revenue", unit="USD", **num(0, 300, "lognormal", 40)), t("device"), t("country"),
    ]),
    domain("courses", "Online courses", "enrollment", "online_course:10 mooc:10 coursera:10 udemy:10 e_?learning:8 lesson:4 learner:3 course:3 enrollment:3", [
        t("enrollment id", "id"), t("learner id|student id", "integer", "Learner", **num(1, 20000)), t("course|course title"), t("category|subject", "category", "Subject", **cat("Data Science:25|Programming:25|Business:15|Design:12|Marketing:10|Languages:8|Music:5")),
        t("enrollment date"), t("progress|completion percentage", "percentage", "Course completed", **num(0, 100, "uniform", dec=0)), t("completed"), t("quiz score|score"), t("rating"), t("price"),
    ]),
]
