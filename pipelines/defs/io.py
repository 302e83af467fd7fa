"""Frames in flight between assets are kept as Parquet files under DAGSTER_HOME."""

import os
from pathlib import Path

import dagster as dg
import polars as pl


class PolarsParquetIOManager(dg.ConfigurableIOManager):
    base_dir: str = ""

    def _path(self, key: dg.AssetKey) -> Path:
        root = Path(self.base_dir or os.environ.get("DAGSTER_HOME", ".dagster_home"))
        return root / "storage" / Path(*key.path).with_suffix(".parquet")

    def handle_output(self, context: dg.OutputContext, obj: pl.DataFrame) -> None:
        path = self._path(context.asset_key)
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_suffix(".parquet.tmp")
        obj.write_parquet(staging)
        staging.replace(path)

    def load_input(self, context: dg.InputContext) -> pl.DataFrame:
        return pl.read_parquet(self._path(context.asset_key))
