"""Values, units and changes of issue 11: rates, currencies written with letters, scale words
glued to numbers, signs, from-to changes, fractions, vague magnitudes, look-alikes."""

import math

import pytest

from pipelines.nlp.quantities import NumericFactExtractor


@pytest.fixture(scope="module")
def facts(nlp):
    extract = NumericFactExtractor(nlp)
    return lambda sentence: extract(nlp(sentence))


def only(rows: list[dict], text: str) -> dict:
    found = [row for row in rows if text in row["text"]]
    assert len(found) == 1, (text, [row["text"] for row in rows])
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit"),
    [
        (
            "Brent crude settled at $71.10 a barrel on Friday.",
            "$71.10 a barrel",
            71.1,
            "US dollar per barrel",
        ),
        (
            "Spot gold was at $2,318.40 an ounce by 0630 GMT.",
            "$2,318.40 an ounce",
            2318.4,
            "US dollar per ounce",
        ),
        ("Tenants pay £900 a month for a flat.", "£900 a month", 900, "pound sterling per month"),
        (
            "Flats are on sale for €4,000 per square metre.",
            "€4,000 per square metre",
            4000,
            "euro per square metre",
        ),
        (
            "A heart rate of 60 beats a minute is normal.",
            "60 beats a minute",
            60,
            "beat per minute",
        ),
        (
            "Kazakhstan pumped 1.8 million barrels per day.",
            "1.8 million barrels per day",
            1.8e6,
            "barrel per day",
        ),
        (
            "Electricity will cost 28 pence per kilowatt hour.",
            "28 pence per kilowatt hour",
            28,
            "penny per kilowatt hour",
        ),
        ("Coffee futures rose to $2.41 a pound.", "$2.41 a pound", 2.41, "US dollar per pound"),
        (
            "The company pays a dividend of 42 cents a share.",
            "42 cents a share",
            42,
            "cent per share",
        ),
        ("The train reached 320 km an hour.", "320 km an hour", 320, "kilometre per hour"),
    ],
)
def test_rates(facts, sentence, text, value, unit):
    row = only(facts(sentence), text)
    assert (row["text"], row["value"], row["unit_normalized"]) == (text, value, unit)


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit"),
    [
        # "a year earlier" and "a year ago" date the amount: no rate
        ("Revenue was $2.4bn a year earlier.", "$2.4bn", 2.4e9, "US dollar"),
        ("The plant made 300 cars a year ago.", "300 cars", 300, "car"),
        # a noun before another noun is no denominator
        ("The board approved a $5 a share buyback plan.", "$5", 5, "US dollar"),
    ],
)
def test_no_rate(facts, sentence, text, value, unit):
    row = only(facts(sentence), text)
    assert (row["value"], row["unit_normalized"]) == (value, unit)


def test_a_range_keeps_the_rate_of_its_high_end(facts):
    row = only(facts("Salaries range between €35,000 and €50,000 a year."), "€35,000")
    assert (row["value_low"], row["value_high"], row["unit_normalized"]) == (
        35000,
        50000,
        "euro per year",
    )


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit"),
    [
        ("Shares closed at AU$4.12 on Friday.", "AU$4.12", 4.12, "Australian dollar"),
        (
            "The deal is worth $US450 million to the developer.",
            "$US450 million",
            4.5e8,
            "US dollar",
        ),
        ("The contract, valued at RM4.5mil, was awarded.", "RM4.5mil", 4.5e6, "Malaysian ringgit"),
        (
            "Petronas reported a profit of RM18.7 billion.",
            "RM18.7 billion",
            1.87e10,
            "Malaysian ringgit",
        ),
        ("The company paid PS3.2 million in fines.", "PS3.2 million", 3.2e6, "pound sterling"),
        (
            "The cabinet approved a Y=1.2 trillion package.",
            "Y=1.2 trillion",
            1.2e12,
            "Japanese yen",
        ),
        ("DBS set aside S$2mil for staff.", "S$2mil", 2e6, "Singapore dollar"),
        ("Tata Motors raised Rs 3,000 crore in bonds.", "Rs 3,000 crore", 3e10, "Indian rupee"),
    ],
)
def test_currencies_written_with_letters(facts, sentence, text, value, unit):
    row = only(facts(sentence), text)
    assert (row["text"], row["value"], row["unit_normalized"], row["kind"]) == (
        text,
        value,
        unit,
        "money",
    )


def test_a_console_name_is_no_amount(facts):
    assert not [r for r in facts("Sony sold 4 million PS5 consoles.") if r["kind"] == "money"]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit", "change"),
    [
        (
            "The streaming service now has 48m subscribers.",
            "48m subscribers",
            4.8e7,
            "subscriber",
            "=",
        ),
        ("The bank will buy back 1.5bn shares.", "1.5bn shares", 1.5e9, "share", "="),
        ("The start-up raised $7.2M in a seed round.", "$7.2M", 7.2e6, "US dollar", "="),
        (
            "The district has 300m rupees for flood defences.",
            "300m rupees",
            3e8,
            "Indian rupee",
            "=",
        ),
        (
            "Netflix added 9.3m subscribers, taking its total to 269.6m.",
            "269.6m",
            2.696e8,
            None,
            "=",
        ),
        ("The new phone has a 6.1in screen.", "6.1in", 6.1, "inch", "="),
        ("The FTSE 100 was +0.7% by midday.", "+0.7%", 0.7, "percent", "up"),
        ("Asian shares: Nikkei -2.4%, Kospi +0.3%.", "-2.4%", 2.4, "percent", "down"),
        ("The index closed +12 points.", "+12 points", 12, "point", "up"),
        (
            "Temperatures in Winnipeg fell to minus-12 degrees.",
            "minus-12 degrees",
            -12,
            "degree",
            "=",
        ),
        ("The carmaker reported a result of $-3.2bn.", "$-3.2bn", -3.2e9, "US dollar", "="),
        ("Sales were up by 15% on a year ago.", "15%", 15, "percent", "up"),
        ("The plant will make sub-10 nanometre chips.", "sub-10 nanometre", 10, "nanometre", "<"),
        ("One mole contains 6.02×10^23 atoms.", "6.02×10^23 atoms", 6.02e23, "atom", "="),
    ],
)
def test_scale_letters_and_signs(facts, sentence, text, value, unit, change):
    row = only(facts(sentence), text)
    assert (row["text"], row["unit_normalized"], row["change"]) == (text, unit, change)
    assert row["value"] == pytest.approx(value)


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit"),
    [
        # a sign after a level word is a level, not a change
        ("Inflation was at -0.3% in May.", "-0.3%", -0.3, "percent"),
        # "m" before an adjective of size is a metre, even beside millions
        ("The club sold 2m shirts and the stadium is 120m wide.", "120m", 120, "metre"),
    ],
)
def test_levels_and_metres_stay(facts, sentence, text, value, unit):
    row = only(facts(sentence), text)
    assert (row["value"], row["unit_normalized"], row["change"]) == (value, unit, "=")


@pytest.mark.parametrize(
    ("sentence", "text", "value", "value_from", "change"),
    [
        ("Unemployment rose from 4.1% to 4.6% over the year.", "from 4.1% to 4.6%", 4.6, 4.1, "up"),
        (
            "The central bank cut its main rate from 5.25% to 5%.",
            "from 5.25% to 5%",
            5,
            5.25,
            "down",
        ),
        (
            "Average house prices went from $380,000 to $412,000.",
            "from $380,000 to $412,000",
            412000,
            380000,
            "up",
        ),
        (
            "Wait times grew from four hours to six hours.",
            "from four hours to six hours",
            6,
            4,
            "up",
        ),
        (
            "The retailer's loss widened to £42.6m from £18.1m.",
            "£42.6m from £18.1m",
            4.26e7,
            1.81e7,
            "up",
        ),
        (
            "Airbus delivered 63 jets in May, up from 61 a year earlier.",
            "63 jets in May, up from 61",
            63,
            61,
            "up",
        ),
        (
            "Inflation slowed to 6.4% in January, down from 6.5% in December.",
            "6.4% in January, down from 6.5%",
            6.4,
            6.5,
            "down",
        ),
    ],
)
def test_a_move_between_two_levels_is_one_fact(facts, sentence, text, value, value_from, change):
    rows = [r for r in facts(sentence) if r["kind"] != "date"]
    row = only(rows, text)
    assert (row["text"], row["value"], row["value_from"], row["change"]) == (
        text,
        value,
        value_from,
        change,
    )
    assert row["value_low"] is None


@pytest.mark.parametrize(
    ("sentence", "text", "low", "high"),
    [
        ("The company expects margins of between 5% and 6%.", "between 5% and 6%", 5, 6),
        (
            "Homes are priced from $450,000 to $900,000.",
            "from $450,000 to $900,000",
            450000,
            900000,
        ),
        ("Tickets will cost from €35 to €120.", "from €35 to €120", 35, 120),
    ],
)
def test_ranges_stay_ranges(facts, sentence, text, low, high):
    row = only(facts(sentence), text)
    assert (row["value_low"], row["value_high"], row["value_from"]) == (low, high, None)


@pytest.mark.parametrize(
    ("sentence", "text", "code"),
    [
        ("The deal is worth $450 million.", "$450 million", "USD"),
        ("Brent settled at $71.10 a barrel.", "$71.10 a barrel", "USD"),
        ("Revenue fell to £1.1bn.", "£1.1bn", "GBP"),
        ("Sony expects profit of 1.31 trillion yen.", "1.31 trillion yen", "JPY"),
        ("Tesco's shares rose to 310p.", "310p", "GBP"),
        ("Petronas made RM18.7 billion.", "RM18.7 billion", "MYR"),
        ("Samsung will invest 230 trillion won.", "230 trillion won", "KRW"),
        ("Wheat rose 7 cents.", "7 cents", None),
        ("Sales rose 5%.", "5%", None),
    ],
)
def test_currency_codes(facts, sentence, text, code):
    assert only(facts(sentence), text)["currency_code"] == code


def test_an_implausible_magnitude_carries_a_note(facts):
    row = only(facts("The company reported revenue of $3bn trillion."), "$3bn trillion")
    assert row["value"] == 3e21 and row["note"].startswith("implausible magnitude: money")
    assert only(facts("One mole holds 6.02×10^23 atoms."), "atoms")["note"] is None
    assert only(facts("Apple is worth $3tn."), "$3tn")["note"] is None


def test_the_currency_table_holds_iso_4217_codes():
    import pycountry

    from pipelines.nlp.quantities.tables import currency_codes, unit_aliases
    from pipelines.nlp.quantities.units import currency_code

    iso = {currency.alpha_3 for currency in pycountry.currencies}
    assert set(currency_codes().values()) <= iso
    money = {unit for unit, kind in unit_aliases().values() if kind == "money"}
    # withdrawn currencies, bitcoin and minor units of several currencies have no current code
    without = {unit for unit in money if currency_code(unit) is None}
    assert without == {
        "bitcoin",
        "cent",
        "krone",
        "shilling",
        "Deutsche mark",
        "Dutch guilder",
        "Finnish markka",
        "French franc",
        "Spanish peseta",
    }


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit", "change"),
    [
        ("Half of the voters said the economy mattered most.", "Half", 0.5, None, "="),
        ("A third of the respondents cut back on heating.", "A third", 1 / 3, None, "="),
        ("Two-thirds of the board voted for the merger.", "Two-thirds", 2 / 3, None, "="),
        ("Nearly two thirds of voters oppose the plan.", "Nearly two thirds", 2 / 3, None, "~"),
        (
            "About three-quarters of the residents were evacuated.",
            "About three-quarters",
            0.75,
            None,
            "~",
        ),
        ("The council cut its budget for libraries by a third.", "a third", 1 / 3, None, "down"),
        ("One in five adults in England now vapes.", "One in five", 0.2, None, "="),
        ("Nine out of 10 doctors are worried.", "Nine out of 10", 0.9, None, "="),
        ("Add 3/4 of a cup of sugar.", "3/4 of a cup", 0.75, "cup", "="),
        ("Cut the board to ⅛ inch.", "⅛ inch", 0.125, "inch", "="),
        (
            "The Fed raised rates by a quarter of a percentage point.",
            "a quarter of a percentage point",
            0.25,
            "percent",
            "up",
        ),
    ],
)
def test_fractions_and_ratios(facts, sentence, text, value, unit, change):
    row = only(facts(sentence), text)
    assert (row["text"], row["unit_normalized"], row["change"]) == (text, unit, change)
    assert row["value"] == pytest.approx(value)


def test_a_share_names_what_it_is_of(facts):
    assert only(facts("Half of the voters backed him."), "Half")["concept"] == "voters"


@pytest.mark.parametrize(
    "sentence",
    [
        "The third of May was a holiday.",
        "He was sacked in the second half of the season.",
        "The firm reported a third quarter loss.",
        "The restaurant was rated 4.5 out of 5 by critics.",
    ],
)
def test_ordinals_periods_and_scores_are_no_shares(facts, sentence):
    assert not [r for r in facts(sentence) if r["kind"] == "count" and r["value"] < 1]


@pytest.mark.parametrize(
    ("sentence", "text", "low", "high", "unit"),
    [
        ("Dozens of protesters gathered outside.", "Dozens of protesters", 12, 120, "protester"),
        ("Hundreds of flights were cancelled.", "Hundreds of flights", 100, 1000, "flight"),
        ("Tens of thousands of people marched.", "Tens of thousands of people", 1e4, 1e5, "person"),
        (
            "Hundreds of thousands of chickens were culled.",
            "Hundreds of thousands of chickens",
            1e5,
            1e6,
            "chicken",
        ),
        ("Millions of households will pay less.", "Millions of households", 1e6, 1e7, "household"),
        ("The storm cost billions of dollars.", "billions of dollars", 1e9, 1e10, "US dollar"),
    ],
)
def test_vague_magnitudes(facts, sentence, text, low, high, unit):
    row = only(facts(sentence), text)
    assert (row["text"], row["value_low"], row["value_high"], row["unit_normalized"]) == (
        text,
        low,
        high,
        unit,
    )
    assert (row["value"], row["change"]) == ((low + high) / 2, "~")


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit"),
    [
        ("The dollar traded at a rate of 152.375 yen.", "152.375 yen", 152.375, "Japanese yen"),
        ("Less than 3.000 conventional troops remain.", "3.000 conventional troops", 3000, "troop"),
        ("A normal body temperature is 98.6degF (37deg C).", "37deg C", 37, "degree Celsius"),
        ("The star is about 4.2 light years away.", "4.2 light years", 4.2, "light year"),
        ("Vitamin D levels below 25 nmol/L are low.", "25 nmol/L", 25, "nanomole per litre"),
    ],
)
def test_numbers_that_are_not_what_they_look_like(facts, sentence, text, value, unit):
    row = only(facts(sentence), text)
    assert (row["value"], row["unit_normalized"]) == (value, unit)


@pytest.mark.parametrize(
    "sentence",
    [
        "The Five Eyes alliance shares intelligence.",
        "Cyclone Alfred was downgraded to a category 1 system.",
        "Level 4 restrictions were lifted in Auckland.",
        "Leaders of the G20 met in Rio.",
        "Junior doctors will stage a 14 May strike.",
    ],
)
def test_names_grades_and_dates_are_no_counts(facts, sentence):
    assert not [r for r in facts(sentence) if r["kind"] in ("count", "quantity")]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit", "change"),
    [
        (
            "The yen was at 155.62 per dollar in early trade.",
            "155.62 per dollar",
            155.62,
            "Japanese yen per US dollar",
            "=",
        ),
        ("Maybank's profit climbed to RM2.6bil.", "RM2.6bil", 2.6e9, "Malaysian ringgit", "="),
        ("Silver slipped to $27.15 after a three-day rally.", "three-day", 3, "day", "="),
        ("UK inflation fell from 3.2% in March to 2.3% in April.", "2.3%", 2.3, "percent", "down"),
        ("The opposition won 40 of the 120 seats.", "40", 40, None, "="),
    ],
)
def test_exchange_rates_time_phrases_and_counts_of_a_whole(
    facts, sentence, text, value, unit, change
):
    rows = [r for r in facts(sentence) if r["kind"] != "date"]
    row = only(rows, text)
    assert (row["value"], row["unit_normalized"], row["change"]) == (value, unit, change)


def test_scores_of_people_is_vague(facts):
    row = only(facts("Scores of people were injured."), "Scores of people")
    assert (row["value_low"], row["value_high"], row["change"]) == (40, 200, "~")


@pytest.mark.parametrize(
    ("sentence", "text", "value", "change", "value_from"),
    [
        ("The median price rose A$15,000 to A$1.6m.", "A$15,000", 15000, "up", None),
        ("The median price rose A$15,000 to A$1.6m.", "A$1.6m", 1.6e6, "=", None),
        (
            "Approvals climbed to 61,300 in March from 60,500 in February.",
            "61,300",
            61300,
            "up",
            60500,
        ),
        ("Ryanair carried 10% more passengers than a year earlier.", "10%", 10, "up", None),
    ],
)
def test_amount_then_level_and_comparatives(facts, sentence, text, value, change, value_from):
    row = only([r for r in facts(sentence) if r["kind"] != "date"], text)
    assert (row["value"], row["change"], row["value_from"]) == (value, change, value_from)


TEN_TO_400 = "1" + "0" * 400  # beyond a float's 1.8e308: float() makes it inf
NINES = "9" * 400


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        (f"Sales hit {TEN_TO_400} units on Monday, and 40 workers left.", "40"),
        (f"The fund claimed ${NINES} trillion in assets and 200 staff.", "200"),
        (f"Prices rose {NINES}% in Berlin, while wages rose 3% in May.", "3%"),
        # the infinite value is the level the change started from, or the high end of a range
        (f"The index fell from {TEN_TO_400} points to 5 points, its owner said 12 times.", "12"),
        (f"Between 3 and {TEN_TO_400} people came, and 7 buses.", "7"),
    ],
)
def test_a_value_no_float_holds_is_left_out(facts, sentence, kept):
    rows = facts(sentence)
    values = [
        v
        for row in rows
        for k in ("value", "value_low", "value_high", "value_from")
        if (v := row[k]) is not None
    ]
    assert all(math.isfinite(value) for value in values)
    assert any(row["text"].startswith(kept) for row in rows), [row["text"] for row in rows]
