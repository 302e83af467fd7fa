"""The DuckDB warehouse: schema, the transactional load, and publishing the serving copy.

The pipeline writes only its own work database. Readers open the serving copy, which is
replaced by an atomic rename after each load, so a reader never blocks a load and never
sees half of one (see README, "Readers and the writer").
"""

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from pipelines.warehouse import lake, relink, tables
from pipelines.warehouse.changes import MANIFEST
from pipelines.warehouse.shards import Shard


def run_sql_folder(con: duckdb.DuckDBPyConnection, folder: str) -> None:
    """Run a folder's SQL files in the order pipelines/warehouse/tables.py gives."""
    run = lake.run_script if lake.is_lake(con) else duckdb.DuckDBPyConnection.execute
    for relation in tables.in_folder(folder):
        run(con, relation.path.read_text(encoding="utf-8"))


DUCKDB_MEMORY_LIMIT = "1GB"


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-write connection to the work database, with every table created; in lake mode
    (NEWSFACTS_LAKE) to the lake instead (pipelines/warehouse/lake.py)."""
    if (target := lake.from_environment()) is not None:
        return lake.connect(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    # DuckDB would otherwise take up to 80% of the machine's memory for its buffers; past
    # this it spills to a temporary folder beside the database.
    con = duckdb.connect(
        str(path),
        config={"memory_limit": DUCKDB_MEMORY_LIMIT, "temp_directory": f"{path}.tmp"},
    )
    run_sql_folder(con, tables.LOADED)
    return con


def fts_extension_path() -> Path:
    """The fts extension shipped by the duckdb-extension-fts wheel: loads offline."""
    import duckdb_extension_fts

    root = Path(duckdb_extension_fts.__file__).parent / "extensions"
    found = sorted(root.glob(f"v{duckdb.__version__}/fts.duckdb_extension"))
    if not found:
        raise RuntimeError(
            f"no fts extension for duckdb {duckdb.__version__} under {root}: "
            "install duckdb-extension-fts with the same version as duckdb"
        )
    return found[0]


def read_frame(con: duckdb.DuckDBPyConnection, query: str) -> pl.DataFrame:
    return pl.from_arrow(con.execute(query).to_arrow_table())


def read_table(con: duckdb.DuckDBPyConnection, table: str) -> pl.DataFrame:
    return read_frame(con, f"select * from {tables.BY_NAME[table].name}")


def loaded_manifest(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """What decides whether a scanned article changed: id, text hash, duplicate status."""
    return read_frame(con, f"select {', '.join(MANIFEST)} from articles")


def stored_versions(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """article_id and content_sha256 of every stored article."""
    return read_frame(con, "select article_id, content_sha256 from articles")


def stored_rejections(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return read_frame(con, "select source, reason from rejected_inputs")


def violations(
    con: duckdb.DuckDBPyConnection, query: str, examples: int = 5
) -> tuple[int, list[tuple]]:
    """How many rows ``query`` (a check that selects offending rows) finds, and a few."""
    count = con.execute(f"select count(*) from ({query})").fetchone()[0]
    return count, con.execute(f"select * from ({query}) limit {examples}").fetchall()


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows of every warehouse table (0 for a corpus-wide table no load has built yet: a first
    shard load leaves them to corpus_tables)."""
    existing = {row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()}
    return {
        table: con.execute(f"select count(*) from {table}").fetchone()[0]
        if table in existing
        else 0
        for table in tables.TABLES
    }


@dataclass
class LoadBatch:
    """Everything one load writes, for the articles that are new or changed."""

    run_id: str
    articles_seen: int
    articles: pl.DataFrame  # new or edited articles (schema.ARTICLES plus loaded_at)
    removed_ids: list[str]  # articles whose rows are deleted (edited ones are replaced anyway)
    rejected: pl.DataFrame  # the whole latest scan's rejections
    # Per-article rows; lazy frames (Parquet on disk) are inserted a slice at a time.
    sentences: pl.DataFrame | pl.LazyFrame
    mentions: pl.DataFrame | pl.LazyFrame
    facts: pl.DataFrame | pl.LazyFrame
    registry: pl.DataFrame  # entity_registry rows to upsert
    # The whole scan without bodies (article_id, content_sha256, source), for the audit.
    scanned: pl.DataFrame | None = None
    places: pl.DataFrame | None = None  # places rows to upsert (schema.PLACES)
    # A shard load (NEWSFACTS_SHARD, a partition): only its articles are loaded or removed,
    # the corpus-wide tables are left to corpus_tables, and the rejected_inputs rows of
    # ``kept_rejections`` (sources of other shards' articles, held out by their loads) stay.
    shard: Shard | None = None
    kept_rejections: pl.DataFrame | None = None

    def is_empty(self) -> bool:
        """No article is new, edited or removed."""
        return self.articles.is_empty() and not self.removed_ids


def batch_from_frames(
    run_id: str, articles: pl.LazyFrame, changes: pl.DataFrame, **rows: pl.DataFrame | pl.LazyFrame
) -> LoadBatch:
    """The batch of one run: ``changes`` (article_id, change) says which articles of the scan
    are loaded or removed; only those loaded bring their bodies. ``rows`` are the other
    frames, named as LoadBatch names them (rejected, sentences, mentions, facts, registry)."""
    loaded_ids = changes.filter(pl.col("change") == "loaded").select("article_id")
    scanned = articles.select("article_id", "content_sha256", "source").collect()
    changed = articles.join(
        loaded_ids.lazy(), on="article_id", how="semi", maintain_order="left"
    ).collect()
    now = datetime.now(UTC).replace(tzinfo=None)
    return LoadBatch(
        run_id=run_id,
        articles_seen=scanned.height,
        articles=changed.with_columns(loaded_at=pl.lit(now)),
        removed_ids=changes.filter(pl.col("change") == "removed")["article_id"].to_list(),
        scanned=scanned,
        **rows,
    )


LOAD_RUNS_COLUMNS = (
    "run_id",
    "loaded_at",
    "articles_seen",
    "articles_loaded",
    "articles_removed",
    "rejected",
    "mentions_loaded",
    "facts_loaded",
    "shard",
    "corpus_built",
)

# The primary key of entity_registry (sql/tables/entity_registry.sql).
REGISTRY_KEY = "alias_key"


def load(
    con: duckdb.DuckDBPyConnection,
    batch: LoadBatch,
    verify: Callable[[duckdb.DuckDBPyConnection], bool] = lambda con: True,
) -> bool:
    """Write ``batch`` in one transaction: all of it or, on any failure or kill, none of it.

    ``verify`` sees the loaded state before the commit; when it returns False the
    transaction is rolled back and load returns False.
    """
    replaced = pl.DataFrame(
        {"article_id": batch.articles["article_id"].to_list() + batch.removed_ids},
        schema={"article_id": pl.String},
    )
    con.execute("begin transaction")
    try:
        if lake.is_lake(con):
            lake.take_turn(con)  # loads at once commit one after the other (lake.take_turn)
        con.register("replaced_ids", replaced.to_arrow())
        for table in tables.per_article_tables():
            con.execute(
                f"delete from {table} where article_id in (select article_id from replaced_ids)"
            )
        con.unregister("replaced_ids")
        # After shard loads, this load's names are linked again with theirs (relink.py).
        provisional = batch.shard is not None or corpus_pending(con)
        _insert(con, "articles", batch.articles.with_columns(ids_provisional=provisional))
        _insert(con, "sentences", batch.sentences)
        mentions = _insert(con, "entity_mentions", batch.mentions)
        facts = _insert(con, "numeric_facts", batch.facts)
        _replace_rejections(con, batch)
        _upsert_registry(con, batch.registry, provisional)
        if batch.places is not None and batch.places.height:
            _upsert(con, "places", "place_id", batch.places)
        if batch.shard is None:
            relink.relink_provisional(con)
            refresh_corpus_tables(con)
        _refuse_duplicate_keys(con)
        con.execute(
            f"insert into load_runs ({', '.join(LOAD_RUNS_COLUMNS)}) "
            f"values (?, now()::timestamp, {', '.join('?' * (len(LOAD_RUNS_COLUMNS) - 2))})",
            [
                batch.run_id,
                batch.articles_seen,
                batch.articles.height,
                len(batch.removed_ids),
                batch.rejected.height,
                mentions,
                facts,
                None if batch.shard is None else str(batch.shard),
                batch.shard is None,
            ],
        )
        if not verify(con):
            con.execute("rollback")
            return False
        con.execute("commit")
        return True
    except BaseException:
        lake.rollback(con)
        raise


def _refuse_duplicate_keys(con: duckdb.DuckDBPyConnection) -> None:
    """In the lake, which has no PRIMARY KEY constraints, fail as the file mode's would."""
    if lake.is_lake(con) and (duplicates := lake.duplicate_keys(con)):
        found = ", ".join(f"{table}: {n}" for table, n in duplicates.items())
        raise duckdb.ConstraintException(
            f"duplicate primary keys in the load ({found} rows): nothing was committed"
        )


def refresh_corpus_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the corpus-wide tables (sql/refresh) from the loaded rows, and record in
    load_runs that every load so far is in them, and in schema_files which SQL built them."""
    run_sql_folder(con, tables.DERIVED)
    con.execute("update load_runs set corpus_built = true where not corpus_built")
    lake.record_fingerprint(con, CORPUS_SQL, corpus_fingerprint())


# The schema_files entry of the SQL that builds the corpus-wide tables and the views.
CORPUS_SQL = "refresh+views"


def corpus_fingerprint() -> str:
    """SHA-256 over the files of sql/refresh and sql/views, in build order."""
    digest = hashlib.sha256()
    for folder in (tables.DERIVED, tables.VIEW):
        for relation in tables.in_folder(folder):
            digest.update(relation.path.read_bytes())
    return digest.hexdigest()


def corpus_outdated(con: duckdb.DuckDBPyConnection) -> bool:
    """The corpus-wide tables and views were built by other SQL than this version's (a
    database made before an upgrade): a run rebuilds them even when no article changed."""
    return lake.stored_fingerprint(con, CORPUS_SQL) != corpus_fingerprint()


def corpus_pending(con: duckdb.DuckDBPyConnection) -> bool:
    """A shard load committed since the corpus-wide tables were last rebuilt."""
    return con.execute("select count(*) from load_runs where not corpus_built").fetchone()[0] > 0


def kept_rejection_sources(con: duckdb.DuckDBPyConnection, batch: LoadBatch) -> pl.DataFrame:
    """Stored rejections a shard load leaves alone (those of other shards' articles)."""
    stored = stored_rejections(con).select("source")
    if batch.kept_rejections is None:
        return stored.clear()
    return stored.join(batch.kept_rejections.select("source"), on="source", how="semi")


def shard_rejections(con: duckdb.DuckDBPyConnection, batch: LoadBatch) -> pl.DataFrame:
    """The stored rejections this load answers for: all of them, but for a shard load the
    ones of other shards' articles."""
    stored = stored_rejections(con)
    return stored.join(kept_rejection_sources(con, batch), on="source", how="anti")


def _replace_rejections(con: duckdb.DuckDBPyConnection, batch: LoadBatch) -> None:
    """rejected_inputs becomes the latest scan's rejections (a shard keeps other shards')."""
    if batch.kept_rejections is None:
        con.execute("delete from rejected_inputs")
    else:
        con.register("kept_rejections", batch.kept_rejections.select("source").to_arrow())
        con.execute(
            "delete from rejected_inputs where source not in (select source from kept_rejections)"
        )
        con.unregister("kept_rejections")
    _insert(con, "rejected_inputs", batch.rejected)


def _upsert_registry(
    con: duckdb.DuckDBPyConnection, registry: pl.DataFrame, provisional: bool = False
) -> None:
    """Add the registry rows whose key is not registered yet: an id never moves once the
    corpus step has linked it (a shard load's rows are ``provisional`` until then). A single
    writer resolved against the whole registry, so all of its rows are new; a lake load run
    again after another writer's commit keeps the names that writer registered first."""
    rows = registry.with_columns(ids_provisional=pl.lit(provisional))
    relink.insert_missing(con, "entity_registry", REGISTRY_KEY, rows)


def _upsert(con: duckdb.DuckDBPyConnection, table: str, key: str, frame: pl.DataFrame) -> None:
    """Replace the rows of ``table`` whose ``key`` is in ``frame`` by ``frame``'s rows."""
    con.register("upserts", frame.to_arrow())
    try:
        con.execute(f"delete from {table} where {key} in (select {key} from upserts)")
        con.execute(f"insert into {table} by name select * from upserts")
    finally:
        con.unregister("upserts")


# Rows per insert when a lazy frame is streamed into a table.
INSERT_ROWS = 250_000


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame | pl.LazyFrame) -> int:
    """Append ``frame`` to ``table`` by column name; returns the number of rows."""
    slices = (
        frame.collect_batches(chunk_size=INSERT_ROWS)
        if isinstance(frame, pl.LazyFrame)
        else [frame]
    )
    rows = 0
    for part in slices:
        if part.height == 0:
            continue
        con.register("incoming", part.to_arrow())
        try:
            con.execute(f"insert into {table} by name select * from incoming")
        finally:
            con.unregister("incoming")
        rows += part.height
    return rows


@dataclass(frozen=True)
class LoadOutcome:
    committed: bool  # False: a blocking check failed and the load was rolled back
    unchanged: bool  # nothing new: the checks ran on the stored state, nothing to publish
    row_counts: dict[str, int]


def load_and_build(
    work: Path,
    serving: Path,
    batch: LoadBatch,
    verify: Callable[[duckdb.DuckDBPyConnection], bool],
) -> LoadOutcome:
    """Load ``batch`` into the work database (verified before the commit), then build the
    views and the search index there. When nothing changed and the serving copy holds the
    latest load, only ``verify`` runs, on what is stored.

    A shard load (``batch.shard``) only loads: the corpus-wide tables, the views and the
    index are built by ``build_corpus`` once every shard is loaded. A whole-folder run after
    a shard load rebuilds them even when nothing changed.

    In lake mode there is no serving copy, and each transaction that conflicts with another
    writer's commit is run again (``lake.with_retries``).
    """
    commit = _committer()
    with connect(work) as con:
        unchanged = _nothing_to_load(con, batch)
        if batch.shard is not None:
            committed = verify(con) if unchanged else commit(lambda: load(con, batch, verify))
        elif (
            unchanged
            and not corpus_pending(con)
            and not corpus_outdated(con)
            and _published(con, serving)
        ):
            committed = verify(con)
        else:
            unchanged = False
            committed = commit(lambda: load(con, batch, verify))
            if committed:
                _build_serving_objects(con, commit)
        return LoadOutcome(committed, unchanged, row_counts(con))


def _committer() -> Callable[[Callable[[], bool]], bool]:
    """How a transaction is run: once (file mode), or again on a lake write conflict."""
    target = lake.from_environment()
    if target is None:
        return lambda transaction: transaction()
    return lambda transaction: lake.with_retries(transaction, target)


def _published(con: duckdb.DuckDBPyConnection, serving: Path) -> bool:
    """The serving copy holds the latest load; in lake mode readers see every commit."""
    return lake.is_lake(con) or is_published(con, serving)


def build_corpus(work: Path, verify: Callable[[duckdb.DuckDBPyConnection], bool]) -> bool | None:
    """After shard loads: link their names again as one run over their articles would have
    (``relink``), rebuild the corpus-wide tables in one transaction (``verify`` sees them
    before the commit), then the views and the search index. None when no shard load is
    pending and the SQL is unchanged (nothing to do), else whether it committed."""
    commit = _committer()
    with connect(work) as con:
        if not corpus_pending(con) and not corpus_outdated(con):
            return None
        if not commit(lambda: _refresh_corpus_transaction(con, verify)):
            return False
        _build_serving_objects(con, commit)
        return True


def _refresh_corpus_transaction(
    con: duckdb.DuckDBPyConnection, verify: Callable[[duckdb.DuckDBPyConnection], bool]
) -> bool:
    con.execute("begin transaction")
    try:
        if lake.is_lake(con):
            lake.take_turn(con)
        relink.relink_provisional(con)
        refresh_corpus_tables(con)
        if not verify(con):
            con.execute("rollback")
            return False
        con.execute("commit")
    except BaseException:
        lake.rollback(con)
        raise
    return True


def _build_serving_objects(con: duckdb.DuckDBPyConnection, commit) -> None:
    commit(lambda: create_views(con))
    commit(lambda: build_search_index(con))
    if not lake.is_lake(con):  # a lake's CHECKPOINT is its maintenance: the job runs it
        con.execute("checkpoint")


def _nothing_to_load(con: duckdb.DuckDBPyConnection, batch: LoadBatch) -> bool:
    """No article changed and the stored rejections are those of this scan."""
    if not batch.is_empty():
        return False
    stored = shard_rejections(con, batch).sort("source", "reason")
    return stored.equals(batch.rejected.select("source", "reason").sort("source", "reason"))


def build_search_index(con: duckdb.DuckDBPyConnection) -> None:
    """BM25 full-text index over article titles and bodies (schema fts_main_articles)."""
    if lake.is_lake(con):
        return lake.build_search_index(con, fts_extension_path())
    con.execute(f"load '{fts_extension_path()}'")
    con.execute("pragma create_fts_index('articles', 'article_id', 'title', 'body', overwrite = 1)")


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    if lake.is_lake(con):  # only when sql/views changed: each DDL run is a lake snapshot
        return lake.ensure_schema(con, tables.VIEW)
    run_sql_folder(con, tables.VIEW)


def _last_load(con: duckdb.DuckDBPyConnection) -> tuple | None:
    return con.execute(
        "select run_id, loaded_at from load_runs order by loaded_at desc, run_id limit 1"
    ).fetchone()


def is_published(con: duckdb.DuckDBPyConnection, serving: Path) -> bool:
    """Whether the serving copy holds the work database's latest load.

    False when a run committed but was stopped before it published; the next run then
    publishes even if it has nothing new to load.
    """
    try:
        with duckdb.connect(str(serving), read_only=True) as reader:
            return _last_load(reader) == _last_load(con)
    except duckdb.Error:
        return False


def publish(work: Path, serving: Path) -> None:
    """Replace the serving copy by a copy of the work database, atomically: a compact copy
    when re-loads left free blocks in it (and a work database grown past ``WORK_BLOAT``
    times that copy is replaced by it too), else a byte copy.

    The work connection must be closed (DuckDB checkpoints on close). A reader that has the
    old serving file open keeps reading it; a reader that connects afterwards sees the new one.
    In lake mode there is no serving copy: readers attach the lake.
    """
    if lake.from_environment() is not None:
        return
    serving.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_staging(serving)
    _remove_abandoned_staging(work)
    staging = serving.with_name(f".{serving.name}.{os.getpid()}.tmp")
    try:
        if free_share(work) > MAX_FREE_SHARE:
            compact_copy(work, staging)
        else:  # nothing to leave out: a byte copy is as small and several times faster
            shutil.copyfile(work, staging)
        with staging.open("rb+") as handle:
            os.fsync(handle.fileno())
        if work.stat().st_size > WORK_BLOAT * staging.stat().st_size:
            _replace_with_copy(work, staging)
        # A WAL beside the serving copy comes from a client that opened it read-write; DuckDB
        # would replay it onto the new copy and mix old rows into it, so it goes first.
        Path(f"{serving}.wal").unlink(missing_ok=True)
        os.replace(staging, serving)
        directory = os.open(serving.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    finally:
        staging.unlink(missing_ok=True)
        Path(f"{staging}.wal").unlink(missing_ok=True)


# A work database with more of its blocks free than this is published by a compact copy.
MAX_FREE_SHARE = 0.05


def free_share(path: Path) -> float:
    """The share of a closed database's blocks that hold nothing (freed by deleted rows)."""
    with duckdb.connect(str(path), read_only=True) as con:
        free, total = con.execute(
            "select free_blocks, total_blocks from pragma_database_size()"
        ).fetchone()
    return free / total if total else 0.0


# The work database is replaced by the compact copy once it is this much larger: later loads
# reuse some of the blocks re-loads free, so a little slack saves that copy on most loads.
WORK_BLOAT = 1.5


def _replace_with_copy(path: Path, copy: Path) -> None:
    """Atomically replace a closed database by a byte copy of ``copy`` (same content)."""
    fresh = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(copy, fresh)
        with fresh.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(fresh, path)
    finally:
        fresh.unlink(missing_ok=True)


def compact_copy(source: Path, target: Path) -> None:
    """Copy a closed database to a new file with only its live data. A byte copy would carry
    the blocks that replaced and deleted rows freed (DuckDB reuses them but never gives them
    back: a re-load of every article nearly doubled the file); ``COPY FROM DATABASE`` writes
    schemas, tables, views and macros afresh."""
    target.unlink(missing_ok=True)
    config = {"memory_limit": DUCKDB_MEMORY_LIMIT, "temp_directory": f"{source}.tmp"}
    with duckdb.connect(config=config) as con:
        con.execute(f"attach '{source}' as copy_source (read_only)")
        con.execute(f"attach '{target}' as copy_target")
        con.execute("copy from database copy_source to copy_target")
        con.execute("detach copy_target")  # checkpoints: all of it is in the file


def _remove_abandoned_staging(serving: Path) -> None:
    """Delete staging copies (and their WAL) left by a publish that was killed (its process
    is gone)."""
    for suffix in (".tmp", ".tmp.wal"):
        for staging in abandoned(serving.parent, f".{serving.name}.", suffix):
            staging.unlink(missing_ok=True)


def abandoned(folder: Path, prefix: str, suffix: str = "") -> list[Path]:
    """Paths in ``folder`` named ``<prefix><pid>[-...]<suffix>`` whose process is gone: what
    a killed run left behind (a running process's own paths are never listed)."""
    found = []
    for path in folder.glob(f"{prefix}*{suffix}"):
        pid = path.name.removeprefix(prefix).removesuffix(suffix).split("-")[0]
        if pid.isdigit() and not process_alive(int(pid)):
            found.append(path)
    return found


@contextlib.contextmanager
def parts_folder(work_database: Path) -> Iterator[Path]:
    """A folder beside the work database for this run's extracted parts, removed afterwards
    (and, at the next run, if the run was killed)."""
    prefix = f".{work_database.stem}.parts-"
    work_database.parent.mkdir(parents=True, exist_ok=True)
    for stale in abandoned(work_database.parent, prefix):
        shutil.rmtree(stale, ignore_errors=True)
    with tempfile.TemporaryDirectory(
        prefix=f"{prefix}{os.getpid()}-", dir=work_database.parent
    ) as folder:
        yield Path(folder)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
