"""Warehouse: one transactional load into the work database, then the serving copy."""

from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from pipelines.defs import names
from pipelines.defs.extract import ARTICLE_CHANGES
from pipelines.defs.metadata import check_result_from_suite, check_spec
from pipelines.defs.resources import NewsfactsConfig, WarehouseWriter
from pipelines.quality import quarantine, recorded
from pipelines.quality.suites import SuiteResult
from pipelines.quality.validator import Validator
from pipelines.warehouse import audit, store, tables

_ARTICLES = names.warehouse_table("articles")


def _upstream(table: str) -> list[dg.AssetKey]:
    """The run's frames a table is loaded from and the warehouse tables its SQL reads, as
    pipelines/warehouse/tables.py declares them."""
    relation = tables.BY_NAME[table]
    return [dg.AssetKey(frame) for frame in relation.loaded_from] + [
        names.warehouse_table(read) for read in relation.reads
    ]


@dataclass
class _Verified:
    """The suites' results of the verified state: the load whose state it is (load_runs),
    and whether they come from that load's record rather than a validation now."""

    results: list[SuiteResult]
    load_id: str | None
    from_record: bool


def _suite_results(
    con: duckdb.DuckDBPyConnection, validator: Validator, work_database: Path
) -> _Verified:
    """The suites of the tables the load writes. A run that loads nothing checks the state
    the last load left, and reports the results recorded for it while the record holds
    (pipelines/quality/recorded.py); a load's state (its own row in load_runs is the latest)
    is validated."""
    last = con.execute("select run_id from load_runs order by loaded_at desc, run_id limit 1")
    load_id = (last.fetchone() or (None,))[0]
    if load_id is not None:
        counts = store.row_counts(con)
        kept = recorded.recorded_results(work_database, load_id, tables.SUITES_IN_LOAD, counts)
        if kept is not None:
            return _Verified(kept, load_id, from_record=True)
    results = [
        validator.validate_frame(table, store.read_table(con, table))
        for table in tables.SUITES_IN_LOAD
    ]
    return _Verified(results, load_id, from_record=False)


def _audit_checks(
    con: duckdb.DuckDBPyConnection,
    batch: store.LoadBatch,
    suite_results: list[SuiteResult],
    recorded_by: str | None,
) -> list[dg.AssetCheckResult]:
    """The checks of the loaded state, before the commit: the suites of the tables the load
    writes, the input accounting and the reference rules."""
    suites = [
        check_result_from_suite(names.warehouse_table(table), table, result, recorded_by)
        for table, result in zip(tables.SUITES_IN_LOAD, suite_results, strict=True)
    ]
    accounting = audit.account_for_inputs(con, batch.scanned, batch.rejected)
    references = audit.reference_checks(con)
    return [
        *suites,
        _result(_ARTICLES, names.ACCOUNTING_CHECK, accounting),
        *(
            _result(names.warehouse_table(table), check, references[check])
            for table, check in tables.reference_checks()
        ),
    ]


def _result(asset_key: dg.AssetKey, check: str, result: audit.Audit) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=asset_key, check_name=check, passed=result.passed, metadata=result.metadata
    )


@dg.multi_asset(
    name="load_warehouse",
    group_name=names.WAREHOUSE,
    specs=[
        dg.AssetSpec(
            names.warehouse_table(table),
            deps=_upstream(table),
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
        "places": dg.AssetIn(names.PLACES),
    },
    check_specs=[
        *(check_spec(names.warehouse_table(table), table) for table in tables.SUITES_IN_LOAD),
        dg.AssetCheckSpec(
            names.ACCOUNTING_CHECK,
            asset=_ARTICLES,
            blocking=True,
            description="Every scanned article is stored with its current text and every "
            "rejected input is recorded.",
        ),
        *(
            dg.AssetCheckSpec(
                check,
                asset=names.warehouse_table(table),
                blocking=True,
                description=tables.check_description(check),
            )
            for table, check in tables.reference_checks()
        ),
    ],
)
def load_warehouse(
    context: dg.AssetExecutionContext,
    config: NewsfactsConfig,
    validator: dg.ResourceParam[Validator],
    writer: WarehouseWriter,
    articles: pl.LazyFrame,
    rejected_inputs: pl.DataFrame,
    article_changes: pl.DataFrame,
    sentences: pl.LazyFrame,
    entity_mentions: pl.LazyFrame,
    numeric_facts: pl.LazyFrame,
    entity_registry: pl.DataFrame,
    places: pl.DataFrame,
):
    """Load new and edited articles in one transaction, verify, commit, publish."""
    settings = config.settings()
    writer.hold(context, settings)
    validator.recycle()  # a fresh GX helper, if the extract checks left it large
    # Articles the extraction held out are recorded as rejected and not loaded.
    held = article_changes.filter(pl.col("change") == "held").select("article_id", "reason")
    rejected_inputs = pl.concat([rejected_inputs, quarantine.rejections(held, articles)])
    articles = quarantine.without(articles, held)
    batch = store.batch_from_frames(
        context.run.run_id,
        articles,
        article_changes,
        rejected=rejected_inputs,
        sentences=sentences,
        mentions=entity_mentions,
        facts=numeric_facts,
        registry=entity_registry,
        places=places,
    )
    checks: list[dg.AssetCheckResult] = []
    verified: list[_Verified] = []

    def verify(con: duckdb.DuckDBPyConnection) -> bool:
        verified.append(_suite_results(con, validator, settings.work_database))
        recorded_by = verified[0].load_id if verified[0].from_record else None
        checks.extend(_audit_checks(con, batch, verified[0].results, recorded_by))
        return all(c.passed or c.severity != dg.AssetCheckSeverity.ERROR for c in checks)

    outcome = store.load_and_build(settings.work_database, settings.warehouse, batch, verify)
    if outcome.committed and not verified[0].from_record and verified[0].load_id is not None:
        # what the next runs that load nothing report (pipelines/quality/recorded.py)
        recorded.write_record(settings.work_database, verified[0].load_id, verified[0].results)
    if not outcome.committed:
        yield from checks
        raise dg.Failure(
            "blocking checks failed: nothing was committed or published, the warehouse is "
            "as it was before this run",
            metadata={"failed_checks": ", ".join(c.check_name for c in checks if not c.passed)},
        )
    if outcome.unchanged:
        context.log.info("no new, edited or removed article: the serving copy is unchanged")
    else:
        store.publish(settings.work_database, settings.warehouse)
        context.log.info(f"published {settings.warehouse}")
    for table in names.WAREHOUSE_TABLES:
        yield dg.MaterializeResult(
            asset_key=names.warehouse_table(table),
            metadata={
                "dagster/row_count": dg.MetadataValue.int(outcome.row_counts[table]),
                "warehouse": dg.MetadataValue.path(str(settings.warehouse)),
            },
        )
    yield from checks
