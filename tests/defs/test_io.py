"""The IO manager: frames and lazy frames to Parquet, inputs read or scanned as annotated."""

import dagster as dg
import polars as pl
from dagster._core.types.dagster_type import resolve_dagster_type

from pipelines.defs.io import PolarsParquetIOManager


def test_lazy_frames_are_streamed_to_their_file_and_scanned_back(tmp_path):
    parts = tmp_path / "parts"
    parts.mkdir()
    for index in range(3):
        pl.DataFrame({"article_id": [f"a{index}"] * 2, "n": [index, index]}).write_parquet(
            parts / f"part-{index}.parquet"
        )
    manager = PolarsParquetIOManager(base_dir=str(tmp_path / "home"))
    key = dg.AssetKey("sentences")
    manager.handle_output(
        dg.build_output_context(asset_key=key), pl.scan_parquet(sorted(parts.glob("*.parquet")))
    )
    stored = tmp_path / "home" / "storage" / "sentences.parquet"
    assert pl.read_parquet(stored)["n"].to_list() == [0, 0, 1, 1, 2, 2]
    assert not stored.with_suffix(".parquet.tmp").exists()

    lazy = manager.load_input(
        dg.build_input_context(asset_key=key, dagster_type=resolve_dagster_type(pl.LazyFrame))
    )
    assert isinstance(lazy, pl.LazyFrame)
    eager = manager.load_input(
        dg.build_input_context(asset_key=key, dagster_type=resolve_dagster_type(pl.DataFrame))
    )
    assert isinstance(eager, pl.DataFrame)
    assert lazy.collect().equals(eager)


def test_two_shard_runs_at_once_keep_their_frames_apart(tmp_path, monkeypatch):
    """NEWSFACTS_SHARD runs are not partitioned, yet two of them share one DAGSTER_HOME:
    each shard's frames go to its own folder, so one never loads the other's."""
    manager = PolarsParquetIOManager(base_dir=str(tmp_path / "home"))
    key = dg.AssetKey("sentences")
    for shard in ("0/2", "1/2"):
        monkeypatch.setenv("NEWSFACTS_SHARD", shard)
        manager.handle_output(dg.build_output_context(asset_key=key), pl.DataFrame({"s": [shard]}))
    for shard in ("0/2", "1/2"):
        monkeypatch.setenv("NEWSFACTS_SHARD", shard)
        loaded = manager.load_input(
            dg.build_input_context(asset_key=key, dagster_type=resolve_dagster_type(pl.DataFrame))
        )
        assert loaded["s"].to_list() == [shard]
    stored = sorted(
        p.relative_to(tmp_path / "home") for p in (tmp_path / "home").rglob("*.parquet")
    )
    assert [str(p) for p in stored] == [
        "storage/0-of-2/sentences.parquet",
        "storage/1-of-2/sentences.parquet",
    ]
