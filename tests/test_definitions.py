"""The one test that guards the Dagster wiring."""

import dagster as dg

from pipelines.definitions import defs
from pipelines.defs import names


def test_definitions_load():
    dg.Definitions.validate_loadable(defs)


def check_specs() -> dict[tuple[dg.AssetKey, str], dg.AssetCheckSpec]:
    return {
        (spec.asset_key, spec.name): spec
        for assets in defs.assets
        for spec in getattr(assets, "check_specs", [])
    }


def test_every_table_has_a_suite_and_a_blocking_check():
    specs = check_specs()
    for table in ("articles", "rejected_inputs", "sentences", "entity_mentions", "numeric_facts"):
        assert specs[(dg.AssetKey(table), names.suite_check(table))].blocking, table
    assert (names.warehouse_table("entities"), "entities_suite") in specs
    graph = defs.resolve_asset_graph()
    groups = {graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert groups == {names.INGEST, names.EXTRACT, names.WAREHOUSE}


def test_warehouse_lineage_is_the_declared_one():
    """Each warehouse asset depends on the frames it is loaded from and the tables it reads,
    as pipelines/warehouse/tables.py declares them; entity_registry is an asset too."""
    graph = defs.resolve_asset_graph()
    parents = {
        table: graph.get(names.warehouse_table(table)).parent_keys
        for table in names.WAREHOUSE_TABLES
    }
    assert parents["entity_aliases"] == {
        names.warehouse_table("entity_mentions"),
        names.warehouse_table("entities"),
    }
    assert parents["entity_salience"] == {
        names.warehouse_table("entity_mentions"),
        names.warehouse_table("articles"),
    }
    assert parents["articles"] == {names.ARTICLES, dg.AssetKey("article_changes")}
    assert parents["entity_registry"] == {names.ENTITY_REGISTRY}


def test_every_reference_rule_and_load_suite_is_a_blocking_check_of_its_table():
    from pipelines.warehouse import tables

    specs = check_specs()
    expected = [(table, check) for table, check in tables.reference_checks()]
    expected += [(table, names.suite_check(table)) for table in tables.SUITES_IN_LOAD]
    for table, check in expected:
        spec = specs[(names.warehouse_table(table), check)]
        assert spec.blocking, check
