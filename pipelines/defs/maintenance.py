"""Lake maintenance as a Dagster job: merge small Parquet files, expire old snapshots."""

import dagster as dg

from pipelines.warehouse import lake


class LakeMaintenanceConfig(dg.Config):
    # Snapshots younger than this stay readable with AT (VERSION => n) for audits.
    keep_snapshots_days: float = 7.0


# No output: nothing for the project's IO manager (asset frames) to store.
@dg.op(
    out={},
    description="ducklake_merge_adjacent_files, ducklake_expire_snapshots (older than "
    "keep_snapshots_days), ducklake_cleanup_old_files and ducklake_delete_orphaned_files on "
    "the lake NEWSFACTS_LAKE names.",
)
def maintain_lake(context: dg.OpExecutionContext, config: LakeMaintenanceConfig):
    target = lake.from_environment()
    if target is None:
        raise dg.Failure(
            "NEWSFACTS_LAKE is not set: maintenance is for lake mode (the file mode's serving "
            "copy is rewritten compactly by each load)"
        )
    done = lake.maintain(target, config.keep_snapshots_days)
    context.log.info(f"lake maintenance on {target.describe()}: {done}")


@dg.job(
    description="Compacts the lake and expires its old snapshots. Run it from the UI, on a "
    "schedule, or with `make lake-maintenance`."
)
def lake_maintenance():
    maintain_lake()
