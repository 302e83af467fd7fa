"""The resources: the configuration (defaults from environment variables, editable in the
UI), the run's validation helper and its hold on the warehouse (one writer at a time)."""

import contextlib
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
from pydantic import PrivateAttr

from pipelines.quality.validator import Validator
from pipelines.settings import Settings
from pipelines.warehouse.lock import WarehouseBusy, writer_lock
from pipelines.warehouse.shards import Shard, shard_of_partition

_defaults = Settings()


class NewsfactsConfig(dg.ConfigurableResource):
    """Where articles come from, where the warehouse goes, and how the model runs."""

    articles_dir: str = str(_defaults.articles_dir)
    warehouse: str = str(_defaults.warehouse)
    spacy_model: str = _defaults.spacy_model
    processes: int = _defaults.processes
    batch_size: int = _defaults.batch_size
    blas: str = _defaults.blas
    max_chunk_chars: int = _defaults.max_chunk_chars
    max_article_bytes: int = _defaults.max_article_bytes
    on_removed: str = _defaults.on_removed
    lock_wait_seconds: float = _defaults.lock_wait_seconds
    html_parse_seconds: float = _defaults.html_parse_seconds
    strict: bool = _defaults.strict

    def settings(self) -> Settings:
        return Settings(
            articles_dir=Path(self.articles_dir),
            warehouse=Path(self.warehouse),
            spacy_model=self.spacy_model,
            processes=self.processes,
            batch_size=self.batch_size,
            blas=self.blas,
            max_chunk_chars=self.max_chunk_chars,
            max_article_bytes=self.max_article_bytes,
            on_removed=self.on_removed,
            lock_wait_seconds=self.lock_wait_seconds,
            html_parse_seconds=self.html_parse_seconds,
            strict=self.strict,
        ).validate()


def run_shard(context: dg.AssetExecutionContext, settings: Settings) -> Shard | None:
    """The shard a step works on: its partition's, else NEWSFACTS_SHARD's, else None."""
    if context.has_partition_key:
        return shard_of_partition(context.partition_key)
    return settings.shard


@dg.resource(
    description="The run's validation helper process: started with the run, closed after it."
)
def validation_helper(_context: dg.InitResourceContext) -> Iterator[Validator]:
    with Validator() as validator:
        yield validator


class WarehouseWriter(dg.ConfigurableResource):
    """The run's hold on its warehouse: one writer at a time, from the scan to the publish.

    Every asset that reads or writes the warehouse calls ``hold`` first; the first call
    takes the lock (waiting for another run, with a log line, up to lock_wait_seconds), and
    the lock is released when the run ends, whether it succeeded or not. The in-process
    executor makes this one resource instance for the whole run.
    """

    _locks: contextlib.ExitStack = PrivateAttr(default_factory=contextlib.ExitStack)
    _held: set = PrivateAttr(default_factory=set)

    def hold(self, context: dg.AssetExecutionContext, settings: Settings) -> None:
        if settings.work_database in self._held:
            return
        if settings.lake:  # lake writers commit concurrently (conflicts are tried again)
            return
        try:
            lock = writer_lock(settings.work_database, settings.lock_wait_seconds, context.log.info)
            self._locks.enter_context(lock)
        except WarehouseBusy as busy:
            raise dg.Failure(str(busy)) from None
        self._held.add(settings.work_database)

    @contextlib.contextmanager
    def during(
        self, context: dg.AssetExecutionContext, settings: Settings, shard: Shard | None
    ) -> Iterator[None]:
        """The lock for the block. A whole-folder run holds it to the end of the run (as
        ``hold``); a shard step holds it only for the block, so shards extract in parallel
        and only their warehouse reads and loads take turns."""
        if shard is None or settings.work_database in self._held or settings.lake:
            self.hold(context, settings)  # takes nothing in lake mode: shards commit at once
            yield
            return
        try:
            with writer_lock(settings.work_database, settings.lock_wait_seconds, context.log.info):
                yield
        except WarehouseBusy as busy:
            raise dg.Failure(str(busy)) from None

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        self._locks.close()
        self._held.clear()
