"""Asset, group and check names, declared once. A table, its asset, its SQL file and its
expectation suite share one name."""

import dagster as dg

from pipelines.warehouse import tables

INGEST, EXTRACT, WAREHOUSE = "ingest", "extract", "warehouse"

ARTICLES = dg.AssetKey("articles")
REJECTED_INPUTS = dg.AssetKey("rejected_inputs")
SENTENCES = dg.AssetKey("sentences")
ENTITY_MENTIONS = dg.AssetKey("entity_mentions")
NUMERIC_FACTS = dg.AssetKey("numeric_facts")
ENTITY_REGISTRY = dg.AssetKey("entity_registry")

# Tables of the published warehouse, each an asset under the "warehouse" prefix.
WAREHOUSE_TABLES = tables.TABLES


def warehouse_table(name: str) -> dg.AssetKey:
    return dg.AssetKey([WAREHOUSE, name])


def suite_check(table: str) -> str:
    """The check that runs expectations/<table>.json."""
    return f"{table}_suite"


ACCOUNTING_CHECK = "every_input_accounted_for"
