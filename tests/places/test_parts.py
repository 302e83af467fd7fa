"""Places over a run's parts: the same place ids however many parts are resolved together."""

import polars as pl
import pytest

from pipelines import schema
from pipelines.nlp.extract import Parts
from pipelines.places.parts import place_parts

ARTICLES = [
    (
        "a1",
        "SPRINGFIELD, Ill. (AP) - Lawmakers returned to Springfield on Tuesday.",
        [("SPRINGFIELD", "GPE"), ("Springfield", "GPE")],
    ),
    (
        "a2",
        "SPRINGFIELD, Mo. - A tornado hit Springfield late Sunday.",
        [("SPRINGFIELD", "GPE"), ("Springfield", "GPE")],
    ),
    ("a3", "Shares of Acme rose in Paris and Lyon.", [("Acme", "ORG"), ("Paris", "GPE")]),
    ("a4", "No place is named here, said Ann Lee.", [("Ann Lee", "PERSON")]),
]


def _parts(folder, mentions_of) -> tuple[Parts, pl.DataFrame]:
    """One part per two articles, and a third part with no mention at all."""
    frames = [
        mentions_of(article_id, text, spans).with_columns(
            entity_id=pl.lit(None, pl.String),
            label_before_vote="label",
            label_rule_before_vote=pl.lit("model"),
        )
        for article_id, text, spans in ARTICLES
    ]
    parts = Parts(folder, 3)
    parts.write("entity_mentions", 0, pl.concat(frames[:2]).select(list(schema.ENTITY_MENTIONS)))
    parts.write("entity_mentions", 1, pl.concat(frames[2:]).select(list(schema.ENTITY_MENTIONS)))
    parts.write("entity_mentions", 2, schema.empty(schema.ENTITY_MENTIONS))
    bodies = pl.DataFrame(
        [(a, t) for a, t, _ in ARTICLES], schema=["article_id", "body"], orient="row"
    )
    return parts, bodies


@pytest.mark.parametrize("group_rows", [1, 3, 1_000])
def test_grouping_changes_no_place(tmp_path, mentions_of, group_rows):
    parts, bodies = _parts(tmp_path / "one-by-one", mentions_of)
    expected = place_parts(parts, bodies, group_rows=1)
    expected_parts = [parts.read("entity_mentions", i) for i in range(3)]

    grouped, grouped_bodies = _parts(tmp_path / f"grouped-{group_rows}", mentions_of)
    places = place_parts(grouped, grouped_bodies, group_rows=group_rows)

    assert places.sort("place_id").equals(expected.sort("place_id"))
    for index, want in enumerate(expected_parts):
        got = grouped.read("entity_mentions", index)
        assert got.columns == list(schema.ENTITY_MENTION_ROWS)
        assert got.equals(want), index
    first = grouped.read("entity_mentions", 0)
    springfields = first.filter(pl.col("text") == "Springfield")["place_id"].to_list()
    assert len(set(springfields)) == 2 and None not in springfields  # Illinois, Missouri
    assert grouped.read("entity_mentions", 1).filter(pl.col("text") == "Paris")["place_id"][0]
    assert grouped.read("entity_mentions", 2).height == 0


def test_held_out_articles_name_no_place(tmp_path, mentions_of):
    parts, bodies = _parts(tmp_path, mentions_of)
    everything = place_parts(parts, bodies)
    held = pl.DataFrame({"article_id": ["a3"], "reason": ["held"]})
    without_a3 = place_parts(parts, bodies, leave_out=held)
    paris = parts.read("entity_mentions", 1).filter(pl.col("text") == "Paris")["place_id"][0]
    assert paris in everything["place_id"].to_list()
    assert paris not in without_a3["place_id"].to_list()
    assert parts.read("entity_mentions", 1).filter(pl.col("text") == "Paris").height == 1
