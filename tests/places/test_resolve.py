"""Each disambiguation rule, table-driven, on news-style sentences (mentions as the model
tags them, so the rules are tested alone)."""

import polars as pl
import pytest

from pipelines import schema
from pipelines.places import with_place_ids

GPE, ORG, PERSON, NORP = "GPE", "ORG", "PERSON", "NORP"


def country_of(found: dict, surface: str) -> str | None:
    return found[surface][2]


@pytest.mark.parametrize(
    ("text", "spans", "surface", "country", "admin1"),
    [
        # the dateline: the place in capitals and what its comma adds
        (
            "SPRINGFIELD, Ill. (AP) - Lawmakers returned to Springfield on Tuesday.",
            [("SPRINGFIELD", GPE), ("Springfield", GPE)],
            "Springfield",
            "US",
            "IL",
        ),
        (
            "SPRINGFIELD, Mo. - A tornado hit Springfield late Sunday.",
            [("SPRINGFIELD", GPE), ("Springfield", GPE)],
            "Springfield",
            "US",
            "MO",
        ),
        (
            "LONDON, Ontario - Police in London said two people were hurt.",
            [("LONDON", GPE, "United Kingdom"), ("London", GPE)],
            "London",
            "CA",
            "08",
        ),
        (
            "Headline on the storm\n\nPERTH, Scotland - Floods closed roads around Perth.",
            [("PERTH", GPE), ("Perth", GPE)],
            "Perth",
            "GB",
            "SCT",
        ),
        # no dateline qualifier: the population prior
        (
            "LONDON (Reuters) - Inflation in London rose to 4 percent.",
            [("LONDON", GPE), ("London", GPE)],
            "London",
            "GB",
            "ENG",
        ),
    ],
)
def test_dateline(resolve, text, spans, surface, country, admin1):
    found = resolve(text, spans)
    assert found[surface][2:] == (country, admin1)


@pytest.mark.parametrize(
    ("text", "spans", "surface", "country", "admin1"),
    [
        # a region or country named right after the place
        (
            "Researchers in Cambridge, Massachusetts, said the trial worked.",
            [("Cambridge", GPE), ("Massachusetts", GPE)],
            "Cambridge",
            "US",
            "MA",
        ),
        (
            "The festival in Perth, Scotland, drew 20,000 visitors.",
            [("Perth", GPE), ("Scotland", GPE)],
            "Perth",
            "GB",
            "SCT",
        ),
        (
            "Toyota will add jobs in Cambridge, Ontario, next year.",
            [("Cambridge", GPE), ("Ontario", GPE)],
            "Cambridge",
            "CA",
            "08",
        ),
        (
            "A rodeo in Paris, Texas, drew record crowds.",
            [("Paris", GPE), ("Texas", GPE)],
            "Paris",
            "US",
            "TX",
        ),
        # newspaper abbreviations and written codes
        (
            "The plant in Springfield, Mass., will close.",
            [("Springfield", GPE), ("Mass.", GPE)],
            "Springfield",
            "US",
            "MA",
        ),
        (
            "Police in Portland, OR, arrested 12 people.",
            [("Portland", GPE)],
            "Portland",
            "US",
            "OR",
        ),
        (
            "A blizzard buried Portland, Maine, overnight.",
            [("Portland", GPE), ("Maine", GPE)],
            "Portland",
            "US",
            "ME",
        ),
        # in parentheses
        (
            "The ferry reached Victoria (British Columbia) at noon.",
            [("Victoria", GPE), ("British Columbia", GPE)],
            "Victoria",
            "CA",
            "02",
        ),
        # inside one mention, as the model sometimes tags it
        (
            "Students at Cambridge, Mass. walked out.",
            [("Cambridge, Mass.", GPE)],
            "Cambridge, Mass.",
            "US",
            "MA",
        ),
    ],
)
def test_qualifier_after_the_name(resolve, text, spans, surface, country, admin1):
    assert resolve(text, spans)[surface][2:] == (country, admin1)


@pytest.mark.parametrize(
    ("text", "spans", "surface", "country"),
    [
        # the countries of the article's other places
        (
            "Victoria's premier said Melbourne would reopen its stadiums.",
            [("Victoria's", GPE), ("Melbourne", GPE)],
            "Victoria's",
            "AU",
        ),
        (
            "A ferry from Vancouver docked in Victoria after losing power.",
            [("Vancouver", GPE), ("Victoria", GPE)],
            "Victoria",
            "CA",
        ),
        (
            "Farmers in Punjab blocked highways near Lahore.",
            [("Punjab", GPE), ("Lahore", GPE)],
            "Punjab",
            "PK",
        ),
        (
            "Pilgrims in Punjab visited the Golden Temple in Amritsar.",
            [("Punjab", GPE), ("Amritsar", GPE)],
            "Punjab",
            "IN",
        ),
        (
            "Fighting in Tripoli spread to the port, and the army sent troops from Beirut.",
            [("Tripoli", GPE), ("Beirut", GPE)],
            "Tripoli",
            "LB",
        ),
        (
            "Floods hit Hyderabad, and Pakistan's army flew aid in from Karachi.",
            [("Hyderabad", GPE), ("Pakistan's", GPE), ("Karachi", GPE)],
            "Hyderabad",
            "PK",
        ),
        (
            "Valencia beat Barcelona in Spain's league.",
            [("Valencia", GPE), ("Barcelona", GPE), ("Spain's", GPE)],
            "Valencia",
            "ES",
        ),
        (
            "Newcastle beat Sunderland, and fans celebrated across England.",
            [("Newcastle", GPE), ("Sunderland", GPE), ("England", GPE)],
            "Newcastle",
            "GB",
        ),
        (
            "Georgia's governor signed the law in Atlanta, and Savannah businesses objected.",
            [("Georgia's", GPE), ("Atlanta", GPE), ("Savannah", GPE)],
            "Georgia's",
            "US",
        ),
    ],
)
def test_countries_of_the_other_places(resolve, text, spans, surface, country):
    assert country_of(resolve(text, spans), surface) == country


def test_first_level_region_of_the_other_places(resolve):
    """Several Springfields in the US: the one in the state the article's other places are in."""
    text = "Officials in Springfield and Chicago said the budget would pass."
    assert resolve(text, [("Springfield", GPE), ("Chicago", GPE)])["Springfield"][2:] == (
        "US",
        "IL",
    )


@pytest.mark.parametrize(
    ("text", "spans", "surface", "expected"),
    [
        # population and feature priors, when the article says nothing else
        ("Protesters filled the streets of Santiago.", [("Santiago", GPE)], "Santiago", "CL"),
        ("Clashes in Tripoli killed 12 people.", [("Tripoli", GPE)], "Tripoli", "LY"),
        ("Floods in Hyderabad killed 30 people.", [("Hyderabad", GPE)], "Hyderabad", "IN"),
        ("Bushfires near Perth destroyed 70 homes.", [("Perth", GPE)], "Perth", "AU"),
        ("Russian troops crossed into Georgia in 2008.", [("Georgia", GPE)], "Georgia", "GE"),
        # a capital above other cities of that name
        ("Traffic in Washington was snarled.", [("Washington", GPE)], "Washington", "US"),
        # a city above the province named after it
        ("A bomb exploded in Kandahar.", [("Kandahar", GPE)], "Kandahar", "AF"),
    ],
)
def test_prior(resolve, text, spans, surface, expected):
    assert country_of(resolve(text, spans), surface) == expected


def test_city_above_the_province_named_after_it(resolve):
    found = resolve("A bomb exploded in Kandahar.", [("Kandahar", GPE)])
    assert found["Kandahar"][1] == "city"


def test_capital_standing_for_its_government_names_the_country(resolve):
    text = "Washington said it would withdraw troops from Iraq; Baghdad welcomed the move."
    spans = [("Washington", ORG, "United States"), ("Iraq", GPE), ("Baghdad", GPE)]
    found = resolve(text, spans)
    assert found["Washington"][1:3] == ("country", "US")
    assert found["Baghdad"][1:3] == ("city", "IQ")


def test_one_place_per_name_per_article(resolve):
    """The qualifier on the first mention decides the later ones."""
    text = "Cambridge, Massachusetts, is home to MIT. Cambridge voted on Tuesday."
    found = resolve(text, [("Cambridge", GPE), ("Massachusetts", GPE), ("Cambridge", GPE)])
    assert found["Cambridge"][2:] == ("US", "MA")


def test_same_name_in_two_articles_can_be_two_places(mentions_of):
    texts = {
        "a1": "SPRINGFIELD, Ill. - The governor spoke in Springfield.",
        "a2": "SPRINGFIELD, Mass. - The mayor of Springfield resigned.",
    }
    mentions = pl.concat(
        [mentions_of(a, t, [("SPRINGFIELD", GPE), ("Springfield", GPE)]) for a, t in texts.items()]
    ).with_columns(
        entity_id=pl.lit("E1"),
        label_before_vote=pl.col("label"),
        label_rule_before_vote=pl.col("label_rule"),
    )
    bodies = pl.DataFrame({"article_id": list(texts), "body": list(texts.values())})
    placed = with_place_ids(mentions, bodies)
    assert placed.schema == pl.Schema(schema.ENTITY_MENTION_ROWS)
    ids = placed.group_by("article_id").agg(pl.col("place_id").unique())
    assert sorted(len(row) for row in ids["place_id"]) == [1, 1]
    assert placed["place_id"].n_unique() == 2


@pytest.mark.parametrize(
    ("text", "spans", "surface"),
    [
        # the model's other labels, where the text says the name is a place
        ("Ukrainian forces pushed troops back from Kharkiv.", [("Kharkiv", ORG)], "Kharkiv"),
        (
            "Many visitors came from Edinburgh and Glasgow.",
            [("Edinburgh", GPE), ("Glasgow", PERSON)],
            "Glasgow",
        ),
        (
            "Hamilton, Ontario, issued a boil-water advisory.",
            [("Hamilton", PERSON), ("Ontario", GPE)],
            "Hamilton",
        ),
        (
            "KINGSTON, Jamaica - A state of emergency was declared.",
            [("KINGSTON", ORG), ("Jamaica", GPE)],
            "KINGSTON",
        ),
        ("Delegates met in Aleppo on Monday.", [("Aleppo", NORP)], "Aleppo"),
        ("Police said Aleppo was calm.", [("Aleppo", NORP)], "Aleppo"),
        (
            "Pilgrims reached Santiago de Compostela in record numbers.",
            [("Santiago de Compostela", ORG)],
            "Santiago de Compostela",
        ),
    ],
)
def test_mislabelled_place_names(resolve, text, spans, surface):
    assert resolve(text, spans)[surface][0] is not None


@pytest.mark.parametrize(
    ("text", "spans", "surface"),
    [
        # a person or organisation with a place's name, with nothing saying it is a place
        ("Lewis Hamilton said Hamilton would race again.", [("Hamilton", PERSON)], "Hamilton"),
        ("Victoria announced her retirement on Monday.", [("Victoria", PERSON)], "Victoria"),
        ("Orange reported higher profits.", [("Orange", ORG)], "Orange"),
        # names the gazetteer does not know
        ("Talks were held at the White House.", [("the White House", "FAC")], "the White House"),
    ],
)
def test_no_place(resolve, text, spans, surface):
    assert resolve(text, spans)[surface][0] is None


@pytest.mark.parametrize(
    ("text", "spans", "surface"),
    [
        # short for a longer name that is no place: a surname, an acronym
        (
            "Daniel Montalvo spoke first. A statement from Montalvo followed.",
            [("Daniel Montalvo", PERSON), ("Montalvo", PERSON, "Daniel Montalvo")],
            "Montalvo",
        ),
        (
            "The University of Southern Indiana said USI would close.",
            [
                ("The University of Southern Indiana", ORG, "University of Southern Indiana"),
                ("USI", ORG, "University of Southern Indiana"),
            ],
            "USI",
        ),
    ],
)
def test_short_forms_of_other_names_are_no_places(resolve, text, spans, surface):
    assert resolve(text, spans)[surface][0] is None
