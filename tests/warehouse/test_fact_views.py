"""The dashboard's fact views on a warehouse made for the purpose: an implausible magnitude (a
fact with a note) and a rate are neither summed nor ranked."""

import pytest

from pipelines.warehouse import store, tables

FACTS = [
    # fact_id, kind, value, unit_normalized, currency_code, note
    ("a:0-3:money", "money", 3e9, "US dollar", "USD", None),
    ("a:4-9:money", "money", 71.1, "US dollar per barrel", "USD", None),
    ("a:10-20:money", "money", 3e21, "US dollar", "USD", "implausible magnitude"),
    ("a:21-24:count", "count", 40.0, None, None, None),
]


@pytest.fixture()
def con(tmp_path):
    con = store.connect(tmp_path / "views.duckdb")
    store.run_sql_folder(con, tables.DERIVED)
    con.execute(
        "insert into articles (article_id, source, content_sha256, body, format, loaded_at) "
        "values ('a', 'a.txt', 'sha', 'some body text of the article', 'txt', now())"
    )
    con.executemany(
        "insert into numeric_facts (fact_id, article_id, text, start_char, end_char, kind, "
        "value, unit_normalized, change, currency_code, note) "
        "values (?, 'a', 'x', 0, 1, ?, ?, ?, '=', ?, ?)",
        FACTS,
    )
    store.create_views(con)
    yield con
    con.close()


def test_money_facts_keep_amounts_only(con):
    rows = con.execute("select fact_id, currency, currency_code from money_facts").fetchall()
    assert rows == [("a:0-3:money", "US dollar", "USD")]


def test_largest_numeric_facts_rank_no_noted_fact(con):
    ranked = con.execute("select fact_id from largest_numeric_facts order by size_rank").fetchall()
    assert ranked == [("a:0-3:money",), ("a:4-9:money",), ("a:21-24:count",)]
