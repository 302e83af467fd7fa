"""The analytical views, the documented search query and client connection strings, on the
serving copy of a real run, opened the way a SQL client opens it."""

import duckdb
import pytest
import sqlalchemy
from pipeline_process import baseline

from pipelines.settings import SQL_DIR
from pipelines.warehouse.store import fts_extension_path

VIEWS = sorted(path.stem for path in (SQL_DIR / "views").glob("*.sql"))

# The README's search query, as a fresh client runs it: load fts from the wheel, then BM25.
SEARCH = """
select article_id, title, score
from (
    select *, fts_main_articles.match_bm25(article_id, $query) as score
    from articles
)
where score is not null
order by score desc
limit 10
"""


@pytest.fixture(scope="module")
def serving(tmp_path_factory):
    """The serving copy after the clean run of the new corpus."""
    state = baseline(tmp_path_factory)
    return state.layout.warehouse


@pytest.fixture
def con(serving):
    with duckdb.connect(str(serving), read_only=True) as connection:
        yield connection


def test_every_view_file_is_a_view_with_a_comment(con):
    views = dict(
        con.execute("select view_name, comment from duckdb_views() where not internal").fetchall()
    )
    assert set(VIEWS) <= set(views)
    assert [v for v in VIEWS if not views[v]] == []
    assert {
        "entity_mentions_per_day",
        "top_entities_by_label",
        "entity_pairs",
        "money_by_currency",
        "fact_details",
    } <= set(VIEWS)


@pytest.mark.parametrize("view", VIEWS)
def test_view_returns_rows(con, view):
    assert con.execute(f"select count(*) from {view}").fetchone()[0] > 0


def test_mentions_per_day_add_up_to_the_mentions(con):
    per_day = con.execute("select sum(mention_count) from entity_mentions_per_day").fetchone()[0]
    assert per_day == con.execute("select count(*) from entity_mentions").fetchone()[0]
    undated = con.execute("select count(*) from articles where published_at is null").fetchone()
    days_from_load = con.execute(
        "select count(*) from entity_mentions_per_day where day_from = 'loaded_at'"
    ).fetchone()
    assert (undated[0] > 0) == (days_from_load[0] > 0)


def test_top_entities_rank_within_each_label(con):
    firsts = con.execute(
        "select label, name, mention_count from top_entities_by_label where label_rank = 1"
    ).fetchall()
    most = dict(
        con.execute("select label, max(mention_count) from entities group by label").fetchall()
    )
    assert {label: count for label, _, count in firsts} == most
    gaps = con.execute(
        "select label from top_entities_by_label group by label "
        "having max(label_rank) <> count(*) or count(distinct label_rank) <> count(*)"
    ).fetchall()
    assert gaps == []


def test_entity_pairs_have_names_and_labels(con):
    pairs = con.execute(
        "select name_a, label_a, name_b, label_b from entity_pairs where 'Iraq' in (name_a, name_b)"
    ).fetchall()
    assert pairs
    assert all(None not in pair for pair in pairs)


def test_fact_details_carry_title_and_sentence(con):
    row = con.execute(
        "select article_title, sentence from fact_details where text like '%2500%'"
    ).fetchone()
    assert row[1] is not None and "2500" in row[1]


def test_documented_search_query_from_a_fresh_client(serving):
    with duckdb.connect(str(serving), read_only=True) as client:
        client.execute(f"load '{fts_extension_path()}'")
        hits = client.execute(SEARCH, {"query": "troops withdrawal Iraq"}).fetchall()
        assert hits
        top = client.execute(
            "select source from articles where article_id = ?", [hits[0][0]]
        ).fetchone()
    assert top == ("iraq-withdrawal.txt",)
    assert [h[2] for h in hits] == sorted((h[2] for h in hits), reverse=True)


def test_superset_connection_string_is_read_only(serving):
    """duckdb-engine passes URL query parameters to duckdb.connect as config."""
    engine = sqlalchemy.create_engine(f"duckdb:///{serving}?access_mode=read_only")
    try:
        with engine.connect() as connection:
            count = connection.execute(sqlalchemy.text("select count(*) from articles")).scalar()
            assert count > 0
            with pytest.raises(sqlalchemy.exc.DBAPIError, match="read-only"):
                connection.execute(sqlalchemy.text("create table scratch (x int)"))
    finally:
        engine.dispose()
