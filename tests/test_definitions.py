"""The one test that guards the Dagster wiring."""

import dagster as dg

from pipelines.definitions import defs
from pipelines.defs import names


def test_definitions_load():
    dg.Definitions.validate_loadable(defs)


def test_every_table_has_a_suite_and_a_blocking_check():
    graph = defs.resolve_asset_graph()
    check_keys = {key for key in graph.asset_check_keys}
    for table in ("articles", "rejected_inputs", "sentences", "entity_mentions", "numeric_facts"):
        assert dg.AssetCheckKey(dg.AssetKey(table), names.suite_check(table)) in check_keys
    assert dg.AssetCheckKey(names.warehouse_table("entities"), "entities_suite") in check_keys
    groups = {graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert groups == {names.INGEST, names.EXTRACT, names.WAREHOUSE}
