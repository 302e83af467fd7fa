"""money_by_currency: amounts grouped by ISO code and unit; rates and noted facts not summed."""

import duckdb

from pipelines.settings import SQL_DIR

ROWS = [
    # text, unit_normalized, currency_code, value, note
    ("$5m", "US dollar", "USD", 5e6, None),
    ("$2m", "US dollar", "USD", 2e6, None),
    ("$71 a barrel", "US dollar per barrel", "USD", 71.0, None),
    ("$3bn trillion", "US dollar", "USD", 3e21, "implausible magnitude: money beyond 1e+16"),
    ("£4m", "pound sterling", "GBP", 4e6, None),
]


def test_amounts_per_currency_code():
    con = duckdb.connect()
    con.execute((SQL_DIR / "tables" / "numeric_facts.sql").read_text(encoding="utf-8"))
    for i, (text, unit, code, value, note) in enumerate(ROWS):
        con.execute(
            "insert into numeric_facts (fact_id, article_id, text, start_char, end_char, kind,"
            " value, unit_normalized, change, currency_code, note)"
            " values (?, 'a1', ?, 0, 1, 'money', ?, ?, '=', ?, ?)",
            [f"f{i}", text, value, unit, code, note],
        )
    con.execute((SQL_DIR / "views" / "money_by_currency.sql").read_text(encoding="utf-8"))
    rows = con.execute(
        "select currency_code, currency, facts, total_value, max_value, flagged_facts"
        " from money_by_currency order by currency_code"
    ).fetchall()
    assert rows == [
        ("GBP", "pound sterling", 1, 4e6, 4e6, 0),
        ("USD", "US dollar", 3, 7e6, 5e6, 1),
    ]


def test_old_warehouses_get_the_new_columns():
    ddl = (SQL_DIR / "tables" / "numeric_facts.sql").read_text(encoding="utf-8")
    new_columns = (
        "    entity_id varchar,\n    value_from double,\n    currency_code varchar,\n"
        "    note varchar\n"
    )
    assert new_columns in ddl
    old_table = ddl.split(");")[0].replace(new_columns, "    entity_id varchar\n") + ");"
    con = duckdb.connect()
    con.execute(old_table)
    con.execute(ddl)
    columns = {row[0] for row in con.execute("describe numeric_facts").fetchall()}
    assert {"value_from", "currency_code", "note"} <= columns
