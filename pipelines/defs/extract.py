"""Extract: spaCy over new and edited articles, into sentence, mention and fact frames."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import dagster as dg
import polars as pl

from pipelines import schema
from pipelines.defs import names
from pipelines.defs.metadata import check_spec, frame_metadata, held_out_check
from pipelines.defs.resources import NewsfactsConfig, WarehouseWriter, run_shard
from pipelines.entities.parts import resolve_parts
from pipelines.nlp.extract import Progress, extract_to_parts
from pipelines.places.gazetteer import gazetteer
from pipelines.places.parts import place_parts
from pipelines.quality import quarantine
from pipelines.quality.prepare import with_body_columns, with_value_finite
from pipelines.quality.validator import Validator
from pipelines.warehouse import store
from pipelines.warehouse.changes import MANIFEST, plan_changes

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
        "places": dg.AssetOut(
            kinds={"polars"},
            key=names.PLACES,
            description="Gazetteer entries the run's place mentions name (GeoNames, ISO 3166).",
        ),
    },
    partitions_def=names.SHARD_PARTITIONS,
    check_specs=[
        check_spec(names.SENTENCES, "sentences"),
        check_spec(names.ENTITY_MENTIONS, "entity_mentions"),
        check_spec(names.NUMERIC_FACTS, "numeric_facts"),
    ],
)
def extract(
    context: dg.AssetExecutionContext,
    config: NewsfactsConfig,
    validator: dg.ResourceParam[Validator],
    writer: WarehouseWriter,
    articles: pl.LazyFrame,
):
    settings = config.settings()
    shard = run_shard(context, settings)
    validator.recycle()  # a fresh GX helper, if validating the scan left it large
    with writer.during(context, settings, shard), store.connect(settings.work_database) as con:
        loaded, registry = store.loaded_manifest(con), store.read_table(con, "entity_registry")
    if shard is not None:  # the shard's articles only: others are neither new nor removed
        articles, loaded = shard.lazy_rows(articles), shard.rows(loaded)
        context.log.info(f"shard {shard}: articles whose article_id falls in shard {shard}")
    # The scan is read without its bodies; only the articles to extract bring theirs.
    plan = plan_changes(articles.select(MANIFEST).collect(), loaded, settings.on_removed)
    todo = plan.bodies_to_extract(articles)
    context.log.info(
        f"{plan.changed.height} new or edited articles ({todo.height} to extract), "
        f"{plan.unchanged} unchanged, {len(plan.removed_ids)} removed"
    )
    with store.parts_folder(settings.work_database) as folder:
        started = time.perf_counter()
        places_gazetteer = _BuiltAfterFirstBatch(gazetteer)
        parts = extract_to_parts(
            todo,
            folder,
            model_name=settings.spacy_model,
            processes=settings.processes,
            batch_size=settings.batch_size,
            max_chunk_chars=settings.max_chunk_chars,
            blas=settings.blas,
            progress=places_gazetteer.on_progress(_progress_log(context)),
        )
        places_gazetteer.join()
        seconds = time.perf_counter() - started
        # Articles whose extraction raised are held out from the start; the suites may hold
        # out more, whose names must then reach neither the registry nor the label votes.
        failed = parts.scan("failures").collect()
        suites = _Suites(validator, parts, todo, strict=settings.strict, leave_out=failed)
        # Each table is validated as soon as its rows are final, by the validation helper
        # on the other core, while this process resolves entities and places: sentences at
        # once, facts once they have their entity ids, mentions once they have their places.
        # One thread calls the helper, in turn; nothing else calls it meanwhile.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="suites") as helper:
            sentences_checked = helper.submit(suites.check, "sentences")
            registry_upserts = resolve_parts(parts, registry, leave_out=failed)
            facts_checked = helper.submit(suites.check, "numeric_facts")
            places = place_parts(parts, todo, leave_out=failed)
            mentions_checked = helper.submit(suites.check, "entity_mentions")
            checks, held = _checks_and_held_out(
                [sentences_checked.result(), mentions_checked.result(), facts_checked.result()],
                log=context.log,
                leave_out=failed,
            )
        if not held.is_empty():
            registry_upserts = resolve_parts(parts, registry, leave_out=held)
            places = place_parts(parts, todo, leave_out=held)
        held = quarantine.with_duplicates(quarantine.union(held, failed), plan.changed)
        # Rows of held-out articles are dropped; load_warehouse records them as rejected.
        sentences = quarantine.without(parts.scan("sentences"), held)
        mentions = quarantine.without(parts.scan("entity_mentions"), held)
        facts = quarantine.without(parts.scan("numeric_facts"), held)
        changes = _with_held_out(plan.article_changes(), held)
        yield dg.Output(
            changes,
            output_name="article_changes",
            metadata={
                **frame_metadata(changes, preview=["article_id", "change"], histogram="change"),
                "unchanged": dg.MetadataValue.int(plan.unchanged),
                "held_out": dg.MetadataValue.int(held.height),
                "extract_seconds": dg.MetadataValue.float(round(seconds, 2)),
                "spacy_model": dg.MetadataValue.text(settings.spacy_model),
                "blas": dg.MetadataValue.text(settings.blas),
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
        yield dg.Output(
            places,
            output_name="places",
            metadata=frame_metadata(
                places, preview=["name", "feature", "country_code", "latitude"], histogram="feature"
            ),
        )
        yield from checks


class _Suites:
    """The three suites over the extracted rows but those of ``leave_out``."""

    def __init__(
        self, validator, parts, todo: pl.DataFrame, *, strict: bool, leave_out: pl.DataFrame
    ):
        self.validator, self.parts, self.todo = validator, parts, todo
        self.strict, self.leave_out = strict, leave_out

    def _body_columns(self, frame: pl.DataFrame) -> pl.DataFrame:
        return with_body_columns(frame, self.todo)

    def check(self, table: str) -> tuple[dg.AssetCheckResult, pl.DataFrame]:
        """The table's check and the articles its suite holds out."""
        key, prepare = {
            "sentences": (names.SENTENCES, self._body_columns),
            "entity_mentions": (names.ENTITY_MENTIONS, self._body_columns),
            "numeric_facts": (
                names.NUMERIC_FACTS,
                lambda frame: with_value_finite(self._body_columns(frame)),
            ),
        }[table]
        rows = quarantine.without(self.parts.scan(table), self.leave_out)
        return held_out_check(self.validator, key, table, rows, prepare, strict=self.strict)


def _checks_and_held_out(results, *, log, leave_out: pl.DataFrame):
    """The suites' checks (sentences, mentions, facts) and the articles they hold out."""
    held = quarantine.union(*(articles for _, articles in results))
    for row in quarantine.union(held, leave_out).iter_rows(named=True):
        log.warning(f"held out: {row['article_id']}: {row['reason']}")
    return [check for check, _ in results], held


def _with_held_out(changes: pl.DataFrame, held: pl.DataFrame) -> pl.DataFrame:
    """article_changes with change "held" and the reason for the articles held out."""
    return changes.join(held, on="article_id", how="left", maintain_order="left").with_columns(
        change=pl.when(pl.col("reason").is_not_null()).then(pl.lit("held")).otherwise("change")
    )


class _BuiltAfterFirstBatch:
    """Calls ``build`` (the places gazetteer: 2 to 3 s of reading GeoNames, needed when the
    workers are done) on a thread of its own once the first batch is back, so it is built
    while the parent waits for the workers rather than after them. Not before: the workers
    have forked by then, and a thread at work when a process forks can leave its child a
    lock that nobody releases."""

    def __init__(self, build):
        self.build = build
        self.thread: threading.Thread | None = None

    def on_progress(self, progress: Progress) -> Progress:
        def report(done: int, total: int, rate: float) -> None:
            if self.thread is None:
                self.thread = threading.Thread(target=self.build, name="gazetteer", daemon=True)
                self.thread.start()
            progress(done, total, rate)

        return report

    def join(self) -> None:
        """Wait for the build; a build that raised raises again where it is next asked for."""
        if self.thread is not None:
            self.thread.join()


def _progress_log(context: dg.AssetExecutionContext) -> Progress:
    """Logs the extraction's progress at most every five seconds, and at the end."""
    last_log = [0.0]

    def progress(done: int, total: int, rate: float) -> None:
        now = time.monotonic()
        if done == total or now - last_log[0] >= 5:
            last_log[0] = now
            context.log.info(f"extract: {done}/{total} articles, {rate:.1f} articles/s")

    return progress
