"""The label, span and short-form rules on real-style news sentences, through the real model."""

import pytest

from pipelines.nlp.mentions import MentionExtractor
from pipelines.nlp.mentions.cleaning import CleanMention
from pipelines.nlp.mentions.spans import merge_adjacent


@pytest.fixture(scope="module")
def extract(nlp):
    return MentionExtractor(nlp)


@pytest.fixture(scope="module")
def rows_of(nlp, extract):
    def run(text: str) -> list[dict]:
        rows = extract(nlp(text))
        assert all(r["text"] == text[r["start_char"] : r["end_char"]] for r in rows)
        return rows

    return run


def row_named(rows: list[dict], name: str) -> dict:
    found = [r for r in rows if r["name"] == name]
    assert found, f"no mention named {name!r} in {[r['name'] for r in rows]}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "name", "label", "rule"),
    [
        # a place that plays is a team; a country keeps its label
        ("Arizona beat Utah 31-17 on Saturday night.", "Arizona", "ORG", "team"),
        ("Everton manager Carlo Ancelotti praised his players.", "Everton", "ORG", None),
        ("Ohio State beat Michigan 24-10 on Saturday.", "Ohio State", "ORG", None),
        ("Brazil beat Peru 4-2 in Lima on Tuesday.", "Brazil", "GPE", None),
        # a lone word never named in full is an organisation, unless "she" follows
        ("Spotify said on Tuesday it would raise prices in Europe.", "Spotify", "ORG", None),
        ("The court heard about their daughter, Maria. She died in 2009.", "Maria", "PERSON", None),
        # datelines, recurring events, titles
        (
            "FRANKFURT (Reuters) - Deutsche Bank said on Wednesday profit rose.",
            "FRANKFURT",
            "GPE",
            None,
        ),
        ("Millions of Indians celebrated Diwali at home this year.", "Diwali", "EVENT", None),
        ("Hospitals in Lagos and Kano were on alert, officials said.", "Kano", "GPE", None),
    ],
)
def test_labels_past_the_model(rows_of, text, name, label, rule):
    row = row_named(rows_of(text), name)
    assert row["label"] == label
    if rule is not None:
        assert row["label_rule"] == rule


def test_the_original_label_is_kept(rows_of):
    row = row_named(rows_of("Arizona beat Utah 31-17 on Saturday night."), "Arizona")
    assert row["original_label"] != row["label"] and row["original_label"] is not None


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("Nigeria confirmed 12 new cases of Lassa fever on Monday.", "Lassa"),
        ("Getty Images\n\nThe minister spoke in Paris on Friday.", "Getty Images"),
        ("Ebola cases fell for a third week in Congo, the WHO said.", "Ebola"),
    ],
)
def test_debris_and_diseases_are_dropped(rows_of, text, missing):
    assert missing not in {r["name"] for r in rows_of(text)}


@pytest.mark.parametrize(
    ("text", "short", "canonical"),
    [
        (
            "Norland Mining shares rose 12% on Tuesday. Norland said output would rise.",
            "Norland",
            "Norland Mining",
        ),
        (
            "Lehman Brothers filed for bankruptcy in 2008. Lehman was not the only bank at risk.",
            "Lehman",
            "Lehman Brothers",
        ),
    ],
)
def test_first_word_short_forms_take_the_organisation(rows_of, text, short, canonical):
    rows = [r for r in rows_of(text) if r["name"] == short]
    assert rows and {(r["canonical_name"], r["label"]) for r in rows} == {(canonical, "ORG")}


def test_a_first_word_before_the_full_name_links_to_nothing(rows_of):
    rows = rows_of("Norland said output would rise. Norland Mining shares rose 12% on Tuesday.")
    assert row_named(rows, "Norland")["canonical_name"] == "Norland"


def mention(start: int, end: int, label: str, name: str) -> CleanMention:
    return CleanMention(start, end, label, name, 0, original_label=label)


def test_halves_of_one_name_are_joined_with_exact_offsets():
    text = "a concerto by Ludwig van Beethoven was played"
    first = mention(14, 24, "PERSON", "Ludwig van")
    second = mention(25, 34, "GPE", "Beethoven")
    merged, count = merge_adjacent([first, second], text)
    assert count == 1 and len(merged) == 1
    joined = merged[0]
    assert text[joined.start_char : joined.end_char] == "Ludwig van Beethoven"
    assert (joined.label, joined.name, joined.label_rule) == ("PERSON", joined.name, "merged")


def test_a_person_and_a_place_side_by_side_stay_apart():
    text = "Merkel Berlin"
    parts = [mention(0, 6, "PERSON", "Merkel"), mention(7, 13, "GPE", "Berlin")]
    assert merge_adjacent(parts, text) == (parts, 0)


def test_rule_families_are_counted(nlp):
    extract = MentionExtractor(nlp)
    extract(nlp("Arizona beat Utah 31-17 on Saturday night. Getty Images"))
    assert extract.changes["relabelled: team"] >= 1
