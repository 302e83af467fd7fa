"""pipelines/schema.py, the DDL in sql/ and the suites in expectations/ say the same thing."""

import polars as pl
import pytest

from pipelines import schema
from pipelines.entities.registry import LINK_RULES, REGISTRY
from pipelines.ingest.options import FORMAT_BY_EXTENSION
from pipelines.nlp.mentions.cleaning import ENTITY_LABELS
from pipelines.quality.engine import load_suite_json, suite_path
from pipelines.warehouse import store, tables

# The frames' schemas and the tables they are loaded into.
FRAMES = {
    "articles": {**schema.ARTICLES, "loaded_at": pl.Datetime("us"), **schema.PROVISIONAL},
    "rejected_inputs": schema.REJECTED_INPUTS,
    "sentences": schema.SENTENCES,
    "entity_mentions": schema.ENTITY_MENTION_ROWS,
    "numeric_facts": schema.NUMERIC_FACTS,
    "entity_registry": {**REGISTRY, **schema.PROVISIONAL},
    "places": schema.PLACES,
}
DUCKDB_TYPES = {
    pl.String: "VARCHAR",
    pl.Int32: "INTEGER",
    pl.Int64: "BIGINT",
    pl.Float64: "DOUBLE",
    pl.Date: "DATE",
    pl.Datetime("us"): "TIMESTAMP",
    pl.Boolean: "BOOLEAN",
}
# Columns a suite sees that the table has not: added by pipelines/quality/prepare.py, with
# the column each one checks.
PREPARED = {
    "body_length": None,
    "body_slice": None,
    "value_is_finite": "value",
    "value_from_is_finite": "value_from",
}
# Columns no suite names, and why: any value of the column's type is valid.
NO_EXPECTATION = {
    ("articles", "published_at"): "any time, or empty when the source gives none",
    ("articles", "loaded_at"): "set by the load after the suite ran on the frame; NOT NULL",
    ("articles", "ids_provisional"): "set by the load after the suite ran on the frame",
    ("numeric_facts", "date_value"): "any date; the first-day rule is in tests/nlp/test_periods",
}
# Value sets a suite holds, and the constant of the code that makes the values.
VALUE_SETS = [
    ("numeric_facts", "kind", schema.FACT_KINDS),
    ("numeric_facts", "change", schema.FACT_CHANGES),
    ("entity_registry", "link_rule", LINK_RULES),
    ("articles", "format", FORMAT_BY_EXTENSION.values()),
    ("entity_mentions", "label", ENTITY_LABELS),
    ("entity_aliases", "label", ENTITY_LABELS),
    ("entity_registry", "label", ENTITY_LABELS),
    ("entity_mentions", "label_rule", schema.LABEL_RULES),
    ("entity_mentions", "label_before_vote", ENTITY_LABELS),
    ("entity_mentions", "label_rule_before_vote", set(schema.LABEL_RULES) - {"corpus_vote"}),
    ("numeric_facts", "date_precision", schema.DATE_PRECISIONS),
    ("places", "feature", schema.PLACE_FEATURES),
]


@pytest.fixture(scope="module")
def columns(tmp_path_factory) -> dict[str, dict[str, str]]:
    """table → column → DuckDB type, from the DDL and the refresh SQL run on empty tables."""
    with store.connect(tmp_path_factory.mktemp("schema") / "work.duckdb") as con:
        store.run_sql_folder(con, tables.DERIVED)
        rows = con.execute(
            "select table_name, column_name, data_type from duckdb_columns() where not internal"
        ).fetchall()
    found: dict[str, dict[str, str]] = {}
    for table, column, data_type in rows:
        found.setdefault(table, {})[column] = data_type
    return found


@pytest.mark.parametrize("table", FRAMES)
def test_the_ddl_has_the_columns_and_types_of_the_frames(columns, table):
    expected = {column: DUCKDB_TYPES[dtype] for column, dtype in FRAMES[table].items()}
    assert columns[table] == expected


def named_columns(table: str) -> set[str]:
    """The columns the expectations of expectations/<table>.json name."""
    named = set()
    for expectation in load_suite_json(table)["expectations"]:
        kwargs = expectation["kwargs"]
        named |= {kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs}
        named |= set(kwargs.get("column_list", []))
    return named


@pytest.mark.parametrize("table", tables.TABLES)
def test_every_table_has_a_suite_on_its_own_columns(columns, table):
    assert suite_path(table).exists(), f"{table} has no suite: add expectations/{table}.json"
    named = named_columns(table)
    assert named - set(PREPARED) <= set(columns[table]), f"expectations/{table}.json"


@pytest.mark.parametrize("table", tables.TABLES)
def test_every_column_is_named_by_its_suite_or_said_why_not(columns, table):
    named = named_columns(table)
    named |= {PREPARED[column] for column in named & set(PREPARED)}
    exempt = {column for (of, column) in NO_EXPECTATION if of == table}
    assert set(columns[table]) - named - exempt == set(), f"add to expectations/{table}.json"


def value_set(table: str, column: str) -> set[str]:
    for expectation in load_suite_json(table)["expectations"]:
        kwargs = expectation["kwargs"]
        if kwargs.get("column") == column and "value_set" in kwargs:
            return set(kwargs["value_set"])
    raise AssertionError(f"expectations/{table}.json has no value set for {column}")


def value_id(value) -> str:
    """A short test id, the same in every process (a set's order changes with the hash seed,
    and pytest-xdist's workers must collect the same ids)."""
    return str(sorted(value) if isinstance(value, set | frozenset) else value)[:20]


@pytest.mark.parametrize(("table", "column", "values"), VALUE_SETS, ids=value_id)
def test_a_suite_s_value_set_is_the_code_s(table, column, values):
    assert value_set(table, column) == set(values)
