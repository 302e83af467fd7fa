"""A real PostgreSQL for the lake tests, started and stopped by the project's own script
(pipelines/warehouse/postgres.py) in a temporary folder, on a free port."""

import contextlib
import itertools
import socket
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipelines.warehouse import lake, postgres

_databases = itertools.count()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Cluster:
    folder: Path
    port: int

    def new_lake(self, data: Path) -> lake.Lake:
        """A lake of its own: a new catalog database, Parquet files in ``data``."""
        name = f"lake_{next(_databases)}"
        return lake.Lake(postgres.create_database(self.port, name), str(data))

    def copy_lake(self, source: lake.Lake) -> lake.Lake:
        """A new catalog holding ``source``'s, over the same data folder (nothing is ever
        deleted from it while no maintenance runs, so each copy reads its own files)."""
        name = f"lake_{next(_databases)}"
        source_db = source.catalog.split("dbname=")[1].split()[0]
        postgres.run_sql(self.port, f"create database {name} template {source_db}")
        return lake.Lake(postgres.connection_string(self.port, name), source.data)

    def stop(self, mode: str = "fast") -> None:
        postgres.stop(self.folder, mode)

    def start(self) -> None:
        postgres.start(self.folder, self.port)

    def env(self, target: lake.Lake) -> dict[str, str]:
        return {"NEWSFACTS_LAKE": target.catalog, "NEWSFACTS_LAKE_DATA": target.data}


@contextlib.contextmanager
def postgres_cluster() -> Iterator[Cluster]:
    """A cluster in a new folder under the system's temporary folder (the postgres user must
    reach it; pytest's own are closed to others), always stopped and removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="newsfacts-pg-"))
    try:
        cluster = Cluster(folder, free_port())
        postgres.start(folder, cluster.port)
        yield cluster
    finally:
        postgres.remove(folder)


# The keys and region a deployment sets for its store (moto's server accepts any keys).
S3_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "newsfacts-test",
    "AWS_SECRET_ACCESS_KEY": "newsfacts-test-secret",
    "AWS_REGION": "us-east-1",
}


@dataclass
class S3Server:
    """An S3-compatible server on a local port (moto's), and a client of it."""

    endpoint: str
    client: object

    def env(self) -> dict[str, str]:
        """The variables a deployment sets for an S3-compatible store (README, Lake mode)."""
        return {"AWS_ENDPOINT_URL": self.endpoint, **S3_CREDENTIALS}

    def keys(self, bucket: str) -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return [item["Key"] for page in pages for item in page.get("Contents", [])]


@contextlib.contextmanager
def s3_server() -> Iterator[S3Server]:
    """moto's S3 server on a free port, stopped afterwards (its buckets live in memory)."""
    import boto3
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        endpoint = f"http://127.0.0.1:{port}"
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id=S3_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=S3_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            region_name=S3_CREDENTIALS["AWS_REGION"],
        )
        yield S3Server(endpoint, client)
    finally:
        server.stop()
