"""Spans of two names cut in two, and the label rules that came with them, on real-style news
sentences through the real model."""

import pytest

from pipelines.nlp.mentions.cleaning import CleanMention
from pipelines.nlp.mentions.glued import split_glued_names
from pipelines.nlp.mentions.labels import _body_of_a_place, _local_group


def labels_by_name(rows: list[dict]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row["name"], set()).add(row["label"])
    return found


@pytest.mark.parametrize(
    ("text", "parts", "glued"),
    [
        # a person's surname glued to a company's name before a common noun
        (
            "Investors cheered Jeff Bezos on Monday. The Bezos Amazon stake is now worth "
            "$180 billion, and Amazon shares rose 3%.",
            {"Bezos": "PERSON", "Amazon": "ORG"},
            "Bezos Amazon",
        ),
        # two places sharing their last word
        (
            "North and South Korea traded fire across the border on Monday.",
            {"North Korea": "GPE", "South Korea": "GPE"},
            "North and South Korea",
        ),
    ],
)
def test_a_span_of_two_names_becomes_two_mentions(rows_of, text, parts, glued):
    rows = rows_of(text)
    labels = labels_by_name(rows)
    assert glued not in labels
    for name, label in parts.items():
        assert label in labels.get(name, set()), (name, labels)


def mention(text: str, name: str, label: str, sentence: int = 0) -> CleanMention:
    start = text.index(name)
    return CleanMention(start, start + len(name), label, name, sentence)


def test_a_name_in_a_place_is_cut_when_the_article_names_it_alone(nlp):
    text = "The ship Seabourn Pride in Bermuda was held. The Seabourn Pride carries 200 people."
    glued = mention(text, "Seabourn Pride in Bermuda", "WORK_OF_ART")
    parts, split = split_glued_names(nlp(text), [glued], text)
    assert split == 1
    assert [(p.name, p.label, text[p.start_char : p.end_char]) for p in parts] == [
        ("Seabourn Pride", "WORK_OF_ART", "Seabourn Pride"),
        ("Bermuda", "GPE", "Bermuda"),
    ]
    assert parts[1].label_rule == "split"


def test_a_one_time_title_with_a_place_stays_whole(nlp):
    """ "Midnight in Paris" named once is a film's title: nothing names "Midnight" alone."""
    text = 'Woody Allen\'s "Midnight in Paris" won an Oscar for its screenplay.'
    title = mention(text, "Midnight in Paris", "WORK_OF_ART")
    assert split_glued_names(nlp(text), [title], text) == ([title], 0)


def test_a_full_name_is_not_cut_after_another_persons_surname(rows_of):
    rows = rows_of(
        "Paul Allen founded the team. Allen Iverson scored 30 points. Iverson said he was tired."
    )
    assert "Allen Iverson" in {r["name"] for r in rows}


def test_a_name_cut_inside_a_hyphenated_word_is_not_split(nlp):
    text = (
        "Raymond Wong lost his seat. Wong Kwok-kin of the union was re-elected, and Kwok "
        "thanked voters."
    )
    cut = mention(text, "Wong Kwok", "PERSON")
    others = [mention(text, "Raymond Wong", "PERSON")]
    assert split_glued_names(nlp(text), [*others, cut], text) == ([*others, cut], 0)


def test_a_name_grows_over_of_the(rows_of):
    rows = rows_of(
        "The robots competed in the Daughters of the American Revolution Constitution Hall "
        "in Washington on Monday."
    )
    hall = [r for r in rows if r["name"].endswith("Constitution Hall")]
    assert hall and hall[0]["name"] == "Daughters of the American Revolution Constitution Hall"
    assert hall[0]["label"] == "FAC"


def test_a_quotations_first_word_does_not_start_a_name(rows_of):
    rows = rows_of(
        "\"Commanders of the Korean People's Army were hastily dispatched to the front-line "
        'troops," the agency said.'
    )
    assert not any(r["name"].startswith("Commanders") for r in rows)


@pytest.mark.parametrize(
    ("name", "label", "group"),
    [
        # a place's name before a plural name is a club, a team or a fan group
        ("Alberta Ghostbusters", "WORK_OF_ART", True),
        ("Leeds Rhinos", "PRODUCT", True),
        ("London Fields", "PERSON", False),  # persons' surnames end in s too
        ("Cayman Islands", "WORK_OF_ART", False),  # the whole is a place
        ("Star Wars", "WORK_OF_ART", False),  # no place before it
    ],
)
def test_a_local_group(name, label, group):
    assert _local_group(CleanMention(0, len(name), label, name, 0)) is group


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("Food Standards of Australia", True),
        ("Constitution of Australia", False),  # a word of a law
        ("Roe v. Wade", False),  # no place
    ],
)
def test_a_law_of_a_place_without_a_law_word_is_its_body(name, body):
    assert _body_of_a_place(CleanMention(0, len(name), "LAW", name, 0)) is body


def test_a_local_group_is_an_organisation_end_to_end(rows_of):
    rows = rows_of("Other fan groups included The Alberta Ghostbusters and the Doctor Who Society.")
    assert labels_by_name(rows)["Alberta Ghostbusters"] == {"ORG"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a place's name after a first name, referred to as "she": a person's surname
        (
            "Valeska Paris, a former member, says she was held on the ship. Paris said she "
            "left in 2007.",
            {"Valeska Paris": "PERSON", "Paris": "PERSON"},
        ),
        # the city, with no first name before it, stays a place
        (
            "Talks in Paris ended on Monday. Delegates left Paris for Geneva.",
            {"Paris": "GPE"},
        ),
    ],
)
def test_a_persons_surname_that_names_a_place(rows_of, text, expected):
    rows = rows_of(text)
    labels = labels_by_name(rows)
    for name, label in expected.items():
        assert labels.get(name) == {label}, labels
    if "Valeska Paris" in expected:
        assert {r["canonical_name"] for r in rows} == {"Valeska Paris"}
