"""One materialization of every asset over a copy of seeds/, shared by the tests that need a
warehouse of the seeds: the end-to-end tests (which go on to edit the corpus and re-run) and
the dashboard test (which reads the warehouse as the first run left it)."""

import shutil
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from pipelines.definitions import defs
from pipelines.defs.io import PolarsParquetIOManager
from pipelines.defs.resources import NewsfactsConfig, WarehouseWriter, validation_helper

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def materialize(articles_dir, warehouse, storage) -> dg.ExecuteInProcessResult:
    resources = {
        "config": NewsfactsConfig(
            articles_dir=str(articles_dir), warehouse=str(warehouse), processes=2, batch_size=8
        ),
        "io_manager": PolarsParquetIOManager(base_dir=str(storage)),
        "validator": validation_helper,
        "writer": WarehouseWriter(),
    }
    return dg.materialize(
        list(defs.assets),
        instance=dg.DagsterInstance.ephemeral(),
        resources=resources,
        raise_on_error=False,
    )


@dataclass
class SeedsRun:
    result: dg.ExecuteInProcessResult
    articles: Path  # a copy of seeds/ that later runs may edit
    warehouse: Path  # the serving copy, which later runs replace
    root: Path
    first_warehouse: Path  # a copy of the serving copy the first run published, never written


def seeds_run(root: Path) -> SeedsRun:
    articles = root / "articles"
    shutil.copytree(SEEDS, articles)
    warehouse = root / "warehouse" / "newsfacts.duckdb"
    result = materialize(articles, warehouse, root / "storage")
    first = root / "first" / warehouse.name
    first.parent.mkdir()
    if warehouse.exists():  # a failed run is reported by the tests that look at it
        shutil.copyfile(warehouse, first)
    return SeedsRun(result, articles, warehouse, root, first)
