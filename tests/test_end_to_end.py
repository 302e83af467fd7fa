"""Materialize every asset over seeds/ into a temporary warehouse and look at the tables."""

from datetime import date

import duckdb
import pytest
from seeds_run import materialize

from pipelines.defs.names import suite_check
from pipelines.warehouse import tables

TABLES = ("articles", "entity_mentions", "numeric_facts", "entities", "sentences")


def snapshot(warehouse) -> dict[str, list]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {t: con.execute(f"select * from {t} order by all").fetchall() for t in TABLES}


@pytest.fixture(scope="module")
def run(seeds_run):
    """The session's run over the seeds; the tests below edit its corpus and run again."""
    return seeds_run.result, seeds_run.articles, seeds_run.warehouse, seeds_run.root


@pytest.fixture
def con(run):
    with duckdb.connect(str(run[2]), read_only=True) as connection:
        yield connection


def test_run_succeeds_with_every_check_passing(run):
    result = run[0]
    assert result.success
    failed = [c.check_name for c in result.get_asset_check_evaluations() if not c.passed]
    assert failed == []


def test_no_extracted_parts_are_left_behind(run):
    warehouse = run[2]
    assert warehouse.exists()
    assert list(warehouse.parent.glob(".*parts-*")) == []


def test_a_run_with_nothing_new_validates_nothing_again(run):
    """The scan's articles are all stored with their text, so the articles suite sees no row;
    the warehouse suites report what the first run's load was verified with, and say so."""
    first, articles, warehouse, root = run
    again = materialize(articles, warehouse, root / "storage")
    assert again.success
    checks = {c.check_name: c for c in again.get_asset_check_evaluations()}
    assert all(c.passed for c in checks.values())
    assert checks[suite_check("articles")].metadata["rows_validated"].value == 0
    first_checks = {c.check_name: c for c in first.get_asset_check_evaluations()}
    for table in tables.SUITES_IN_LOAD:
        check = checks[suite_check(table)]
        assert check.metadata["recorded_by_load"].value == first.run_id
        assert check.metadata["results"] == first_checks[suite_check(table)].metadata["results"]


def test_every_seed_article_is_loaded(con):
    assert con.execute("select count(*) from articles").fetchone()[0] == 25
    assert con.execute("select count(*) from rejected_inputs").fetchone()[0] == 0


def test_seed_entities(con):
    rows = set(
        con.execute(
            "select m.label, e.name from entity_mentions m join entities e using (entity_id) "
            "join articles a using (article_id) where a.source = 'iraq-withdrawal.txt'"
        ).fetchall()
    )
    assert {("PERSON", "Joe Biden"), ("PERSON", "Mustafa al-Kadhimi"), ("GPE", "Iraq")} <= rows


def seed_facts(con, where: str) -> list[tuple]:
    return con.execute(
        "select f.value, f.unit, f.change, f.kind, f.date_value from numeric_facts f "
        f"join articles a using (article_id) where a.source = 'iraq-withdrawal.txt' and {where}"
    ).fetchall()


@pytest.mark.parametrize(
    ("where", "value", "change"),
    [
        ("f.text like '%2500%'", 2500, ">"),
        ("f.text like '%3.000%'", 3000, "<"),
        ("f.text like '%160,000%'", 160000, "="),
    ],
)
def test_seed_counts(con, where, value, change):
    facts = seed_facts(con, where)
    assert [(f[0], f[2]) for f in facts] == [(value, change)]


def test_seed_date(con):
    assert date(2021, 12, 31) in [f[4] for f in seed_facts(con, "f.kind = 'date'")]


@pytest.mark.parametrize(
    ("name", "feature", "country"),
    [
        ("Iraq", "country", "IQ"),
        ("Baghdad", "city", "IQ"),
        ("Mosul", "city", "IQ"),
        ("Syria", "country", "SY"),
        ("Iran", "country", "IR"),
    ],
)
def test_seed_places(con, name, feature, country):
    rows = con.execute(
        "select distinct p.feature, p.country_code from entity_mentions m "
        "join places p using (place_id) join articles a using (article_id) "
        "where a.source = 'iraq-withdrawal.txt' and m.name = ?",
        [name],
    ).fetchall()
    assert rows == [(feature, country)]


def test_place_ids_point_into_places(con):
    dangling = con.execute(
        "select count(*) from entity_mentions m where place_id is not null "
        "and not exists (select 1 from places p where p.place_id = m.place_id)"
    ).fetchone()[0]
    assert dangling == 0
    assert con.execute("select count(*) from mentions_by_country_day").fetchone()[0] > 0


def test_seed_relative_dates_resolve_against_publication(con):
    """GUM_news_afghan.txt is dated Friday, July 21, 2017 and says "on Tuesday"."""
    rows = con.execute(
        "select f.date_value, f.date_precision from numeric_facts f join articles a "
        "using (article_id) where a.source like '%GUM_news_afghan.txt' and f.text = 'Tuesday'"
    ).fetchall()
    assert set(rows) == {(date(2017, 7, 18), "day")}


def test_offsets_point_into_the_body(con):
    bad = con.execute(
        "select count(*) from entity_mentions m join articles a using (article_id) "
        "where substr(a.body, m.start_char + 1, m.end_char - m.start_char) <> m.text"
    ).fetchone()[0]
    assert bad == 0


def test_rerun_is_idempotent_and_edits_replace_their_own_rows(run):
    _, articles, warehouse, root = run
    before = snapshot(warehouse)
    assert materialize(articles, warehouse, root / "storage").success
    assert snapshot(warehouse) == before

    seed = articles / "iraq-withdrawal.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nOfficials said 40 advisers will stay.\n")
    assert materialize(articles, warehouse, root / "storage").success
    after = snapshot(warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert seed_facts(con, "f.text like '%40 advisers%'")
        changed = con.execute(
            "select article_id from articles where source = 'iraq-withdrawal.txt'"
        ).fetchone()[0]
    # rows of the other 24 articles are untouched
    for table in ("entity_mentions", "numeric_facts"):
        others_before = [r for r in before[table] if changed not in r]
        others_after = [r for r in after[table] if changed not in r]
        assert others_before == others_after


def test_a_new_article_reuses_known_entity_ids(run):
    _, articles, warehouse, root = run
    with duckdb.connect(str(warehouse), read_only=True) as con:
        biden = con.execute("select entity_id from entities where name = 'Joe Biden'").fetchall()
    assert len(biden) == 1
    (articles / "later.txt").write_text(
        "Biden meets NATO leaders\n\nJoe Biden met NATO leaders in Brussels on Monday. "
        "Biden said the alliance was united.\n",
        encoding="utf-8",
    )
    assert materialize(articles, warehouse, root / "storage").success
    with duckdb.connect(str(warehouse), read_only=True) as con:
        ids = con.execute(
            "select distinct m.entity_id from entity_mentions m join articles a using (article_id) "
            "where a.source = 'later.txt' and m.label = 'PERSON'"
        ).fetchall()
        count = con.execute(
            "select article_count from entities where name = 'Joe Biden'"
        ).fetchone()
    assert ids == biden
    assert count == (2,)
