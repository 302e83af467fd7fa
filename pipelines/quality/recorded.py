"""The suite results a load was verified with, kept for the runs that load nothing after it.

A load validates the tables it writes before its commit. A later run that finds nothing new,
edited or removed checks the same stored state: nothing else writes the work database (one
writer at a time), so the same suites give the same results. Such a run reports the results
recorded by the load instead of validating every stored table with GX again, which was most
of what a no-change run spent beyond starting Dagster.

The record is a JSON file beside the work database, written after the commit (atomically).
It is used only when it names the latest load of the database, the suites' files are
byte for byte those it was made with, and every table still has the row count it had; else
the suites run as before. A run killed between its commit and the record leaves an older
record, which then names an older load: the next no-change run validates again.
"""

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path

from pipelines.quality.engine import ExpectationOutcome
from pipelines.quality.suites import SuiteResult
from pipelines.settings import EXPECTATIONS_DIR
from pipelines.warehouse.store import abandoned


def record_path(work_database: Path) -> Path:
    return work_database.with_name(work_database.name + ".verified.json")


def suites_fingerprint(tables: tuple[str, ...], folder: Path = EXPECTATIONS_DIR) -> str:
    """sha256 over the suites' files: an edited suite makes the record unusable."""
    digest = hashlib.sha256()
    for table in tables:
        digest.update(table.encode())
        digest.update((folder / f"{table}.json").read_bytes())
    return digest.hexdigest()


def write_record(
    work_database: Path,
    load_id: str,
    results: list[SuiteResult],
    folder: Path = EXPECTATIONS_DIR,
) -> None:
    """Keep ``results`` as those of the load ``load_id`` (its run id in load_runs), made with
    the suites in ``folder``."""
    tables = tuple(r.suite for r in results)
    record = {
        "load_id": load_id,
        "fingerprint": suites_fingerprint(tables, folder),
        "results": [asdict(r) for r in results],
    }
    path = record_path(work_database)
    for stale in abandoned(path.parent, f".{path.name}.", ".tmp"):  # of killed runs
        stale.unlink(missing_ok=True)
    staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    staging.write_text(json.dumps(record, default=str), encoding="utf-8")
    os.replace(staging, path)


def recorded_results(
    work_database: Path,
    load_id: str,
    tables: tuple[str, ...],
    row_counts: dict[str, int],
    folder: Path = EXPECTATIONS_DIR,
) -> list[SuiteResult] | None:
    """The recorded results of ``tables``, if the record is that of load ``load_id``, made
    with the same suites, and each table still has the rows it was validated with."""
    try:
        record = json.loads(record_path(work_database).read_text(encoding="utf-8"))
        results = [
            SuiteResult(
                suite=r["suite"],
                rows=r["rows"],
                outcomes=[
                    ExpectationOutcome(**{**o, "failed_ids": tuple(o["failed_ids"])})
                    for o in r["outcomes"]
                ],
            )
            for r in record["results"]
        ]
        fingerprint = suites_fingerprint(tables, folder)
        fresh = record["load_id"] == load_id and record["fingerprint"] == fingerprint
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none, unreadable or of another version: validate again
    if not fresh or tuple(r.suite for r in results) != tables:
        return None
    if any(row_counts.get(r.suite) != r.rows for r in results):
        return None
    return results
