"""Lake mode: the warehouse as a DuckLake (catalog in PostgreSQL, data as Parquet files).

Selected by ``NEWSFACTS_LAKE`` (a libpq connection string of the catalog database) and
``NEWSFACTS_LAKE_DATA`` (the data folder, or an ``s3://`` path through httpfs). The load
code is the file mode's: ``connect`` returns a connection whose default database is the
lake, with every table created, so the same SQL runs on it. What DuckLake does not hold is
adapted here (see README, "Lake mode"):

- PRIMARY KEY constraints: DuckLake has none. The tables are created without them and the
  load checks the keys itself before it commits (``duplicate_keys``).
- Comments on view columns: DuckLake comments tables, columns of tables and views, not the
  columns of views; those go to the table ``view_column_comments``.
- The BM25 index: ``pragma create_fts_index`` writes macros with an untyped NULL default,
  which DuckLake cannot store; the index is built in memory and its tables and macros are
  copied to the lake's schema ``fts_main_articles`` (``build_search_index``).

Several writers may commit at once: a commit that conflicts with another one is rolled back
and tried again after a growing, jittered pause (``with_retries``).
"""

import contextlib
import hashlib
import os
import random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import duckdb

from pipelines.settings import SQL_DIR, Settings
from pipelines.warehouse import tables

# The lake's name in the connection: readers attach it under the same name (README).
CATALOG = "newsfacts"
DUCKDB_MEMORY_LIMIT = "1GB"


class LakeUnavailable(RuntimeError):
    """The catalog could not be reached or went away: nothing of the transaction committed."""


@dataclass(frozen=True)
class Lake:
    catalog: str  # libpq connection string of the catalog database
    data: str  # data folder or s3:// path

    def describe(self) -> str:
        """The connection string without its password, for messages."""
        return without_password(self.catalog)


def without_password(text: str) -> str:
    """``text`` with any libpq password (password=...) replaced by ***."""
    return re.sub(r"(password\s*=\s*)[^\s\"']+", r"\1***", text)


def from_environment() -> Lake | None:
    """The lake NEWSFACTS_LAKE and NEWSFACTS_LAKE_DATA name, or None (file mode)."""
    settings = Settings()
    catalog, data = settings.lake, settings.lake_data
    if not catalog:
        return None
    if not data:
        raise ValueError(
            "NEWSFACTS_LAKE is set but NEWSFACTS_LAKE_DATA is not: set it to the lake's data "
            "folder (or an s3:// path) where the Parquet files go"
        )
    return Lake(catalog, data)


def extension_path(name: str) -> Path:
    """A DuckDB extension shipped by its PyPI wheel (duckdb-extension-<name>): loads offline."""
    module = __import__(f"duckdb_extension_{name}")
    root = Path(module.__file__).parent / "extensions"
    found = sorted(root.glob(f"v{duckdb.__version__}/{name}.duckdb_extension"))
    if not found:
        raise RuntimeError(
            f"no {name} extension for duckdb {duckdb.__version__} under {root}: install "
            f"duckdb-extension-{name.replace('_', '-')} with the same version as duckdb"
        )
    return found[0]


def attach_statement(lake: Lake, read_only: bool = False) -> str:
    """The ATTACH of the lake under the name ``newsfacts`` (readers: read_only)."""
    # Writers put every row in Parquet: DuckLake would keep small inserts in the catalog
    # (data inlining), which grows the catalog and is one more path for concurrent loads.
    options = (
        ["read_only"]
        if read_only
        else [f"data_path '{_data_path(lake.data)}'", "data_inlining_row_limit 0"]
    )
    return f"attach 'ducklake:postgres:{lake.catalog}' as {CATALOG} ({', '.join(options)})"


def _data_path(data: str) -> str:
    if data.startswith("s3://"):
        return data.rstrip("/") + "/"
    path = Path(data).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return f"{path}/"


def open_lake(lake: Lake, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection with the lake attached as the default database (tables not created)."""
    con = duckdb.connect(config={"memory_limit": DUCKDB_MEMORY_LIMIT})
    # No progress bar: DuckDB draws it on stdout for queries past 2 s (a loaded machine),
    # into the output of a reader that prints its results there.
    con.execute("set enable_progress_bar = false")
    try:
        for name in ("ducklake", "postgres_scanner"):
            con.execute(f"load '{extension_path(name)}'")
        if lake.data.startswith("s3://"):
            _load_s3(con)
        _attach(con, lake, read_only)
        con.execute(f"use {CATALOG}")
    except duckdb.Error as error:
        con.close()
        raise LakeUnavailable(
            f"could not attach the lake (catalog {lake.describe()} from NEWSFACTS_LAKE, data "
            f"{lake.data} from NEWSFACTS_LAKE_DATA): {without_password(str(error))}"
        ) from None
    return con


# Writers attaching a new lake at the same moment both create its catalog tables; the one
# that loses the race sees them already there and attaches again.
_CATALOG_CREATION_RACE = ("already exists", "duplicate key")


def _attach(con: duckdb.DuckDBPyConnection, lake: Lake, read_only: bool) -> None:
    for attempt in range(5):
        try:
            con.execute(attach_statement(lake, read_only))
            return
        except duckdb.Error as error:
            if attempt == 4 or not any(m in str(error) for m in _CATALOG_CREATION_RACE):
                raise
            time.sleep(RETRY_FIRST_SECONDS * (attempt + 1))


def _load_s3(con: duckdb.DuckDBPyConnection) -> None:
    """httpfs, with a secret from the usual AWS variables (an S3-compatible endpoint too)."""
    con.execute(f"load '{extension_path('httpfs')}'")
    con.execute(f"create or replace secret newsfacts_lake_s3 ({s3_secret_options(os.environ)})")


# The DuckDB S3 secret's options and the variables they come from, as the AWS tools name them.
_S3_VARIABLES = {
    "key_id": ("AWS_ACCESS_KEY_ID",),
    "secret": ("AWS_SECRET_ACCESS_KEY",),
    "session_token": ("AWS_SESSION_TOKEN",),
    "region": ("AWS_REGION", "AWS_DEFAULT_REGION"),
    "endpoint": ("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"),
}
S3_URL_STYLES = ("path", "vhost")


def s3_secret_options(environ: Mapping[str, str]) -> str:
    """The options of the DuckDB secret for an ``s3://`` data folder: keys, region and endpoint
    from the AWS variables; an ``http://`` endpoint turns TLS off. An endpoint of your own
    (MinIO, Ceph, a cloud's S3-compatible store) is addressed by path (bucket in the path, not
    the host name) unless NEWSFACTS_S3_URL_STYLE says ``vhost``; AWS itself by host name."""
    given = {}
    for option, variables in _S3_VARIABLES.items():
        if value := next((environ[v] for v in variables if environ.get(v)), None):
            given[option] = value
    endpoint = given.get("endpoint", "")
    if endpoint.startswith("http://"):
        given["use_ssl"] = "false"
    if endpoint:
        given["endpoint"] = re.sub(r"^https?://", "", endpoint).rstrip("/")
    style = environ.get("NEWSFACTS_S3_URL_STYLE") or ("path" if endpoint else "")
    if style and style not in S3_URL_STYLES:
        raise ValueError(
            f"NEWSFACTS_S3_URL_STYLE={style!r}: use path (bucket in the URL path, for "
            "S3-compatible servers) or vhost (bucket in the host name, AWS)"
        )
    if style:
        given["url_style"] = style
    rendered = (
        f"{key} {value}" if key == "use_ssl" else f"{key} '{value.replace(chr(39), chr(39) * 2)}'"
        for key, value in given.items()
    )
    return ", ".join(["type s3", *rendered])


def connect(lake: Lake) -> duckdb.DuckDBPyConnection:
    """A read-write connection to the lake, with every table created."""
    con = open_lake(lake)
    try:
        with_retries(lambda: ensure_schema(con, tables.LOADED), lake)
    except BaseException:
        con.close()
        raise
    return con


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back if a transaction is still open: a commit that failed (a conflict) has
    ended it already, and an error from the rollback would hide the conflict's."""
    with contextlib.suppress(duckdb.Error):
        con.execute("rollback")


def is_lake(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the connection's default database is a DuckLake."""
    found = con.execute(
        "select type from duckdb_databases() where database_name = current_database()"
    ).fetchone()
    return found is not None and found[0] == "ducklake"


# -- the schema -------------------------------------------------------------------------

_INLINE_KEY = re.compile(r"\s+primary key(?=\s*[,\n])", re.IGNORECASE)
_TABLE_KEY = re.compile(r",\s*\n\s*primary key\s*\([^)]*\)", re.IGNORECASE)
_VIEW_COLUMN_COMMENT = re.compile(
    r"^\s*comment on column (\w+)\.(\w+) is '((?:[^']|'')*)'\s*;?\s*$", re.IGNORECASE | re.DOTALL
)


# DuckLake takes only a literal as a column's default, and reads true and false as
# expressions: quoted, they are the same boolean literals.
_BOOLEAN_DEFAULT = re.compile(r"\bdefault\s+(true|false)\b", re.IGNORECASE)


def for_lake(sql: str) -> str:
    """Table DDL as DuckLake takes it: no PRIMARY KEY, boolean defaults quoted."""
    return _BOOLEAN_DEFAULT.sub(r"default '\1'", without_keys(sql))


def without_keys(sql: str) -> str:
    """Table DDL without its PRIMARY KEY constraints (DuckLake has none)."""
    return _TABLE_KEY.sub("", _INLINE_KEY.sub("", sql))


def primary_keys() -> dict[str, tuple[str, ...]]:
    """The primary key of each loaded table, as its file-mode DDL declares it."""
    keys = {}
    for relation in tables.in_folder(tables.LOADED):
        sql = relation.path.read_text(encoding="utf-8")
        table_key = re.search(r"primary key\s*\(([^)]*)\)", sql, re.IGNORECASE)
        inline = re.search(r"^\s*(\w+)\s+[\w()]+\s+primary key", sql, re.IGNORECASE | re.M)
        if table_key:
            keys[relation.name] = tuple(c.strip() for c in table_key.group(1).split(","))
        elif inline:
            keys[relation.name] = (inline.group(1),)
    return keys


def duplicate_keys(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows past the first per primary key, by table: what the constraint would refuse."""
    found = {}
    for table, key in primary_keys().items():
        columns = ", ".join(key)
        extra = con.execute(
            f"select coalesce(sum(n - 1), 0) from (select count(*) as n from {table} "
            f"group by {columns} having count(*) > 1)"
        ).fetchone()[0]
        if extra:
            found[table] = int(extra)
    return found


def run_script(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Run one SQL file on the lake: keys dropped, view-column comments to their table."""
    for statement in con.extract_statements(for_lake(sql)):
        text = statement.query
        comment = _VIEW_COLUMN_COMMENT.match(text)
        if comment and _is_view(con, comment.group(1)):
            view, column, note = comment.groups()
            con.execute(
                "delete from view_column_comments where view_name = ? and column_name = ?",
                [view, column],
            )
            con.execute(
                "insert into view_column_comments values (?, ?, ?)",
                [view, column, note.replace("''", "'")],
            )
        else:
            con.execute(text)


def _is_view(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return (
        con.execute(
            "select count(*) from duckdb_views() where database_name = current_database() "
            "and view_name = ?",
            [name],
        ).fetchone()[0]
        > 0
    )


# Lake-only tables (sql/lake/), created with the first DDL run; schema_files is in the
# file mode's database too (store.corpus_outdated).
_BOOKKEEPING = tuple(
    SQL_DIR / "lake" / f"{name}.sql"
    for name in ("schema_files", "view_column_comments", "load_turns")
)
_SCHEMA_FILES = _BOOKKEEPING[0]


def _fingerprint(folder: str) -> str:
    digest = hashlib.sha256()
    for path in _BOOKKEEPING:  # a lake made before one of them existed gets it
        digest.update(path.read_bytes())
    for relation in tables.in_folder(folder):
        digest.update(relation.path.read_bytes())
    return digest.hexdigest()


def ensure_schema(con: duckdb.DuckDBPyConnection, folder: str) -> None:
    """Run a folder's DDL (tables or views) in one transaction when its files changed since
    the lake last ran them: each DDL run is a snapshot, and writers would otherwise conflict
    over the same comments at every connect."""
    fingerprint = _fingerprint(folder)
    if stored_fingerprint(con, folder) == fingerprint:
        return
    con.execute("begin transaction")
    try:
        for path in _BOOKKEEPING:
            con.execute(path.read_text(encoding="utf-8"))
        for relation in tables.in_folder(folder):
            run_script(con, relation.path.read_text(encoding="utf-8"))
        record_fingerprint(con, folder, fingerprint)
        con.execute("commit")
    except BaseException:
        rollback(con)
        raise


def record_fingerprint(con: duckdb.DuckDBPyConnection, folder: str, fingerprint: str) -> None:
    """Record in schema_files that ``folder``'s SQL, by this hash, is what the database holds
    (in the caller's transaction)."""
    con.execute(_SCHEMA_FILES.read_text(encoding="utf-8"))
    con.execute("delete from schema_files where folder = ?", [folder])
    con.execute("insert into schema_files values (?, ?, now()::timestamp)", [folder, fingerprint])


def stored_fingerprint(con: duckdb.DuckDBPyConnection, folder: str) -> str | None:
    exists = con.execute(
        "select count(*) from duckdb_tables() where database_name = current_database() "
        "and table_name = 'schema_files'"
    ).fetchone()[0]
    if not exists:
        return None
    # The table's few rows, matched here: the first bound parameter of a DuckDB connection
    # imports pandas (0.15 to 0.4 s), and a run with no changes binds none but this one.
    return dict(con.execute("select folder, sha256 from schema_files").fetchall()).get(folder)


# -- the search index -------------------------------------------------------------------

FTS_SCHEMA = "fts_main_articles"
FTS_TABLES = ("dict", "docs", "fields", "stats", "stopwords", "terms")
# The defaults of match_bm25 as the fts extension declares them, but for ``fields``: DuckLake
# stores no untyped NULL, and a NULL::VARCHAR default comes back as the text 'NULL'; so the
# default is '' and the macro reads '' as "every field" too.
_MATCH_BM25_DEFAULTS = "fields := '', k := 1.2, b := 0.75, conjunctive := 0"
_ALL_FIELDS = "WHEN ((fields IS NULL))"
_ALL_FIELDS_IN_LAKE = "WHEN ((fields IS NULL) OR (fields = ''))"


def build_search_index(con: duckdb.DuckDBPyConnection, fts_extension: Path) -> None:
    """The BM25 index over titles and bodies, as the file mode's, in the lake's schema
    fts_main_articles: built in memory, then its tables and macros replace the lake's in
    one transaction."""
    con.execute(f"load '{fts_extension}'")
    con.execute("attach ':memory:' as fts_build")
    try:
        con.execute(
            "create table fts_build.articles as select article_id, title, body from articles"
        )
        con.execute("use fts_build")
        con.execute(
            "pragma create_fts_index('articles', 'article_id', 'title', 'body', overwrite = 1)"
        )
        macros = con.execute(
            "select function_name, parameters, macro_definition from duckdb_functions() "
            f"where database_name = 'fts_build' and schema_name = '{FTS_SCHEMA}'"
        ).fetchall()
        con.execute(f"use {CATALOG}")
        con.execute("begin transaction")
        try:
            con.execute(f"create schema if not exists {FTS_SCHEMA}")
            for table in FTS_TABLES:
                con.execute(
                    f"create or replace table {FTS_SCHEMA}.{table} as "
                    f"select * from fts_build.{FTS_SCHEMA}.{table}"
                )
            for name, parameters, definition in macros:
                con.execute(_macro_sql(name, parameters, definition))
            con.execute("commit")
        except BaseException:
            rollback(con)
            raise
    finally:
        con.execute(f"use {CATALOG}")
        con.execute("detach fts_build")


def _macro_sql(name: str, parameters: list[str], definition: str) -> str:
    if name == "match_bm25":
        if definition.count(_ALL_FIELDS) != 2:
            raise RuntimeError(
                "the fts extension's match_bm25 changed: pipelines/warehouse/lake.py cannot "
                "copy it to the lake"
            )
        definition = definition.replace(_ALL_FIELDS, _ALL_FIELDS_IN_LAKE)
        required = [p for p in parameters if p not in ("fields", "k", "b", "conjunctive")]
        arguments = ", ".join([*required, _MATCH_BM25_DEFAULTS])
    else:
        arguments = ", ".join(parameters)
    return f"create or replace macro {FTS_SCHEMA}.{name}({arguments}) as {definition}"


# -- concurrent writers -----------------------------------------------------------------

# A commit that conflicts with another writer's is tried again up to this many times, after
# RETRY_FIRST_SECONDS, doubling each time up to RETRY_MAX_SECONDS, each pause jittered.
RETRIES = 8
RETRY_FIRST_SECONDS = 0.2
RETRY_MAX_SECONDS = 10.0

Result = TypeVar("Result")


def is_conflict(error: BaseException) -> bool:
    """A DuckLake write conflict: another writer committed a change this one overlaps."""
    text = str(error).lower()
    return isinstance(error, duckdb.Error) and "conflict" in text


def is_catalog_failure(error: BaseException) -> bool:
    """The catalog database is unreachable or dropped the connection."""
    text = str(error).lower()
    return isinstance(error, duckdb.Error) and any(
        marker in text
        for marker in (
            "postgres",
            "connection",
            "server closed",
            "could not connect",
            "terminating",
        )
    )


def is_aborted(error: BaseException) -> bool:
    """A statement refused because an earlier one of the transaction failed: when the catalog
    dies mid-load, the first failure can surface as this one, which names no cause."""
    return isinstance(error, duckdb.Error) and "transaction is aborted" in str(error).lower()


def catalog_reachable(lake: Lake) -> bool:
    """Whether a fresh connection reaches the catalog database now."""
    try:
        with duckdb.connect() as probe:
            probe.execute(f"load '{extension_path('postgres_scanner')}'")
            catalog = lake.catalog.replace("'", "''")
            probe.execute(f"attach '{catalog}' as catalog_probe (type postgres, read_only)")
        return True
    except duckdb.Error:
        return False


def unavailable(lake: Lake, error: BaseException) -> LakeUnavailable:
    return LakeUnavailable(
        f"the lake's catalog ({lake.describe()}, NEWSFACTS_LAKE) failed: "
        f"{without_password(str(error))}. Nothing of "
        "this transaction was committed; start the run again once the catalog is reachable"
    )


def with_retries(
    action: Callable[[], Result],
    lake: Lake,
    log: Callable[[str], None] = print,
    sleep: Callable[[float], None] = time.sleep,
) -> Result:
    """Run ``action`` (one whole transaction), again after a pause when it conflicts with
    another writer's commit; a catalog that goes away becomes LakeUnavailable."""
    pause = RETRY_FIRST_SECONDS
    for attempt in range(1, RETRIES + 2):
        try:
            return action()
        except duckdb.Error as error:
            if is_conflict(error) and attempt <= RETRIES:
                wait = pause * random.uniform(0.5, 1.5)
                log(
                    f"lake commit conflicted with another writer (attempt {attempt}): trying "
                    f"again in {wait:.2f} s ({str(error).splitlines()[0][:200]})"
                )
                sleep(wait)
                pause = min(pause * 2, RETRY_MAX_SECONDS)
                continue
            if is_catalog_failure(error) and not is_conflict(error):
                raise unavailable(lake, error) from None
            if is_aborted(error) and not catalog_reachable(lake):
                raise unavailable(lake, error) from None
            raise
    raise AssertionError("unreachable")


def take_turn(con: duckdb.DuckDBPyConnection) -> None:
    """Make this transaction conflict with any other load committing at the same time.

    Inserts never conflict in DuckLake: two shard loads that meet the same new name (or
    place) at once would both commit its entity_registry (places) row, two rows for one key,
    and the registry would hold two ids for one name. An update of the one row of load_turns
    is a delete both transactions make in the same file: the later commit fails with a
    conflict, ``with_retries`` runs its load again, and that load sees the earlier one's
    rows (``store._upsert_registry`` then keeps the ids already registered)."""
    con.execute("update load_turns set turn = turn + 1")


def current_snapshot(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute(f"select id from {CATALOG}.current_snapshot()").fetchone()[0]


# Parquet files no snapshot names are deleted by maintenance once they are this old.
ORPHAN_HOURS = 24


def maintain(lake: Lake, keep_snapshots_days: float) -> dict[str, int]:
    """Merge small adjacent Parquet files, expire snapshots older than the given age, delete
    the files no snapshot needs any more and those killed writers left. Returns what it did."""
    con = open_lake(lake)
    try:
        # Small inserts are kept in the catalog (DuckLake's data inlining): written out to
        # Parquet here, so the catalog stays small.
        with_retries(
            lambda: con.execute(f"call ducklake_flush_inlined_data('{CATALOG}')").fetchall(),
            lake,
        )
        before = _data_files(con)
        merged = with_retries(
            lambda: con.execute(f"call ducklake_merge_adjacent_files('{CATALOG}')").fetchall(),
            lake,
        )
        expired = with_retries(
            lambda: con.execute(
                f"call ducklake_expire_snapshots('{CATALOG}', older_than => "
                f"now() - interval '{float(keep_snapshots_days) * 86400:.0f} seconds')"
            ).fetchall(),
            lake,
        )
        deleted = con.execute(
            f"call ducklake_cleanup_old_files('{CATALOG}', cleanup_all => true)"
        ).fetchall()
        # Files no snapshot ever named: written by a writer killed before its commit. Only
        # old ones: a running writer's files are orphans too until it commits.
        orphans = con.execute(
            f"call ducklake_delete_orphaned_files('{CATALOG}', older_than => "
            f"now() - interval '{ORPHAN_HOURS} hours')"
        ).fetchall()
        return {
            "data_files_before": before,
            "data_files_after": _data_files(con),
            "merge_calls": len(merged),
            "snapshots_expired": len(expired),
            "files_deleted": len(deleted),
            "orphaned_files_deleted": len(orphans),
            "snapshot": current_snapshot(con),
        }
    finally:
        con.close()


def _data_files(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute(
        f"select count(*) from __ducklake_metadata_{CATALOG}.ducklake_data_file "
        "where end_snapshot is null"
    ).fetchone()[0]


# -- for readers ------------------------------------------------------------------------

# httpfs: for a lake whose data folder is an s3:// path
READER_EXTENSIONS = ("ducklake", "postgres_scanner", "fts", "httpfs")


def install_extensions() -> list[str]:
    """Install the extensions a reader needs from the installed wheels into DuckDB's own
    extension folder (~/.duckdb/extensions), offline: then any DuckDB of this version (the
    CLI, duckdb-engine in Superset) loads them by itself, as ``ducklake:`` paths need."""
    with duckdb.connect() as con:
        for name in READER_EXTENSIONS:
            path = extension_path(name) if name != "fts" else _fts_path()
            con.execute(f"install '{path}'")
        return [
            row[0]
            for row in con.execute(
                "select install_path from duckdb_extensions() where installed and "
                f"extension_name in {READER_EXTENSIONS}"
            ).fetchall()
        ]


def _fts_path() -> Path:
    from pipelines.warehouse.store import fts_extension_path

    return fts_extension_path()


def main(argv: list[str]) -> int:
    """`python -m pipelines.warehouse.lake install-extensions | attach`: set a reader up, or
    print the read-only ATTACH of the lake NEWSFACTS_LAKE names."""
    if argv[:1] == ["install-extensions"]:
        print("\n".join(install_extensions()))
        return 0
    if argv[:1] == ["attach"] and (target := from_environment()) is not None:
        print(attach_statement(target, read_only=True) + f"; use {CATALOG};")
        return 0
    print(
        "usage: python -m pipelines.warehouse.lake install-extensions | attach "
        "(attach: with NEWSFACTS_LAKE and NEWSFACTS_LAKE_DATA set)"
    )
    return 2


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
