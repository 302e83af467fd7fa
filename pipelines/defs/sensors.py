"""A sensor for a data team that drops articles into a folder: a run when the folder changes."""

import hashlib
import os

import dagster as dg

from pipelines.defs.resources import NewsfactsConfig
from pipelines.ingest.discovery import discover
from pipelines.ingest.options import IngestOptions
from pipelines.warehouse.lock import holder_if_locked


def folder_fingerprint(config: NewsfactsConfig) -> str:
    """Hash of every input's path, size and modification time: cheap, reads no file."""
    settings = config.settings()
    digest = hashlib.sha256()
    for found in discover(settings.articles_dir, IngestOptions()):
        try:
            info = os.stat(found.path)
            digest.update(f"{found.source}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"{found.source}\0unreadable\n".encode())
    return digest.hexdigest()


@dg.sensor(
    name="articles_folder_changed",
    target=dg.AssetSelection.all(),
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Materializes every asset when a file in the articles folder is added, "
    "edited or removed. Turn it on in the UI (Automation).",
)
def articles_folder_changed(context: dg.SensorEvaluationContext, config: NewsfactsConfig):
    if holder := holder_if_locked(config.settings().work_database):
        # The cursor stays: the change is seen again at the first tick after that run.
        return dg.SkipReason(f"a run ({holder}) is loading the warehouse: checking again later")
    fingerprint = folder_fingerprint(config)
    if fingerprint == context.cursor:
        return dg.SkipReason("no file added, edited or removed since the last run request")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint)
