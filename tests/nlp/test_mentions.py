from pathlib import Path

import pytest
import spacy

from pipelines import schema
from pipelines.entities.names import is_short_form_of, thing_label
from pipelines.nlp.mentions import MentionExtractor
from pipelines.nlp.mentions.cleaning import CleanMention, common_words, normalised_name
from pipelines.nlp.mentions.propagation import missed_mentions

SEED = Path(__file__).resolve().parents[2] / "seeds" / "iraq-withdrawal.txt"


@pytest.fixture(scope="module")
def extract(nlp):
    return MentionExtractor(nlp)


@pytest.fixture(scope="module")
def seed(nlp, extract):
    text = SEED.read_text("utf-8")
    return text, extract(nlp(text))


def test_rows_have_the_mention_columns_and_point_into_the_body(seed):
    text, rows = seed
    assert rows
    for row in rows:
        assert set(row) == set(schema.MENTIONS) - {"article_id"}
        assert row["text"] == text[row["start_char"] : row["end_char"]]
    assert [r["mention_index"] for r in rows] == list(range(len(rows)))
    assert [r["start_char"] for r in rows] == sorted(r["start_char"] for r in rows)


def test_seed_has_no_gpe_withdrawal(seed):
    _, rows = seed
    assert not [r for r in rows if "Withdrawal" in r["text"]]


@pytest.mark.parametrize(
    ("surface", "name", "canonical"),
    [
        ("Biden", "Biden", "Joe Biden"),
        ("al-Kadhimi", "al-Kadhimi", "Mustafa al-Kadhimi"),
        ("the White House", "White House", "White House"),
        ("U.S.", "U.S.", "United States"),
        ("the United States", "United States", "United States"),
        ("IRGC", "IRGC", "Islamic Revolutionary Guard Corps"),
        ("Soleimani", "Soleimani", "Qassem Soleimani"),
    ],
)
def test_seed_names_and_canonical_names(seed, surface, name, canonical):
    _, rows = seed
    found = [r for r in rows if r["text"] == surface]
    assert found, f"no mention {surface!r}"
    assert {(r["name"], r["canonical_name"]) for r in found} == {(name, canonical)}


def test_qassem_soleimani_is_one_person(seed):
    _, rows = seed
    soleimani = [r for r in rows if "Soleimani" in r["text"]]
    assert len(soleimani) == 2
    assert {(r["label"], r["canonical_name"]) for r in soleimani} == {
        ("PERSON", "Qassem Soleimani")
    }


@pytest.mark.parametrize(
    ("surface", "label", "expected"),
    [
        ("the White House", "FAC", "White House"),
        ("Trump's", "PERSON", "Trump"),
        ("Iraq’s", "GPE", "Iraq"),
        ("Major General Qassem Soleimani", "PERSON", "Qassem Soleimani"),
        ("Prime Minister Mustafa al-Kadhimi", "PERSON", "Mustafa al-Kadhimi"),
        ("Mr. Obama", "PERSON", "Obama"),
        ("Dean Kamen", "PERSON", "Dean Kamen"),
        ("The Hague", "GPE", "Hague"),
        ("Major League Soccer", "ORG", "Major League Soccer"),
    ],
)
def test_normalised_name(surface, label, expected):
    assert normalised_name(surface, label) == expected


@pytest.mark.parametrize(
    ("text", "label", "name"),
    [
        ("US troops stayed inIraq for years.", "GPE", "Iraq"),
        ("He flew to theUnited States on Monday.", "GPE", "United States"),
    ],
)
def test_glued_function_words_are_split_off(nlp, extract, text, label, name):
    rows = extract(nlp(text))
    assert any(r["label"] == label and r["text"] == name for r in rows), rows


@pytest.mark.parametrize(
    ("text", "dropped"),
    [
        ("Talks on the Withdrawal from Iraq went on. A full withdrawal is planned.", "Withdrawal"),
        ("President met the press in Paris on Monday.", "President"),
    ],
)
def test_non_names_are_dropped(nlp, extract, text, dropped):
    assert dropped not in {r["name"] for r in extract(nlp(text))}


def test_headline_and_dateline_are_their_own_sentences(nlp, extract):
    text = (
        "Biden hosts Iraqi leader at the White House\n\nMonday, July 26, 2021\n\n"
        "Joe Biden met Mustafa al-Kadhimi in Washington."
    )
    doc = nlp(text)
    sentences = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert sentences[0] == "Biden hosts Iraqi leader at the White House"
    assert sentences[1] == "Monday, July 26, 2021"
    rows = extract(doc)
    assert {r["canonical_name"] for r in rows if r["name"] == "Biden"} == {"Joe Biden"}
    assert all(r["label"] not in {"DATE", "CARDINAL"} for r in rows)


@pytest.mark.parametrize(
    ("short", "long", "expected"),
    [
        ("Chrome", "Google Chrome", True),
        ("Scientology", "Church of Scientology", True),
        ("Texas", "State of Texas", True),
        ("Supreme Court", "Italian Supreme Court of Cassation", True),
        ("Discovery", "Space Shuttle Discovery", True),
        ("State", "State of Texas", False),
        ("University", "University of Texas", False),
        ("Africa", "South Africa", False),
        ("Washington", "Washington Post", False),
        ("Scientology", "Rathbun the Scientology", False),
    ],
)
def test_short_form_is_the_head_of_the_long_name(short, long, expected):
    assert is_short_form_of(short, long) is expected


@pytest.mark.parametrize(
    ("text", "short", "canonical"),
    [
        (
            "Google released Google Chrome in 2008. Microsoft said Chrome had taken users "
            "from Internet Explorer.",
            "Chrome",
            "Google Chrome",
        ),
        (
            "The Church of Scientology sued the paper. A lawyer for Scientology declined to "
            "comment.",
            "Scientology",
            "Church of Scientology",
        ),
        (
            "The University of Washington opened a lab. Washington is a rainy city.",
            "Washington",
            "Washington",
        ),
    ],
)
def test_short_forms_take_the_long_name_in_the_article(nlp, extract, text, short, canonical):
    found = {r["canonical_name"] for r in extract(nlp(text)) if r["text"] == short}
    assert found == {canonical}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "US President Barack Obama tweet to student Ahmed Mohamed Image: Twitter.",
            "Ahmed Mohamed",
        ),
        (
            "The robotics competition was held in Washington D.C. Image: United States Navy.",
            "Washington D.C.",
        ),
    ],
)
def test_caption_credit_word_is_not_part_of_the_name(nlp, extract, text, name):
    rows = extract(nlp(text))
    assert name in {r["text"] for r in rows}, rows
    assert not [r for r in rows if "Image" in r["text"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On Monday, Washington said it would withdraw its troops.", ["United States"]),
        ("Washington and Baghdad agreed on a timetable.", ["United States", "Iraq"]),
        ("Talks were held in Washington on Monday.", ["Washington"]),
        ("Talks were held in Washington, D.C. on Monday.", ["Washington"]),
        ("The Museum of Flight in Seattle, Washington was also proposed.", ["Washington"]),
        # a surname, not France: the person's full name (see test_mention_glued.py)
        (
            "Valeska Paris, an Australian woman, spoke. Paris claims she was held.",
            ["Valeska Paris"],
        ),
    ],
)
def test_an_acting_capital_stands_for_its_country(nlp, extract, text, expected):
    capitals = {"Washington", "Baghdad", "Paris"}
    rows = [r for r in extract(nlp(text)) if r["name"] in capitals]
    assert sorted({r["canonical_name"] for r in rows}) == sorted(expected), rows


def _first_mention(text: str, name: str, label: str) -> CleanMention:
    start = text.index(name)
    return CleanMention(start, start + len(name), label, name, 0)


@pytest.mark.parametrize(
    ("text", "name", "label", "found"),
    [
        (
            "Montalvo left Scientology in 2010. He says Scientology kept his files.",
            "Scientology",
            "ORG",
            1,
        ),
        (
            "Users of Explorer complained. Microsoft shipped Internet Explorer 6.",
            "Explorer",
            "ORG",
            0,
        ),
        ("The Afghan team arrived. An Afghan flag flew.", "Afghan", "NORP", 0),
        ("The Church sold land. Church leaders met; the church grew.", "Church", "ORG", 0),
    ],
)
def test_one_word_names_are_found_again_where_the_model_missed_them(text, name, label, found):
    doc = spacy.blank("en")(text)
    mentions = [_first_mention(text, name, label)]
    common = common_words(doc) | {"church"}
    missed = missed_mentions(doc, mentions, [0] * len(doc), common, text)
    assert [(m.name, m.label) for m in missed] == [(name, label)] * found


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Space Shuttle Atlantis", "PRODUCT"),
        ("Museum of Flight", "FAC"),
        ("Dean Kamen", None),
        ("Joe Biden", None),
    ],
)
def test_a_name_holding_a_thing_word_is_no_person(name, label):
    assert thing_label(name) == label
