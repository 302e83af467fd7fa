"""Numeric facts: one real-style sentence per rule, the traps of issue 3 included."""

from datetime import date

import polars as pl
import pytest

from pipelines.nlp.quantities import NumericFactExtractor
from pipelines.schema import FACT_CHANGES, FACT_KINDS, NUMERIC_FACTS

QUANTITY_KINDS = {"count", "money", "percent", "quantity", "duration"}


@pytest.fixture(scope="module")
def extract(nlp):
    return NumericFactExtractor(nlp)


@pytest.fixture(scope="module")
def facts(nlp, extract):
    def run(sentence: str) -> list[dict]:
        return extract(nlp(sentence))

    return run


def only(rows: list[dict], text: str) -> dict:
    """The one fact whose text contains `text`."""
    found = [row for row in rows if text in row["text"]]
    assert len(found) == 1, (text, [row["text"] for row in rows])
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit", "change"),
    [
        # counts with the counted noun
        ("Currently, more than 2500 US troops reside in Iraq.", "2500", 2500, "troop", ">"),
        ("The team found one solution that satisfied both sides.", "one", 1, "solution", "="),
        ("Twelve miners remain trapped underground.", "Twelve", 12, "miner", "="),
        ("Police said at least 14 people were killed.", "14", 14, "person", ">"),
        # qualifiers
        ("About 300 protesters gathered outside parliament.", "300", 300, "protester", "~"),
        ("Some 45.000 farms were hit by the drought.", "45.000", 45000, "farm", "~"),
        ("An estimated 20,000 refugees crossed the border.", "20,000", 20000, "refugee", "~"),
        ("Upwards of 200 volunteers helped clear the beach.", "200", 200, "volunteer", ">"),
        ("No more than 50 guests will be allowed.", "50", 50, "guest", "<"),
        ("The firm will cut up to 700 contract workers.", "700", 700, "worker", "<"),
        ("Fewer than 40 students turned up.", "40", 40, "student", "<"),
        ("People aged 65 or over were vaccinated first.", "65", 65, None, ">"),
        # number formats
        ("Washington has less than 3.000 conventional troops there.", "3.000", 3000, "troop", "<"),
        ("They are a small portion of160,000 forces.", "160,000", 160000, "force", "="),
        ("The quake damaged 2 000 buildings in the old town.", "2 000", 2000, "building", "="),
        ("The EU approved €1,5 billion in aid.", "€1,5", 1.5e9, "euro", "="),
        ("Acme's revenue reached $1.762bn last year.", "$1.762bn", 1.762e9, "US dollar", "="),
        ("The deal is worth $25m, people familiar said.", "$25m", 25e6, "US dollar", "="),
        ("The plan will build 1.2m new homes.", "1.2m", 1.2e6, "home", "="),
        ("Temperatures dropped to minus 4 degrees Celsius.", "4", -4, "degree Celsius", "="),
        ("It takes more than 10 1/2 miles of cable.", "10 1/2", 10.5, "mile", ">"),
        ("You weigh 200lbs.", "200lbs", 200, "pound", "="),
        ("She stopped eating lunch to drop 25 pounds.", "25", 25, "pound", "down"),
        ("He was fined 500 pounds by the court.", "500", 500, "pound sterling", "="),
        ("The athlete is 1.8m tall.", "1.8m", 1.8, "metre", "="),
        ("Inflation reached 2.125% in May.", "2.125", 2.125, "percent", "="),
        # spelled and mixed numbers
        ("Half a million people signed the petition.", "Half a million", 5e5, "person", "="),
        ("Two dozen eggs were broken.", "Two dozen", 24, "egg", "="),
        ("The hospital treated two hundred and fifty patients.", "fifty", 250, "patient", "="),
        ("Rescue teams pulled twenty-five survivors out.", "twenty-five", 25, "survivor", "="),
        ("The club paid £4.5bn for the stadium.", "£4.5bn", 4.5e9, "pound sterling", "="),
        ("Japan will lend 500 billion yen to the region.", "500", 5e11, "Japanese yen", "="),
        ("The city approved a $1.5-billion budget.", "$1.5-billion", 1.5e9, "US dollar", "="),
        ("The price ranges up to C $ 16.4 million.", "16.4", 16.4e6, "Canadian dollar", "<"),
        ("Temperatures hit 38C in Madrid.", "38C", 38, "degree Celsius", "="),
        ("The target is to limit warming to 1.5C.", "1.5C", 1.5, "degree Celsius", "="),
        # durations and ages
        ("The talks lasted three months.", "three", 3, "month", "="),
        ("A 15 year-old student was arrested.", "15", 15, "year", "="),
        ("The 72-year-old singer retired.", "72", 72, "year", "="),
        ("Less than two decades after the war, troops remain.", "two", 2, "decade", "<"),
        ("The contract runs over ten years.", "ten", 10, "year", "="),
        # changes
        ("The FTSE 100 rose 0.3% in early trading.", "0.3", 0.3, "percent", "up"),
        ("Shares were up 19 cents at noon.", "19", 19, "cent", "up"),
        ("The index fell 190 points on Monday.", "190", 190, "point", "down"),
        ("The index fell 190 points, or 1.2 percent, on Monday.", "1.2", 1.2, "percent", "down"),
        ("The central bank raised rates by 25 basis points.", "25", 25, "basis point", "up"),
        ("Sales were down 4.5% on last year.", "4.5", 4.5, "percent", "down"),
        ("Retail sales grew 2.4% year on year.", "2.4", 2.4, "percent", "up"),
        ("Unemployment fell to 3.9 per cent in May.", "3.9", 3.9, "percent", "="),
        ("The startup raised $5m in its first round.", "$5m", 5e6, "US dollar", "="),
        ("Twelve inches of snow fell overnight.", "Twelve", 12, "inch", "="),
        ("Wait times exceeded four hours.", "four", 4, "hour", ">"),
        ("Labour holds a 10-point lead over the Conservatives.", "10", 10, "point", "="),
        # units
        ("Winds reached 87 mph on the coast.", "87", 87, "mile per hour", "="),
        ("The average speed was 110 km/h.", "110", 110, "kilometre per hour", "="),
        ("A 4,000-square-foot house burned.", "4,000", 4000, "square foot", "="),
        ("The plant will produce 500 MW when complete.", "500", 500, "megawatt", "="),
        ("The plant will store 30 GWh of power.", "30", 30, "gigawatt hour", "="),
    ],
)
def test_value_unit_change(facts, sentence, text, value, unit, change):
    row = only(facts(sentence), text)
    assert row["value"] == pytest.approx(value)
    assert row["unit_normalized"] == unit
    assert row["change"] == change


@pytest.mark.parametrize(
    ("sentence", "text", "low", "high", "unit"),
    [
        ("Estimates vary from 252 to 287 miles.", "252", 252, 287, "mile"),
        ("Tickets cost between 2,000 and 5,000 euros.", "2,000", 2000, 5000, "euro"),
        ("Crowds of 150 – 200 gathered in the square.", "150", 150, 200, None),
        ("Inflation is expected to be 5-7% this year.", "5-7%", 5, 7, "percent"),
        ("The event drew between 40 and 50 thousand spectators.", "40", 40e3, 50e3, "spectator"),
        ("The trains run every 10 to 15 minutes.", "10", 10, 15, "minute"),
        ("The number is between 20 and 30.", "20", 20, 30, None),
    ],
)
def test_ranges(facts, sentence, text, low, high, unit):
    row = only(facts(sentence), text)
    assert (row["value_low"], row["value_high"]) == (pytest.approx(low), pytest.approx(high))
    assert row["value"] == pytest.approx((low + high) / 2)
    assert row["unit_normalized"] == unit


@pytest.mark.parametrize(
    ("sentence", "separate"),
    [
        ("The population increased by 1.5 million to 68 million.", ("1.5 million", "68 million")),
        ("The vote was 52 to 48 in favour.", ("52", "48")),
        ("Winds reached 87 mph (140 km/h) at landfall.", ("87 mph", "140 km/h")),
    ],
)
def test_not_ranges(facts, sentence, separate):
    rows = facts(sentence)
    for text in separate:
        row = only(rows, text)
        assert row["value_low"] is None and row["value"] > 0


@pytest.mark.parametrize(
    "sentence",
    [
        "The crash happened on Interstate 5 near Seattle.",
        "Fans were seated in Section 427 Row 21 at the stadium.",
        "Ford recalled its F-150 pickup trucks.",
        "Hospitals reported a surge in COVID-19 cases.",
        "The 1988 film was remade by a Hollywood studio.",
        "The bridge has stood for more than a century.",
        "The decision was made in the early 1990s.",
        "Call the hotline on 0800 123 456 for advice.",
        "Windows 10 users were urged to update.",
        "ISIS kept occupying the regions one after another.",
        "The minister resigned after a row over party funding.",
        "Manchester United drew 2-2 with Chelsea on Sunday.",
        "The Senate voted 51-49 to confirm the nominee.",
        "Apple unveiled the iPhone 15 at its headquarters.",
        "Section 230 shields online platforms from liability.",
        # scores written with a spaced dash, in either order
        "Liverpool beat Chelsea 3 – 1 at Anfield on Sunday.",
        "Spain lost 0 – 1 to Morocco in the group stage.",
        "The match ended 2 - 2 after a late equaliser.",
        # a number right after a common noun labels one of them
        "Rescuers reached gate 12 of the terminal after the blast.",
        "Soldiers opened fire near checkpoints 14 and 15, the army said.",
        "The vote was held in room 214 of the parliament building.",
    ],
)
def test_no_quantity(facts, sentence):
    rows = facts(sentence)
    assert [row["text"] for row in rows if row["kind"] in QUANTITY_KINDS] == []


@pytest.mark.parametrize(
    ("sentence", "text", "kind", "day"),
    [
        (
            "No forces will remain by December 31, 2021, officials said.",
            "December 31, 2021",
            "date",
            date(2021, 12, 31),
        ),
        ("He was elected on 4 November 2008.", "2008", "date", date(2008, 11, 4)),
        # a year or a month names a period: date_value is its first day (date_precision says which)
        ("The law came into force in 2019.", "2019", "date", date(2019, 1, 1)),
        ("The film was released in June of 2018.", "2018", "date", date(2018, 6, 1)),
        ("The meeting will start at 9am on Monday.", "9am", "time", None),
        ("Sales fell in the third quarter.", "third", "ordinal", None),
    ],
)
def test_calendar_kinds(facts, sentence, text, kind, day):
    row = only(facts(sentence), text)
    assert row["kind"] == kind
    assert row["date_value"] == day


@pytest.mark.parametrize(
    ("sentence", "text", "concept", "entity"),
    [
        ("Currently, more than 2500 US troops reside in Iraq.", "2500", "US troops", "US"),
        ("Acme's revenue rose to $1.2bn last year.", "$1.2bn", "revenue", "Acme"),
        ("Toyota's profit jumped 23% to $4.1bn.", "$4.1bn", "profit", "Toyota"),
        ("Revenue at Siemens rose 5% to €20bn.", "5%", "Revenue", "Siemens"),
        ("Siemens reported revenue of $5m.", "$5m", "revenue", "Siemens"),
        ("Microsoft said it would lay off 10,000 employees.", "10,000", "employees", "Microsoft"),
        ("The company reported a net loss of $48.2 million.", "$48.2", "net loss", None),
    ],
)
def test_concept_and_entity(facts, sentence, text, concept, entity):
    row = only(facts(sentence), text)
    assert row["concept"] == concept
    found = None
    if row["entity_start_char"] is not None:
        found = sentence[row["entity_start_char"] : row["entity_end_char"]]
    assert found == entity


def test_rows_follow_the_schema(nlp, extract):
    text = "Acme's revenue rose 5% to $3.4 billion on March 3, 2022, the third rise in a row."
    rows = extract(nlp(text))
    assert rows
    own_columns = set(NUMERIC_FACTS) - {"fact_id", "article_id", "entity_id"}
    frame = pl.DataFrame(rows, schema={name: NUMERIC_FACTS[name] for name in own_columns})
    assert frame.height == len(rows)
    for row in rows:
        assert set(row) == own_columns
        assert text[row["start_char"] : row["end_char"]] == row["text"]
        assert row["kind"] in FACT_KINDS and row["change"] in FACT_CHANGES


def test_offsets_survive_the_tokenizer_rule(nlp, extract):
    text = "A small portion of160,000 forces.\nLater 3 more came."
    rows = extract(nlp(text))
    assert [(r["text"], r["sentence_index"]) for r in rows] == [("160,000 forces", 0), ("3", 1)]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit", "change"),
    [
        # a fraction before a scale word
        (
            "The startup raised a quarter million dollars.",
            "a quarter million",
            250000,
            "US dollar",
            "=",
        ),
        (
            "Each winner takes home a quarter of a million dollars.",
            "quarter of a",
            250000,
            "US dollar",
            "=",
        ),
        (
            "Households spend three quarters of a million yen a year.",
            "three quarters",
            750000,
            "Japanese yen per year",
            "=",
        ),
        ("The bill came to half million dollars.", "half million", 500000, "US dollar", "="),
        # amounts in two units
        (
            "A pint at the stadium now costs 6 pounds 50 pence.",
            "6 pounds 50 pence",
            6.5,
            "pound sterling",
            "=",
        ),
        (
            "The fare is two dollars and seventy-five cents.",
            "seventy-five cents",
            2.75,
            "US dollar",
            "=",
        ),
        ("The baby weighed 7 pounds 4 ounces.", "7 pounds 4 ounces", 7.25, "pound", "="),
        # trailing "plus" closes a clause; "or less than" opens the next bound
        ("The club paid 45 million euros plus add-ons.", "45 million euros", 45e6, "euro", "="),
        ("The job pays £50,000 plus.", "£50,000 plus", 50000, "pound sterling", ">"),
        (
            "Bids were equal to 5000 or less than 6000 dollars.",
            "less than 6000",
            6000,
            "US dollar",
            "<",
        ),
        (
            "Schools with less than or equal to 50 pupils get a grant.",
            "less than or equal to 50",
            50,
            "pupil",
            "<",
        ),
    ],
)
def test_amount_rules(facts, sentence, text, value, unit, change):
    row = only(facts(sentence), text)
    assert (row["value"], row["unit_normalized"], row["change"]) == (
        pytest.approx(value),
        unit,
        change,
    )


@pytest.mark.parametrize(
    ("sentence", "text", "value", "low", "high", "unit"),
    [
        # a range dash glued between numbers, a currency sign or code glued to the amount
        ("The storm will bring 20–30 centimetres of snow.", "20–30", 25, 20, 30, "centimetre"),
        ("The fund returned 8%-10% a year over the decade.", "8%-10%", 9, 8, 10, "percent"),
        (
            "Homes in the area sell for $300,000 to $450,000.",
            "$300,000 to",
            375000,
            300000,
            450000,
            "US dollar",
        ),
        # two bounds on one quantity
        (
            "The deficit must be more than 1% and less than 3% of GDP.",
            "more than 1%",
            2,
            1,
            3,
            "percent",
        ),
        (
            "Applicants must be at least 18 and no more than 35 years old.",
            "at least 18",
            26.5,
            18,
            35,
            "year",
        ),
    ],
)
def test_range_rules(facts, sentence, text, value, low, high, unit):
    row = only(facts(sentence), text)
    assert (row["value"], row["value_low"], row["value_high"]) == (value, low, high)
    assert (row["unit_normalized"], row["change"]) == (unit, "=")


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit"),
    [
        ("Shares were priced at HK$12.80 in the offering.", "HK$12.80", 12.8, "Hong Kong dollar"),
        ("The contract is worth USD120 million.", "USD120 million", 120e6, "US dollar"),
    ],
)
def test_glued_currency(facts, sentence, text, value, unit):
    row = only(facts(sentence), text)
    assert (row["value"], row["unit_normalized"]) == (value, unit)


def test_bounds_on_different_things_stay_apart(facts):
    rows = facts("More than 40 people died and fewer than 10 were rescued.")
    assert [(row["value"], row["change"]) for row in rows] == [(40, ">"), (10, "<")]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit"),
    [
        ("Water boils at 100° Celsius at sea level.", "100° Celsius", 100, "degree Celsius"),
        ("Fares rose by one hundred percents in a decade.", "one hundred percents", 100, "percent"),
        ("The firm lost 75 USD million in three years.", "75 USD million", 75e6, "US dollar"),
    ],
)
def test_unit_spellings(facts, sentence, text, value, unit):
    row = only(facts(sentence), text)
    assert (row["value"], row["unit_normalized"]) == (value, unit)


def test_the_named_owner_of_the_subject_owns_the_count(facts):
    sentence = "Tesla's deliveries fell 8% to 384,000 vehicles."
    for row in facts(sentence):
        assert sentence[row["entity_start_char"] : row["entity_end_char"]] == "Tesla"


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit", "change"),
    [
        ("The track is a 1/4 mile paved oval.", "1/4 mile", 0.25, "mile", "="),
        ("A metric ton is equal to 2,204.62 pounds.", "2,204.62 pounds", 2204.62, "pound", "="),
        ("The suspect is over thirty years old.", "over thirty years", 30, "year", ">"),
        ("Bids ranged from 20 through 100 shares.", "20 through 100", 60, "share", "="),
        ("The firm has spent over 10 years on the drug.", "over 10 years", 10, "year", ">"),
    ],
)
def test_fraction_weight_age_and_through(facts, sentence, text, value, unit, change):
    row = only(facts(sentence), text)
    assert (row["value"], row["unit_normalized"], row["change"]) == (value, unit, change)


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit", "change"),
    [
        ("Manila pledged ₱5 billion for flood relief.", "₱5 billion", 5e9, "Philippine peso", "="),
        (
            "Warsaw fined the firm 12 million zlotys.",
            "12 million zlotys",
            12e6,
            "Polish zloty",
            "=",
        ),
        ("Try 3 things today.", "3 things", 3, "thing", "="),
        ("About 500 or more people are expected.", "500 or more", 500, None, ">"),
    ],
)
def test_currencies_counted_nouns_and_trailing_bounds(facts, sentence, text, value, unit, change):
    row = only(facts(sentence), text)
    assert (row["value"], row["change"]) == (value, change)
    assert unit is None or row["unit_normalized"] == unit


@pytest.mark.parametrize("sentence", ["Call 1-800-555-1234 now.", "+1-222-2222-2222 is a number."])
def test_numbers_chained_by_dashes_are_identifiers(facts, sentence):
    assert not [row for row in facts(sentence) if row["kind"] in QUANTITY_KINDS]


def test_a_sign_between_two_numbers_prefixes_the_second(facts):
    rows = facts("He found 1 $10 bill in the drawer.")
    assert [(row["text"], row["unit_normalized"]) for row in rows if row["kind"] == "money"] == [
        ("$10", "US dollar")
    ]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "low", "high", "unit"),
    [
        (
            "The deficit widened to £1.5bn-£2bn, the watchdog said.",
            "£1.5bn-£2bn",
            1.75e9,
            1.5e9,
            2e9,
            "pound sterling",
        ),
        (
            "The 1.5m-2m visitors expected will strain hotels.",
            "1.5m-2m",
            1.75e6,
            1.5e6,
            2e6,
            "visitor",
        ),
        ("Costs of $5bn-$7bn are likely.", "$5bn-$7bn", 6e9, 5e9, 7e9, "US dollar"),
    ],
)
def test_ranges_of_scaled_amounts(facts, sentence, text, value, low, high, unit):
    row = only(facts(sentence), text)
    assert (row["value"], row["value_low"], row["value_high"]) == (value, low, high)
    assert row["unit_normalized"] == unit


def test_half_a_unit(facts):
    row = only(facts("The bank cut its forecast by half a percentage point."), "half a")
    assert (row["value"], row["unit_normalized"], row["change"]) == (0.5, "percent", "down")


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit", "change"),
    [
        ("Nearly one in five adults now works from home.", "Nearly one in five", 0.2, None, "~"),
        ("The quake had a magnitude of 6.4, officials said.", "6.4", 6.4, "magnitude", "="),
    ],
)
def test_share_numerators_and_units_named_before(facts, sentence, text, value, unit, change):
    row = only(facts(sentence), text)
    assert (row["value"], row["unit_normalized"], row["change"]) == (value, unit, change)


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit", "change"),
    [
        (
            "The kingdom will cut output by 1 million barrels per day.",
            "1 million barrels per day",
            1e6,
            "barrel per day",
            "down",
        ),
        ("Broadband speeds average 80 Mbps in cities.", "80 Mbps", 80, "megabit per second", "~"),
        (
            "The service is available 24/7 to 3 million customers.",
            "3 million",
            3e6,
            "customer",
            "=",
        ),
    ],
)
def test_rates_verbs_of_average_and_slashes(facts, sentence, text, value, unit, change):
    row = only(facts(sentence), text)
    assert (row["value"], row["unit_normalized"], row["change"]) == (value, unit, change)


@pytest.mark.parametrize(
    "sentence", ["He was No. 10 in the world rankings.", "The service runs 24/7."]
)
def test_rank_numbers_and_24_7_are_no_quantities(facts, sentence):
    assert not [row for row in facts(sentence) if row["kind"] in QUANTITY_KINDS]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "change"),
    [
        ("The government slashed the budget by $2.3 billion.", "$2.3 billion", 2.3e9, "down"),
        ("Membership rose by 15,000 to 210,000 last year.", "15,000", 15000, "up"),
        ("Membership rose by 15,000 to 210,000 last year.", "210,000", 210000, "="),
    ],
)
def test_change_verbs_and_levels(facts, sentence, text, value, change):
    row = only(facts(sentence), text)
    assert (row["value"], row["change"]) == (value, change)
    assert row["unit_normalized"] != "year"


@pytest.mark.parametrize(
    ("sentence", "text", "unit", "change"),
    [
        ("The storm dumped 30 centimetres of snow in an hour.", "an hour", "hour", "="),
        ("Oil prices fell 8 percent in a single day.", "a single day", "day", "="),
        ("He has worked at the bank for a decade.", "a decade", "decade", "="),
        ("The company plans to double its output within a year.", "a year", "year", "<"),
    ],
)
def test_an_article_after_a_preposition_counts_one_unit_of_time(
    facts, sentence, text, unit, change
):
    row = only(facts(sentence), text)
    assert (row["value"], row["unit_normalized"], row["change"]) == (1, unit, change)


@pytest.mark.parametrize(
    "sentence",
    [
        "The bridge has stood for more than a century.",  # after a qualifier: vague
        "Crews battled the fire for nearly a week before it was contained.",
        "The senator called for a second vote on the bill.",  # an ordinal
        "Police opened a year-long inquiry into the deaths.",
        "Investors earn $5 a year on each share.",  # a rate, not a length of time
    ],
)
def test_an_article_without_a_preposition_or_after_a_qualifier_is_no_duration(facts, sentence):
    assert [r["text"] for r in facts(sentence) if r["kind"] == "duration"] == []


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit", "change"),
    [
        # a preposition of motion after a verb bounds the number
        (
            "The pound slid past $1.20 for the first time since March.",
            "$1.20",
            1.2,
            "US dollar",
            ">",
        ),
        ("Bitcoin climbed past 70,000 dollars on Tuesday.", "70,000", 70000, "US dollar", ">"),
        ("Sales rose over the past 30 days.", "30", 30, "day", "="),
        # a restatement after "or" shares the change
        (
            "Its stock has lost a third of its value, or $40 billion.",
            "$40",
            40e9,
            "US dollar",
            "down",
        ),
        ("The fund fell 4% in March, or $2 billion.", "$2", 2e9, "US dollar", "down"),
        # a unit named before the number wins over the noun after it
        ("A magnitude 6.1 earthquake struck off Japan.", "6.1", 6.1, "magnitude", "="),
        # "contract" as a noun is no change
        ("He signed a two-year contract worth €10m.", "two-year", 2, "year", "="),
        # an apposed age is a quantity, as "aged 65" is; the text writes no unit
        ("Maria Lopez, 54, a nurse from Madrid, was among the injured.", "54", 54, None, "="),
        # a space groups thousands when the group is round or more groups follow
        ("The region has 1 250 000 inhabitants.", "1 250 000", 1.25e6, "inhabitant", "="),
        ("The region has 1 234 567 inhabitants.", "1 234 567", 1234567, "inhabitant", "="),
        ("The airline ordered 12 787 aircraft last year.", "12", 12, None, "="),
    ],
)
def test_bounds_restatements_ages_and_space_groups(facts, sentence, text, value, unit, change):
    row = only(facts(sentence), text)
    assert row["value"] == pytest.approx(value)
    assert (row["unit_normalized"], row["change"]) == (unit, change)


def test_a_label_number_after_a_sentence_initial_noun_is_no_count(facts):
    rows = facts("Flight 370 disappeared with 239 people on board.")
    assert [row["text"] for row in rows] == ["239 people"]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit"),
    [
        # a modifier between the number and its noun: the noun is the unit
        ("The form must be returned within twenty working days.", "twenty", 20, "day"),
        ("Unemployment fell for three consecutive months.", "three", 3, "month"),
        ("The economy has grown for five straight quarters.", "five", 5, "quarter"),
    ],
)
def test_the_counted_noun_after_its_modifiers(facts, sentence, text, value, unit):
    row = only(facts(sentence), text)
    assert (row["value"], row["unit_normalized"]) == (value, unit)


@pytest.mark.parametrize(
    "sentence",
    [
        "Kane scored in the 90th minute to seal a 2-1 win.",  # a score before a singular noun
        "FIFA World Cup 2018 day five: Sweden, Belgium, England win.",  # a year in a name
        "Passengers on bus 42 were evacuated at 7.30am.",
        "The club sits in the top 4 of the table.",  # a rank
        "Leeds finished in the bottom three.",
        "The Warriors won 121-114 on Sunday night.",  # a score, three digits
        "The key points:\n1. Taxes will rise.\n2) Rents will be frozen.",  # list numbers
        "Call the helpline on 555-0134 for advice.",  # a phone number
    ],
)
def test_scores_and_years_in_names_are_no_quantities(facts, sentence):
    rows = facts(sentence)
    assert [row["text"] for row in rows if row["kind"] in QUANTITY_KINDS] == []


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit"),
    [
        # "in" is an inch right after an amount in feet
        ("The suspect is described as 5 ft 10 in tall.", "5 ft 10 in", 5 + 10 / 12, "foot"),
        ("He stands 6ft 2in.", "6ft 2in", 6 + 2 / 12, "foot"),
        ("He lives 3 ft away in a flat.", "3 ft", 3, "foot"),
        # M before a currency code is million, as finance pages write it
        ("The group reported sales of 120 MEUR in the first half.", "120 MEUR", 120e6, "euro"),
        ("The contract is worth 30 MUSD over five years.", "30 MUSD", 30e6, "US dollar"),
        ("Revenues were about MAUD 60 last year.", "MAUD 60", 60e6, "Australian dollar"),
    ],
)
def test_feet_and_inches_and_million_codes(facts, sentence, text, value, unit):
    row = only(facts(sentence), text)
    assert row["value"] == pytest.approx(value)
    assert row["unit_normalized"] == unit


@pytest.mark.parametrize(
    ("sentence", "text", "unit"),
    [
        ("The new trains will run at 320 km per hour.", "320 km per hour", "kilometre per hour"),
        ("The river carried 2,000 cubic metres per second.", "2,000", "cubic metre per second"),
        ("The probe reached 50 km/ms.", "50 km/ms", "kilometre per millisecond"),
        ("The 64-bit version of the app runs faster.", "64-bit", "bit"),
        ("Rations were cut to 20 kg per family.", "20 kg", "kilogram"),  # a noun, no rate
    ],
)
def test_a_measure_per_a_unit_is_one_rate_unit(facts, sentence, text, unit):
    row = only(facts(sentence), text)
    assert row["unit_normalized"] == unit
    assert [r["kind"] for r in facts(sentence)].count("ordinal") == 0


@pytest.mark.parametrize(
    ("sentence", "text", "unit"),
    [
        # the lemmatizer strays on these plurals; the noun table corrects it
        ("The G7 leaders pledged 1 billion vaccine doses.", "1 billion", "dose"),
        ("The firm paid 3 taxes on the sale.", "3 taxes", "tax"),
    ],
)
def test_plurals_the_lemmatizer_misreads(facts, sentence, text, unit):
    assert only(facts(sentence), text)["unit_normalized"] == unit


def test_a_spaced_time_of_day_is_no_count(facts):
    rows = facts("Polls close at 8 pm on Thursday.")
    assert [row["kind"] for row in rows if "8" in row["text"]] == ["time"]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit", "change"),
    [
        ("Prices will rise between 10 and 15 percent next year.", "10", 12.5, "percent", "up"),
        ("House prices are 4.5% higher than a year ago.", "4.5%", 4.5, "percent", "up"),
        ("Sales were 2% lower than in May.", "2%", 2, "percent", "down"),
        ("Only one or two ministers backed the plan.", "one", 1, None, "="),
        ("The sentence ranges from one to three years.", "one", 2, "year", "="),
    ],
)
def test_changes_of_ranges_and_comparatives_and_one_before_a_number(
    facts, sentence, text, value, unit, change
):
    row = only(facts(sentence), text)
    assert (row["value"], row["unit_normalized"], row["change"]) == (value, unit, change)


@pytest.mark.parametrize(
    ("sentence", "text", "unit"),
    [
        ("NASA chose homes for the three remaining Space Shuttle orbiters.", "three", "orbiter"),
        ("Two pan-democratic veteran politicians lost their seats.", "Two", "politician"),
        ("Boeing delivered 35 737 jets in the quarter.", "35", "jet"),
    ],
)
def test_the_parse_finds_the_counted_noun_past_long_modifiers(facts, sentence, text, unit):
    assert only(facts(sentence), text)["unit_normalized"] == unit


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit"),
    [
        ("The miner agreed to pay AUD$40 million.", "AUD$40", 40e6, "Australian dollar"),
        ("Ottawa set aside CAD$ 15 billion for housing.", "CAD$ 15", 15e9, "Canadian dollar"),
    ],
)
def test_a_currency_code_before_a_dollar_sign_names_the_dollar(facts, sentence, text, value, unit):
    row = only(facts(sentence), text)
    assert (row["value"], row["unit_normalized"]) == (value, unit)


@pytest.mark.parametrize("published", [date(2021, 7, 21), None])
def test_a_date_beyond_the_calendar_is_no_error(nlp, extract, published):
    rows = extract(nlp("Early humans left Africa two million years ago."), published=published)
    assert all(row["date_value"] is None for row in rows)
