"""Asset, group and check names, declared once. A table, its asset, its SQL file and its
expectation suite share one name."""

import dagster as dg

from pipelines.settings import Settings
from pipelines.warehouse import tables
from pipelines.warehouse.shards import partition_keys

INGEST, EXTRACT, WAREHOUSE = "ingest", "extract", "warehouse"

ARTICLES = dg.AssetKey("articles")
REJECTED_INPUTS = dg.AssetKey("rejected_inputs")
SENTENCES = dg.AssetKey("sentences")
ENTITY_MENTIONS = dg.AssetKey("entity_mentions")
NUMERIC_FACTS = dg.AssetKey("numeric_facts")
ENTITY_REGISTRY = dg.AssetKey("entity_registry")
PLACES = dg.AssetKey("places")

# Tables of the published warehouse, each an asset under the "warehouse" prefix.
WAREHOUSE_TABLES = tables.TABLES


def warehouse_table(name: str) -> dg.AssetKey:
    return dg.AssetKey([WAREHOUSE, name])


def suite_check(table: str) -> str:
    """The check that runs expectations/<table>.json."""
    return f"{table}_suite"


ACCOUNTING_CHECK = "every_input_accounted_for"


# NEWSFACTS_SHARDS=N > 1: the extract and load assets are partitioned into the N shards
# ("0-of-N", ...), so a backfill over all of them runs the shards in parallel; corpus_tables
# rebuilds the corpus-wide tables once after them. 1 (the default): no partitions.
SHARD_COUNT = Settings().shard_count
SHARD_PARTITIONS = (
    dg.StaticPartitionsDefinition(partition_keys(SHARD_COUNT)) if SHARD_COUNT > 1 else None
)
CORPUS_TABLES = dg.AssetKey([WAREHOUSE, "corpus_tables"])
