"""Extract: spaCy over new and edited articles, into sentence, mention and fact frames."""

import time

import dagster as dg
import polars as pl

from pipelines.defs import names
from pipelines.defs.metadata import check_spec, frame_metadata, suite_check_result
from pipelines.defs.resources import NewsfactsConfig
from pipelines.entities import resolve_entities
from pipelines.nlp.assemble import finish_facts
from pipelines.nlp.extract import extract_articles
from pipelines.quality.prepare import with_body_columns, with_value_finite
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
def extract(context: dg.AssetExecutionContext, config: NewsfactsConfig, articles: pl.DataFrame):
    settings = config.settings()
    con = store.connect(settings.work_database)
    try:
        loaded = store.read_frame(
            con, "select article_id, content_sha256, duplicate_of from articles"
        )
        registry = store.read_frame(con, "select * from entity_registry")
    finally:
        con.close()
    plan = plan_changes(articles, loaded, settings.on_removed)
    todo = plan.to_extract
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

    started = time.perf_counter()
    extraction = extract_articles(
        todo,
        model_name=settings.spacy_model,
        processes=settings.processes,
        batch_size=settings.batch_size,
        max_chunk_chars=settings.max_chunk_chars,
        progress=progress,
    )
    seconds = time.perf_counter() - started
    mentions, registry_upserts = resolve_entities(extraction.mentions, registry)
    facts = finish_facts(extraction.facts, mentions)
    changes = pl.concat(
        [
            plan.changed.select("article_id", change=pl.lit("loaded")),
            pl.DataFrame({"article_id": plan.removed_ids}, schema={"article_id": pl.String}).select(
                "article_id", change=pl.lit("removed")
            ),
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
    yield dg.Output(
        extraction.sentences,
        output_name="sentences",
        metadata=frame_metadata(extraction.sentences, preview=list(extraction.sentences.columns)),
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
            facts, preview=["text", "kind", "value", "unit", "change", "concept"], histogram="kind"
        ),
    )
    yield dg.Output(
        registry_upserts,
        output_name="entity_registry",
        metadata={"dagster/row_count": dg.MetadataValue.int(registry_upserts.height)},
    )
    yield suite_check_result(
        names.SENTENCES, "sentences", with_body_columns(extraction.sentences, articles)
    )
    yield suite_check_result(
        names.ENTITY_MENTIONS, "entity_mentions", with_body_columns(mentions, articles)
    )
    yield suite_check_result(
        names.NUMERIC_FACTS,
        "numeric_facts",
        facts.pipe(with_body_columns, articles).pipe(with_value_finite),
    )
