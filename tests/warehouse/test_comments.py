"""Every table, view and column of the warehouse carries a COMMENT, so SQL clients show it."""

import pytest

from pipelines.warehouse import store


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    """A work database as a load leaves it: tables, rebuilt derived tables, views."""
    connection = store.connect(tmp_path_factory.mktemp("comments") / "work.duckdb")
    store.run_sql_folder(connection, "refresh")
    store.create_views(connection)
    yield connection
    connection.close()


def test_every_column_has_a_comment(con):
    missing = con.execute(
        "select table_name || '.' || column_name from duckdb_columns() "
        "where not internal and coalesce(comment, '') = '' order by all"
    ).fetchall()
    assert [name for (name,) in missing] == []


def test_every_table_and_view_has_a_comment(con):
    missing = con.execute(
        "select table_name from duckdb_tables() where not internal and coalesce(comment, '') = '' "
        "union all "
        "select view_name from duckdb_views() where not internal and coalesce(comment, '') = ''"
    ).fetchall()
    assert missing == []
