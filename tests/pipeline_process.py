"""`python -m pipelines.run` as a real process, and the warehouse state it leaves behind.

Shared by the reader, kill, view and bad-input tests: they start the pipeline the way
`make run` does, so locks, renames and kills are the real ones.
"""

import contextlib
import functools
import os
import pickle
import queue
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from filelock import FileLock

from pipelines.defs.instance import write_instance_yaml

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
OLD_CORPUS = (
    "iraq-withdrawal.txt",
    "wikinews-gum/GUM_news_crane.txt",
    "wikinews-gum/GUM_news_asylum.txt",
)
ADDED = "wikinews-gum/GUM_news_flag.txt"
EDITED = "iraq-withdrawal.txt"
EDIT = "\nOfficials said 40 advisers and 12 medics will stay until March 2022.\n"

# Invariants a half-finished load would break: each query counts offending rows.
INVARIANTS = {
    "mentions_without_article": "select count(*) from entity_mentions "
    "where article_id not in (select article_id from articles)",
    "facts_without_article": "select count(*) from numeric_facts "
    "where article_id not in (select article_id from articles)",
    "sentences_without_article": "select count(*) from sentences "
    "where article_id not in (select article_id from articles)",
    "mentions_without_entity": "select count(*) from entity_mentions "
    "where entity_id not in (select entity_id from entities)",
    "mention_text_not_in_body": "select count(*) from entity_mentions m join articles a "
    "using (article_id) where substr(a.body, m.start_char + 1, m.end_char - m.start_char) "
    "<> m.text",
    "fact_text_not_in_body": "select count(*) from numeric_facts f join articles a "
    "using (article_id) where substr(a.body, f.start_char + 1, f.end_char - f.start_char) "
    "<> f.text",
    "entity_counts_disagree": "select abs((select coalesce(sum(mention_count), 0) from entities)"
    " - (select count(*) from entity_mentions))",
    "per_article_facts_disagree": "select abs((select count(*) from numeric_facts) - "
    "(select coalesce(sum(n), 0) from (select count(*) as n from numeric_facts "
    "group by article_id)))",
}

# Every table with its rows in a stable order, minus load times: what "the same state" means.
STATE_QUERIES = {
    "articles": "select * exclude (loaded_at) from articles order by all",
    "sentences": "select * from sentences order by all",
    "entity_mentions": "select * from entity_mentions order by all",
    "numeric_facts": "select * from numeric_facts order by all",
    "entities": "select * from entities order by all",
    "entity_registry": "select * from entity_registry order by all",
    "entity_aliases": "select * from entity_aliases order by all",
    "entity_cooccurrence": "select * from entity_cooccurrence order by all",
    "entity_salience": "select * from entity_salience order by all",
    "rejected_inputs": "select * exclude (detected_at) from rejected_inputs order by all",
}


def broken_invariants(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    found = {name: con.execute(sql).fetchone()[0] for name, sql in INVARIANTS.items()}
    return {name: count for name, count in found.items() if count}


def warehouse_state(path: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return state_of(con)


def state_of(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """The state of the warehouse ``con`` opens (a file or a lake)."""
    return {table: con.execute(sql).fetchall() for table, sql in STATE_QUERIES.items()}


def article_states(path: Path) -> dict[str, tuple]:
    """Per article source: its text hash, facts and mentions."""
    with duckdb.connect(str(path), read_only=True) as con:
        return articles_of(con)


def articles_of(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    """Per article source of the warehouse ``con`` opens: its text hash, facts and mentions."""
    rows = con.execute(
        "select a.source, a.content_sha256, "
        "(select list((f.start_char, f.end_char, f.kind, f.value) order by f.fact_id) "
        " from numeric_facts f where f.article_id = a.article_id), "
        "(select list((m.start_char, m.end_char, m.label, m.entity_id) "
        " order by m.start_char) from entity_mentions m where m.article_id = a.article_id) "
        "from articles a"
    ).fetchall()
    return {source: (sha, facts or [], mentions or []) for source, sha, facts, mentions in rows}


@dataclass
class Layout:
    """One test's folders: articles, warehouse (serving copy + work database), Dagster home."""

    root: Path
    articles: Path | None = None  # default root/articles; tests may share one corpus folder
    warehouse: Path = field(init=False)
    dagster_home: Path = field(init=False)

    def __post_init__(self):
        self.articles = self.articles or self.root / "articles"
        self.warehouse = self.root / "warehouse" / "newsfacts.duckdb"
        self.dagster_home = self.root / "dagster_home"
        self.articles.mkdir(parents=True, exist_ok=True)
        self.dagster_home.mkdir(parents=True, exist_ok=True)
        write_instance_yaml(self.dagster_home)

    @property
    def work(self) -> Path:
        return self.warehouse.with_name("newsfacts.work.duckdb")

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "NEWSFACTS_ARTICLES_DIR": str(self.articles),
            "NEWSFACTS_WAREHOUSE": str(self.warehouse),
            "DAGSTER_HOME": str(self.dagster_home),
            "NEWSFACTS_PROCESSES": "1",
            "GX_ANALYTICS_ENABLED": "false",
            "PYTHONUNBUFFERED": "1",
            **extra,
        }

    def add_seed(self, relative: str) -> Path:
        target = self.articles / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SEEDS / relative, target)
        return target

    def make_new_corpus(self) -> None:
        """The old corpus with one article edited and one added."""
        edited = self.articles / EDITED
        edited.write_text(edited.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
        self.add_seed(ADDED)

    def save(self, name: str) -> Path:
        """Copy the (closed) work database and serving copy aside."""
        saved = self.root / name
        saved.mkdir()
        for path in (self.work, self.warehouse):
            assert not Path(f"{path}.wal").exists()
            shutil.copyfile(path, saved / path.name)
        return saved

    def restore(self, saved: Path) -> None:
        """Put a saved state back, dropping whatever a killed run left (WAL, staging files)."""
        for leftover in self.warehouse.parent.iterdir():
            leftover.unlink()
        for path in (self.work, self.warehouse):
            shutil.copyfile(saved / path.name, path)


def run_pipeline(layout: Layout, timeout: float = 240, **extra: str) -> str:
    """One full run to the end; returns its output and fails the test if the run failed."""
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.run"],
        cwd=REPO,
        env=layout.env(**extra),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    return output


class RunningPipeline:
    """A run in its own session, so the run and its spaCy workers die by one killpg."""

    def __init__(self, layout: Layout, **extra: str):
        self.layout = layout
        self.runs_before = set(self._run_logs())
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pipelines.run"],
            cwd=REPO,
            env=layout.env(**extra),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, marker: str, timeout: float = 180) -> bool:
        """Read output until a line contains ``marker``; False when the run ended first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                return False
            self.output.append(line)
            if marker in line:
                return True
        raise AssertionError(f"no {marker!r} in {timeout}s:\n" + "".join(self.output[-40:]))

    def _run_logs(self) -> list[Path]:
        runs = self.layout.dagster_home / "history" / "runs"
        return [p for p in runs.glob("*.db") if p.name != "index.db"]

    def wait_for_step(self, step: str, timeout: float = 180) -> None:
        """Poll the run's Dagster event log until ``step`` has started.

        The console log of `pipelines.run` is at INFO level, where step starts do not show.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the run ended before {step}:\n{self.drain()[-3000:]}")
            logs = [p for p in self._run_logs() if p not in self.runs_before]
            if any(_step_started(log, step) for log in logs):
                return
            time.sleep(0.005)
        raise AssertionError(f"step {step} did not start in {timeout}s")

    def wait_for_path(self, folder: Path, pattern: str, timeout: float = 180) -> None:
        """Poll every millisecond until a file matching ``pattern`` exists in ``folder``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(folder.glob(pattern)):
                return
            assert self.process.poll() is None, f"the run ended before {pattern} appeared"
            time.sleep(0.001)
        raise AssertionError(f"no {pattern} in {folder} after {timeout}s")

    def drain(self) -> str:
        """Everything printed so far, without waiting."""
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                return "".join(self.output)
            if line is None:
                return "".join(self.output)
            self.output.append(line)

    def kill(self) -> None:
        """SIGKILL the whole process group, then make sure nothing of it survives."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
        raise AssertionError("a process of the killed run is still alive")


def _step_started(log: Path, step: str) -> bool:
    try:
        with contextlib.closing(
            sqlite3.connect(f"file:{log}?mode=ro", uri=True, timeout=0.1)
        ) as con:
            found = con.execute(
                "select 1 from event_logs where dagster_event_type = 'STEP_START' and step_key = ?",
                [step],
            ).fetchone()
    except sqlite3.OperationalError:  # created but not yet migrated, or locked for a moment
        return False
    return found is not None


@dataclass
class Baseline:
    """Clean runs of the old corpus and, on top of it, of the new one."""

    layout: Layout
    old: Path  # saved work database + serving copy after the old corpus
    old_state: dict
    new_state: dict
    old_articles: dict
    new_articles: dict
    seconds_per_run: float

    def old_warehouse_with_new_corpus(self, root: Path) -> Layout:
        """A fresh layout holding the old state, whose next run loads the new corpus."""
        layout = Layout(root, articles=self.layout.articles)
        layout.warehouse.parent.mkdir(parents=True)
        layout.restore(self.old)
        return layout


def baseline(tmp_path_factory) -> Baseline:
    """Built once per test session, however many xdist workers read it (the reader, kill,
    view and lake tests): the first worker to take the lock builds it in the session's
    folder, the others load what it saved. Nothing writes to it afterwards."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # each worker's folder is in the session's
        root = root.parent
    return _shared_baseline(root / "baseline")


@functools.cache
def _shared_baseline(root: Path) -> Baseline:
    saved = root.with_name(f"{root.name}.pickle")
    with FileLock(root.with_name(f"{root.name}.lock")):
        if saved.exists():
            return pickle.loads(saved.read_bytes())
        built = _build_baseline(root)
        saved.write_bytes(pickle.dumps(built))
        return built


def _build_baseline(root: Path) -> Baseline:
    layout = Layout(root)
    for relative in OLD_CORPUS:
        layout.add_seed(relative)
    started = time.monotonic()
    run_pipeline(layout)
    seconds = time.monotonic() - started
    old = layout.save("old")
    old_state, old_articles = warehouse_state(layout.warehouse), article_states(layout.warehouse)
    layout.make_new_corpus()
    run_pipeline(layout)
    return Baseline(
        layout=layout,
        old=old,
        old_state=old_state,
        new_state=warehouse_state(layout.warehouse),
        old_articles=old_articles,
        new_articles=article_states(layout.warehouse),
        seconds_per_run=seconds,
    )
