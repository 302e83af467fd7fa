"""The Dagster code location: every asset, check and resource of newsfacts."""

import dagster as dg

from pipelines.defs import extract, ingest, warehouse
from pipelines.defs.io import PolarsParquetIOManager
from pipelines.defs.maintenance import lake_maintenance
from pipelines.defs.resources import NewsfactsConfig, WarehouseWriter, validation_helper
from pipelines.defs.sensors import articles_folder_changed

defs = dg.Definitions(
    assets=dg.load_assets_from_modules([ingest, extract, warehouse]),
    sensors=[articles_folder_changed],
    jobs=[lake_maintenance],
    resources={
        "config": NewsfactsConfig(),
        "io_manager": PolarsParquetIOManager(),
        "validator": validation_helper,
        "writer": WarehouseWriter(),
    },
    # One process per run: the model, GX and polars load once instead of once per step.
    executor=dg.in_process_executor,
)
