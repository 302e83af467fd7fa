"""Concepts (what a number measures) and owners (the named entity it belongs to): one
real-style sentence per rule of pipelines/nlp/quantities/concepts.py and owners.py."""

import pytest

from pipelines.nlp.quantities import NumericFactExtractor


@pytest.fixture(scope="module")
def facts(nlp):
    extract = NumericFactExtractor(nlp)

    def run(sentence: str) -> list[dict]:
        return extract(nlp(sentence))

    return run


def only(rows: list[dict], text: str) -> dict:
    # an exact match first: "nine years ago" is a date fact beside the duration "nine years"
    found = [row for row in rows if row["text"] == text] or [
        row for row in rows if text in row["text"]
    ]
    assert len(found) == 1, (text, [row["text"] for row in rows])
    return found[0]


def owner(sentence: str, row: dict) -> str | None:
    if row["entity_start_char"] is None:
        return None
    return sentence[row["entity_start_char"] : row["entity_end_char"]]


@pytest.mark.parametrize(
    ("sentence", "text", "concept"),
    [
        # a count: the counted noun phrase with its modifiers, and its of-phrase
        ("Four rival consortiums have bid for the licence.", "Four", "rival consortiums"),
        ("The brewer sold 4 million crates of lager.", "4 million", "crates of lager"),
        # a measure: the thing measured
        ("The refinery imported 2.3 million barrels of crude.", "2.3", "crude"),
        # the noun the amount modifies
        ("Corvell agreed a $310 million takeover.", "$310", "takeover"),
        ("She was freed on $15,000 bail.", "15,000", "bail"),
        # with an of-phrase that is no name
        ("Sales of heat pumps rose 12% in France.", "12%", "Sales of heat pumps"),
        # the noun of an of-phrase, and the number's own of-phrase
        ("The firm booked an operating loss of €31m.", "€31m", "operating loss"),
        ("The Greens won 11.4 percent of the vote.", "11.4", "vote"),
        ("The council will shut three of its nine libraries.", "three", "libraries"),
        # a bare noun after "in" says what the money is
        ("The jury awarded the family $4 million in damages.", "$4 million", "damages"),
        # the clause: the object a verb changes, else the subject
        ("The central bank lifted its main rate by 50 basis points.", "50", "main rate"),
        ("Retail electricity tariffs rose 6% in January.", "6%", "Retail electricity tariffs"),
        ("The March cocoa contract was up 41 dollars a tonne.", "41", "March cocoa contract"),
        ("The upgrade should extend the battery life by about four hours.", "four", "battery life"),
        # a subject borrowed from the parent clause, a reduced relative clause
        ("Bond yields are expected to climb 20 basis points.", "20", "Bond yields"),
        ("Spain's jobless rate held at 11.7% in the spring.", "11.7", "jobless rate"),
        # a level clause keeps the subject, an action takes the of-noun
        ("Public debt rose to 112% of national output.", "112", "Public debt"),
        ("Solar panels supplied 14% of the region's power.", "14", "Solar panels"),
        # light nouns: a rate measures the clause's subject, a cost is the concept
        ("The economy grew at an annual rate of 3.1% in the quarter.", "3.1", "economy"),
        ("The bridge will be rebuilt at a cost of £75m.", "£75m", "cost"),
        # a change noun gives what changed
        ("Residents face a 6% rise in water bills.", "6%", "water bills"),
        # measure nouns measure the clause's concept; a player's points stay points
        ("The president's approval rating fell four points to 38%.", "four", "approval rating"),
        ("Rivera finished with 28 points and nine assists.", "28", "points"),
        # a record is the level reached, not what changed
        ("Arsenal's revenue hit a record £465m.", "£465m", "revenue"),
        # a time word after the number passes to the clause
        ("Hungary's output grew 0.8% quarter on quarter.", "0.8", "output"),
        # worth / valued at
        ("The club signed a five-year deal worth $140 million.", "$140", "deal"),
        # money spent on a thing, what costs, an apposed age
        ("The city will invest €90m in a new tram line.", "€90m", "new tram line"),
        ("Unleaded petrol now costs 1.49 pounds a litre.", "1.49", "Unleaded petrol"),
        ("The goalkeeper, 36, signed a new contract.", "36", "goalkeeper"),
        # money spent to do something, money put into something
        ("Anglo American will spend $1.8bn to expand its copper mine.", "$1.8", "copper mine"),
        ("Google is investing $2 billion in new data centres.", "$2", "new data centres"),
        # a change in a phrase about a noun: "shares, down 20% this year, ..."
        ("Shares in the insurer, down 20% this year, rallied on Friday.", "20%", "Shares"),
        # a change after a counted amount is about the counted noun
        ("Kessler shipped 41,200 tractors, up 9% on the year.", "9%", "tractors"),
        # a named index is its own concept
        ("The DAX closed 212 points higher.", "212", "DAX"),
    ],
)
def test_concept(facts, sentence, text, concept):
    assert only(facts(sentence), text)["concept"] == concept


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        # periods and dates are no things measured
        ("Sales at the chain rose 3% in the 12 weeks to March.", "12 weeks"),
        ("The plant opened nine years ago.", "nine years"),
        ("The rocket burns its fuel in under four minutes.", "four minutes"),
        # a pronoun subject with nothing to point back to
        ("It has risen 4% since then.", "4%"),
    ],
)
def test_no_concept(facts, sentence, text):
    assert only(facts(sentence), text)["concept"] is None


@pytest.mark.parametrize(
    ("sentence", "text", "concept"),
    [
        # a pronoun points back to the last fact of its kind and unit, or to the last count
        (
            "Chrome's share of the browser market was 62 percent in 2021; this has grown to "
            "65 percent today.",
            "65",
            "share of the browser market",
        ),
        (
            "The audit found 340 faults; 12 percent of these were serious.",
            "12 percent",
            "faults",
        ),
    ],
)
def test_pronoun_concept_points_back(facts, sentence, text, concept):
    assert only(facts(sentence), text)["concept"] == concept


@pytest.mark.parametrize(
    ("sentence", "text", "entity"),
    [
        # a name inside the concept
        ("About 900 British troops remain in the region.", "900", "British"),
        # the possessor, and the possessor of the number's own of-phrase
        ("Siemens's order intake fell 8% in the quarter.", "8%", "Siemens"),
        ("Web orders made up 41% of Harrods's sales.", "41%", "Harrods"),
        # the of/at name of a subject
        ("Shares of Vestas fell 4.2% on Tuesday.", "4.2%", "Vestas"),
        ("Profit at Nestle rose 6% to 3.1 billion francs.", "6%", "Nestle"),
        # the named subject of the clause, not the target of an of-phrase in the predicate
        ("Pfizer agreed to a $43 billion purchase of Seagen.", "$43", "Pfizer"),
        ("Toyota recalled 280,000 cars over a wiring fault.", "280,000", "Toyota"),
        # a named subject loses to nothing closer, a place the concept is in comes last
        ("Unilever will close two of its four plants in Germany.", "four", "Unilever"),
        ("Home prices in Dublin rose 7% last year.", "7%", "Dublin"),
        ("Obesity among adults in Wales has climbed to 25%.", "25%", "Wales"),
        # a speaker owns the number only through its pronoun
        ("Ford said it would spend $2 billion on a new plant.", "$2", "Ford"),
        ("Core prices rose 3.1% in May, Eurostat said.", "3.1%", None),
        # a possessive pronoun points at the speaker, a common-noun possessor owns it unnamed
        ("Unilever said its underlying sales rose 4.1% in the quarter.", "4.1%", "Unilever"),
        ("Unilever cut the country's growth forecast to 1.1%.", "1.1%", None),
        ("Unilever cut its growth forecast to 1.1%.", "1.1%", "Unilever"),
        # a relative clause belongs to the noun it describes
        ("Nestle, which employs 270,000 people, cut its forecast.", "270,000", "Nestle"),
        # the place the clause happens in
        ("Some 800 delegates gathered in Geneva for the talks.", "800", "Geneva"),
        # periods: a span keeps the subject's owner, a date has none
        ("Greenpeace has campaigned against the mine for 12 years.", "12 years", "Greenpeace"),
        ("Microsoft bought the studio three years ago.", "three years", None),
    ],
)
def test_owner(facts, sentence, text, entity):
    assert owner(sentence, only(facts(sentence), text)) == entity
