"""Names completed over the words the model left out, and capitalised words that name no
entity, on real-style news sentences through the real model."""

import pytest


def names(rows: list[dict]) -> dict[str, str]:
    return {r["name"]: r["label"] for r in rows}


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # a first name before a one-word person the model tagged
        (
            "The photos included Polaroids of author Truman Capote and singer-songwriter "
            "Carly Simon.",
            "Carly Simon",
            "PERSON",
        ),
        (
            "After the leak, the chief executive of the Refugee Council Enver Solomon told "
            "Sky News the plan must be well thought out.",
            "Enver Solomon",
            "PERSON",
        ),
        # a title before a place's name tagged a person: a character
        (
            "Disney Belle Image: Nick Moreau.\n\nSuperheroes\n\nBlack Widow and Captain "
            "America Image: Nick Moreau.\n\nAnime",
            "Captain America",
            "PERSON",
        ),
        # the first word of a known product, even opening a sentence
        (
            "Internet Explorer's market share is slipping as Chrome gains.",
            "Internet Explorer",
            "PRODUCT",
        ),
        # a misspelt surname is the person the article names in full, not a company
        (
            "The gallery was curated by K.C. Maurer. Institutional recipients, said Mauer, "
            "must show the photographs.",
            "Mauer",
            "PERSON",
        ),
    ],
)
def test_names_completed_past_the_model(rows_of, text, name, label):
    found = names(rows_of(text))
    assert found.get(name) == label, found


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("In the first game of Group G, Belgium beat Panama 3-0 in Sochi.", "Group G"),
        ("Ireland top Pool B after beating Scotland 36-14.", "Pool B"),
        (
            "The website rose to number three in Hitwise UK's Lifestyle-Religion category.",
            "Lifestyle-Religion",
        ),
        (
            "The democracy camp gained a seat from the pro-Beijing camp. Shiu Ka-chun of the "
            "Social Welfare constituency defeated their opponents.",
            "Social Welfare",
        ),
    ],
)
def test_stages_and_categories_are_no_entities(rows_of, text, missing):
    found = names(rows_of(text))
    assert missing not in found, found


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # a title before a person stays out of the name
        ("Captain Tom Moore raised millions for the health service.", "Tom Moore", "PERSON"),
        # a word opening the sentence is no first name of the person after it
        ("Yesterday Simon told reporters he would stay.", "Simon", "PERSON"),
        # a place before a category noun keeps its name
        ("He won the Kowloon East constituency by 300 votes.", "Kowloon East", None),
    ],
)
def test_what_the_new_rules_leave_alone(rows_of, text, name, label):
    found = names(rows_of(text))
    assert name in found, found
    assert label is None or found[name] == label, found


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # a leader's surname before "government" is a person
        (
            "In 2014 the tax changed from the ICI system to the IMU system by the Monti "
            "government.",
            "Monti",
            "PERSON",
        ),
        (
            "Critics said the Netanyahu government had ignored the warnings.",
            "Netanyahu",
            "PERSON",
        ),
        ("The Trump administration imposed new tariffs on steel.", "Trump", "PERSON"),
        # a people's, a party's or a regime's word keeps its label
        ("The Iraqi government asked for more time.", "Iraqi", "NORP"),
        ("The Afghan government rejected the report on Monday.", "Afghan", "NORP"),
        ("The Conservative government cut taxes twice.", "Conservative", "NORP"),
        ("The Scottish government will publish its plan next week.", "Scottish", "NORP"),
    ],
)
def test_a_leader_before_government(rows_of, text, name, label):
    found = names(rows_of(text))
    assert found.get(name) == label, found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a chain of compounds before the model's span is one name
        (
            '"It is a developed country like Australia."\n\nLydia Buchtmann for Food '
            "Standards Australia New Zealand, says they are looking at mandatory guidelines "
            "on iodine by the end of the year.",
            "Food Standards Australia New Zealand",
        ),
        # capitalised compounds after a list's comma or a determiner, even a title and a
        # function word, begin the name the model started later
        (
            "Charitable fan-based groups included The Ontario Ghostbusters, Doctor Who Society "
            "of Canada, and Klingon Assault Group.",
            "Doctor Who Society of Canada",
        ),
        (
            "The European Commission approved 209 billion euros in aid for Italy under the "
            "Next Generation EU plan.",
            "Next Generation EU",
        ),
        # a romanised given name's last syllable and a sentence's period
        (
            "Pro-Beijing veteran politician Wong Kwok-hing of FTU was defeated by 10,694 votes "
            "by James To.  DAB's Starry Lee; from file, 2015.",
            "Wong Kwok-hing",
        ),
        (
            "Pro-Beijing veteran politician Wong Kwok-hing of FTU was defeated by 10,694 votes "
            "by James To.  DAB's Starry Lee; from file, 2015.",
            "James To",
        ),
        # a preposition the parse attaches outside the span ends the name
        (
            "Her mother had spoken out against Scientology on French television after the divorce.",
            "Scientology",
        ),
        ("He moved to the Bank of America in 2019.", "Bank of America"),
    ],
)
def test_spans_follow_the_parse(rows_of, text, name):
    assert name in names(rows_of(text)), names(rows_of(text))


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        (
            "The request came from the deputies of Movimento 5 Stelle (M5S) of the regional "
            "council of Lombardy.",
            "Movimento 5 Stelle",
            "ORG",
        ),
        (
            "Members of the National Rifle Association (NRA) met in Houston on Friday.",
            "National Rifle Association",
            "ORG",
        ),
    ],
)
def test_a_bracketed_acronym_spells_the_whole_name(rows_of, text, name, label):
    found = names(rows_of(text))
    assert found.get(name) == label, found
