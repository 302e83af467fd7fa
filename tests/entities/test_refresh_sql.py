"""The refresh SQL over a temporary DuckDB holding the seed article and one more article."""

from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.entities import REGISTRY, resolve_entities

SQL = Path(__file__).resolve().parents[2] / "sql"
LATER = "Biden visited Baghdad. Joe Biden met Iraqi officials there on Friday."


@pytest.fixture(scope="module")
def warehouse(mentions_of, seed_text):
    bodies = {"seed": seed_text, "later": LATER}
    resolved, registry = resolve_entities(mentions_of(bodies), pl.DataFrame(schema=REGISTRY))
    con = duckdb.connect()
    for table in ("entity_mentions", "entity_registry"):
        con.execute((SQL / "tables" / f"{table}.sql").read_text())
    con.execute("create table articles (article_id varchar, title varchar, body varchar)")
    titles = {"seed": seed_text.splitlines()[0], "later": "Biden in Baghdad"}
    articles = pl.DataFrame(
        {
            "article_id": list(bodies),
            "title": [titles[a] for a in bodies],
            "body": list(bodies.values()),
        }
    )
    con.register("articles_frame", articles)
    con.execute("insert into articles select * from articles_frame")
    con.register("mentions_frame", resolved)
    con.execute("insert into entity_mentions by name select * from mentions_frame")
    con.register("registry_frame", registry)
    con.execute("insert into entity_registry by name select * from registry_frame")
    for path in sorted((SQL / "refresh").glob("entit*.sql")):
        con.execute(path.read_text())
    return con


def one(con, sql, *params):
    return con.execute(sql, params).fetchall()


def test_entities_count_mentions_and_articles(warehouse):
    [(name, label, mentions, articles)] = one(
        warehouse,
        "select name, label, mention_count, article_count from entities where name = ?",
        "Joe Biden",
    )
    assert (name, label, articles) == ("Joe Biden", "PERSON", 2)
    assert mentions >= 4
    [(total,)] = one(warehouse, "select sum(mention_count) from entities")
    [(rows,)] = one(warehouse, "select count(*) from entity_mentions")
    assert total == rows


def test_entity_ids_are_unique(warehouse):
    [(rows, ids)] = one(warehouse, "select count(*), count(distinct entity_id) from entities")
    assert rows == ids


def test_aliases_of_the_united_states(warehouse):
    aliases = one(
        warehouse,
        "select alias, count from entity_aliases where entity_name = 'United States'",
    )
    assert {a for a, _ in aliases} >= {"US", "U.S.", "United States"}
    assert all(c > 0 for _, c in aliases)


def test_cooccurrence_pairs_are_ordered_and_counted(warehouse):
    pairs = one(
        warehouse,
        "select entity_id_a < entity_id_b, sentence_count, article_count, name_a, name_b "
        "from entity_cooccurrence",
    )
    assert pairs and all(ordered for ordered, *_ in pairs)
    names = {frozenset((a, b)): (s, n) for _, s, n, a, b in pairs}
    assert names[frozenset(("Joe Biden", "Mustafa al-Kadhimi"))][0] >= 1
    assert names[frozenset(("Joe Biden", "Baghdad"))] == (1, 1)


@pytest.mark.parametrize(
    ("article", "name", "in_headline"),
    [
        ("seed", "United States", True),
        ("seed", "Qassem Soleimani", False),
        ("later", "Joe Biden", True),
    ],
)
def test_salience_headline(warehouse, article, name, in_headline):
    [(flag, first, count)] = one(
        warehouse,
        "select s.in_headline, s.first_start_char, s.mention_count from entity_salience as s "
        "join entities using (entity_id) where article_id = ? and name = ?",
        article,
        name,
    )
    assert flag is in_headline
    assert count >= 1 and first >= 0


def test_label_conflicts_are_resolved_by_majority_and_recorded():
    con = duckdb.connect()
    con.execute((SQL / "tables" / "entity_mentions.sql").read_text())
    rows = [
        ("a", i, "E1", "Jordan", label, i * 10, i * 10 + 6, i)
        for i, label in enumerate(["GPE", "PERSON", "GPE"])
    ]
    con.executemany(
        "insert into entity_mentions (article_id, mention_index, entity_id, text, label, "
        "start_char, end_char, sentence_index, name, canonical_name) "
        "values (?, ?, ?, ?, ?, ?, ?, ?, 'Jordan', 'Jordan')",
        rows,
    )
    con.execute((SQL / "refresh" / "entities.sql").read_text())
    [(label, conflict, counts)] = con.execute(
        "select label, label_conflict, label_counts from entities"
    ).fetchall()
    assert (label, conflict, counts) == ("GPE", True, "GPE 2, PERSON 1")


def test_a_label_tie_goes_to_the_label_a_rule_gave():
    """ "Cheng Chung-tai of Civic Passion" (ORG by a rule), "Civic Passion's" (PERSON) and
    "in Civic Passion" (FAC) as the model read them: ORG, not the alphabetically first FAC."""
    con = duckdb.connect()
    con.execute((SQL / "tables" / "entity_mentions.sql").read_text())
    rows = [
        ("a", i, "E1", "Civic Passion", label, i * 20, i * 20 + 13, i, rule)
        for i, (label, rule) in enumerate(
            [("ORG", "context"), ("PERSON", "model"), ("FAC", "model")]
        )
    ]
    con.executemany(
        "insert into entity_mentions (article_id, mention_index, entity_id, text, label, "
        "start_char, end_char, sentence_index, label_rule, name, canonical_name) "
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'Civic Passion', 'Civic Passion')",
        rows,
    )
    con.execute((SQL / "refresh" / "entities.sql").read_text())
    [(label,)] = con.execute("select label from entities").fetchall()
    assert label == "ORG"


def test_one_mention_among_very_many_keeps_a_share_above_zero():
    """A single 5 MB article holds some 70,000 mentions: a share rounded to four decimals
    became 0 and failed the salience suite, which failed the run."""
    con = duckdb.connect()
    for table in ("entity_mentions", "entity_registry"):
        con.execute((SQL / "tables" / f"{table}.sql").read_text())
    con.execute("create table articles (article_id varchar, title varchar, body varchar)")
    con.execute("insert into articles values ('big', 'Big', repeat('x ', 100000))")
    con.execute(
        "insert into entity_mentions (article_id, mention_index, entity_id, text, label, "
        "start_char, end_char, sentence_index, name, canonical_name) "
        "select 'big', i, case when i = 0 then 'Eone' else 'Emany' end, 'x', 'ORG', 2 * i, "
        "2 * i + 1, 0, 'x', case when i = 0 then 'One' else 'Many' end "
        "from range(70000) t(i)"
    )
    for path in sorted((SQL / "refresh").glob("entit*.sql")):
        con.execute(path.read_text())
    [(share,)] = one(con, "select mention_share from entity_salience where entity_id = 'Eone'")
    assert 0 < share < 1e-4
