"""A frame without rows gets the outcomes GX would give it, without a GX run."""

import polars as pl
import pytest

from pipelines import schema
from pipelines.quality import engine, suites
from pipelines.quality.prepare import with_body_columns, with_value_finite
from pipelines.settings import EXPECTATIONS_DIR

NO_ARTICLES = schema.empty(schema.ARTICLES)


def entities() -> pl.DataFrame:
    columns = {
        "entity_id": pl.String,
        "name": pl.String,
        "label": pl.String,
        "mention_count": pl.Int64,
        "article_count": pl.Int64,
        "label_conflict": pl.Boolean,
        "label_counts": pl.String,
    }
    return pl.DataFrame(schema=columns)


# Each suite's frame as the run validates it: the table's columns and the derived ones.
EMPTY_FRAMES = {
    "articles": lambda: NO_ARTICLES,
    "rejected_inputs": lambda: schema.empty(schema.REJECTED_INPUTS),
    "sentences": lambda: with_body_columns(schema.empty(schema.SENTENCES), NO_ARTICLES),
    "entity_mentions": lambda: with_body_columns(schema.empty(schema.ENTITY_MENTIONS), NO_ARTICLES),
    "numeric_facts": lambda: with_value_finite(
        with_body_columns(schema.empty(schema.NUMERIC_FACTS), NO_ARTICLES)
    ),
    "entities": entities,
}
EXTRA_COLUMN = {"articles with a column more": ("articles", lambda: NO_ARTICLES.with_columns(x=1))}


def test_every_suite_has_an_empty_frame_here():
    assert set(EMPTY_FRAMES) == {p.stem for p in EXPECTATIONS_DIR.glob("*.json")}


@pytest.mark.parametrize(
    ("name", "make"),
    [*((n, EMPTY_FRAMES[n]) for n in sorted(EMPTY_FRAMES)), *EXTRA_COLUMN.values()],
)
def test_empty_frame_outcomes_are_what_gx_reports(name, make):
    frame = make()
    ours = suites.empty_frame_outcomes(name, frame.columns)
    theirs = engine.validate_part(name, frame)
    # the same outcomes; GX lists them in an order of its own, the fast path in the suite's
    assert sorted(ours, key=repr) == sorted(theirs, key=repr)


def test_a_missing_column_fails_the_column_set_even_without_rows():
    columns = [c for c in schema.ARTICLES if c != "body"]
    outcomes = suites.empty_frame_outcomes("articles", columns)
    assert [o.expectation for o in outcomes if not o.success] == [
        "expect_table_columns_to_match_set"
    ]


def test_validate_frame_does_not_ask_gx_about_an_empty_frame():
    def no_gx(name, part):
        raise AssertionError("GX was asked about an empty frame")

    result = suites.validate_frame("sentences", EMPTY_FRAMES["sentences"](), validate=no_gx)
    assert result.success and result.rows == 0
