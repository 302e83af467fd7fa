"""The local Dagster instance (DAGSTER_HOME/dagster.yaml, written by `make setup`): Dagster's
SQLite storage, but for an event log that keeps each database's connection open.

Dagster's SQLite event log makes a new SQLAlchemy engine and SQLite connection for every
write, five for each asset event: each compiles its statements afresh, reads the schema
afresh and checkpoints the write-ahead log when it closes. A run writes some 170 events (12
assets, 20 checks), and they cost a run 0.9 to 1.3 s, a quarter of a run with no changes;
with the connections kept open, 0.35 to 0.43 s (both measured on 2,000 articles).

`python -m pipelines.defs.instance DIR` writes DIR/dagster.yaml unless it holds a
configuration of someone else's.
"""

from __future__ import annotations

import collections
import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from sqlalchemy.engine import Connection, Engine

# Engines kept at once: a run writes two databases (its own and the index); the webserver
# reads many runs', and one past this many is closed again.
_KEPT_ENGINES = 8

MARKER = "# newsfacts' local Dagster instance: python -m pipelines.defs.instance writes it"
INSTANCE_YAML = f"""{MARKER}
telemetry:
  enabled: false
event_log_storage:
  module: pipelines.defs.instance
  class: KeptOpenSqliteEventLogStorage
"""
# What `make setup` wrote before this module: rewritten like one of ours.
_EARLIER_YAML = "telemetry:\n  enabled: false\n"


class KeptOpenSqliteEventLogStorage(SqliteEventLogStorage):
    """SqliteEventLogStorage with one engine per database, its connection kept open between
    writes. The webserver learns of a run's new events when the run's database file changes:
    a kept-open connection writes to the write-ahead log only, so each write touches the
    database file after its commit, as closing the connection did."""

    def __init__(self, base_dir: str | None = None, inst_data: Any = None):
        self._engines: collections.OrderedDict[str, Engine] = collections.OrderedDict()
        home = os.environ.get("DAGSTER_HOME", ".")
        super().__init__(base_dir or os.path.join(home, "history", "runs"), inst_data)

    @classmethod
    def config_type(cls) -> dict[str, dg.Field]:
        # base_dir defaults to DAGSTER_HOME/history/runs, where Dagster's default keeps it
        return {"base_dir": dg.Field(dg.StringSource, is_required=False)}

    @classmethod
    def from_config_value(cls, inst_data: Any, config_value: dict) -> KeptOpenSqliteEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> Engine:
        engine = self._engines.get(shard)
        if engine is None:
            engine = create_engine(
                self.conn_string_for_shard(shard),
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
            )
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            self._engines[shard] = engine
            while len(self._engines) > _KEPT_ENGINES:
                self._engines.popitem(last=False)[1].dispose()
        self._engines.move_to_end(shard)
        return engine

    @contextlib.contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            with self._engine(shard).connect() as conn:
                written = conn.connection.dbapi_connection.total_changes
                with conn.begin():
                    yield conn
                written = conn.connection.dbapi_connection.total_changes != written
            if written:
                # the webserver's watchdog waits for the database file to change
                os.utime(self.path_for_shard(shard))

    def _dispose_engines(self) -> None:
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()

    def wipe(self) -> None:
        self._dispose_engines()  # before the run databases are deleted
        super().wipe()

    def dispose(self) -> None:
        self._dispose_engines()
        super().dispose()


def write_instance_yaml(home: Path) -> bool:
    """Write home/dagster.yaml unless it holds another configuration; whether it wrote."""
    path = home / "dagster.yaml"
    if path.exists():
        existing = path.read_text(encoding="utf-8")
        if existing != _EARLIER_YAML and not existing.startswith(MARKER):
            return False
    home.mkdir(parents=True, exist_ok=True)
    path.write_text(INSTANCE_YAML, encoding="utf-8")
    return True


if __name__ == "__main__":
    target = Path(sys.argv[1])
    if not write_instance_yaml(target):
        print(f"{target / 'dagster.yaml'}: a configuration of your own, left as it is")
