"""The checks of the load's verify step: reference rules (sql/checks/), one anti-join each."""

import polars as pl
import pytest

from pipelines import schema
from pipelines.warehouse import audit, store, tables

BODY = "Acme hired 40 staff."
CLEAN = [
    "insert into articles (article_id, source, body, content_sha256, format, loaded_at) "
    f"values ('a', 'a.txt', '{BODY}', 'sha', 'txt', now()::timestamp)",
    "insert into sentences values ('a', 0, 0, 20)",
    "insert into entity_mentions values ('a', 0, 'E1', 'Acme', 'ORG', 0, 4, 0, 'Acme', 'Acme', "
    "null, 'ORG', 'model', 'ORG', 'model')",
    "insert into numeric_facts (fact_id, article_id, text, start_char, end_char, sentence_index, "
    "kind, value, change, entity_id) values ('a:11-13:count', 'a', '40', 11, 13, 0, 'count', 40, "
    "'=', 'E1')",
]
# A row that breaks a rule (a mention without its article has no sentence either), and
# the rules it fails with their counts.
BROKEN = {
    "sentences_have_articles": (
        "insert into sentences values ('gone', 0, 0, 5)",
        {"sentences_have_articles": 1},
    ),
    "entity_mentions_have_articles": (
        "insert into entity_mentions values ('gone', 0, 'E1', 'Acme', 'ORG', 0, 4, 0, 'Acme', "
        "'Acme', null, 'ORG', 'model', 'ORG', 'model')",
        {"entity_mentions_have_articles": 1, "entity_mentions_have_sentences": 1},
    ),
    "entity_mentions_have_sentences": (
        "insert into entity_mentions values ('a', 1, 'E1', 'Acme', 'ORG', 5, 9, 7, 'Acme', 'Acme', "
        "null, 'ORG', 'model', 'ORG', 'model')",
        {"entity_mentions_have_sentences": 1},
    ),
    "entity_mentions_have_places": (
        "update entity_mentions set place_id = 'geonames:404'",
        {"entity_mentions_have_places": 1},
    ),
    "numeric_facts_have_articles": (
        "insert into numeric_facts (fact_id, article_id, text, start_char, end_char, kind, change)"
        " values ('gone:0-2:count', 'gone', '40', 0, 2, 'count', '=')",
        {"numeric_facts_have_articles": 1},
    ),
    "numeric_facts_have_entities": (
        "update numeric_facts set entity_id = 'E404'",
        {"numeric_facts_have_entities": 1},
    ),
    "numeric_facts_have_sentences": (
        "update numeric_facts set sentence_index = 3",
        {"numeric_facts_have_sentences": 1},
    ),
}


@pytest.fixture
def con(tmp_path):
    connection = store.connect(tmp_path / "work.duckdb")
    for statement in CLEAN:
        connection.execute(statement)
    store.run_sql_folder(connection, tables.DERIVED)
    yield connection
    connection.close()


def test_every_rule_is_declared_once_and_has_a_case_here():
    declared = [check for _, check in tables.reference_checks()]
    assert sorted(declared) == sorted(BROKEN)
    assert sorted(p.stem for p in tables.CHECKS_DIR.glob("*.sql")) == sorted(declared)


def test_a_consistent_warehouse_passes_every_rule(con):
    results = audit.reference_checks(con)
    assert {rule: result.metadata["violations"] for rule, result in results.items()} == {
        rule: 0 for rule in BROKEN
    }
    assert all(result.passed for result in results.values())


@pytest.mark.parametrize("rule", BROKEN)
def test_a_broken_reference_fails_its_rule_with_its_count(con, rule):
    statement, failing = BROKEN[rule]
    con.execute(statement)
    # Derived tables are rebuilt in each load after the loaded rows, as here.
    store.run_sql_folder(con, tables.DERIVED)
    results = audit.reference_checks(con)
    failed = {name: r.metadata["violations"] for name, r in results.items() if not r.passed}
    assert failed == failing
    assert results[rule].metadata["examples"]


def test_a_load_that_breaks_a_reference_is_rolled_back(con):
    before = con.execute("select count(*) from numeric_facts").fetchone()[0]
    fact = con.execute("select * from numeric_facts").pl().with_columns(fact_id=pl.lit("x"))
    orphan = store.LoadBatch(
        run_id="test",
        articles_seen=1,
        articles=schema.empty({**schema.ARTICLES, "loaded_at": pl.Datetime("us")}),
        removed_ids=[],
        rejected=schema.empty(schema.REJECTED_INPUTS),
        sentences=schema.empty(schema.SENTENCES),
        mentions=schema.empty(schema.ENTITY_MENTIONS),
        facts=fact.with_columns(entity_id=pl.lit("E404")),
        registry=pl.DataFrame(),
    )

    def references_hold(connection) -> bool:
        return all(result.passed for result in audit.reference_checks(connection).values())

    assert not store.load(con, orphan, verify=references_hold)
    assert con.execute("select count(*) from numeric_facts").fetchone()[0] == before
