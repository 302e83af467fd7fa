"""Ingest: the articles folder as two frames, articles and rejected_inputs."""

import dagster as dg
import polars as pl

from pipelines.defs import names
from pipelines.defs.metadata import (
    check_spec,
    frame_metadata,
    held_out_check,
    suite_check_result,
)
from pipelines.defs.resources import NewsfactsConfig, WarehouseWriter, run_shard
from pipelines.ingest import IngestOptions, load_articles
from pipelines.quality import quarantine
from pipelines.quality.validator import Validator
from pipelines.settings import Settings
from pipelines.warehouse import store
from pipelines.warehouse.changes import plan_changes


@dg.multi_asset(
    group_name=names.INGEST,
    outs={
        "articles": dg.AssetOut(
            kinds={"polars"},
            key=names.ARTICLES,
            description="Every article read from the articles folder (the whole scan).",
        ),
        "rejected_inputs": dg.AssetOut(
            kinds={"polars"},
            key=names.REJECTED_INPUTS,
            description="Files and records that could not be read, with the reason and the fix.",
        ),
    },
    check_specs=[
        check_spec(names.ARTICLES, "articles"),
        check_spec(names.REJECTED_INPUTS, "rejected_inputs"),
    ],
)
def scan_articles(
    context: dg.AssetExecutionContext,
    config: NewsfactsConfig,
    validator: dg.ResourceParam[Validator],
    writer: WarehouseWriter,
):
    settings = config.settings()
    # One whole-folder run at a time scans, extracts and loads a warehouse; shard steps take
    # the lock only for their warehouse reads and loads, so shards extract in parallel.
    if run_shard(context, settings) is None:
        writer.hold(context, settings)
    options = IngestOptions(
        max_article_bytes=settings.max_article_bytes,
        html_parse_seconds=settings.html_parse_seconds,
    )
    articles, rejected = load_articles(settings.articles_dir, options)
    # Articles failing a critical expectation are held out: recorded as rejected, not loaded.
    # Those stored with the same text passed the suite when they were loaded and are not
    # loaded again, so only new and edited ones are validated: a run with nothing new then
    # needs no GX at all.
    fresh = _not_loaded(articles, settings)
    articles_check, held = held_out_check(
        validator, names.ARTICLES, "articles", fresh, strict=settings.strict
    )
    held = quarantine.with_duplicates(held, articles)
    rejected = pl.concat([rejected, quarantine.rejections(held, articles)])
    articles = quarantine.without(articles, held)
    context.log.info(
        f"read {articles.height} articles and rejected {rejected.height} inputs "
        f"from {settings.articles_dir}"
    )
    for row in rejected.iter_rows(named=True):
        context.log.warning(f"rejected: {row['reason']}")
    yield dg.Output(
        articles,
        output_name="articles",
        metadata={
            **frame_metadata(
                articles, preview=["source", "title", "published_at"], histogram="format"
            ),
            "articles_dir": dg.MetadataValue.path(str(settings.articles_dir)),
            "duplicates": dg.MetadataValue.int(articles["duplicate_of"].is_not_null().sum()),
            "held_out": dg.MetadataValue.int(held.height),
        },
    )
    yield dg.Output(
        rejected,
        output_name="rejected_inputs",
        metadata=frame_metadata(rejected, preview=["source", "reason"]),
    )
    yield articles_check
    yield suite_check_result(validator, names.REJECTED_INPUTS, "rejected_inputs", rejected)


def _not_loaded(articles: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """The scanned articles the warehouse does not hold with this text and duplicate status."""
    with store.connect(settings.work_database) as con:
        loaded = store.loaded_manifest(con)
    return plan_changes(articles, loaded, settings.on_removed).changed
