"""Lake mode against a real PostgreSQL catalog: the same schema and load as the file mode,
keys checked without constraints, concurrent commits tried again, time travel, maintenance."""

import threading
from datetime import datetime

import duckdb
import polars as pl
import pytest

from pipelines import schema
from pipelines.warehouse import lake, store, tables


def article(article_id: str, body: str) -> dict:
    return {
        "article_id": article_id,
        "source": f"{article_id}.txt",
        "url": None,
        "title": f"About {article_id}",
        "body": body,
        "published_at": None,
        "content_sha256": f"{abs(hash(body)):064d}"[-64:],
        "format": "txt",
        "note": None,
        "duplicate_of": None,
    }


def batch(articles: list[dict], run_id: str = "test") -> store.LoadBatch:
    frame = pl.DataFrame(articles, schema=schema.ARTICLES).with_columns(
        loaded_at=pl.lit(datetime(2026, 1, 1))
    )
    sentences = pl.DataFrame(
        [
            {"article_id": a["article_id"], "sentence_index": 0, "start_char": 0}
            | {"end_char": len(a["body"])}
            for a in articles
        ],
        schema=schema.SENTENCES,
    )
    return store.LoadBatch(
        run_id=run_id,
        articles_seen=len(articles),
        articles=frame,
        removed_ids=[],
        rejected=schema.empty(schema.REJECTED_INPUTS),
        sentences=sentences,
        mentions=schema.empty(schema.ENTITY_MENTIONS),
        facts=schema.empty(schema.NUMERIC_FACTS),
        registry=pl.DataFrame(),
    )


@pytest.fixture
def lake_env(new_lake, monkeypatch):
    """Lake mode for this test: store.connect opens the lake."""
    monkeypatch.setenv("NEWSFACTS_LAKE", new_lake.catalog)
    monkeypatch.setenv("NEWSFACTS_LAKE_DATA", new_lake.data)
    return new_lake


def bodies(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("select article_id, body from articles order by 1").fetchall())


@pytest.mark.parametrize(
    ("ddl", "expected"),
    [
        (
            "create table t (\n    id varchar primary key,\n    v int not null\n);",
            "create table t (\n    id varchar,\n    v int not null\n);",
        ),
        (
            "create table t (\n    a varchar not null,\n    b int not null,\n"
            "    primary key (a, b)\n);",
            "create table t (\n    a varchar not null,\n    b int not null\n);",
        ),
        (
            "create table t (\n    a varchar not null -- no primary key here\n);",
            "create table t (\n    a varchar not null -- no primary key here\n);",
        ),
    ],
    ids=["inline key", "table key", "no key"],
)
def test_table_ddl_loses_only_its_primary_key(ddl, expected):
    assert lake.without_keys(ddl) == expected


@pytest.mark.parametrize(
    ("ddl", "expected"),
    [
        (
            "alter table t add column if not exists built boolean default true;",
            "alter table t add column if not exists built boolean default 'true';",
        ),
        (
            "alter table t add column n integer default 0;",
            "alter table t add column n integer default 0;",
        ),
    ],
    ids=["boolean default", "number default"],
)
def test_a_boolean_default_is_quoted_as_ducklake_takes_it(ddl, expected):
    assert lake.for_lake(ddl) == expected


def test_the_keys_checked_in_the_lake_are_the_file_modes_primary_keys():
    assert lake.primary_keys() == {
        "articles": ("article_id",),
        "sentences": ("article_id", "sentence_index"),
        "entity_mentions": ("article_id", "start_char", "end_char"),
        "numeric_facts": ("fact_id",),
        "entity_registry": ("alias_key",),
        "places": ("place_id",),
    }


def _catalog(con: duckdb.DuckDBPyConnection) -> dict:
    """Tables and views with their columns, types and comments, in the default database."""
    database = con.execute("select current_database()").fetchone()[0]
    relations = con.execute(
        "select table_name, comment from duckdb_tables() where database_name = ? "
        "and schema_name = 'main' union all select view_name, comment from duckdb_views() "
        "where database_name = ? and schema_name = 'main' and not internal",
        [database, database],
    ).fetchall()
    columns = con.execute(
        "select table_name, column_name, data_type, comment from duckdb_columns() "
        "where database_name = ? and schema_name = 'main' order by all",
        [database],
    ).fetchall()
    return {"relations": sorted(relations), "columns": columns}


def test_the_lake_has_the_file_modes_tables_views_columns_and_comments(lake_env, tmp_path):
    file_con = duckdb.connect(str(tmp_path / "file.duckdb"))
    store.run_sql_folder(file_con, tables.LOADED)
    with store.connect(tmp_path / "unused.duckdb") as con:
        assert lake.is_lake(con)
        for relation_con in (file_con, con):
            store.load(relation_con, batch([article("a", "One sentence about Acme.")]))
            store.create_views(relation_con)
        in_file, in_lake = _catalog(file_con), _catalog(con)
        lake_only = {"view_column_comments", "load_turns"}  # schema_files is in both
        assert [r for r in in_lake["relations"] if r[0] not in lake_only] == in_file["relations"]
        views = {r.name for r in tables.RELATIONS if r.folder == tables.VIEW}
        # DuckLake comments no view column: the same comments are in view_column_comments
        file_view_comments = {(t, c, note) for t, c, _, note in in_file["columns"] if t in views}
        stored = set(con.execute("select * from view_column_comments").fetchall())
        assert stored == {row for row in file_view_comments if row[2] is not None}
        assert len(stored) > 50

        def without_view_comments(columns):
            return [
                (t, c, type_, None if t in views else note)
                for t, c, type_, note in columns
                if t not in lake_only
            ]

        assert without_view_comments(in_lake["columns"]) == without_view_comments(
            in_file["columns"]
        )
    assert not list((tmp_path / "unused.duckdb").parent.glob("unused*"))


def test_a_load_commits_parquet_files_and_the_search_index(lake_env):
    body = "Troops began their withdrawal from Iraq on Monday. " * 20
    rows = [article(f"a{i}", body if i == 0 else f"Rain in town {i}. " * 20) for i in range(30)]
    with store.connect(store.Path("unused")) as con:
        assert store.load(con, batch(rows))
        store.build_search_index(con)
        con.execute(f"load '{store.fts_extension_path()}'")
        found = con.execute(
            "select article_id from (select *, fts_main_articles.match_bm25(article_id, "
            "'troops withdrawal') as score from articles) where score is not null"
        ).fetchall()
        assert found == [("a0",)]
        assert store.row_counts(con)["sentences"] == 30
    assert list(store.Path(lake_env.data).rglob("*.parquet"))


def test_a_duplicate_key_fails_the_load_as_the_constraint_would_and_commits_nothing(lake_env):
    with store.connect(store.Path("unused")) as con:
        assert store.load(con, batch([article("a", "first")]))
        twice = batch([article("b", "second"), article("b", "second")])
        with pytest.raises(duckdb.ConstraintException, match="articles: 1"):
            store.load(con, twice)
        assert bodies(con) == {"a": "first"}


def test_a_commit_that_conflicts_with_another_writers_is_tried_again(lake_env):
    """Writer A's first attempt is overtaken by writer B's commit (made from A's check, so
    the order is certain); A's commit conflicts, rolls back, and the retry commits."""
    other = lake.connect(lake_env)
    attempts = []

    def verify_a(con):
        attempts.append(1)
        if len(attempts) == 1:
            assert store.load(other, batch([article("b", "from B")], run_id="b"))
        return True

    messages = []
    with store.connect(store.Path("unused")) as con:
        committed = lake.with_retries(
            lambda: store.load(con, batch([article("a", "from A")], run_id="a"), verify_a),
            lake_env,
            log=messages.append,
        )
        assert committed and len(attempts) == 2
        assert bodies(con) == {"a": "from A", "b": "from B"}
        assert sorted(r[0] for r in con.execute("select run_id from load_runs").fetchall()) == [
            "a",
            "b",
        ]
    other.close()
    assert "conflicted with another writer (attempt 1)" in messages[0]


def registry_row(key: str, entity_id: str) -> dict:
    return {
        "alias_key": key,
        "entity_id": entity_id,
        "alias": key.title(),
        "entity_name": key.title(),
        "label": "PERSON",
        "link_rule": "new",
    }


def test_two_loads_meeting_a_new_name_at_once_leave_one_registry_row_the_first_commits(
    lake_env,
):
    """Shard A and shard B both register "biden" (B for another entity) in transactions
    that overlap: inserts alone never conflict in DuckLake, so without load_turns both
    commit and the registry holds two ids for one name. B commits first (from A's check);
    A's commit conflicts, its retry sees B's row and keeps B's id."""
    from pipelines.entities.registry import REGISTRY

    def with_registry(rows, *entries):
        loaded = batch(rows, run_id=rows[0]["article_id"])
        loaded.registry = pl.DataFrame(list(entries), schema=REGISTRY)
        return loaded

    other = lake.connect(lake_env)
    attempts = []

    def verify_a(con):
        attempts.append(1)
        if len(attempts) == 1:
            from_b = with_registry([article("b", "Joe Biden")], registry_row("biden", "E_joe"))
            assert store.load(other, from_b)
        return True

    from_a = with_registry(
        [article("a", "Biden")], registry_row("biden", "E_lone"), registry_row("ohio", "E_oh")
    )
    with store.connect(store.Path("unused")) as con:
        assert lake.with_retries(lambda: store.load(con, from_a, verify_a), lake_env)
        assert len(attempts) == 2
        registry = con.execute("select alias_key, entity_id from entity_registry order by 1")
        assert registry.fetchall() == [("biden", "E_joe"), ("ohio", "E_oh")]
        assert lake.duplicate_keys(con) == {}
    other.close()


def test_two_writers_loading_at_once_both_commit(lake_env):
    errors = []

    def write(name: str) -> None:
        try:
            with lake.connect(lake_env) as con:
                for step in range(3):
                    rows = [article(f"{name}{step}", f"{name} wrote {step}")]
                    lake.with_retries(
                        lambda rows=rows: store.load(con, batch(rows, run_id=name)), lake_env
                    )
        except Exception as error:  # reported below, with the thread's name
            errors.append((name, error))

    writers = [threading.Thread(target=write, args=(n,)) for n in ("x", "y")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
    assert errors == []
    with lake.open_lake(lake_env, read_only=True) as reader:
        assert sorted(bodies(reader)) == ["x0", "x1", "x2", "y0", "y1", "y2"]
        assert reader.execute("select count(*) from load_runs").fetchone()[0] == 6


def test_time_travel_reads_an_earlier_snapshot(lake_env):
    with store.connect(store.Path("unused")) as con:
        store.load(con, batch([article("a", "first version")]))
        version = lake.current_snapshot(con)
        store.load(con, batch([article("a", "second version"), article("b", "new")]))
        assert bodies(con) == {"a": "second version", "b": "new"}
        then = con.execute(f"select article_id, body from articles at (version => {version})")
        assert dict(then.fetchall()) == {"a": "first version"}


def test_maintenance_merges_files_and_keeps_every_row(lake_env):
    with store.connect(store.Path("unused")) as con:
        for step in range(4):  # each load writes its own small files
            rows = [article(f"s{step}-{i}", f"Step {step}, article {i}. " * 30) for i in range(40)]
            store.load(con, batch(rows))
        before = store.row_counts(con)
    done = lake.maintain(lake_env, keep_snapshots_days=0)
    assert done["data_files_after"] < done["data_files_before"]
    assert done["snapshots_expired"] > 0
    with lake.open_lake(lake_env, read_only=True) as reader:
        assert store.row_counts(reader) == before


def test_a_lake_without_its_data_folder_setting_is_refused(monkeypatch):
    monkeypatch.setenv("NEWSFACTS_LAKE", "host=127.0.0.1 port=1 dbname=x")
    monkeypatch.delenv("NEWSFACTS_LAKE_DATA", raising=False)
    with pytest.raises(ValueError, match="NEWSFACTS_LAKE_DATA"):
        lake.from_environment()


def test_an_unreachable_catalog_is_named_in_the_error(tmp_path, monkeypatch):
    from lake_db import free_port

    catalog = f"host=127.0.0.1 port={free_port()} dbname=nowhere user=postgres password=secret"
    monkeypatch.setenv("NEWSFACTS_LAKE", catalog)
    monkeypatch.setenv("NEWSFACTS_LAKE_DATA", str(tmp_path / "data"))
    with pytest.raises(lake.LakeUnavailable) as raised:
        store.connect(tmp_path / "unused.duckdb")
    message = str(raised.value)
    assert "dbname=nowhere" in message and "NEWSFACTS_LAKE" in message
    assert "secret" not in message


READER_BY_URI = """
import sys
from urllib.parse import quote
import sqlalchemy
uri = "duckdb:///" + quote("ducklake:postgres:" + sys.argv[1], safe=":=") + "?access_mode=read_only"
with sqlalchemy.create_engine(uri).connect() as con:
    print(con.execute(sqlalchemy.text("select count(*) from articles")).scalar())
"""


def test_superset_style_readers_open_the_lake_by_its_uri_once_extensions_are_installed(
    lake_env, tmp_path
):
    """duckdb-engine (Superset) opens `ducklake:postgres:...` as its database: DuckDB loads
    the extensions by itself once they are installed from the wheels, offline."""
    import os
    import subprocess
    import sys

    with store.connect(store.Path("unused")) as con:
        store.load(con, batch([article("a", "read by URI"), article("b", "too")]))
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home)}
    subprocess.run(
        [sys.executable, "-m", "pipelines.warehouse.lake", "install-extensions"],
        env=env,
        check=True,
        capture_output=True,
    )
    assert len(list(home.rglob("*.duckdb_extension"))) == len(lake.READER_EXTENSIONS) == 4
    read = subprocess.run(
        [sys.executable, "-c", READER_BY_URI, lake_env.catalog],
        env=env,
        capture_output=True,
        text=True,
    )
    assert read.returncode == 0, read.stderr[-2000:]
    assert read.stdout.strip() == "2"


def test_the_maintenance_job_runs_in_dagster_on_the_lake(lake_env):
    import dagster as dg

    from pipelines.definitions import defs

    with store.connect(store.Path("unused")) as con:
        store.load(con, batch([article("a", "kept through maintenance")]))
        store.load(con, batch([article("a", "kept through maintenance"), article("b", "too")]))
    job = defs.get_job_def("lake_maintenance")
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(
            instance=instance,
            run_config={"ops": {"maintain_lake": {"config": {"keep_snapshots_days": 0}}}},
        )
    assert result.success
    with lake.open_lake(lake_env, read_only=True) as reader:
        assert bodies(reader) == {"a": "kept through maintenance", "b": "too"}
        # every snapshot but the last expired; inlined rows now live in Parquet files
        assert reader.execute("select count(*) from newsfacts.snapshots()").fetchone()[0] == 1
    assert list(store.Path(lake_env.data).rglob("*.parquet"))


def _aborted() -> None:
    raise duckdb.TransactionException("Current transaction is aborted (please ROLLBACK)")


def test_an_aborted_transaction_names_the_catalog_only_when_it_is_gone(new_lake):
    assert lake.catalog_reachable(new_lake)
    with pytest.raises(duckdb.TransactionException):  # the catalog is there: another cause
        lake.with_retries(_aborted, new_lake)
    gone = lake.Lake(new_lake.catalog.replace(f"port={_port(new_lake)}", "port=1"), new_lake.data)
    assert not lake.catalog_reachable(gone)
    with pytest.raises(lake.LakeUnavailable, match="NEWSFACTS_LAKE"):
        lake.with_retries(_aborted, gone)


def _port(target: lake.Lake) -> str:
    return target.catalog.split("port=")[1].split()[0]
