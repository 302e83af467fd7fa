"""Warehouse: one transactional load into the work database, then the serving copy."""

from datetime import UTC, datetime

import dagster as dg
import duckdb
import polars as pl

from pipelines.defs import names
from pipelines.defs.extract import ARTICLE_CHANGES
from pipelines.defs.metadata import check_result_from_suite, check_spec
from pipelines.defs.resources import NewsfactsConfig, WarehouseWriter
from pipelines.quality.suites import recycle_validator, validate_frame
from pipelines.warehouse import store

# The in-flight frames each warehouse table is loaded or derived from.
_UPSTREAM = {
    "articles": [names.ARTICLES, ARTICLE_CHANGES],
    "rejected_inputs": [names.REJECTED_INPUTS],
    "sentences": [names.SENTENCES],
    "entity_mentions": [names.ENTITY_MENTIONS],
    "numeric_facts": [names.NUMERIC_FACTS],
    "entities": [names.ENTITY_MENTIONS, names.ENTITY_REGISTRY],
    "entity_aliases": [names.ENTITY_MENTIONS, names.ENTITY_REGISTRY],
    "entity_cooccurrence": [names.ENTITY_MENTIONS],
    "entity_salience": [names.ENTITY_MENTIONS, names.ARTICLES],
    "load_runs": [ARTICLE_CHANGES],
}

# The primary key of entity_registry (sql/tables/entity_registry.sql).
REGISTRY_KEY = "alias_key"

_ENTITIES = names.warehouse_table("entities")
_ARTICLES = names.warehouse_table("articles")


def _accounting(
    con: duckdb.DuckDBPyConnection, articles: pl.DataFrame, rejected: pl.DataFrame
) -> dg.AssetCheckResult:
    """Nothing silently dropped: every scanned article is stored with its current text."""
    stored = store.read_frame(con, "select article_id, content_sha256 from articles")
    missing = articles.join(stored, on=["article_id", "content_sha256"], how="anti")
    rejected_stored = con.execute("select count(*) from rejected_inputs").fetchone()[0]
    return dg.AssetCheckResult(
        asset_key=_ARTICLES,
        check_name=names.ACCOUNTING_CHECK,
        passed=missing.is_empty() and rejected_stored == rejected.height,
        metadata={
            "articles_scanned": articles.height,
            "articles_missing_or_stale": missing.height,
            "rejected_scanned": rejected.height,
            "rejected_stored": rejected_stored,
            "missing_sources": ", ".join(missing["source"].head(20).to_list()),
        },
    )


def _nothing_to_load(
    con: duckdb.DuckDBPyConnection, changes: pl.DataFrame, rejected: pl.DataFrame
) -> bool:
    """No article changed and the stored rejections are those of this scan."""
    if not changes.is_empty():
        return False
    stored = store.read_frame(con, "select source, reason from rejected_inputs")
    scanned = rejected.select("source", "reason")
    return stored.sort("source", "reason").equals(scanned.sort("source", "reason"))


@dg.multi_asset(
    name="load_warehouse",
    group_name=names.WAREHOUSE,
    specs=[
        dg.AssetSpec(
            names.warehouse_table(table),
            deps=_UPSTREAM[table],
            description=f"DuckDB table {table}.",
            kinds={"duckdb"},
        )
        for table in names.WAREHOUSE_TABLES
    ],
    ins={
        "articles": dg.AssetIn(names.ARTICLES),
        "rejected_inputs": dg.AssetIn(names.REJECTED_INPUTS),
        "article_changes": dg.AssetIn(ARTICLE_CHANGES),
        "sentences": dg.AssetIn(names.SENTENCES),
        "entity_mentions": dg.AssetIn(names.ENTITY_MENTIONS),
        "numeric_facts": dg.AssetIn(names.NUMERIC_FACTS),
        "entity_registry": dg.AssetIn(names.ENTITY_REGISTRY),
    },
    check_specs=[
        check_spec(_ENTITIES, "entities"),
        dg.AssetCheckSpec(
            names.ACCOUNTING_CHECK,
            asset=_ARTICLES,
            blocking=True,
            description="Every scanned article is stored with its current text and every "
            "rejected input is recorded.",
        ),
    ],
)
def load_warehouse(
    context: dg.AssetExecutionContext,
    config: NewsfactsConfig,
    writer: WarehouseWriter,
    articles: pl.LazyFrame,
    rejected_inputs: pl.DataFrame,
    article_changes: pl.DataFrame,
    sentences: pl.LazyFrame,
    entity_mentions: pl.LazyFrame,
    numeric_facts: pl.LazyFrame,
    entity_registry: pl.DataFrame,
):
    """Load new and edited articles in one transaction, verify, commit, publish."""
    settings = config.settings()
    writer.hold(context, settings)
    recycle_validator()  # a fresh GX helper, if the extract checks left it large
    loaded_ids = article_changes.filter(pl.col("change") == "loaded").select("article_id")
    now = datetime.now(UTC).replace(tzinfo=None)
    # Only new and edited articles bring their bodies; the rest of the scan is its manifest.
    scanned = articles.select("article_id", "content_sha256", "source").collect()
    changed = articles.join(
        loaded_ids.lazy(), on="article_id", how="semi", maintain_order="left"
    ).collect()
    batch = store.LoadBatch(
        run_id=context.run.run_id,
        articles_seen=scanned.height,
        articles=changed.with_columns(loaded_at=pl.lit(now)),
        removed_ids=article_changes.filter(pl.col("change") == "removed")["article_id"].to_list(),
        rejected=rejected_inputs,
        sentences=sentences,
        mentions=entity_mentions,
        facts=numeric_facts,
        registry=entity_registry,
        registry_key=REGISTRY_KEY,
    )
    checks: list[dg.AssetCheckResult] = []

    def verify(con: duckdb.DuckDBPyConnection) -> bool:
        entities = store.read_frame(con, "select * from entities")
        checks.append(
            check_result_from_suite(_ENTITIES, "entities", validate_frame("entities", entities))
        )
        checks.append(_accounting(con, scanned, rejected_inputs))
        return all(c.passed or c.severity != dg.AssetCheckSeverity.ERROR for c in checks)

    con = store.connect(settings.work_database)
    try:
        unchanged = _nothing_to_load(con, article_changes, rejected_inputs)
        if unchanged and store.is_published(con, settings.warehouse):
            # Nothing new: the checks still run on what is stored, the serving copy stays.
            committed = verify(con)
        else:
            unchanged = False
            committed = store.load(con, batch, verify)
            if committed:
                store.create_views(con)
                store.build_search_index(con)
                con.execute("checkpoint")
        counts = {
            table: con.execute(f"select count(*) from {table}").fetchone()[0]
            for table in names.WAREHOUSE_TABLES
        }
    finally:
        con.close()
    if not committed:
        yield from checks
        raise dg.Failure(
            "blocking checks failed: nothing was committed or published, the warehouse is "
            "as it was before this run",
            metadata={"failed_checks": ", ".join(c.check_name for c in checks if not c.passed)},
        )
    if unchanged:
        context.log.info("no new, edited or removed article: the serving copy is unchanged")
    else:
        store.publish(settings.work_database, settings.warehouse)
        context.log.info(f"published {settings.warehouse}")
    for table in names.WAREHOUSE_TABLES:
        yield dg.MaterializeResult(
            asset_key=names.warehouse_table(table),
            metadata={
                "dagster/row_count": dg.MetadataValue.int(counts[table]),
                "warehouse": dg.MetadataValue.path(str(settings.warehouse)),
            },
        )
    yield from checks
