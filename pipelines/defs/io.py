"""Frames in flight between assets are kept as Parquet files under DAGSTER_HOME.

A lazy frame is streamed to its file (``sink_parquet``), and an input annotated
``pl.LazyFrame`` is scanned rather than read, so large frames never need to fit in memory.
"""

import os
from pathlib import Path

import dagster as dg
import polars as pl

from pipelines.warehouse.shards import SHARD_VARIABLE, parse_shard


class PolarsParquetIOManager(dg.ConfigurableIOManager):
    base_dir: str = ""

    def _path(self, key: dg.AssetKey, partition: str | None = None) -> Path:
        root = Path(self.base_dir or os.environ.get("DAGSTER_HOME", ".dagster_home"))
        path = root / "storage" / Path(*key.path).with_suffix(".parquet")
        # a shard's frames beside the others', so shards running at once never share a file
        return path if partition is None else path.parent / partition / path.name

    @staticmethod
    def _partition(context: dg.OutputContext | dg.InputContext) -> str | None:
        """The folder of a partition's frames. A NEWSFACTS_SHARD run has no partition, but two
        shard runs at once in one DAGSTER_HOME would write the same files: the later shard's
        extract replaced the earlier one's sentences and mentions before its load read them,
        and that load inserted the other shard's rows. Its shard's folder keeps them apart."""
        if context.has_asset_partitions:
            return context.asset_partition_key
        shard = parse_shard(os.environ.get(SHARD_VARIABLE, ""))
        return shard.partition_key if shard is not None else None

    def handle_output(self, context: dg.OutputContext, obj: pl.DataFrame | pl.LazyFrame) -> None:
        path = self._path(context.asset_key, self._partition(context))
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_suffix(".parquet.tmp")
        if isinstance(obj, pl.LazyFrame):
            obj.sink_parquet(staging)
        else:
            obj.write_parquet(staging)
        staging.replace(path)

    def load_input(self, context: dg.InputContext) -> pl.DataFrame | pl.LazyFrame:
        path = self._path(context.asset_key, self._partition(context))
        if context.dagster_type.typing_type is pl.LazyFrame:
            return pl.scan_parquet(path)
        return pl.read_parquet(path)
