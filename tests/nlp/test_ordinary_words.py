"""One-word "names" that are ordinary English words (pipelines/entities/word_case.py): a
sentence's first word English writes in lowercase far more often, a capitalised common noun
the model calls a group. Real sentences of the seed articles, and names that must stay."""

import csv

import pytest

from pipelines.entities.word_case import LOWERCASE_CSV, lowercase_margin, margins_from_lexemes

EXPO = (
    "The Canadian garrison of 501st Legion returned with their setup of photo-ops, with "
    "proceeds to the Make-A-Wish Foundation.\n\nVolunteer organization Comic Corps of Canada "
    "collects donations of comics, to distribute to children and youth in the hospital."
)
CAPTION = (
    "A showdown at the 501st Legion booth. Image: Nick Moreau.\n\nSuccessful Stormtroopers "
    "share a high-five. Image: Nick Moreau."
)
WARHOL = "Elements of the Zeitgeist were also playfully recreated on USI's opening night."


@pytest.mark.parametrize(
    ("text", "word"),
    [
        (EXPO, "Volunteer"),  # the model: PERSON
        (WARHOL, "Zeitgeist"),  # the model: NORP
        (CAPTION, "Successful Stormtroopers"),  # the model: ORG
    ],
)
def test_ordinary_words_are_no_names(rows_of, nlp, text, word):
    assert word in {e.text for e in nlp(text).ents}, "the model no longer tags it: pick another"
    assert word not in {r["text"] for r in rows_of(text)}


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        (EXPO, "Comic Corps of Canada", "ORG"),
        (EXPO, "Canadian", "NORP"),
        # written lowercase more often, but not 7 times as often: a company at the start
        ("Target said on Tuesday that sales rose. Target shares fell 3%.", "Target", "ORG"),
        ("Apple said on Monday it would open a store in Paris.", "Apple", "ORG"),
        ("Shell said on Tuesday that its profits fell by a third.", "Shell", "ORG"),
        (CAPTION, "Nick Moreau", "PERSON"),
        # ordinary words opening a sentence, but an organisation's word among them
        ("Home Office officials said the plan would go ahead.", "Home Office", "ORG"),
        ("Veterans Affairs said the hospital would close.", "Veterans Affairs", "ORG"),
    ],
)
def test_names_stay(rows_of, text, name, label):
    assert (name, label) in {(r["text"], r["label"]) for r in rows_of(text)}


@pytest.mark.parametrize(
    ("word", "ordinary"),
    [("Volunteer", True), ("Successful", True), ("Zeitgeist", True), ("Apple", False)],
)
def test_margins(word, ordinary):
    margin = lowercase_margin(word)
    assert (margin is not None) == ordinary, margin


def test_the_table_is_what_the_lexemes_give():
    """``data/lowercase_words.csv`` as ``python -m pipelines.entities.word_case`` writes it."""
    with LOWERCASE_CSV.open(encoding="utf-8", newline="") as table:
        written = {row["word"]: float(row["margin"]) for row in csv.DictReader(table)}
    assert written == margins_from_lexemes()
