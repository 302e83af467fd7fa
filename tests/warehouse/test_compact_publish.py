"""The serving copy holds only live data: re-loads do not make it grow."""

import duckdb

from pipelines.warehouse import store

from ..conftest import SEEDS
from .test_store import article, batch

BLOCK = 256 * 1024
SEED_TEXT = (SEEDS / "iraq-withdrawal.txt").read_text(encoding="utf-8")


def articles(count: int = 300) -> list[dict]:
    return [article(f"a{i:04d}", f"Article {i}.\n{SEED_TEXT}") for i in range(count)]


def load_and_publish(work, serving, rows: list[dict]) -> int:
    """Load, index and publish; returns the work database's size before the publish."""
    con = store.connect(work)
    assert store.load(con, batch(rows))
    store.create_views(con)
    store.build_search_index(con)
    con.close()
    loaded = work.stat().st_size
    store.publish(work, serving)
    return loaded


def test_re_loading_every_article_keeps_both_files_near_a_fresh_load(tmp_path):
    work, serving = tmp_path / "work.duckdb", tmp_path / "serving.duckdb"
    load_and_publish(work, serving, articles())
    fresh = serving.stat().st_size
    before_publish = [load_and_publish(work, serving, articles()) for _ in range(4)]
    # a re-load frees the replaced rows' blocks: a byte copy would have carried them
    assert max(before_publish) > 1.4 * fresh
    # within 10%, give or take two of DuckDB's 256 KiB blocks (row order, so compression,
    # varies from copy to copy: 14 or 16 blocks here)
    assert serving.stat().st_size <= 1.1 * fresh + 2 * BLOCK
    assert work.stat().st_size <= store.WORK_BLOAT * serving.stat().st_size
    with duckdb.connect(str(serving), read_only=True) as reader:
        assert reader.execute("select count(*) from articles").fetchone() == (300,)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["serving.duckdb", "work.duckdb"]


def test_a_fresh_load_has_no_free_block_to_leave_out(tmp_path):
    work, serving = tmp_path / "work.duckdb", tmp_path / "serving.duckdb"
    load_and_publish(work, serving, articles())
    assert store.free_share(work) <= store.MAX_FREE_SHARE  # published by a byte copy
    con = store.connect(work)
    store.load(con, batch(articles()))
    con.close()
    assert store.free_share(work) > store.MAX_FREE_SHARE  # a re-load: by a compact copy


def test_the_compact_copy_keeps_comments_views_and_the_search_index(tmp_path):
    work, serving = tmp_path / "work.duckdb", tmp_path / "compact.duckdb"
    load_and_publish(
        work, tmp_path / "serving.duckdb", [article("a", "Iraq"), article("b", "robots")]
    )
    store.compact_copy(work, serving)
    catalog = (
        "select table_name, column_name, data_type, comment from duckdb_columns() order by all",
        "select view_name, sql from duckdb_views() where not internal order by all",
        "select constraint_text from duckdb_constraints() order by all",
    )
    with duckdb.connect(str(work), read_only=True) as original:
        expected = [original.execute(query).fetchall() for query in catalog]
    with duckdb.connect(str(serving), read_only=True) as reader:
        assert [reader.execute(query).fetchall() for query in catalog] == expected
        assert any(row[3] for row in expected[0])  # the columns do carry comments
        reader.execute(f"load '{store.fts_extension_path()}'")
        hits = reader.execute(
            "select article_id from (select article_id, "
            "fts_main_articles.match_bm25(article_id, 'robots') as score from articles) "
            "where score is not null"
        ).fetchall()
    assert hits == [("b",)]
