"""A PostgreSQL cluster of the project's own for the lake's catalog, on one local port.

`python -m pipelines.warehouse.postgres start --dir D --port P` creates a cluster in ``D``
(``initdb``, trust authentication, listening on 127.0.0.1 only) if there is none yet and
starts it; ``stop --dir D`` stops it. ``start`` prints the libpq connection string to put in
``NEWSFACTS_LAKE``. PostgreSQL refuses to run as root: as root the cluster belongs to the
``postgres`` user that Debian's package creates, so ``D`` is handed to that user.
"""

import argparse
import os
import pwd
import shutil
import subprocess
import sys
import time
from pathlib import Path

# Debian's PostgreSQL 15 (Makefile: `make lake-db` installs it when it is missing).
BIN_DIRS = (Path("/usr/lib/postgresql/15/bin"),)
SERVICE_USER = "postgres"
DATABASE = "newsfacts_lake"
START_SECONDS = 60


class PostgresError(RuntimeError):
    """The cluster could not be created, started or stopped (the message says why)."""


def binary(name: str) -> Path:
    for folder in (*BIN_DIRS, *(Path(p) for p in os.environ.get("PATH", "").split(":") if p)):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise PostgresError(
        f"no PostgreSQL {name} in {', '.join(map(str, BIN_DIRS))} or on PATH: run `make lake-db` "
        "(installs Debian's postgresql-15)"
    )


def _as_owner(command: list[str]) -> list[str]:
    """The command run as the cluster's owner: the postgres user when we are root."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", SERVICE_USER, "--", *command]


def _hand_over(folder: Path) -> None:
    """As root, give ``folder`` to the postgres user, which must also reach it."""
    if os.geteuid() != 0:
        return
    owner = pwd.getpwnam(SERVICE_USER)
    os.chown(folder, owner.pw_uid, owner.pw_gid)
    for parent in folder.resolve().parents:
        if parent.stat().st_mode & 0o001 == 0:
            raise PostgresError(
                f"{folder}: the {SERVICE_USER} user cannot reach it ({parent} is closed to "
                "others); put the cluster in a folder under /tmp or another open folder"
            )


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(_as_owner(command), capture_output=True, text=True)
    if done.returncode:
        raise PostgresError(f"{what} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


def data_dir(folder: Path) -> Path:
    return folder / "data"


def connection_string(port: int, database: str = DATABASE) -> str:
    return f"host=127.0.0.1 port={port} dbname={database} user={SERVICE_USER}"


def start(folder: Path, port: int) -> str:
    """Create (once) and start the cluster in ``folder`` on ``port``; returns the connection
    string of its lake database."""
    folder.mkdir(parents=True, exist_ok=True)
    _hand_over(folder)
    data = data_dir(folder)
    if not (data / "PG_VERSION").exists():
        _run(
            [
                str(binary("initdb")),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                SERVICE_USER,
                "-E",
                "UTF8",
                "--no-instructions",
            ],
            f"initdb in {data}",
        )
    options = f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=on"
    _run(
        [
            str(binary("pg_ctl")),
            "-D",
            str(data),
            "-l",
            str(folder / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            str(START_SECONDS),
            "start",
        ],
        f"starting PostgreSQL on port {port} (log: {folder / 'server.log'})",
    )
    return create_database(port)


def run_sql(port: int, sql: str, database: str = "postgres") -> None:
    """Run one statement on the cluster with psql."""
    psql = [str(binary("psql")), "-h", "127.0.0.1", "-p", str(port), "-U", SERVICE_USER]
    _run([*psql, "-d", database, "-v", "ON_ERROR_STOP=1", "-c", sql], sql)


def create_database(port: int, database: str = DATABASE) -> str:
    """Create ``database`` on the cluster if it is missing; returns its connection string."""
    psql = [str(binary("psql")), "-h", "127.0.0.1", "-p", str(port), "-U", SERVICE_USER, "-d"]
    found = subprocess.run(
        [*psql, "postgres", "-tAc", f"select 1 from pg_database where datname = '{database}'"],
        capture_output=True,
        text=True,
    )
    if found.stdout.strip() != "1":
        _run([*psql, "postgres", "-c", f"create database {database}"], "create database")
    return connection_string(port, database)


def stop(folder: Path, mode: str = "fast") -> None:
    """Stop the cluster in ``folder`` (``mode`` "immediate" is a crash, for fault tests)."""
    data = data_dir(folder)
    if not (data / "postmaster.pid").exists():
        return
    _run(
        [
            str(binary("pg_ctl")),
            "-D",
            str(data),
            "-m",
            mode,
            "-w",
            "-t",
            str(START_SECONDS),
            "stop",
        ],
        f"stopping PostgreSQL in {data}",
    )


def remove(folder: Path) -> None:
    """Stop the cluster and delete its folder."""
    stop(folder)
    shutil.rmtree(folder, ignore_errors=True)


def wait_until_ready(port: int, seconds: float = START_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    ready = [str(binary("pg_isready")), "-h", "127.0.0.1", "-p", str(port)]
    while subprocess.run(ready, capture_output=True).returncode:
        if time.monotonic() > deadline:
            raise PostgresError(f"PostgreSQL on port {port} not ready after {seconds:g} s")
        time.sleep(0.1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.warehouse.postgres")
    parser.add_argument("action", choices=("start", "stop", "remove"))
    parser.add_argument("--dir", type=Path, required=True, help="the cluster's folder")
    parser.add_argument("--port", type=int, default=55432)
    args = parser.parse_args(argv)
    try:
        if args.action == "start":
            print(start(args.dir, args.port))
        elif args.action == "stop":
            stop(args.dir)
        else:
            remove(args.dir)
    except PostgresError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
