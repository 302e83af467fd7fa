"""Extract: spaCy over new and edited articles, into sentence, mention and fact frames."""

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import polars as pl

from pipelines import schema
from pipelines.defs import names
from pipelines.defs.metadata import check_spec, frame_metadata, suite_check_result
from pipelines.defs.resources import NewsfactsConfig, WarehouseWriter
from pipelines.entities import entity_ids, with_entity_ids
from pipelines.nlp.assemble import finish_facts
from pipelines.nlp.extract import extract_to_parts
from pipelines.quality.prepare import with_body_columns, with_value_finite
from pipelines.quality.suites import recycle_validator
from pipelines.warehouse import store
from pipelines.warehouse.changes import plan_changes

ARTICLE_CHANGES = dg.AssetKey("article_changes")


@dg.multi_asset(
    group_name=names.EXTRACT,
    ins={"articles": dg.AssetIn(key=names.ARTICLES)},
    outs={
        "article_changes": dg.AssetOut(
            kinds={"spacy", "polars"},
            key=ARTICLE_CHANGES,
            description="Articles new or edited (by content hash) or removed since the last load.",
        ),
        "sentences": dg.AssetOut(
            kinds={"spacy", "polars"}, key=names.SENTENCES, description="Sentence boundaries."
        ),
        "entity_mentions": dg.AssetOut(
            kinds={"spacy", "polars"},
            key=names.ENTITY_MENTIONS,
            description="Named-entity mentions with resolved entity ids.",
        ),
        "numeric_facts": dg.AssetOut(
            kinds={"spacy", "polars"},
            key=names.NUMERIC_FACTS,
            description="Numbers with unit, qualifier, concept, entity.",
        ),
        "entity_registry": dg.AssetOut(
            kinds={"spacy", "polars"},
            key=names.ENTITY_REGISTRY,
            description="New and updated rows of the entity registry (alias keys to entity ids).",
        ),
    },
    check_specs=[
        check_spec(names.SENTENCES, "sentences"),
        check_spec(names.ENTITY_MENTIONS, "entity_mentions"),
        check_spec(names.NUMERIC_FACTS, "numeric_facts"),
    ],
)
def extract(
    context: dg.AssetExecutionContext,
    config: NewsfactsConfig,
    writer: WarehouseWriter,
    articles: pl.LazyFrame,
):
    settings = config.settings()
    writer.hold(context, settings)
    recycle_validator()  # a fresh GX helper, if validating the scan left it large
    con = store.connect(settings.work_database)
    try:
        loaded = store.read_frame(
            con, "select article_id, content_sha256, duplicate_of from articles"
        )
        registry = store.read_frame(con, "select * from entity_registry")
    finally:
        con.close()
    # The scan is read without its bodies; only the articles to extract bring theirs.
    manifest = articles.select("article_id", "content_sha256", "duplicate_of").collect()
    plan = plan_changes(manifest, loaded, settings.on_removed)
    todo = (
        articles.select("article_id", "body")
        .join(
            plan.to_extract.lazy().select("article_id"),
            on="article_id",
            how="semi",
            maintain_order="left",
        )
        .collect()
    )
    context.log.info(
        f"{plan.changed.height} new or edited articles ({todo.height} to extract), "
        f"{plan.unchanged} unchanged, {len(plan.removed_ids)} removed"
    )
    last_log = [0.0]

    def progress(done: int, total: int, rate: float) -> None:
        now = time.monotonic()
        if done == total or now - last_log[0] >= 5:
            last_log[0] = now
            context.log.info(f"extract: {done}/{total} articles, {rate:.1f} articles/s")

    with _parts_folder(settings.work_database) as folder:
        started = time.perf_counter()
        parts = extract_to_parts(
            todo,
            folder,
            model_name=settings.spacy_model,
            processes=settings.processes,
            batch_size=settings.batch_size,
            max_chunk_chars=settings.max_chunk_chars,
            progress=progress,
        )
        seconds = time.perf_counter() - started
        # Ids come from the distinct names of the whole run; rows are finished part by part,
        # so no step holds more than one batch's rows.
        ids, registry_upserts = entity_ids(parts.scan("mentions"), registry)
        for index in range(parts.count):
            mentions = with_entity_ids(parts.read("mentions", index), ids)
            parts.write("entity_mentions", index, mentions)
            facts = finish_facts(parts.read("facts", index), mentions)
            parts.write("numeric_facts", index, facts)
        sentences = parts.scan("sentences")
        mentions = parts.scan("entity_mentions")
        facts = parts.scan("numeric_facts")
        changes = pl.concat(
            [
                plan.changed.select("article_id", change=pl.lit("loaded")),
                pl.DataFrame(
                    {"article_id": plan.removed_ids}, schema={"article_id": pl.String}
                ).select("article_id", change=pl.lit("removed")),
            ]
        )
        yield dg.Output(
            changes,
            output_name="article_changes",
            metadata={
                **frame_metadata(changes, preview=["article_id", "change"], histogram="change"),
                "unchanged": dg.MetadataValue.int(plan.unchanged),
                "extract_seconds": dg.MetadataValue.float(round(seconds, 2)),
                "spacy_model": dg.MetadataValue.text(settings.spacy_model),
            },
        )
        # Lazy frames over the parts: the IO manager streams each to its Parquet file.
        yield dg.Output(
            sentences,
            output_name="sentences",
            metadata=frame_metadata(sentences, preview=list(schema.SENTENCES)),
        )
        yield dg.Output(
            mentions,
            output_name="entity_mentions",
            metadata=frame_metadata(
                mentions, preview=["text", "label", "name", "entity_id"], histogram="label"
            ),
        )
        yield dg.Output(
            facts,
            output_name="numeric_facts",
            metadata=frame_metadata(
                facts,
                preview=["text", "kind", "value", "unit", "change", "concept"],
                histogram="kind",
            ),
        )
        yield dg.Output(
            registry_upserts,
            output_name="entity_registry",
            metadata={"dagster/row_count": dg.MetadataValue.int(registry_upserts.height)},
        )

        def body_columns(frame: pl.DataFrame) -> pl.DataFrame:
            return with_body_columns(frame, todo)

        yield suite_check_result(names.SENTENCES, "sentences", sentences, body_columns)
        yield suite_check_result(names.ENTITY_MENTIONS, "entity_mentions", mentions, body_columns)
        yield suite_check_result(
            names.NUMERIC_FACTS,
            "numeric_facts",
            facts,
            lambda frame: with_value_finite(body_columns(frame)),
        )


@contextlib.contextmanager
def _parts_folder(work_database: Path) -> Iterator[Path]:
    """A folder beside the work database for this run's extracted parts, removed afterwards
    (and, at the next run, if the run was killed)."""
    prefix = f".{work_database.stem}.parts-"
    work_database.parent.mkdir(parents=True, exist_ok=True)
    for stale in store.abandoned(work_database.parent, prefix):
        shutil.rmtree(stale, ignore_errors=True)
    with tempfile.TemporaryDirectory(
        prefix=f"{prefix}{os.getpid()}-", dir=work_database.parent
    ) as folder:
        yield Path(folder)
