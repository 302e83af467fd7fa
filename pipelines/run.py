"""`python -m pipelines.run`: materialize every asset once and print a short summary.

Runs are recorded in DAGSTER_HOME, so they show up in the UI like runs started there.
Exits 1 when the run fails, including when a blocking check fails.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sys
from typing import TYPE_CHECKING

from pipelines.settings import Settings

if TYPE_CHECKING:
    import dagster as dg

    from pipelines.quality.validator import Validator


def summarize(result: dg.ExecuteInProcessResult) -> list[str]:
    counts: dict[str, int] = {}
    for event in result.get_asset_materialization_events():
        materialization = event.step_materialization_data.materialization
        row_count = materialization.metadata.get("dagster/row_count")
        if row_count is not None:
            counts[materialization.asset_key.to_user_string()] = row_count.value
    checks = result.get_asset_check_evaluations()
    failed = [c for c in checks if not c.passed]
    lines = [
        f"articles read:     {counts.get('articles', 0)} "
        f"(rejected {counts.get('rejected_inputs', 0)}, "
        f"{counts.get('article_changes', 0)} new, edited or removed)",
        f"entity mentions:   {counts.get('warehouse/entity_mentions', 0)} "
        f"({counts.get('warehouse/entities', 0)} entities)",
        f"numeric facts:     {counts.get('warehouse/numeric_facts', 0)}",
        f"checks:            {len(checks) - len(failed)} passed, {len(failed)} failed",
    ]
    if held := _held_out(result):
        lines.append(f"held out:          {held} articles (in rejected_inputs, with the reason)")
    lines += [
        f"  failed: {c.asset_key.to_user_string()} {c.check_name} ({c.severity.value})"
        for c in failed
    ]
    return lines


def _held_out(result: dg.ExecuteInProcessResult) -> int:
    """Articles quarantined by the scan and the extraction (metadata "held_out")."""
    total = 0
    for event in result.get_asset_materialization_events():
        value = event.step_materialization_data.materialization.metadata.get("held_out")
        total += value.value if value is not None else 0
    return total


def open_instance(dg) -> dg.DagsterInstance:
    """Dagster's instance with its storage created under a file lock in DAGSTER_HOME: two runs
    started together on a new DAGSTER_HOME would both create the SQLite schema, and one fails
    (UNIQUE constraint failed: alembic_version)."""
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        return dg.DagsterInstance.get()
    os.makedirs(home, exist_ok=True)
    with open(os.path.join(home, ".newsfacts-instance.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        instance = dg.DagsterInstance.get()
        # the storages are made on first use: use each once while the lock is held (the
        # event log's index is created with the storage; reading a run's log would create
        # that run's shard, a stray history/runs/<run>.db)
        instance.get_runs(limit=1)
        instance.event_log_storage.get_maximum_record_id()
        if instance.schedule_storage is not None:
            instance.all_instigator_state()
        return instance


def _job(dg, defs, settings: Settings):
    """Every asset, or with NEWSFACTS_SHARD every asset but corpus_tables (rebuilt once after
    all shards, or by the next whole-folder run), and the shard's partition if partitioned."""
    from pipelines.defs import names

    if settings.shard is None:
        return defs.resolve_implicit_global_asset_job_def(), None
    selection = dg.AssetSelection.all() - dg.AssetSelection.assets(names.CORPUS_TABLES)
    job = dg.define_asset_job("shard_run", selection=selection)
    resolved = dg.Definitions.merge(defs, dg.Definitions(jobs=[job])).resolve_job_def("shard_run")
    partitioned = names.SHARD_PARTITIONS is not None
    return resolved, settings.shard.partition_key if partitioned else None


def main(validator: Validator) -> int:
    """One run with ``validator`` (its helper already started) as the run's validator."""
    # Dagster and the definitions are imported here, not at module level, so that
    # `python -m pipelines.run` starts the validation helper (GX's import, on the other core)
    # before it spends a second importing them.
    import dagster as dg

    from pipelines.definitions import defs

    with open_instance(dg) as instance:
        job, partition = _job(dg, defs, Settings())
        result = job.execute_in_process(
            instance=instance,
            partition_key=partition,
            raise_on_error=False,
            resources={"validator": validator},
            run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
        )
    print("\nnewsfacts run " + ("succeeded" if result.success else "FAILED"))
    for line in summarize(result):
        print("  " + line)
    settings = Settings()
    if result.success:
        print(f"  warehouse:         {settings.warehouse}")
    else:
        print("  the warehouse was left as it was before this run")
    return 0 if result.success else 1


if __name__ == "__main__":
    from pipelines.quality.validator import Validator

    if "--strict" in sys.argv[1:]:
        # Read by Settings when the definitions are imported: quarantine off, every
        # critical expectation that fails fails the run.
        os.environ["NEWSFACTS_STRICT"] = "1"

    with Validator() as run_validator:
        code = main(run_validator)
    # Everything is written and closed by now (the Dagster instance, DuckDB, the workers, the
    # validation helper): skip the interpreter's teardown of some 1,800 modules, half a
    # second of every run.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
