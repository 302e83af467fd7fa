"""The load is one transaction and the serving copy is replaced atomically."""

from datetime import datetime

import duckdb
import polars as pl
import pytest

from pipelines import schema
from pipelines.warehouse import store


def article(article_id: str, body: str) -> dict:
    return {
        "article_id": article_id,
        "source": f"{article_id}.txt",
        "url": None,
        "title": None,
        "body": body,
        "published_at": None,
        "content_sha256": f"{abs(hash(body)):064d}"[-64:],
        "format": "txt",
        "note": None,
        "duplicate_of": None,
    }


def batch(articles: list[dict], rejected: int = 0) -> store.LoadBatch:
    frame = pl.DataFrame(articles, schema=schema.ARTICLES).with_columns(
        loaded_at=pl.lit(datetime(2026, 1, 1))
    )
    sentences = pl.DataFrame(
        [
            {
                "article_id": a["article_id"],
                "sentence_index": 0,
                "start_char": 0,
                "end_char": len(a["body"]),
            }
            for a in articles
        ],
        schema=schema.SENTENCES,
    )
    rejections = pl.DataFrame(
        [
            {
                "source": f"bad{i}.txt",
                "reason": "bad{i}.txt: empty file",
                "detected_at": datetime(2026, 1, 1),
            }
            for i in range(rejected)
        ],
        schema=schema.REJECTED_INPUTS,
    )
    return store.LoadBatch(
        run_id="test",
        articles_seen=len(articles),
        articles=frame,
        removed_ids=[],
        rejected=rejections,
        sentences=sentences,
        mentions=schema.empty(schema.ENTITY_MENTIONS),
        facts=schema.empty(schema.NUMERIC_FACTS),
        registry=pl.DataFrame(),
    )


def bodies(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("select article_id, body from articles order by 1").fetchall())


@pytest.fixture
def con(tmp_path):
    connection = store.connect(tmp_path / "work.duckdb")
    yield connection
    connection.close()


def test_load_replaces_exactly_the_edited_articles(con):
    assert store.load(con, batch([article("a", "one"), article("b", "two")], rejected=2))
    assert store.load(con, batch([article("b", "two, edited")]))
    assert bodies(con) == {"a": "one", "b": "two, edited"}
    assert con.execute("select count(*) from sentences").fetchone()[0] == 2
    # rejections describe the latest scan only
    assert con.execute("select count(*) from rejected_inputs").fetchone()[0] == 0
    assert con.execute("select count(*) from load_runs").fetchone()[0] == 2


def test_failed_verification_rolls_back(con):
    store.load(con, batch([article("a", "one")]))
    assert not store.load(con, batch([article("a", "changed")]), verify=lambda c: False)
    assert bodies(con) == {"a": "one"}
    assert con.execute("select count(*) from load_runs").fetchone()[0] == 1


def test_error_during_load_rolls_back(con):
    store.load(con, batch([article("a", "one")]))
    broken = batch([article("b", "two")])
    broken.facts = pl.DataFrame({"no_such_column": [1]})
    with pytest.raises(duckdb.Error):
        store.load(con, broken)
    assert bodies(con) == {"a": "one"}


def test_rows_on_disk_are_inserted_slice_by_slice(con, tmp_path, monkeypatch):
    monkeypatch.setattr(store, "INSERT_ROWS", 2)
    articles = [article(f"a{i}", f"body {i}") for i in range(5)]
    on_disk = batch(articles)
    on_disk.sentences.write_parquet(tmp_path / "sentences.parquet")
    on_disk.sentences = pl.scan_parquet(tmp_path / "sentences.parquet")
    assert store.load(con, on_disk)
    stored = con.execute("select article_id from sentences order by 1").fetchall()
    assert [row[0] for row in stored] == [f"a{i}" for i in range(5)]


def test_a_failing_slice_rolls_back_the_slices_before_it(con, tmp_path, monkeypatch):
    monkeypatch.setattr(store, "INSERT_ROWS", 2)
    store.load(con, batch([article("a", "one")]))
    broken = batch([article(f"b{i}", f"body {i}") for i in range(5)])
    # the fifth sentence breaks the primary key after two slices went in
    broken.sentences.with_columns(
        article_id=pl.when(pl.col("article_id") == "b4").then(pl.lit("b0")).otherwise("article_id")
    ).write_parquet(tmp_path / "sentences.parquet")
    broken.sentences = pl.scan_parquet(tmp_path / "sentences.parquet")
    with pytest.raises(duckdb.Error):
        store.load(con, broken)
    assert bodies(con) == {"a": "one"}
    assert con.execute("select count(*) from sentences").fetchone()[0] == 1


def test_publish_swaps_while_a_reader_holds_the_old_copy(tmp_path):
    work, serving = tmp_path / "work.duckdb", tmp_path / "serving.duckdb"
    con = store.connect(work)
    store.load(con, batch([article("a", "one")]))
    con.close()
    store.publish(work, serving)

    reader = duckdb.connect(str(serving), read_only=True)
    con = store.connect(work)
    store.load(con, batch([article("b", "two")]))
    con.close()
    store.publish(work, serving)

    # the open reader keeps its snapshot; a new reader sees the new load
    assert bodies(reader) == {"a": "one"}
    reader.close()
    with duckdb.connect(str(serving), read_only=True) as fresh:
        assert bodies(fresh) == {"a": "one", "b": "two"}
    assert not list(tmp_path.glob(".*.tmp"))


def test_search_index_ranks_matching_articles(con):
    store.load(con, batch([article("a", "troops leave Iraq"), article("b", "a robotics team")]))
    store.build_search_index(con)
    hits = con.execute(
        "select article_id from (select article_id, "
        "fts_main_articles.match_bm25(article_id, 'robotics') as score from articles) "
        "where score is not null"
    ).fetchall()
    assert hits == [("b",)]


def test_is_published_tells_whether_the_serving_copy_has_the_last_load(tmp_path):
    work, serving = tmp_path / "work.duckdb", tmp_path / "serving.duckdb"
    con = store.connect(work)
    assert not store.is_published(con, serving)  # no serving copy yet
    store.load(con, batch([article("a", "one")]))
    con.close()
    store.publish(work, serving)
    con = store.connect(work)
    assert store.is_published(con, serving)
    # a load committed but not published (a run stopped in between)
    store.load(con, batch([article("b", "two")]))
    assert not store.is_published(con, serving)
    con.close()


def test_a_run_s_batch_brings_the_bodies_of_loaded_articles_only():
    scan = pl.DataFrame([article(i, f"body {i}") for i in "abc"], schema=schema.ARTICLES)
    changes = pl.DataFrame({"article_id": ["a", "z"], "change": ["loaded", "removed"]})
    one = store.batch_from_frames(
        "run",
        scan.lazy(),
        changes,
        rejected=schema.empty(schema.REJECTED_INPUTS),
        sentences=schema.empty(schema.SENTENCES),
        mentions=schema.empty(schema.ENTITY_MENTIONS),
        facts=schema.empty(schema.NUMERIC_FACTS),
        registry=pl.DataFrame(),
    )
    assert one.articles["article_id"].to_list() == ["a"]
    assert one.articles["loaded_at"].null_count() == 0
    assert one.removed_ids == ["z"]
    assert one.articles_seen == 3 and one.scanned.columns == [
        "article_id",
        "content_sha256",
        "source",
    ]
    assert not one.is_empty()


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "select column_name from information_schema.columns where table_name = ?", [table]
    ).fetchall()
    return {name for (name,) in rows}


def test_a_run_with_nothing_new_rebuilds_corpus_tables_made_by_older_sql(tmp_path):
    work, serving = tmp_path / "work.duckdb", tmp_path / "serving.duckdb"
    first = store.load_and_build(work, serving, batch([article("a", "one")]), lambda con: True)
    assert first.committed and not first.unchanged
    store.publish(work, serving)
    again = store.load_and_build(work, serving, batch([]), lambda con: True)
    assert again.unchanged  # same SQL, nothing new: nothing is rebuilt
    with store.connect(work) as con:  # as a database built before an upgrade leaves it
        con.execute("alter table entities drop column place_id")
        con.execute("update schema_files set sha256 = 'older' where folder = ?", [store.CORPUS_SQL])
    store.publish(work, serving)
    upgraded = store.load_and_build(work, serving, batch([]), lambda con: True)
    assert upgraded.committed and not upgraded.unchanged
    with store.connect(work) as con:
        assert "place_id" in _columns(con, "entities")
        assert not store.corpus_outdated(con)
