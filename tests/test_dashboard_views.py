"""The dashboard's views and its export files agree with the warehouse of a real run: every
dataset names a view's columns with their comments, every chart a dataset of the export."""

from pathlib import Path

import duckdb
import pytest
import yaml
from pipeline_process import baseline

EXPORT = Path(__file__).resolve().parent.parent / "dashboards" / "news_at_a_glance"
DATASETS = {
    config["table_name"]: config
    for config in (yaml.safe_load(p.read_text()) for p in EXPORT.glob("datasets/*/*.yaml"))
}
CHARTS = [yaml.safe_load(p.read_text()) for p in sorted(EXPORT.glob("charts/*.yaml"))]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    state = baseline(tmp_path_factory)
    with duckdb.connect(str(state.layout.warehouse), read_only=True) as connection:
        yield connection


@pytest.mark.parametrize("view", sorted(DATASETS))
def test_dataset_lists_the_views_columns_with_their_comments(con, view):
    columns = con.execute(
        "select column_name, comment from duckdb_columns() where table_name = ? "
        "order by column_index",
        [view],
    ).fetchall()
    listed = [(c["column_name"], c["description"]) for c in DATASETS[view]["columns"]]
    assert listed == columns
    assert all(comment for _, comment in columns), f"{view}: a column has no COMMENT"


def test_every_chart_reads_a_dataset_of_the_export():
    uuids = {config["uuid"] for config in DATASETS.values()}
    assert [c["slice_name"] for c in CHARTS if c["dataset_uuid"] not in uuids] == []
    assert len(CHARTS) >= 6


def test_money_facts_hold_every_money_amount_once(con):
    money = con.execute(
        "select count(*) from numeric_facts where kind = 'money' and value is not null "
        "and note is null and coalesce(unit_normalized, '') not like '% per %'"
    ).fetchone()[0]
    assert money > 0
    assert con.execute("select count(distinct fact_id) from money_facts").fetchone()[0] == money
    assert con.execute("select count(*) from money_facts where currency is null").fetchone() == (0,)


def test_largest_numeric_facts_rank_by_value_without_gaps(con):
    rows = con.execute(
        "select size_rank, value, kind from largest_numeric_facts order by size_rank"
    ).fetchall()
    assert [rank for rank, _, _ in rows] == list(range(1, len(rows) + 1))
    values = [value for _, value, _ in rows]
    assert values == sorted(values, reverse=True)
    assert {kind for _, _, kind in rows} <= {"count", "money", "quantity"}
