"""Warehouse: one transactional load into the work database, then the serving copy."""

from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from pipelines.defs import names
from pipelines.defs.extract import ARTICLE_CHANGES
from pipelines.defs.metadata import check_result_from_suite, check_spec
from pipelines.defs.resources import NewsfactsConfig, WarehouseWriter, run_shard
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
    """A whole-folder load's suite results: the load whose state they are (load_runs) and
    whether they come from that load's record (pipelines/quality/recorded.py)."""

    work_database: Path
    load_id: str | None = None
    results: list[SuiteResult] = field(default_factory=list)
    from_record: bool = False

    def write_record(self) -> None:
        """Keep newly validated results for the runs that load nothing after this state."""
        if self.results and not self.from_record and self.load_id is not None:
            recorded.write_record(self.work_database, self.load_id, self.results)


def _suite_results(
    con: duckdb.DuckDBPyConnection, validator: Validator, verified: _Verified
) -> list[SuiteResult]:
    """The suites of the tables a whole-folder load writes. A run that loads nothing checks
    the state the last load left and reports the results recorded for it while the record
    holds; a load's own state (its row in load_runs is the latest) is validated."""
    last = con.execute("select run_id from load_runs order by loaded_at desc, run_id limit 1")
    verified.load_id = (last.fetchone() or (None,))[0]
    if verified.load_id is not None:
        counts = store.row_counts(con)
        kept = recorded.recorded_results(
            verified.work_database, verified.load_id, tables.SUITES_IN_LOAD, counts
        )
        if kept is not None:
            verified.results, verified.from_record = kept, True
            return kept
    verified.results = [
        validator.validate_frame(table, store.read_table(con, table))
        for table in tables.SUITES_IN_LOAD
    ]
    return verified.results


def _audit_checks(
    con: duckdb.DuckDBPyConnection,
    batch: store.LoadBatch,
    validator: Validator,
    verified: _Verified | None = None,
) -> list[dg.AssetCheckResult]:
    """The checks of the loaded state, before the commit: the suites of the tables the load
    writes, the input accounting and the reference rules. A shard load leaves the checks of
    the corpus-wide tables to corpus_tables, which runs them on the rebuilt tables."""
    deferred = batch.shard is not None
    kept = store.kept_rejection_sources(con, batch)
    accounting = audit.account_for_inputs(con, batch.scanned, batch.rejected, kept)
    if verified is not None and not deferred:
        results = _suite_results(con, validator, verified)
        recorded_by = verified.load_id if verified.from_record else None
        suites = [
            check_result_from_suite(names.warehouse_table(table), table, result, recorded_by)
            for table, result in zip(tables.SUITES_IN_LOAD, results, strict=True)
        ]
    else:
        suites = _suite_checks(con, validator, corpus=not deferred)
    return [
        *suites,
        _result(_ARTICLES, names.ACCOUNTING_CHECK, accounting),
        *_reference_results(con, corpus=not deferred),
    ]


def _suite_checks(
    con: duckdb.DuckDBPyConnection, validator: Validator, *, corpus: bool
) -> list[dg.AssetCheckResult]:
    """The suites run on loaded tables; those of the corpus-wide tables only with ``corpus``."""
    return [
        check_result_from_suite(
            names.warehouse_table(table),
            table,
            validator.validate_frame(table, store.read_table(con, table)),
        )
        if corpus or table not in tables.corpus_tables()
        else _deferred(names.warehouse_table(table), names.suite_check(table))
        for table in tables.SUITES_IN_LOAD
    ]


def _reference_results(
    con: duckdb.DuckDBPyConnection, *, corpus: bool
) -> list[dg.AssetCheckResult]:
    deferred = (lambda check: False) if corpus else tables.reads_corpus_tables
    references = audit.reference_checks(con, skip=deferred)
    return [
        _result(names.warehouse_table(table), check, references[check])
        if check in references
        else _deferred(names.warehouse_table(table), check)
        for table, check in tables.reference_checks()
    ]


def _deferred(asset_key: dg.AssetKey, check: str) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=asset_key,
        check_name=check,
        passed=True,
        metadata={"deferred": "shard load: corpus_tables runs it on the rebuilt tables"},
    )


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
    partitions_def=names.SHARD_PARTITIONS,
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
    """Load new and edited articles in one transaction, verify, commit, publish (a shard
    load leaves the corpus-wide tables and the publish to corpus_tables)."""
    settings = config.settings()
    shard = run_shard(context, settings)
    with writer.during(context, settings, shard):
        yield from _load(
            context,
            settings,
            validator,
            shard,
            articles,
            rejected_inputs,
            article_changes,
            sentences=sentences,
            mentions=entity_mentions,
            facts=numeric_facts,
            registry=entity_registry,
            places=places,
        )


def _load(context, settings, validator, shard, articles, rejected_inputs, article_changes, **rows):
    validator.recycle()  # a fresh GX helper, if the extract checks left it large
    kept_rejections = None
    if shard is not None:
        # Other shards' articles: their held-out rejections stay, they are not this load's.
        kept_rejections = articles.filter(~shard.holds()).select("source").collect()
        articles = shard.lazy_rows(articles)
    # Articles the extraction held out are recorded as rejected and not loaded.
    held = article_changes.filter(pl.col("change") == "held").select("article_id", "reason")
    rejected_inputs = pl.concat([rejected_inputs, quarantine.rejections(held, articles)])
    articles = quarantine.without(articles, held)
    batch = store.batch_from_frames(
        context.run.run_id,
        articles,
        article_changes,
        rejected=rejected_inputs,
        shard=shard,
        kept_rejections=kept_rejections,
        **rows,
    )
    checks: list[dg.AssetCheckResult] = []
    # The record of validated results is a file beside the work database: a lake, written
    # from many machines and read where it lies, is validated at every load instead.
    verified = None if settings.lake else _Verified(settings.work_database)

    def verify(con: duckdb.DuckDBPyConnection) -> bool:
        # a retried lake load checks again
        checks[:] = _audit_checks(con, batch, validator, verified)
        return all(c.passed or c.severity != dg.AssetCheckSeverity.ERROR for c in checks)

    outcome = store.load_and_build(settings.work_database, settings.warehouse, batch, verify)
    if outcome.committed and shard is None and verified is not None:
        verified.write_record()  # what the next runs that load nothing report
    if not outcome.committed:
        yield from checks
        raise dg.Failure(
            "blocking checks failed: nothing was committed or published, the warehouse is "
            "as it was before this run",
            metadata={"failed_checks": ", ".join(c.check_name for c in checks if not c.passed)},
        )
    if outcome.unchanged:
        context.log.info("no new, edited or removed article: the serving copy is unchanged")
    elif shard is not None:
        context.log.info(f"shard {shard} loaded: corpus_tables rebuilds and publishes")
    elif settings.lake:
        context.log.info("committed to the lake: readers attached to it see the new snapshot")
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


@dg.asset(
    key=names.CORPUS_TABLES,
    group_name=names.WAREHOUSE,
    deps=[names.warehouse_table(table) for table in names.WAREHOUSE_TABLES],
    kinds={"duckdb"},
    description="After shard loads: their names linked again as one run over their articles "
    "links them (provisional ids made final), the corpus-wide tables (entities, aliases, "
    "co-occurrence, salience), the views and the search index rebuilt once, checked, then "
    "published. "
    "Nothing to do after a whole-folder load, which rebuilds them itself.",
)
def corpus_tables(
    context: dg.AssetExecutionContext,
    config: NewsfactsConfig,
    validator: dg.ResourceParam[Validator],
    writer: WarehouseWriter,
):
    settings = config.settings()
    writer.hold(context, settings)
    checks: list[dg.AssetCheckResult] = []

    def verify(con: duckdb.DuckDBPyConnection) -> bool:
        # a retried lake transaction checks again
        checks[:] = [
            *_suite_checks(con, validator, corpus=True),
            *_reference_results(con, corpus=True),
        ]
        return all(c.passed or c.severity != dg.AssetCheckSeverity.ERROR for c in checks)

    built = store.build_corpus(settings.work_database, verify)
    if built is False:
        failed = ", ".join(
            f"{c.asset_key.to_user_string()} {c.check_name}" for c in checks if not c.passed
        )
        raise dg.Failure(
            "the corpus-wide tables failed their checks after the shard loads: they were not "
            f"rebuilt or published ({failed})"
        )
    if built and settings.lake:
        context.log.info("corpus-wide tables rebuilt and committed to the lake")
    elif built:
        store.publish(settings.work_database, settings.warehouse)
        context.log.info(f"corpus-wide tables rebuilt; published {settings.warehouse}")
    return dg.MaterializeResult(metadata={"rebuilt": dg.MetadataValue.bool(bool(built))})
