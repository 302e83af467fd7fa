"""The declared warehouse (pipelines/warehouse/tables.py) agrees with the SQL files."""

import re

import pytest

from pipelines.settings import SQL_DIR
from pipelines.warehouse import tables

_TOKEN = re.compile(r"[a-z_][a-z0-9_.]*|\(|\)|,", re.IGNORECASE)


def sql_reads(sql: str) -> set[str]:
    """Tables and views a SQL file reads: every name after `from` or `join` that is not a CTE
    defined before it (a CTE may share the name of the table it reads from)."""
    sql = re.sub(r"--[^\n]*", " ", sql)
    sql = re.sub(r"'(?:[^']|'')*'", "''", sql)
    tokens = [t.lower() for t in _TOKEN.findall(sql)]
    defined: set[str] = set()
    opening: dict[int, str] = {}  # depth of a CTE's opening parenthesis → its name
    reads, depth = set(), 0
    for i, token in enumerate(tokens):
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token == "(":
            if i >= 3 and tokens[i - 1] == "as" and tokens[i - 3] in {"with", ","}:
                opening[depth] = tokens[i - 2]
            depth += 1
        elif token == ")":
            depth -= 1
            if depth in opening:
                defined.add(opening.pop(depth))
        elif token in {"from", "join"} and after not in {"(", ""}:
            following = tokens[i + 2] if i + 2 < len(tokens) else ""
            if following != "(" and after not in defined:  # not a table function
                reads.add(after)
    return reads


def sql_files() -> list:
    return sorted(SQL_DIR.glob("*/*.sql"))


def test_the_reader_finds_tables_behind_ctes_of_the_same_name():
    sql = """create or replace table t as
    with articles as (select * from articles),  -- from comments
    m as (select * from entity_mentions join (select 1 from x) using (a)),
    final as (select * from m inner join articles using (id) left join sentences s on 'from y')
    select * from final"""
    assert sql_reads(sql) == {"articles", "entity_mentions", "x", "sentences"}


def test_every_sql_file_is_declared_and_every_declaration_has_its_file():
    declared = {relation.path for relation in tables.RELATIONS}
    on_disk = {path for path in sql_files() if path.parent.name in tables.FOLDERS}
    assert on_disk == declared


@pytest.mark.parametrize("relation", tables.RELATIONS, ids=lambda r: r.name)
def test_a_relation_reads_exactly_the_tables_it_declares(relation):
    found = sql_reads(relation.path.read_text(encoding="utf-8")) - {relation.name}
    assert found == set(relation.reads), (
        f"{relation.path} reads {sorted(found)}; its entry in pipelines/warehouse/tables.py "
        f"declares {sorted(relation.reads)}"
    )


@pytest.mark.parametrize("path", sql_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_table_a_sql_file_reads_is_declared(path):
    # A file may read the table it makes (sql/lake/load_turns.sql seeds its one row).
    undeclared = sql_reads(path.read_text(encoding="utf-8")) - set(tables.BY_NAME) - {path.stem}
    assert not undeclared, f"{path} reads tables not declared in pipelines/warehouse/tables.py"


def test_a_relation_is_built_after_the_relations_it_reads():
    order = [r.name for folder in tables.FOLDERS for r in tables.in_folder(folder)]
    assert sorted(order) == sorted(tables.BY_NAME)
    for relation in tables.RELATIONS:
        assert all(order.index(read) < order.index(relation.name) for read in relation.reads)


def test_a_cycle_or_an_undeclared_read_is_refused():
    a = tables.Relation("entities", tables.DERIVED, reads=("entity_aliases",))
    b = tables.Relation("entity_aliases", tables.DERIVED, reads=("entities",))
    with pytest.raises(ValueError, match="cycle"):
        tables.build_order((a, b))
    with pytest.raises(ValueError, match="not declared"):
        tables.build_order((tables.Relation("x", tables.DERIVED, reads=("no_such_table",)),))


def test_the_refresh_runs_entities_before_the_tables_that_read_it():
    order = [r.name for r in tables.in_folder(tables.DERIVED)]
    assert order.index("entities") < order.index("entity_aliases")
    assert order.index("entities") < order.index("entity_cooccurrence")


@pytest.mark.parametrize(("table", "check"), tables.reference_checks(), ids=lambda v: v)
def test_a_reference_check_reads_the_table_it_is_declared_on(table, check):
    path = tables.check_path(check)
    assert table in sql_reads(path.read_text(encoding="utf-8")), path
    assert tables.check_description(check)
