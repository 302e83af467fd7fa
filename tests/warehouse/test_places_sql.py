"""places in the load, entities' majority place and mentions_by_country_day, on a real DuckDB."""

from datetime import datetime

import duckdb
import polars as pl
import pytest
from warehouse.test_store import article, batch

from pipelines import schema
from pipelines.warehouse import store

PLACES = pl.DataFrame(
    [
        ("geonames:99237", "Iraq", "country", "IQ", None, 33.34, 44.40, 38433600, 99237),
        ("geonames:98182", "Baghdad", "city", "IQ", "07", 33.34, 44.40, 7216000, 98182),
        ("geonames:4250542", "Springfield", "city", "US", "IL", 39.80, -89.64, 114394, 4250542),
        ("geonames:4951788", "Springfield", "city", "US", "MA", 42.10, -72.59, 154341, 4951788),
    ],
    schema=schema.PLACES,
    orient="row",
)


def mention(article_id: str, index: int, text: str, entity_id: str, place_id: str | None):
    return {
        "article_id": article_id,
        "mention_index": index,
        "text": text,
        "label": "GPE" if place_id else "ORG",
        "start_char": index * 20,
        "end_char": index * 20 + len(text),
        "sentence_index": 0,
        "name": text,
        "canonical_name": text,
        "entity_id": entity_id,
        "place_id": place_id,
    }


@pytest.fixture
def con(tmp_path):
    connection = store.connect(tmp_path / "work.duckdb")
    articles = [article("a1", "x" * 200), article("a2", "y" * 200), article("a3", "z" * 200)]
    articles[0]["published_at"] = datetime(2021, 7, 21, 9)
    articles[1]["published_at"] = datetime(2021, 7, 22, 9)  # a3 has no publication date
    load = batch(articles)
    load.mentions = pl.DataFrame(
        [
            mention("a1", 0, "Iraq", "E_iraq", "geonames:99237"),
            mention("a1", 1, "Baghdad", "E_baghdad", "geonames:98182"),
            mention("a1", 2, "Acme", "E_acme", None),
            mention("a2", 0, "Springfield", "E_spring", "geonames:4250542"),
            mention("a2", 1, "Acme", "E_acme", None),
            mention("a3", 0, "Springfield", "E_spring", "geonames:4951788"),
            mention("a3", 1, "Springfield", "E_spring", "geonames:4951788"),
            mention("a3", 2, "Acme", "E_acme", None),
        ],
        schema=schema.ENTITY_MENTION_ROWS,
    )
    load.places = PLACES
    assert store.load(connection, load)
    store.create_views(connection)
    yield connection
    connection.close()


def test_places_are_loaded_once_and_upserted(con):
    assert con.execute("select count(*) from places").fetchone()[0] == 4
    again = batch([article("a4", "w" * 50)])
    again.places = PLACES.head(1).with_columns(population=pl.lit(1, pl.Int64))
    assert store.load(con, again)
    assert con.execute("select count(*) from places").fetchone()[0] == 4
    assert con.execute(
        "select population from places where place_id = 'geonames:99237'"
    ).fetchone() == (1,)


def test_entities_take_the_majority_place(con):
    rows = dict(con.execute("select entity_id, place_id from entities").fetchall())
    # Springfield: once Illinois, twice Massachusetts
    assert rows["E_spring"] == "geonames:4951788"
    assert rows["E_iraq"] == "geonames:99237"
    assert rows["E_acme"] is None


def test_mentions_by_country_day(con):
    rows = con.execute(
        "select country_code, day::varchar, entity_id, mentions from mentions_by_country_day"
    ).fetchall()
    loaded_day = con.execute("select loaded_at::date::varchar from articles limit 1").fetchone()[0]
    assert set(rows) == {
        ("IQ", "2021-07-21", "E_iraq", 1),
        ("IQ", "2021-07-21", "E_baghdad", 1),
        ("IQ", "2021-07-21", "E_acme", 1),  # the article's country
        ("US", "2021-07-22", "E_spring", 1),
        ("US", "2021-07-22", "E_acme", 1),
        # no publication date: the load day, as entity_mentions_per_day does
        ("US", loaded_day, "E_spring", 2),
        ("US", loaded_day, "E_acme", 1),
    }


def test_new_columns_carry_comments(con):
    comments = dict(
        con.execute(
            "select table_name || '.' || column_name, comment from duckdb_columns() "
            "where column_name in ('place_id', 'date_precision') or table_name = 'places'"
        ).fetchall()
    )
    for column in (
        "entity_mentions.place_id",
        "entities.place_id",
        "numeric_facts.date_precision",
        *(f"places.{name}" for name in schema.PLACES),
    ):
        assert comments.get(column), column


def test_a_warehouse_made_before_places_gets_the_new_columns(tmp_path):
    path = tmp_path / "old.duckdb"
    store.connect(path).close()
    with duckdb.connect(str(path)) as old:  # as the tables were before
        old.execute("alter table entity_mentions drop column place_id")
        old.execute("alter table numeric_facts drop column date_precision")
    connection = store.connect(path)
    try:
        columns = {
            (t, c)
            for t, c in connection.execute(
                "select table_name, column_name from duckdb_columns()"
            ).fetchall()
        }
    finally:
        connection.close()
    assert ("entity_mentions", "place_id") in columns
    assert ("numeric_facts", "date_precision") in columns
