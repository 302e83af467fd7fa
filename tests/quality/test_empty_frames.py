"""A frame without rows gets the outcomes GX would give it, without a GX run."""

import polars as pl
import pytest

from pipelines import schema
from pipelines.quality import engine, suites
from pipelines.quality.prepare import with_body_columns, with_value_finite
from pipelines.settings import EXPECTATIONS_DIR
from pipelines.warehouse import store

from ..warehouse.test_store import batch

NO_ARTICLES = schema.empty(schema.ARTICLES)
SUITES = sorted(p.stem for p in EXPECTATIONS_DIR.glob("*.json"))

# The frames the run validates with derived columns; every other suite checks its table as
# the warehouse holds it.
PREPARED = {
    "articles": lambda: NO_ARTICLES,
    "rejected_inputs": lambda: schema.empty(schema.REJECTED_INPUTS),
    "sentences": lambda: with_body_columns(schema.empty(schema.SENTENCES), NO_ARTICLES),
    "entity_mentions": lambda: with_body_columns(
        schema.empty(schema.ENTITY_MENTION_ROWS), NO_ARTICLES
    ),
    "numeric_facts": lambda: with_value_finite(
        with_body_columns(schema.empty(schema.NUMERIC_FACTS), NO_ARTICLES)
    ),
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """A work database with every table and no row: empty frames of the tables' own types
    (a load of nothing builds the derived tables)."""
    con = store.connect(tmp_path_factory.mktemp("empty") / "work.duckdb")
    assert store.load(con, batch([]))
    yield con
    con.close()


def empty_frame(name: str, warehouse) -> pl.DataFrame:
    if name in PREPARED:
        return PREPARED[name]()
    return store.read_frame(warehouse, f"select * from {name} limit 0")


@pytest.mark.parametrize("name", SUITES)
def test_empty_frame_outcomes_are_what_gx_reports(name, warehouse):
    frame = empty_frame(name, warehouse)
    ours = suites.empty_frame_outcomes(name, frame.columns)
    assert ours is not None  # every suite's expectations are known to the fast path
    theirs = engine.validate_part(name, frame)
    # the same outcomes; GX lists them in an order of its own, the fast path in the suite's
    assert sorted(ours, key=repr) == sorted(theirs, key=repr)


def test_a_missing_column_fails_its_row_expectations_as_gx_says():
    frame = with_body_columns(schema.empty(schema.ENTITY_MENTIONS), NO_ARTICLES)  # no place_id
    ours = suites.empty_frame_outcomes("entity_mentions", frame.columns)
    assert sorted(ours, key=repr) == sorted(
        engine.validate_part("entity_mentions", frame), key=repr
    )
    assert any(not o.success and o.column == "place_id" for o in ours)


def test_an_extra_column_passes_the_column_set_as_gx_says():
    frame = NO_ARTICLES.with_columns(x=pl.lit(1))
    ours = suites.empty_frame_outcomes("articles", frame.columns)
    assert sorted(ours, key=repr) == sorted(engine.validate_part("articles", frame), key=repr)


def test_a_missing_column_fails_the_column_set_even_without_rows():
    frame = NO_ARTICLES.drop("body")
    outcomes = suites.empty_frame_outcomes("articles", frame.columns)
    failed = {(o.expectation, o.column) for o in outcomes if not o.success}
    assert "expect_table_columns_to_match_set" in {kind for kind, _ in failed}
    assert all(column in ("", "body") for _, column in failed)  # only what the body is for
    assert sorted(outcomes, key=repr) == sorted(engine.validate_part("articles", frame), key=repr)


def test_validate_frame_does_not_ask_gx_about_an_empty_frame():
    def no_gx(name, part):
        raise AssertionError("GX was asked about an empty frame")

    result = suites.validate_frame("sentences", PREPARED["sentences"](), validate=no_gx)
    assert result.success and result.rows == 0
